"""The rule expression compiler: Python expression syntax, parsed by `ast`, kept only if every node is on a
whitelist, type-checked against the table catalogue (paths.py) and the function library (functions.py),
and compiled once into typed nodes (nodes.py). Nothing is ever passed to `eval`.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from checker.engine import functions_reports as _functions_reports  # noqa: F401  (registers its functions)
from checker.engine import phrases as _phrases  # noqa: F401  (registers said())
from checker.engine.functions import FUNCTIONS
from checker.engine.nodes import (ARITH, COMPARISONS, Arith, Call, ColumnOf, Compare, Const, Logic, Negate, Node,
                                  Path, ReportField, Var)
from checker.engine.paths import OTHER_REPORTS, REPORT_FIELDS, TABLES, known_paths, table_columns
from checker.engine.runtime import ExprError

__all__ = ["Compiler", "ExprError", "selector_element_type"]


def _table_of(type_: str) -> str | None:
    return type_.split(":", 1)[1] if ":" in type_ else None


# What a rule expression may be: a rule states a relation between a few dozen cells, never more. The
# limits keep an expression written to exhaust time or memory (a 100 000-term sum, a number of 5 000
# digits, nesting Python's recursion cannot follow) a clear rule error.
MAX_SOURCE = 4000
MAX_DEPTH = 40
MAX_DIGITS = 15


def _check_size(tree: ast.AST) -> None:
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(f"表达式嵌套超过 {MAX_DEPTH} 层（expression nested too deeply）")
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool) \
                and not abs(node.value) < 10 ** MAX_DIGITS:
            raise ExprError(f"数值常量超过 {MAX_DIGITS} 位（number too large: col {node.col_offset + 1}）")
        stack += [(child, depth + 1) for child in ast.iter_child_nodes(node)]


class Compiler:
    """Turns one expression's `ast` into nodes; `variables` maps loop variables to their static types."""

    def __init__(self, variables: dict[str, str]):
        self.variables = variables

    def compile(self, source: str) -> Node:
        if not isinstance(source, str) or not source.strip():
            raise ExprError("expression must be a non-empty string")
        if len(source) > MAX_SOURCE:
            raise ExprError(f"表达式有 {len(source)} 个字符，超过 {MAX_SOURCE} 个的上限（expression too long）")
        try:
            tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExprError(f"expression does not parse: {exc.msg} (column {exc.offset})") from None
        except (RecursionError, MemoryError, ValueError) as exc:   # nesting Python's own parser refuses
            raise ExprError(f"表达式过于复杂，无法解析（{type(exc).__name__}: {exc}）") from None
        _check_size(tree)
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
        if n.id in OTHER_REPORTS:   # previous.applications…: the same organ's earlier report (checker.years)
            return Path([("key", n.id)], None, "report:other")
        known = ", ".join(sorted({*TABLES, *OTHER_REPORTS, "report", *self.variables}))
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
        if isinstance(base, Path) and base.type == "report:other":
            if step[0] != "key" or step[1] not in TABLES:
                raise ExprError(f"{base.steps[0][1]}.{step[1]}: another report is read through its tables "
                                f"({', '.join(TABLES)})")
            return Path(base.steps + [step], None, f"table:{step[1]}")
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
        if parts[0] in OTHER_REPORTS:
            parts = parts[1:]   # the other report's cells have the same catalogue
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
        if type(n.op) not in ARITH:
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
        function = FUNCTIONS[n.func.id]
        name = function.name
        args = [self.node(a) for a in n.args]
        self._check_args(name, function.args, args)
        keywords: dict[str, Any] = {}
        for kw in n.keywords:
            if kw.arg not in function.keywords:
                raise ExprError(f"{name}() has no keyword {kw.arg!r}")
            if not isinstance(kw.value, ast.Constant) or not isinstance(kw.value.value, str):
                raise ExprError(f"{name}({kw.arg}=…) takes a quoted name")
            keywords[kw.arg] = kw.value.value
        table = next((_table_of(a.type) for a in args if _table_of(a.type)), None)
        if function.check is not None:
            function.check(args, keywords, table)
        result = function.result
        if result in ("rows", "columns"):
            result = f"{result}:{table}"
        return Call(name, args, keywords, result)

    def _check_args(self, name: str, wanted: tuple[str, ...], args: list[Node]) -> None:
        def kind(node: Node) -> str:
            return node.type.split(":")[0]

        spec = wanted[0] if wanted else ""
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

