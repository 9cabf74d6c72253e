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
from typing import TYPE_CHECKING, Any

from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.errors import InputError
from checker.readers.docx_numbering import ListNumbers, format_list_number
from checker.readers.docx_xml import tags, v_merge

if TYPE_CHECKING:
    # the package reader (and its styles slicer's patterns) is loaded by read(): every file is sniffed here
    from checker.readers.docx_package import WordPackage

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

    from docx.opc.constants import CONTENT_TYPE as CT
    from lxml import etree

    from checker.readers.docx_package import WordPackage, body
    from checker.readers.docx_styles import DamagedPart

    check_container(raw, name)
    # What opening the package raises for a file that is not a whole Word document: a truncated or damaged
    # zip (BadZipFile, zlib.error, EOFError), a zip without Word's parts (KeyError), another Office file
    # (ValueError: "not a Word file"), or damaged XML. Every XML part python-docx knows is parsed on opening.
    try:
        package = WordPackage(raw)
        if package.content_type != CT.WML_DOCUMENT_MAIN:
            raise ValueError(f"not a Word file, content type is '{package.content_type}'")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a part compressed by a method zipfile does not know (Word uses deflate)
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
    document_body = body(package.document)
    if document_body is None:
        raise InputError(name, "是损坏的 .docx：word/document.xml 的根元素不是 w:document（缺少正文）")
    try:
        return _DocumentWalker(document_body, package).walk()
    except (ValueError, DamagedPart) as exc:  # a value Word's format does not allow, such as a malformed number
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
    """Turns the document's body into blocks, numbering tables and paragraphs as it goes.
    It reads the body's elements as python-docx's own objects would (Document.iter_inner_content,
    Table.rows, _Cell.paragraphs and .tables), by their tags (checker/readers/docx_xml.py)."""

    def __init__(self, body: Any, package: WordPackage):
        self.body = body
        self.tags = tags()
        self.numbers = ListNumbers(body, package.numbering(), package.styles)
        # the cells that can be vertical-merge continuations: the grandparents of every w:vMerge
        self.merged = {e.getparent().getparent() for e in body.iter(self.tags.vMerge)}
        self.blocks: list[Paragraph | Table] = []
        self.paragraph_number = 0
        self.table_number = 0

    def walk(self) -> Document:
        tags = self.tags
        for item in self.body.iterchildren(tags.p, tags.tbl):   # ./w:p | ./w:tbl, in order
            if item.tag == tags.p:
                self.paragraph_number += 1
                text = self.numbers.text(item)
                if text.strip():
                    self.blocks.append(Paragraph(text.strip(), Where(line=self.paragraph_number)))
            else:
                self.table(item)
        return Document(blocks=self.blocks)

    def table(self, tbl: Any) -> None:
        self.table_number += 1
        number = self.table_number
        rows: list[list[TextCell]] = []
        for row_number, tr in enumerate(tbl.iterchildren(self.tags.tr), start=1):
            cells, nested = self.row(tr, number, row_number)
            rows.append(cells)
            if nested:  # a nested table is printed after the row that holds it, before the rows below
                self.blocks.append(Table(rows, Where(table=number)))
                rows = []
                for inner in nested:
                    self.table(inner)
        if rows:
            self.blocks.append(Table(rows, Where(table=number)))

    def row(self, tr: Any, table_number: int, row_number: int) -> tuple[list[TextCell], list[Any]]:
        """The row's cells as printed, and the tables nested in them.

        Each w:tc is one cell, as in Word's text export: a cell merged across columns (gridSpan) is one
        w:tc, and a vertical-merge continuation (vMerge) is printed empty. python-docx's `row.cells`
        is not used: it repeats a cell for each grid column it covers, and it raises on a continuation
        in a table's first row (left by editors that cut a table in two inside a merged cell), which
        has nothing above to continue and is printed here as an ordinary cell."""
        tags, text_of, merged = self.tags, self.numbers.text, self.merged
        p_tag = tags.p
        cells: list[TextCell] = []
        nested: list[Any] = []
        for position, tc in enumerate(tr.iterchildren(tags.tc), start=1):
            where = Where(table=table_number, row=row_number, cell=position)
            if row_number > 1 and tc in merged and v_merge(tc) == "continue":
                cells.append(TextCell("", where))
                continue
            texts = []
            for item in tc.iterchildren(p_tag, tags.tbl):     # its paragraphs, and the tables nested in it
                if item.tag == p_tag:
                    texts.append(text_of(item))
                else:
                    nested.append(item)
            cells.append(TextCell((texts[0] if len(texts) == 1 else "\n".join(texts)).strip(), where))
        return cells, nested


__all__ = ["FORM_SPEC", "check_container", "format_list_number", "read", "sniff"]


FORM_SPEC = FormSpec("docx", (".docx",), "cell", read, sniff=sniff, content="binary", summary="Word .docx",
                     libraries=("lxml.etree", "docx"))
