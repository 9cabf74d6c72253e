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


# Columns that carry text from the report itself. A report is outside input: text that starts like a
# formula would run as one when Excel or WPS opens the file (CSV injection), so it is prefixed with '.
_REPORT_TEXT = {"report", "title", "message", "printed", "cell_name", "suggestion"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _text(value: Any, column: str = "") -> str:
    text = "" if value is None else str(value)
    if column in _REPORT_TEXT and text.startswith(_FORMULA_START) and not _number(text):
        return "'" + text
    return text


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
        writer.writerow([_text(row.get(column), column) for column in COLUMNS])
