"""`assert` (the default kind): for every binding of `for_each`, the expression must hold. Covers the
relations R1–R9 and the text checks such as D3. A relation with a blank input is not assessable (never a
failure); its blank cells are handed on to blank_cells (D11)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Iterator

from checker.engine.checks.base import Check, Finding, Relation, Run, line_error, message_fields
from checker.engine.linear import Unsupported, relation_form
from checker.engine.nodes import Compare, Node
from checker.engine.runtime import (MISSING, NOT_ASKED, CellRef, Context, ExprError, Num, RowRef, format_number,
                                    reads_blank)
from checker.model import TABLES, column_title, describe_pointer, resolve, row_title

COMPARE_FIELDS = {"lhs", "rhs", "lhs_values", "rhs_values", "diff", "op"}
GENERATE_AFTER = 2   # reports a check decides with its closures before its decisions are generated (codegen.py)
MESSAGE_REPORT_FIELDS = {"year", "template"}   # {year} and {template} of the report
_NO_LOOP = (None,)   # the selection of a check without a loop: one value that binds nothing


@dataclass
class AssertCheck(Check):
    kind = "assert"
    when: Node | None
    loops: list[tuple[str, Node]]
    condition: Node
    message: str
    variables: dict[str, str]

    @classmethod
    def build(cls, spec: dict) -> "AssertCheck":
        from checker.engine.expr import Compiler, selector_element_type   # rules from the cache need no parser

        variables: dict[str, str] = {}
        loops: list[tuple[str, Node]] = []
        for_each = spec.get("for_each") or {}
        for name, selector in for_each.items():
            if name in TABLES or name == "report":
                raise line_error(ExprError(f"loop variable {name!r} hides a table name"), for_each, name)
            try:
                node = Compiler(variables).compile(selector)
                variables[name] = selector_element_type(node.type)
            except ExprError as exc:
                raise line_error(exc, for_each, name)
            loops.append((name, node))
        when = None
        if "when" in spec:
            when = _compile_bool(spec, "when", variables)
        condition = _compile_bool(spec, "assert", variables)
        allowed = set(variables) | {f"{v}_value" for v, t in variables.items() if t == "cell"} | MESSAGE_REPORT_FIELDS
        allowed |= {f"{v}_key" for v in variables}
        if isinstance(condition, Compare):
            allowed |= COMPARE_FIELDS
        try:
            unknown = message_fields(spec["message"]) - allowed
        except ExprError as exc:
            raise line_error(exc, spec, "message")
        if unknown:
            raise line_error(ExprError(f"message uses unknown placeholder(s) {', '.join(sorted(unknown))} "
                                        f"(known here: {', '.join(sorted(allowed))})"), spec, "message")
        return cls(when, loops, condition, spec["message"], variables)

    def bindings(self, ctx: Context, index: int = 0) -> Iterator[dict[str, Any]]:
        if len(self.loops) == 1:   # the common case, without the recursion
            name, selector = self.loops[0]
            yield from ({name: value} for value in selector.plain(ctx))
            return
        if index == len(self.loops):
            yield dict(ctx.bindings)
            return
        name, selector = self.loops[index]
        for value in selector.plain(ctx):
            ctx.bindings[name] = value
            yield from self.bindings(ctx, index + 1)
        ctx.bindings.pop(name, None)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_decide", "_runs", "_fixed", "_linear", "_token",
                                                                   "_reads")}   # made again when used

    def run(self, rule: str, run: Run) -> None:
        """Every binding is decided on plain values; only one that fails or cannot be assessed is evaluated
        again with its story (message, cells, linear form), and a relation that holds only when the
        suspects ask for it (Run.held_relations). A check with one loop or none decides in generated code from
        its third report on (the first two, and a single-report run, need no compiling)."""
        decide_all = self.__dict__.get("_decide")
        if decide_all is None and len(self.loops) <= 1:
            # generated once the check has run on a few reports: compiling costs more than one report gains
            runs = self.__dict__["_runs"] = self.__dict__.get("_runs", 0) + 1
            if runs > GENERATE_AFTER:
                # a single-report run never generates code
                if self.loops:
                    decide_all = self.decider()
                else:
                    from checker.engine.codegen import single_decider

                    decide_all = self.__dict__["_decide"] = single_decider(self.when, self.condition)
        if decide_all is not None:
            ctx = run.plain_context   # one for the run: a generated check reads only its own loop variable
            if not self.loops:   # one decision: what loop_decider would give on the one binding, without lists
                self.settle(rule, run, decide_all(ctx))
                return
            name, selector = self.loops[0]
            held, other, unsure = decide_all(ctx, list(selector.fast_closure()(ctx)))
            if held:   # their linear forms are worked out only if the suspects ask (Run.held_relations)
                run.pending.append((self, rule, name, held))
            if other:
                self.settle_loop(rule, run, other, unsure)
            return
        relation = self._is_relation
        ctx = Context(run.data, values=run.values, memo=run.memo, shared=run.shared)
        when = self.when.fast_closure() if self.when is not None else None
        condition = self.condition.fast_closure()
        for bindings in list(self.bindings(Context(run.data, values=run.values, memo=run.memo, shared=run.shared))):
            ctx.bindings = bindings
            if when is not None and when(ctx) is not True:
                continue
            if condition(ctx) is True:
                if relation:
                    run.pending.append((self, rule, None, [bindings]))
                continue
            self._assess(rule, run, bindings)

    def settle_loop(self, rule: str, run: Run, other: list, unsure: list) -> None:
        """What run() does with the values of its loop whose assertion does not hold (`unsure`: for each, it
        cannot be assessed), as its decider gives them; the evaluator's generated plan calls it too."""
        name = self.loops[0][0]
        # not assessable, and no cell it reads is blank: the full evaluation would find nothing to say
        quiet = self._reads_no_blank(run)
        for value, unassessed in zip(other, unsure):
            if not unassessed:
                self._assess(rule, run, {name: value})
            elif not quiet:
                self._unassessed(rule, run, {name: value})

    def decider(self) -> Any:
        """The generated decisions of a check with one loop (codegen.loop_decider), made on first asking."""
        decide_all = self.__dict__.get("_decide")
        if decide_all is None:
            from checker.engine.codegen import loop_decider

            decide_all = self.__dict__["_decide"] = loop_decider(self.loops[0][0], self.when, self.condition,
                                                                 self._is_relation)
        return decide_all

    def settle(self, rule: str, run: Run, holds: Any) -> None:
        """What run() does with the one decision of a check without a loop (generated: codegen), its
        assertion's plain value or NOT_ASKED; the evaluator's generated plan (plan_code.py) calls it too."""
        if holds is True:
            if self._is_relation:
                run.pending.append((self, rule, None, _NO_LOOP))
        elif holds is None:
            if not self._reads_no_blank(run):
                self._unassessed(rule, run, {})
        elif holds is not NOT_ASKED:
            self._assess(rule, run, {})

    @property
    def _is_relation(self) -> bool:
        return isinstance(self.condition, Compare) and self.condition.op is ast.Eq

    def _reads_no_blank(self, run: Run) -> bool:
        """Whether the assertion, on any binding, reads no cell that is blank in this report (each holds a
        number, or is missing: a missing row is D2's finding): then a binding it cannot assess has no blank
        cell to hand on to D11 (only read_cell marks one), and needs no full evaluation. Known only when the
        cells it can read are fixed (fixed_cells)."""
        fixed = self.__dict__.get("_fixed", MISSING)
        if fixed is MISSING:
            from checker.engine.codegen import fixed_cells   # loaded already: only generated checks ask
            fixed = fixed_cells(self.condition)
            fixed = self.__dict__["_fixed"] = None if fixed is None else frozenset(fixed)
        if fixed is None:
            return False
        values = run.values
        if fixed <= values.keys():   # every cell a number: none is blank
            return True
        return all(pointer in values or not reads_blank(run.data, values, pointer) for pointer in fixed)

    def _unassessed(self, rule: str, run: Run, bindings: dict[str, Any]) -> None:
        """A binding whose assertion cannot be assessed (its plain value None): its blank cells are handed on
        to D11, as the full evaluation (_assess) finds them, in the order it reads them: the cells it reads
        (codegen.cell_reads) that Context.read_cell marks blank, without evaluating anything else."""
        reads = self.__dict__.get("_reads", MISSING)
        if reads is MISSING:
            from checker.engine.codegen import cell_reads   # loaded already: only generated checks ask
            reads = self.__dict__["_reads"] = cell_reads(self.condition)
        if reads is None:
            self._assess(rule, run, bindings)
            return
        ctx = Context(run.data, bindings)
        data, values = run.data, run.values
        blanks = [pointer for pointer in dict.fromkeys(read(ctx) for read in reads)
                  if pointer is not None and pointer not in values and reads_blank(data, values, pointer)]
        if blanks:
            run.blocked.append((rule, blanks))

    def _assess(self, rule: str, run: Run, bindings: dict[str, Any]) -> None:
        ctx = Context(run.data, bindings, values=run.values, memo=run.memo, shared=run.shared)
        sides: tuple[Num, Num] | None = None
        if isinstance(self.condition, Compare):
            sides = (self.condition.left.evaluate(ctx), self.condition.right.evaluate(ctx))
            holds = self.condition.decide(*sides)
        else:
            holds = self.condition.evaluate(ctx)
        relation = self._relation(rule, sides)
        if holds is None:
            blanks = [p for p, state in ctx.touched.items() if state == "blank"]
            if blanks:
                run.blocked.append((rule, blanks))
            return   # missing rows and tables are D2's finding, not a failure here
        if holds:
            if relation:
                run.held.append(relation)
            return
        run.findings.append(self._finding(rule, run, ctx, sides, relation))

    def held_cells_of(self, rule: str, run: Run, name: str | None, values: list, cells: set[str]) -> None:
        """held_cells of each of the values, added to `cells`: those the shape's memo has are taken from it
        here, without a call a value (a report whose suspects ask goes through every relation that held)."""
        shared, token = run.shared, self.__dict__.get("_token")
        for value in values:
            found = None if shared is None or token is None else _in_shape_memo(shared, token, name, value)[1]
            cells.update(found if found is not None else self.held_cells(rule, run, name, value))

    def held_cells(self, rule: str, run: Run, name: str | None, value: Any) -> tuple[str, ...]:
        """The cells of the relation that held on this binding (`name` and `value` as Run.pending keeps them).
        A linear form from linear.py names the cells its paths and selections point at, with coefficients
        from the rule's own constants: which cells they are depends on the tables' structure alone, never on
        their numbers (a held relation has every value). So on the shared path (shapes.py) they are worked
        out on the first report of a shape and kept in the shape's memo for the next ones."""
        bindings = {name: value} if name is not None else (value if value is not None else {})
        shared = run.shared
        if shared is None or self._linear_form() is None:
            relation = self.held_relation(rule, run.data, bindings, run.values, run.memo)
            return () if relation is None else tuple(relation.linear)
        token = self.__dict__.get("_token")
        if token is None:
            token = self.__dict__["_token"] = object()   # kept alive by the memo's keys: never another's id
        key, found = _in_shape_memo(shared, token, name, value)
        if found is not None:
            return found
        ctx = Context(run.data, bindings, values=run.values, memo=run.memo)
        try:
            form = self._linear_form()(ctx)
        except Unsupported:   # evaluated in full: not known to depend on the structure alone
            relation = self.held_relation(rule, run.data, bindings, run.values, run.memo)
            return () if relation is None else tuple(relation.linear)
        found = () if form is None else tuple(form[0])
        if key is not None:
            shared[key] = found
        return found

    def _linear_form(self) -> Any:
        form = self.__dict__.get("_linear", MISSING)
        if form is MISSING:
            form = self.__dict__["_linear"] = relation_form(self.condition)
        return form

    def held_relation(self, rule: str, data: dict, bindings: dict[str, Any],
                      values: dict[str, int | float] | None = None, memo: dict | None = None) -> Relation | None:
        """The linear form of a relation that held for these bindings (`values` and `memo`: the run's): from
        its linear closure when it has one (linear.py, the same form without the story), else evaluated."""
        ctx = Context(data, bindings, values=values, memo={} if memo is None else memo)
        form = self._linear_form()
        if form is not None and values is not None:
            try:
                found = form(ctx)
            except Unsupported:
                pass
            else:
                return None if found is None else Relation(rule, *found)
        return self._relation(rule, (self.condition.left.evaluate(ctx), self.condition.right.evaluate(ctx)))

    def _relation(self, rule: str, sides: tuple[Num, Num] | None) -> Relation | None:
        if sides is None or self.condition.op.__name__ != "Eq":
            return None
        lhs, rhs = sides
        if lhs.linear is None or rhs.linear is None or lhs.value is None or rhs.value is None:
            return None
        linear = dict(lhs.linear)
        for key, coef in rhs.linear.items():
            linear[key] = linear.get(key, 0) - coef
        return Relation(rule, {k: v for k, v in linear.items() if v}, lhs.value - rhs.value)

    def _finding(self, rule: str, run: Run, ctx: Context, sides, relation) -> Finding:
        fields: dict[str, Any] = {"year": run.year, "template": run.template}
        for name, value in ctx.bindings.items():
            fields[name], fields[f"{name}_key"] = _describe_binding(self.variables[name], value)
            if isinstance(value, CellRef):
                fields[f"{name}_value"] = format_number(resolve(run.data, value.pointer, None))
        expected = actual = None
        if sides is not None:
            lhs, rhs = sides
            fields.update(lhs=format_number(lhs.value), rhs=format_number(rhs.value), lhs_values=lhs.shown,
                          rhs_values=rhs.shown, op=self.condition.symbol,
                          diff=format_number(_round(abs(lhs.value - rhs.value))))
            actual = lhs.value
            expected = rhs.value if self.condition.symbol == "=" else f"{self.condition.symbol} {format_number(rhs.value)}"
        cells = list(ctx.touched)
        if sides is None and len(cells) == 1:
            actual = resolve(run.data, cells[0], None)
        # one cell read is the suspect; a section's text (N1, H4) is not a table cell to correct
        suspect = cells[0] if len(cells) == 1 and cells[0].split("/")[1] in TABLES else None
        return Finding(rule, self.message.format_map(fields), cells, expected, actual,
                       suspect=suspect, relation=relation)


def _round(value: float) -> float:
    return round(value, 6) if isinstance(value, float) else value


def _describe_binding(type_: str, value: Any) -> tuple[str, str]:
    if isinstance(value, RowRef):
        return row_title(value.pointer), value.pointer.rsplit("/", 1)[1]
    if isinstance(value, CellRef):
        return describe_pointer(value.pointer), value.pointer
    table = type_.split(":", 1)[1] if ":" in type_ else ""
    return column_title(table, value), str(value)


def _compile_bool(spec: dict, key: str, variables: dict[str, str]) -> Node:
    from checker.engine.expr import Compiler

    try:
        node = Compiler(variables).compile(spec[key])
    except ExprError as exc:
        raise line_error(exc, spec, key)
    if node.type != "bool":
        raise line_error(ExprError(f"{key}: the expression must be true or false (a comparison), "
                                    f"not a {node.type.split(':')[0]}"), spec, key)
    return node


def _in_shape_memo(shared: dict, token: object, name: str | None, value: Any) -> tuple[tuple | None, Any]:
    """Where the shape's memo keeps the cells of a check's relation that held on a binding (held_cells), and
    what it keeps there: (None, None) for a binding that cannot be a key."""
    key = (token, name, tuple(value.items()) if value.__class__ is dict else value)
    try:
        return key, shared.get(key)
    except TypeError:
        return None, None
