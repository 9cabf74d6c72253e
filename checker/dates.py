"""Dates as reports print them: `2021年1月20日`, `二〇二一年一月二十日`, and the stated 统计期限 range."""

from __future__ import annotations

import re

from checker import labels

_DATE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月([0-9一二三四五六七八九十]{1,3})日$")
_PERIOD = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # 二〇二〇
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    return _CN_DIGITS[text]


def parse_date(text: str) -> str | None:
    match = _DATE.match(labels.normalise(text))
    if not match:
        return None
    try:
        year, month, day = (_cn_number(g) for g in match.groups())
    except (KeyError, IndexError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_period(text: str) -> dict[str, str] | None:
    for match in _PERIOD.finditer(labels.normalise(text)):
        y1, m1, d1, y2, m2, d2 = match.groups()
        y2 = y2 or y1
        return {"start": f"{int(y1):04d}-{int(m1):02d}-{int(d1):02d}",
                "end": f"{int(y2):04d}-{int(m2):02d}-{int(d2):02d}"}
    return None
