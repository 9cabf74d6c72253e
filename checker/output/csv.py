"""CSV, one row per finding, for the supervisor who opens it in Excel or WPS.

UTF-8 with a byte-order mark: without it Excel on a Chinese Windows reads the file as GBK and every
label turns to mojibake. Each row names the cell in Chinese (表三「（七）总计」行「自然人」列) next to its
JSON Pointer, and shows the cell as printed. An unreadable report is one row with status `unreadable`.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from checker.model import describe_pointer

if TYPE_CHECKING:
    from checker.lint import FileResult

BOM = "\ufeff"
COLUMNS = ("report", "status", "rule", "severity", "title", "message", "line", "column", "page",
           "cell", "cell_name", "printed", "expected", "actual", "suspect", "suggestion", "cells")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def rows(results: list["FileResult"]):
    for result in results:
        if result.error is not None:
            yield {"report": result.path, "status": result.status, "severity": "error",
                   "message": result.error.message}
        for diagnostic in result.diagnostics:
            where = diagnostic.location
            main_cell = diagnostic.suspect or (diagnostic.cells[0] if diagnostic.cells else None)
            yield {
                "report": result.path, "status": result.status, "rule": diagnostic.rule,
                "severity": diagnostic.severity.label, "title": diagnostic.title, "message": diagnostic.message,
                "line": where.line, "column": where.column, "page": where.page,
                "cell": main_cell, "cell_name": describe_pointer(main_cell) if main_cell else None,
                "printed": where.text, "expected": diagnostic.expected, "actual": diagnostic.actual,
                "suspect": diagnostic.suspect, "suggestion": diagnostic.suggestion,
                "cells": " ".join(diagnostic.cells),
            }


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    stream.write(BOM)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(results):
        writer.writerow([_text(row.get(column)) for column in COLUMNS])
