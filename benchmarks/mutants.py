"""Apply one-line changes ("mutants") to a scratch copy of report-lint and check the test suite catches each.

    python benchmarks/mutants.py [NAME ...] [-- PYTEST-ARGS]   # all mutants, or the named ones
    python benchmarks/mutants.py -- tests/test_known_mistakes.py  # only against these tests

Each mutant names a line of code by its text, not by its file, so the list survives modules being split
or moved. For each: copy the project to a temporary folder, change that one line, run the suite there
(`pytest -x`), and print the first failing test, or SURVIVED when the suite still passes. Exit 1 when a
mutant survived or when a mutant's line is no longer found (the list needs updating).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name: (the line as it reads today, what it becomes)
MUTANTS = {
    "money-tolerance": ("return abs(a - b) < 1e-6", "return abs(a - b) < 1.0"),
    "suspect-single-relation": ("if len(pairs) >= 2 and max(shifts)", "if len(pairs) >= 1 and max(shifts)"),
    "text-column-shift": ("            column = 2\n", "            column = 3\n"),
    "text-column-step": ("column += len(part) + 1", "column += len(part) + 2"),
    "html-layout-tables": ('_tag(c) in ("td", "th")]) >= 3', '_tag(c) in ("td", "th")]) >= 2'),
    "section4-one-word": ('not ("行政复议" in body and "行政诉讼" in body)', 'not ("行政复议" in body or "行政诉讼" in body)'),
    "wu-not-blank": ('"—", "——", "–", "−", "无", "空"', '"—", "——", "–", "−", "空"'),
    "five-point-zero": ("if _WHOLE_DECIMAL.fullmatch(t):", "if _WHOLE_DECIMAL.fullmatch(t) and False:"),
    "blank-when-runs": ("if when is not None and when(ctx) is not True:", "if when is not None and when(ctx) is False:"),
    "pre-2019-template": ("if isinstance(year, int) and year >= 2019:", "if isinstance(year, int):"),
}

_NOT_COPIED = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist"}


def apply(copy: Path, old: str, new: str) -> Path | None:
    """Change the one place in checker/ where `old` occurs; None when it occurs nowhere or more than once."""
    hits = [(path, path.read_text(encoding="utf-8")) for path in sorted((copy / "checker").rglob("*.py"))]
    hits = [(path, text) for path, text in hits if old in text]
    if len(hits) != 1 or hits[0][1].count(old) != 1:
        return None
    path, text = hits[0]
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def run(name: str, tests: list[str], timeout: float = 1800) -> str:
    old, new = MUTANTS[name]
    with tempfile.TemporaryDirectory(prefix=f"mutant-{name}-") as scratch:
        copy = Path(scratch)
        for source in ROOT.iterdir():
            if source.name in _NOT_COPIED:
                continue
            if source.is_dir():
                shutil.copytree(source, copy / source.name, ignore=shutil.ignore_patterns(*_NOT_COPIED))
            else:
                shutil.copy(source, copy / source.name)
        # the pre-commit tests need a git repository: the copy is one, of the unchanged code
        git = ["git", "-c", "user.name=mutants", "-c", "user.email=mutants@localhost"]
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "unchanged"]):
            subprocess.run([*git, *command], cwd=copy, check=True, capture_output=True)
        changed = apply(copy, old, new)
        if changed is None:
            return "NOT FOUND (update the list)"
        env = {**os.environ, "PYTHONPATH": str(copy), "CI": "true"}
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o",
                                 "addopts=--import-mode=importlib", "-rfE", *tests], cwd=copy, env=env,
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode == 0:
            return "SURVIVED"
        failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)
        where = changed.relative_to(copy)
        if not failed:
            return f"exit {result.returncode} without a failed test: {result.stdout[-500:]} {result.stderr[-500:]}"
        return f"caught by {failed[0]} [{where}]"


def main(argv: list[str]) -> int:
    names, tests = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    bad = 0
    for name in names or list(MUTANTS):
        outcome = run(name, tests)
        bad += not outcome.startswith("caught")
        print(f"{name}: {outcome}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
