"""The Word-export text reader, against the real mazhu-2020 export and constructed reports of both templates."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from checker.document import Where
from checker.errors import InputError
from checker.model import all_cell_pointers
from checker.readers import read_bytes, read_report
from tests.support.samples import comparable, linxi_2022, set_row, zero_tables
from tests.support.wordtext import render

ROOT = Path(__file__).resolve().parents[2]
MAZHU = ROOT / "examples" / "mazhu-2020.txt"


def mazhu_expected_tables() -> dict:
    """Every cell of mazhu-2020's tables 二–四, read off the document by hand: all 0 but these."""
    tables = zero_tables("2019")
    tables["active_disclosure"]["procurement"] = {"projects": 52, "amount_10k_yuan": 114.36}
    for row in (("new_received",), ("results", "granted"), ("results", "total")):
        set_row(tables["applications"], row, natural_person=4, commercial=5)
    return tables


def test_mazhu_every_cell():
    report = read_report(MAZHU)
    expected = mazhu_expected_tables()
    for key in ("active_disclosure", "applications", "review_litigation"):
        assert report.data[key] == expected[key], key
    pointers = all_cell_pointers("2019")
    assert len(pointers) == 198
    for ptr in pointers:  # every cell was printed somewhere, and source_map says where
        entry = report.source_map[ptr]
        assert entry["line"] > 0 and entry["column"] == 2 and entry["text"] != ""


def test_mazhu_metadata_and_sections():
    report = read_report(MAZHU)
    meta = report.data["report"]
    assert meta["title"] == "马渚镇人民政府2020年政府信息公开工作年度报告"
    assert meta["organ"] == "马渚镇人民政府"
    assert meta["year"] == 2020
    assert meta["template"] == "2019"
    assert "本年新制作数量" in meta["template_evidence"]["2019"] and meta["template_evidence"]["2021"] == []
    assert meta["signed_on"] == "2020-12-31"
    assert meta["period"] == {"start": "2020-01-01", "end": "2020-12-31"}  # 统计期限自2020年1月1日至2020年12月31日止
    assert report.data["preamble"].startswith("本年报根据《中华人民共和国政府信息公开条例》")
    sections = report.data["sections"]
    assert [s["number"] for s in sections] == [1, 2, 3, 4, 5, 6]
    assert [s["numbering"] for s in sections] == ["1、", "2、", "3、", "4、", "5、", "6、"]
    assert sections[3]["heading"] == "政府信息公开行政复议、行政诉讼情况"
    assert "共收到政府信息公开申请件9件" in sections[0]["text"]
    assert sections[5]["text"] == "本年度无其他需要报告的事项。"  # the signature is not section text
    assert "[bookmark" not in sections[4]["text"]
    assert report.source_map["/applications/new_received/total"] == {"line": 113, "column": 2, "page": None,
                                                                     "text": "9"}
    assert report.source_map["/active_disclosure/procurement/amount_10k_yuan"]["unit"] == "万元"


def test_linxi_2021_template_extracts_as_built():
    report = read_report(ROOT / "examples" / "linxi-2022.txt")
    got = comparable(report.to_json())
    assert got.pop("extras") == []
    assert got == comparable(linxi_2022())
    assert report.data["report"]["template"] == "2021"
    assert report.data["report"]["template_evidence"]["2019"] == []


def test_fingerprint_not_year_decides_template():
    # A 2021-layout report that says it is for 2020 is still read as the 2021 template (a rule flags the year).
    model = linxi_2022()
    model["report"]["year"] = 2020
    report = read_bytes(render(model).encode(), "x.txt")
    assert report.data["report"]["template"] == "2021"
    assert report.data["report"]["year"] == 2020


def _extract(text: str):
    return read_bytes(text.encode("utf-8"), "variant.txt")


def _linxi_text(**replacements: str) -> str:
    text = render(linxi_2022())
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("old,new", [
    ("一、本年新收政府信息公开申请数量", "一、本年新收到政府信息公开申请数量"),
    ("二、上年结转政府信息公开申请数量", "二、上年转结政府信息公开申请数量"),
    ("四、结转下年度继续办理", "四、转结下年度继续办理"),
    ("四、结转下年度继续办理", "四、结转下一年度继续办理"),
    ("（一）予以公开", "(一)予以公开"),
    ("（七）总计", "(七)总计"),
    ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"'),
    ("3.危及“三安全一稳定”", "3.危及「三安全一稳定」"),
    ("3.危及“三安全一稳定”", "3.危及三安全一稳定"),
    ("1.本机关不掌握相关政府信息", "1、本机关不掌握相关政府信息"),
    ("1.本机关不掌握相关政府信息", "（1）本机关不掌握相关政府信息"),
    ("1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
    ("2.重复申请", "2．重复申请"),
    ("三、本年度办理结果", "三、本年度办 理结果"),
    ("\t商业企业", "\t商业 企业"),
    ("\t社会公益组织", "\t社会公益\u3000组织"),
    ("\t总计\n\n\t\n\t\n\t商业企业", "\t合计\n\n\t\n\t\n\t商业企业"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
    ("第二十条第（一）项", "第二十条第(一)项"),
    ("第二十条第（八）项", "第二十条 第（八）项"),
])
def test_label_variants_read_the_same(old, new):
    base = comparable(_extract(render(linxi_2022())).to_json())
    assert comparable(_extract(_linxi_text(**{old: new})).to_json()) == base


def test_misprinted_leaf_is_matched_by_its_number():
    report = _extract(_linxi_text(**{"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"}))
    assert report.data["applications"]["results"]["withheld"]["prohibited_by_law"]["total"] == 0
    assert report.source_map["/applications/results/withheld/prohibited_by_law/total"]["text"] == "0"


def _mazhu_with(old: str, new: str) -> str:
    text = MAZHU.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("printed,value,unit", [
    ("114.36万元", 114.36, "万元"), ("251000元", 25.1, "元"), ("5394432.52元", 539.443252, "元"),
    ("3,802,895.90元", 380.28959, "元"), ("114.36", 114.36, None), ("—", None, None),
])
def test_procurement_amount_units(printed, value, unit):
    report = _extract(_mazhu_with("\t114.36万元", f"\t{printed}"))
    assert report.data["active_disclosure"]["procurement"]["amount_10k_yuan"] == value
    entry = report.source_map["/active_disclosure/procurement/amount_10k_yuan"]
    assert entry["text"] == printed and entry["unit"] == unit


@pytest.mark.parametrize("printed,value", [("-18", -18), ("+5", 5), ("增5", 5), ("减3", -3), ("0", 0),
                                           ("－7", -7), ("/", None)])
def test_signed_change(printed, value):
    # The first 本年增/减 cell of the document is 行政许可's (第二十条第（五）项).
    text = MAZHU.read_text(encoding="utf-8")
    anchor = "\t行政许可\n\t0\n\t0\n"
    assert anchor in text
    report = _extract(text.replace(anchor, f"\t行政许可\n\t0\n\t{printed}\n", 1))
    assert report.data["active_disclosure"]["licensing"]["change"] == value
    assert report.source_map["/active_disclosure/licensing/change"]["text"] == printed


@pytest.mark.parametrize("printed,value", [("52项", 52), ("52", 52), ("1,234项", 1234), ("1，234", 1234),
                                           ("", None), ("/", None), ("—", None), ("-", None), ("无", None),
                                           ("\u3000", None), ("\u00a0", None)])
def test_counts_and_blank_forms(printed, value):
    report = _extract(_mazhu_with("\t52项", f"\t{printed}"))
    assert report.data["active_disclosure"]["procurement"]["projects"] == value
    # the printed text is kept, blank ones included; never a silent 0
    assert report.source_map["/active_disclosure/procurement/projects"]["text"] == printed.strip()


def test_unreadable_cell_is_a_reader_finding_not_a_number():
    report = _extract(_mazhu_with("\t52项", "\t五十二"))
    assert report.data["active_disclosure"]["procurement"]["projects"] is None
    [problem] = report.problems
    assert problem.rule == "READ-CELL" and problem.cells == ["/active_disclosure/procurement/projects"]
    assert problem.location.line == 84


def test_blank_table_cells_are_null_with_text_kept():
    model = linxi_2022()
    model["applications"]["results"]["withheld"]["state_secret"]["commercial"] = None
    report = _extract(render(model, blank="/"))
    assert report.data["applications"]["results"]["withheld"]["state_secret"]["commercial"] is None
    assert report.source_map["/applications/results/withheld/state_secret/commercial"]["text"] == "/"


def test_table_missing_is_absent_not_invented():
    report = _extract(render(linxi_2022(), tables=("active_disclosure", "review_litigation")))
    assert "applications" not in report.data
    assert report.data["review_litigation"]["review"]["total"] == 2
    assert not any(p.startswith("/applications") for p in report.source_map)


def test_heading_numbering_styles():
    report = _extract(render(linxi_2022(), numbering="一、"))
    assert [s["numbering"] for s in report.data["sections"]] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert [s["number"] for s in report.data["sections"]] == [1, 2, 3, 4, 5, 6]


def test_extra_rows_go_to_extras():
    text = _linxi_text(**{"\t（七）总计": "\t小计（三）\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n\n\t\n\t（七）总计"})
    report = _extract(text)
    assert report.data["extras"] == [{"table": "applications", "label": "小计（三）",
                                      "values": {"natural_person": 2, "commercial": 0, "research": 0, "nonprofit": 0,
                                                 "legal_service": 0, "other_org": 0, "total": 2}}]
    assert report.data["applications"]["results"]["total"]["total"] == 31


# ── encodings ────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings(encoding):
    text = MAZHU.read_text(encoding="utf-8")
    if encoding == "gbk":
        text = text.replace("“", '"').replace("”", '"')  # GBK has the curly quotes; keep the test about decoding
    expected = read_bytes(text.encode("utf-8"), "m.txt").data
    raw = text.encode(encoding)
    assert read_bytes(raw, "m.txt").data == expected


def test_windows_line_endings():
    text = MAZHU.read_text(encoding="utf-8").replace("\n", "\r\n")
    report = read_bytes(text.encode("utf-8"), "m.txt")
    assert report.data["applications"]["new_received"]["total"] == 9
    assert report.source_map["/applications/new_received/total"]["line"] == 113


def test_binary_file_is_an_input_error():
    with pytest.raises(InputError, match="binary"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "scan.txt")


def test_undecodable_bytes_are_an_input_error():
    raw = bytes([0x81, 0x30, 0xFF, 0xFE, 0xFD]) * 50 + codecs.BOM_UTF8[:1] * 3
    with pytest.raises(InputError) as info:
        read_bytes(raw, "bad.txt")
    assert "bad.txt" in str(info.value)


def test_stdin_name_and_missing_file():
    with pytest.raises(InputError, match="no such file"):
        read_report(ROOT / "examples" / "nope.txt")


def test_subtotal_column_goes_to_extras():
    """A 小计 column for 法人或其他组织 is kept in extras, row by row, and the template cells stay right."""
    lines = render(linxi_2022()).split("\n")
    out, in_table3 = [], False
    for i, line in enumerate(lines):
        out.append(line)
        if line == "\t其他" and lines[i + 1] == "\t":
            out.append("\t小计")
            in_table3 = True
        elif in_table3 and line.startswith("\t") and lines[i + 1] == "" and lines[i - 6].startswith("\t") \
                and all(lines[j][1:].isdigit() for j in range(i - 6, i + 1)):
            row = [int(lines[j][1:]) for j in range(i - 6, i + 1)]
            out.insert(len(out) - 1, f"\t{sum(row[1:6])}")
        if line.startswith("4、"):
            in_table3 = False
    report = _extract("\n".join(out))
    assert comparable(report.to_json())["applications"] == linxi_2022()["applications"]
    subtotals = {e["row"]: e["values"]["subtotal"] for e in report.data["extras"]}
    assert subtotals["/applications/new_received"] == 7 and subtotals["/applications/results/total"] == 7
    assert len(subtotals) == 25


def test_misprinted_label_is_reported_once_and_variants_are_not():
    report = _extract(_linxi_text(**{"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"}))
    [problem] = [p for p in report.problems if p.rule == "READ-LABEL"]
    assert "2.其他法律行政止公开" in problem.message and "2.其他法律行政法规禁止公开" in problem.message
    assert problem.cells == ["/applications/results/withheld/prohibited_by_law"]
    assert problem.location.line is not None
    variants = _linxi_text(**{"（一）予以公开": "(一)予以公开", "3.危及“三安全一稳定”": "3.危及三安全一稳定",
                              "四、结转下年度继续办理": "四、转结下一年度继续办理",
                              "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开"})
    assert [p for p in _extract(variants).problems if p.rule == "READ-LABEL"] == []


def test_period_is_the_stated_statistics_period_not_any_date_range():
    model = linxi_2022()
    model["preamble"] = "本报告根据《中华人民共和国政府信息公开条例》要求编制。"
    model["sections"][0]["text"] = "自2022年3月1日至2022年6月30日开展政务公开专项行动。" + model["sections"][0]["text"]
    assert _extract(render(model)).data["report"]["period"] is None
    model["sections"][5]["text"] += "本报告数据统计期限为2022年1月1日至2022年12月31日。"
    assert _extract(render(model)).data["report"]["period"] == {"start": "2022-01-01", "end": "2022-12-31"}


def test_cells_and_places_alike_whether_or_not_a_line_holds_several_cells():
    """parse_lines reads a page whose every TAB starts its line without looking for a second TAB on each
    line; one line of several cells (or a TAB doubled or left at the end) anywhere makes it look again."""
    from checker.readers.text import parse_lines

    def cells(lines):
        return [[(c.text, c.where) for c in row] for block in parse_lines(lines).blocks
                for row in getattr(block, "rows", [])]

    single = ["标题", "\t项目", "\t5", "", "\t行政许可", "\t6", ""]
    assert cells(single) == [[("项目", Where(2, 2)), ("5", Where(3, 2))], [("行政许可", Where(5, 2)), ("6", Where(6, 2))]]
    for odd in ("\t6\t", "\t\t6", "\t行政许可\t6", "\t6 \t 7"):
        lines = single[:5] + [odd, ""]
        expected = [("行政许可", Where(5, 2))] + [(part.strip(), Where(6, 2 + len("\t".join(odd[1:].split("\t")[:i])) + (1 if i else 0)))
                                                 for i, part in enumerate(odd[1:].split("\t"))]
        assert cells(lines)[1] == expected, odd


def test_rows_read_alike_the_first_time_and_from_the_kept_plans():
    """A table-三 row is read in full the first time its label is seen, and from the label's kept plan
    after (assemble_tables._numbered_application_row): both give the same model, source map and findings,
    a misprinted label included."""
    from checker import assemble_cells, assemble_rows

    texts = [MAZHU.read_text(encoding="utf-8"), (ROOT / "examples" / "linxi-2022.txt").read_text(encoding="utf-8"),
             _linxi_text(**{"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"})]
    for text in texts:
        assemble_rows.LABEL_PLANS.clear()
        assemble_cells._POINTERS.clear()
        first = _extract(text)
        again = _extract(text)
        assert again.to_json() == first.to_json() and again.problems == first.problems
        assert again.data["applications"]
