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

from typing import Any, Callable

from checker.engine.checks.asserts import _NO_LOOP, AssertCheck
from checker.engine.codegen import _Source
from checker.engine.runtime import NOT_ASKED

# run_all(run, lap, at): every check of the plan on the run; at[0] is the index of the check running
Runner = Callable[[Any, Callable[[], None], list], None]


def plan_runner(ordered: list[tuple[Any, Any]]) -> Runner:
    """The function running the plan's checks (rule, check) in order."""
    source = _Source()
    source.namespace["NOT_ASKED"] = NOT_ASKED
    source.line(0, "def run_all(run, lap, at):")
    source.line(1, "ctx = run.plain_context")
    source.line(1, "bindings = ctx.bindings")
    source.line(1, "values_get = ctx.values.get")
    source.line(1, "pending = run.pending.append")
    for index, (rule, check) in enumerate(ordered):
        source.line(1, f"at[0] = {index}")
        source.line(1, "lap()")
        rule_id = source.bind(rule.id)
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
        source.line(1, f"if {holds} is True:")
        if check._is_relation:   # AssertCheck.settle, without the call when the assertion holds
            source.line(2, f"pending({source.bind((check, rule.id, None, _NO_LOOP))})")
        else:
            source.line(2, "pass")
        source.line(1, f"else: {source.bind(check.settle)}({rule_id}, run, {holds})")
    return source.function("run_all", "<rule plan>")   # generated, see the docstring
