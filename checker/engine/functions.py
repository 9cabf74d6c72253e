"""The functions a rule expression may call, one Python function each, registered in `FUNCTIONS`.

A function's docstring is its documentation (`report-lint explain`, the README's list of functions); the
registration says its argument types, its keywords and the type of its result, which the compiler checks
before any report is read. Argument types: num, str, cells, path (a table, group or row), table, regex (a
quoted regular expression), and the variadic `table*` and `cells|num*` (one list of cells, or two or more
numbers). Adding a function is one decorated function here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from checker.engine.literals import counter
from checker.engine.paths import cell_kind, table_columns
from checker.engine.runtime import MISSING, CellRef, Context, ExprError, Num, RowRef, Text
from checker.engine.stretches import regex as _regex, search_in as _search_in, where as _where  # noqa: F401
from checker.model import is_row, resolve
from checker.values import MAX_DIGITS


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple[str, ...]
    keywords: dict[str, str]
    result: str                        # a static type; rows and columns get the table of their argument
    impl: Callable[[Context, list[Any], dict], Any]
    check: Callable[[list[Any], dict[str, str], str | None], None] | None = None   # more compile-time checks
    fast: Callable[[Context, list[Any], dict], Any] | None = None   # on plain values (nodes.py); else impl

    @property
    def doc(self) -> str:
        import inspect   # the standard library's, only for `explain` and the README

        return inspect.cleandoc(self.impl.__doc__ or "")

    @property
    def signature(self) -> str:
        keywords = [f"{k}='…'" for k in self.keywords]
        return f"{self.name}({', '.join([*self.args, *keywords])}) → {self.result}"


FUNCTIONS: dict[str, Function] = {}


def functions_table() -> str:
    """The library as a Markdown table, for the README (a test keeps the two in step)."""
    rows = ["| function | what it gives |", "|---|---|"]
    for function in FUNCTIONS.values():
        doc = " ".join(function.doc.split()).replace("|", "\\|")
        rows.append(f"| `{function.signature.replace('|', chr(92) + '|')}` | {doc} |")
    return "\n".join(rows) + "\n"


def function(name: str, args: tuple[str, ...], result: str, keywords: dict[str, str] | None = None,
             check: Callable | None = None, fast: Callable | None = None) -> Callable:
    """Register the decorated implementation as the expression function `name`. `fast` is its version for
    plain values (numbers rather than `Num`), needed when an argument or the result is a number."""
    def register(impl: Callable) -> Callable:
        FUNCTIONS[name] = Function(name, args, dict(keywords or {}), result, impl, check, fast)
        return impl
    return register


def _values(ctx: Context, args: list[Any]) -> list[Any]:
    """Plain numbers of the arguments: a list of cells is read cell by cell."""
    out: list[Any] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(ctx.values.get(c.pointer) for c in arg)
        else:
            out.append(arg)
    return out


def _sum_value(ctx: Context, args: list[Any], kw: dict) -> Any:
    values = _values(ctx, args)
    return None if any(v is None for v in values) else sum(values)


def _pick_value(pick: Callable) -> Callable:
    def run(ctx: Context, args: list[Any], kw: dict) -> Any:
        values = _values(ctx, args)
        return None if not values or any(v is None for v in values) else pick(values)
    return run


def _nums(ctx: Context, args: list[Any]) -> list[Num]:
    out: list[Num] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(ctx.read_cell(c.pointer) for c in arg)
        else:
            out.append(arg)
    return out


def _pointer(target: Any) -> str:
    return target.pointer if isinstance(target, RowRef) else target


# ── numbers ───────────────────────────────────────────────────────────────────────────────────────

@function("sum", ("cells",), "num", fast=_sum_value)
def sum_(ctx: Context, args: list[Any], kw: dict) -> Num:
    """sum(cells): the cells added up, e.g. sum(leaves(applications.results)[column]). Blank if any cell is."""
    nums = _nums(ctx, args)
    value = None if any(n.value is None for n in nums) else sum(n.value for n in nums)
    linear: dict[str, float] | None = {}
    for n in nums:
        if n.linear is None:
            linear = None
            break
        for key, coef in n.linear.items():
            linear[key] = linear.get(key, 0) + coef
    shown = "+".join(f"({n.shown})" if n.compound else n.shown for n in nums) or "0"
    return Num(value, shown, linear, sum(n.const for n in nums), compound=len(nums) > 1)


@function("abs", ("num",), "num", fast=lambda ctx, args, kw: None if args[0] is None else abs(args[0]))
def abs_(ctx: Context, args: list[Any], kw: dict) -> Num:
    """abs(n): n without its sign."""
    a = args[0]
    return Num(None if a.value is None else abs(a.value), f"|{a.shown}|", None)


def _pick(name: str, pick: Callable, ctx: Context, args: list[Any]) -> Num:
    nums = _nums(ctx, args)
    value = None if not nums or any(n.value is None for n in nums) else pick(n.value for n in nums)
    return Num(value, f"{name}({', '.join(n.shown for n in nums)})", None)


@function("min", ("cells|num*",), "num", fast=_pick_value(min))
def min_(ctx: Context, args: list[Any], kw: dict) -> Num:
    """min(cells) or min(a, b, …): the smallest. Blank if any is."""
    return _pick("min", min, ctx, args)


@function("max", ("cells|num*",), "num", fast=_pick_value(max))
def max_(ctx: Context, args: list[Any], kw: dict) -> Num:
    """max(cells) or max(a, b, …): the largest. Blank if any is."""
    return _pick("max", max, ctx, args)


def _is_integer(value: Any) -> bool | None:
    if value is None:
        return None
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


@function("is_integer", ("num",), "bool", fast=lambda ctx, args, kw: _is_integer(args[0]))
def is_integer(ctx: Context, args: list[Any], kw: dict) -> bool | None:
    """is_integer(n): n is a whole number (12 or 12.0, not 12.5). Not assessable when n is blank."""
    return _is_integer(args[0].value)


# ── rows, columns and cells ───────────────────────────────────────────────────────────────────────

def _check_having(args: list[Any], keywords: dict[str, str], table: str | None) -> None:
    if keywords.get("having") and keywords["having"] not in table_columns(table):
        raise ExprError(f"rows(having=…): unknown column {keywords['having']!r} of {table}")


def _rows(ctx: Context, start: str, leaves_only: bool, having: str | None) -> list[RowRef]:
    key = ("rows", start, leaves_only, having)
    memo = ctx.memo if ctx.shared is None else ctx.shared
    found = memo.get(key)
    if found is None:   # the same selection is asked for in every column: made once per report (or shape)
        table = start.split("/")[1]
        total = f"{start}/total"
        found = memo[key] = [RowRef(pointer, table) for pointer, row in ctx.rows_at(start)
                             if not (leaves_only and pointer == total) and (not having or having in row)]
    return list(found)


@function("rows", ("path",), "rows", keywords={"having": "str"}, check=_check_having)
def rows(ctx: Context, args: list[Any], kw: dict) -> list[RowRef]:
    """rows(path): the rows the report prints at or under a table, group or row, in printed order;
    having='column' keeps the rows that have that column (表二's rows differ in their columns)."""
    return _rows(ctx, _pointer(args[0]), False, kw.get("having"))


@function("leaves", ("path",), "rows")
def leaves(ctx: Context, args: list[Any], kw: dict) -> list[RowRef]:
    """leaves(path): rows(path) without the group's own total row (the rows a total adds up)."""
    return _rows(ctx, _pointer(args[0]), True, None)


@function("columns", ("table",), "columns")
def columns(ctx: Context, args: list[Any], kw: dict) -> list[str]:
    """columns(table): the value columns of a table (表三's six applicant columns and 总计 …)."""
    return list(table_columns(args[0].strip("/")))


def _check_kind(args: list[Any], keywords: dict[str, str], table: str | None) -> None:
    if keywords.get("kind") not in (None, "count", "delta", "money"):
        raise ExprError("cells(kind=…) is count, delta or money")


@function("cells", ("table*",), "cells", keywords={"kind": "str"}, check=_check_kind)
def cells(ctx: Context, args: list[Any], kw: dict) -> list[CellRef]:
    """cells(table, …): every printed cell of the tables; kind='count', 'delta' or 'money' keeps cells of
    that kind (a count is an integer ≥ 0, a delta 本年增/减 may be negative, money is in 万元)."""
    wanted = kw.get("kind")
    key = ("cells", *args, wanted)
    memo = ctx.memo if ctx.shared is None else ctx.shared
    found = memo.get(key)
    if found is None:   # the cells of a structure: found once per report (or shape)
        found = memo[key] = _cells(ctx, args, wanted)
    return list(found)


def _cells(ctx: Context, args: list[Any], wanted: str | None) -> list[CellRef]:
    found: list[CellRef] = []
    for start in args:
        table = start.split("/")[1]
        for pointer, row in ctx.rows_at(start):
            for column in row:
                if wanted is None or cell_kind(table, column) == wanted:
                    found.append(CellRef(f"{pointer}/{column}", table, column))
    return found


@function("present", ("path",), "bool")
def present(ctx: Context, args: list[Any], kw: dict) -> bool:
    """present(path): the report prints this table, group or row."""
    return resolve(ctx.data, _pointer(args[0]), MISSING) is not MISSING


@function("is_row", ("path",), "bool")
def is_row_(ctx: Context, args: list[Any], kw: dict) -> bool:
    """is_row(path): the report prints this as one row (applications.results.other: a row in the 2019
    template, a group of three rows in 2021)."""
    return is_row(resolve(ctx.data, _pointer(args[0]), None))


# ── text ──────────────────────────────────────────────────────────────────────────────────────────

def _section(ctx: Context, number: Any) -> Text | None:
    key = ("section", number)   # asked for by a dozen checks of every report: found once per report
    try:
        return ctx.memo[key]
    except KeyError:
        found = ctx.memo[key] = _find_section(ctx, number)
        return found
    except TypeError:   # a number that cannot be a key (unhashable) is looked for each time
        return _find_section(ctx, number)


def _find_section(ctx: Context, number: Any) -> Text | None:
    sections = ctx.data.get("sections")
    for index, part in enumerate(sections if isinstance(sections, list) else []):
        if isinstance(part, dict) and part.get("number") == number:
            text = part.get("text")
            return Text(text, f"/sections/{index}") if isinstance(text, str) else None
    return None


@function("section", ("num",), "str", fast=lambda ctx, args, kw: _section(ctx, args[0]))
def section(ctx: Context, args: list[Any], kw: dict) -> str | None:
    """section(n): the text of section n (1–6) as printed; absent when the report has no such section."""
    return _section(ctx, args[0].value)


def _read_text(ctx: Context, text: Any) -> None:
    """A finding about text from a section names that section among its cells (and is located there)."""
    pointer = getattr(text, "pointer", None)
    if pointer:
        ctx.touched.setdefault(pointer, "ok")


_SENTENCE_END = "。；;！？!?\n"


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (between 。；！？ or line ends) that holds text[start:end], for quoting in a message."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i != -1]
    return text[left:min(rights) if rights else len(text)].strip()


@function("matches", ("str", "regex"), "bool")
def matches(ctx: Context, args: list[Any], kw: dict) -> bool | None:
    """matches(text, 'regex'): the regex is found in the text. Not assessable when the text is absent. A
    finding about it names the section the text is from (and is located there)."""
    text, pattern = args
    if text is None:
        return None
    _read_text(ctx, text)
    where = _where(pattern, text)
    return where is not None and where[0].search(text, where[1], where[2]) is not None


def _check_groups(args: list[Any], keywords: dict[str, str], table: str | None) -> None:
    pattern = args[1].value
    if re.compile(pattern).groups == 0:
        raise ExprError(f"number(): the regular expression {pattern!r} captures nothing; "
                        "put the number in a group: '申请(\\d+)件'")


def _number_value(ctx: Context, args: list[Any], kw: dict) -> int | None:
    text, pattern = args
    if not isinstance(text, str):
        return None
    key = ("number", text, pattern)   # a check's `when` and its assertion often read the same phrase
    found = ctx.memo.get(key, MISSING)
    if found is MISSING:
        found = ctx.memo[key] = _find_number(text, pattern)
    return found


def _find_number(text: str, pattern: str) -> int | None:
    where = _where(pattern, text)
    if where is None:
        return None
    values = set()
    for match in where[0].finditer(text, where[1], where[2]):
        digits = "".join(filter(None, match.groups()))
        if digits.isdecimal() and len(digits) <= MAX_DIGITS:   # no count a sentence states
            values.add(int(digits))
    return values.pop() if len(values) == 1 else None


@function("number", ("str", "regex"), "num", check=_check_groups, fast=_number_value)
def number(ctx: Context, args: list[Any], kw: dict) -> Num:
    """number(text, 'regex'): the number the regex's groups capture (their digits joined, so
    '^(\\d{4})-(\\d\\d)-(\\d\\d)' reads a date as 20200615). Every match counts: no match, or
    matches that capture different numbers, give a blank (not assessable), never a guess. It is shown
    in a message as the sentence that holds the first match."""
    text, pattern = args
    if not isinstance(text, str):   # absent, or not text in a hand-written JSON report
        return Num(None, "空", None)
    _read_text(ctx, text)
    values, quote = set(), None
    where = _where(pattern, text)
    for match in where[0].finditer(text, where[1], where[2]) if where is not None else ():
        digits = "".join(filter(None, match.groups()))
        if not digits.isdecimal() or len(digits) > MAX_DIGITS:   # no count a sentence states
            continue
        values.add(int(digits))   # int() also reads full-width digits (３１１９)
        if quote is None:
            quote = _sentence(text, match.start(), match.end())
    value = values.pop() if len(values) == 1 else None
    return Num(value, quote if quote is not None else "空", None)


_COUNTERS: dict[str, Any] = {}   # a rule's pattern → literals.counter of it (kept by the pattern: one lookup)


def _count_value(ctx: Context, args: list[Any], kw: dict) -> int | None:
    text, pattern = args
    if not isinstance(text, str):
        return None
    counted = _COUNTERS.get(pattern, MISSING)
    if counted is MISSING:   # one plain text or one class of characters: counted in C
        if len(_COUNTERS) >= 512:
            _COUNTERS.clear()
        counted = _COUNTERS[pattern] = counter(_regex(pattern))
    if counted is not None:
        return counted(text)
    where = _where(pattern, text)
    return 0 if where is None else len(where[0].findall(text, where[1], where[2]))


@function("count", ("str", "regex"), "num", fast=_count_value)
def count(ctx: Context, args: list[Any], kw: dict) -> Num:
    """count(text, 'regex'): how many times the regex matches (e.g. '[\\u4e00-\\u9fff]', the Chinese characters)."""
    text, pattern = args
    if not isinstance(text, str):   # absent, or not text in a hand-written JSON report
        return Num(None, "空", None)
    _read_text(ctx, text)
    value = _count_value(ctx, args, kw)   # one item per match, as finditer gives them
    return Num(value, str(value), None)
