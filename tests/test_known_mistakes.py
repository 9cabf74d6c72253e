"""Facts checked by hand that a plausible one-line mistake would break (benchmarks/mutants.py applies each
mistake to a copy of the code and checks that a test here, or elsewhere in the suite, then fails)."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path

from checker.engine import evaluate, load_rule_file, load_rules
from checker.engine.examples import fixture
from checker.labels import section_heading
from checker.model import Report
from checker.readers import read_bytes, read_report
from checker.readers.text import parse_lines
from checker.values import parse_count
from tests.support.html_forms import official_page
from tests.support.samples import comparable, linxi_2022

RULES = load_rules()
ROOT = Path(__file__).resolve().parents[1]


def changed(name: str, changes: dict) -> Report:
    data = copy.deepcopy(fixture(name))
    for pointer, value in changes.items():
        node = data
        *parents, last = pointer.strip("/").split("/")
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value
    return Report(data=data, source_map={}, path=f"{name}.json", form="json")


def test_money_is_compared_to_a_millionth_of_a_wan_yuan(tmp_path):
    """mazhu-2020 prints 采购 114.36 万元; a rule asserting that amount fails when it is 114.86 (5000 元 off)."""
    path = tmp_path / "money.yaml"
    path.write_text(textwrap.dedent("""\
        rules:
          - id: P1
            title: 采购金额
            severity: error
            source: 测试
            explanation: 测试。
            assert: "active_disclosure.procurement.amount_10k_yuan == 114.36"
            message: "采购金额 {lhs}"
            examples:
              pass: [{base: mazhu-2020}]
              fail: [{base: mazhu-2020, set: {/active_disclosure/procurement/amount_10k_yuan: 114.86}}]
        """), encoding="utf-8")
    rules = load_rule_file(path)
    assert evaluate(changed("mazhu-2020", {}), rules) == []
    off = evaluate(changed("mazhu-2020", {"/active_disclosure/procurement/amount_10k_yuan": 114.86}), rules)
    assert [d.rule for d in off] == ["P1"] and "114.86" in off[0].message


def test_a_cell_in_only_one_failed_relation_is_not_named_as_the_likely_wrong_one():
    """carried_over/commercial blank: its row (R3) cannot be assessed, so 99 printed for 自然人 fails R1
    alone (23 + 99 vs 24 + 1). One relation does not say which of its cells is wrong: no suspect."""
    found = evaluate(changed("linxi-2022", {"/applications/carried_over/commercial": None,
                                            "/applications/carried_over/natural_person": 99}), RULES)
    failed = [d for d in found if d.rule == "R1"]
    assert len(failed) == 1 and "相差 97" in failed[0].message
    assert all(d.suspect is None for d in found)


def test_text_cells_on_one_line_are_located_at_their_own_column():
    """`\\t项目\\t5\\t6`: TAB at 1, 项目 at 2–3, TAB at 4, 5 at 5, TAB at 6, 6 at 7."""
    document = parse_lines(["标题", "\t项目\t5\t6", ""])
    row = document.blocks[1].rows[0]
    assert [(cell.text, cell.where.line, cell.where.column) for cell in row] == [("项目", 2, 2), ("5", 2, 5), ("6", 2, 7)]


def test_a_two_column_layout_table_is_read_as_text():
    """An old portal puts the title and the date side by side in a two-cell table: that is page layout, and
    the report (its title included) reads exactly as the same report printed without that table."""
    article = official_page(linxi_2022(), pub_date_meta=None)
    body = article[article.index('<div class="TRS_Editor"'):article.index('<div class="article-tools">')]
    raw = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
           "<table><tr><td class='bt'>临溪县自然资源局2022年政府信息公开工作年度报告</td>"
               "<td>发布日期：2023-01-20</td></tr></table>" + body + "</body></html>").encode()
    report = read_bytes(raw, "layout.html")
    assert report.data["report"]["title"] == "临溪县自然资源局2022年政府信息公开工作年度报告"
    assert comparable(report.to_json()) == comparable(read_report(ROOT / "examples" / "linxi-2022.txt").to_json())


def test_section_four_heading_names_both_review_and_litigation():
    assert section_heading("四、政府信息公开行政复议、行政诉讼情况")[0] == 4
    assert section_heading("四、行政复议和行政诉讼情况")[0] == 4
    # a line naming only one of them is a sub-item or a sentence, not section 四's heading
    assert section_heading("四、行政复议情况") is None
    assert section_heading("四、行政诉讼情况") is None


def test_wu_is_blank_not_zero_and_not_unreadable():
    """README: blank, `/`, `—`, `-` and `无` cells are null."""
    assert parse_count("无").value is None and parse_count("无").ok
    found = evaluate(changed("linxi-2022", {"/applications/results/granted/natural_person": None}), RULES)
    assert [d.rule for d in found] == ["D11"]


def test_a_count_printed_with_a_zero_decimal_is_that_count():
    assert (parse_count("5.0").value, parse_count("5.0").ok) == (5, True)
    assert (parse_count("12.00").value, parse_count("12.00").ok) == (12, True)
    assert not parse_count("5.5").ok


def test_a_report_without_a_year_gets_no_rule_that_needs_the_year():
    """D3 applies from 2021 on; with no year found its `when` is blank, so D3 is not assessed at all."""
    found = evaluate(changed("linxi-2022", {"/report/year": None,
                                            "/sections/5/text": "本年度没有其他需要报告的事项。"}), RULES)
    assert "D3" not in [d.rule for d in found]


def test_a_report_before_2019_is_held_to_no_template():
    """Both templates date from 2019 on: a 2018 report printing the 2021 layout gets no D5 finding."""
    found = evaluate(changed("linxi-2022", {"/report/year": 2018}), RULES)
    assert "D5" not in [d.rule for d in found]
    # only the year mismatches: title 2022, period 2022 (D7), and sections 一、六 opening “2022年，” (N3)
    assert {d.rule for d in found} == {"D7", "N3"}
