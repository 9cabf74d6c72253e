"""HTML pages (spec §6.1): the official rowspan/colspan skeleton, simplified tables with empty placeholder
cells, and Word-pasted markup (MsoNormal, labels split over <span>s, &nbsp;/U+3000/<o:p> in blank cells).

Tables are handed on as printed: each <td> once, in the row it starts in, never expanded onto a grid. That
is what the assembler expects, and it is what keeps the misaligned 2019 table 二 readable (its values are
taken by position among the value cells, not by grid column). The narrative comes from the block
elements of the page's main content; menus, footers and page-info lines around it are dropped.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from checker import labels
from checker.document import Document, FormSpec, Paragraph, Table, TextCell, at_line
from checker.errors import InputError
from checker.lazy_re import lazy
from checker.readers.decoding import Lines
from checker.readers.html_page import clean_text, decode_page, looks_like, published_date, serialiser, sniff
from checker.readers.html_page import text_content as _text_content
from checker.readers.printing import continue_table, drop_repeated_headers, header_run, repeats_header
from checker.values import strip_space

_SKIPPED = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
            "button", "input", "textarea", "head", "title", "nav", "aside", "footer", "map", "audio", "video"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
           "article", "main", "header", "blockquote", "pre", "center", "address", "figure", "figcaption",
           "form", "fieldset", "hr", "body", "html", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"}
# class/id words of page chrome (menus, breadcrumbs, footers, share bars) on government portals
_CHROME_WORDS = {"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "footer", "foot",
                 "copyright", "sidebar", "share", "toolbar", "topbar", "bottom", "dh", "daohang", "weizhi"}
_CHROME_SPLIT = lazy(r"[\s_\-]+")

# Words that only a report table holds: an innermost <table> with one of them is a report table.
_REPORT_TABLE_WORDS = ("第二十条", "申请人情况", "勾稽关系", "行政复议", "本年度办理结果", "信息内容")


def _has_report_words(text: str, normalised: Callable[[], str] | None = None) -> bool:
    """Whether labels.normalise(text) holds one of _REPORT_TABLE_WORDS (`normalised`: how to get that text).
    Most texts that hold one show it with only whitespace taken out, and then normalising (NFKC of a
    whole table, the costly part) is not needed: it keeps the words' ideographs as they are and takes
    out the same whitespace, and what else it takes out or unifies is none of theirs."""
    spaced = strip_space(text)
    if any(w in spaced for w in _REPORT_TABLE_WORDS):
        return True
    full = normalised() if normalised is not None else labels.normalise(text)
    return any(w in full for w in _REPORT_TABLE_WORDS)


_TITLE = lazy(r"(?:19|20)\d{2}年.{0,40}(?:年度报告|年报)")

# Lines of page furniture inside the article box: publication info, font-size and print/close links.
_PAGE_INFO = lazy(r"(发布时间|发布日期|发表时间|浏览次数|阅读次数|访问次数|点击数|信息来源[:：]|来源[:：]|"
                   r"字号[:：]|【打印(本页)?】|打印本页|【关闭(窗口|本页)?】|关闭窗口|返回顶部|分享到)")

_FOOTER = lazy(r"主办单位|承办单位|主办[:：]|承办[:：]|版权所有|Copyright|©|ICP备|ICP证|网站标识码|公网安备|技术支持|"
                r"网站地图|联系我们|建议使用.{0,20}浏览器|分辨率", re.I)

def read(raw: bytes, name: str) -> Document:
    text = decode_page(raw, name)
    document = parse_page(text, name)
    document.lines = Lines(text)     # split when a code frame asks
    return document


def parse_page(text: str, name: str) -> Document:
    """The report's blocks from a decoded page: main content only, split tables joined."""
    from lxml import etree

    # lxml's own HTML parser, not lxml.html's: that one looks up a Python element class for every element
    # the walk touches, which cost more than the parse. Nothing here needs lxml.html's element methods.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)
    try:  # bytes with an explicit encoding: lxml refuses str that carries an <?xml encoding=…?> declaration
        root = etree.fromstring(text.encode("utf-8"), parser)
        if root is None:
            raise etree.ParserError("Document is empty")   # what lxml.html.document_fromstring says
    except (etree.ParserError, ValueError) as exc:
        raise InputError(name, f"不是可读取的 HTML 网页（{exc}）") from None
    body = root.find("body")
    if body is None:
        raise InputError(name, "是没有 <body> 的 HTML 网页，其中没有报告")
    texts = _PageTexts()
    blocks = _trim_chrome(_merge_continued_tables(_Walker(texts).blocks(_main_content(body, texts))))
    if not any(isinstance(b, Table) for b in blocks) and not any(
            isinstance(b, Paragraph) and _TITLE.search(labels.normalise(b.text)) for b in blocks):
        raise InputError(name, "是既没有报告标题也没有表格的 HTML 网页，"
                               "不是政府信息公开工作年度报告")
    return Document(blocks=blocks, published_on=published_date(root))


# ── main content ───────────────────────────────────────────────────────────────────────────────────
def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _holds_table(el: Any) -> bool:
    """Whether a <table> is inside the element (el.find(".//table"), without ElementPath's set-up)."""
    for _ in el.iterdescendants("table"):
        return True
    return False


_CHROME_KNOWN: dict[str, bool] = {}    # class/id strings recur on every element of a page and across pages


def _is_chrome(el: Any) -> bool:
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    key = f"{cls or ''} {ident or ''}"
    known = _CHROME_KNOWN.get(key)
    if known is None:
        if len(_CHROME_KNOWN) >= 4096:
            _CHROME_KNOWN.clear()
        known = _CHROME_KNOWN[key] = bool(set(_CHROME_SPLIT.split(key.lower())) & _CHROME_WORDS)
    return known


def _innermost_tables(el: Any) -> list[Any]:
    return [t for t in el.iter("table") if not _holds_table(t)]


# What _title_block looks at (lxml names HTML elements in lower case): not a Word page's many <span>s
_TITLE_TAGS = (*sorted(_BLOCKS - {"body", "html"}), "table")


class _PageTexts:
    """Elements' normalised text, kept while one page is read: the main-content search and the walk both
    ask whether a table holds the report, and normalising a whole table's text is not cheap."""

    def __init__(self) -> None:
        self.known: dict[Any, str] = {}     # holding the element keeps lxml's proxy, and so the key, alive
        self.reports: dict[Any, bool] = {}

    def holds_report_words(self, el: Any) -> bool:
        """_has_report_words of the element's text."""
        found = self.reports.get(el)
        if found is None:
            raw = _text_content(el)
            found = self.reports[el] = _has_report_words(raw, lambda: self.normalised(el, raw))
        return found

    def normalised(self, el: Any, raw: str | None = None) -> str:
        """`raw`: the element's _text_content, when the caller has it already."""
        text = self.known.get(el)
        if text is None:
            text = self.known[el] = labels.normalise(_text_content(el) if raw is None else raw)
        return text


def _title_block(body: Any, before: Any | None, texts: _PageTexts) -> Any | None:
    """The block printing the report's title, nearest before the first report table (or anywhere)."""
    found = None
    for el in body.iter(*_TITLE_TAGS):     # the blocks, and the tables `before` is one of
        if el is before:
            break
        if el.tag != "table" and not _holds_table(el):
            raw = _text_content(el)
            if "。" in raw:     # normalising keeps a 。 (NFKC leaves U+3002 as it is): a sentence, not a title
                continue
            text = texts.normalised(el, raw)
            if len(text) <= 80 and _TITLE.search(text) and "。" not in text:
                found = el
                if before is None:
                    break
    return found


def _common_ancestor(elements: list[Any]) -> Any:
    chains = [list(reversed([e, *e.iterancestors()])) for e in elements]
    common = None
    for level in zip(*chains):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def _main_content(body: Any, texts: _PageTexts) -> Any:
    """The smallest element holding both the report's title and its tables; the body when unsure.

    Government pages wrap a report in menus, breadcrumbs, related links and a footer; the assembler finds
    the title among the first paragraphs and the signature among the last, so the wrapper must go."""
    tables = [t for t in _innermost_tables(body)
              if texts.holds_report_words(t)]
    title = _title_block(body, tables[0] if tables else None, texts)
    anchors = [*([title] if title is not None else []), *tables]
    if not anchors:
        return body
    root = _common_ancestor(anchors) if len(anchors) > 1 else anchors[0].getparent()
    return root if root is not None else body


class _Walker:
    """Turns an element tree into paragraphs (text of block elements) and tables (innermost <table>s)."""

    def __init__(self, texts: _PageTexts) -> None:
        self.texts = texts
        self.out: list[Paragraph | Table] = []
        self.pieces: list[str] = []
        self.line: int | None = None

    def blocks(self, root: Any) -> list[Paragraph | Table]:
        self.visit(root)
        self.flush()
        return self.out

    def flush(self) -> None:
        if not self.pieces:
            return
        text = clean_text("".join(self.pieces))
        if text and not _is_page_info(text):
            self.out.append(Paragraph(text, at_line(self.line)))
        self.pieces, self.line = [], None

    def visit(self, el: Any) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        tag = tag.lower()
        if tag in _SKIPPED or (_is_chrome(el) and not _holds_report(el, self.texts)):
            return
        if tag == "table" and not _holds_table(el) and _is_data_table(el, self.texts):
            self.flush()
            self.out.append(_table(el))
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS or tag == "table"
        if block:
            self.flush()
        # a piece's line is asked for only when it is the paragraph's first piece that is not blank
        text = el.text
        if text:
            if self.line is None and text.strip():
                self.line = el.sourceline
            self.pieces.append(text)
        for child in el:
            self.visit(child)
            text = child.tail
            if text:
                if self.line is None and text.strip():
                    self.line = child.sourceline
                self.pieces.append(text)
        if block:
            self.flush()


def _is_data_table(table: Any, texts: _PageTexts) -> bool:
    """A report table, or any table with a row of three cells or more. Old portals lay pages out with
    tables too; a one- or two-column layout table (a title bar, a date line) is read as paragraphs."""
    if texts.holds_report_words(table):
        return True
    return any(len([c for c in tr if _tag(c) in ("td", "th")]) >= 3 for tr in table.iter("tr"))


def _holds_report(el: Any, texts: _PageTexts) -> bool:
    return texts.holds_report_words(el) or bool(_TITLE.search(texts.normalised(el)))


def _is_page_info(text: str) -> bool:
    """A short line of page furniture; a sentence of the report (it ends in 。) never is one."""
    return len(text) <= 120 and "。" not in text and bool(_PAGE_INFO.search(text)) \
        and not labels.section_heading(text)


def _cell_text(cell: Any) -> str:
    # <br> adds nothing: `本年新<br/>制作数量` is one label (§6.1); blanks (&nbsp;, U+3000, <o:p>) clean to "".
    return clean_text(_text_content(cell))


def _table(table: Any) -> Table:
    """The table's rows of cells: _cell_text's text of each <td>/<th>, written out in the loop (a page's
    tables hold hundreds of cells)."""
    tostring = serialiser()
    rows: list[list[TextCell]] = []
    for tr in table.iter("tr"):
        cells = []
        # lxml's HTML parser names elements in lower case, so the tag filter is _tag()'s test, done in C
        for td in tr.iterchildren("td", "th"):
            text = tostring(td, method="text", encoding="unicode", with_tail=False) if len(td) else td.text or ""
            cells.append(TextCell(clean_text(text), at_line(td.sourceline)))
        if cells:
            rows.append(cells)
    return Table(rows=rows, where=at_line(table.sourceline))


def _trim_chrome(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """Drop what an old table-layout portal leaves around the report inside the content box: lines before
    the title (menus, breadcrumbs; the organ line of a title that starts with its year stays) and footer
    lines after the signature (主办单位, 备案号 …)."""
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table) and _is_report_table(b)),
                       len(blocks))
    title = next((i for i, b in enumerate(blocks[:first_table]) if isinstance(b, Paragraph)
                  and len(b.text) <= 80 and _TITLE.search(labels.normalise(b.text))), None)
    if title is not None:
        starts_with_year = re.match(r"(?:19|20)\d{2}年", labels.normalise(blocks[title].text))
        blocks = blocks[title - 1 if starts_with_year and title > 0 else title:]
    while blocks and isinstance(blocks[-1], Paragraph) and _FOOTER.search(blocks[-1].text):
        blocks = blocks[:-1]
    return blocks


def _is_report_table(table: Table) -> bool:
    return _has_report_words("".join(c.text for row in table.rows for c in row))


# ── tables split by a page break ───────────────────────────────────────────────────────────────────
def _merge_continued_tables(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """Join a table that a page break split in two and drop its repeated header rows.

    Word and the portals' editors print the header rows again on the next page; left in, a repeated
    table-三 header would reset the group the next row belongs to. In a page, a table that follows
    another directly and begins with its header is that table carried on."""
    merged: list[Paragraph | Table] = []
    last_table: Table | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            merged.append(block)
            last_table = None
            continue
        if last_table is not None and repeats_header(block.rows, header_run(last_table.rows)):
            continue_table(last_table, block)
            continue
        header = header_run(block.rows)
        block.rows = drop_repeated_headers(block.rows, header, len(header))
        merged.append(block)
        last_table = block
    return merged


FORM_SPEC = FormSpec("html", (".html", ".htm", ".shtml", ".xhtml"), "line", read, sniff=sniff, looks_like=looks_like,
                     summary="an HTML page, as saved from a government portal", libraries=("lxml.etree",))
