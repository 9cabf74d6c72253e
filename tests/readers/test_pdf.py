"""The PDF reader: sniffing, the constructed 临溪 2022 report printed to PDF, scans, broken files, and the
layout helpers it relies on (the real published PDFs are in test_corpus.py)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from checker.document import Paragraph, Table, TextCell, Where
from checker.errors import InputError
from checker.readers import choose_reader, pdf, read_bytes, read_report
from checker.readers.pdf_layout import (BodyLayout, TextLine, Word, closing_rules, is_page_furniture,
                                        is_visible_ruling, join_text)
from checker.readers.pdf_rows import RowReader
from checker.readers.printing import continue_table
from tests.support.samples import comparable

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "tests" / "data" / "forms"
HUAIAN = ROOT / "tests" / "data" / "corpus" / "2024-huaianshi-renmin-zhengfu.pdf"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


# ── sniffing ──────────────────────────────────────────────────────────────────────────────────────
def test_sniff_by_magic_not_by_name():
    raw = HUAIAN.read_bytes()
    assert pdf.sniff(raw[:8192])
    assert choose_reader(raw, "report.bin").name == "pdf"
    assert not pdf.sniff("一、总体情况\n".encode())
    assert not pdf.sniff(b"PK\x03\x04")


# ── a constructed report ──────────────────────────────────────────────────────────────────────────
def test_same_report_as_pdf_extracts_like_the_text_export():
    """tests/data/forms/same-2021.pdf is examples/linxi-2022.txt's report laid out in Word form and printed
    by LibreOffice (tests/support/make_pdf_fixture.sh): ragged right margin, no first-line indent,
    space between paragraphs, a table 三 split over two pages."""
    got = read_report(FORMS / "same-2021.pdf")
    want = read_report(ROOT / "examples" / "linxi-2022.txt")
    assert comparable(got.to_json()) == comparable(want.to_json())
    assert got.problems == []
    assert got.source_map["/applications/results/withheld/process_information/total"]["page"] == 2


def test_ruled_table_with_its_header_repeated_on_the_next_page():
    """pdf-repeated-header-2021.pdf: table 三's three header rows marked to repeat on every page
    (tests/support/make_pdf_variants.py); LibreOffice prints them again atop page 2."""
    got = read_report(FORMS / "pdf-repeated-header-2021.pdf")
    assert comparable(got.to_json()) == comparable(read_report(ROOT / "examples" / "linxi-2022.txt").to_json())
    document = pdf.read((FORMS / "pdf-repeated-header-2021.pdf").read_bytes(), "pdf-repeated-header-2021.pdf")
    [applications] = [b for b in document.blocks if isinstance(b, Table) and "勾稽关系" in b.rows[0][0].text]
    assert len(applications.rows) == 3 + 25          # three header rows once, 25 value rows of the 2021 table
    assert {c.where.page for row in applications.rows for c in row} == {1, 2}


# ── document structure ────────────────────────────────────────────────────────────────────────────
def _document():
    return pdf.read(HUAIAN.read_bytes(), HUAIAN.name)


def test_title_lines_come_first_and_page_numbers_are_gone():
    blocks = _document().blocks
    assert [b.text for b in blocks[:2]] == ["淮安市人民政府", "2024年政府信息公开工作年度报告"]
    assert blocks[0].where == Where(page=1, line=1)
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert not any(text.startswith("-") and text.endswith("-") for text in paragraphs)


def test_a_table_over_a_page_break_is_one_table():
    tables = [b for b in _document().blocks if isinstance(b, Table)]
    applications = [t for t in tables if any("勾稽关系" in c.text for row in t.rows for c in row)]
    assert len(applications) == 1
    pages = {c.where.page for row in applications[0].rows for c in row}
    assert pages == {4, 5}
    labels = ["".join(c.text for c in row[:-7]) for row in applications[0].rows]
    assert "（四）无1.本机关不掌握相关政府信息" in labels and "法提供2.没有现成信息需要另行制作" in labels


def test_merged_cells_appear_once():
    """A horizontal span is one cell; a vertical-merge continuation is an empty cell (Document contract)."""
    tables = [b for b in _document().blocks if isinstance(b, Table)]
    rows = {row[0].text: row for t in tables for row in t.rows if row and row[0].text}
    assert [c.text for c in rows["一、本年新收政府信息公开申请数量"]] == [
        "一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"]
    assert [c.text for c in rows["行政许可"]] == ["行政许可", "447228"]
    granted_row = next(row for t in tables for row in t.rows if any(c.text == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" for c in row))
    assert granted_row[0].text == "" and len(granted_row) == 9


def test_repeated_header_rows_are_dropped_when_a_table_continues():
    def row(*texts: str) -> list[TextCell]:
        return [TextCell(t) for t in texts]

    first = Table(rows=[row("信息内容", "本年处理决定数量"), row("行政处罚", "3")])
    continue_table(first, Table(rows=[row("信息内容", "本年处理决定数量"), row("行政强制", "1")]))
    assert [[c.text for c in r] for r in first.rows] == [
        ["信息内容", "本年处理决定数量"], ["行政处罚", "3"], ["行政强制", "1"]]


# ── scans and broken files ────────────────────────────────────────────────────────────────────────
def test_scanned_pdf_is_a_finding_on_an_empty_report():
    """pdf-scanned.pdf is one 1-bit page image saved as PDF with Pillow: no text layer at all."""
    report = read_report(FORMS / "pdf-scanned.pdf")
    assert [(p.rule, p.severity.label, p.message, p.location.page) for p in report.problems] == [
        ("READ-NO-TEXT", "error", "无文字层，可能是扫描件，请提供可复制文字的 PDF 或原始文档", 1)]
    assert report.data["sections"] == [] and report.data["report"]["title"] is None
    assert not any(key in report.data for key in ("active_disclosure", "applications", "review_litigation"))


def test_scanned_pdf_on_the_command_line():
    done = _cli("extract", str(FORMS / "pdf-scanned.pdf"))
    assert done.returncode == 0
    assert "READ-NO-TEXT" not in done.stdout and "无文字层" in done.stderr


@pytest.mark.parametrize("make", [
    pytest.param(lambda raw: raw[:20000], id="truncated"),
    pytest.param(lambda raw: b"%PDF-1.7\nnot really a PDF\n", id="header-only"),
])
def test_corrupt_pdf_is_exit_2_with_one_line(tmp_path: Path, make):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make(HUAIAN.read_bytes()))
    done = _cli("extract", str(broken))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(broken) in lines[0] and "不是可读取的 PDF" in lines[0]
    assert "Traceback" not in done.stderr
    with pytest.raises(InputError):
        read_bytes(broken.read_bytes(), str(broken))


def test_encrypted_pdf_names_the_file_and_the_password():
    """pdf-encrypted.pdf: LibreOffice export with an open password (EncryptFile, DocumentOpenPassword)."""
    done = _cli("extract", str(FORMS / "pdf-encrypted.pdf"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "pdf-encrypted.pdf" in done.stderr and "需要密码" in done.stderr and "password" not in done.stderr


def test_reading_never_changes_the_file():
    before = hashlib.sha256(HUAIAN.read_bytes()).hexdigest()
    read_report(HUAIAN)
    assert hashlib.sha256(HUAIAN.read_bytes()).hexdigest() == before


# ── layout helpers ────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("printed, joined", [
    ("2024 年，我市坚持", "2024年，我市坚持"),
    ("号 ， 邮 编 ： 223100 ， 电 话 ：", "号，邮编：223100，电话："),
    ("健康发展 。", "健康发展。"),
    ("(国令第 711 号)", "(国令第711号)"),
    ("PDF file 2 pages", "PDF file 2 pages"),
    ("", ""),
])
def test_join_text(printed: str, joined: str):
    assert join_text(printed) == joined


@pytest.mark.parametrize("text, at_edge, furniture", [
    ("- 4 -", False, True), ("—12—", False, True), ("第 3 页", False, True), ("第3页 共6页", False, True),
    ("4", True, True), ("4", False, False), ("3/6", False, True),
    ("2024 年", True, False), ("行政许可 447228", True, False),
])
def test_page_furniture(text: str, at_edge: bool, furniture: bool):
    assert is_page_furniture(text, at_edge) is furniture


def test_only_visible_rulings_count():
    white_background = {"object_type": "rect", "width": 444, "height": 27, "stroke": False, "fill": True,
                        "non_stroking_color": (1.0, 1.0, 1.0)}
    black_hairline = {"object_type": "rect", "width": 444, "height": 0.5, "stroke": False, "fill": True,
                      "non_stroking_color": (0.0,)}
    stroked_cell = {"object_type": "rect", "width": 30, "height": 20, "stroke": True, "fill": False,
                    "stroking_color": (0, 0, 0)}
    tinted_shading = {"object_type": "rect", "width": 440, "height": 42, "stroke": False, "fill": True,
                      "non_stroking_color": (0.776, 0.851, 0.945)}
    assert not is_visible_ruling(white_background) and not is_visible_ruling(tinted_shading)
    assert is_visible_ruling(black_hairline) and is_visible_ruling(stroked_cell)
    assert is_visible_ruling({"object_type": "line"})


def test_closing_rules_close_a_table_cut_by_a_page_break():
    def vertical(x: float, top: float, bottom: float) -> dict:
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}

    edges = [vertical(77, 363.6, 778.4), vertical(309.9, 363.6, 778.4), vertical(515.8, 364.1, 778.4),
             vertical(231.3, 79.6, 193.1)]
    rules = closing_rules(edges)
    bottoms = [r for r in rules if abs(r["top"] - 778.4) < 0.1]
    assert len(bottoms) == 1 and (bottoms[0]["x0"], bottoms[0]["x1"]) == (77, 515.8)
    assert not any(abs(r["top"] - 193.1) < 0.1 for r in rules)   # a lone rule closes nothing


# ── tables printed without rulings ────────────────────────────────────────────────────────────────
def _whitespace_free(model: dict) -> dict:
    for section in model["sections"]:
        section["text"] = "".join(section["text"].split())
    return model


def test_unruled_2021_tables_rebuilt_from_word_positions():
    """pdf-unruled-2021.pdf: the 临溪 report with every table border removed and table 三 split over a page
    break (tests/support/make_pdf_variants.py): group labels `（六）其` / `他处理` beside wrapped leaf labels,
    `三、本` / `年度办` / `理结果` printed down the side, numbers on a label's first line."""
    got = read_report(FORMS / "pdf-unruled-2021.pdf")
    want = read_report(ROOT / "examples" / "linxi-2022.txt")
    assert comparable(got.to_json()) == comparable(want.to_json())
    assert got.problems == []
    assert all(not s["text"] for s in got.data["sections"] if s["number"] in (2, 3, 4))


def test_unruled_2019_tables_with_units_in_cells():
    """pdf-unruled-2019.pdf: mazhu-2020 (2019 template: 本年增/减, 52项, 114.36万元) without rulings. The
    text export keeps a space after `（1）` that a PDF cannot tell from the gaps between characters, so
    section text is compared without whitespace."""
    got = read_report(FORMS / "pdf-unruled-2019.pdf")
    want = read_report(ROOT / "examples" / "mazhu-2020.txt")
    assert _whitespace_free(comparable(got.to_json())) == _whitespace_free(comparable(want.to_json()))
    assert got.data["active_disclosure"]["procurement"] == {"projects": 52, "amount_10k_yuan": 114.36}
    assert got.source_map["/active_disclosure/procurement/amount_10k_yuan"]["unit"] == "万元"


def _line(number: int, *words: tuple[str, float], size: float = 9.0) -> TextLine:
    """A printed line of words at the given x (each character 9 pt wide)."""
    where = Where(page=1, line=number)
    placed = [Word(text, x, x + 9.0 * len(text), where) for text, x in words]
    text = join_text(" ".join(w.text for w in placed))
    return TextLine(text, placed[0].x0, placed[-1].x1, 100.0 + 12 * number, 109.0 + 12 * number, size, 1, number,
                    placed)


def _rows(*lines: TextLine) -> list[list[str]]:
    reader = RowReader(BodyLayout(left=50, right=540, size=16, pitch=28, justified=True))
    blocks: list = []
    for line in lines:
        assert reader.take(line, is_heading=False)
    reader.flush(blocks)
    [table] = blocks
    return [[c.text for c in row] for row in table.rows]


VALUES7 = (300, 330, 360, 390, 420, 450, 480)


def _values(*texts: str, at: tuple[float, ...] = VALUES7) -> list[tuple[str, float]]:
    return list(zip(texts, at))


def test_unruled_rows_as_section_6_3_prints_them():
    """The text layer of spec §6.3: numbers after a label's continuation, a group label broken over two
    lines and glued onto its first leaf, `三、` and `本` down the side."""
    rows = _rows(
        _line(1, ("申请人情况", 380)),
        _line(2, ("（二）部分公开（区分处理的，只计这一情", 80)),
        _line(3, ("形，不计其他情形）", 80), *_values("447", "7", "0", "0", "0", "0", "454")),
        _line(4, ("（三）不", 80)),
        _line(5, ("予公开", 80)),
        _line(6, ("1.属于国家秘密", 150), *_values("2", "0", "0", "0", "0", "0", "2")),
        _line(7, ("三、", 55)),
        _line(8, ("本", 55), ("2.其他法律行政法规禁止公开", 150), *_values("30", "1", "0", "0", "0", "0", "31")),
        _line(9, ("（四）无", 80), ("1.本机关不掌握相关政府信息", 150),
              *_values("746", "12", "0", "0", "10", "1", "769")),
    )
    assert rows == [
        ["申请人情况"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "447", "7", "0", "0", "0", "0", "454"],
        ["（三）不予公开"],
        ["1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"],
        ["2.其他法律行政法规禁止公开", "30", "1", "0", "0", "0", "0", "31"],
        ["（四）无1.本机关不掌握相关政府信息", "746", "12", "0", "0", "10", "1", "769"],
    ]


def test_unruled_group_and_leaf_labels_wrap_side_by_side():
    rows = _rows(
        _line(1, ("申请人情况", 380)),
        _line(2, ("（六）其", 80), ("1、申请人无正当理由逾期不补", 150), *_values("67", "3", "0", "0", "1", "0", "71")),
        _line(3, ("他处理", 80), ("正、行政机关不再处理其政府信", 150)),
        _line(4, ("息公开申请", 150)),
        _line(5, ("3、其他", 150), *_values("108", "2", "0", "0", "0", "0", "110")),
    )
    assert rows[1][0] == "（六）其他处理1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert rows[2] == ["3、其他", "108", "2", "0", "0", "0", "0", "110"]


def test_unruled_blank_cell_keeps_its_column():
    rows = _rows(
        _line(1, ("第二十条第（一）项", 60)),
        _line(2, ("信息内容", 60), ("本年制发件数", 200), ("本年废止件数", 320), ("现行有效件数", 440)),
        _line(3, ("规章", 60), ("0", 225), ("11", 465)),
    )
    assert rows[-1] == ["规章", "0", "", "11"]


def test_unruled_na_word_among_values_is_a_cell_not_a_label_piece():
    rows = _rows(
        _line(1, ("信息内容", 60), ("本年制发件数", 200), ("本年废止件数", 320), ("现行有效件数", 440)),
        _line(2, ("规章", 60), ("无", 225), ("/", 345), ("无", 465)),
    )
    assert rows[-1] == ["规章", "无", "/", "无"]


def test_unruled_table_ends_where_the_narrative_resumes():
    reader = RowReader(BodyLayout(left=50, right=540, size=16, pitch=28, justified=True))
    assert reader.take(_line(1, ("行政复议", 60), ("行政诉讼", 300)), is_heading=False)
    narrative = _line(2, ("针对存在问题，下一步，我市将着力加强政策解读质效，", 60), size=16.0)
    narrative = TextLine(narrative.text, 60, 540, narrative.top, narrative.bottom, 16.0, 1, 2, narrative.words)
    assert not reader.take(narrative, is_heading=False)
    assert not reader.take(_line(3, ("五、存在的主要问题及改进情况", 60)), is_heading=True)


def test_unruled_header_repeated_on_the_next_page_is_dropped():
    def on_page(page: int, line: TextLine) -> TextLine:
        line.page = page
        return line

    rows = _rows(
        _line(1, ("申请人情况", 380)),
        _line(2, ("商业企业", 330), ("科研机构", 360)),
        _line(3, ("一、本年新收政府信息公开申请数量", 60), *_values("3", "0", "0", "0", "0", "0", "3")),
        on_page(2, _line(1, ("申请人情况", 380))),
        on_page(2, _line(2, ("商业企业", 330), ("科研机构", 360))),
        on_page(2, _line(3, ("二、上年结转政府信息公开申请数量", 60), *_values("1", "0", "0", "0", "0", "0", "1"))),
    )
    assert [r[0] for r in rows] == ["申请人情况", "商业企业", "一、本年新收政府信息公开申请数量",
                                    "二、上年结转政府信息公开申请数量"]


def test_glyphs_without_unicode_do_not_count_as_text():
    assert not pdf._readable("(cid:1234)") and not pdf._readable(" ") and pdf._readable("政")


def test_damaged_pdfs_are_read_or_refused_never_crash(caplog):
    """Bytes flipped at random (seeded) in a real report: each copy is either read or an InputError, and
    pdfminer's running commentary on the damage (FontBBox, data-loss warnings) never reaches the user."""
    import logging
    import random

    raw = (ROOT / "tests" / "data" / "corpus" / "2023-hongzequ-renmin-zhengfu.pdf").read_bytes()
    rng = random.Random(7)
    outcomes = set()
    with caplog.at_level(logging.DEBUG):
        for _ in range(10):
            damaged = bytearray(raw)
            for _ in range(20):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                read_bytes(bytes(damaged), "damaged.pdf")
                outcomes.add("read")
            except InputError as exc:
                assert str(exc).startswith("damaged.pdf: 不是可读取的 PDF（")
                outcomes.add("refused")
    assert outcomes == {"read", "refused"}
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
    assert logging.getLogger("pdfminer").level == logging.NOTSET        # left as it was found
