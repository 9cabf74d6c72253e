"""PDF with a text layer (spec §6.3): pdfplumber's characters with their positions.

Ruled tables are read as grids from their visible rulings, so a label that wraps, a number set lower
than its label, a vertical label one character per line or a group label split over two rows all stay in
their own cells. Tables printed without rulings are rebuilt from the lines' words and their x-positions
(pdf_rows). The remaining lines become paragraphs: a paragraph starts at an indented line,
a heading, a change of font size or after a short line, and runs on across a page break. Page numbers
(`- 4 -`) are dropped. Locations are Where(page=N, line=L), L being the 1-based position of the printed
line on its page, counting every line (table lines included) top to bottom.

A PDF without any text (a scan) is a READ-NO-TEXT finding on an otherwise empty report; a PDF that
cannot be opened (corrupt, or encrypted with a password) is an InputError.
"""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass
from typing import Any, Iterator, Union

from checker import labels
from checker.builtin_findings import READ_NO_TEXT
from checker.diagnostics import Location
from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.errors import InputError
from checker.readers.printing import continue_table
from checker.readers.pdf_layout import (BodyLayout, Grid, TextLine, body_layout, find_grids, is_page_furniture,
                                        join_lines, text_lines)
from checker.readers.pdf_rows import RowReader

NO_TEXT_MESSAGE = "无文字层，可能是扫描件，请提供可复制文字的 PDF 或原始文档"


def sniff(head: bytes) -> bool:
    # The header may follow a few bytes of junk; readers accept it within the first 1024 bytes.
    return b"%PDF-" in head[:1024]


@dataclass
class _PlacedGrid:
    grid: Grid
    page: int
    line_tops: list[float]         # tops of every printed line of the page, for Where.line


_Item = Union[TextLine, _PlacedGrid]


def read(raw: bytes, name: str) -> Document:
    import pdfplumber

    with _pdfminer_quiet():
        try:
            pdf = pdfplumber.open(io.BytesIO(raw))
            pages = list(pdf.pages)
        except Exception as exc:  # pdfminer raises many types (PSEOF, TypeError, …) on a broken file
            raise InputError(name, f"不是可读取的 PDF（{_reason(exc)}）") from None
        try:
            try:
                for page in pages:
                    page.objects  # parse every content stream now, where a broken one is an input error
            except Exception as exc:
                raise InputError(name, f"不是可读取的 PDF（{_reason(exc)}）") from None
            # layout is ours: an exception here is a bug (an internal error), but the file is closed either way
            readable = sum(1 for page in pages for c in page.chars if _readable(c.get("text", "")))
            items = [item for number, page in enumerate(pages, start=1) for item in _page_items(page, number)]
        finally:
            _close(pdf)
    if readable == 0:
        problem = READ_NO_TEXT.diagnostic(NO_TEXT_MESSAGE, Location(file=name, page=1 if pages else None))
        return Document(blocks=[], problems=[problem])
    return Document(blocks=_blocks(items))


@contextlib.contextmanager
def _pdfminer_quiet() -> Iterator[None]:
    """pdfminer logs a warning for every glitch it works around (a missing FontBBox, a damaged stream);
    the user gets findings, or one line when the file cannot be read, not that log."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def _close(pdf: Any) -> None:
    """Close, ignoring a damaged page tree that pdfplumber walks again on closing: the bytes are in
    memory, so there is nothing left to release."""
    try:
        pdf.close()
    except Exception:
        pass


def _readable(text: str) -> bool:
    """A character the text layer really carries: not blank, and not `(cid:N)`, which is what pdfminer
    gives for a glyph whose font has no map back to Unicode (a layer no better than none)."""
    return bool(text.strip()) and not text.startswith("(cid:")


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    text = str(inner).strip()
    kind = type(inner).__name__
    if "Password" in kind or "Encrypt" in kind:
        return "encrypted; it needs a password — save an unprotected copy"
    return f"{kind}: {text}" if text else kind


def _page_items(page: Any, number: int) -> list[_Item]:
    """The page's ruled tables and its text lines, top to bottom."""
    all_tops = sorted(line["top"] for line in page.extract_text_lines())
    grids = find_grids(page)
    lines = text_lines(page, number, grids, all_tops)
    items: list[_Item] = [*lines, *(_PlacedGrid(g, number, all_tops) for g in grids)]
    items.sort(key=lambda item: item.top if isinstance(item, TextLine) else item.grid.top)
    return _drop_furniture(items)


def _drop_furniture(items: list[_Item]) -> list[_Item]:
    lines = [i for i in items if isinstance(i, TextLine)]
    edge = {id(lines[0]), id(lines[-1])} if lines else set()
    return [i for i in items if not (isinstance(i, TextLine) and is_page_furniture(i.text, id(i) in edge))]


def _where(page: int, tops: list[float], top: float) -> Where:
    return Where(page=page, line=sum(1 for t in tops if t <= top + 0.5) or 1)


def _blocks(items: list[_Item]) -> list[Paragraph | Table]:
    layout = body_layout([i for i in items if isinstance(i, TextLine)])
    unruled = RowReader(layout)
    blocks: list[Paragraph | Table] = []
    paragraph: list[TextLine] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(join_lines([line.text for line in paragraph]),
                                    Where(page=paragraph[0].page, line=paragraph[0].number)))
            paragraph.clear()

    for index, item in enumerate(items):
        if isinstance(item, _PlacedGrid):
            end_paragraph()
            unruled.flush(blocks)
            table = _table(item)
            if _continues_over_page_break(items, index) and isinstance(blocks[-1], Table):
                continue_table(blocks[-1], table)
            else:
                blocks.append(table)
            continue
        line = item
        if unruled.take(line, _is_heading(line, layout)):   # a row of a table printed without rulings
            end_paragraph()
            continue
        unruled.flush(blocks)
        if paragraph and _starts_paragraph(line, paragraph[-1], layout):
            end_paragraph()
        paragraph.append(line)
        if _is_heading(line, layout):
            end_paragraph()               # a heading is a paragraph of its own
    end_paragraph()
    unruled.flush(blocks)
    return blocks


def _continues_over_page_break(items: list[_Item], index: int) -> bool:
    """A grid first on its page right after a grid that was last on the page before: one table."""
    if index == 0:
        return False
    before, grid = items[index - 1], items[index]
    return isinstance(before, _PlacedGrid) and before.page == grid.page - 1


def _starts_paragraph(line: TextLine, previous: TextLine, layout: BodyLayout) -> bool:
    size = layout.size or line.size or 12.0
    if _is_heading(line, layout):
        return True
    if abs(line.size - previous.size) > 1.0:                       # title against body
        return True
    if line.x0 >= layout.left + 0.8 * size:                        # an indented first line, a centred title
        return True
    if line.page == previous.page and layout.pitch and line.top - previous.top > 1.4 * layout.pitch:
        return True                                                # space between paragraphs
    # In justified text every line but a paragraph's last reaches the right edge. (Ragged text gives
    # no such sign: a line may end early because its next word did not fit.)
    return layout.justified and previous.x1 < layout.right - size


def _is_heading(line: TextLine, layout: BodyLayout) -> bool:
    """A section heading stands on a line of its own; a body line that merely starts like one
    (`（一）主动公开情况。主要通过…`) runs on to the right margin."""
    size = layout.size or line.size or 12.0
    return line.x1 < layout.right - size and labels.section_heading(line.text) is not None


def _table(placed: _PlacedGrid) -> Table:
    rows = []
    for row in placed.grid.rows:
        rows.append([TextCell(cell.text, _where(placed.page, placed.line_tops, cell.top)) for cell in row])
    return Table(rows=rows, where=_where(placed.page, placed.line_tops, placed.grid.top))


FORM_SPEC = FormSpec("pdf", (".pdf",), "page", read, sniff=sniff, content="binary", summary="PDF with a text layer")
