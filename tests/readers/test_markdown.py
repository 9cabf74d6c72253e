"""The Markdown / pipe-table reader: the same report as examples/linxi-2022.txt in each row shape a
converter writes must extract identically; and the §6.5 details (runs of `|`, half-width punctuation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.readers import choose_reader, read_bytes, read_report
from tests.support.forms import FIXTURES, FORMS
from tests.support.markdown_forms import render
from tests.support.samples import comparable, linxi_2022

ROOT = Path(__file__).resolve().parents[2]
LINXI = ROOT / "examples" / "linxi-2022.txt"
TITLE = "# 某局2022年政府信息公开工作年度报告\n\n"


@pytest.fixture(scope="module")
def linxi_text_reading() -> dict:
    return comparable(read_report(LINXI).to_json())


def test_fixture_extracts_as_the_text_export(linxi_text_reading):
    report = read_report(FORMS / "same-2021.md")
    assert report.form == "markdown"
    assert comparable(report.to_json()) == linxi_text_reading
    assert report.problems == []


@pytest.mark.parametrize("shape", ["gfm", "runs", "cells"])
@pytest.mark.parametrize("name", ["linxi.md", "linxi.txt"])
def test_every_row_shape_extracts_as_the_text_export(shape, name, linxi_text_reading):
    report = read_bytes(render(linxi_2022(), shape).encode("utf-8"), name)
    assert report.form == "markdown"
    assert comparable(report.to_json()) == linxi_text_reading


def test_runs_of_pipes_are_merged_or_empty_cells():
    """The spec's lines: `第二十条第(一)项 | |||` and `信息内容 | 本年处理决定数量 | ||`; a one-value row padded
    to the 4-column grid keeps its value."""
    text = TITLE + "\n".join([
        "第二十条第(五)项 | |||",
        "信息内容 | 本年处理决定数量 | ||",
        "行政许可 | 356 | ||",
        "第二十条第(八)项 | |||",
        "信息内容 | 本年收费金额(单位:万元) | ||",
        "行政事业性收费 | 12.5683 | ||",
    ]) + "\n"
    report = read_bytes(text.encode(), "runs.md")
    assert report.data["active_disclosure"]["licensing"] == {"decisions": 356}
    assert report.data["active_disclosure"]["fees"] == {"amount_10k_yuan": 12.5683}
    assert "本年收费金额（单位：万元）" in report.data["report"]["template_evidence"]["2021"]


def test_padding_of_a_misaligned_2019_row_is_not_a_value():
    text = TITLE.replace("2022", "2020") + "\n".join([
        "| 第二十条第(五)项 | | | | |",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | | 处理决定数量 |",
        "| 行政许可 | 12 | | -2 | 340 |",
        "| 其他对外管理服务事项 | | | 0 | 7 |",
    ]) + "\n"
    ad = read_bytes(text.encode(), "m.md").data["active_disclosure"]
    assert ad["licensing"] == {"items_prev_year": 12, "change": -2, "decisions": 340}
    assert ad["other_services"] == {"items_prev_year": None, "change": 0, "decisions": 7}


def test_half_width_labels_and_cell_locations():
    zeros = " | ".join(["0"] * 7)
    text = TITLE + "\n".join([
        "| (本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |",
        "|---|---|",
        f"| 三、本年度办理结果 | (一)予以公开 | {zeros} |",
        "| | (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
        f"| | (三)不予公开 | 1.属于国家秘密 | {zeros} |",
        f"| | (七)总计 | {zeros} |",
    ]) + "\n"
    report = read_bytes(text.encode(), "h.md")
    assert report.data["applications"]["results"]["partially_granted"]["total"] == 4
    assert report.data["applications"]["results"]["withheld"]["state_secret"]["total"] == 0
    entry = report.source_map["/applications/results/partially_granted/total"]
    line = text.split("\n")[entry["line"] - 1]
    assert entry["text"] == "4" and line[entry["column"] - 1:].startswith("4 |")


def test_headings_paragraphs_and_escaped_pipes():
    text = ("临溪县自然资源局\n\n**2022年政府信息公开工作年度报告**\n\n本报告所列数据\\|统计期限见下。\n\n"
            "## 一、总体情况\n\n全年主动公开信息412条。\n\n---\n\n### 五、存在的主要问题及改进情况\n\n一是……\n")
    report = read_bytes(text.encode(), "p.md")
    assert report.data["report"]["title"] == "临溪县自然资源局2022年政府信息公开工作年度报告"
    assert report.data["preamble"] == "本报告所列数据|统计期限见下。"
    assert [(s["number"], s["text"]) for s in report.data["sections"]] == [(1, "全年主动公开信息412条。"), (5, "一是……")]


@pytest.mark.parametrize("name, head, form", [
    ("r.md", b"anything", "markdown"),
    ("r.txt", "| a | b |\n|---|---|\n| 1 | 2 |\n".encode(), "markdown"),
    ("r.txt", "标题\n\t第二十条第（一）项\n\n\t信息内容 | x\n".encode(), "text"),
])
def test_sniffing(name, head, form):
    assert choose_reader(head, name).name == form


def test_binary_markdown_is_an_input_error():
    with pytest.raises(InputError, match="bin.md"):
        read_bytes(b"\x00\x01\x02\x03" * 100, "bin.md")


def test_pipe_tables_beyond_the_sniffed_head_of_a_txt_still_read_as_markdown(linxi_text_reading):
    model = linxi_2022()
    long_intro = "（三）政府信息管理。" + "严格执行公开前保密审查制度。" * 400
    model["sections"][0]["text"] = model["sections"][0]["text"].replace("（三）政府信息管理。", long_intro, 1)
    raw = render(model, "runs").encode("utf-8")
    assert raw.index(b"|") > 8192
    report = read_bytes(raw, "late.txt")
    assert report.form == "markdown"
    expected = dict(linxi_text_reading, sections=comparable(model)["sections"])
    assert comparable(report.to_json()) == expected


@pytest.mark.parametrize("shape", ["gfm", "runs", "cells"])
def test_2019_template_in_pipe_tables(shape):
    expected = read_report(ROOT / "examples" / "mazhu-2020.txt").to_json()
    report = read_bytes(render(expected, shape).encode("utf-8"), "mazhu.md")
    assert comparable(report.to_json()) == comparable(expected)
    assert report.data["active_disclosure"]["procurement"] == {"projects": 52, "amount_10k_yuan": 114.36}


# ── as PDF-to-Markdown converters write it (tests/data/wild/2024-shanghai-shikewei.md) ──────────────
CONVERTED = """# 某局2024年政府信息公开工作年度报告

二、主动公开政府信息情况
第二十条第（五）项
信息内容本年处理决定数量
行政许可 97

三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）

| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |  |
| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |  |
| 三、 | （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5 | 0 | 0 | 0 | 0 | 0 | 5 |
| 6 | 0 | 0 | 0 | 0 | 0 | 6 |
| 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 7.属于行政执法案卷 | 3 | 0 | 0 | 0 | 0 | 3 |
"""


def test_converter_markdown_trailing_empty_cell_is_not_a_value():
    apps = read_bytes(CONVERTED.encode("utf-8"), "c.md").data["applications"]
    assert list(apps["new_received"].values()) == [32, 2, 0, 0, 0, 0, 34]
    assert list(apps["carried_over"].values()) == [2, 0, 0, 0, 0, 0, 2]


def test_converter_markdown_rows_outside_the_pipe_table_are_read():
    report = read_bytes(CONVERTED.encode("utf-8"), "c.md")
    assert report.data["active_disclosure"]["licensing"] == {"decisions": 97}


def test_value_only_rows_are_placed_by_template_order_only_where_one_placement_is_left():
    report = read_bytes(CONVERTED.encode("utf-8"), "c.md")
    results = report.data["applications"]["results"]
    assert results["partially_granted"]["total"] == 0                   # between 予以公开 and 1.
    assert results["withheld"]["prohibited_by_law"]["total"] == 2        # between 1. and 3.
    assert report.source_map["/applications/results/withheld/prohibited_by_law/total"]["read_by"] == "template_order"
    # two value rows between 3. and 6.: the two rows 4. and 5., in order
    assert results["withheld"]["third_party_rights"]["total"] == 5
    assert results["withheld"]["internal_affairs"]["total"] == 6


def test_value_only_rows_that_do_not_fit_are_reported_not_guessed():
    text = CONVERTED.replace("| 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n", "")
    report = read_bytes(text.encode("utf-8"), "c.md")
    withheld = report.data["applications"]["results"]["withheld"]
    assert "third_party_rights" not in withheld and "internal_affairs" not in withheld
    [finding] = [p for p in report.problems if p.rule == "READ-UNPLACED"]
    assert "1 行数值" in finding.message and "缺 2 行" in finding.message


def test_a_short_row_is_reported_and_never_filed_into_the_wrong_column():
    report = read_bytes(CONVERTED.encode("utf-8"), "c.md")
    assert "enforcement_files" not in report.data["applications"]["results"]["withheld"]
    [finding] = [p for p in report.problems if p.rule == "READ-SHORT-ROW"]
    assert "7.属于行政执法案卷" in finding.message and "只印了 6 个" in finding.message


def test_a_merged_label_repeated_in_every_spanned_column_keeps_every_row():
    rows = ["| 三、本年度办理结果 | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 三、本年度办理结果 | （六）其他处理 | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| 三、本年度办理结果 | （六）其他处理 | 3.其他 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
            "| 三、本年度办理结果 | （七）总计 | （七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |"]
    text = "# 某局2022年政府信息公开工作年度报告\n\n| 申请人情况 | 自然人 | 总计 |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    report = read_bytes(text.encode("utf-8"), "m.md")
    other = report.data["applications"]["results"]["other"]
    assert [other[k]["total"] for k in ("no_correction", "unpaid_fee", "other")] == [1, 0, 4]
    assert report.data["applications"]["results"]["total"]["total"] == 5
    assert not [p for p in report.problems if p.rule == "READ-LABEL"]
