"""Reading one printed cell: counts with units, signed changes, money in 元 or 万元, and the blank forms.

Blank, `/`, `—`, `-` and `无` are not applicable (None), never a silent 0. The printed text is kept by
the caller in source_map; this module only says what the text means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable
from decimal import Decimal, InvalidOperation

# Printed forms of "nothing here": after NFKC and whitespace removal.
NA_FORMS = frozenset({"", "/", "／", "\\", "-", "--", "—", "——", "–", "−", "无", "空", "null", "n/a", "N/A", "NA", "×", "x"})

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_COUNT_UNIT = re.compile(r"(件|项|个|条|次|家|人次)$")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")
# Whole-cell patterns, compiled once (a report has some two hundred cells)
_DIGITS = re.compile(r"\d+")
_NEGATIVE = re.compile(r"-\d+")
_WHOLE_DECIMAL = re.compile(r"\d+\.0+")
_MONEY = re.compile(r"(-?\d+(?:\.\d+)?)(万元|万|元)?")
_SIGN_WORDS = (("增加", 1), ("减少", -1), ("增", 1), ("减", -1), ("+", 1), ("-", -1))


@dataclass(frozen=True)
class CellValue:
    value: int | float | None
    ok: bool = True              # False: the text is not a readable value of this kind
    unit: str | None = None      # for money: the unit printed in the cell (元, 万元) or None
    reason: str | None = None    # why not ok, in Chinese


def short_text_cache(function: Callable[..., Any]) -> Callable[..., Any]:
    """The same few hundred cell and label texts recur in every report of a batch (the template's labels,
    0, 1, blanks): a pure function of such a text keeps its answers (immutable: str, bool, CellValue).
    Only short texts are kept, and only so many (a full memo starts again), so that a long batch's
    paragraphs, each printed once, do not fill the memory. A plain dict: its look-up is most of the
    cost of the hundreds of calls a report makes (an lru_cache behind a wrapper cost three times as much)."""
    memo: dict[Any, Any] = {}
    missing = object()

    code = function.__code__   # the text alone (0x04: CO_VARARGS, a wrapper's *rest): hundreds of calls a report
    if code.co_argcount == 1 and not code.co_kwonlyargcount and not code.co_flags & 0x04:
        @wraps(function)
        def call(text: str) -> Any:
            found = memo.get(text, missing)
            if found is not missing:
                return found
            found = function(text)
            if text is not None and len(text) <= _SHORT:
                if len(memo) >= _KEPT:
                    memo.clear()
                memo[text] = found
            return found
    else:
        @wraps(function)
        def call(text: str, *rest: Any) -> Any:
            key = (text, *rest)
            found = memo.get(key, missing)
            if found is not missing:
                return found
            found = function(text, *rest)
            if text is not None and len(text) <= _SHORT:
                if len(memo) >= _KEPT:
                    memo.clear()
                memo[key] = found
            return found

    call.memo = memo   # type: ignore[attr-defined]  # read directly by the hottest callers (assemble_cells)
    return call


_SHORT, _KEPT = 48, 2048   # the recurring texts of a template are a few hundred


def clean(text: str) -> str:
    """NFKC and no whitespace of any width: how a cell's text is compared."""
    return strip_space(unicodedata.normalize("NFKC", text or ""))


def strip_space(text: str) -> str:
    """Remove whitespace of every width: ASCII, U+3000, no-break and zero-width spaces, a stray BOM."""
    return _SPACE.sub("", text or "")


@short_text_cache
def looks_like_value(text: str) -> bool:
    """Could this cell be a value cell (number, signed change, money, or a blank form)?"""
    t = clean(text)
    if t in NA_FORMS:
        return True
    return parse_money(text).ok or parse_delta(text).ok


def _strip_number(t: str) -> str:
    t = _THOUSANDS.sub("", t)
    return t.replace("−", "-").replace("－", "-").replace("＋", "+")


# A count or amount of more digits is no number a report prints (and Python refuses to turn a text of
# over 4300 digits into an int): such a cell is unreadable, a READ-CELL finding, never an exception.
MAX_DIGITS = 15


def shown(text: str, limit: int = 30) -> str:
    """A cell's text as a message quotes it: a very long one cut, saying how long it was."""
    text = text.strip()
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


def _too_long(digits: str, text: str) -> CellValue | None:
    if len(digits) > MAX_DIGITS:
        return CellValue(None, ok=False, reason=f"“{shown(text)}”有 {len(digits)} 位数字，超过 {MAX_DIGITS} 位，不是报告中能印的数")
    return None


def parse_count(text: str) -> CellValue:
    t = clean(text)
    if t in NA_FORMS:
        return CellValue(None)
    t = _strip_number(_COUNT_UNIT.sub("", t))
    if (_DIGITS.fullmatch(t) or _NEGATIVE.fullmatch(t) or _WHOLE_DECIMAL.fullmatch(t)) \
            and (huge := _too_long(t.lstrip("-").split(".")[0], text)):
        return huge
    if _DIGITS.fullmatch(t):
        return CellValue(int(t))
    if _NEGATIVE.fullmatch(t):  # a negative count is kept as printed; R7 reports it
        return CellValue(int(t))
    if _WHOLE_DECIMAL.fullmatch(t):
        return CellValue(int(t.split(".")[0]))
    return CellValue(None, ok=False, reason=f"“{shown(text)}”不是一个计数")


def parse_delta(text: str) -> CellValue:
    """本年增/减: -18, +5, 增5, 减3, 增加5, 减少3, 0."""
    t = clean(text)
    if t in NA_FORMS:
        return CellValue(None)
    t = _strip_number(_COUNT_UNIT.sub("", t))
    sign = 1
    for word, word_sign in _SIGN_WORDS:
        if t.startswith(word):
            sign, t = word_sign, t[len(word):]
            break
    t = _COUNT_UNIT.sub("", t)
    if _DIGITS.fullmatch(t):
        return _too_long(t, text) or CellValue(sign * int(t))
    return CellValue(None, ok=False, reason=f"“{shown(text)}”不是一个增减数")


def parse_money(text: str) -> CellValue:
    """Money in 万元: `114.36万元` → 114.36; `251000元` → 25.1; a bare number stays as printed (unit None)."""
    t = clean(text)
    if t in NA_FORMS:
        return CellValue(None)
    t = _strip_number(t)
    match = _MONEY.fullmatch(t)
    if not match:
        return CellValue(None, ok=False, reason=f"“{shown(text)}”不是一个金额")
    whole, _, fraction = match.group(1).lstrip("-").partition(".")
    if huge := _too_long(whole, text) or _too_long(fraction, text):
        return huge
    try:
        amount = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees digits
        return CellValue(None, ok=False, reason=f"“{shown(text)}”不是一个金额")
    unit = {"万元": "万元", "万": "万元", "元": "元"}.get(match.group(2) or "")
    if unit == "元":
        amount = amount / Decimal(10000)
    return CellValue(_as_number(amount), unit=unit)


def _as_number(amount: Decimal) -> int | float:
    normal = amount.normalize()
    if normal == normal.to_integral_value():
        return int(normal)
    return float(normal)


PARSERS = {"count": parse_count, "delta": parse_delta, "money": parse_money}


@short_text_cache
def parse(text: str, kind: str) -> CellValue:
    return PARSERS[kind](text)
