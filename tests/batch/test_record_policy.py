"""Records left out (checker/record_policy.py): a batch's workers pack the record the rules comparing reports read
only while the batch seems to compare reports. A report compared without one is read again by the linking pass,
and its findings are those of a batch where every record was packed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import checker.batch
from checker.batch import discover, iter_packed
from checker.config import Config
from checker.guard import check_one
from checker.lint import LintOptions, load_ruleset
from checker.record_policy import SAMPLED_FROM, RecordPolicy, sample_size
from checker.spill import Packed, file_stamp, record_of, year_of
from checker.years import _read_again, check_batch
from generate_reports import make_batch
from tests.rules.test_years import write_pair
from tests.support.wordtext import render
from tests.support.samples import linxi_2022

ROOT = Path(__file__).resolve().parents[2]


def _packed(path: str, organ: str | None) -> Packed:
    return Packed(path, b"", None, organ, 2023, "text")


# ── the policy ────────────────────────────────────────────────────────────────────────────────────

def test_a_small_batch_packs_every_record():
    policy = RecordPolicy()
    paths = [f"r{i}.txt" for i in range(SAMPLED_FROM - 1)]
    assert policy.order(paths) == paths and policy.wanted()
    policy.saw([_packed(path, f"机关{i}") for i, path in enumerate(paths)])
    assert policy.wanted()


def test_the_sample_comes_first_spread_over_the_batch_and_every_path_once():
    paths = [f"r{i:04d}.txt" for i in range(1000)]
    policy = RecordPolicy()
    ordered = policy.order(paths)
    size = sample_size(1000)
    assert sorted(ordered) == paths and len(policy.sampled) == size == 64
    assert set(ordered[:size]) == policy.sampled
    assert ordered[0] == paths[0] and int(ordered[size - 1][1:5]) > 980   # from the start to the end
    assert ordered[size:] == [p for p in paths if p not in policy.sampled]


def test_records_stop_after_a_sample_of_distinct_organs_and_come_back_with_an_organ_met_twice():
    paths = [f"r{i:04d}.txt" for i in range(400)]
    policy = RecordPolicy()
    ordered = policy.order(paths)
    size = len(policy.sampled)
    policy.saw([_packed(path, "洪泽区人民政府" if i == 3 else f"第{i}镇人民政府")
                for i, path in enumerate(ordered[:size - 1])])
    assert policy.wanted()                                   # still sampling
    policy.saw([_packed(ordered[size - 1], "最后一个乡人民政府"), _packed(ordered[size], None)])
    assert not policy.wanted()                               # no organ twice in the sample
    policy.saw([_packed(ordered[size + 1], "江苏省淮安市洪泽区人民政府")])   # the same organ, its places printed
    assert policy.wanted()
    policy.saw([_packed(ordered[size + 2], "又一个机关")])
    assert policy.wanted()                                   # for the rest of the batch


def test_an_organ_twice_in_the_sample_keeps_every_record():
    policy = RecordPolicy()
    ordered = policy.order([f"r{i:04d}.txt" for i in range(400)])
    policy.saw([_packed(path, "临溪县自然资源局" if i in (3, 20) else f"第{i}局")
                for i, path in enumerate(ordered[:len(policy.sampled)])])
    assert policy.wanted()


@pytest.mark.parametrize("path, cheap", [("a/年报.txt", True), ("b.MD", True), ("c.json", True), ("d.yml", True),
                                         ("e.html", False), ("f.pdf", False), ("g.docx", False), ("h.png", False),
                                         ("file?id=3", False), ("dir.v2/report", False)])
def test_only_reports_cheap_to_read_again_go_without_their_records(path, cheap):
    from checker.workers import _cheap_to_read

    assert _cheap_to_read(path) is cheap


# ── reading a record again ────────────────────────────────────────────────────────────────────────

CHEAP_FORMS = (".txt", ".md", ".json", ".yaml")


@pytest.mark.parametrize("path", sorted(str(p) for folder in ("examples", "tests/data/forms", "tests/data/wild")
                                        for p in (ROOT / folder).rglob("*") if p.suffix in CHEAP_FORMS))
def test_a_record_read_again_is_the_record_the_check_would_have_packed(path):
    rules, options, config = load_ruleset(LintOptions()), LintOptions(), Config()
    stamp = file_stamp(path)
    result = check_one(path, rules, options, config)
    if result.report is None:
        return
    packed = record_of(result.report)
    again = _read_again(path, stamp, year_of(result.report) or -(2 ** 62), options, config)
    assert again is not None
    assert (again.data, again.source_map, again.path, again.form) == \
           (packed.data, packed.source_map, packed.path, packed.form)


def test_a_file_changed_since_its_check_is_not_read_again(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(render(linxi_2022()), encoding="utf-8")
    stamp = file_stamp(str(path))
    options, config = LintOptions(), Config()
    assert _read_again(str(path), stamp, 2022, options, config) is not None
    assert _read_again(str(path), stamp, 2021, options, config) is None          # another year: another report
    path.write_text(render(linxi_2022()) + "\n", encoding="utf-8")
    assert _read_again(str(path), stamp, 2022, options, config) is None          # changed size
    path.unlink()
    assert _read_again(str(path), stamp, 2022, options, config) is None          # gone


# ── a whole batch ─────────────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A year's reports of distinct organs, and among them (outside the sample) two years of one organ."""
    folder = tmp_path_factory.mktemp("records")
    make_batch(folder / "year", count=SAMPLED_FROM + 40, seed=5, suffixes=(".txt",))
    older, newer = write_pair(folder / "year" / "2021" / "pair", defects=True)   # amid the batch
    paths = discover([str(folder)]).reports
    policy = RecordPolicy()
    policy.order(paths)
    assert str(older) in paths and str(newer) in paths
    assert not {str(older), str(newer)} & policy.sampled   # the sample does not show the organ twice
    return paths, str(older), str(newer)


def _findings(results) -> list:
    return [(r.path, r.status, [d.to_dict() for d in r.diagnostics]) for r in results]


def test_reports_compared_without_their_records_are_found_as_with_every_record(batch, monkeypatch):
    paths, older, newer = batch
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    packed = {item.path: item for item in iter_packed(paths, LintOptions(), Config(), jobs=2)}
    assert packed[older].record is None and packed[newer].record is not None   # the HTML page packs its own
    # records stopped after the sample, and came back once the organ was met twice
    last = packed[paths[-1]]
    assert sum(item.record is None and item.stamp is not None for item in packed.values()) > 20
    assert last.record is not None or last.organ is None
    workers = _findings(check_batch(paths, [], LintOptions(), Config(), jobs=2))
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 1)
    alone = _findings(check_batch(paths, [], LintOptions(), Config(), jobs=1))   # every record packed
    assert workers == alone
    x1 = [f for path, _, found in workers if path == newer for f in found if f["rule"] == "X1"]
    assert len(x1) == 2 and all(os.path.basename(older) in f["message"] for f in x1)
