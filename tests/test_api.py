"""The Python API (checker/api.py): a path or bytes in, a plain picklable result out, with exactly the fields
and values of the JSON output's `files[]` entry for the same report."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from checker import api
from checker.lint import LintOptions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").iterdir() if p.is_file())


@pytest.fixture(scope="module")
def rules():
    return api.load_rules()


@pytest.fixture(scope="module")
def printed():
    """What `report-lint check --format json` prints for the examples, by path."""
    done = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--quiet", *EXAMPLES],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return {entry["path"]: entry for entry in json.loads(done.stdout)["files"]}


@pytest.mark.parametrize("path", EXAMPLES)
def test_a_result_is_the_json_outputs_entry(path, rules, printed, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = api.check_path(path, rules)
    assert json.dumps(result.to_json(), ensure_ascii=False) == json.dumps(printed[path], ensure_ascii=False)
    again = pickle.loads(pickle.dumps(result))
    assert again == result


def test_bytes_give_the_same_result_as_the_file(rules):
    path = ROOT / "examples" / "hongzequ-2023.pdf"
    from_file = api.check_path(str(path), rules)
    from_bytes = api.check_bytes(path.read_bytes(), str(path), rules)
    assert from_bytes == from_file
    assert from_file.status == "fail" and from_file.form == "pdf"


def test_an_unreadable_report_is_a_result_not_an_exception(rules):
    empty = api.check_bytes(b"  \n", "空.txt", rules)
    assert empty.status == "unreadable"
    assert empty.error == {"type": "InputError", "message": "文件是空的（empty）"}
    missing = api.check_path("no/such/report.txt", rules)
    assert missing.status == "unreadable" and missing.findings == []


def test_options_select_rules_as_the_command_line_does(rules):
    broken = (ROOT / "examples" / "hongzequ-2023.pdf").read_bytes()
    only_r4 = api.check_bytes(broken, "h.pdf", rules, options=LintOptions(select=["R4"]))
    assert {f["rule"] for f in only_r4.findings} == {"R4"}


def test_check_paths_loads_the_rules_once_when_none_are_given():
    results = list(api.check_paths([ROOT / "examples" / "mazhu-2020.txt", ROOT / "examples" / "linxi-2022.txt"]))
    assert [r.status for r in results] == ["pass", "pass"]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """An organ's 2021 and 2022 reports (the later with a broken carry-over and a copied section 五) beside
    the examples: what `check --format json` prints for the folder, by path."""
    from tests.rules.test_years import write_pair

    folder = tmp_path_factory.mktemp("api-years")
    write_pair(folder, defects=True)
    for path in EXAMPLES:
        (folder / Path(path).name).write_bytes((ROOT / path).read_bytes())
    done = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--quiet", "--isolated", "."],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode in (1, 2), done.stderr
    printed = [json.dumps(entry, ensure_ascii=False) for entry in json.loads(done.stdout)["files"]]
    assert any('"rule": "X1"' in entry for entry in printed) and any('"rule": "X5"' in entry for entry in printed)
    return folder, printed


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_gets_the_findings_comparing_reports_as_check_does(two_years, workers, monkeypatch):
    import checker.batch
    from checker.batch import discover

    folder, printed = two_years
    monkeypatch.chdir(folder)
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: workers)
    results = list(api.check_batch(discover(["."]).reports, jobs=2))
    assert [json.dumps(r.to_json(), ensure_ascii=False) for r in results] == printed
    alone = [api.check_path(r.path) for r in results]   # one report alone: those rules are not assessable
    assert not any(f["rule"] == "X1" for r in alone for f in r.findings)


def test_packed_chunks_linked_give_what_check_batch_gives(two_years, monkeypatch):
    from checker.batch import discover

    folder, printed = two_years
    monkeypatch.chdir(folder)
    paths = discover(["."]).reports
    packed = [item for start in range(0, len(paths), 3) for item in api.check_chunk(paths[start:start + 3], packed=True)]
    assert pickle.loads(pickle.dumps(packed)) == packed
    assert [json.dumps(r.to_json(), ensure_ascii=False) for r in api.link(packed)] == printed
    without = list(api.link(packed, options=LintOptions(ignore=["X", "D10"])))
    assert not any(f["rule"].startswith("X") for r in without for f in r.findings)
