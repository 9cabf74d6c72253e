"""Reports as archives and converters hold them (tests/data/wild, read its README): tables 三 and 四 as the
hand-checked truth has them, and `check` reporting the real defects the README lists — no other error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.lint import LintOptions, lint_file, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
WILD = ROOT / "tests" / "data" / "wild"

# Every error `check` reports, as (rule, the cell it names or None); warnings are not listed.
REAL_DEFECTS: dict[str, list[tuple[str, str | None]]] = {
    # row 一 printed with 6 digits for 7 cells: unreadable, so blank and not assessable
    "2019-pingtan-gonganju.txt": [("READ-AMBIGUOUS", None)],
    # no section 六 (a warning for 2019), table 二 header misprinted 本公开数量 (a warning)
    "2019-pingtan-ziranziyuan-shengtaihuanjingju.txt": [],
    "2021-pingtan-nongyenongcunju.txt": [
        ("R1", "/applications/new_received/natural_person"), ("R1", "/applications/new_received/other_org"),
        ("R2", "/applications/results/total/natural_person"), ("R2", "/applications/results/total/other_org")],
    "2022-pingtan-haitanpianqu-guanliju.txt": [
        ("D5", None),
        ("R1", "/applications/new_received/natural_person"), ("R1", "/applications/new_received/total"),
        ("R2", "/applications/results/total/natural_person"), ("R2", "/applications/results/total/total")],
    "2023-pingtan-ziranziyuan-shengtaihuanjingju.txt": [
        ("R1", "/applications/new_received/commercial"),
        ("R3", "/applications/results/partially_granted/total"), ("R3", "/applications/results/total/total")],
    "2024-pingtan-caizhengjinrongju.txt": [],
    # no 规章 row (D2); 规范性文件 with the 2021 columns (D5)
    "2025-pingtan-shichangjianduguanliju.txt": [("D2", None), ("D5", None)],
    # PDF→Markdown: sections in the organ's own order (五 printed only as （一）主要问题 …) (D1);
    # 规范性文件 with the 2021 columns (D5); 四、结转下年度 总计 blank (D11, a warning)
    "2024-shanghai-shikewei.md": [("D1", None), ("D5", None)],
}
# What a warning must say where the README lists a soft defect.
REAL_WARNINGS: dict[str, list[str]] = {
    "2019-pingtan-ziranziyuan-shengtaihuanjingju.txt": ["D1", "READ-LABEL"],
    "2025-pingtan-shichangjianduguanliju.txt": ["READ-LABEL"],
    "2024-shanghai-shikewei.md": ["D11"],
}


def _cells(node, prefix):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _cells(value, f"{prefix}/{key}")
    else:
        yield prefix, node


def _at(data, pointer):
    for part in pointer.strip("/").split("/"):
        data = data[part]
    return data


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(LintOptions())


def test_every_wild_report_is_listed():
    assert sorted(REAL_DEFECTS) == sorted(p.name for p in WILD.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


@pytest.mark.parametrize("name", sorted(REAL_DEFECTS))
def test_tables_three_and_four_are_read_as_the_truth_has_them(name, ruleset):
    truth = json.loads((WILD / f"{Path(name).stem}.truth.json").read_text("utf-8"))
    result = lint_file(str(WILD / name), ruleset, LintOptions())
    report = result.report
    unknown = set(truth["_truth"]["unknown_cells"])
    for table in ("applications", "review_litigation", "active_disclosure"):
        if table not in truth:
            continue
        for pointer, value in _cells(truth[table], f"/{table}"):
            if value is None:       # a cell, or a whole row, the truth cannot know or the page left blank
                got = _at(report.data, pointer)
                assert got is None or (isinstance(got, dict) and set(got.values()) == {None}), pointer
                continue
            assert _at(report.data, pointer) == value, pointer
    for pointer in unknown:
        assert _at(report.data, pointer) is None
        line = report.source_map[pointer]["line"]
        assert any(p.rule == "READ-AMBIGUOUS" and p.location.line == line for p in report.problems), pointer


@pytest.mark.parametrize("name", sorted(REAL_DEFECTS))
def test_check_reports_the_real_defects_and_no_other_error(name, ruleset):
    result = lint_file(str(WILD / name), ruleset, LintOptions())
    errors = [d for d in result.diagnostics if d.severity.label == "error"]
    assert sorted(d.rule for d in errors) == sorted(rule for rule, _ in REAL_DEFECTS[name]), \
        [(d.rule, d.message) for d in errors]
    for rule, cell in REAL_DEFECTS[name]:
        if cell is not None:
            assert any(d.rule == rule and cell in d.cells for d in errors), (rule, cell)
    for d in errors:
        if d.rule.startswith(("R", "READ")):      # a cell's finding: a clerk can find it in the file
            assert d.location.line is not None and d.location.column is not None, d
    warned = {d.rule for d in result.diagnostics if d.severity.label == "warning"}
    assert set(REAL_WARNINGS.get(name, [])) <= warned


def test_the_archivers_header_gives_the_publication_date_and_the_title(ruleset):
    result = lint_file(str(WILD / "2021-pingtan-nongyenongcunju.txt"), ruleset, LintOptions())
    report = result.report.data["report"]
    assert report["published_on"] == "2022-01-14"
    assert report["source"] == ("https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqnyn/zfxxgknb/"
                                "202201/t20220114_80605.htm")
    assert report["title"] == "平潭综合实验区农业农村局2021年政府信息公开工作年度报告"
    sections = result.report.data["sections"]
    assert [s["number"] for s in sections] == [1, 2, 3, 4, 5, 6]
    assert "当前位置" not in result.report.data["preamble"] and "微信" not in result.report.data["preamble"]
