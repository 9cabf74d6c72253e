"""A rule's regular expression is not searched in a text that lacks a plain part of it (literals.py): every
match contains that part, so what the functions give (matches, number, count, numeral, said) is the same.
A pattern that is one plain text or one class of characters is counted without the search, as findall counts."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from checker.engine import load_rules
from checker.engine.functions import _search_in
from checker.engine.literals import counter, required_literals
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


def test_what_every_match_holds():
    def required(pattern, flags=0):   # the factors, each a set of spellings, in any order
        return {frozenset(factor) for factor in required_literals(re.compile(pattern, flags))}

    assert required("(?:共|依法)?行政复议(?:案件)?(\\d+)件") == {frozenset({"行政复议"}), frozenset({"件"})}
    assert required("考核|评议") == {frozenset({"评议", "考核"})}
    assert required("(?i)abc") == required("ab", re.IGNORECASE) == required(b"ab") == set()
    assert required("a(?=b)c[de]f?g") == {frozenset({"a"}), frozenset({"g"}), frozenset({"cd", "ce"})}
    assert required("\\d+年|一") == {frozenset({"一", "年"})}
    assert required("\\d+年|一?") == set()   # an alternative that needs nothing
    assert required("x\\.y[^z]") == {frozenset({"x.y"})}
    assert required("([一二])是") == {frozenset({"一是", "二是"})}
    assert required("[一-九]是") == {frozenset({"是"})}   # a range is not spelt out
    assert required("(?i:a)b") == {frozenset({"b"})}   # a group with flags of its own is not read
    assert required("[0-9ab]{2}") == set()
    assert all(len(factor) <= 64 for factor in required("[abcdefgh][abcdefgh][abcdefgh]"))


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        report = read_report(str(path))
        texts += [section["text"] for section in report.data.get("sections", [])]
        texts.append(report.data.get("preamble") or "")
    words = sorted({spelling for p in PATTERNS for factor in required_literals(re.compile(p)) for spelling in factor}
                   | {"，", "。", "\n", "12", "一是", "三是", "是", "、"})
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


COUNTED = ["[\\u4e00-\\u9fff]", "是", "一是", "[a-c.]", "[\\]\\-^]", "[ \\n]", "\\.", "[一二三]", "[^a]", "\\d", "a|b", "ab|c", "a*"]


@settings(max_examples=300)
@given(text=st.text(alphabet="abc.-]^ \n是一二三中文字1", max_size=40), pattern=st.sampled_from(COUNTED))
def test_a_counted_pattern_counts_as_findall(text, pattern):
    counted = counter(re.compile(pattern))
    assert (counted is None) == (pattern in ("[^a]", "\\d", "ab|c", "a*"))
    if counted is not None:
        assert counted(text) == len(re.findall(pattern, text))
