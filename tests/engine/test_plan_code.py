"""The evaluator's generated plan (plan_code.py), which a batch runs from its third report on, does what
the loop over the checks does: on the project's reports and on many changed ones, the same findings,
relations kept for the suspects, bindings handed on to D11, and the same diagnostics; and a rule that runs
too long in it is named as in the loop."""

from __future__ import annotations

import copy
import importlib

import pytest
from hypothesis import given, settings, strategies as st

from checker.engine import load_rule_file, load_rules
from checker.engine.checks import Run
from checker.engine.examples import fixture
from checker.engine.plan_code import plan_runner
from checker.errors import RuleError
from checker.model import Report
from checker.timer import lap_budgets
from tests.engine.test_compiled import MODELS, changed_model
from tests.engine.test_rule_limits import rule_file

evaluate_module = importlib.import_module("checker.engine.evaluate")

RULES = [rule for rule in load_rules(cache=False) if not rule.compares_reports]
_, ORDERED, _ = evaluate_module._plan(RULES)
RUNNER = plan_runner(ORDERED)


def _runs(data: dict) -> tuple[Run, Run]:
    """The checks run on the report by the loop, and by the generated plan."""
    looped, planned = Run(data, None, None), Run(data, None, None)
    with lap_budgets(evaluate_module.RULE_SECONDS, evaluate_module.RuleTimeout) as lap:
        for rule, check in ORDERED:
            lap()
            check.run(rule.id, looped)
        RUNNER(planned, lap, [0])
    return looped, planned


def _pending(run: Run) -> list[tuple]:
    """The relations that held, kept for the suspects; a check without a loop keeps its one binding as {}
    (evaluated by closures, a check's first reports) or None (decided in generated code): the same binding."""
    return [(check, rule, name, [{} if name is None and value is None else value for value in values])
            for check, rule, name, values in run.pending]


def _same(data: dict) -> int:
    looped, planned = _runs(data)
    assert planned.findings == looped.findings
    assert planned.held == looped.held and planned.blocked == looped.blocked
    assert _pending(planned) == _pending(looped)
    assert planned.held_cells() == looped.held_cells()
    return len(looped.findings) + len(looped.blocked)


def test_the_plan_does_what_the_loop_does_on_the_projects_reports():
    assert sum(1 for _, check in ORDERED if not getattr(check, "loops", True)) > 20   # written out in the plan
    assert sum(_same(model) for model in MODELS) > 10   # some findings, some blank cells


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_plan_does_what_the_loop_does_when_cells_change(data):
    _same(changed_model(data))


def test_evaluate_runs_the_plan_from_its_third_report_with_the_same_diagnostics():
    rules = [rule for rule in load_rules(cache=False) if not rule.compares_reports]   # a plan of its own
    model = MODELS[0]
    found = [evaluate_module.evaluate(Report(data=copy.deepcopy(model), source_map={}, path="r.json", form="json"), rules)
             for _ in range(4)]
    assert evaluate_module._plan(rules)[2] is not None
    assert all(diagnostics == found[0] for diagnostics in found)


def test_a_rule_that_runs_too_long_in_the_plan_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(evaluate_module, "RULE_SECONDS", 0.5)
    rules = load_rule_file(rule_file(tmp_path, "count(section(1), 'y(.*)*x') == 0"))
    data = copy.deepcopy(fixture("mazhu-2020"))
    for _ in range(3):   # harmless reports: from the third on, the plan is generated
        evaluate_module.evaluate(Report(data=copy.deepcopy(data), source_map={}, path="r.json", form="json"), rules)
    assert evaluate_module._plan(rules)[2] is not None
    data["sections"][0]["text"] = "xy" + "a" * 40   # (.*)* tries every split for an x that never follows
    with pytest.raises(RuleError) as caught:
        evaluate_module.evaluate(Report(data=data, source_map={}, path="r.json", form="json"), rules)
    assert "P1" in str(caught.value) and "0.5 秒" in str(caught.value) and "回溯" in str(caught.value)
