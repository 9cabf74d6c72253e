"""A binding an assertion cannot assess is not evaluated in full when no cell it reads is blank
(AssertCheck._reads_no_blank: each is a number or missing): the full evaluation would hand nothing on to
D11 and report nothing, on every such binding of the project's reports and of many changed ones."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.engine import load_rules
from checker.engine.checks import Run
from checker.engine.checks.asserts import AssertCheck
from checker.engine.runtime import Context
from tests.engine.test_compiled import MODELS, changed_model

CHECKS = [(rule.id, check) for rule in load_rules(cache=False) for check in rule.checks
          if isinstance(check, AssertCheck)]


def quiet_bindings(data: dict) -> tuple[int, int]:
    """(bindings skipped as quiet, of those with a missing cell); asserts that the full evaluation of each
    says nothing."""
    skipped = missing = 0
    run = Run(data, None, None)
    for rule, check in CHECKS:
        if not check._reads_no_blank(run):
            continue
        for bindings in list(check.bindings(Context(data, values=run.values, memo=run.memo))):
            if check.condition.plain(Context(data, bindings, values=run.values, memo=run.memo)) is not None:
                continue
            before = (len(run.findings), len(run.blocked))
            check._assess(rule, run, bindings)
            assert (len(run.findings), len(run.blocked)) == before, (rule, bindings)
            skipped += 1
            missing += any(pointer not in run.values for pointer in check._fixed)
    return skipped, missing


def test_quiet_bindings_of_the_projects_reports_say_nothing():
    counts = [quiet_bindings(model) for model in MODELS]
    assert sum(skipped for skipped, _ in counts) > 5 and sum(missing for _, missing in counts) > 5


@settings(max_examples=150)
@given(data=st.data())
def test_quiet_bindings_say_nothing_when_cells_change(data):
    quiet_bindings(changed_model(data))


def unassessed_bindings(data: dict) -> int:
    """A binding the assertion cannot assess hands on to D11 the blank cells the full evaluation finds, in
    its order (AssertCheck._unassessed against _assess), on every such binding; how many had blank cells."""
    handed = 0
    for rule, check in CHECKS:
        run = Run(data, None, None)
        for bindings in list(check.bindings(Context(data, values=run.values, memo=run.memo))):
            if check.condition.plain(Context(data, bindings, values=run.values, memo=run.memo)) is not None:
                continue
            check._unassessed(rule, run, bindings)
            shortcut, run.blocked = run.blocked, []
            check._assess(rule, run, bindings)
            assert shortcut == run.blocked and not run.findings, (rule, bindings)
            run.blocked = []
            handed += bool(shortcut)
    return handed


def test_unassessed_bindings_of_the_projects_reports_hand_on_the_same_blank_cells():
    assert sum(unassessed_bindings(model) for model in MODELS) > 5


@settings(max_examples=150)
@given(data=st.data())
def test_unassessed_bindings_hand_on_the_same_blank_cells_when_cells_change(data):
    unassessed_bindings(changed_model(data))
