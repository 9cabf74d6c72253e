"""The finding record that flows from checks to renderers.

A Diagnostic describes itself: which rule, how serious, a Chinese message with the numbers, where the
clerk finds the printed cell, every cell involved (JSON Pointers into the canonical model), and, when
the engine can tell, the one cell most likely wrong with the value that would make the relation hold.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def chinese(self) -> str:
        return {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}[self]


@dataclass(frozen=True)
class Location:
    """Where something was printed: line/column for text forms, page for PDF, table/row/cell for DOCX."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    page: int | None = None
    text: str | None = None  # the printed text of the cell, as it stood in the source
    table: int | None = None  # DOCX: table, row and cell (1-based), where a Word file has no lines
    row: int | None = None
    cell: int | None = None

    @classmethod
    def from_source(cls, file: str | None, entry: dict | None) -> "Location":
        entry = entry or {}
        return cls(file=file, line=entry.get("line"), column=entry.get("column"),
                   page=entry.get("page"), text=entry.get("text"),
                   table=entry.get("table"), row=entry.get("row"), cell=entry.get("cell"))

    def to_dict(self) -> dict[str, Any]:
        data = {"file": self.file, "line": self.line, "column": self.column,
                "page": self.page, "text": self.text}
        if self.table is not None:
            data.update(table=self.table, row=self.row, cell=self.cell)
        return data

    def describe(self) -> str:
        """`file:line:column`, `file 第N页 第M行`, `file 表T 第R行 第C格`, or just the file."""
        parts = self.file or ""
        if self.page is not None:
            parts += f" 第{self.page}页"
            if self.line is not None:
                parts += f" 第{self.line}行"
        elif self.table is not None:
            parts += f" 第{self.table}个表格 第{self.row}行 第{self.cell}格"
        elif self.line is not None:
            parts += f":{self.line}"
            if self.column is not None:
                parts += f":{self.column}"
        return parts


@dataclass
class Diagnostic:
    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    cells: list[str] = field(default_factory=list)      # JSON Pointers of every cell involved
    suspect: str | None = None                           # the cell most likely wrong, or None
    expected: Any = None                                 # the value the relation asks for
    actual: Any = None                                   # the value printed / computed
    title: str | None = None                             # the rule's Chinese title
    suggestion: str | None = None                        # e.g. "改为 5 可使本行与本列同时平衡"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "title": self.title,
            "message": self.message,
            "location": self.location.to_dict(),
            "cells": list(self.cells),
            "suspect": self.suspect,
            "expected": self.expected,
            "actual": self.actual,
            "suggestion": self.suggestion,
        }

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file or "", loc.page or 0, loc.line or 0, loc.column or 0, -self.severity, self.rule)
