"""An assert check's decisions as one generated Python function: every binding of its `for_each` (one loop
variable, or none), its `when` and its assertion on plain values, in one loop with no closure call per node.

The source is generated from the compiled nodes (nodes.py), never from the rule's text: every name in it
is a temporary (t1, t2 …), a constant or helper bound in the function's namespace (k1 …), or one of the
few names below; a rule's strings (a column, a regex) only ever reach the function as bound constants.
Each node is emitted as the statements its `build_fast` closure runs, in the same order (both operands of
and/or are evaluated, as there), so the decisions are those of `Node.plain`: tests/engine/test_codegen.py
compares the two on every binding of the project's reports and of many changed ones. A node this module
has no statements for (a function's argument that selects rows, a report field …) is called as its own
fast closure, so nothing is decided differently.

The function is made on a check's first run in a process and not pickled with the rule set (the rule cache
keeps the nodes), like the closures.
"""

from __future__ import annotations

from typing import Any, Callable

from checker.engine.functions import FUNCTIONS
from checker.engine.nodes import (ARITH, COMPARISONS, Arith, Call, ColumnOf, Compare, Const, Logic, Negate, Node, Path,
                                  ReportField, Var, decide)
from checker.engine.runtime import NOT_ASKED, CellRef, Context
from checker.generated_source import GeneratedSource

# held, other, unsure = decide_all(ctx, selection): the loop's values whose assertion holds, those (with
# `when` true) whose assertion does not hold or cannot be assessed, and for each of those whether it cannot
# be assessed (its assertion is None)
Decider = Callable[[Context, list], tuple[list, list, list]]


def column_cells(ctx: Context, token: object, rows: Callable[[Context], list], column: str) -> list[str]:
    """The pointers of `column` in the rows a fixed selection gives (`token` names the selection): they
    depend on the tables' structure alone, so they are worked out once per shape (shapes.py)."""
    memo = ctx.memo if ctx.shared is None else ctx.shared
    key = (token, column)
    found = memo.get(key)
    if found is None:
        found = memo[key] = [row.pointer + "/" + column for row in rows(ctx)]
    return found


def pointer_table(last: list, selection: list, spec: tuple[tuple[bool, str], ...]) -> list[tuple[str, ...]]:
    """For each value of a loop's selection, the pointers its body reads through the loop variable
    (`row.total`: the row's pointer and a key; `table.row[column]`: a head and the column), made again only
    when the selection differs from the last one (`last`: the decider's, [selection, table]): every report
    of a template has the same rows and columns, and pointers made once keep their hash for the lookups."""
    kept = last[0]
    if kept is not None and kept[0] == selection:
        return kept[1]
    table = [tuple(value.pointer + text if of_row else text + value for of_row, text in spec) for value in selection]
    last[0] = (selection, table)
    return table


def cell_values(last: list, selection: list, values_get: Callable[[str], Any]) -> Any:
    """The plain value of each value of a loop, as Var reads it: a cell's number, anything else (a column's
    name) itself. Whether the values are cells is kept for the selection (`last`: the decider's, [selection,
    how]), as their pointers when they all are: their numbers are then read in C, one map over them, rather
    than by a lookup a value in the loop."""
    kept = last[0]
    if kept is None or kept[0] != selection:
        pointers = [value.pointer if value.__class__ is CellRef else None for value in selection]
        how = pointers if None not in pointers else _ITSELF if pointers.count(None) == len(pointers) else None
        kept = last[0] = (selection, how)
    how = kept[1]
    if how is _ITSELF:
        return selection
    if how is not None:
        return map(values_get, how)
    return [values_get(value.pointer) if value.__class__ is CellRef else value for value in selection]


_ITSELF = object()   # cell_values: no value is a cell, each is its own plain value


def _fixed_rows(node: Node) -> bool:
    """rows(…) or leaves(…) of a table, group or row named by a path without a loop variable."""
    return (type(node) is Call and node.name in ("rows", "leaves") and not node.keywords
            and all(type(arg) is Path and arg.base is None and all(kind == "key" for kind, _ in arg.steps)
                    for arg in node.args))


class _Source(GeneratedSource):
    def __init__(self) -> None:
        super().__init__({"CellRef": CellRef, "decide": decide, "column_cells": column_cells,
                          "pointer_table": pointer_table, "cell_values": cell_values})
        self.loop: str | None = None          # the loop variable: its value is `value` in the loop body
        self.loop_value: str | None = None    # the temporary its plain value is given in (cell_values)
        self.pointers: dict[tuple[bool, str], str] = {}   # (of a row, key or head) → its name in the loop
        self.read: dict[str, str] = {}       # loop variable → the temporary holding its plain value
        self.closures = False                # a node is run as a closure (it may read ctx.bindings)

    def node(self, node: Node, indent: int) -> str:
        """Statements computing the node's plain value into a name; the name."""
        kind = type(node)
        if kind is Const:
            return self.bind(node.value)
        if kind is Var:
            return self._var(node, indent)
        if kind is Path and node.type == "num":
            return self._path(node, indent)
        if kind is Arith or kind is Negate:
            return self._arith(node, indent)
        if kind is Compare:
            return self._compare(node, indent)
        if kind is Logic:
            return self._logic(node, indent)
        if kind is Call:
            return self._call(node, indent)
        if kind is ReportField:
            return self._report_field(node, indent)
        out = self.temp()   # anything else: its own fast closure
        self.closures = True
        self.line(indent, f"{out} = {self.bind(node.fast_closure())}(ctx)")
        return out

    def _var(self, node: Var, indent: int) -> str:
        """A variable's plain value, read once per binding: the loop body is straight-line code, so a later
        read of the same variable takes the temporary of the first."""
        if node.name in self.read:
            return self.read[node.name]
        out = self.temp()
        if node.name == self.loop:   # read for every value at once by the loop's header (cell_values)
            self.loop_value = self.read[node.name] = out
            return out
        source = "value" if node.name == self.loop else f"bindings[{self.bind(node.name)}]"
        self.line(indent, f"{out} = {source}")
        # CellRef has no subclass: its class is tested without a call to isinstance (once per binding)
        self.line(indent, f"if {out}.__class__ is CellRef: {out} = values_get({out}.pointer)")
        self.read[node.name] = out
        return out

    def _report_field(self, node: ReportField, indent: int) -> str:
        """report.period.start: what ReportField's fast closure reads, without its two calls."""
        out = self.temp()
        self.line(indent, f"{out} = ctx.data.get('report')")
        for key in node.name.split("."):
            self.line(indent, f"{out} = {out}.get({self.bind(key)}) if isinstance({out}, dict) else None")
        if node.type == "num":   # a number, not a bool
            self.line(indent, f"if not (isinstance({out}, (int, float)) and not isinstance({out}, bool)): {out} = None")
        return out

    def _binding(self, name: str) -> str:
        return "value" if name == self.loop else f"bindings[{self.bind(name)}]"

    def _path(self, node: Path, indent: int) -> str:
        out = self.temp()
        steps = node.steps
        if node.base is None and all(kind == "key" for kind, _ in steps):
            pointer = self.bind("/" + "/".join(name for _, name in steps))
        elif node.base is not None and len(steps) == 1 and steps[0][0] == "key":   # row.total
            if node.base == self.loop:
                pointer = self._loop_pointer(True, "/" + steps[0][1])
            else:
                pointer = f"{self._binding(node.base)}.pointer + {self.bind('/' + steps[0][1])}"
        elif node.base is None and steps[-1][0] == "var" and all(kind == "key" for kind, _ in steps[:-1]):
            head = "/" + "/".join(name for _, name in steps[:-1]) + "/"
            if steps[-1][1] == self.loop:
                pointer = self._loop_pointer(False, head)
            else:
                pointer = f"{self.bind(head)} + {self._binding(steps[-1][1])}"   # table.row[column]
        else:
            self.closures = True
            pointer = f"{self.bind(node.pointer_closure())}(ctx)"
        self.line(indent, f"{out} = values_get({pointer})")
        return out

    def _loop_pointer(self, of_row: bool, text: str) -> str:
        """The name of a pointer read through the loop variable, from the loop's pointer table (a row's
        pointer and a key, or a head and a column: the compiler gives a row or a column variable only)."""
        key = (of_row, text)
        if key not in self.pointers:
            self.pointers[key] = self.temp()
        return self.pointers[key]

    def _arith(self, node: Arith | Negate, indent: int) -> str:
        out = self.temp()
        if isinstance(node, Negate):
            a = self.node(node.operand, indent)
            self.line(indent, f"{out} = None if {a} is None else -{a}")
            return out
        a, b = self.node(node.left, indent), self.node(node.right, indent)
        symbol = {"+": "+", "-": "-", "×": "*"}[ARITH[node.op][0]]
        self.line(indent, f"{out} = None if {a} is None or {b} is None else {a} {symbol} {b}")
        return out

    def _compare(self, node: Compare, indent: int) -> str:
        out = self.temp()
        a, b = self.node(node.left, indent), self.node(node.right, indent)
        # a constant's class is known now: an int constant needs no test per binding
        both_int = " and ".join(f"{x}.__class__ is int" for x, operand in ((a, node.left), (b, node.right))
                                if not (type(operand) is Const and type(operand.value) is int))
        if both_int:
            self.line(indent, f"if {both_int}: {out} = {a} {COMPARISONS[node.op][0]} {b}")
        else:
            self.line(indent, f"if True: {out} = {a} {COMPARISONS[node.op][0]} {b}")
        self.line(indent, f"else: {out} = decide({self.bind(node.op)}, {a}, {b})")
        return out

    def _logic(self, node: Logic, indent: int) -> str:
        out = self.temp()
        operands = [self.node(o, indent) for o in node.operands]
        if node.op == "not":
            self.line(indent, f"{out} = None if {operands[0]} is None else not {operands[0]}")
            return out
        decisive, other = ("False", "True") if node.op == "and" else ("True", "False")
        any_decisive = " or ".join(f"{o} is {decisive}" for o in operands)
        any_blank = " or ".join(f"{o} is None" for o in operands)
        # every operand `other` (a check that passes: the usual case, in a loop over every cell) is told
        # first, in as many tests as operands, not after testing each for decisive and for blank
        all_other = " and ".join(f"{o} is {other}" for o in operands)
        self.line(indent, f"{out} = {other} if {all_other} else ({decisive} if {any_decisive} "
                          f"else (None if {any_blank} else {other}))")
        return out

    def _call(self, node: Call, indent: int) -> str:
        out = self.temp()
        if node.name == "is_integer":   # functions._is_integer
            a = self.node(node.args[0], indent)
            self.line(indent, f"{out} = None if {a} is None else ({a}.__class__ is int or "   # the usual cell first
                              f"isinstance({a}, int) or (isinstance({a}, float) and {a}.is_integer()))")
            return out
        if node.name == "sum" and type(node.args[0]) is ColumnOf:   # functions._sum_value of rows[column]
            selection, column = node.args[0].rows, self.node(node.args[0].column, indent)
            cells = self.temp()
            if _fixed_rows(selection):   # the same rows on every binding: their cells found once per shape
                pointers = f"column_cells(ctx, {self.bind(object())}, {self.bind(selection.fast_closure())}, {column})"
                self.line(indent, f"{cells} = list(map(values_get, {pointers}))")
            else:
                rows = self.node(selection, indent)
                self.line(indent, f"{cells} = [values_get(row.pointer + '/' + {column}) for row in {rows}]")
            self.line(indent, f"{out} = None if None in {cells} else sum({cells})")
            return out
        function = FUNCTIONS[node.name]
        self.closures = True   # a function is given the context
        args = [self.node(a, indent) for a in node.args]
        impl = self.bind(function.fast or function.impl)
        self.line(indent, f"{out} = {impl}(ctx, [{', '.join(args)}], {self.bind(node.keywords)})")
        return out


def loop_decider(name: str | None, when: Node | None, condition: Node, relation: bool) -> Decider:
    """The decisions of a check with one loop variable `name` over the values its selector gives; without a
    loop (`name` None) the selection is one value that binds nothing."""
    source = _Source()
    source.line(0, "def decide_all(ctx, selection):")
    source.line(1, "bindings = ctx.bindings")
    source.line(1, "values_get = ctx.values.get")
    source.line(1, "held = []")
    source.line(1, "other = []")
    source.line(1, "unsure = []")
    source.line(1, "for value in selection:")
    store = len(source.lines)
    if name is not None:
        source.loop = name
    if when is not None:
        held_when = source.node(when, 2)
        source.line(2, f"if {held_when} is not True: continue")
    holds = source.node(condition, 2)
    if name is not None and source.closures:   # for the nodes called as closures
        source.lines.insert(store, f"        bindings[{source.bind(name)}] = value")
    targets, iterables = ["value"], ["selection"]
    if source.pointers:   # the pointers each value's body reads, made once for a selection (pointer_table)
        targets.append(f"({', '.join(source.pointers.values())},)")
        iterables.append(f"pointer_table({source.bind([None])}, selection, {source.bind(tuple(source.pointers))})")
    if source.loop_value is not None:   # the loop variable's plain value
        targets.append(source.loop_value)
        iterables.append(f"cell_values({source.bind([None])}, selection, values_get)")
    if len(targets) > 1:
        source.lines[store - 1] = f"    for {', '.join(targets)} in zip({', '.join(iterables)}):"
    source.line(2, f"if {holds} is True:")
    source.line(3, "held.append(value)" if relation else "pass")
    source.line(2, "else:")
    source.line(3, "other.append(value)")
    source.line(3, f"unsure.append({holds} is None)")
    source.line(1, "return held, other, unsure")
    return source.function("decide_all", "<rule check>")   # generated, see the docstring


def single_decider(when: Node | None, condition: Node) -> Callable[[Context], Any]:
    """The decision of a check without a loop, as loop_decider's would be on its one binding, in one call
    that makes no lists: its assertion's plain value (True, False, None), or NOT_ASKED when its `when`
    does not hold."""
    source = _Source()
    source.namespace["NOT_ASKED"] = NOT_ASKED
    source.line(0, "def decide_one(ctx):")
    source.line(1, "bindings = ctx.bindings")
    source.line(1, "values_get = ctx.values.get")
    if when is not None:
        held_when = source.node(when, 1)
        source.line(1, f"if {held_when} is not True: return NOT_ASKED")
    source.line(1, f"return {source.node(condition, 1)}")
    return source.function("decide_one", "<rule check>")


_READ_CELLS = frozenset({"sum", "min", "max"})   # functions that read the cells of their arguments (read_cell)


def fixed_cells(node: Node) -> tuple[str, ...] | None:
    """The cells the full evaluation of `node` can read (runtime.Context.read_cell, the only place a cell is
    found blank), when they are the same on every binding: pointers of paths without a loop variable.
    None when that cannot be known (a loop variable's cell, a path through one, sum/min/max of cells, a node
    kind this does not know)."""
    kind = type(node)
    if kind is Const or kind is ReportField:
        return ()
    if kind is Path:
        if node.type != "num":
            return ()   # a table, group or row: a reference, never read as a cell
        if node.base is None and all(step == "key" for step, _ in node.steps):
            return ("/" + "/".join(name for _, name in node.steps),)
        return None
    return _over_operands(node, fixed_cells, ())


def _over_operands(node: Node, walk: Callable[[Node], Any], found: Any) -> Any:
    """`walk` of each of the node's operands (_operands), joined onto `found` in order; None when the node's
    operands, or any operand's walk, cannot be known."""
    children = _operands(node)
    if children is None:
        return None
    for child in children:
        part = walk(child)
        if part is None:
            return None
        found = found + part
    return found


def _operands(node: Node) -> list[Node] | None:
    """The nodes a node's full evaluation evaluates in turn, for the kinds that read no cell themselves
    (fixed_cells, cell_reads); None for sum/min/max of cells and a node kind these walks do not know."""
    kind = type(node)
    if kind is Arith or kind is Compare:
        return [node.left, node.right]
    if kind is Negate:
        return [node.operand]
    if kind is Logic:
        return list(node.operands)
    if kind is Call and node.name not in _READ_CELLS:
        return list(node.args)
    return None


def cell_reads(node: Node) -> list[Callable[[Context], str | None]] | None:
    """Every read of a cell the full evaluation of `node` makes (Context.read_cell), in the order it makes
    them, each as a function of the binding giving the pointer it reads (None: a loop variable that is not
    a cell reads none). None when that cannot be known (sum/min/max of cells, a node kind this does not know).
    Every operand of every node is evaluated in full (nodes.py), so each read is made on every binding."""
    kind = type(node)
    if kind is Const or kind is ReportField:
        return []
    if kind is Path:
        return [node.pointer_closure()] if node.type == "num" else []   # else a reference, never read
    if kind is Var:
        name = node.name

        def var(ctx: Context) -> str | None:   # Var's full closure reads the cell a variable is bound to
            value = ctx.bindings[name]
            return value.pointer if isinstance(value, CellRef) else None
        return [var]
    return _over_operands(node, cell_reads, [])
