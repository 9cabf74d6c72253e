"""The compiled form of a rule expression: typed nodes, built by the compiler (expr.py) after it has checked
every name and type, each compiled once into two Python closures (never `eval`):

- `plain(ctx)`: the plain value (a number or None, a bool or None, a list of rows …), and nothing else: this
  is what runs for every binding of every report, and it is all a relation that holds needs;
- `evaluate(ctx)`: the value with its story (`Num`: how it was built for the message, its linear form over
  cells for the suspects) and every cell read recorded in `ctx.touched`: run only for a binding that fails
  or cannot be assessed, and for a held relation the suspects need.

Both are built from the same node on first use and dropped when a rule set is pickled (the rule cache).

Static types (`Node.type`) are short strings: num, bool, str, table:T, node:T (a group of rows), row:T,
rownode:T (a row in one template and a group in the other: applications.results.other), rows:T,
columns:T, column:T, cells (T is the table the thing belongs to).
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Callable

from checker.engine.functions import FUNCTIONS
from checker.engine.runtime import (CellRef, Context, Num, RowRef, combine, combine_const, format_number, pointer_parts,
                                    table_values)

Closure = Callable[[Context], Any]


class Node:
    type: str

    def evaluate(self, ctx: Context) -> Any:
        """The value with its story (see the module's docstring)."""
        return self.full_closure()(ctx)

    def plain(self, ctx: Context) -> Any:
        """The plain value."""
        if ctx.values is None:
            ctx.values = table_values(ctx.data)
        return self.fast_closure()(ctx)

    def full_closure(self) -> Closure:
        closure = self.__dict__.get("_full")
        if closure is None:
            closure = self.__dict__["_full"] = self.build_full()
        return closure

    def fast_closure(self) -> Closure:
        closure = self.__dict__.get("_fast")
        if closure is None:
            closure = self.__dict__["_fast"] = self.build_fast()
        return closure

    def build_full(self) -> Closure:
        raise NotImplementedError

    def build_fast(self) -> Closure:
        raise NotImplementedError

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_full", "_fast")}


@dataclass
class Const(Node):
    value: Any
    type: str

    def build_full(self) -> Closure:
        value = self.value
        if self.type == "num":
            shown = format_number(value)
            return lambda ctx: Num(value, shown, {}, value)
        return lambda ctx: value

    def build_fast(self) -> Closure:
        value = self.value
        return lambda ctx: value


@dataclass
class Var(Node):
    name: str
    type: str

    def build_full(self) -> Closure:
        name = self.name

        def run(ctx: Context) -> Any:
            value = ctx.bindings[name]
            if isinstance(value, CellRef):
                return ctx.read_cell(value.pointer)
            return value
        return run

    def build_fast(self) -> Closure:
        name = self.name

        def run(ctx: Context) -> Any:
            value = ctx.bindings[name]
            if isinstance(value, CellRef):
                return ctx.values.get(value.pointer)
            return value
        return run


@dataclass
class Path(Node):
    """A path into the model, e.g. applications.results.total[column]; steps are names or column vars."""

    steps: list[tuple[str, str]]   # ("key", name) or ("var", loop variable bound to a column name)
    base: str | None               # a row variable the path starts from, or None for a table
    type: str

    def pointer_closure(self) -> Callable[[Context], str]:
        """The path's pointer for one binding; worked out once when the path has no loop variable."""
        if self.base is None and all(kind == "key" for kind, _ in self.steps):
            fixed = "/" + "/".join(name for _, name in self.steps)
            return lambda ctx: fixed
        base, steps = self.base, list(self.steps)
        if base is not None and len(steps) == 1 and steps[0][0] == "key":   # row.total
            tail = "/" + steps[0][1]
            return lambda ctx: ctx.bindings[base].pointer + tail
        if base is None and steps[-1][0] == "var" and all(kind == "key" for kind, _ in steps[:-1]):
            head, column = "/" + "/".join(name for _, name in steps[:-1]) + "/", steps[-1][1]
            return lambda ctx: head + ctx.bindings[column]   # applications.results.total[column]

        def pointer(ctx: Context) -> str:
            parts: list[str] = pointer_parts(ctx.bindings[base].pointer) if base is not None else []
            for kind, name in steps:
                parts.append(ctx.bindings[name] if kind == "var" else name)
            return "/" + "/".join(parts)
        return pointer

    def pointer(self, ctx: Context) -> str:
        return self.pointer_closure()(ctx)

    def _reference(self) -> Callable[[Context], Any]:
        pointer = self.pointer_closure()
        if self.type.split(":")[0] == "row":
            def row(ctx: Context) -> RowRef:
                found = pointer(ctx)
                return RowRef(found, found.split("/")[1])
            return row
        return pointer   # a table or group: selectors take its pointer

    def build_full(self) -> Closure:
        if self.type == "num":
            pointer = self.pointer_closure()
            return lambda ctx: ctx.read_cell(pointer(ctx))
        return self._reference()

    def build_fast(self) -> Closure:
        if self.type == "num":
            pointer = self.pointer_closure()
            return lambda ctx: ctx.values.get(pointer(ctx))
        return self._reference()


@dataclass
class ReportField(Node):
    name: str
    type: str

    def _raw(self) -> Closure:
        keys = self.name.split(".")   # report.period.start: a field inside report.period

        def raw(ctx: Context) -> Any:
            value = ctx.data.get("report")
            for key in keys:
                value = value.get(key) if isinstance(value, dict) else None
            return value
        return raw

    def build_full(self) -> Closure:
        raw = self._raw()
        if self.type != "num":
            return raw

        def run(ctx: Context) -> Num:
            value = raw(ctx)
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return Num(value if ok else None, format_number(value) if ok else "空", None)
        return run

    def build_fast(self) -> Closure:
        raw = self._raw()
        if self.type != "num":
            return raw

        def run(ctx: Context) -> Any:
            value = raw(ctx)
            return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        return run


@dataclass
class ColumnOf(Node):
    """selection[column]: the cells of one column across a list of rows (leaves(...)[column])."""

    rows: Node
    column: Node
    type: str = "cells"

    def _build(self, rows: Closure, column: Closure) -> Closure:
        def run(ctx: Context) -> list[CellRef]:
            name = column(ctx)
            return [CellRef(f"{row.pointer}/{name}", row.table, name) for row in rows(ctx)]
        return run

    def build_full(self) -> Closure:
        return self._build(self.rows.full_closure(), self.column.full_closure())

    def build_fast(self) -> Closure:
        return self._build(self.rows.fast_closure(), self.column.fast_closure())


ARITH = {ast.Add: ("+", operator.add), ast.Sub: ("-", operator.sub), ast.Mult: ("×", operator.mul)}


@dataclass
class Arith(Node):
    op: type
    left: Node
    right: Node
    type: str = "num"

    def build_full(self) -> Closure:
        left, right, op = self.left.full_closure(), self.right.full_closure(), self.op
        symbol, fn = ARITH[op]

        def run(ctx: Context) -> Num:
            a, b = left(ctx), right(ctx)
            value = None if a.value is None or b.value is None else fn(a.value, b.value)
            right_shown = f"({b.shown})" if b.compound and op is not ast.Add else b.shown
            left_shown = f"({a.shown})" if a.compound and op is ast.Mult else a.shown
            return Num(value, f"{left_shown}{symbol}{right_shown}", combine(op, a, b), combine_const(op, a, b),
                       compound=True)
        return run

    def build_fast(self) -> Closure:
        left, right, fn = self.left.fast_closure(), self.right.fast_closure(), ARITH[self.op][1]

        def run(ctx: Context) -> Any:
            a, b = left(ctx), right(ctx)
            return None if a is None or b is None else fn(a, b)
        return run


@dataclass
class Negate(Node):
    operand: Node
    type: str = "num"

    def build_full(self) -> Closure:
        operand = self.operand.full_closure()

        def run(ctx: Context) -> Num:
            a = operand(ctx)
            linear = None if a.linear is None else {k: -v for k, v in a.linear.items()}
            return Num(None if a.value is None else -a.value, f"-{a.shown}", linear, -a.const)
        return run

    def build_fast(self) -> Closure:
        operand = self.operand.fast_closure()

        def run(ctx: Context) -> Any:
            a = operand(ctx)
            return None if a is None else -a
        return run


COMPARISONS = {ast.Eq: ("==", "=", operator.eq), ast.NotEq: ("!=", "≠", operator.ne),
               ast.Lt: ("<", "<", operator.lt), ast.LtE: ("<=", "≤", operator.le),
               ast.Gt: (">", ">", operator.gt), ast.GtE: (">=", "≥", operator.ge)}


def decide(op: type, a: Any, b: Any) -> bool | None:
    """A comparison of plain values: not assessable (None) when either is blank."""
    if a is None or b is None:
        return None
    if isinstance(a, float) or isinstance(b, float):   # money: compare to the cent fraction of 万元
        if op is ast.Eq:
            return abs(a - b) < 1e-6
        if op is ast.NotEq:
            return abs(a - b) >= 1e-6
    return COMPARISONS[op][2](a, b)


@dataclass
class Compare(Node):
    op: type
    left: Node
    right: Node
    type: str = "bool"

    @property
    def symbol(self) -> str:
        return COMPARISONS[self.op][1]

    def decide(self, a: Any, b: Any) -> bool | None:
        if isinstance(a, Num):
            a, b = a.value, b.value
        return decide(self.op, a, b)

    def build_full(self) -> Closure:
        left, right, op = self.left.full_closure(), self.right.full_closure(), self.op
        return lambda ctx: self.decide(left(ctx), right(ctx))

    def build_fast(self) -> Closure:
        left, right, op = self.left.fast_closure(), self.right.fast_closure(), self.op
        compare = COMPARISONS[op][2]

        def run(ctx: Context) -> bool | None:
            a, b = left(ctx), right(ctx)
            if a.__class__ is int and b.__class__ is int:   # the common case: two counts
                return compare(a, b)
            return decide(op, a, b)
        return run


def _logic(op: str, operands: list[Closure]) -> Closure:
    """Three-valued not/and/or; every operand is evaluated (each records the cells it reads)."""
    if op == "not":
        (only,) = operands

        def negate(ctx: Context) -> bool | None:
            value = only(ctx)
            return None if value is None else not value
        return negate
    decisive, other = (False, True) if op == "and" else (True, False)
    if len(operands) == 2:
        first, second = operands

        def pair(ctx: Context) -> bool | None:
            a, b = first(ctx), second(ctx)
            if a is decisive or b is decisive:
                return decisive
            return None if a is None or b is None else other
        return pair

    def run(ctx: Context) -> bool | None:
        values = [o(ctx) for o in operands]
        if any(v is decisive for v in values):
            return decisive
        return None if any(v is None for v in values) else other
    return run


@dataclass
class Logic(Node):
    op: str   # and, or, not
    operands: list[Node]
    type: str = "bool"

    def build_full(self) -> Closure:
        return _logic(self.op, [o.full_closure() for o in self.operands])

    def build_fast(self) -> Closure:
        return _logic(self.op, [o.fast_closure() for o in self.operands])


@dataclass
class Call(Node):
    name: str                           # a function of the library (functions.py)
    args: list[Node]
    keywords: dict[str, Any]
    type: str

    def _build(self, impl: Callable, args: list[Closure]) -> Closure:
        keywords = self.keywords
        if len(args) == 1:
            (only,) = args
            return lambda ctx: impl(ctx, [only(ctx)], keywords)
        return lambda ctx: impl(ctx, [a(ctx) for a in args], keywords)

    def build_full(self) -> Closure:
        return self._build(FUNCTIONS[self.name].impl, [a.full_closure() for a in self.args])

    def build_fast(self) -> Closure:
        function = FUNCTIONS[self.name]
        return self._build(function.fast or function.impl, [a.fast_closure() for a in self.args])
