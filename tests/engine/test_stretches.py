"""A rule's regular expression searched only in the window of the text where its matches can be
(stretches.py) finds what the search of the whole text finds: the same matches in order (spans and groups),
the same first match, the same count, for the project's patterns on real and random texts, and for
patterns made to catch each way the window could be wrong (a lookahead or \\b reading the stop, a
multi-line or single-line $, a backreference to a group a lookbehind captured, `.` with DOTALL)."""

from __future__ import annotations

import random
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from hypothesis import given, settings, strategies as st

from checker.engine import stretches
from checker.engine.literals import required_literals
from checker.readers import read_report
from tests.engine.test_literals import PATTERNS

ROOT = Path(__file__).resolve().parents[2]

MADE = [
    "甲[^，。]*乙",
    "(?<=[，。])甲[^，。]{0,3}?(乙|丙)",
    "(?:^|(?<=[，\\n]))(?<!乙，)(?![^，\\n]*?丁)甲[^，\\n]*?乙(\\d+)",
    "甲(?=[^。]*。)",              # a lookahead that reads up to a stop and takes it
    "甲(?=[^。]*丙)[^，。]*",
    "甲[^，]{0,3}\\b",
    "甲[^，]{0,3}(?=，)",
    "甲[^，\\n]*(?!乙)",
    "(?m)甲[^，\\n]*$",            # before any newline: the stop at the window's end is read
    "甲[^，]*$",                   # single-line $: before a final newline only, no window
    "甲[^，\\n]*$",
    "甲[^，]*\\Z",
    "(?<=(，))甲\\1",              # a group a lookbehind captured may hold a stop: no window
    "([乙丙])甲[^，]*\\1",
    "(?s)甲.*乙",                  # `.` takes every character: no stop
    "甲.*乙",                      # `.` takes all but the newline
    "甲[^，]乙|丙[^。]丁",
    "甲[^，。]*?(?:乙|丙[^。]*)丁",
    "(?:甲|乙)[^，。\\n]{0,2}(?:丙|丁)",
    "(?<![，])甲[^，；]*?(乙|丙)",
    "\\b甲\\w*",
    "甲\\s*乙",
    "甲\\S*",
    "甲\\D{0,3}乙",
    "(?a)甲\\W*乙",
    "甲(?:[^，]*?)(?=乙)",
    "甲(?>[^，]*)乙",
    "甲[^，]*+",
    "甲(乙)?(?(1)[^，]|[^。])丙",
    "甲[^\\n]*?乙|甲",
    "(?i)甲[^，]*乙",
]
ALPHABET = "甲乙丙丁，。；\n a1"


@contextmanager
def _windows_everywhere() -> Iterator[None]:
    """Every pattern with a plan searched in its window, whatever the text's length and whether it pays."""
    kept = stretches._ALWAYS, stretches.SHORT
    stretches._ALWAYS, stretches.SHORT = True, 0
    try:
        yield
    finally:
        stretches._ALWAYS, stretches.SHORT = kept


def _same(pattern: str, text: str) -> None:
    with _windows_everywhere():
        _compare(pattern, text)
    _compare(pattern, text)


def _compare(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    whole = [(m.span(), m.groups()) for m in compiled.finditer(text)]
    assert [(m.span(), m.groups()) for m in stretches.finditer(compiled, text)] == whole, (pattern, text)
    first = compiled.search(text)
    found = stretches.search(compiled, text)
    assert (found and (found.span(), found.groups())) == (first and (first.span(), first.groups())), (pattern, text)
    assert stretches.count(compiled, text) == len(compiled.findall(text)), (pattern, text)


@settings(max_examples=1500, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30), pattern=st.sampled_from(MADE))
def test_a_made_pattern_finds_the_same(text, pattern):
    _same(pattern, text)


def test_windows_where_they_are_safe_only():
    planned = {pattern for pattern in MADE if stretches.plan(re.compile(pattern)) is not None}
    assert {"甲[^，]*$", "甲[^，\\n]*$", "(?<=(，))甲\\1", "(?s)甲.*乙", "甲[^，]乙|丙[^。]丁", "(?i)甲[^，]*乙"}.isdisjoint(planned)
    assert stretches.plan(re.compile("甲(?=[^。]*。)")) is None   # the lookahead takes the only candidate stop
    assert stretches.plan(re.compile("甲[^，。\\n]*乙")).stops == "\n。，"
    assert stretches.plan(re.compile("甲[^，。]*乙")).stops == "。，"   # the class takes the newline
    assert stretches.plan(re.compile("甲.*乙")).stops == "\n"
    assert len(planned) > 15
    # the phrases of the catalogue and most of the rules' patterns are searched in a window
    assert sum(1 for p in PATTERNS if stretches.plan(re.compile(p)) is not None) > 15


def _texts() -> list[str]:
    texts = []
    paths = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "wild").glob("*.txt"))
    for path in paths:
        report = read_report(str(path))
        texts += [section["text"] for section in report.data.get("sections", [])]
        texts.append(report.data.get("preamble") or "")
        texts.append(report.data.get("report", {}).get("title") or "")
    words = sorted({spelling for p in PATTERNS for factor in required_literals(re.compile(p)) for spelling in factor}
                   | set("，。；;：:\n、 其中分别上年较各类2019年") | {"一是", "三是", "二是"})
    rng = random.Random(11)
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 40))) for _ in range(1500)]
    return texts


def test_the_rules_patterns_find_the_same_on_real_and_random_texts():
    for text in _texts():
        for pattern in PATTERNS:
            _same(pattern, text)
            # as the functions search it (where: planned from its PLAN_AFTER-th search, if it pays)
            found = stretches.where(pattern, text)
            compiled = re.compile(pattern)
            windowed = [(m.span(), m.groups()) for m in found[0].finditer(text, found[1], found[2])] if found else []
            assert windowed == [(m.span(), m.groups()) for m in compiled.finditer(text)], (pattern, text)
    assert sum(1 for pattern in PATTERNS if stretches.windowed(pattern) is not None) >= 6   # the phrases'


def test_one_report_makes_no_plan():
    """A pattern is planned only once searched PLAN_AFTER times in the process (a check of one report
    searches none that often): the parse it takes is not paid by a single report."""
    pattern = "(?:^|(?<=[，。]))(?![^，。]*?其中)收到(\\d+)件"   # a pattern of its own: no test has searched it
    for _ in range(stretches.PLAN_AFTER - 1):
        assert stretches.where(pattern, "本年度共收到申请，共收到政府信息公开申请12件，全部办结。") is not None
        assert stretches.windowed(pattern) is None
    stretches.where(pattern, "本年度共收到申请，共收到政府信息公开申请12件，全部办结。")
    assert stretches.windowed(pattern) is not None
