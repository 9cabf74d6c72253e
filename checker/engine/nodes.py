"""The compiled form of a rule expression: a tree of small typed nodes, built by the compiler (expr.py)
after it has checked every name and type, and evaluated on one report at a time.

Static types (`Node.type`) are short strings: num, bool, str, table:T, node:T (a group of rows), row:T,
rownode:T (a row in one template and a group in the other: applications.results.other), rows:T,
columns:T, column:T, cells (T is the table the thing belongs to).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable

from checker.engine.runtime import CellRef, Context, Num, RowRef, format_number


def _ptr(parts: tuple[str, ...]) -> str:
    return "/" + "/".join(parts)

class Node:
    type: str

    def evaluate(self, ctx: Context) -> Any:
        raise NotImplementedError


@dataclass
class Const(Node):
    value: Any
    type: str

    def evaluate(self, ctx: Context) -> Any:
        if self.type == "num":
            return Num(self.value, format_number(self.value), {}, self.value)
        return self.value


@dataclass
class Var(Node):
    name: str
    type: str

    def evaluate(self, ctx: Context) -> Any:
        value = ctx.bindings[self.name]
        if isinstance(value, CellRef):
            return ctx.read_cell(value.pointer)
        return value


@dataclass
class Path(Node):
    """A path into the model, e.g. applications.results.total[column]; steps are names or column vars."""

    steps: list[tuple[str, str]]   # ("key", name) or ("var", loop variable bound to a column name)
    base: str | None               # a row variable the path starts from, or None for a table
    type: str

    def pointer(self, ctx: Context) -> str:
        parts: list[str] = []
        if self.base is not None:
            parts.extend(ctx.bindings[self.base].pointer.strip("/").split("/"))
        for kind, name in self.steps:
            parts.append(ctx.bindings[name] if kind == "var" else name)
        return _ptr(tuple(parts))

    def evaluate(self, ctx: Context) -> Any:
        pointer = self.pointer(ctx)
        if self.type == "num":
            return ctx.read_cell(pointer)
        table = pointer.split("/")[1]
        if self.type.split(":")[0] == "row":
            return RowRef(pointer, table)
        return pointer   # a table or group: selectors take its pointer


@dataclass
class ReportField(Node):
    name: str
    type: str

    def evaluate(self, ctx: Context) -> Any:
        value = ctx.data.get("report")
        for key in self.name.split("."):   # report.period.start: a field inside report.period
            value = value.get(key) if isinstance(value, dict) else None
        if self.type == "num":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return Num(value if ok else None, format_number(value) if ok else "空", None)
        return value


@dataclass
class ColumnOf(Node):
    """selection[column]: the cells of one column across a list of rows (leaves(...)[column])."""

    rows: Node
    column: Node
    type: str = "cells"

    def evaluate(self, ctx: Context) -> Any:
        column = self.column.evaluate(ctx)
        return [CellRef(f"{row.pointer}/{column}", row.table, column) for row in self.rows.evaluate(ctx)]


ARITH = {ast.Add: ("+", lambda a, b: a + b), ast.Sub: ("-", lambda a, b: a - b),
          ast.Mult: ("×", lambda a, b: a * b)}


@dataclass
class Arith(Node):
    op: type
    left: Node
    right: Node
    type: str = "num"

    def evaluate(self, ctx: Context) -> Num:
        a, b = self.left.evaluate(ctx), self.right.evaluate(ctx)
        symbol, fn = ARITH[self.op]
        value = None if a.value is None or b.value is None else fn(a.value, b.value)
        right_shown = f"({b.shown})" if b.compound and self.op is not ast.Add else b.shown
        left_shown = f"({a.shown})" if a.compound and self.op is ast.Mult else a.shown
        return Num(value, f"{left_shown}{symbol}{right_shown}", _combine(self.op, a, b),
                   _combine_const(self.op, a, b), compound=True)


def _combine(op: type, a: Num, b: Num) -> dict[str, float] | None:
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


def _combine_const(op: type, a: Num, b: Num) -> float:
    if op is ast.Mult:
        return 0
    return a.const + (b.const if op is ast.Add else -b.const)


@dataclass
class Negate(Node):
    operand: Node
    type: str = "num"

    def evaluate(self, ctx: Context) -> Num:
        a = self.operand.evaluate(ctx)
        linear = None if a.linear is None else {k: -v for k, v in a.linear.items()}
        return Num(None if a.value is None else -a.value, f"-{a.shown}", linear, -a.const)


COMPARISONS = {ast.Eq: ("==", "=", lambda a, b: a == b), ast.NotEq: ("!=", "≠", lambda a, b: a != b),
               ast.Lt: ("<", "<", lambda a, b: a < b), ast.LtE: ("<=", "≤", lambda a, b: a <= b),
               ast.Gt: (">", ">", lambda a, b: a > b), ast.GtE: (">=", "≥", lambda a, b: a >= b)}


@dataclass
class Compare(Node):
    op: type
    left: Node
    right: Node
    type: str = "bool"

    @property
    def symbol(self) -> str:
        return COMPARISONS[self.op][1]

    def evaluate(self, ctx: Context) -> bool | None:
        return self.decide(self.left.evaluate(ctx), self.right.evaluate(ctx))

    def decide(self, a: Any, b: Any) -> bool | None:
        if isinstance(a, Num):
            a, b = a.value, b.value
        if a is None or b is None:
            return None
        if isinstance(a, float) or isinstance(b, float):   # money: compare to the cent fraction of 万元
            if self.op is ast.Eq:
                return abs(a - b) < 1e-6
            if self.op is ast.NotEq:
                return abs(a - b) >= 1e-6
        return COMPARISONS[self.op][2](a, b)


@dataclass
class Logic(Node):
    op: str   # and, or, not
    operands: list[Node]
    type: str = "bool"

    def evaluate(self, ctx: Context) -> bool | None:
        values = [o.evaluate(ctx) for o in self.operands]
        if self.op == "not":
            return None if values[0] is None else not values[0]
        if self.op == "and":
            if any(v is False for v in values):
                return False
            return None if any(v is None for v in values) else True
        if any(v is True for v in values):
            return True
        return None if any(v is None for v in values) else False


@dataclass
class Call(Node):
    name: str
    args: list[Node]
    keywords: dict[str, Any]
    type: str
    impl: Callable[..., Any]

    def evaluate(self, ctx: Context) -> Any:
        return self.impl(ctx, [a.evaluate(ctx) for a in self.args], self.keywords)

