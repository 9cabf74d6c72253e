"""JSON Lines: one finding per line, for streaming into jq, a log pipeline or a spreadsheet import.

Each line is a Diagnostic's `to_dict()` plus the report path and status. An unreadable report is one line
with `"rule": null` and its error, so a pipeline counting lines per report never loses a report.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from checker.lint import FileResult


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    sink = Sink(options, stream)
    for result in results:
        sink.add(result)


class Sink:
    """Lines are written as each report's results arrive."""

    def __init__(self, options: Any, stream: TextIO, **_: Any):
        self.stream = stream

    def add(self, result: "FileResult") -> None:
        if result.error is not None:
            record = {"report": result.path, "status": result.status, "rule": None, "severity": "error",
                      "message": result.error.message}
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        for diagnostic in result.diagnostics:
            record = {"report": result.path, "status": result.status, **diagnostic.to_dict()}
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self, counts: Any) -> None:
        pass
