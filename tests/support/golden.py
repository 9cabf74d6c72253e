"""Outputs recorded before a refactor, so a change that should not alter behaviour can prove it did not.

For every report the tests keep (examples, the corpus PDFs, every reader's fixture form), the recorded
file holds what `extract` printed (the canonical model with its source_map) and what `check --format
json` said about it. `tests/test_golden.py` compares today's outputs with them byte for byte.

A change that *means* to alter an output (a reader that now reads more, a new rule) re-records with
`python -m tests.support.golden` and the commit shows the difference for review; a refactor never does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
SOURCES = ("examples", "tests/data/corpus", "tests/data/forms")
_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".json", ".yaml", ".yml"}


def reports() -> list[str]:
    """Every report the golden outputs cover, as paths relative to the project (so outputs are stable)."""
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).iterdir()):
            if path.suffix.lower() in _SUFFIXES and not path.name.endswith(".truth.json") and path.stem != "README":
                found.append(path.relative_to(ROOT).as_posix())
    return found


def golden_path(report: str) -> Path:
    return GOLDEN / (report.replace("/", "__") + ".json")


def outputs(report: str) -> str:
    """What extract and check print for one report, as one canonical JSON text."""
    import os

    from checker.errors import InputError
    from checker.lint import LintOptions, lint_file, load_ruleset
    from checker.output.json import document
    from checker.readers import read_report

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        try:
            model = read_report(report).to_json()
        except InputError as exc:
            model = {"error": str(exc)}
        options = LintOptions()
        result = lint_file(report, load_ruleset(options), options)
        checked = document([result], options)
        checked.pop("tool")
    finally:
        os.chdir(cwd)
    return json.dumps({"extract": model, "check": checked}, ensure_ascii=False, indent=1, sort_keys=True,
                      default=str) + "\n"


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for old in GOLDEN.glob("*.json"):
        old.unlink()
    for report in reports():
        golden_path(report).write_text(outputs(report), encoding="utf-8")
        print(f"recorded {report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
