"""`rules` and `explain` served from the rule cache folder (checker/catalogue.py): the same bytes as a fresh
run, an edited pack or another working folder seen at once, a damaged entry ignored, a failure never kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from tests.support.packs import zj_pack

ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(ROOT)
    return tmp_path / "cache" / "report-lint"


def _output(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalogue-*.marshal"))


@pytest.mark.parametrize("argv", [["rules"], ["explain", "R1"], ["explain", "d5"], ["explain", "READ-CELL"]])
def test_a_cached_output_is_the_fresh_output_byte_for_byte(cache_home, capsys, argv):
    fresh = _output(capsys, [*argv, "--no-cache"])
    assert not cache_home.exists() or not _entries(cache_home)   # --no-cache keeps nothing
    assert fresh[0] == 0 and fresh[1]
    assert _output(capsys, argv) == fresh                         # computed, and kept
    assert len(_entries(cache_home)) == 1
    assert _output(capsys, argv) == fresh                         # from the cache


def test_the_cached_output_is_what_is_printed(cache_home, capsys, monkeypatch):
    """The second run takes its text from the entry: loading the rules would fail here."""
    _output(capsys, ["rules"])
    import checker.lint

    monkeypatch.setattr(checker.lint, "load_ruleset", lambda options: pytest.fail("the rules were loaded"))
    code, out, _ = _output(capsys, ["rules"])
    assert code == 0 and out.startswith("D1 ")


def test_an_edited_pack_is_seen_on_the_next_run(cache_home, capsys, tmp_path):
    pack = tmp_path / "zj.yaml"
    pack.write_text(zj_pack(title="第一版"), encoding="utf-8")
    assert "第一版" in _output(capsys, ["explain", "ZJ1", "--isolated", "--rules", str(pack)])[1]
    assert "第一版" in _output(capsys, ["rules", "--isolated", "--rules", str(pack)])[1]
    pack.write_text(zj_pack(title="第二版"), encoding="utf-8")   # same size, same second
    explained = _output(capsys, ["explain", "ZJ1", "--isolated", "--rules", str(pack)])[1]
    listed = _output(capsys, ["rules", "--isolated", "--rules", str(pack)])[1]
    assert "第二版" in explained and "第一版" not in explained
    assert "第二版" in listed and "第一版" not in listed


def test_explain_shows_the_rule_file_from_the_working_folder(cache_home, capsys, tmp_path, monkeypatch):
    """explain names the rule file relative to the working folder: kept per folder."""
    here = _output(capsys, ["explain", "R1"])[1]
    monkeypatch.chdir(tmp_path)
    elsewhere = _output(capsys, ["explain", "R1"])[1]
    assert elsewhere == _output(capsys, ["explain", "R1", "--no-cache"])[1]
    assert here != elsewhere and "定义于：rules/" in here and f"定义于：{ROOT}/rules/" in elsewhere


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\xfb\x00\x00"])
def test_a_damaged_entry_is_ignored_and_rewritten(cache_home, capsys, damage):
    expected = _output(capsys, ["explain", "R2"])
    [entry] = _entries(cache_home)
    entry.write_bytes(damage)
    assert _output(capsys, ["explain", "R2"]) == expected
    assert entry.stat().st_size > 100


def test_a_failure_is_never_kept(cache_home, capsys):
    for _ in range(2):
        code, out, err = _output(capsys, ["explain", "NOPE9"])
        assert code == 2 and out == "" and "没有规则 'NOPE9'" in err
    assert not any(b"NOPE9" in entry.read_bytes() for entry in _entries(cache_home))


def test_rules_and_explain_from_the_cache_load_no_engine(tmp_path):
    """Second runs of `rules` and `explain R1` import the cache and the pack list, nothing else of the engine;
    with no configuration file found (this checkout's pyproject.toml has no [tool.report-lint]), not the
    configuration's classes either, nor dataclasses."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = ("import io, sys\nfrom checker.cli import main\nsys.stdout = io.StringIO()\ncode = main(sys.argv[1:])\n"
             "print(code, sorted(m for m in sys.modules if m.startswith('checker.engine')),\n"
             "      [m for m in ('checker.config', 'checker.diagnostics', 'dataclasses') if m in sys.modules],\n"
             "      file=sys.stderr)\n")
    for argv in (["rules"], ["explain", "R1"]):
        for _ in range(2):
            done = subprocess.run([sys.executable, "-c", probe, *argv], cwd=ROOT, env=env, capture_output=True,
                                  text=True, timeout=300)
        assert done.stderr.strip().splitlines()[-1] == \
            "0 ['checker.engine', 'checker.engine.cache', 'checker.engine.packs'] []"
