"""Structure findings: the template schema inside `check`, reported once, and the built-in finding ids
(reader and schema findings) documented by `rules` and `explain` like the YAML rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.builtin_findings import BUILTIN_FINDINGS
from checker.lint import LintOptions, lint_report, load_ruleset
from checker.readers import read_bytes
from tests.support.samples import linxi_2022
from tests.support.wordtext import render

ROOT = Path(__file__).resolve().parents[1]


def lint(model: dict, **options):
    report = read_bytes(render(model).encode(), "r.txt")
    opts = LintOptions(**options)
    return lint_report(report, load_ruleset(opts), opts)


def test_missing_table_is_one_structural_finding():
    report = read_bytes(render(linxi_2022(), tables=("active_disclosure", "review_litigation")).encode(), "r.txt")
    findings = lint_report(report, load_ruleset(LintOptions()), LintOptions())
    assert [(f.rule, f.cells) for f in findings] == [("D2", ["/applications"])]
    assert "表三" in findings[0].message


def test_negative_count_is_reported_by_r7_not_again_by_the_schema():
    model = linxi_2022()
    model["applications"]["results"]["granted"]["commercial"] = -2
    rules = [f.rule for f in lint(model)]
    assert "R7" in rules and "SCHEMA" not in rules


def test_schema_reports_what_no_rule_covers(tmp_path):
    import json

    model = linxi_2022()
    model["applications"]["results"]["granted"]["bogus"] = 3
    path = tmp_path / "r.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    from checker.lint import lint_file

    result = lint_file(str(path), load_ruleset(LintOptions()), LintOptions())
    [finding] = result.diagnostics
    assert finding.rule == "SCHEMA" and "bogus" in finding.message
    assert finding.location.line is not None  # located in the JSON file itself


def test_schema_findings_can_be_ignored():
    model = linxi_2022()
    model["applications"]["results"]["granted"]["bogus"] = 3
    report = read_bytes(__import__("json").dumps(model, ensure_ascii=False).encode(), "r.json")
    opts = LintOptions(ignore=["SCHEMA"])
    assert lint_report(report, load_ruleset(opts), opts) == []


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT)


def test_rules_lists_builtin_findings():
    listed = run_cli("rules").stdout
    for finding in BUILTIN_FINDINGS:
        assert finding.id in listed


@pytest.mark.parametrize("finding_id", [f.id for f in BUILTIN_FINDINGS])
def test_explain_builtin_finding(finding_id):
    result = run_cli("explain", finding_id)
    assert result.returncode == 0
    assert result.stdout.startswith(finding_id) and "说明" in result.stdout


def test_reader_findings_are_the_declared_ones():
    """What the readers report on every form fixture and wild report is a declared built-in finding, with
    its declared title and severity (emission sites use the records, so nothing else can appear)."""
    from checker.errors import InputError
    from checker.readers import read_report

    declared = {f.id: f for f in BUILTIN_FINDINGS}
    seen = set()
    for folder in ("forms", "wild"):
        for path in sorted((ROOT / "tests" / "data" / folder).iterdir()):
            if path.name.endswith(".truth.json") or path.stem == "README":
                continue
            try:
                report = read_report(str(path))
            except InputError:
                continue
            for problem in report.problems:
                finding = declared[problem.rule]
                assert (problem.title, problem.severity) == (finding.title, finding.severity), path
                seen.add(problem.rule)
    assert {"READ-NO-TEXT", "READ-AMBIGUOUS", "READ-SPLIT", "READ-LABEL"} <= seen   # the fixtures exercise the readers' findings


def test_scanned_pdf_is_one_finding_not_a_cascade():
    from checker.lint import lint_file

    result = lint_file(str(ROOT / "tests" / "data" / "forms" / "pdf-scanned.pdf"), load_ruleset(LintOptions()),
                       LintOptions())
    assert [(d.rule, d.title) for d in result.diagnostics] == [("READ-NO-TEXT", "PDF 没有文字层")]
    assert result.status == "fail"


def test_rules_and_explain_include_the_configured_rule_folder(tmp_path):
    folder = tmp_path / "浙江规则"
    folder.mkdir()
    (folder / "zj.yaml").write_text("""rules:
  - id: ZJ1
    title: 办结总数不为负（示例省级规则）
    severity: warning
    source: 示例
    explanation: 示例。
    assert: "applications.results.total.total >= 0"
    message: "（七）总计为 {lhs}"
    examples:
      pass: [{base: mazhu-2020}]
      fail: [{base: mazhu-2020, set: {/applications/results/total/total: -1}}]
""", encoding="utf-8")
    (tmp_path / "report-lint.toml").write_text('rule-paths = ["浙江规则/"]\n', encoding="utf-8")

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                              cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                                        "REPORT_LINT_SERVER": "off"})

    listed = cli("rules")
    assert listed.returncode == 0, listed.stderr
    assert "ZJ1" in listed.stdout and "ZJ1" not in cli("rules", "--isolated").stdout
    assert cli("explain", "ZJ1").stdout.startswith("ZJ1")
