"""The three real published PDFs in tests/data/corpus against their hand-checked truth files: every field
the truth holds must come out of the PDF reader exactly (spec §6.3; corpus README)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from checker import values
from checker.model import Report
from checker.readers import read_report
from tests.support.corpus import CORPUS, leaves, truth_of

TRUTHS = sorted(CORPUS.glob("*.truth.json"))
TABLES = ("active_disclosure", "applications", "review_litigation")


def _id(path: Path) -> str:
    return path.name.removesuffix(".truth.json")


@lru_cache(maxsize=None)
def _read(stem: str) -> Report:
    return read_report(CORPUS / f"{stem}.pdf")



def test_the_corpus_is_there():
    assert [_id(t) for t in TRUTHS] == ["2023-hongzequ-renmin-zhengfu", "2024-hongzequ-renmin-zhengfu",
                                        "2024-huaianshi-renmin-zhengfu"]


@pytest.mark.parametrize("truth", TRUTHS, ids=_id)
def test_report_fields(truth: Path):
    want = truth_of(_id(truth))["report"]
    got = _read(_id(truth)).data["report"]
    assert {key: got[key] for key in want} == want
    assert set(want) >= {"title", "organ", "year", "template", "period"}


@pytest.mark.parametrize("truth", TRUTHS, ids=_id)
def test_every_table_cell(truth: Path):
    want = truth_of(_id(truth))
    report = _read(_id(truth))
    for table in TABLES:
        assert report.data[table] == want[table], table
    cells = [ptr for table in TABLES for ptr, _ in leaves(want[table], f"/{table}")]
    assert len(cells) >= 10 + 161 + 15    # every cell of the three tables was compared
    assert report.data["extras"] == []


@pytest.mark.parametrize("truth", TRUTHS, ids=_id)
def test_every_cell_points_at_its_page_and_line(truth: Path):
    want = truth_of(_id(truth))
    report = _read(_id(truth))
    for table in TABLES:
        for ptr, value in leaves(want[table], f"/{table}"):
            entry = report.source_map[ptr]
            assert entry["page"] >= 2 and entry["line"] >= 1, ptr
            kind = "money" if ptr.endswith("amount_10k_yuan") else "count"
            assert values.parse(entry["text"], kind).value == value, ptr


@pytest.mark.parametrize("truth", TRUTHS, ids=_id)
def test_sections_exactly(truth: Path):
    """Numbers, headings and text, character for character: lines joined, the text layer's gaps between
    characters gone, paragraphs on lines of their own, page numbers (`- 2 -`) dropped."""
    want = truth_of(_id(truth))["sections"]
    got = [{key: s[key] for key in ("number", "heading", "text")} for s in _read(_id(truth)).data["sections"]]
    assert got == want


def test_reader_reports_only_the_misprinted_label():
    """The corpus README's real label defect (both 洪泽 reports print `2.其他法律行政止公开`) is reported;
    nothing else in the reading is."""
    for truth in TRUTHS:
        problems = [(p.rule, p.cells) for p in _read(_id(truth)).problems]
        expected = [] if "huaianshi" in _id(truth) else \
            [("READ-LABEL", ["/applications/results/withheld/prohibited_by_law"])]
        assert problems == expected, _id(truth)


def test_paragraph_runs_on_across_a_page_break():
    sections = _read("2024-huaianshi-renmin-zhengfu").data["sections"]
    assert "组织召开了“春节前后服务企业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业发展”" \
        in sections[0]["text"]
    assert all("- " not in s["text"] for s in sections)


@pytest.mark.parametrize("stem", ["2023-hongzequ-renmin-zhengfu", "2024-hongzequ-renmin-zhengfu"])
def test_hongzequ_table_three_in_the_2019_layout(stem: str):
    report = _read(stem)
    other = report.data["applications"]["results"]["other"]
    assert sorted(other) == sorted(["natural_person", "commercial", "research", "nonprofit", "legal_service",
                                    "other_org", "total"])
    assert "（六）其他处理（一行）" in report.data["report"]["template_evidence"]["2019"]
    # The misprinted `2.其他法律行政止公开` still lands on its row, read from its own cells.
    entry = report.source_map["/applications/results/withheld/prohibited_by_law/total"]
    assert entry["page"] == 3 and entry["text"] == "0"


def test_hongzequ_2023_defects_are_kept_as_printed():
    review = _read("2023-hongzequ-renmin-zhengfu").data["review_litigation"]
    assert (review["review"]["upheld"], review["review"]["corrected"], review["review"]["total"]) == (10, 1, 0)
    assert (review["litigation_after_review"]["upheld"], review["litigation_after_review"]["total"]) == (5, 0)


def test_huaian_other_sub_rows_with_labels_wrapped_over_three_lines():
    report = _read("2024-huaianshi-renmin-zhengfu")
    other = report.data["applications"]["results"]["other"]
    assert {key: row["total"] for key, row in other.items()} == {"no_correction": 71, "unpaid_fee": 6, "other": 110}
    # The 2021 template's three rows witness it, one by one.
    evidence = report.data["report"]["template_evidence"]["2021"]
    assert sum(1 for label in evidence if label[:2] in ("1.", "2.", "3.")) == 3
    # `（四）无` / `法提供` is split over pages 4 and 5; both of its rows are read.
    assert report.source_map["/applications/results/unavailable/not_held/total"]["page"] == 4
    assert report.source_map["/applications/results/unavailable/needs_creation/total"]["page"] == 5


def test_huaian_money_keeps_its_decimal():
    report = _read("2024-huaianshi-renmin-zhengfu")
    assert report.data["active_disclosure"]["fees"]["amount_10k_yuan"] == 96171.6
    assert report.source_map["/active_disclosure/fees/amount_10k_yuan"]["text"] == "96171.6"
