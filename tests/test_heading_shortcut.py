"""labels.section_heading says a paragraph with many CJK ideographs is no heading without normalising it
(NFKC of a long paragraph is slow): the answer must be the one the full normalisation gives."""

from __future__ import annotations

import random
import re

from checker import labels

PIECES = ["下一年度", "新收到", "转结", "合计", "<br/>", " ", "\u3000", "，", "。", "：", "一、", "（二）", "总体情况",
          "行政复议", "行政诉讼", "其他需要报告的事项", "政", "府", "⾏", "⽂", "Ａ", "1", "“", "”", "e\u0301", "\u1100\u1161"]


def _texts() -> list[str]:
    rng = random.Random(11)
    texts = ["一、总体情况" + "。" * 80, "下一年度" * 30, "新收到" * 40, "⾏" * 100, "政" * 63 + "。" * 5,
             "政" * 64, "二、主动公开政府信息情况" + "<br/>" * 40]
    for _ in range(4000):
        texts.append("".join(rng.choice(PIECES) for _ in range(rng.randint(5, 70))))
    return texts


def test_the_shortcut_agrees_with_normalising(monkeypatch):
    quick = {text: labels.section_heading.__wrapped__(text) for text in _texts()}
    assert sum(1 for t in quick if len(t) >= 64 and labels._MANY_IDEOGRAPHS.match(t)) > 100   # it is taken
    monkeypatch.setattr(labels, "_MANY_IDEOGRAPHS", re.compile(r"(?!)"))   # never taken
    for text, answer in quick.items():
        assert labels.section_heading.__wrapped__(text) == answer, text
