"""Text copied out of a PDF's text layer (spec §6.3), read as text: paragraphs broken into printed lines,
table rows with their cells parted by spaces, table-三 labels wrapped around their numbers, numbers printed
on the line before or after their label, merged group labels a character or a piece per line, table 四's
header cut inside its words. The real reports of tests/data/corpus, as their text layers, must read as
their truth files say and be found what their PDFs are found; generated pages of every shape must read
back what they print, and one changed cell on such a page must be caught where it was printed."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.diagnostics import Severity
from checker.lint import LintOptions, lint_report, load_ruleset
from checker.model import Report
from checker.readers import read_bytes, read_report
from tests.engine.reports import consistent_reports, set_cell, table_pointers
from tests.support.corpus import CORPUS, truth_of
from tests.support.forms import FORMS
from tests.support.text_layer_forms import render

LAYER = CORPUS / "text-layer"
STEMS = ["2023-hongzequ-renmin-zhengfu", "2024-hongzequ-renmin-zhengfu", "2024-huaianshi-renmin-zhengfu"]
EXTRACTORS = ["pdfplumber", "pdftotext-layout"]      # extract_text(); pdftotext -layout
FILES = [f"{stem}.{extractor}" for stem in STEMS for extractor in EXTRACTORS]
TABLES = ("active_disclosure", "applications", "review_litigation")
OPTIONS = LintOptions()
RULES = load_ruleset(OPTIONS)
HEAD = ["某局", "2022 年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况", "法人或其他组织",
        "（本列数据的勾稽关系为：第一项加第二项之和，等", "于第三项加第四项之和）", "自然人 社会 法律 总计", "商业 科研",
        "公益 服务 其他", "企业 机构", "组织 机构"]


@lru_cache(maxsize=None)
def _read(name: str) -> Report:
    return read_report(LAYER / f"{name}.txt")


def _findings(report: Report) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((d.rule, d.message, tuple(d.cells)) for d in lint_report(report, RULES, OPTIONS))


def page(*lines: str) -> Report:
    return read_bytes(("\n".join([*HEAD, *lines]) + "\n").encode("utf-8"), "layer.txt")


def row(report: Report, *path: str) -> list:
    node = report.data["applications"]
    for part in path:
        node = node[part]
    return list(node.values())


# ── the real reports ──────────────────────────────────────────────────────────────────────────────
def test_the_text_layers_are_there():
    assert sorted(p.name for p in LAYER.glob("*.txt")) == sorted(f"{name}.txt" for name in FILES)
    assert sorted(p.name.removesuffix(".truth.json") for p in CORPUS.glob("*.truth.json")) == STEMS


@pytest.mark.parametrize("name", FILES)
def test_every_table_cell_field_and_section_is_the_truth(name):
    want, report = truth_of(name.split(".")[0]), _read(name)
    assert report.form == "flat"
    for table in TABLES:
        assert report.data[table] == want[table], table
    assert {key: report.data["report"][key] for key in want["report"]} == want["report"]
    assert [{key: s[key] for key in ("number", "heading", "text")} for s in report.data["sections"]] == want["sections"]


@pytest.mark.parametrize("name", FILES)
def test_the_reading_reports_only_the_misprinted_label(name):
    problems = [(p.rule, p.cells) for p in _read(name).problems]
    assert problems == ([] if "huaianshi" in name else
                        [("READ-LABEL", ["/applications/results/withheld/prohibited_by_law"])])


@lru_cache(maxsize=None)
def _pdf_findings(stem: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return _findings(read_report(CORPUS / f"{stem}.pdf"))


@pytest.mark.parametrize("name", FILES)
def test_the_text_layer_is_found_what_its_pdf_is_found(name):
    assert _findings(_read(name)) == _pdf_findings(name.split(".")[0])


def test_a_cell_points_at_the_line_it_was_printed_on():
    report = _read("2024-huaianshi-renmin-zhengfu.pdfplumber")
    lines = (LAYER / "2024-huaianshi-renmin-zhengfu.pdfplumber.txt").read_text("utf-8").splitlines()
    entry = report.source_map["/applications/results/partially_granted/total"]
    assert lines[entry["line"] - 1] == "447 7 0 0 0 0 454" and entry["text"] == "454"
    assert lines[entry["line"] - 1][entry["column"] - 1:] == "454"
    entry = report.source_map["/review_litigation/review/total"]
    assert lines[entry["line"] - 1].startswith("72 64 178 37 351 ")


# ── the form fixtures' PDFs, as their text layers: short pages, a header repeated, units with a gap ────
FORM_LAYERS = sorted(p.name.removesuffix(".txt") for p in (FORMS / "text-layer").glob("*.txt"))


@pytest.mark.parametrize("name", FORM_LAYERS)
def test_the_text_layer_of_a_form_fixture_reads_as_its_pdf(name):
    """Found by a new-user trial on these PDFs' text: a short report's few full lines, table 三's header
    repeated after a page break, `他处理 正、行政机关…`, `52 项 114.36 万元`."""
    report = read_report(FORMS / "text-layer" / f"{name}.txt")
    pdf = read_report(FORMS / f"{name.split('.')[0]}.pdf")
    assert {t: report.data[t] for t in TABLES} == {t: pdf.data[t] for t in TABLES}
    assert report.data["report"] == pdf.data["report"]
    assert _findings(report) == _findings(pdf) and not report.problems


def test_a_unit_after_a_gap_belongs_to_its_number():
    report = read_bytes("\n".join(["某镇", "2020 年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（九）项",
                                   "信息内容 采购项目数量 采购总金额", "政府集中采购 52 项 114.36 万元"]).encode("utf-8"),
                        "layer.txt")
    assert report.data["active_disclosure"]["procurement"] == {"projects": 52, "amount_10k_yuan": 114.36}


def test_the_header_repeated_after_a_page_break_does_not_end_table_three():
    report = page("（一）予以公开 12 2 0 1 1 0 16", "- 2 -", "（本列数据的勾稽关系为：第一项加第二项之和，等 申请人情况",
                  "于第三项加第四项之和） 自然 法人或其他组织 总计", "人 商业 科研 社会 法律 其他", "企业 机构 公益 服务", "组织 机构",
                  "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 3 1 0 0 0 0 4")
    assert row(report, "results", "partially_granted") == [3, 1, 0, 0, 0, 0, 4]
    assert not report.problems


# ── one shape at a time ───────────────────────────────────────────────────────────────────────────
def test_cells_parted_by_spaces_are_read_as_printed_even_when_they_do_not_add_up():
    report = page("一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21", "二、上年结转政府信息公开申请数量 1 2 0 0 0 0 4")
    assert row(report, "new_received") == [21, 0, 0, 0, 0, 0, 21]
    assert row(report, "carried_over") == [1, 2, 0, 0, 0, 0, 4]      # never cut again to make it add up
    assert not report.problems
    assert "read_by" not in report.source_map["/applications/new_received/total"]


def test_a_wrapped_label_around_its_numbers_is_one_row_with_its_whole_label():
    report = page("（一）予以公开 1 0 0 0 0 0 1", "（二）部分公开（区分处理的，只计这一情", "447 7 0 0 0 0 454", "形，不计其他情形）",
                  "1.属于国家秘密 2 0 0 0 0 0 2")
    assert row(report, "results", "partially_granted") == [447, 7, 0, 0, 0, 0, 454]
    assert row(report, "results", "withheld", "state_secret") == [2, 0, 0, 0, 0, 0, 2]
    assert not report.problems      # the label, joined, is the template's: no READ-LABEL


def test_numbers_before_or_after_their_one_line_label():
    report = page("（一）予以公开 0 0 0 0 0 0 0", "1 0 0 0 0 0 1", "1.属于国家秘密", "三 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0",
                  "、", "3 0 0 0 0 0 3", "本 3.危及“三安全一稳定”", "4.保护第三方合法权益", "4 0 0 0 0 0 4")
    withheld = report.data["applications"]["results"]["withheld"]
    assert [withheld[k]["total"] for k in ("state_secret", "prohibited_by_law", "security_stability",
                                           "third_party_rights")] == [1, 0, 3, 4]
    assert not report.problems


def test_merged_group_labels_in_pieces_and_a_label_over_three_lines():
    report = page("（四）无 1.本机关不掌握相关政府信息 746 12 0 0 10 1 769", "- 4 -", "法提供 2.没有现成信息需要另行制作 11 0 0 0 0 0 11",
                  "1、申请人无正当理由逾期不补", "他处理 正、行政机关不再处理其政府信 67 3 0 0 1 0 71", "息公开申请", "（六）其",
                  "2、申请人逾期未按收费通知要", "他处理", "求缴纳费用、行政机关不再处理 6 0 0 0 0 0 6", "其政府信息公开申请",
                  "3、其他 108 2 0 0 0 0 110")
    results = report.data["applications"]["results"]
    assert results["unavailable"]["not_held"]["total"] == 769 and results["unavailable"]["needs_creation"]["total"] == 11
    assert [results["other"][k]["total"] for k in ("no_correction", "unpaid_fee", "other")] == [71, 6, 110]
    assert not report.problems
    assert report.source_map["/applications/results/other/no_correction/total"]["line"] == len(HEAD) + 5


def test_table_four_with_its_header_cut_inside_words():
    report = read_bytes("\n".join(["某局", "2023 年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况",
                                   "行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", "结果 结果 其他结 尚未", "总计",
                                   "结 果 结果 其他 尚未 结果 结果 其他 尚未审", "维持 纠正 果 审结", "总计 总计",
                                   "维持 纠正 结果 审结 维持 纠正 结果 结", "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20",
                                   "五、存在的主要问题及改进情况"]).encode("utf-8"), "layer.txt")
    table = report.data["review_litigation"]
    assert [list(table[g].values()) for g in ("review", "litigation_direct", "litigation_after_review")] == \
        [[72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]]


def test_table_two_with_its_column_titles_cut_over_two_lines():
    report = read_bytes("\n".join(["某局", "2020 年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项",
                                   "信息内容 本年新 本年新 对外公开", "制作数量 公开数量 总数量", "规章 0 0 5",
                                   "规范性文件 3 3 40", "第二十条第（五）项", "信息内容 上一年 本年增 处理决",
                                   "项目数量 /减 定数量", "行政许可 10 -2 300"]).encode("utf-8"), "layer.txt")
    assert report.data["active_disclosure"] == {
        "regulations": {"made": 0, "published": 0, "total_public": 5},
        "normative_documents": {"made": 3, "published": 3, "total_public": 40},
        "licensing": {"items_prev_year": 10, "change": -2, "decisions": 300}}
    assert not report.problems


def test_a_line_that_names_no_row_after_the_table_still_ends_it():
    report = page("四、结转下年度继续办理 0 0 0 0 0 0 0", "附注", "本表由办公室填报")
    assert row(report, "carried_forward") == [0] * 7
    assert report.data["sections"][0]["text"] == "附注\n本表由办公室填报" and not report.problems


# ── paragraphs ────────────────────────────────────────────────────────────────────────────────────
def test_paragraphs_run_on_over_lines_and_page_numbers_and_lose_the_layers_gaps():
    report = _read("2023-hongzequ-renmin-zhengfu.pdfplumber")
    intro = report.data["preamble"]
    assert "报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。" in intro
    assert "号，邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com）。" in intro
    assert report.data["report"]["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert all("- " not in s["text"] for s in report.data["sections"])


def test_a_page_of_short_lines_keeps_its_lines():
    """A Word export saved without TABs or a hand-typed page is no text layer: its lines stay paragraphs."""
    lines = ["某局", "2022年政府信息公开工作年度报告", "一、总体情况", *[f"第{i}项工作" for i in range(30)]]
    report = read_bytes("\n".join(lines).encode("utf-8"), "short.txt")
    assert report.data["sections"][0]["text"].count("\n") == 29


# ── every shape, generated ────────────────────────────────────────────────────────────────────────
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.integers(0, 2**32))
def test_a_generated_text_layer_reads_back_what_it_prints_and_has_no_finding(report, seed):
    read = read_bytes(render(report.data, seed).encode("utf-8"), "layer.txt")
    assert {t: read.data[t] for t in TABLES} == {t: report.data[t] for t in TABLES}
    assert [(d.rule, d.message) for d in lint_report(read, RULES, OPTIONS)] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.integers(0, 2**32), st.data())
def test_one_changed_cell_of_a_text_layer_is_caught_where_it_was_printed(report, seed, data):
    pointer = data.draw(st.sampled_from(table_pointers(report)), label="cell")
    delta = data.draw(st.integers(-40, 40).filter(bool), label="delta")
    set_cell(report, pointer, report.get(pointer) + delta)
    text = render(report.data, seed)
    read = read_bytes(text.encode("utf-8"), "layer.txt")
    assert read.get(pointer) == report.get(pointer)
    errors = [d for d in lint_report(read, RULES, OPTIONS) if d.severity == Severity.ERROR]
    assert any(pointer in d.cells for d in errors)
    entry = read.source_map[pointer]
    printed = text.splitlines()[entry["line"] - 1]
    assert printed[entry["column"] - 1:].startswith(str(report.get(pointer)))
