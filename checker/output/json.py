"""`--format json`: one document for the whole run, in the stable shape documented in README.md
("## JSON output"). Bump SHAPE_VERSION on any change that could break a consumer; adding keys is not one."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from checker import __version__
from checker.diagnostics import Severity
from checker.summary import BatchFacts, exit_code, severity_totals, status_counts

if TYPE_CHECKING:
    from checker.lint import FileResult

SHAPE_VERSION = 1


def file_entry(result: "FileResult") -> dict[str, Any]:
    info = result.report.data.get("report", {}) if result.report is not None else {}
    error = None
    if result.error is not None:
        error = {"type": type(result.error).__name__, "message": result.error.message}
    return {
        "path": result.path,
        "status": result.status,
        "form": result.report.form if result.report is not None else None,
        "template": info.get("template"),
        "year": info.get("year"),
        "title": info.get("title"),
        "organ": info.get("organ"),
        "error": error,
        "findings": [d.to_dict() for d in result.diagnostics],
    }


def summary(results: list["FileResult"], fail_on: Severity, facts: BatchFacts | None = None) -> dict[str, Any]:
    """The totals; the exit code is the run's (`facts`), or that of these results when none is given."""
    severities, statuses = severity_totals(results), status_counts(results)
    return {
        "files": len(results),
        "findings": sum(severities.values()),
        "errors": severities[Severity.ERROR],
        "warnings": severities[Severity.WARNING],
        "infos": severities[Severity.INFO],
        "statuses": dict(statuses),
        "fail_on": fail_on.label,
        "exit_code": facts.exit_code if facts is not None and facts.exit_code is not None else exit_code(results),
    }


def document(results: list["FileResult"], options: Any, facts: BatchFacts | None = None) -> dict[str, Any]:
    fail_on = getattr(options, "fail_on", Severity.ERROR)
    return {
        "version": SHAPE_VERSION,
        "tool": {"name": "report-lint", "version": __version__},
        "files": [file_entry(r) for r in results],
        "summary": summary(results, fail_on, facts),
    }


def render(results: list["FileResult"], options: Any, stream: TextIO, facts: BatchFacts | None = None,
           **_: Any) -> None:
    json.dump(document(results, options, facts), stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")
