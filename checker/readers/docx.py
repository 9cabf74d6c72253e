"""Word .docx: the body's paragraphs and tables in document order, with each table row laid out as Word's
own plain-text export lays it out (spec §6.2), so a DOCX and its text export give the same Document.

- A cell merged across columns (gridSpan) appears once; a vertical-merge continuation (vMerge) appears
  as an empty cell, and the merged text stays in the first row it covers.
- List numbers (`1、 总体情况`) are not in the run text: they are counted from numbering.xml and put back
  in front of the paragraph, so headings keep the numbering the reader sees.
- A table nested in a cell follows the row that holds it, as a table of its own; a table split in two
  at a page break is two tables, and the assembler carries its context from one to the next.

Locations: a cell is Where(table, row, cell), 1-based, where `table` counts tables in document order
(nested ones included) and `cell` counts the row's w:tc elements (as Word's Rows(r).Cells(c) does);
a paragraph is Where(line=n), n being the paragraph number, since a DOCX has no lines:
`docx.Document(f).paragraphs[n - 1]` is that paragraph.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache
from typing import Any

from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.errors import InputError

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"       # the compound file of legacy .doc (and .xls, .ppt)


def sniff(head: bytes) -> bool:
    """A zip holding word/document.xml is a DOCX whatever its name (a `.doc` that is really a DOCX
    included). A zip or a legacy compound file named .docx reaches `read` by its suffix, which says what
    is wrong with it."""
    return head.startswith(_ZIP_MAGIC) and b"word/document.xml" in head


def read(raw: bytes, name: str) -> Document:
    if raw.startswith(_OLE2_MAGIC):
        raise InputError(name, "是旧版 Word .doc 文件（Word 97–2003），report-lint 无法读取；"
                               "请在 Word 或 WPS 中打开，另存为 .docx（save it as .docx）")
    import zipfile   # here, not at the top: every file is sniffed by this module, few are DOCX

    from lxml import etree

    check_container(raw, name)
    # What python-docx raises for a file that is not a whole Word document: a truncated or damaged zip
    # (BadZipFile, zlib.error, EOFError), a zip without Word's parts (KeyError), another Office file
    # (ValueError: "not a Word file"), or damaged XML. It parses every part on opening.
    try:
        import docx

        word = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(name, f"是损坏或不完整的 .docx，其 zip 容器无法打开（{exc}）；请在 Word 或 WPS 中打开后另存") from None
    except (KeyError, ValueError) as exc:
        if "macroEnabled" in _reason(exc) or "template" in _reason(exc):  # python-docx opens .docx only
            raise InputError(name, "是启用宏的 Word 文档或模板（.docm、.dotx），report-lint 无法读取；"
                                   "请另存为普通 .docx") from None
        raise InputError(name, f"是 zip 文件，但不是 Word 文档（{_reason(exc)}）") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(name, f"是损坏的 .docx：其中的 XML 无法解析（{exc}）") from None
    except (AttributeError, TypeError, IndexError, AssertionError) as exc:
        # python-docx meets a part whose XML is not what the Office format puts there (a relationships part
        # whose root is another element, …) while it opens the package: the file's fault, said as such
        raise InputError(name, f"是损坏的 .docx：其部件的 XML 结构不对（{type(exc).__name__}: {exc}）") from None
    if not str(word.element.tag).endswith("}document") or getattr(word.element, "body", None) is None:
        raise InputError(name, "是损坏的 .docx：word/document.xml 的根元素不是 w:document（缺少正文）")
    try:
        return _DocumentWalker(word).walk()
    except ValueError as exc:  # a value python-docx cannot read, such as a malformed number in the XML
        raise InputError(name, f"是损坏的 .docx：{_reason(exc)}") from None


# A zip bomb is refused from the zip's directory, before anything is decompressed: a report is at most a
# few MB of XML in a few dozen parts.
MAX_PARTS = 2000
MAX_UNZIPPED = 256 * 1024 * 1024


def check_container(raw: bytes, name: str) -> None:
    """The zip's directory: how many parts, how large unzipped, and no part twice (python-docx then fails
    inside, on whichever copy it meets)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise InputError(name, f"是损坏或不完整的 .docx，其 zip 容器无法打开（{exc}）；请在 Word 或 WPS 中打开后另存") from None
    if len(parts) > MAX_PARTS:
        raise InputError(name, f"的 zip 容器有 {len(parts)} 个部件，超过 {MAX_PARTS} 个，不是一份报告")
    unzipped = sum(part.file_size for part in parts)
    if unzipped > MAX_UNZIPPED:
        raise InputError(name, f"解压后有 {unzipped / 1048576:.0f} MB，超过 {MAX_UNZIPPED // 1048576} MB 的上限"
                               "（可能是 zip 炸弹），未读取")
    names = [part.filename for part in parts]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise InputError(name, f"是损坏的 .docx：zip 中有重复的部件 {', '.join(twice[:3])}")


def _reason(exc: Exception) -> str:
    return str(exc.args[0]) if exc.args else type(exc).__name__


class _DocumentWalker:
    """Turns the python-docx document into blocks, numbering tables and paragraphs as it goes."""

    def __init__(self, word: Any):
        self.word = word
        self.numbers = _ListNumbers(word)
        self.blocks: list[Paragraph | Table] = []
        self.paragraph_number = 0
        self.table_number = 0

    def walk(self) -> Document:
        from docx.text.paragraph import Paragraph as WordParagraph

        for item in self.word.iter_inner_content():
            if isinstance(item, WordParagraph):
                self.paragraph_number += 1
                text = self.numbers.text(item)
                if text.strip():
                    self.blocks.append(Paragraph(text.strip(), Where(line=self.paragraph_number)))
            else:
                self.table(item)
        return Document(blocks=self.blocks)

    def table(self, table: Any) -> None:
        self.table_number += 1
        number = self.table_number
        rows: list[list[TextCell]] = []
        for row_number, row in enumerate(table.rows, start=1):
            cells, nested = self.row(row, number, row_number)
            rows.append(cells)
            if nested:  # a nested table is printed after the row that holds it, before the rows below
                self.blocks.append(Table(rows, Where(table=number)))
                rows = []
                for inner in nested:
                    self.table(inner)
        if rows:
            self.blocks.append(Table(rows, Where(table=number)))

    def row(self, row: Any, table_number: int, row_number: int) -> tuple[list[TextCell], list[Any]]:
        """The row's cells as printed, and the tables nested in them.

        Each w:tc is one cell, as in Word's text export: a cell merged across columns (gridSpan) is one
        w:tc, and a vertical-merge continuation (vMerge) is printed empty. python-docx's `row.cells`
        is not used: it repeats a cell for each grid column it covers, and it raises on a continuation
        in a table's first row (left by editors that cut a table in two inside a merged cell), which
        has nothing above to continue and is printed here as an ordinary cell."""
        from docx.table import _Cell

        cells: list[TextCell] = []
        nested: list[Any] = []
        for position, tc in enumerate(row._tr.tc_lst, start=1):
            where = Where(table=table_number, row=row_number, cell=position)
            if tc.vMerge == "continue" and row_number > 1:
                cells.append(TextCell("", where))
                continue
            cell = _Cell(tc, row.table)
            text = "\n".join(self.numbers.text(p) for p in cell.paragraphs)
            cells.append(TextCell(text.strip(), where))
            nested.extend(cell.tables)
        return cells, nested


def paragraph_text(p: Any) -> str:
    """The paragraph's text as Word shows it with changes tracked: python-docx's `Paragraph.text` reads
    only the runs directly under w:p and in hyperlinks, and so drops a number typed while Track Changes
    was on (w:ins), or inside a content control, smart tag or simple field. Runs of deleted text (w:del,
    w:moveFrom) are left out, and so are those of another paragraph inside this one (a text box)."""
    from docx.oxml.ns import qn

    skip = {qn("w:del"), qn("w:moveFrom"), qn("w:p"), qn("w:txbxContent")}
    parts: list[str] = []
    for run in p.iter(qn("w:r")):
        ancestor = run.getparent()
        while ancestor is not p and ancestor is not None and ancestor.tag not in skip:
            ancestor = ancestor.getparent()
        if ancestor is p:
            parts.append(run.text)   # python-docx's run text: w:t, tabs, breaks
    return "".join(parts)


# ── list numbering ─────────────────────────────────────────────────────────────────────────────────
_CHINESE_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _chinese_count(n: int) -> str:
    """一 … 十, 十一, 二十一, 九十九; larger numbers digit by digit (no report has 100 sections)."""
    if 0 <= n < 10:
        return _CHINESE_DIGITS[n]
    if 10 <= n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")
    return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def format_list_number(n: int, num_fmt: str) -> str:
    """One level's number in a Word numFmt; bullets and `none` print no number."""
    if num_fmt in ("bullet", "none"):
        return ""
    if num_fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese_count(n)
    if num_fmt == "ideographDigital":
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    if num_fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if num_fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if num_fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if num_fmt == "upperLetter" else letter.lower()
    if num_fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return _roman(n) if num_fmt == "upperRoman" else _roman(n).lower()
    return str(n)


class _ListNumbers:
    """The list numbers Word prints in front of numbered paragraphs, counted in document order.

    Counting is per list instance (w:num), from each level's start value (or the instance's
    startOverride); a level restarts whenever a higher level of the same list is used. The number is
    followed by a space where Word puts its tab or space suffix, as Word's text export writes it."""

    def __init__(self, word: Any):
        self.counters: dict[str, list[int | None]] = {}
        self.style_numbering: dict[str | None, tuple[str, int] | None] = {}
        self.num_by_id: dict[str, Any] = {}
        self.abstract_by_id: dict[str, Any] = {}
        numbering = self._numbering_element(word)
        if numbering is not None:
            self.num_by_id = {n.get(_w("numId")): n for n in _xpath(numbering, "w:num")}
            self.abstract_by_id = {a.get(_w("abstractNumId")): a for a in _xpath(numbering, "w:abstractNum")}

    @staticmethod
    def _numbering_element(word: Any) -> Any:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:  # not `part.numbering_part`, which would add an empty numbering part to the document
            return word.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return None

    def text(self, paragraph: Any) -> str:
        return self._prefix(paragraph) + paragraph_text(paragraph._p)

    def _prefix(self, paragraph: Any) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        num = self.num_by_id.get(num_id)
        if num is None:
            return ""
        abstract = self.abstract_by_id.get(_val(_xpath(num, "w:abstractNumId")))
        if abstract is None:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        current = counters[level]
        counters[level] = self._start(num, abstract, level) if current is None else current + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        lvl = _level(abstract, level)
        if lvl is None:
            return ""
        label = _val(_xpath(lvl, "w:lvlText")) or ""
        for shown in range(9):
            placeholder = f"%{shown + 1}"
            if placeholder in label:
                shown_lvl = _level(abstract, shown)
                value = counters[shown] if counters[shown] is not None else self._start(num, abstract, shown)
                num_fmt = _val(_xpath(shown_lvl, "w:numFmt")) if shown_lvl is not None else None
                label = label.replace(placeholder, format_list_number(value, num_fmt or "decimal"))
        if not label.strip():
            return ""
        suffix = _val(_xpath(lvl, "w:suff")) or "tab"
        return label + ("" if suffix == "nothing" else " ")

    @staticmethod
    def _start(num: Any, abstract: Any, level: int) -> int:
        override = _xpath(num, f'w:lvlOverride[@w:ilvl="{level}"]/w:startOverride')
        lvl = _level(abstract, level)
        start = _val(override) if override else _val(_xpath(lvl, "w:start")) if lvl is not None else None
        return int(start) if start is not None and start.isdigit() else 1

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        """(numId, level) from the paragraph's own properties or, failing that, its style's chain,
        looked up once per style: finding a style by id searches the whole styles part."""
        own = _numbering_in(paragraph._p.pPr)
        if own is not _NOT_SET:
            return own
        style_id = paragraph._p.style
        if style_id not in self.style_numbering:
            found = None
            style = paragraph.style
            while style is not None:
                found = _numbering_in(style.element.pPr)
                if found is not _NOT_SET:
                    break
                style = style.base_style
            self.style_numbering[style_id] = None if found is _NOT_SET else found
        return self.style_numbering[style_id]


_NOT_SET = object()


def _numbering_in(p_pr: Any) -> Any:
    """(numId, level) of a pPr's numPr, None where numId 0 switches numbering off, _NOT_SET without one."""
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is None or num_pr.numId is None:
        return _NOT_SET
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return num_id, min(max(int(level), 0), 8)


@lru_cache(maxsize=None)
def _compiled(path: str) -> Any:
    from docx.oxml.ns import nsmap
    from lxml import etree

    return etree.XPath(path, namespaces={"w": nsmap["w"]})


def _xpath(element: Any, path: str) -> list[Any]:
    """XPath with the w: prefix bound, for python-docx's element classes and numbering.xml's plain lxml
    elements (abstractNum, lvl) alike."""
    return _compiled(path)(element)


def _w(attribute: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{attribute}")


def _val(elements: list[Any]) -> str | None:
    return elements[0].get(_w("val")) if elements else None


def _level(abstract: Any, level: int) -> Any:
    found = _xpath(abstract, f'w:lvl[@w:ilvl="{level}"]')
    return found[0] if found else None


FORM_SPEC = FormSpec("docx", (".docx",), "cell", read, sniff=sniff, content="binary", summary="Word .docx")
