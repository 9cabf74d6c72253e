"""The rule expression language: Python expression syntax, parsed by `ast`, kept only if every node is on a
whitelist, type-checked against the table catalogue, and compiled once into a tree of small node objects.
Nothing is ever passed to `eval`.

Values while evaluating:
- a number is a `Num`: its value (None when a cell is blank or missing, which makes the relation not
  assessable), how it was built for the message ("9+0"), and its linear form over cells (pointer →
  coefficient) so the engine can tell which single cell would explain a failure;
- references to rows and cells (`RowRef`, `CellRef`), lists of them from selectors, column names, text, bools.

Static types are short strings: num, bool, str, table:T, node:T (a group of rows), row:T, rownode:T (a
row in one template and a group in the other: applications.results.other), rows:T, columns:T, column:T,
cells (T is the table the thing belongs to).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from checker.engine.paths import REPORT_FIELDS, TABLES, cell_kind, known_paths, table_columns
from checker.model import resolve

_MISSING = object()


class ExprError(Exception):
    """An expression that does not parse, names an unknown path, or mixes types."""


# ── runtime values ────────────────────────────────────────────────────────────────────────────────

@dataclass
class Num:
    value: int | float | None
    shown: str
    linear: dict[str, float] | None = None   # pointer → coefficient; None when not a linear expression
    const: float = 0
    compound: bool = False                   # shown needs parentheses inside a larger sum


@dataclass(frozen=True)
class RowRef:
    pointer: str
    table: str


@dataclass(frozen=True)
class CellRef:
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

    def read_cell(self, pointer: str) -> Num:
        value = resolve(self.data, pointer, _MISSING)
        if value is _MISSING or isinstance(value, (dict, list)):
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


def format_number(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _ptr(parts: tuple[str, ...]) -> str:
    return "/" + "/".join(parts)


# ── nodes ─────────────────────────────────────────────────────────────────────────────────────────

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


_ARITH = {ast.Add: ("+", lambda a, b: a + b), ast.Sub: ("-", lambda a, b: a - b),
          ast.Mult: ("×", lambda a, b: a * b)}


@dataclass
class Arith(Node):
    op: type
    left: Node
    right: Node
    type: str = "num"

    def evaluate(self, ctx: Context) -> Num:
        a, b = self.left.evaluate(ctx), self.right.evaluate(ctx)
        symbol, fn = _ARITH[self.op]
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


# ── functions ─────────────────────────────────────────────────────────────────────────────────────

def _nums(ctx: Context, args: list[Any]) -> list[Num]:
    out: list[Num] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(ctx.read_cell(c.pointer) for c in arg)
        else:
            out.append(arg)
    return out


def _sum(ctx: Context, args: list[Any], kw: dict) -> Num:
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


def _minmax(pick: Callable) -> Callable:
    def run(ctx: Context, args: list[Any], kw: dict) -> Num:
        nums = _nums(ctx, args)
        value = None if not nums or any(n.value is None for n in nums) else pick(n.value for n in nums)
        name = "min" if pick is min else "max"
        return Num(value, f"{name}({', '.join(n.shown for n in nums)})", None)
    return run


def _abs(ctx: Context, args: list[Any], kw: dict) -> Num:
    a = args[0]
    return Num(None if a.value is None else abs(a.value), f"|{a.shown}|", None)


def _is_integer(ctx: Context, args: list[Any], kw: dict) -> bool | None:
    value = args[0].value
    if value is None:
        return None
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _rows_under(node: Any, pointer: str) -> list[str]:
    """Pointers of the rows under a node, in printed order: a row is a dict of scalar values."""
    if not isinstance(node, dict):
        return []
    if node and all(not isinstance(v, (dict, list)) for v in node.values()):
        return [pointer]
    found: list[str] = []
    for key, child in node.items():
        found.extend(_rows_under(child, f"{pointer}/{key}"))
    return found


def _rows(ctx: Context, args: list[Any], kw: dict) -> list[RowRef]:
    start = args[0].pointer if isinstance(args[0], RowRef) else args[0]
    node = resolve(ctx.data, start, None)
    pointers = _rows_under(node, start)
    if kw.get("leaves_only"):
        pointers = [p for p in pointers if p != f"{start}/total"]
    having = kw.get("having")
    if having:
        pointers = [p for p in pointers if having in resolve(ctx.data, p)]
    table = start.split("/")[1]
    return [RowRef(p, table) for p in pointers]


def _leaves(ctx: Context, args: list[Any], kw: dict) -> list[RowRef]:
    return _rows(ctx, args, {**kw, "leaves_only": True})


def _columns(ctx: Context, args: list[Any], kw: dict) -> list[str]:
    return list(table_columns(args[0].strip("/")))


def _cells(ctx: Context, args: list[Any], kw: dict) -> list[CellRef]:
    wanted = kw.get("kind")
    cells: list[CellRef] = []
    for start in args:
        table = start.split("/")[1]
        for row in _rows_under(resolve(ctx.data, start, None), start):
            for column in resolve(ctx.data, row):
                if wanted is None or cell_kind(table, column) == wanted:
                    cells.append(CellRef(f"{row}/{column}", table, column))
    return cells


def _present(ctx: Context, args: list[Any], kw: dict) -> bool:
    target = args[0]
    pointer = target.pointer if isinstance(target, RowRef) else target
    return resolve(ctx.data, pointer, _MISSING) is not _MISSING


def _is_row(ctx: Context, args: list[Any], kw: dict) -> bool:
    target = args[0]
    pointer = target.pointer if isinstance(target, RowRef) else target
    return _rows_under(resolve(ctx.data, pointer, None), pointer) == [pointer]


def _section(ctx: Context, args: list[Any], kw: dict) -> str | None:
    number = args[0].value
    sections = ctx.data.get("sections")
    for index, section in enumerate(sections if isinstance(sections, list) else []):
        if isinstance(section, dict) and section.get("number") == number:
            text = section.get("text")
            return Text(text, f"/sections/{index}") if isinstance(text, str) else None
    return None


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


def _number(ctx: Context, args: list[Any], kw: dict) -> Num:
    """number(text, 'regex'): the number the regex's groups capture (their digits joined, so
    '^(\\d{4})-(\\d\\d)-(\\d\\d)' reads a date as 20200615). Every match counts: no match, or
    matches that capture different numbers, give a blank (not assessable), never a guess. It is shown
    in a message as the sentence that holds the first match."""
    text, pattern = args
    if not isinstance(text, str):   # absent, or not text in a hand-written JSON report
        return Num(None, "空", None)
    _read_text(ctx, text)
    values, quote = set(), None
    for match in re.finditer(pattern, text):
        digits = "".join(g for g in match.groups() if g)
        if not digits.isdecimal():
            continue
        values.add(int(digits))   # int() also reads full-width digits (３１１９)
        if quote is None:
            quote = _sentence(text, match.start(), match.end())
    value = values.pop() if len(values) == 1 else None
    return Num(value, quote if quote is not None else "空", None)


def _count(ctx: Context, args: list[Any], kw: dict) -> Num:
    """count(text, 'regex'): how many times the regex matches (e.g. '[\\u4e00-\\u9fff]', the Chinese characters)."""
    text, pattern = args
    if not isinstance(text, str):   # absent, or not text in a hand-written JSON report
        return Num(None, "空", None)
    _read_text(ctx, text)
    value = sum(1 for _ in re.finditer(pattern, text))
    return Num(value, str(value), None)


def _matches(ctx: Context, args: list[Any], kw: dict) -> bool | None:
    text, pattern = args
    return None if text is None else re.search(pattern, text) is not None


# name → (argument types, keyword names and their types, result type, implementation)
# Argument types: "num", "str", "cells", "path" (table, group or row), "table", "num*"/"cells|num*"
FUNCTIONS: dict[str, tuple[tuple[str, ...], dict[str, str], str, Callable]] = {
    "sum": (("cells",), {}, "num", _sum),
    "abs": (("num",), {}, "num", _abs),
    "min": (("cells|num*",), {}, "num", _minmax(min)),
    "max": (("cells|num*",), {}, "num", _minmax(max)),
    "is_integer": (("num",), {}, "bool", _is_integer),
    "rows": (("path",), {"having": "str"}, "rows", _rows),
    "leaves": (("path",), {}, "rows", _leaves),
    "columns": (("table",), {}, "columns", _columns),
    "cells": (("table*",), {"kind": "str"}, "cells", _cells),
    "present": (("path",), {}, "bool", _present),
    "is_row": (("path",), {}, "bool", _is_row),
    "section": (("num",), {}, "str", _section),
    "matches": (("str", "regex"), {}, "bool", _matches),
    "number": (("str", "regex"), {}, "num", _number),
    "count": (("str", "regex"), {}, "num", _count),
}


# ── the compiler ──────────────────────────────────────────────────────────────────────────────────

def _table_of(type_: str) -> str | None:
    return type_.split(":", 1)[1] if ":" in type_ else None


class Compiler:
    """Turns one expression's `ast` into nodes; `variables` maps loop variables to their static types."""

    def __init__(self, variables: dict[str, str]):
        self.variables = variables

    def compile(self, source: str) -> Node:
        if not isinstance(source, str) or not source.strip():
            raise ExprError("expression must be a non-empty string")
        try:
            tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExprError(f"expression does not parse: {exc.msg} (column {exc.offset})") from None
        return self.node(tree.body)

    def node(self, n: ast.AST) -> Node:
        method = getattr(self, f"_{type(n).__name__}", None)
        if method is None:
            raise ExprError(f"{type(n).__name__} is not allowed in a rule expression "
                            f"(col {getattr(n, 'col_offset', 0) + 1})")
        return method(n)

    # literals and names
    def _Constant(self, n: ast.Constant) -> Node:
        if isinstance(n.value, bool) or n.value is None:
            raise ExprError(f"constant {n.value!r} is not allowed")
        if isinstance(n.value, (int, float)):
            return Const(n.value, "num")
        if isinstance(n.value, str):
            return Const(n.value, "str")
        raise ExprError(f"constant {n.value!r} is not allowed")

    def _Name(self, n: ast.Name) -> Node:
        if n.id in self.variables:
            type_ = self.variables[n.id]
            return Var(n.id, "num" if type_ == "cell" else type_)
        if n.id in TABLES:
            return Path([("key", n.id)], None, f"table:{n.id}")
        known = ", ".join(sorted({*TABLES, "report", *self.variables}))
        raise ExprError(f"unknown name {n.id!r} (known: {known})")

    def _Attribute(self, n: ast.Attribute) -> Node:
        name = self._report_field_name(n)
        if name is not None:
            if name not in REPORT_FIELDS:
                raise ExprError(f"unknown report field report.{name} (known: {', '.join(REPORT_FIELDS)})")
            return ReportField(name, REPORT_FIELDS[name])
        return self._step(self.node(n.value), ("key", n.attr))

    def _report_field_name(self, n: ast.Attribute) -> str | None:
        """'period.start' for report.period.start; None when the path does not start at report."""
        attrs = [n.attr]
        while isinstance(n.value, ast.Attribute):
            n = n.value
            attrs.append(n.attr)
        if isinstance(n.value, ast.Name) and n.value.id == "report" and "report" not in self.variables:
            return ".".join(reversed(attrs))
        return None

    def _Subscript(self, n: ast.Subscript) -> Node:
        base = self.node(n.value)
        index = n.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, str):
            return self._step(base, ("key", index.value))
        if isinstance(index, ast.Name) and self.variables.get(index.id, "").startswith("column:"):
            if base.type.startswith("rows:"):
                self._check_column_var(index.id, _table_of(base.type))
                return ColumnOf(base, Var(index.id, self.variables[index.id]))
            return self._step(base, ("var", index.id))
        raise ExprError("a subscript must be a column name in quotes or a loop variable bound to columns(...)")

    def _check_column_var(self, var: str, table: str | None) -> None:
        var_table = _table_of(self.variables[var])
        if var_table != table:
            raise ExprError(f"{var!r} ranges over the columns of {var_table}, not of {table}")

    def _step(self, base: Node, step: tuple[str, str]) -> Node:
        if not isinstance(base, (Path, Var)) or base.type.split(":")[0] not in ("table", "node", "row", "rownode"):
            raise ExprError(f"cannot take {step[1]!r} of a {base.type.split(':')[0]}")
        if isinstance(base, Var):
            path = Path([], base.name, base.type)
        else:
            path = Path(list(base.steps), base.base, base.type)
        kind, name = step
        table = _table_of(path.type)
        if kind == "var":
            self._check_column_var(name, table)
            if path.type.split(":")[0] not in ("row", "rownode"):
                raise ExprError(f"{name!r} names a column, but the path before it is not a row")
            return Path(path.steps + [step], path.base, "num")
        if path.base is not None:   # a row variable: only its columns follow
            if name not in table_columns(table):
                raise ExprError(f"unknown column {name!r} for a row of {table} "
                                f"(known: {', '.join(table_columns(table))})")
            return Path(path.steps + [step], path.base, "num")
        parts = (*(s[1] for s in path.steps), name)
        info = known_paths().get(parts)
        if info is None:
            raise ExprError(f"unknown cell path {'.'.join(parts)}")
        kinds = info.kinds
        if kinds == {"cell"}:
            type_ = "num"
        elif kinds == {"row"}:
            type_ = f"row:{table}"
        elif "row" in kinds:
            type_ = f"rownode:{table}"   # a row in one template, a group in the other
        else:
            type_ = f"node:{table}"
        return Path(path.steps + [step], None, type_)

    # operators
    def _BinOp(self, n: ast.BinOp) -> Node:
        if type(n.op) not in _ARITH:
            raise ExprError(f"operator {type(n.op).__name__} is not allowed (use + - *)")
        left, right = self.node(n.left), self.node(n.right)
        self._expect(left, "num", "arithmetic")
        self._expect(right, "num", "arithmetic")
        return Arith(type(n.op), left, right)

    def _UnaryOp(self, n: ast.UnaryOp) -> Node:
        operand = self.node(n.operand)
        if isinstance(n.op, ast.USub):
            self._expect(operand, "num", "unary minus")
            return Negate(operand)
        if isinstance(n.op, ast.Not):
            self._expect(operand, "bool", "not")
            return Logic("not", [operand])
        raise ExprError(f"unary {type(n.op).__name__} is not allowed")

    def _Compare(self, n: ast.Compare) -> Node:
        if len(n.ops) != 1:
            raise ExprError("write one comparison at a time (a <= b and b <= c)")
        if type(n.ops[0]) not in COMPARISONS:
            raise ExprError(f"comparison {type(n.ops[0]).__name__} is not allowed")
        left, right = self.node(n.left), self.node(n.comparators[0])
        if left.type not in ("num", "str") or left.type != right.type:
            raise ExprError(f"cannot compare a {left.type.split(':')[0]} with a {right.type.split(':')[0]}")
        return Compare(type(n.ops[0]), left, right)

    def _BoolOp(self, n: ast.BoolOp) -> Node:
        operands = [self.node(v) for v in n.values]
        for operand in operands:
            self._expect(operand, "bool", "and/or")
        return Logic("and" if isinstance(n.op, ast.And) else "or", operands)

    def _Call(self, n: ast.Call) -> Node:
        if not isinstance(n.func, ast.Name):
            raise ExprError(f"only the named functions can be called ({', '.join(FUNCTIONS)}), "
                            f"not {ast.unparse(n.func)!r}")
        if n.func.id not in FUNCTIONS:
            raise ExprError(f"unknown function {n.func.id!r} (known: {', '.join(FUNCTIONS)})")
        name = n.func.id
        arg_types, kw_types, result, impl = FUNCTIONS[name]
        args = [self.node(a) for a in n.args]
        self._check_args(name, arg_types, args)
        keywords: dict[str, Any] = {}
        for kw in n.keywords:
            if kw.arg not in kw_types:
                raise ExprError(f"{name}() has no keyword {kw.arg!r}")
            if not isinstance(kw.value, ast.Constant) or not isinstance(kw.value.value, str):
                raise ExprError(f"{name}({kw.arg}=…) takes a quoted name")
            keywords[kw.arg] = kw.value.value
        table = next((_table_of(a.type) for a in args if _table_of(a.type)), None)
        if name == "rows" and keywords.get("having") and keywords["having"] not in table_columns(table):
            raise ExprError(f"rows(having=…): unknown column {keywords['having']!r} of {table}")
        if name == "number" and re.compile(args[1].value).groups == 0:
            raise ExprError(f"number(): the regular expression {args[1].value!r} captures nothing; "
                            "put the number in a group: '申请(\\d+)件'")
        if name == "cells" and keywords.get("kind") not in (None, "count", "delta", "money"):
            raise ExprError("cells(kind=…) is count, delta or money")
        if result in ("rows", "columns"):
            result = f"{result}:{table}"
        return Call(name, args, keywords, result, impl)

    def _check_args(self, name: str, wanted: tuple[str, ...], args: list[Node]) -> None:
        def kind(node: Node) -> str:
            return node.type.split(":")[0]

        spec = wanted[0]
        if spec == "cells|num*":
            ok = (len(args) == 1 and kind(args[0]) == "cells") or (len(args) >= 2 and all(kind(a) == "num" for a in args))
        elif spec == "table*":
            ok = bool(args) and all(kind(a) == "table" for a in args)
        else:
            ok = len(args) == len(wanted) and all(self._fits(w, a) for w, a in zip(wanted, args))
        if not ok:
            got = ", ".join(kind(a) for a in args)
            raise ExprError(f"{name}() takes ({', '.join(wanted)}), not ({got})")

    @staticmethod
    def _fits(wanted: str, node: Node) -> bool:
        kind = node.type.split(":")[0]
        if wanted == "path":
            return kind in ("table", "node", "row", "rownode")
        if wanted == "regex":
            if not isinstance(node, Const) or node.type != "str":
                return False
            try:
                re.compile(node.value)
            except re.error as exc:
                raise ExprError(f"bad regular expression {node.value!r}: {exc}") from None
            return True
        return kind == wanted

    @staticmethod
    def _expect(node: Node, wanted: str, where: str) -> None:
        if node.type != wanted:
            raise ExprError(f"{where} needs a {wanted}, got a {node.type.split(':')[0]}")


def selector_element_type(selector_type: str) -> str:
    """The type a for_each variable gets from its selector's type."""
    kind, _, table = selector_type.partition(":")
    if kind == "rows":
        return f"row:{table}"
    if kind == "columns":
        return f"column:{table}"
    if kind == "cells":
        return "cell"
    raise ExprError(f"for_each needs rows(...), leaves(...), columns(...) or cells(...), got a {kind}")
