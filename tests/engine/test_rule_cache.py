"""The rule cache (checker/engine/cache.py): a changed pack is seen on the next run, a corrupt cache is
ignored and rebuilt, nothing is written inside the package, and cached rules find exactly what freshly
loaded ones find — on the examples, the corpus and a generated batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import cache as rule_cache, load_rules
from checker.errors import InputError
from checker.lint import LintOptions, lint_report
from checker.output.json import document
from checker.lint import FileResult
from checker.readers import read_report
from tests.support.packs import zj_pack

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "report-lint"


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


def test_a_second_load_comes_from_the_cache(cache_home, monkeypatch):
    first = load_rules()
    assert len(cached_files(cache_home)) == 1
    monkeypatch.setattr("checker.engine.rules._load", lambda *a: pytest.fail("the packs were loaded again"))
    second = load_rules()
    assert [r.id for r in second] == [r.id for r in first]


def test_a_changed_added_or_removed_pack_is_seen_on_the_next_run(cache_home, tmp_path):
    folder = tmp_path / "省级规则"
    folder.mkdir()
    pack = folder / "zj.yaml"
    pack.write_text(zj_pack(title="第一版", limit=0), encoding="utf-8")
    assert load_rules([folder]).get("ZJ1").title == "第一版"
    pack.write_text(zj_pack(title="第二版", limit=1), encoding="utf-8")
    assert load_rules([folder]).get("ZJ1").title == "第二版"
    (folder / "zj2.yaml").write_text(zj_pack(title="另一条", limit=2, rule_id="ZJ2"), encoding="utf-8")
    assert load_rules([folder]).get("ZJ2") is not None
    pack.unlink()
    rules = load_rules([folder])
    assert rules.get("ZJ1") is None and rules.get("ZJ2") is not None


def test_the_command_line_sees_an_edited_pack(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    pack = folder / "zj.yaml"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def listed() -> str:
        done = subprocess.run([sys.executable, "-m", "checker", "rules", "--isolated", "--rules", str(folder)],
                              capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    pack.write_text(zj_pack(title="第一版", limit=0), encoding="utf-8")
    assert "第一版" in listed()
    pack.write_text(zj_pack(title="第二版", limit=0), encoding="utf-8")
    out = listed()
    assert "第二版" in out and "第一版" not in out
    assert cached_files(tmp_path / "cache" / "report-lint")


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05garbage"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(cache_home, damage):
    options = LintOptions()
    report = read_report(str(ROOT / "examples" / "mazhu-2020.txt"))
    expected = [d.to_dict() for d in lint_report(report, load_rules(cache=False), options)]
    load_rules()
    [stored] = cached_files(cache_home)
    stored.write_bytes(damage)
    assert [d.to_dict() for d in lint_report(report, load_rules(), options)] == expected
    assert stored.stat().st_size > 1000   # written again, whole


def test_no_cache_writes_nothing(cache_home):
    load_rules(cache=False)
    assert not cache_home.exists() or not cached_files(cache_home)


def test_never_inside_the_package_and_a_temporary_folder_when_the_cache_home_is_unusable(tmp_path, monkeypatch):
    package = Path(rule_cache.__file__).resolve().parents[1]
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(package))
    assert rule_cache.cache_dir().parent == tmp_path / "tmp"
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))   # not a folder: cannot hold the cache
    assert rule_cache.cache_dir().parent == tmp_path / "tmp"
    load_rules()
    assert cached_files(rule_cache.cache_dir())
    assert not list(package.rglob("rules-*.pickle"))


def _reports(generated: Path) -> list[str]:
    paths = [str(p) for folder in ("examples", "tests/data/corpus") for p in sorted((ROOT / folder).iterdir())
             if p.suffix in (".txt", ".pdf", ".json", ".html", ".docx", ".md")]
    return paths + sorted(str(p) for p in generated.rglob("*") if p.suffix in (".txt", ".json", ".yaml"))


def test_cached_and_fresh_rules_find_the_same_byte_for_byte(cache_home, tmp_path):
    """The examples, the corpus and a generated batch of 1,000 files (text, JSON and YAML reports)."""
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_reports.py"), str(tmp_path / "batch"),
                    "--count", "1000", "--seed", "11"], check=True, capture_output=True, cwd=ROOT)
    options = LintOptions()
    fresh = load_rules(cache=False)
    load_rules()
    cached = load_rules()   # from the pickle
    checked = 0
    for path in _reports(tmp_path / "batch"):
        try:
            report = read_report(path)
        except InputError:
            continue
        outputs = []
        for rules in (fresh, cached):
            result = FileResult(path, report, lint_report(report, rules, options))
            outputs.append(json.dumps(document([result], options), ensure_ascii=False, default=str))
        assert outputs[0] == outputs[1], path
        checked += 1
    assert checked > 600


def test_the_phrase_catalogue_is_cached_with_the_rules_and_an_edit_is_seen(cache_home, tmp_path, monkeypatch):
    """said()'s catalogue travels in the cache (no YAML read on a cached run), and the key covers the
    catalogue file: an edited catalogue is read afresh on the next run."""
    from checker.engine import phrases

    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_bytes(phrases.catalogue_path().read_bytes())
    monkeypatch.setattr(phrases, "catalogue_path", lambda: catalogue)
    monkeypatch.setattr(phrases, "_catalogue", None)
    first = load_rules()
    assert first.phrases and first.phrases == phrases.catalogue()
    monkeypatch.setattr(phrases, "_catalogue", None)
    monkeypatch.setattr(phrases, "_read_catalogue", lambda: pytest.fail("the catalogue was read again"))
    assert load_rules().phrases == first.phrases and phrases.catalogue() == first.phrases
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home.parent))
    monkeypatch.setattr(phrases, "catalogue_path", lambda: catalogue)
    monkeypatch.setattr(phrases, "_catalogue", None)
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("means:", "means: 改过的说明 ", 1), encoding="utf-8")
    edited = load_rules()
    assert len(cached_files(cache_home)) == 2
    assert edited.phrases != first.phrases and any(p.means.startswith("改过的说明") for p in edited.phrases.values())


def test_a_process_reads_its_cache_file_once_while_it_is_unchanged(cache_home):
    """A check loads its rule set twice (the cross-report rules' look, then the batch): the second load is
    the object the first read, unless the file was replaced or damaged in between."""
    load_rules()                               # builds and stores
    first = load_rules()                       # reads the pickle
    assert load_rules() is first               # the same file: no second unpickling
    [stored] = cached_files(cache_home)
    copy = stored.with_name("copy")
    copy.write_bytes(stored.read_bytes())
    os.replace(copy, stored)                   # the same bytes in another file: read again
    again = load_rules()
    assert again is not first and [r.id for r in again] == [r.id for r in first]
    stored.write_bytes(b"damaged")
    rebuilt = load_rules()
    assert rebuilt is not again and [r.id for r in rebuilt] == [r.id for r in first]
    assert stored.stat().st_size > 1000
