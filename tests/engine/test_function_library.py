"""The function library documents itself: every function has a docstring, and the README's table of
functions is the one the library prints (so a new function cannot go undocumented)."""

from __future__ import annotations

from pathlib import Path

from checker.engine.functions import FUNCTIONS, functions_table

ROOT = Path(__file__).resolve().parents[2]


def test_every_function_is_documented():
    for name, function in FUNCTIONS.items():
        assert function.doc.startswith(f"{name}("), name


def test_the_readme_lists_the_library():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- functions: generated from checker/engine/functions.py -->\n")
    end = readme.index("<!-- /functions -->")
    shown = readme[start:end].split("\n", 1)[1]
    assert shown == functions_table(), "re-generate the table with checker.engine.functions.functions_table()"
