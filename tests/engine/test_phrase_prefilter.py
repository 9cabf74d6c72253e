"""said() first looks for the phrase's own pattern alone (phrases.Phrase.needs), a cheaper regex than the
whole phrase: a text without it holds no match of the whole, so the number said is the same."""

from __future__ import annotations

import random
import re
from pathlib import Path

from checker.engine.functions import _number_value
from checker.engine.phrases import _needed, _said_value, catalogue
from checker.engine.runtime import Context
from checker.readers import read_report

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["本年度", "共", "收到", "受理", "政府信息公开", "申请", "办结", "结转下年度", "继续办理", "行政复议", "行政诉讼",
         "因", "予以公开", "及", "部分公开", "其中", "全市", "我局", "件", "起", "，", "。", "；", "\n", "12", "3", "2023年"]


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        texts += [section["text"] for section in read_report(str(path)).data.get("sections", [])]
    rng = random.Random(3)
    texts += ["".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))) for _ in range(3000)]
    return texts


def test_a_text_without_the_pattern_holds_no_match_and_said_gives_the_same():
    phrases = list(catalogue().values())
    assert all(_needed(phrase) is not None for phrase in phrases)   # the shipped phrases all have one
    skipped = 0
    for text in _texts():
        for phrase in phrases:
            if _needed(phrase)[0].search(text) is None:
                skipped += 1
                assert re.search(phrase.regex, text) is None, (phrase.name, text)
            ctx = Context({})
            assert _said_value(ctx, [text, phrase.name], {}) == _number_value(Context({}), [text, phrase.regex], {})
    assert skipped > 1000
