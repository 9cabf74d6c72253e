"""The checks of a rule set on one report as one generated function, once a batch has run them on a few
reports: the decisions of the checks without a loop written out in turn (codegen's statements, as their own
generated decider has them) and the other checks called, in the plan's order, each rule's budget started
before its check as in the loop it replaces (evaluate.py). What a check's decision leads to (a relation
kept for the suspects, a binding handed on to D11, a finding) is its own `settle`, as in AssertCheck.run.

It saves, for each of the forty-odd checks of every report, the calls and lookups between the evaluator's
loop and the decision (the check's run, its decider and its prologue). Like the deciders, it is generated
from the compiled nodes, never from a rule's text, and made in each process (not kept in the rule cache).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from checker.engine.checks.asserts import _NO_LOOP, AssertCheck
from checker.engine.codegen import _Source, fixed_cells
from checker.engine.nodes import Call, ReportField
from checker.engine.runtime import NOT_ASKED

# run_all(run, lap, at): every check of the plan on the run; at[0] is the index of the check running, and each
# check starts its rule's budget as lap() would (lap.started, timer.lap_budgets)
Runner = Callable[[Any, Callable[[], None], list], None]


# functions whose plain value depends on their arguments and the report alone (its data and the run's memo,
# never a binding or the context's record of what was read): the same call is made once in the plan
_PER_REPORT = frozenset({"section", "preamble", "said", "number", "count", "numeral", "other_places"})


class _PlanSource(_Source):
    """codegen's statements, and a call of a _PER_REPORT function with the same arguments as one made
    before it at the function's top level (so made on every path to here), or a report field read there,
    taken from that one's name."""

    def __init__(self) -> None:
        super().__init__()
        self.made: dict[str, str] = {}   # a call's repr (its function and argument nodes) → its name

    def node(self, node: Any, indent: int) -> str:
        if not (type(node) is Call and node.name in _PER_REPORT or type(node) is ReportField):
            return super().node(node, indent)
        key = repr(node)
        name = self.made.get(key)
        if name is None:
            name = super().node(node, indent)
            if indent == 1:
                self.made[key] = name
        return name


def plan_runner(ordered: list[tuple[Any, Any]]) -> Runner:
    """The function running the plan's checks (rule, check) in order."""
    source = _PlanSource()
    source.namespace["NOT_ASKED"] = NOT_ASKED
    source.namespace["monotonic"] = time.monotonic
    source.line(0, "def run_all(run, lap, at):")
    source.line(1, "ctx = run.plain_context")
    source.line(1, "bindings = ctx.bindings")
    source.line(1, "values_get = ctx.values.get")
    source.line(1, "values_keys = ctx.values.keys()")
    source.line(1, "pending = run.pending.append")
    source.line(1, "started = lap.started")   # lap() without the call (timer.lap_budgets)
    for index, (rule, check) in enumerate(ordered):
        source.line(1, f"at[0] = {index}")
        source.line(1, "started[0] = monotonic()")
        rule_id = source.bind(rule.id)
        if type(check) is AssertCheck and len(check.loops) == 1:   # as AssertCheck.run, without its prologue
            _loop(source, rule_id, check)
            continue
        if type(check) is not AssertCheck or check.loops:
            source.line(1, f"{source.bind(check.run)}({rule_id}, run)")
            continue
        holds = source.temp()
        if check.when is not None:   # as codegen.single_decider: NOT_ASKED when `when` does not hold
            held_when = source.node(check.when, 1)
            source.line(1, f"if {held_when} is not True: {holds} = NOT_ASKED")
            source.line(1, "else:")
            source.line(2, f"{holds} = {source.node(check.condition, 2)}")
        else:
            source.line(1, f"{holds} = {source.node(check.condition, 1)}")
        # AssertCheck.settle, without the call where it would do nothing but this: keep a relation that
        # held; pass over a `when` that does not hold, and an unassessable assertion none of whose fixed cells
        # is blank (codegen.fixed_cells: each holds a number; _reads_no_blank's first test)
        source.line(1, f"if {holds} is True:")
        if check._is_relation:
            source.line(2, f"pending({source.bind((check, rule.id, None, _NO_LOOP))})")
        else:
            source.line(2, "pass")
        if check.when is not None:
            source.line(1, f"elif {holds} is NOT_ASKED: pass")
        fixed = fixed_cells(check.condition)
        if fixed is not None:
            source.line(1, f"elif {holds} is None and {source.bind(frozenset(fixed))} <= values_keys: pass")
        source.line(1, f"else: {source.bind(check.settle)}({rule_id}, run, {holds})")
    return source.function("run_all", "<rule plan>")   # generated, see the docstring


def _loop(source: _PlanSource, rule_id: str, check: AssertCheck) -> None:
    """A check with one loop: its generated decisions on its selection, and what they lead to (the bindings
    that held kept for the suspects, the others settled), as AssertCheck.run has them."""
    name, selector = check.loops[0]
    held, other, unsure = source.temp(), source.temp(), source.temp()
    selection = f"list({source.bind(selector.fast_closure())}(ctx))"
    source.line(1, f"{held}, {other}, {unsure} = {source.bind(check.decider())}(ctx, {selection})")
    source.line(1, f"if {held}: pending(({source.bind(check)}, {rule_id}, {source.bind(name)}, {held}))")
    source.line(1, f"if {other}: {source.bind(check.settle_loop)}({rule_id}, run, {other}, {unsure})")
