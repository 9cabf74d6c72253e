"""The same report, linxi-2022, in every form it is committed in: values read off the printed text of
examples/linxi-2022.txt by hand (section 一 says 收到30件，上年结转2件，办结31件，结转下年度继续办理1件; 行政复议
2件，行政诉讼2件; 表三's 一 row is 23 4 0 1 2 0 30), not a reading made by the code under test."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.readers import read_report

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "tests" / "data" / "forms"

LINXI_FILES = [ROOT / "examples" / "linxi-2022.txt", ROOT / "examples" / "linxi-2022.json",
               *(FORMS / name for name in ("same-2021.html", "same-2021-word.html", "same-2021.md",
                                           "same-2021-flat.txt", "same-2021.docx", "same-2021.pdf"))]

FACTS = {
    "/report/title": "临溪县自然资源局2022年政府信息公开工作年度报告",
    "/report/organ": "临溪县自然资源局",
    "/report/year": 2022,
    "/report/template": "2021",
    "/applications/new_received": {"natural_person": 23, "commercial": 4, "research": 0, "nonprofit": 1,
                                   "legal_service": 2, "other_org": 0, "total": 30},
    "/applications/carried_over/total": 2,
    "/applications/results/total/total": 31,
    "/applications/carried_forward/total": 1,
    "/review_litigation/review": {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2},
    "/review_litigation/litigation_direct/total": 2,
    "/review_litigation/litigation_after_review/total": 0,
}


@pytest.mark.parametrize("path", LINXI_FILES, ids=lambda p: p.name)
def test_every_form_of_linxi_reads_the_printed_values(path):
    report = read_report(path)
    for pointer, value in FACTS.items():
        node = report.data
        for part in pointer.strip("/").split("/"):
            node = node[part]
        assert node == value, (path.name, pointer)
    if path.suffix != ".json":  # a read form says where each cell was printed, and what it said
        assert report.source_map["/applications/new_received/total"]["text"] == "30"
        assert report.source_map["/applications/results/total/total"]["text"] == "31"
    assert [s["number"] for s in report.data["sections"]] == [1, 2, 3, 4, 5, 6]
