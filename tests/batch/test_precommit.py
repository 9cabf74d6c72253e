"""The real pre-commit runs report-lint on a temporary repository: it fails on a broken report, passes on a
clean one, and never changes a file. No network: the hook is declared `repo: local`, `language: system`,
with the entry pointing at this checkout's report-lint; every other key comes from .pre-commit-hooks.yaml,
so the published hook definition is what is tested."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from .conftest import ROOT, VENV_BIN

PRE_COMMIT = shutil.which("pre-commit", path=str(VENV_BIN)) or shutil.which("pre-commit")
pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "clerk@example.invalid")
    _git(repo, "config", "user.name", "clerk")
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    # the hook's own entry and arguments, run by this checkout's report-lint
    hook.update(language="system", entry=hook["entry"].replace("report-lint", str(VENV_BIN / "report-lint"), 1))
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (repo / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)  # outside the files pattern
    return repo


def _run(repo, tmp_path):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "NO_COLOR": "1"}
    _git(repo, "add", "-A")
    return subprocess.run([PRE_COMMIT, "run", "--all-files", "--color", "never"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


def _snapshot(repo):
    return {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}


def test_the_hook_passes_a_clean_report(repo, tmp_path):
    shutil.copy(ROOT / "examples" / "mazhu-2020.txt", repo / "mazhu-2020.txt")
    # a repository of reports has its README and settings too: the hook passes over them
    (repo / "README.md").write_text("# 各单位年报\n\n这里存放报来的材料。\n", encoding="utf-8")
    (repo / "settings.json").write_text('{"owner": "办公室"}', encoding="utf-8")
    before = _snapshot(repo)
    completed = _run(repo, tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "report-lint" in completed.stdout and "Passed" in completed.stdout
    assert _snapshot(repo) == before


def test_the_hook_fails_on_a_broken_report(repo, tmp_path):
    shutil.copy(ROOT / "examples" / "mazhu-2020.txt", repo / "mazhu-2020.txt")
    text = (ROOT / "examples" / "mazhu-2020.txt").read_text(encoding="utf-8")
    # （七）总计 of 自然人 printed 4 → 5: the column no longer balances
    broken = text.replace("\t（七）总计\n\t4\n", "\t（七）总计\n\t5\n", 1)
    assert broken != text
    (repo / "broken.txt").write_text(broken, encoding="utf-8")
    before = _snapshot(repo)
    completed = _run(repo, tmp_path)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Failed" in completed.stdout and "broken.txt" in completed.stdout
    assert "mazhu-2020.txt" in completed.stdout          # both files went to one call
    assert _snapshot(repo) == before


def test_the_files_pattern_covers_every_report_form():
    import re

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def checked(name: str) -> bool:  # how pre-commit filters: files must match, exclude must not
        return bool(files.search(name)) and not exclude.search(name)

    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.docx", "f.pdf", "g.json", "h.yaml", "i.yml", "J.PDF",
                 "2024/东湖镇.yaml", "docs/x.md"):
        assert checked(name), name
    for name in ("a.png", "b.py", "c.xlsx", "d.txt.bak", ".pre-commit-config.yaml", "sub/.readthedocs.yml",
                 ".github/workflows/ci.yml", "package.json", ".gitlab-ci.yml"):
        assert not checked(name), name
