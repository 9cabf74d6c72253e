"""PDF with a text layer (spec §6.3): pdfplumber's characters with their positions.

Ruled tables are read as grids from their visible rulings, so a label that wraps, a number set lower
than its label, a vertical label one character per line or a group label split over two rows all stay in
their own cells. Tables printed without rulings are rebuilt from the lines' words and their x-positions
(pdf_rows). The remaining lines become paragraphs: a paragraph starts at an indented line,
a heading, a change of font size or after a short line, and runs on across a page break. Page numbers
(`- 4 -`) are dropped. Locations are Where(page=N, line=L), L being the 1-based position of the printed
line on its page, counting every line (table lines included) top to bottom.

Pages without a text layer (a scan) are read by OCR (readers/ocr.py) when the `ocr` extra is installed
and `--ocr` allows it; their lines and ruled tables join the text pages' before layout. A PDF with no text
that is not OCR'd, or in which OCR finds none, is a READ-NO-TEXT finding on an otherwise empty report; a PDF
that cannot be opened (corrupt, or encrypted with a password) is an InputError. A page with far more content
than any report's (a damaged file) is skipped with a READ-PAGE finding naming it (limits below).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Union

from checker import labels
from checker.builtin_findings import READ_PAGE
from checker.diagnostics import Location
from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.errors import InputError

# The registry imports this module to sniff every file, a text report's too: the layout, row, OCR and
# pdfminer helpers are imported by the functions that use them, when a PDF or an image is read.
if TYPE_CHECKING:
    from checker.readers.ocr_page import PageRead   # the OCR page reader is loaded only to OCR a page
    from checker.readers.pdf_layout import BodyLayout, Grid, TextLine

    _Item = Union[TextLine, "_PlacedGrid"]

NO_TEXT_MESSAGE = "无文字层，可能是扫描件，请提供可复制文字的 PDF 或原始文档"


def sniff(head: bytes) -> bool:
    # The header may follow a few bytes of junk; readers accept it within the first 1024 bytes.
    return b"%PDF-" in head[:1024]


@dataclass
class _PlacedGrid:
    grid: Grid
    page: int
    line_tops: list[float]         # tops of every printed line of the page, for Where.line


def read(raw: bytes, name: str) -> Document:
    import pdfplumber

    from checker.readers.ocr import no_text_finding, ocr_mode, pdf_pages, unavailable_message
    from checker.readers.pdf_miner import install as linear_pdfminer

    linear_pdfminer()
    with _pdfminer_quiet():
        try:
            pdf = pdfplumber.open(io.BytesIO(raw))
            pages = list(pdf.pages)
        except Exception as exc:  # pdfminer raises many types (PSEOF, TypeError, …) on a broken file
            raise InputError(name, f"不是可读取的 PDF（{_reason(exc)}）") from None
        try:
            skipped: dict[int, str] = {}      # pages too big to lay out, and why
            try:
                for number, page in enumerate(pages, start=1):
                    why = _too_much_content(page, number)
                    if why is None:
                        page.objects  # parse every content stream now, where a broken one is an input error
                        why = _too_many_chars(page, number)
                    if why is not None:
                        skipped[number] = why
            except Exception as exc:
                raise InputError(name, f"不是可读取的 PDF（{_reason(exc)}）") from None
            # layout is ours: an exception here is a bug (an internal error), but the file is closed either way
            readable = [0 if number in skipped else sum(1 for c in page.chars if _readable(c.get("text", "")))
                        for number, page in enumerate(pages, start=1)]
            to_ocr = _pages_to_ocr(readable) - set(skipped)
            by_page = {number: _page_items(page, number) for number, page in enumerate(pages, start=1)
                       if number not in to_ocr and number not in skipped}
        finally:
            _close(pdf)
    problems = [READ_PAGE.diagnostic(why, Location(file=name, page=number)) for number, why in skipped.items()]
    if not sum(readable) and not to_ocr:
        if skipped:
            return Document(blocks=[], problems=problems)
        why = NO_TEXT_MESSAGE if ocr_mode() == "never" or not pages else unavailable_message("无文字层")
        return Document(blocks=[], problems=[no_text_finding(name, len(pages), why)])
    reads = list(pdf_pages(raw, name, sorted(to_ocr))) if to_ocr else []   # never load the OCR stack for nothing
    if not sum(readable) and not any(read.has_text for _, read in reads):
        return Document(blocks=[], problems=[*problems, no_text_finding(name, len(pages), NO_TEXT_MESSAGE)])
    return Document(blocks=blocks_of_pages([by_page.get(n, []) for n in range(1, len(pages) + 1)], reads),
                    problems=problems)


# A page of a government report holds a few thousand characters in well under 100 KB of content (the
# published reports in tests/data: at most 1,246 characters and 41 KB); laying out one that holds far more
# (a damaged file) takes pdfminer and pdfplumber seconds per megabyte, so it is skipped with READ-PAGE.
PAGE_MB_VARIABLE, PAGE_MB = "REPORT_LINT_PDF_PAGE_MB", 4.0
PAGE_CHARS_VARIABLE, PAGE_CHARS = "REPORT_LINT_PDF_PAGE_CHARS", 20_000


def _too_much_content(page: Any, number: int) -> str | None:
    from checker.readers.pdf_miner import env_limit
    from pdfminer.pdftypes import stream_value

    size = sum(len(stream_value(stream).get_data()) for stream in page.page_obj.contents)   # decoded once
    limit = env_limit(PAGE_MB_VARIABLE, PAGE_MB)
    if size <= limit * 1048576:
        return None
    return (f"第{number}页内容过于复杂：解压后的页面内容 {size / 1048576:.1f} MB，超过每页 {limit:g} MB 的上限，"
            f"未读取这一页（环境变量 {PAGE_MB_VARIABLE} 可提高上限）")


def _too_many_chars(page: Any, number: int) -> str | None:
    from checker.readers.pdf_miner import env_limit

    count, limit = len(page.chars), int(env_limit(PAGE_CHARS_VARIABLE, PAGE_CHARS))
    if count <= limit:
        return None
    return (f"第{number}页内容过于复杂：{count} 个字符，超过每页 {limit} 个的上限，"
            f"未读取这一页（环境变量 {PAGE_CHARS_VARIABLE} 可提高上限）")


def ocr_available() -> bool:
    """Whether the `ocr` extra is installed (checker.readers.ocr_engine, loaded when a PDF or image is read)."""
    from checker.readers.ocr_engine import available

    return available()


def _pages_to_ocr(readable: list[int]) -> set[int]:
    """`auto`: the pages without a text layer, when the OCR extra is installed; `always`: every page."""
    from checker.readers.ocr import ocr_mode

    mode = ocr_mode()
    pages = {n for n, count in enumerate(readable, start=1) if mode == "always" or count == 0}
    return pages if pages and mode != "never" and ocr_available() else set()


def blocks_of_pages(text_pages: list[list[_Item]], reads: list[tuple[int, PageRead]]) -> list[Paragraph | Table]:
    """Lay out the pages in order: those read from the text layer (`text_pages[n-1]`, empty for a page
    read by OCR) and those read by OCR."""
    from checker.readers.pdf_layout import TextLine

    by_page = dict(enumerate(text_pages, start=1))
    for number, read in reads:
        items: list[_Item] = [*read.lines, *(_PlacedGrid(g, number, read.line_tops) for g in read.grids)]
        items.sort(key=lambda item: item.top if isinstance(item, TextLine) else item.grid.top)
        by_page[number] = _drop_furniture(items)
    return _blocks([item for number in sorted(by_page) for item in by_page[number]])


@contextlib.contextmanager
def _pdfminer_quiet() -> Iterator[None]:
    """pdfminer logs a warning for every glitch it works around (a missing FontBBox, a damaged stream);
    the user gets findings, or one line when the file cannot be read, not that log."""
    import logging   # here: the registry loads this module to sniff every file, text reports included

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
    from checker.readers.pdf_miner import StreamTooLarge

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    text = str(inner).strip()
    kind = type(inner).__name__
    if isinstance(inner, StreamTooLarge):
        return text
    if "Password" in kind or "Encrypt" in kind:
        return "文件已加密，需要密码才能打开；请另存一份未加密的副本"
    return f"{kind}: {text}" if text else kind


def _page_items(page: Any, number: int) -> list[_Item]:
    """The page's ruled tables and its text lines, top to bottom."""
    from checker.readers.pdf_layout import TextLine, find_grids, text_lines

    all_tops = sorted(line["top"] for line in page.extract_text_lines())
    grids = find_grids(page)
    lines = text_lines(page, number, grids, all_tops)
    items: list[_Item] = [*lines, *(_PlacedGrid(g, number, all_tops) for g in grids)]
    items.sort(key=lambda item: item.top if isinstance(item, TextLine) else item.grid.top)
    return _drop_furniture(items)


def _drop_furniture(items: list[_Item]) -> list[_Item]:
    from checker.readers.pdf_layout import TextLine, is_page_furniture

    lines = [i for i in items if isinstance(i, TextLine)]
    edge = {id(lines[0]), id(lines[-1])} if lines else set()
    return [i for i in items if not (isinstance(i, TextLine) and is_page_furniture(i.text, id(i) in edge))]


def _where(page: int, tops: list[float], top: float) -> Where:
    return Where(page=page, line=sum(1 for t in tops if t <= top + 0.5) or 1)


def _blocks(items: list[_Item]) -> list[Paragraph | Table]:
    from checker.readers.pdf_layout import TextLine, body_layout, join_lines
    from checker.readers.pdf_rows import RowReader
    from checker.readers.printing import continue_table

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
        rows.append([TextCell(cell.text, cell.where or _where(placed.page, placed.line_tops, cell.top),
                              doubt=cell.doubt) for cell in row])
    return Table(rows=rows, where=_where(placed.page, placed.line_tops, placed.grid.top))


FORM_SPEC = FormSpec("pdf", (".pdf",), "page", read, sniff=sniff, content="binary", summary="PDF with a text layer",
                     libraries=("pdfplumber",))


# ── page images: laid out as PDF pages are, every page read by OCR ─────────────────────────────────
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff_image(head: bytes) -> bool:
    return head.startswith(_IMAGE_MAGIC)


def read_image(raw: bytes, name: str) -> Document:
    """Images of report pages (a multi-page TIFF is several pages). Without the `ocr` extra, or with
    `--ocr never`, one READ-NO-TEXT finding that says how to have the file read."""
    from checker.readers.ocr import image_pages, no_text_finding, ocr_mode, unavailable_message

    if ocr_mode() == "never":
        return Document(blocks=[], problems=[no_text_finding(
            name, 1, "图片没有文字层；已按 --ocr never 跳过文字识别，未读取")])
    if not ocr_available():
        return Document(blocks=[], problems=[no_text_finding(name, 1, unavailable_message("图片没有文字层"))])
    reads = list(image_pages(raw, name))
    if not any(read.has_text for _, read in reads):
        return Document(blocks=[], problems=[no_text_finding(name, len(reads), "图片中未识别出文字")])
    return Document(blocks=blocks_of_pages([], reads))


IMAGE_SPEC = FormSpec("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), "page", read_image, sniff=sniff_image,
                      content="binary", summary="images of report pages, read by OCR (the ocr extra)",
                      in_folders=False)
