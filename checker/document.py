"""What a reader hands on: the report as blocks of paragraphs and tables of text cells, each with where it
was printed. Readers know the form (TAB lines, <td>, w:tc, PDF words); the assembler knows the templates.

`FormSpec` is the one declaration of a form: its name, suffixes, content signature, kind of place and
reader. The registry (checker/readers/__init__.py) collects them; the CLI, batch discovery, the
pre-commit hook's file pattern and the README take their lists from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, Union

from checker.diagnostics import Diagnostic


@dataclass(frozen=True, init=False)
class Where:
    """The best location a form allows, in the kind of place its FormSpec declares: a line (and column),
    a page (and its line), or a table/row/cell. Unused coordinates stay None. Text read by OCR adds its
    box on the page (x, y, w, h: PDF points for a PDF page, pixels for an image) and the reading's
    confidence.

    Readers make one per cell, so the constructor is written out: it keeps only the coordinates given
    (an unused one reads the class default, None) instead of the frozen dataclass's eight guarded
    assignments, a third of the cost of reading a text report."""

    line: int | None = None
    column: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None

    def __init__(self, line: int | None = None, column: int | None = None, page: int | None = None,
                 table: int | None = None, row: int | None = None, cell: int | None = None,
                 box: tuple[float, float, float, float] | None = None, confidence: float | None = None) -> None:
        given = self.__dict__      # frozen: no attribute is set after this
        if line is not None:
            given["line"] = line
        if column is not None:
            given["column"] = column
        if page is not None:
            given["page"] = page
        if table is None and row is None and cell is None and box is None:
            if confidence is not None:
                given["confidence"] = confidence
            return
        given["placed"] = True       # a source entry names more than line, column and page
        if table is not None:
            given["table"] = table
        if row is not None:
            given["row"] = row
        if cell is not None:
            given["cell"] = cell
        if box is not None:
            given["box"] = box
        if confidence is not None:
            given["confidence"] = confidence

    # Not fields: `placed`, True where a table, row, cell or box is given (source_entry then names them);
    # `entry`, the source entry without its text of a place made once and shared by many cells (kept()).
    # The assembler makes the entries of such places itself, for some two hundred cells a report.
    placed = False
    entry = None    # type: dict[str, Any] | None  (no annotation: not a field)

    def kept(self) -> Where:
        """This place, keeping its source entry for a copy per text: a place shared by the cells of
        many reports (a text line's, an HTML line's)."""
        if not self.placed:
            self.__dict__["entry"] = {"line": self.line, "column": self.column, "page": self.page, "text": None}
        return self

    def source_entry(self, text: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"line": self.line, "column": self.column, "page": self.page, "text": text}
        if not self.placed:
            return entry
        if self.table is not None:
            entry["table"] = self.table
        if self.row is not None:
            entry["row"] = self.row
        if self.cell is not None:
            entry["cell"] = self.cell
        if self.box is not None:
            entry["box"] = list(self.box)
            entry["confidence"] = self.confidence
        return entry


_AT_LINE: dict[int, Where] = {}


def at_line(line: int | None) -> Where:
    """Where(line=line), one for each line number: a Where is immutable, and a page's hundreds of cells and
    paragraphs (and every report of a batch) are printed on the same few hundred lines."""
    where = _AT_LINE.get(line)      # type: ignore[arg-type]
    if where is None:
        where = Where(line)
        if line is None or 0 < line <= 4096:    # a long page's far lines are not kept
            _AT_LINE[line] = where.kept()
    return where


@dataclass(slots=True)
class TextCell:
    """One printed cell. Slotted: a text report makes some three hundred and forty of them, and a slotted
    cell is made in two thirds of the time and a third of the memory of one with a __dict__."""

    text: str
    where: Where = field(default_factory=Where)
    reading: str | None = None     # how the text was read when the page did not print it as a cell
    doubt: str | None = None       # OCR could not read the cell surely (why, in Chinese): left blank


@dataclass(slots=True)
class Paragraph:
    """One printed paragraph. Slotted, as TextCell: made in less time and memory."""

    text: str
    where: Where = field(default_factory=Where)


@dataclass
class Table:
    """Rows of cells as printed: a merged cell appears once, in the first row and column it covers.

    `rows` keep empty cells (vertical-merge continuations, blank values) as TextCell("")."""

    rows: list[list[TextCell]]
    where: Where = field(default_factory=Where)


class PrintedTable(Table):
    """A Table whose rows a reader hands on as printed: `printed` holds each row as its cells' texts and
    their places (two lists, side by side), and the TextCells are made when `rows` is first read. The
    assembler reads `printed` and makes the cells of the few rows it reads in full; a text report's three
    hundred and forty cells were a third of the cost of reading it. Once `rows` is read (or set) it is the
    table, and `printed` is None."""

    def __init__(self, where: Where, printed: list[tuple[list[str], list[Where]]] | None = None) -> None:
        self.where = where
        self.printed: list[tuple[list[str], list[Where]]] | None = [] if printed is None else printed
        self._rows: list[list[TextCell]] | None = None

    @property      # type: ignore[override]
    def rows(self) -> list[list[TextCell]]:
        if self._rows is None:
            self._rows = [list(map(TextCell, texts, places)) for texts, places in self.printed or ()]
            self.printed = None
        return self._rows

    @rows.setter
    def rows(self, rows: list[list[TextCell]]) -> None:
        self._rows = rows
        self.printed = None


Block = Union[Paragraph, Table]


@dataclass
class Document:
    """A report as read. Readers of printed forms fill `blocks`; the reader of the canonical model (JSON,
    YAML) has no blocks to hand on and gives the parsed `model` and its `source_map` instead. Either way
    only the assembler builds the Report."""

    blocks: list[Block]
    published_on: str | None = None           # ISO date from page metadata (HTML 发布时间, an archiver's header)
    source: str | None = None                 # where the page was found (an archiver's 原文链接)
    problems: list[Diagnostic] = field(default_factory=list)
    lines: Sequence[str] | None = None        # the decoded text's lines, for forms that have them
    model: dict[str, Any] | None = None       # the canonical model, as a data file holds it
    source_map: dict[str, dict[str, Any]] | None = None


# Kinds of place a form's locations use (FormSpec.place).
PLACES = ("line", "page", "cell")
CONTENTS = ("text", "data", "binary")


def _no_signature(head: bytes) -> bool:
    return False


@dataclass(frozen=True)
class FormSpec:
    """One form report-lint reads, declared once by its reader module (as `FORM_SPEC`, or several in
    `FORM_SPECS`).

    - `name`: what `--form` takes and what Report.form says.
    - `suffixes`: file suffixes of the form; batch discovery and the pre-commit hook's pattern use them.
    - `place`: the kind of place its locations name: "line" (line and column), "page" (page and line),
      "cell" (table, row and cell).
    - `read(raw, name) -> Document`: bytes in, Document out; nothing else.
    - `sniff(head) -> bool`: a content signature in the first 8 KiB that decides the form whatever the
      file is called (`%PDF-`, a zip holding word/document.xml). Content first, then suffix.
    - `suffix_decides`: False for a suffix that says only "some text" (.txt): such a file, and any text
      without a signature or a known suffix, goes to the registry's text fallbacks.
    - `looks_like(text) -> bool`: for the text fallbacks, whether decoded text without a signature is in
      this form (TAB cells, a pipe table, markup); the registry tries them in its order.
    - `content`: "text" (read as decoded text), "data" (the canonical model) or "binary" (a container
      or page description): batch discovery treats a folder's text and data files with care.
    - `summary`: a few words for the README and messages.
    - `in_folders`: False for a form picked out of folders and globs only when named (page images: a
      folder of reports holds logos and screenshots too, and OCR is slow).
    - `libraries`: the heavy modules `read` imports when first called (lxml, python-docx, PyYAML,
      pdfplumber). A batch imports those of its forms once, before its worker processes start
      (checker/workers.py), so that every worker starts alike and none spends its time importing them.
    """

    name: str
    suffixes: tuple[str, ...]
    place: str
    read: Callable[[bytes, str], Document]
    sniff: Callable[[bytes], bool] = _no_signature
    suffix_decides: bool = True
    looks_like: Callable[[str], bool] | None = None
    content: str = "text"
    summary: str = ""
    in_folders: bool = True
    libraries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.place not in PLACES:
            raise ValueError(f"form {self.name!r}: place must be one of {PLACES}, not {self.place!r}")
        if self.content not in CONTENTS:
            raise ValueError(f"form {self.name!r}: content must be one of {CONTENTS}, not {self.content!r}")
        if any(not s.startswith(".") or s != s.lower() for s in self.suffixes):
            raise ValueError(f"form {self.name!r}: suffixes are lower case and start with a dot")
