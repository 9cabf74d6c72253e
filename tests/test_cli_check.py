"""`report-lint check`, `rules` and `explain` end to end: exit codes 0/1/2, the text and JSON outputs,
selection and severity options, and no traceback for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAZHU = ROOT / "examples" / "mazhu-2020.txt"
LINXI = ROOT / "examples" / "linxi-2022.txt"
TOTAL_LINE = 338   # the printed （七）总计 / 总计 cell of mazhu-2020.txt ("\t9")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, cwd=ROOT,
                          text=True, encoding="utf-8")


@pytest.fixture
def broken_mazhu(tmp_path) -> Path:
    """mazhu-2020 with （七）总计/总计 printed 8 instead of 9."""
    lines = MAZHU.read_text(encoding="utf-8").split("\n")
    assert lines[TOTAL_LINE - 1] == "\t9"
    lines[TOTAL_LINE - 1] = "\t8"
    path = tmp_path / "mazhu-broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def blank_model(tmp_path) -> Path:
    """The linxi model as JSON with one blank cell: only a D11 warning."""
    model = json.loads((ROOT / "examples" / "linxi-2022.json").read_text(encoding="utf-8"))
    model["applications"]["results"]["granted"]["research"] = None
    path = tmp_path / "linxi-blank.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_clean_example_passes():
    result = run("check", str(MAZHU))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 个错误，0 个警告，1 份报告" in result.stdout


def test_a_wrong_total_fails_with_numbers_location_frame_and_suspect(broken_mazhu):
    result = run("check", str(broken_mazhu))
    assert result.returncode == 1
    out = result.stdout
    assert "R1 表三「总计」列：一+二 = 9+0 = 9，三（七）+四 = 8+0 = 8，相差 1" in out
    assert "很可能是表三「（七）总计」行「总计」列（8）有误：改为 9 可使 R1、R2、R3 同时成立" in out
    assert f"{broken_mazhu}:{TOTAL_LINE}:2" in out
    assert f"{TOTAL_LINE} │   8" in out                      # the code frame shows the printed cell
    assert "3 个错误，0 个警告，1 份报告（1 份不通过）" in out


def test_json_output_shape(broken_mazhu):
    # the broken copy and the original are two versions of one organ's year: D10 would name their differing
    # cell on the second file; this test is about the JSON shape of the first
    result = run("check", "--format", "json", "--ignore", "D10", str(broken_mazhu), str(MAZHU))
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"version", "tool", "files", "summary"}
    assert doc["version"] == 1
    broken, clean = doc["files"]
    assert set(broken) == {"path", "status", "form", "template", "year", "title", "organ", "error", "findings"}
    assert (broken["status"], broken["form"], broken["template"], broken["year"]) == ("fail", "text", "2019", 2020)
    assert clean["status"] == "pass" and clean["findings"] == []
    r1 = next(f for f in broken["findings"] if f["rule"] == "R1")
    assert set(r1) >= {"rule", "severity", "title", "message", "location", "cells", "suspect", "expected",
                       "actual", "suggestion"}
    assert r1["severity"] == "error"
    assert r1["location"] == {"file": str(broken_mazhu), "line": TOTAL_LINE, "column": 2, "page": None, "text": "8"}
    assert r1["cells"] == ["/applications/new_received/total", "/applications/carried_over/total",
                           "/applications/results/total/total", "/applications/carried_forward/total"]
    assert r1["suspect"] == "/applications/results/total/total"
    assert (r1["expected"], r1["actual"]) == (9, 8)
    assert doc["summary"] == {"files": 2, "findings": 3, "errors": 3, "warnings": 0, "infos": 0,
                              "statuses": {"pass": 1, "warn": 0, "fail": 1, "unreadable": 0},
                              "fail_on": "error", "exit_code": 1}


def test_unreadable_file_is_exit_2_without_traceback(tmp_path):
    result = run("check", "--format", "json", str(tmp_path / "missing.txt"), str(MAZHU))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    doc = json.loads(result.stdout)
    missing = doc["files"][0]
    assert missing["status"] == "unreadable" and missing["error"]["type"] == "InputError"
    assert "no such file" in missing["error"]["message"]


def test_fail_on_warning(blank_model):
    assert run("check", str(blank_model)).returncode == 0
    result = run("check", "--fail-on", "warning", str(blank_model))
    assert result.returncode == 1
    assert "D11" in result.stdout and "警告" in result.stdout


def test_select_ignore_and_severity(broken_mazhu):
    assert run("check", "--ignore", "R", str(broken_mazhu)).returncode == 0
    selected = json.loads(run("check", "--format", "json", "--select", "R1", str(broken_mazhu)).stdout)
    assert [f["rule"] for f in selected["files"][0]["findings"]] == ["R1"]
    softened = run("check", "--format", "json", "--severity", "R=warning", str(broken_mazhu))
    assert softened.returncode == 0
    assert {f["severity"] for f in json.loads(softened.stdout)["files"][0]["findings"]} == {"warning"}
    specific = run("check", "--format", "json", "--severity", "R=warning", "--severity", "R2=error", str(broken_mazhu))
    assert specific.returncode == 1
    levels = {f["rule"]: f["severity"] for f in json.loads(specific.stdout)["files"][0]["findings"]}
    assert levels == {"R1": "warning", "R2": "error", "R3": "warning"}


@pytest.mark.parametrize("args, words", [
    (["--severity", "R1"], "--severity takes ID=LEVEL"),
    (["--severity", "R1=fatal"], "unknown severity"),
])
def test_bad_options_are_exit_2(args, words):
    result = run("check", *args, str(MAZHU))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_a_bad_rule_file_is_exit_2_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: P1\n    titel: x\n", encoding="utf-8")
    result = run("check", "--rules", str(bad), str(MAZHU))
    assert result.returncode == 2
    assert f"{bad}:3:" in result.stderr and "titel" in result.stderr and "Traceback" not in result.stderr


def test_rules_lists_every_rule():
    result = run("rules")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids[:11] == [f"D{n}" for n in range(1, 12)] and "R9" in ids
    from checker.spec_ids import SPEC_RULE_IDS   # every id of the spec: a rule, or how it is covered (H7)

    assert set(SPEC_RULE_IDS) <= set(ids)
    assert any(line.split() == ["R1", "error", "表三本列数据：第一项加第二项之和，等于第三项加第四项之和"]
               for line in result.stdout.splitlines())


def test_explain_shows_source_explanation_and_live_examples():
    result = run("explain", "R4")
    assert result.returncode == 0
    assert "依据：表格设计" in result.stdout and "说明：" in result.stdout
    assert "→ 错误：表四「行政复议」：总计 = 0，结果维持+结果纠正+其他结果+尚未审结 = 10+1+0+0 = 11，相差 11" in result.stdout
    unknown = run("explain", "R99")
    assert unknown.returncode == 2 and "没有规则 'R99'" in unknown.stderr


def test_the_readme_documents_the_json_shape_we_print(broken_mazhu):
    """The example under README's "## JSON output" has exactly the keys the renderer prints."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## JSON output", 1)[1]
    documented = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    printed = json.loads(run("check", "--format", "json", str(broken_mazhu)).stdout)
    assert set(documented) == set(printed)
    assert set(documented["files"][0]) == set(printed["files"][0])
    assert set(documented["files"][0]["findings"][0]) == set(printed["files"][0]["findings"][0])
    assert set(documented["summary"]) == set(printed["summary"])
    assert documented["version"] == printed["version"]
    assert documented["files"][0]["findings"][0]["message"] == printed["files"][0]["findings"][0]["message"]


def test_json_rendering_never_imports_rich():
    code = ("import io, sys\n"
            "from checker.lint import LintOptions, lint_file, load_ruleset\n"
            "from checker.output import RENDERERS\n"
            "options = LintOptions()\n"
            f"result = lint_file({str(MAZHU)!r}, load_ruleset(options), options)\n"
            "RENDERERS['json']([result], options, io.StringIO())\n"
            "print(any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
