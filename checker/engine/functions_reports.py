"""Expression functions for what one table cannot show: the intro, the same organ's other reports (X5,
D10), and other places' organs named in the text (D9). Registered in `FUNCTIONS` like the others.

The other reports are the ones checker.years gives a rule under the names `previous` (Y−1), `previous2`
(Y−2) and `twin` (another file of the same organ and year); without them every function here is blank,
so a cross-report rule is not assessable on a report alone.
"""

from __future__ import annotations

import re
from typing import Any

from checker.engine.functions import _read_text, _search_in, function
from checker.engine.runtime import MISSING, Context, ExprError, Num, Text
from checker.model import OTHER_REPORTS, describe_pointer, resolve, rows_under
from checker.organs import lowest_place
from checker.places import place_names

_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def _plain(impl):
    """The plain version of a function whose arguments are text or tables: its value without the story. It
    is given the plain evaluation's own context: what it records there as read is never asked for (only a
    full evaluation's record is, asserts._assess), as with matches(), which has no plain version."""
    def run(ctx: Context, args: list[Any], kw: dict) -> Any:
        result = impl(ctx, args, kw)
        return result.value if isinstance(result, Num) else result
    return run


def _numeric(name: str, args: tuple[str, ...], **options: Any):
    """Register a function with a number result; its plain version drops the story (see nodes.py)."""
    def register(impl):
        function(name, args, "num", fast=_plain(impl), **options)(impl)
        return impl
    return register


def _check_of(args: list[Any], keywords: dict[str, str], table: str | None) -> None:
    if "of" in keywords and keywords["of"] not in OTHER_REPORTS:
        raise ExprError(f"of='{keywords['of']}': another report is one of {', '.join(OTHER_REPORTS)}")


def _other(ctx: Context, kw: dict) -> tuple[dict | None, str]:
    """The other report's model (None when there is none) and the pointer prefix of its cells."""
    name = kw.get("of", "previous")
    data = ctx.data.get(name)
    return (data if isinstance(data, dict) else None), f"/{name}"


@function("preamble", (), "str")
def preamble(ctx: Context, args: list[Any], kw: dict) -> str | None:
    """preamble(): the text before section 一 (the intro: legal basis, the parts, the period, a contact)."""
    text = ctx.data.get("preamble")
    return Text(text, "/preamble") if isinstance(text, str) else None


@_numeric("numeral", ("str", "regex"))
def numeral(ctx: Context, args: list[Any], kw: dict) -> Num:
    """numeral(text, 'regex'): like number(), for a number printed in Chinese (一 … 十) or digits, e.g.
    numeral(preamble(), '共([一二三四五六七八九十])个?部分') reads 六 as 6. Blank when nothing matches or
    the matches disagree."""
    text, pattern = args
    if not isinstance(text, str):
        return Num(None, "空", None)
    _read_text(ctx, text)
    values, quote = set(), None
    compiled = _search_in(pattern, text)
    for match in compiled.finditer(text) if compiled is not None else ():
        word = next((g for g in match.groups() if g), "")
        value = _NUMERALS.get(word) if word in _NUMERALS else int(word) if word.isdecimal() else None
        if value is None:
            continue
        values.add(value)
        quote = quote or match.group(0)
    value = values.pop() if len(values) == 1 else None
    return Num(value, quote if quote is not None else "空", None)


def _comparable(text: str) -> str:
    """Text as compared across years: no spaces, and every year the same (a copy with only its years
    changed is still a copy)."""
    return re.sub(r"(?:19|20)\d\d", "Y", re.sub(r"\s+", "", text))


@function("section_of", ("num",), "str", keywords={"of": "str"}, check=_check_of)
def section_of(ctx: Context, args: list[Any], kw: dict) -> str | None:
    """section_of(n, of='previous'): section n of another report of the same organ (of= previous, previous2
    or twin); absent when there is no such report or section."""
    data, prefix = _other(ctx, kw)
    sections = data.get("sections") if data else None
    for index, part in enumerate(sections if isinstance(sections, list) else []):
        number = args[0].value if isinstance(args[0], Num) else args[0]   # a Num, or plain in the fast path
        if isinstance(part, dict) and part.get("number") == number and isinstance(part.get("text"), str):
            return Text(part["text"], f"{prefix}/sections/{index}")
    return None


@_numeric("similarity", ("str", "str"))
def similarity(ctx: Context, args: list[Any], kw: dict) -> Num:
    """similarity(a, b): how alike two texts are, in per cent (difflib's ratio, spaces ignored and every year
    written the same): 100 for a copy. Blank when either text is absent."""
    a, b = args
    if not isinstance(a, str) or not isinstance(b, str):
        return Num(None, "空", None)
    _read_text(ctx, a)
    _read_text(ctx, b)
    import difflib   # here: only the rules comparing two reports' texts use it

    ratio = difflib.SequenceMatcher(None, _comparable(a), _comparable(b), autojunk=False).ratio()
    value = int(ratio * 100)
    return Num(value, f"{value}%", None)


def _cells(data: dict, tables: list[str]) -> dict[str, Any]:
    """pointer → value of every printed cell of the tables (a row is a dict of values)."""
    found: dict[str, Any] = {}
    for table in tables:
        start = f"/{table}"
        for row, values in rows_under(resolve(data, start, None), start):
            for column, value in values.items():
                found[f"{row}/{column}"] = value
    return found


def _tables(args: list[Any]) -> list[str]:
    return [a.strip("/") for a in args]


@_numeric("differences", ("table*",), keywords={"of": "str"}, check=_check_of)
def differences(ctx: Context, args: list[Any], kw: dict) -> Num:
    """differences(table, …, of='twin'): how many cells printed in both reports hold different values; in a
    message, the first of them with both values. Blank when the other report is absent."""
    other, prefix = _other(ctx, {"of": kw.get("of", "twin")})
    if other is None:
        return Num(None, "空", None)
    mine, theirs = _cells(ctx.data, _tables(args)), _cells(other, _tables(args))
    differing = [p for p in mine if p in theirs and mine[p] != theirs[p]]
    for pointer in differing:
        ctx.touched.setdefault(pointer, "ok")
        ctx.touched.setdefault(prefix + pointer, "ok")
    shown = "；".join(f"{describe_pointer(p)} {_show(mine[p])} 与 {_show(theirs[p])}" for p in differing[:5])
    if len(differing) > 5:
        shown += f"等{len(differing)}处"
    return Num(len(differing), shown or "无", None)


def _show(value: Any) -> str:
    return "空白" if value is None else str(value)


@_numeric("unchanged", ("table*",), keywords={"of": "str"}, check=_check_of)
def unchanged(ctx: Context, args: list[Any], kw: dict) -> Num:
    """unchanged(table, …, of='previous'): when every cell printed in both reports is the same, how many of
    them are not 0 (a table of zeros repeats honestly; a table of the same real figures every year does
    not); 0 when any cell differs. Blank when the other report is absent or shares no cell."""
    other, prefix = _other(ctx, kw)
    if other is None:
        return Num(None, "空", None)
    mine, theirs = _cells(ctx.data, _tables(args)), _cells(other, _tables(args))
    common = [p for p in mine if p in theirs]
    if not common:
        return Num(None, "空", None)
    if any(mine[p] != theirs[p] for p in common):
        return Num(0, "0", None)
    nonzero = [p for p in common if isinstance(mine[p], (int, float)) and mine[p] != 0]
    for table in _tables(args):
        ctx.touched.setdefault(f"/{table}", "ok")
        ctx.touched.setdefault(f"{prefix}/{table}", "ok")
    return Num(len(nonzero), str(len(nonzero)), None)


_PLACE_LEVELS = "市区县旗"


@_numeric("other_places", ("str",))
def other_places(ctx: Context, args: list[Any], kw: dict) -> Num:
    """other_places(text): how many times the text names the report's own kind of organ in another place of
    the same level (a 威海市旅游局 report that speaks of 宜宾市旅游局, a 临溪县自然资源局 report of
    宜宾县自然资源局: usually a sentence copied from another organ's report); in a message, the names. A
    place counts only when it is a real province, prefecture or county (checker.places), so 区公安局 after
    “严格落实” is the organ's own short name, not a place. Blank when the report's organ, its place, or a
    gazetteer for its level (townships) is unknown."""
    text = args[0]
    own = ctx.memo.get("lowest_place", MISSING)   # the same for each text of a report: worked out once
    if own is MISSING:
        info = ctx.data.get("report") if isinstance(ctx.data.get("report"), dict) else {}
        own = ctx.memo["lowest_place"] = lowest_place(info)
    if not isinstance(text, str) or own is None or own[0][-1] not in _PLACE_LEVELS:
        return Num(None, "空", None)
    _read_text(ctx, text)
    place, suffix = own
    tail = place[-1] + suffix
    places = place_names()   # is_place's names, looked in without a call a name
    found = []
    start = text.find(tail)   # each occurrence, left to right, none overlapping (as re.finditer of it)
    while start != -1:
        end = start + 1   # the place ends with the level character
        start = text.find(tail, start + len(tail))
        for length in range(min(8, end), 1, -1):   # the longest name: 宜宾县, not 宾县 (also a county)
            name = text[end - length:end]
            if name in places and not place.endswith(name) and not name.endswith(place):
                found.append(name + suffix)
                break
    names = list(dict.fromkeys(found))
    return Num(len(found), "、".join(names) if names else "无", None)
