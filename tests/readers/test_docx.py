"""The DOCX reader, against Word documents with the template's real merges (tests/support/docx_forms.py):
the DOCX of a report must extract exactly as its Word text export does."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

from checker.cli import main
from checker.document import Paragraph
from checker.errors import InputError
from checker.labels import normalise
from checker.readers import choose_reader, read_bytes, read_report
from checker.readers import docx as docx_reader
from checker.readers.text import parse_lines, split_lines
from tests.support.docx_forms import FORMS, mazhu_2020, render
from tests.support.samples import comparable, linxi_2022

ROOT = Path(__file__).resolve().parents[2]
SAME_2021 = FORMS / "same-2021.docx"
SAME_2019 = FORMS / "same-2019.docx"


def document_of(raw: bytes):
    return docx_reader.read(raw, "x.docx")


def printed_rows(document) -> list[list[str]]:
    return [[cell.text for cell in row] for block in document.blocks if hasattr(block, "rows") for row in block.rows]


def table_rows(document, first_text: str) -> list[list[str]]:
    """The rows of the table whose first cell starts with first_text."""
    for block in document.blocks:
        if hasattr(block, "rows") and block.rows and block.rows[0][0].text.startswith(first_text):
            return [[cell.text for cell in row] for row in block.rows]
    raise AssertionError(f"no table starts with {first_text}")


# ── the same report in two forms ───────────────────────────────────────────────────────────────────
def test_2021_docx_extracts_as_its_text_export():
    from_docx = read_report(SAME_2021)
    from_text = read_report(ROOT / "examples" / "linxi-2022.txt")
    assert from_docx.form == "docx" and from_docx.problems == []
    assert comparable(from_docx.data) == comparable(from_text.data)
    got = comparable(from_docx.to_json())
    assert got.pop("extras") == []
    assert got == comparable(linxi_2022())
    # Word list numbering is not in the run text; the reader counts it back from numbering.xml.
    assert [s["numbering"] for s in from_docx.data["sections"]] == ["1、", "2、", "3、", "4、", "5、", "6、"]


def test_2019_docx_extracts_as_mazhu_2020():
    from_docx = read_report(SAME_2019).data
    from_text = read_report(ROOT / "examples" / "mazhu-2020.txt").data
    for key in ("report", "active_disclosure", "applications", "review_litigation"):
        assert from_docx[key] == from_text[key], key
    assert comparable(from_docx) == comparable(from_text)


@pytest.mark.parametrize("docx_file, text_file", [(SAME_2021, "linxi-2022.txt"), (SAME_2019, "mazhu-2020.txt")])
def test_docx_document_is_the_text_export_document(docx_file, text_file):
    """Block for block, cell for cell, the DOCX reads as its Word text export: a gridSpan cell once, a
    vMerge continuation as an empty cell, headings with their list numbers. mazhu-2020.txt is Word's
    own export of the real report; its table labels use the variants 新收到 and 转结, hence normalise."""
    from_docx = document_of(docx_file.read_bytes())
    from_text = parse_lines(split_lines((ROOT / "examples" / text_file).read_text(encoding="utf-8")))
    assert [p.text for p in from_docx.blocks if isinstance(p, Paragraph)] == \
        [p.text for p in from_text.blocks if isinstance(p, Paragraph)]
    assert [[normalise(c) for c in row] for row in printed_rows(from_docx)] == \
        [[normalise(c) for c in row] for row in printed_rows(from_text)]


@pytest.mark.parametrize("docx_file, model", [(SAME_2021, linxi_2022), (SAME_2019, mazhu_2020)])
def test_the_fixtures_are_what_the_renderer_makes(docx_file, model):
    made = zipfile.ZipFile(io.BytesIO(render(model()))).read("word/document.xml")
    assert made == zipfile.ZipFile(docx_file).read("word/document.xml"), (
        "regenerate: .venv/bin/python -m tests.support.docx_forms && sh tests/support/make_pdf_fixture.sh")


def test_the_fixtures_really_merge_cells():
    """So the tests above exercise merges and not a flat grid."""
    xml = zipfile.ZipFile(SAME_2021).read("word/document.xml").decode()
    assert xml.count("<w:vMerge") > 40 and xml.count("<w:gridSpan") > 20


# ── merged cells ───────────────────────────────────────────────────────────────────────────────────
def test_table_three_merges():
    rows = table_rows(document_of(SAME_2021.read_bytes()), "（本列数据的勾稽关系为")
    note = rows[0][0]
    assert rows[0] == [note, "申请人情况"]                              # note 3×3, 申请人情况 across 7
    assert rows[1] == ["", "自然人", "法人或其他组织", "总计"]            # the note continues: one cell
    assert rows[2] == ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert rows[3][0] == "一、本年新收政府信息公开申请数量" and len(rows[3]) == 8  # across the 3 label columns
    assert rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"] and len(rows[5]) == 9
    assert rows[6][0] == "" and rows[6][1].startswith("（二）部分公开") and len(rows[6]) == 9
    assert rows[7][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert rows[8][:3] == ["", "", "2.其他法律行政法规禁止公开"]        # under both vertical merges
    assert rows[23][:3] == ["", "（六）其他处理", rows[23][2]] and rows[24][:2] == ["", ""]  # 2021: three rows
    assert rows[26][:2] == ["", "（七）总计"] and rows[27][0] == "四、结转下年度继续办理"
    assert len(rows) == 28 and all(len(row) == 10 for row in rows[7:26])


def test_table_four_and_two_merges():
    document = document_of(SAME_2021.read_bytes())
    review = table_rows(document, "行政复议")
    assert review[0] == ["行政复议", "行政诉讼"]
    assert review[1] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
    assert review[2][:5] == [""] * 5 and len(review[2]) == 15
    disclosure = table_rows(document, "第二十条第（一）项")
    assert disclosure[0] == ["第二十条第（一）项"]                       # the caption across the row
    assert ["行政许可", "356"] in disclosure                               # one value across three columns


def _three_by_three(merge) -> bytes:
    word = python_docx.Document()
    table = word.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    merge(table)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_horizontal_merge_appears_once():
    def merge(table):
        table.cell(0, 0).merge(table.cell(0, 1)).text = "AB"
    rows = printed_rows(document_of(_three_by_three(merge)))
    assert rows == [["AB", "02"], ["10", "11", "12"], ["20", "21", "22"]]


def test_vertical_merge_continues_as_empty_cell():
    def merge(table):
        table.cell(0, 2).merge(table.cell(2, 2)).text = "C"
    rows = printed_rows(document_of(_three_by_three(merge)))
    assert rows == [["00", "01", "C"], ["10", "11", ""], ["20", "21", ""]]


def test_block_merge_is_one_cell_per_row():
    def merge(table):
        table.cell(0, 0).merge(table.cell(1, 1)).text = "N"
    rows = printed_rows(document_of(_three_by_three(merge)))
    assert rows == [["N", "02"], ["", "12"], ["20", "21", "22"]]


def test_continuation_in_the_first_row_is_an_ordinary_cell():
    """A table cut in two inside a merged cell can start with a continuation: nothing to continue."""
    def merge(table):
        table.rows[0]._tr.tc_lst[0].vMerge = "continue"
        table.rows[1]._tr.tc_lst[0].vMerge = "continue"
    rows = printed_rows(document_of(_three_by_three(merge)))
    assert rows == [["00", "01", "02"], ["", "11", "12"], ["20", "21", "22"]]


def test_tracked_changes_read_as_word_shows_them():
    """A number typed while Track Changes was on sits in w:ins, which python-docx's text leaves out."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def merge(table):
        p = table.cell(1, 1).paragraphs[0]._p
        p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>9</w:delText></w:r></w:del>'))
        p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>2</w:t></w:r></w:ins>'))
    rows = printed_rows(document_of(_three_by_three(merge)))
    assert rows[1] == ["10", "112", "12"]


# ── tables split or nested ─────────────────────────────────────────────────────────────────────────
def test_table_split_at_a_page_break_reads_as_one():
    whole = comparable(read_report(SAME_2021).data)      # the fixture is render(linxi_2022()) unsplit
    for row in (("results", "withheld", "internal_affairs"), ("results", "unavailable", "not_held")):
        raw = render(linxi_2022(), split_applications_before=row)
        document = document_of(raw)
        assert sum(1 for b in document.blocks if hasattr(b, "rows")) == 4    # table 三 is two tables
        assert comparable(read_bytes(raw, "split.docx").data) == whole


def test_nested_table_is_read_in_place():
    raw = render(linxi_2022(), nest_review_table=True)
    report = read_bytes(raw, "nested.docx")
    assert comparable(report.data) == comparable(read_report(SAME_2021).data)
    assert report.source_map["/review_litigation/review/total"]["table"] == 4   # the frame is table 3


# ── blank cells, locations, numbering ──────────────────────────────────────────────────────────────
@pytest.mark.parametrize("blank", ["", "/", "—"])
def test_blank_cell_is_null_with_its_text_kept(blank):
    model = linxi_2022()
    model["applications"]["results"]["withheld"]["state_secret"]["research"] = None
    model["review_litigation"]["litigation_after_review"]["pending"] = None
    report = read_bytes(render(model, blank=blank), "blank.docx")
    assert report.data["applications"]["results"]["withheld"]["state_secret"]["research"] is None
    assert report.data["review_litigation"]["litigation_after_review"]["pending"] is None
    assert report.source_map["/applications/results/withheld/state_secret/research"]["text"] == blank
    assert report.data["applications"]["results"]["withheld"]["state_secret"]["commercial"] == 0


def test_locations_are_table_row_cell_and_paragraph_number():
    report = read_report(SAME_2021)
    assert report.source_map["/applications/new_received/total"] == {
        "line": None, "column": None, "page": None, "text": "30", "table": 2, "row": 4, "cell": 8}
    # A leaf under （三）: the continuation of 三、本年度办理结果, the group label, the leaf label, then values.
    assert report.source_map["/applications/results/withheld/state_secret/natural_person"] | {"text": ""} == {
        "line": None, "column": None, "page": None, "text": "", "table": 2, "row": 8, "cell": 4}
    assert report.source_map["/active_disclosure/fees/amount_10k_yuan"]["table"] == 1
    assert report.source_map["/review_litigation/litigation_direct/upheld"] | {"text": ""} == {
        "line": None, "column": None, "page": None, "text": "", "table": 3, "row": 4, "cell": 6}
    # line is the paragraph number: python-docx's paragraphs[line - 1] is the heading.
    paragraphs = python_docx.Document(str(SAME_2021)).paragraphs
    for index, section in enumerate(report.data["sections"]):
        entry = report.source_map[f"/sections/{index}"]
        assert entry["column"] is None
        assert paragraphs[entry["line"] - 1].text == section["heading"]


def test_unnumbered_headings_are_read_from_their_text():
    report = read_bytes(render(linxi_2022(), numbered_headings=False), "plain.docx")
    assert [s["numbering"] for s in report.data["sections"]] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert comparable(report.data) == comparable(read_report(SAME_2021).data)


@pytest.mark.parametrize("n, num_fmt, printed", [
    (3, "decimal", "3"), (1, "chineseCounting", "一"), (10, "chineseCounting", "十"),
    (11, "chineseCountingThousand", "十一"), (21, "chineseCounting", "二十一"), (4, "decimalEnclosedCircle", "④"),
    (12, "decimalFullWidth", "１２"), (4, "upperRoman", "IV"), (2, "lowerLetter", "b"), (5, "bullet", ""),
])
def test_list_number_formats(n, num_fmt, printed):
    assert docx_reader.format_list_number(n, num_fmt) == printed


# ── sniffing and errors ────────────────────────────────────────────────────────────────────────────
def test_a_doc_that_is_really_a_docx_is_read_as_docx(tmp_path):
    misnamed = tmp_path / "report.doc"
    misnamed.write_bytes(SAME_2021.read_bytes())
    report = read_report(misnamed)
    assert report.form == "docx" and report.data["report"]["year"] == 2022


@pytest.mark.parametrize("name", ["old.doc", "old.docx"])
def test_legacy_doc_says_save_as_docx(name):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    with pytest.raises(InputError) as caught:
        read_bytes(ole2, name)
    assert caught.value.file == name and "save it as .docx" in caught.value.message


def test_truncated_docx_is_an_input_error():
    raw = SAME_2021.read_bytes()
    with pytest.raises(InputError) as caught:
        read_bytes(raw[: len(raw) // 2], "cut.docx")
    assert caught.value.file == "cut.docx" and "不完整" in caught.value.message and "另存" in caught.value.message


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_that_is_not_a_word_document_is_an_input_error():
    with pytest.raises(InputError) as caught:
        read_bytes(_zip({"notes.txt": b"hello"}), "notes.docx")
    assert caught.value.file == "notes.docx" and "不是 Word 文档" in caught.value.message


def test_damaged_document_xml_is_an_input_error():
    with zipfile.ZipFile(SAME_2021) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"][:5000]
    with pytest.raises(InputError) as caught:
        read_bytes(_zip(entries), "damaged.docx")
    assert caught.value.file == "damaged.docx" and "损坏" in caught.value.message


def test_macro_enabled_document_says_save_as_docx():
    with zipfile.ZipFile(SAME_2021) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    with pytest.raises(InputError) as caught:
        read_bytes(_zip(entries), "macros.docm")
    assert caught.value.file == "macros.docm" and "另存为普通 .docx" in caught.value.message


def test_sniffing():
    head = SAME_2021.read_bytes()[:8192]
    assert docx_reader.sniff(head)                              # by content: word/document.xml in the zip
    assert choose_reader(head, "anything.bin").name == "docx"
    assert not docx_reader.sniff(_zip({"notes.txt": b"x"}))
    assert not docx_reader.sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert choose_reader(SAME_2021.read_bytes(), "report.doc").name == "docx"


def test_cli_extract_broken_docx_exits_2_with_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(SAME_2021.read_bytes()[:3000])
    assert main(["extract", str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(broken) in lines[0] and "Traceback" not in captured.err


def test_reading_leaves_the_file_untouched(tmp_path):
    copy = tmp_path / "same.docx"
    copy.write_bytes(SAME_2021.read_bytes())
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    read_report(copy)
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before


def test_a_style_based_on_itself_is_read_not_followed_forever():
    """A damaged styles part can base a style on itself (or a circle of styles on one another): the list
    numbering of a paragraph's style is looked for once along the circle, not forever."""
    import signal

    from docx.oxml.ns import qn
    from lxml import etree

    word = python_docx.Document()
    word.add_paragraph("2021年政府信息公开工作年度报告")
    based_on = etree.SubElement(word.styles.element.get_by_id("Normal"), qn("w:basedOn"))
    based_on.set(qn("w:val"), "Normal")
    buffer = io.BytesIO()
    word.save(buffer)

    def hang(*_: object) -> None:
        raise TimeoutError("the style chain was followed round its circle")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(30)
    try:
        document = docx_reader.read(buffer.getvalue(), "circle.docx")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [b.text for b in document.blocks if isinstance(b, Paragraph)] == ["2021年政府信息公开工作年度报告"]


def _entries(path: Path = SAME_2021) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_styles_part_of_another_element_is_damage_not_a_crash():
    """The styles part's root must be w:styles: python-docx's Styles failed inside (AttributeError) on
    any other, and the file was reported as report-lint's own bug."""
    entries = _entries()
    entries["word/styles.xml"] = (b'<?xml version="1.0"?><w:numbering xmlns:w='
                                  b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    with pytest.raises(InputError) as caught:
        read_bytes(_zip(entries), "styles.docx")
    assert caught.value.file == "styles.docx" and "word/styles.xml 的根元素不是 w:styles" in caught.value.message


@pytest.mark.parametrize("numbering, said", [
    (b'<w:numPr><w:numId w:val="x"/></w:numPr>', "invalid literal for int()"),
    (b'<w:numPr><w:numId/></w:numPr>', "required 'w:val' attribute not present"),
])
def test_a_damaged_list_number_is_damage_not_a_crash(numbering, said):
    """A numId that is not a number, or one without its value, is the file's damage, named as python-docx
    names it (the missing value escaped as python-docx's InvalidXmlError, an internal error)."""
    entries = _entries()
    document = entries["word/document.xml"]
    at = document.index(b"<w:pPr>") + len(b"<w:pPr>")
    entries["word/document.xml"] = document[:at] + numbering + document[at:]
    with pytest.raises(InputError) as caught:
        read_bytes(_zip(entries), "numbers.docx")
    assert caught.value.file == "numbers.docx" and "损坏" in caught.value.message and said in caught.value.message


def test_a_document_without_a_styles_part_is_read():
    """Without styles.xml a paragraph's style is looked up in python-docx's default styles, as python-docx
    does; the report reads as with its styles part (its headings are numbered by their own numPr)."""
    entries = _entries()
    del entries["word/styles.xml"]
    rels = entries["word/_rels/document.xml.rels"]
    start = rels.rindex(b"<Relationship ", 0, rels.index(b'Target="styles.xml"'))
    entries["word/_rels/document.xml.rels"] = rels[:start] + rels[rels.index(b"/>", start) + 2:]
    assert b"styles.xml" not in entries["word/_rels/document.xml.rels"]
    assert docx_reader.read(_zip(entries), "c.docx") == docx_reader.read(SAME_2021.read_bytes(), "c.docx")


def test_a_part_compressed_by_an_unknown_method_is_an_input_error():
    """zipfile raises NotImplementedError for a compression method it does not know (here 9, Deflate64):
    the file's container is not one report-lint can open, not report-lint's own bug."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:     # stored, so that only the method field changes
        for name, data in _entries().items():
            archive.writestr(name, data)
    raw = bytearray(out.getvalue())
    assert raw[8:10] == b"\x00\x00"                        # the first part's local header: stored
    raw[8:10] = (9).to_bytes(2, "little")
    directory = raw.index(b"PK\x01\x02")                   # its entry in the central directory
    raw[directory + 10:directory + 12] = (9).to_bytes(2, "little")
    with pytest.raises(InputError) as caught:
        read_bytes(bytes(raw), "method.docx")
    assert caught.value.file == "method.docx" and "zip 容器无法打开" in caught.value.message


def test_a_paragraph_s_runs_are_read_run_by_run_whatever_holds_them():
    """Runs under w:ins and w:hyperlink count, those under w:del and w:moveFrom and in a text box's own
    paragraph do not; a run inside another (ruby text) is read after it, as runs are read one by one."""
    from lxml import etree

    from checker.readers.docx_xml import ParagraphTexts

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = etree.fromstring(
        f'<w:body xmlns:w="{w}"><w:p><w:r><w:t>本年</w:t></w:r><w:ins><w:r><w:t>新</w:t></w:r></w:ins>'
        '<w:del><w:r><w:delText>旧</w:delText><w:t>删</w:t></w:r></w:del><w:moveFrom><w:r><w:t>移</w:t></w:r></w:moveFrom>'
        '<w:hyperlink><w:r><w:t>收到</w:t><w:tab/></w:r></w:hyperlink><w:r><w:ruby><w:rt><w:r><w:t>shēn</w:t></w:r></w:rt>'
        '<w:rubyBase><w:r><w:t>申</w:t></w:r></w:rubyBase></w:ruby><w:t>请</w:t><w:br w:type="page"/><w:br/>'
        '<w:noBreakHyphen/></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict>'
        '<w:t>数量</w:t></w:r></w:p></w:body>'.encode())
    texts = ParagraphTexts(body)
    assert texts.text(body[0]) == "本年新收到\t请\n-shēn申数量"
    assert texts.text(body.find(f".//{{{w}}}txbxContent/{{{w}}}p")) == "框"
