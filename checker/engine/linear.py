"""The linear form of a relation that held (what `AssertCheck.held_relation` works out for the suspects),
without its story: no `Num`, no shown text, no cell recorded as read.

A held relation is asked for its linear form only to acquit the cells it contains (suspects.py), and a
report with a planted or real error asks for dozens of them. The full evaluation (nodes.py `evaluate`)
builds a `Num` per node with the text a message would show; here each node gives only its value and what
`Num.linear` would hold, worked out the same way (runtime.combine, functions.sum_, Context.read_cell's
{pointer: 1}), so the forms are equal. A side whose form is never linear (a function other than sum, a
report field) makes the relation's form None without evaluating anything, as the full evaluation ends.
A node kind this module does not know (a product …) has no closure and the relation is evaluated in full,
as before; `tests/engine/test_linear.py` compares the two on every relation of the shipped rules.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from checker.engine.nodes import Arith, Call, Compare, Const, Negate, Node, Path, ReportField, Var
from checker.engine.runtime import CellRef, Context

# (linear form or None, value or None), as the node's evaluate(ctx) would give them in Num.linear and .value
Form = tuple["dict[str, Any] | None", Any]
Closure = Callable[[Context], Form]

# The functions of a number whose Num is made with linear None in every branch (functions.py,
# functions_reports.py, phrases.py); sum is the one linear function. tests/engine/test_linear.py keeps
# this list and the library in step.
NOT_LINEAR = frozenset({"abs", "min", "max", "number", "count", "said", "numeral", "similarity", "differences",
                        "unchanged", "other_places"})
NEVER = object()   # a node whose linear form is None on every binding


class Unsupported(Exception):
    """A binding this module cannot give the form of (a loop variable that is not a cell): evaluate in full."""


def relation_form(condition: Node) -> Callable[[Context], tuple[dict[str, Any], Any] | None] | None:
    """For an equality `a == b`: a function giving what AssertCheck._relation makes a Relation of, on a
    binding whose plain values held: the linear form of lhs − rhs (zero coefficients dropped) and the
    residual; None when a side is not linear. None when a side has a node kind this module does not know."""
    if type(condition) is not Compare or condition.op is not ast.Eq:
        return None
    left, right = linear_closure(condition.left), linear_closure(condition.right)
    if left is None or right is None:
        return None
    if left is NEVER or right is NEVER:
        return lambda ctx: None

    def form(ctx: Context) -> tuple[dict[str, Any], Any] | None:
        (lhs, lhs_value), (rhs, rhs_value) = left(ctx), right(ctx)
        if lhs is None or rhs is None or lhs_value is None or rhs_value is None:
            return None
        linear = dict(lhs)
        for key, coef in rhs.items():
            linear[key] = linear.get(key, 0) - coef
        return {k: v for k, v in linear.items() if v}, lhs_value - rhs_value
    return form


def linear_closure(node: Node) -> Closure | object | None:
    """A closure giving (linear form, value) of `node` as its evaluate(ctx) would; NEVER when the form is
    None on every binding; None when this module does not know the node."""
    kind = type(node)
    if (kind is Call and node.name in NOT_LINEAR) or (kind is ReportField and node.type == "num"):
        return NEVER
    if kind is Const and node.type == "num":
        value = node.value
        return lambda ctx: ({}, value)
    if kind is Path and node.type == "num":
        pointer = node.pointer_closure()

        def path(ctx: Context) -> Form:   # Context.read_cell
            found = pointer(ctx)
            return {found: 1}, ctx.values.get(found)
        return path
    if kind is Var and node.type == "num":
        name = node.name

        def var(ctx: Context) -> Form:
            value = ctx.bindings[name]
            if not isinstance(value, CellRef):
                raise Unsupported
            return {value.pointer: 1}, ctx.values.get(value.pointer)
        return var
    if kind is Negate:
        operand = linear_closure(node.operand)
        if operand is None or operand is NEVER:
            return operand

        def negate(ctx: Context) -> Form:
            a, value = operand(ctx)
            return (None if a is None else {k: -v for k, v in a.items()}), (None if value is None else -value)
        return negate
    if kind is Arith and node.op in (ast.Add, ast.Sub):
        left, right = linear_closure(node.left), linear_closure(node.right)
        if left is NEVER or right is NEVER:
            return NEVER   # runtime.combine: None when either side's form is
        if left is None or right is None:
            return None
        add = node.op is ast.Add

        def arith(ctx: Context) -> Form:   # runtime.combine, and the value as Arith's full closure
            (a, a_value), (b, b_value) = left(ctx), right(ctx)
            value = None if a_value is None or b_value is None else (a_value + b_value if add else a_value - b_value)
            if a is None or b is None:
                return None, value
            merged = dict(a)
            sign = 1 if add else -1
            for key, coef in b.items():
                merged[key] = merged.get(key, 0) + sign * coef
            return merged, value
        return arith
    if kind is Call and node.name == "sum" and len(node.args) == 1 and node.args[0].type == "cells":
        cells = node.args[0].full_closure()   # the cells it adds (a selection reads no cell)

        def sum_(ctx: Context) -> Form:   # functions.sum_ over read_cell's forms
            selection = cells(ctx)
            if not isinstance(selection, list):
                raise Unsupported
            linear: dict[str, Any] = {}
            values = list(map(ctx.values.get, [cell.pointer for cell in selection]))
            for cell in selection:
                linear[cell.pointer] = linear.get(cell.pointer, 0) + 1
            return linear, (None if None in values else sum(values))
        return sum_
    return None
