"""The baseline: record today's findings, then show only what is new."""

from __future__ import annotations

import json
import os

import pytest

from checker.baseline import load_baseline, write_baseline
from checker.errors import ConfigError

from .conftest import diagnostic, file_result


def _results(folder):
    report = str(folder / "reports" / "东湖镇.txt")
    return [file_result(report, [diagnostic(), diagnostic("R3", cells=("/applications/new_received/total",))]),
            file_result(str(folder / "reports" / "clean.txt"), [])]


def test_a_recheck_against_the_baseline_shows_nothing_old(tmp_path):
    results = _results(tmp_path)
    assert write_baseline(tmp_path / "baseline.json", results) == 2
    filtered, dropped = load_baseline(tmp_path / "baseline.json").filter(results)
    assert dropped == 2
    assert [r.diagnostics for r in filtered] == [[], []]
    assert [r.status for r in filtered] == ["pass", "pass"]


def test_only_new_findings_survive_even_when_lines_and_messages_change(tmp_path):
    write_baseline(tmp_path / "baseline.json", _results(tmp_path))
    report = str(tmp_path / "reports" / "东湖镇.txt")
    moved = diagnostic(line=131, message="本列不平衡：10 + 0 ≠ 8 + 0")       # same rule and cells: old
    new = diagnostic("R4", cells=("/review_litigation/review/total",))  # new rule: shown
    filtered, dropped = load_baseline(tmp_path / "baseline.json").filter([file_result(report, [moved, new])])
    assert dropped == 1
    assert [d.rule for d in filtered[0].diagnostics] == ["R4"]


def test_entries_count_so_a_second_identical_finding_is_new(tmp_path):
    report = str(tmp_path / "a.txt")
    write_baseline(tmp_path / "b.json", [file_result(report, [diagnostic()])])
    filtered, dropped = load_baseline(tmp_path / "b.json").filter([file_result(report, [diagnostic(), diagnostic()])])
    assert dropped == 1 and len(filtered[0].diagnostics) == 1


def test_the_file_records_report_rule_cells_and_keeps_reasons_on_rewrite(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, _results(tmp_path))
    document = json.loads(path.read_text(encoding="utf-8"))
    entry = document["findings"][0]
    assert entry["report"] == "reports/东湖镇.txt"          # relative to the baseline's folder
    assert entry["rule"] == "R1" and entry["reason"] == ""
    assert entry["cells"] == sorted(diagnostic().cells)
    entry["reason"] = "已向单位核实，系口径差异"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    write_baseline(path, _results(tmp_path))
    again = json.loads(path.read_text(encoding="utf-8"))["findings"]
    assert again[0]["reason"] == "已向单位核实，系口径差异" and again[1]["reason"] == ""


def test_report_paths_match_from_another_working_directory(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    monkeypatch.chdir(tmp_path)
    write_baseline("baseline.json", [file_result("reports/a.txt", [diagnostic()])])
    monkeypatch.chdir(tmp_path / "reports")
    filtered, dropped = load_baseline("../baseline.json").filter([file_result("a.txt", [diagnostic()])])
    assert dropped == 1 and filtered[0].diagnostics == []
    assert os.getcwd() == str(tmp_path / "reports")


@pytest.mark.parametrize("content, message", [
    ("not json", "is not a report-lint baseline (not valid JSON"),
    ("[]", "expected an object with a 'findings' list"),
    ('{"version": 9, "findings": []}', "baseline version 9 is not supported"),
    ('{"version": 1, "findings": [{"rule": "R1"}]}', "baseline entry 1 needs 'report' and 'rule'"),
    ('{"version": 1, "findings": [{"report": "a", "rule": "R1", "cells": "x"}]}', "baseline entry 1"),
])
def test_a_bad_baseline_is_one_config_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_baseline(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)


def test_a_missing_baseline_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="baseline file not found \\(create it with --write-baseline\\)"):
        load_baseline(tmp_path / "none.json")
