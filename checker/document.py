"""What a reader hands on: the report as blocks of paragraphs and tables of text cells, each with where it
was printed. Readers know the form (TAB lines, <td>, w:tc, PDF words); the assembler knows the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from checker.diagnostics import Diagnostic


@dataclass(frozen=True)
class Where:
    """The best location a form allows: line/column (text forms, HTML), page (PDF), table/row/cell (DOCX)."""

    line: int | None = None
    column: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def source_entry(self, text: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"line": self.line, "column": self.column, "page": self.page, "text": text}
        for key in ("table", "row", "cell"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = value
        return entry


@dataclass
class TextCell:
    text: str
    where: Where = field(default_factory=Where)


@dataclass
class Paragraph:
    text: str
    where: Where = field(default_factory=Where)


@dataclass
class Table:
    """Rows of cells as printed: a merged cell appears once, in the first row and column it covers.

    `rows` keep empty cells (vertical-merge continuations, blank values) as TextCell("")."""

    rows: list[list[TextCell]]
    where: Where = field(default_factory=Where)


Block = Union[Paragraph, Table]


@dataclass
class Document:
    blocks: list[Block]
    published_on: str | None = None           # ISO date from page metadata (HTML 发布时间)
    problems: list[Diagnostic] = field(default_factory=list)
