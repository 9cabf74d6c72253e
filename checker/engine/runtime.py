"""Values while a rule expression is evaluated, and the context of one evaluation.

- a number is a `Num`: its value (None when a cell is blank or missing, which makes the relation not
  assessable), how it was built for the message ("9+0"), and its linear form over cells (pointer →
  coefficient) so the engine can tell which single cell would explain a failure;
- references to rows and cells (`RowRef`, `CellRef`), lists of them from selectors, column names, `Text`
  (knowing its section), bools.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from checker.model import OTHER_REPORTS, TABLES, resolve, rows_under

MISSING = object()
NOT_ASKED = object()   # a generated check without a loop whose `when` does not hold (codegen.single_decider)


class ExprError(Exception):
    """An expression that does not parse, names an unknown path, or mixes types."""


@dataclass
class Num:
    value: int | float | None
    shown: str
    linear: dict[str, float] | None = None   # pointer → coefficient; None when not a linear expression
    const: float = 0
    compound: bool = False                   # shown needs parentheses inside a larger sum


class RowRef(NamedTuple):
    """A row of the report, as a selector gives it to a loop variable."""

    pointer: str
    table: str


class CellRef(NamedTuple):
    """A cell of the report, as cells(…) or rows[column] give it."""

    pointer: str
    table: str
    column: str


class Text(str):
    """Text read from the report that knows where it came from (section(n) → /sections/i), so a finding
    about a number in it can name and locate that section."""

    pointer: str | None = None

    def __new__(cls, value: str, pointer: str | None = None) -> "Text":
        text = super().__new__(cls, value)
        text.pointer = pointer
        return text


@dataclass
class Context:
    """One evaluation: the report's data, the loop bindings, and every cell read (for findings)."""

    data: dict
    bindings: dict[str, Any] = field(default_factory=dict)
    touched: dict[str, str] = field(default_factory=dict)   # pointer → "ok" | "blank" | "missing"
    values: dict[str, int | float] | None = None   # the report's numbers by pointer (table_values), for plain()
    memo: dict[Any, Any] = field(default_factory=dict)   # per report: rows under a pointer, selections, sections
    shared: dict[Any, Any] | None = None   # selections of the structure, shared by reports of one shape (shapes.py)

    def rows_at(self, start: str) -> list[tuple[str, dict[str, Any]]]:
        """The rows at or under a pointer (model.rows_under), found once per report."""
        found = self.memo.get(start)
        if found is None:
            found = self.memo[start] = rows_under(resolve(self.data, start, None), start)
        return found

    def read_cell(self, pointer: str) -> Num:
        value = self.values.get(pointer) if self.values is not None else None
        if value is not None:   # a number of the tables (table_values), as resolve would find it
            self.touched.setdefault(pointer, "ok")
            if value.__class__ is int and value >= 0:
                return Num(value, str(value), {pointer: 1})
            shown = format_number(value)
            return Num(value, f"({shown})" if value < 0 else shown, {pointer: 1})
        value = resolve(self.data, pointer, MISSING)
        if value is MISSING or isinstance(value, (dict, list)):
            self.touched[pointer] = "missing"
            return Num(None, "缺", {pointer: 1})
        if value is None:
            self.touched[pointer] = "blank"
            return Num(None, "空", {pointer: 1})
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.touched[pointer] = "blank"   # text in a value cell: not a number, so not assessable
            return Num(None, repr(value), {pointer: 1})
        self.touched.setdefault(pointer, "ok")
        shown = format_number(value)
        # a negative cell inside a printed sum reads "12+(-2)", not "12+-2"
        return Num(value, f"({shown})" if value < 0 else shown, {pointer: 1})


def reads_blank(data: dict, values: dict[str, int | float] | None, pointer: str) -> bool:
    """Whether Context.read_cell marks this cell blank (not a number, and not missing), without reading it."""
    if values is not None and values.get(pointer) is not None:
        return False
    value = resolve(data, pointer, MISSING)
    if value is MISSING or isinstance(value, (dict, list)):
        return False   # missing
    return value is None or isinstance(value, bool) or not isinstance(value, (int, float))


def format_number(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def table_values(data: dict) -> dict[str, int | float]:
    """Every number in the report's tables by its pointer, read once per report: what a plain evaluation
    reads instead of following a pointer. Anything else (blank, text, missing, a row where a cell should be)
    is absent, which reads as blank. A key that is not text or holds "/" could not be named by a pointer."""
    out: dict[str, int | float] = {}

    def walk(node: dict, prefix: str) -> None:
        prefix += "/"
        for key, value in node.items():
            if not isinstance(key, str) or "/" in key:
                continue
            kind = value.__class__
            if kind is int or kind is float:   # the usual cell, without the general tests below
                out[prefix + key] = value
            elif isinstance(value, dict):
                walk(value, prefix + key)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out[prefix + key] = value

    for table in TABLES:
        if isinstance(data.get(table), dict):
            walk(data[table], f"/{table}")
    for other in OTHER_REPORTS:   # the other reports a cross-report rule reads (checker.years)
        if isinstance(data.get(other), dict):
            for table in TABLES:
                if isinstance(data[other].get(table), dict):
                    walk(data[other][table], f"/{other}/{table}")
    return out


def pointer_parts(pointer: str) -> list[str]:
    """The keys of a JSON Pointer (ours never contain / or ~)."""
    return pointer.strip("/").split("/")


def combine(op: type, a: Num, b: Num) -> dict[str, float] | None:
    """The linear form of a + b, a - b or a × b (op an ast operator): None when it is not linear."""
    if a.linear is None or b.linear is None:
        return None
    if op is ast.Mult:
        if not a.linear and a.value is not None:
            return {k: v * a.value for k, v in b.linear.items()}
        if not b.linear and b.value is not None:
            return {k: v * b.value for k, v in a.linear.items()}
        return None
    sign = 1 if op is ast.Add else -1
    merged = dict(a.linear)
    for key, coef in b.linear.items():
        merged[key] = merged.get(key, 0) + sign * coef
    return merged


def combine_const(op: type, a: Num, b: Num) -> float:
    if op is ast.Mult:
        return 0
    return a.const + (b.const if op is ast.Add else -b.const)
