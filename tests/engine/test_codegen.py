"""Generated loops (codegen.py) decide every binding as the plain closures do (nodes.py `plain`), for every
assert check with one loop variable or none of the shipped rules, on the project's reports and on many reports hypothesis
changes: the same bindings held, and the same ones left for the full evaluation, in the same order."""

from __future__ import annotations

import ast

from hypothesis import given, settings, strategies as st

from checker.engine import load_rules
from checker.engine.checks import Run
from checker.engine.checks.asserts import AssertCheck
from checker.engine.codegen import loop_decider, single_decider
from checker.engine.runtime import NOT_ASKED
from checker.engine.nodes import Compare
from checker.engine.runtime import Context
from tests.engine.test_compiled import MODELS, changed_model

LOOPS = [check for rule in load_rules(cache=False) for check in rule.checks
         if isinstance(check, AssertCheck) and len(check.loops) <= 1]


def closures(check: AssertCheck, run: Run) -> tuple[list, list]:
    """What the closures decide: the values whose assertion holds, and those (`when` true) whose does not."""
    held, other = [], []
    for value in _selection(check, run):
        ctx = Context(run.data, {check.loops[0][0]: value} if check.loops else {}, values=run.values, memo=run.memo)
        if check.when is not None and check.when.plain(ctx) is not True:
            continue
        (held if check.condition.plain(ctx) is True else other).append(value)
    return held, other


def _relation(check: AssertCheck) -> bool:
    return isinstance(check.condition, Compare) and check.condition.op is ast.Eq


_DECIDERS: dict[int, object] = {}


def generated(check: AssertCheck, run: Run) -> tuple[list, list]:
    # one decider per check for every report, as in a batch: what it keeps from one report to the next (the
    # pointers of its selection, codegen.pointer_table) is kept here across the reports of both templates
    decide_all = _DECIDERS.get(id(check))
    if decide_all is None:
        decide_all = _DECIDERS[id(check)] = loop_decider(check.loops[0][0] if check.loops else None, check.when,
                                                         check.condition, _relation(check))
    ctx = Context(run.data, values=run.values, memo=run.memo)
    held, other, unsure = decide_all(ctx, _selection(check, run))
    assert unsure == [_plain_condition(check, run, value) is None for value in other], check
    if not check.loops:   # the check's one decision as asserts.run takes it, without lists
        one = single_decider(check.when, check.condition)(Context(run.data, values=run.values, memo=run.memo))
        if one is NOT_ASKED:
            assert held == other == [], check
        else:
            assert (one is True, one is None) == (bool(held) or not other, unsure == [True]), check
    return held, other


def _plain_condition(check: AssertCheck, run: Run, value) -> bool | None:
    ctx = Context(run.data, {check.loops[0][0]: value} if check.loops else {}, values=run.values, memo=run.memo)
    return check.condition.plain(ctx)


def _selection(check: AssertCheck, run: Run) -> list:
    if not check.loops:
        return [None]
    return list(check.loops[0][1].plain(Context(run.data, values=run.values, memo=run.memo)))


def agree(data: dict) -> tuple[int, int]:
    """(bindings decided, bindings left for the full evaluation)"""
    run = Run(data, None, None)
    decided = left = 0
    for check in LOOPS:
        held, other = closures(check, run)
        got_held, got_other = generated(check, run)
        assert got_other == other, check
        assert got_held == (held if _relation(check) else []), check   # only a relation keeps what held
        decided += len(held) + len(other)
        left += len(other)
    return decided, left


def test_generated_loops_and_closures_agree_on_the_projects_reports():
    assert sum(1 for c in LOOPS if c.loops) >= 8 and sum(1 for c in LOOPS if not c.loops) >= 20
    assert {"is_integer", "sum", "said", "matches", "number"} <= {n for c in LOOPS for n in _calls(c.condition)}
    counts = [agree(model) for model in MODELS]
    assert sum(decided for decided, _ in counts) > 4000
    assert sum(left for _, left in counts) > 10   # some bindings fail, or cannot be assessed


def _calls(node) -> set[str]:
    found = {node.name} if hasattr(node, "name") and hasattr(node, "args") else set()
    for child in vars(node).values():
        for item in child if isinstance(child, list) else [child]:
            if hasattr(item, "type") and not isinstance(item, str):
                found |= _calls(item)
    return found


@settings(max_examples=150)
@given(data=st.data())
def test_generated_loops_and_closures_agree_when_cells_change(data):
    model = changed_model(data)
    agree(model)
