"""Flat text (spec §6.4): table cells run together. The same report as examples/linxi-2022.txt saved flat
must extract identically. A run with as many digits as cells is one digit a cell; a longer run is cut only
where the table's relations leave one cut (READ-SPLIT, and the cells are marked read by relations), and
otherwise the cells stay blank with a READ-UNSPLIT finding that lists the candidates; a run with fewer
digits than cells is blank with a READ-AMBIGUOUS error."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.diagnostics import Severity
from checker.readers import read_bytes, read_report
from checker.readers.digit_runs import DigitRun, describe, splits
from tests.support.flat_forms import render
from tests.support.forms import FIXTURES, FORMS
from tests.support.samples import comparable

ROOT = Path(__file__).resolve().parents[2]
LINXI = ROOT / "examples" / "linxi-2022.txt"
MAZHU = ROOT / "examples" / "mazhu-2020.txt"
HEAD_2021 = ["某局", "2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况",
             "自然人法人或其他组织总计", "商业企业科研机构社会公益组织法律服务机构其他"]


def flat(*lines: str, head: list[str] = HEAD_2021):
    text = "\n".join([*head, *lines]) + "\n"
    return read_bytes(text.encode("utf-8"), "flat.txt")


def ambiguous(report, rule: str = "READ-UNSPLIT") -> list:
    return [p for p in report.problems if p.rule == rule]


# ── the same report ────────────────────────────────────────────────────────────────────────────────
def test_fixture_extracts_as_the_text_export():
    report = read_report(FORMS / "same-2021-flat.txt")
    assert report.form == "flat"
    assert comparable(report.to_json()) == comparable(read_report(LINXI).to_json())
    assert {(p.rule, p.severity) for p in report.problems} == {("READ-SPLIT", Severity.INFO)}
    split = [p.location.line for p in report.problems]
    assert all(entry.get("read_by") == "relations" for ptr, entry in report.source_map.items()
               if entry["line"] in split and ptr.startswith("/applications/"))


def test_2019_report_saved_flat():
    expected = read_report(MAZHU).to_json()
    report = read_bytes(render(expected).encode("utf-8"), "mazhu-flat.txt")
    assert comparable(report.to_json()) == comparable(expected)


def test_page_split_runs_two_rows_into_one_line_and_repeats_the_merged_label():
    text = (FORMS / "same-2021-flat.txt").read_text("utf-8")
    assert "8.属于行政查询事项0000000三、本年度办 理结果（四）无法提供1.本机关不掌握相关政府信息4100106" in text
    results = read_report(FORMS / "same-2021-flat.txt").data["applications"]["results"]
    assert results["withheld"]["query_matters"]["total"] == 0
    assert results["unavailable"]["not_held"] == {"natural_person": 4, "commercial": 1, "research": 0,
                                                   "nonprofit": 0, "legal_service": 1, "other_org": 0, "total": 6}


# ── table 三 (R3) ──────────────────────────────────────────────────────────────────────────────────
def test_unique_split_under_r3():
    line = "一、本年新收政府信息公开申请数量640020470"
    report = flat(line)
    assert report.data["applications"]["new_received"] == {
        "natural_person": 64, "commercial": 0, "research": 0, "nonprofit": 2, "legal_service": 0,
        "other_org": 4, "total": 70}
    entry = report.source_map["/applications/new_received/total"]
    assert entry["text"] == "70" and entry["line"] == len(HEAD_2021) + 1
    assert line[entry["column"] - 1:] == "70"
    assert report.source_map["/applications/new_received/natural_person"]["column"] == line.index("64") + 1
    assert ambiguous(report) == []


@pytest.mark.parametrize("line, path, values", [
    ("（七）总计20 0 00 0 121", ("results", "total"), [20, 0, 0, 0, 0, 1, 21]),
    ("四、结转下年度继续办理 0 0 00 00 0", ("carried_forward",), [0] * 7),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）200 000121", ("results", "partially_granted"),
     [20, 0, 0, 0, 0, 1, 21]),
])
def test_erratic_spacing(line, path, values):
    node = flat(line).data["applications"]
    for part in path:
        node = node[part]
    assert list(node.values()) == values


def test_labels_gaining_spaces_and_rows_after_a_list_number():
    report = flat("三、本年度办 理结果（三）不予公开1.属于国家秘密0000000",
                  "2.其他法律行政法规禁止公开 0000000 3.危及“三安全一稳定”1000001")
    withheld = report.data["applications"]["results"]["withheld"]
    assert withheld["state_secret"]["total"] == 0
    assert withheld["prohibited_by_law"]["total"] == 0
    assert withheld["security_stability"] == {"natural_person": 1, "commercial": 0, "research": 0, "nonprofit": 0,
                                              "legal_service": 0, "other_org": 0, "total": 1}


def test_ambiguous_row_is_left_blank_with_a_finding():
    report = flat("一、本年新收政府信息公开申请数量234012030")
    assert set(report.data["applications"]["new_received"].values()) == {None}
    [finding] = ambiguous(report)
    assert finding.severity is Severity.WARNING
    assert finding.location.line == len(HEAD_2021) + 1 and finding.location.text == "234012030"
    assert "2|3|4|0|1|20|30" in finding.message and "23|4|0|1|2|0|30" in finding.message
    assert "同样符合" in finding.message and "R3" not in finding.message


def test_run_that_no_split_explains_is_left_blank_with_a_finding():
    report = flat("一、本年新收政府信息公开申请数量1111111111")
    assert set(report.data["applications"]["new_received"].values()) == {None}
    [finding] = ambiguous(report)
    assert "没有一种拆法" in finding.message


# ── table 四 (R4–R6) ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("run, review, direct, after", [
    ("21317000001324019", [2, 1, 3, 1, 7], [0, 0, 0, 0, 0], [13, 2, 4, 0, 19]),
    ("10203120001200000", [1, 0, 2, 0, 3], [12, 0, 0, 0, 12], [0, 0, 0, 0, 0]),
])
def test_table_four_under_r4_to_r6(run, review, direct, after):
    report = flat("行政复议行政诉讼", "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉",
                  "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计", run, head=HEAD_2021[:2])
    table = report.data["review_litigation"]
    assert [list(table[g].values()) for g in ("review", "litigation_direct", "litigation_after_review")] == \
        [review, direct, after]
    assert ambiguous(report) == []


# ── table 二 ───────────────────────────────────────────────────────────────────────────────────────
HEAD_2019 = ["某镇", "2020年政府信息公开工作年度报告", "二、主动公开政府信息情况"]


def test_2019_table_two_has_no_constraint_so_a_run_is_ambiguous():
    report = flat("第二十条第（五）项", "信息内容上一年项目数量本年增/减处理决定数量", "行政许可396442278",
                  "其他对外管理服务事项10 0 7", head=HEAD_2019)
    ad = report.data["active_disclosure"]
    assert ad["licensing"] == {"items_prev_year": None, "change": None, "decisions": None}
    assert ad["other_services"] == {"items_prev_year": 10, "change": 0, "decisions": 7}
    [finding] = ambiguous(report)
    assert "396442278" in finding.message and "28 种" in finding.message and "表二" in finding.message


def test_units_are_cell_boundaries():
    report = flat("第二十条第（九）项", "信息内容采购项目数量采购总金额", "政府集中采购52项114.36万元", head=HEAD_2019)
    assert report.data["active_disclosure"]["procurement"] == {"projects": 52, "amount_10k_yuan": 114.36}
    assert report.source_map["/active_disclosure/procurement/amount_10k_yuan"]["text"] == "114.36万元"


def test_one_value_rows_and_money_need_no_constraint():
    report = flat("第二十条第（五）项", "信息内容本年处理决定数量", "行政许可356",
                  "第二十条第（八）项", "信息内容本年收费金额（单位：万元）", "行政事业性收费12.5683",
                  head=HEAD_2021[:2])
    assert report.data["active_disclosure"]["licensing"] == {"decisions": 356}
    assert report.data["active_disclosure"]["fees"] == {"amount_10k_yuan": 12.5683}


# ── the splitter itself ────────────────────────────────────────────────────────────────────────────
def test_whitespace_is_a_boundary_but_not_every_boundary_has_whitespace():
    assert [describe(c) for c in splits(DigitRun.parse("3 1 12", 1), 3)] == ["3|1|12"]
    assert len(splits(DigitRun.parse("3112", 1), 3)) == 3


def test_no_multi_digit_part_starts_with_zero():
    assert [describe(c) for c in splits(DigitRun.parse("0101", 1), 3)] == ["0|10|1"]


# ── what is not a flat table ───────────────────────────────────────────────────────────────────────
def test_text_without_tables_stays_text():
    text = "某局\n2022年政府信息公开工作年度报告\n一、总体情况\n全年共收到政府信息公开申请30件，上年结转2件。\n"
    report = read_bytes(text.encode(), "plain.txt")
    assert report.form == "text"
    assert report.data["sections"][0]["text"] == "全年共收到政府信息公开申请30件，上年结转2件。"
    assert "applications" not in report.data


def test_page_number_inside_a_table_is_furniture_not_a_row():
    report = flat("（三）不予公开1.属于国家秘密0000000", "- 4 -", "第 5 页",
                  "2.其他法律行政法规禁止公开1000001")
    assert report.data["applications"]["results"]["withheld"]["prohibited_by_law"]["total"] == 1
    assert ambiguous(report) == []
    assert all("4" not in s["text"] for s in report.data["sections"])


# ── digit runs as printed (spec §6.4) ───────────────────────────────────────────────────────────────
def test_as_many_digits_as_cells_is_one_reading_even_when_the_row_does_not_add_up():
    report = flat("（二）部分公开（区分处理的，只计这一情形，不计其他情形）8100008")
    assert report.data["applications"]["results"]["partially_granted"] == {
        "natural_person": 8, "commercial": 1, "research": 0, "nonprofit": 0, "legal_service": 0, "other_org": 0,
        "total": 8}
    assert report.problems == []
    assert "read_by" not in report.source_map["/applications/results/partially_granted/total"]


def test_fewer_digits_than_cells_is_blank_with_one_error_quoting_the_run():
    report = flat("一、本年新收政府信息公开申请数量0 00000")
    assert set(report.data["applications"]["new_received"].values()) == {None}
    [finding] = ambiguous(report, "READ-AMBIGUOUS")
    assert finding.severity is Severity.ERROR and "“0 00000”" in finding.message and "6 位" in finding.message
    assert ambiguous(report) == []


def test_a_longer_run_is_cut_by_the_columns_when_its_own_row_does_not_add_up():
    """（七）总计 printed `191000019`: no cut makes the row add up, but the leaves above fix every column."""
    report = flat("一、本年新收政府信息公开申请数量190000019", "二、上年结转政府信息公开申请数量0000000",
                  "三、本年度办理结果（一）予以公开 6000006", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）8100008",
                  "（七）总计191000019", "四、结转下年度继续办理0000000")
    results = report.data["applications"]["results"]
    assert list(results["total"].values()) == [19, 1, 0, 0, 0, 0, 19]
    assert report.source_map["/applications/results/total/commercial"]["read_by"] == "relations"
    splits_ = [p for p in report.problems if p.rule == "READ-SPLIT"]
    assert any("191000019" in p.message and "不能再作为本行的核验依据" in p.message for p in splits_)
    assert not ambiguous(report) and not ambiguous(report, "READ-AMBIGUOUS")


# ── crawler text: an archiver's header, then the whole page on one line ─────────────────────────────
def _crawled(model: dict) -> bytes:
    lines = [line for line in render(model).split("\n") if line.strip()]
    organ, title = lines[0], lines[1]
    return ("标题: " + organ + title + "\n发布时间: 2023-01-20 10:00\n原文链接: https://example.invalid/t.htm\n"
            "本地目录: a/b\n==================== 正文 ====================\n"
            "当前位置： 首页 > 政务公开 > 年报 来源： 时间：2023-01-20 --> 微信 微博 QQ空间 相关链接： "
            + "".join(lines[2:]) + " 附件下载\n").encode("utf-8")


@pytest.mark.parametrize("source", [LINXI, MAZHU])
def test_a_page_saved_on_one_line_by_an_archiver_extracts_as_the_text_export(source):
    expected = read_report(source).to_json()
    report = read_bytes(_crawled(expected), "page.txt")
    got = comparable(report.to_json())
    for table in ("active_disclosure", "applications", "review_litigation"):
        assert got[table] == comparable(expected)[table], table
    assert [s["number"] for s in report.data["sections"]] == [1, 2, 3, 4, 5, 6]
    assert report.data["report"]["published_on"] == "2023-01-20"
    assert report.data["report"]["source"] == "https://example.invalid/t.htm"
    assert report.data["report"]["organ"] == expected["report"]["organ"]
    assert "微信" not in report.data["preamble"] and "附件下载" not in report.data["sections"][5]["text"]
    assert {p.rule for p in report.problems} <= {"READ-SPLIT"}


def test_as_many_numbers_as_cells_parted_by_spaces_is_the_reading_even_when_the_row_does_not_add_up():
    """`21 0 0 0 0 0 21` (a PDF's text layer) printed every boundary: no cut by the relations, no READ-SPLIT;
    and a row that does not add up is read as printed, never cut again into one that does."""
    report = flat("一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21", "二、上年结转政府信息公开申请数量 12 0 0 0 0 1 10")
    applications = report.data["applications"]
    assert list(applications["new_received"].values()) == [21, 0, 0, 0, 0, 0, 21]
    assert list(applications["carried_over"].values()) == [12, 0, 0, 0, 0, 1, 10]
    assert report.problems == []
