"""A rule's regular expression is not searched in a text that lacks a plain part of it (literals.py): every
match contains that part, so what the functions give (matches, number, count, numeral, said) is the same."""

from __future__ import annotations

import random
import re
from pathlib import Path

from checker.engine import load_rules
from checker.engine.functions import _search_in
from checker.engine.literals import required_literals
from checker.engine.phrases import catalogue
from checker.readers import read_report

ROOT = Path(__file__).resolve().parents[2]


def _patterns(node) -> set[str]:
    """The regular expressions a compiled expression passes to a function (quoted constants)."""
    found = set()
    for arg in getattr(node, "args", []) or []:
        value = getattr(arg, "value", None)
        if isinstance(value, str) and getattr(arg, "type", None) in ("regex", "str"):
            found.add(value)
        found |= _patterns(arg)
    for child in ("left", "right", "operand", "when", "condition"):
        if hasattr(node, child):
            found |= _patterns(getattr(node, child))
    for operand in getattr(node, "operands", []) or []:
        found |= _patterns(operand)
    return found


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


PATTERNS = sorted({p for rule in load_rules(cache=False) for check in rule.checks
                   for node in (getattr(check, "when", None), getattr(check, "condition", None)) if node is not None
                   for p in _patterns(node) if _compiles(p)} | {phrase.regex for phrase in catalogue().values()})


def test_plain_parts_are_the_runs_outside_any_group_repeat_class_or_alternation():
    assert required_literals(re.compile("(?:共|依法)?行政复议(?:案件)?(\\d+)件")) == ("行政复议", "件")
    assert required_literals(re.compile("考核|评议")) == ()
    assert required_literals(re.compile("(?i)abc")) == ()
    assert required_literals(re.compile("ab", re.IGNORECASE)) == ()
    assert required_literals(re.compile("a(?=b)c[de]f?g")) == ("a", "c", "g")
    assert required_literals(re.compile("\\d+年")) == ("年",)
    assert required_literals(re.compile("x\\.y")) == ("x.y",)
    assert required_literals(re.compile(b"ab")) == ()


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        report = read_report(str(path))
        texts += [section["text"] for section in report.data.get("sections", [])]
        texts.append(report.data.get("preamble") or "")
    words = sorted({run for p in PATTERNS for run in required_literals(re.compile(p))} | {"，", "。", "\n", "12", "一是"})
    rng = random.Random(5)
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(1500)]
    return texts


def test_a_text_the_search_is_skipped_for_holds_no_match():
    assert len(PATTERNS) > 20 and sum(1 for p in PATTERNS if required_literals(re.compile(p))) > 10
    skipped = 0
    for text in _texts():
        for pattern in PATTERNS:
            if _search_in(pattern, text) is None:
                skipped += 1
                assert re.search(pattern, text) is None, (pattern, text)
    assert skipped > 1000
