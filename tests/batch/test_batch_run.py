"""A folder of generated reports of mixed forms: consistent, defective, warned, unreadable, and files that
are not reports. Every report must get its planted status, and the batch must survive the bad ones.
(The 200-report run through the command line, with its exit code, is in test_cli_check.py.)"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from pathlib import Path

import pytest

from checker import batch
from checker.batch import check_one, discover, run_batch
from checker.config import Config
from checker.errors import InputError, InternalError, RuleError
from checker.lint import LintOptions
from checker.summary import exit_code

from generate_reports import make_batch  # benchmarks/, put on sys.path by conftest

from .conftest import other_forms


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    return folder, make_batch(folder, count=120, seed=11, other_forms=other_forms())


def _digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def checked(generated):
    folder, made = generated
    before = _digest(folder)
    found = discover([str(folder)])
    results = run_batch(found.reports, LintOptions(), Config(), jobs=2)
    return folder, made, found, results, before


def test_the_generated_folder_has_every_status(generated):
    _, made = generated
    assert len(made.expected) == 120
    assert set(made.expected.values()) == {"pass", "warn", "fail", "unreadable"}
    assert {Path(name).suffix for name in made.expected} >= {".txt", ".json", ".yaml", ".docx", ".html", ".md", ".pdf"}


def test_each_report_gets_its_planted_status(checked):
    folder, made, found, results, _ = checked
    got = {Path(r.path).relative_to(folder).as_posix(): r.status for r in results}
    assert got == made.expected


def test_non_reports_are_skipped_and_counted(checked):
    folder, made, found, _, _ = checked
    assert sorted(Path(p).relative_to(folder).as_posix() for p in found.skipped) == sorted(made.skipped)


def test_each_defect_is_reported_at_the_cell_that_was_changed(checked):
    folder, made, _, results, _ = checked
    by_name = {Path(r.path).relative_to(folder).as_posix(): r for r in results}
    for name, cell in made.defects.items():
        cells = {c for d in by_name[name].diagnostics for c in d.cells}
        assert cell in cells, f"{name}: no finding names {cell}"


def test_unreadable_reports_say_why_and_set_exit_code_2(checked):
    folder, _, _, results, _ = checked
    unreadable = {Path(r.path).name: r.error.message for r in results if r.status == "unreadable"}
    assert set(unreadable) == {"binary-junk.txt", "broken.docx", "undecodable.txt", "empty.txt", "truncated.json",
                               "pdf-encrypted.pdf"}
    assert all(message for message in unreadable.values())
    assert exit_code(results) == 2
    readable = [r for r in results if r.status != "unreadable"]
    assert exit_code(readable) == 1
    assert exit_code([r for r in readable if r.status in ("pass", "warn")]) == 0


def test_input_files_are_never_modified(checked):
    folder, _, _, _, before = checked
    assert _digest(folder) == before


def test_one_process_and_many_give_the_same_findings(checked):
    folder, _, found, results, _ = checked
    sample = found.reports[:40]
    serial = run_batch(sample, LintOptions(), Config(), jobs=1)
    parallel = {r.path: r for r in results}
    for result in serial:
        assert [(d.rule, d.cells, d.message) for d in result.diagnostics] == \
               [(d.rule, d.cells, d.message) for d in parallel[result.path].diagnostics]
        assert result.status == parallel[result.path].status


def test_per_path_ignores_switch_rules_off_below_a_folder(generated):
    folder, made = generated
    failing_2019 = sorted(str(folder / name) for name, status in made.expected.items()
                          if status == "fail" and name.startswith("2019/"))
    assert failing_2019
    config = Config(per_path_ignores={"2019/": ["R", "D", "N"]}, root=folder)   # N1: the narrative no longer matches a planted table defect
    results = run_batch(failing_2019, LintOptions(), config, jobs=1)
    assert {r.status for r in results} == {"pass"}


def test_a_bug_in_one_report_stays_with_that_report(tmp_path, monkeypatch):
    import checker.guard

    def explode(*args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checker.guard, "lint_file", explode)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = check_one(str(tmp_path / "a.txt"), None, LintOptions(), Config())
    assert result.status == "internal-error" and isinstance(result.error, InternalError)   # never "unreadable"
    message = result.error.message
    assert "ZeroDivisionError: division by zero" in message and "缺陷" in message and "报告给" in message
    [saved] = tmp_path.glob("report-lint-traceback-*.txt")   # the message names the file with the traceback
    assert str(saved) in message
    assert 'raise ZeroDivisionError("division by zero")' in saved.read_text(encoding="utf-8")


def test_a_bad_rule_file_stops_the_batch_once_before_any_report(tmp_path):
    bad = tmp_path / "province.yaml"
    bad.write_text("rules:\n  - id: X1\n    titel: typo\n", encoding="utf-8")
    with pytest.raises(RuleError):
        run_batch([str(tmp_path / "a.txt")] * 3, LintOptions(rule_paths=[bad]), Config(), jobs=2)


def test_tool_errors_survive_the_trip_back_from_a_worker():
    for error in (InputError("a.txt", "is empty"), RuleError("r.yaml", "bad key", line=3)):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)


def test_unmatched_globs_become_unreadable_results():
    [result] = batch.unmatched_results(["reports/*.pdf"])
    assert result.status == "unreadable" and result.error.message == "没有文件与此模式匹配"


def test_workers_start_only_when_the_work_outweighs_starting_them():
    assert batch.worker_count(["a.txt"] * 5, jobs=8) == 1            # a pre-commit call: in process
    assert batch.worker_count(["a.txt"] * 200, jobs=2) == 2
    assert batch.worker_count(["a.pdf"] * 20, jobs=8) == 5
    assert batch.worker_count(["a.pdf"] * 200, jobs=3) == 3           # never more than asked


def test_standard_input_is_read_by_the_calling_process_even_with_workers(monkeypatch):
    import io
    import sys

    from .conftest import ROOT

    raw = (ROOT / "examples" / "mazhu-2020.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    monkeypatch.setattr(batch, "worker_count", lambda paths, jobs: 2)
    others = [str(ROOT / "examples" / "mazhu-2020.txt"), str(ROOT / "examples" / "linxi-2022.txt")]
    results = run_batch(["-", *others], LintOptions(), Config(), jobs=2)
    assert [r.path for r in results] == ["-", *others]
    assert [r.status for r in results] == ["pass", "pass", "pass"]
