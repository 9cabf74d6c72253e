"""`report-lint check` end to end: folders and globs, several outputs in one run, configuration, baseline,
exit codes, and one clear line (never a traceback) for every mistake in the user's input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml

from .conftest import ROOT, VENV_BIN, other_forms

from generate_reports import make_batch  # benchmarks/, put on sys.path by conftest

SARIF_SCHEMA = json.loads((ROOT / "tests/data/vendor/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def report_lint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    command = [str(VENV_BIN / "python"), "-m", "checker", *args]
    return subprocess.run(command, cwd=cwd or ROOT, capture_output=True, text=True, timeout=300)


def _one_line_error(completed: subprocess.CompletedProcess, *needles: str) -> None:
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture(scope="module")
def batch200(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch200")
    made = make_batch(folder / "reports", count=200, seed=5, other_forms=other_forms())
    return folder, made


def test_200_reports_get_their_status_and_the_worst_exit_code(batch200):
    folder, made = batch200
    completed = report_lint("check", "reports", "--format", "json", "--jobs", "2", cwd=folder)
    assert completed.returncode == 2, completed.stderr[-2000:]      # unreadable reports are the worst outcome
    document = json.loads(completed.stdout)
    got = {Path(entry["path"]).relative_to("reports").as_posix(): entry["status"] for entry in document["files"]}
    assert got == made.expected
    assert "跳过 4 个非报告文件" in completed.stderr        # the summary, beside clean JSON on stdout
    assert "检查报告" not in completed.stderr                          # no progress bar when not on a terminal
    assert "各规则问题数" in completed.stderr


def test_without_the_unreadable_ones_the_exit_code_is_that_of_the_worst_finding(batch200):
    folder, made = batch200
    failing = [f"reports/{name}" for name, status in made.expected.items() if status == "fail"][:3]
    warned = [f"reports/{name}" for name, status in made.expected.items() if status == "warn"][:3]
    passing = [f"reports/{name}" for name, status in made.expected.items() if status == "pass"][:3]
    assert report_lint("check", *passing, *warned, *failing, cwd=folder).returncode == 1
    assert report_lint("check", *passing, *warned, cwd=folder).returncode == 0
    assert report_lint("check", *passing, *warned, "--fail-on", "warning", cwd=folder).returncode == 1


def test_several_outputs_in_one_run(batch200, tmp_path):
    folder, made = batch200
    out = tmp_path
    completed = report_lint("check", "reports/2021", "--format", "text", "--jobs", "2",
                            "--report", f"sarif:{out}/r.sarif", "--report", f"html:{out}/r.html",
                            "--report", f"junit:{out}/r.xml", "--report", f"csv:{out}/r.csv",
                            "--report", f"jsonl:{out}/r.jsonl", "--report", f"github:{out}/r.txt", cwd=folder)
    assert completed.returncode in (0, 1), completed.stderr
    expected = {name: status for name, status in made.expected.items() if name.startswith("2021/")}
    jsonschema.validate(json.loads((out / "r.sarif").read_text(encoding="utf-8")), SARIF_SCHEMA)
    suite = list(JUnitXml.fromfile(str(out / "r.xml")))[0]
    assert suite.tests == len(expected)
    assert suite.failures == sum(status == "fail" for status in expected.values())
    assert (out / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "<!DOCTYPE html>" in (out / "r.html").read_text(encoding="utf-8")
    assert len((out / "r.jsonl").read_text(encoding="utf-8").splitlines()) == \
        len((out / "r.txt").read_text(encoding="utf-8").splitlines())
    assert "报告状态" in completed.stdout                            # the summary table follows the findings


def test_globs_and_quiet(batch200):
    folder, made = batch200
    completed = report_lint("check", "reports/2022/*.json", "--quiet", "--format", "jsonl", cwd=folder)
    assert completed.returncode in (0, 1)
    assert completed.stderr == ""                                    # no summary, no progress bar
    reports = {json.loads(line)["report"] for line in completed.stdout.splitlines()}
    assert reports <= {f"reports/{name}" for name in made.expected if name.startswith("2022/") and name.endswith(".json")}


def test_configuration_file_is_found_and_isolated_ignores_it(batch200, tmp_path):
    folder, made = batch200
    warned = next(f"reports/{name}" for name, status in made.expected.items() if status == "warn")
    (folder / "report-lint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    try:
        assert report_lint("check", warned, cwd=folder).returncode == 1
        assert report_lint("check", warned, "--isolated", cwd=folder).returncode == 0
        assert report_lint("check", warned, "--fail-on", "error", cwd=folder).returncode == 0
        other = tmp_path / "strict.toml"
        other.write_text('ignore = ["D11"]\nfail-on = "warning"\n', encoding="utf-8")
        assert report_lint("check", warned, "--config", str(other), cwd=folder).returncode == 0
    finally:
        (folder / "report-lint.toml").unlink()


def test_baseline_shows_only_what_is_new_after_corrections(tmp_path):
    made = make_batch(tmp_path / "reports", count=14, seed=2)
    readable = [f"reports/{name}" for name, status in made.expected.items() if status != "unreadable"]
    corrected = next(name for name in readable if name.endswith(".json"))
    first = report_lint("check", *readable, "--write-baseline", "baseline.json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "recorded" in first.stderr
    recorded = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert recorded and all(set(entry) >= {"report", "rule", "cells", "reason"} for entry in recorded)

    again = report_lint("check", *readable, "--baseline", "baseline.json", "--format", "json", cwd=tmp_path)
    assert again.returncode == 0 and all(not f["findings"] for f in json.loads(again.stdout)["files"])

    # a clerk sends a corrected report but breaks table 四 on the way: only that is new
    path = tmp_path / corrected
    data = json.loads(path.read_text(encoding="utf-8"))
    data["review_litigation"]["litigation_after_review"]["total"] += 7
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    new = report_lint("check", *readable, "--baseline", "baseline.json", "--format", "json", cwd=tmp_path)
    assert new.returncode == 1
    findings = [(f["path"], d["rule"]) for f in json.loads(new.stdout)["files"] for d in f["findings"]]
    assert findings and all(report == corrected for report, _ in findings)
    assert {"/review_litigation/litigation_after_review/total"} <= {
        cell for f in json.loads(new.stdout)["files"] for d in f["findings"] for cell in d["cells"]}


@pytest.mark.parametrize("args, needles", [
    (["--report", "sarif"], ["--report 'sarif'", "expected FORMAT:FILE"]),
    (["--report", "pdf:out.pdf"], ["未知的格式 'pdf'"]),
    (["--report", "html:no-such-folder/out.html"], ["no-such-folder/out.html", "cannot be written"]),
    (["--report", "csv:examples/mazhu-2020.txt"], ["examples/mazhu-2020.txt", "is one of the reports"]),
    (["--baseline", "tests/data/corpus/README.md"], ["tests/data/corpus/README.md", "not a report-lint baseline"]),
    (["--baseline", "no-such-baseline.json"], ["no-such-baseline.json", "baseline file not found"]),
    (["--config", "no-such.toml"], ["no-such.toml", "configuration file not found"]),
    (["--config", "README.md"], ["README.md", "is not valid TOML"]),
    (["--config", "pyproject.toml", "--isolated"], ["cannot be used together"]),
])
def test_bad_input_is_one_line_and_exit_2(args, needles):
    _one_line_error(report_lint("check", "examples/mazhu-2020.txt", *args), *needles)


def test_a_bad_jobs_value_is_an_argument_error():
    completed = report_lint("check", "examples/mazhu-2020.txt", "--jobs", "-3")
    assert completed.returncode == 2 and "Traceback" not in completed.stderr


def test_a_bad_config_found_upward_names_its_file(tmp_path):
    (tmp_path / "report-lint.toml").write_text("selct = ['R1']\n", encoding="utf-8")
    shutil.copy(ROOT / "examples" / "mazhu-2020.txt", tmp_path / "a.txt")
    _one_line_error(report_lint("check", "a.txt", cwd=tmp_path), "report-lint.toml", "unknown key 'selct'")


def test_checking_one_text_report_loads_no_heavy_library():
    assert _loaded_by_check(['--format', 'json', 'examples/mazhu-2020.txt'],
                            ('lxml', 'docx', 'pdfplumber', 'pdfminer', 'rich', 'charset_normalizer',
                             'multiprocessing', 'concurrent.futures')) == "0 []"


def _loaded_by_check(arguments: list[str], modules: tuple[str, ...]) -> str:
    """`check ARGUMENTS` run in a fresh interpreter: its exit code and which of `modules` it imported."""
    probe = ("import sys\nfrom checker.cli import main\n"
             f"code = main(['check', *{arguments!r}])\n"
             f"loaded = sorted(m for m in {modules!r} if m in sys.modules)\n"
             "print(code, loaded, file=sys.stderr)\n")
    completed = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return completed.stderr.strip().splitlines()[-1]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_bar_runs_on_a_terminal(batch200):
    import os
    import pty

    folder, _ = batch200
    controller, terminal = pty.openpty()
    try:
        completed = subprocess.run([str(VENV_BIN / "python"), "-m", "checker", "check", "reports/2023", "--format", "json"],
                                   cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
                                   timeout=300)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal side is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert completed.returncode in (0, 1, 2)
    json.loads(completed.stdout)                                     # stdout stays clean JSON
    assert "检查报告".encode() in shown and b"/" in shown


PROVINCE_RULE = """\
description: 某省的补充要求（示例）
rules:
  - id: ZJ1
    title: 乡镇年报的新收申请数超过5件时需附说明
    severity: warning
    source: 某省政务公开办补充要求（示例）
    explanation: |
      本省要求：乡镇一级新收申请超过5件的，年报须附情况说明。
    assert: applications.new_received.total <= 5
    message: "新收申请 {lhs} 件，超过 5 件，请附情况说明"
    examples:
      pass:
        - base: linxi-2022
          set: {/applications/new_received/total: 3}
      fail:
        - base: mazhu-2020
"""


def test_a_provinces_rule_folder_from_the_configuration_runs_without_python(tmp_path):
    (tmp_path / "省规则").mkdir()
    (tmp_path / "省规则" / "zj.yaml").write_text(PROVINCE_RULE, encoding="utf-8")
    (tmp_path / "report-lint.toml").write_text('rule-paths = ["省规则"]\nfail-on = "warning"\n', encoding="utf-8")
    shutil.copy(ROOT / "examples" / "mazhu-2020.txt", tmp_path / "mazhu.txt")   # 新收申请 9 件
    completed = report_lint("check", "mazhu.txt", "--format", "json", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    [entry] = json.loads(completed.stdout)["files"]
    assert [(f["rule"], f["message"]) for f in entry["findings"]] == [("ZJ1", "新收申请 9 件，超过 5 件，请附情况说明")]
    assert report_lint("check", "mazhu.txt", "--isolated", cwd=tmp_path).returncode == 0


def test_a_report_on_standard_input_is_checked_in_a_batch(tmp_path):
    shutil.copy(ROOT / "examples" / "mazhu-2020.txt", tmp_path / "a.txt")
    raw = (ROOT / "examples" / "mazhu-2020.txt").read_bytes()
    completed = subprocess.run([str(VENV_BIN / "python"), "-m", "checker", "check", "-", "a.txt", "--format", "json",
                                "--jobs", "2"], cwd=tmp_path, input=raw, capture_output=True, timeout=300)
    assert completed.returncode == 0, completed.stderr.decode()
    statuses = {f["path"]: f["status"] for f in json.loads(completed.stdout)["files"]}
    assert statuses == {"-": "pass", "a.txt": "pass"}


def test_an_html_page_written_into_the_checked_folder_is_not_a_report_next_time(tmp_path):
    (tmp_path / "reports").mkdir()
    shutil.copy(ROOT / "examples" / "mazhu-2020.txt", tmp_path / "reports" / "a.txt")
    shutil.copy(ROOT / "examples" / "linxi-2022.txt", tmp_path / "reports" / "b.txt")
    for _ in range(2):
        completed = report_lint("check", "reports", "--format", "json", "--report", "html:reports/检查结果.html",
                                cwd=tmp_path)
        assert completed.returncode == 0, completed.stderr
        assert [f["path"] for f in json.loads(completed.stdout)["files"]] == ["reports/a.txt", "reports/b.txt"]
    assert "检查结果" in (tmp_path / "reports" / "检查结果.html").read_text(encoding="utf-8")


def test_checking_a_pdf_with_a_text_layer_loads_no_ocr_library():
    """The OCR stack is an optional extra: a PDF whose pages all have text must never import it (without
    the extra, importing numpy there made every PDF an internal error)."""
    assert _loaded_by_check(['--format', 'json', '--quiet', 'tests/data/forms/same-2021.pdf'],
                            ('numpy', 'cv2', 'rapidocr_onnxruntime', 'onnxruntime', 'pypdfium2', 'PIL')) == "0 []"
