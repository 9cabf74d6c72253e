"""Every pass/fail example kept in the rule packs (rules/*.yaml) holds: the rule is silent on each pass
example and reports what each fail example expects (message with the numbers, cells, suspect, severity)."""

from __future__ import annotations

import pytest

from checker.engine import evaluate, load_rules
from checker.engine.examples import build_example, example_problems

RULES = load_rules()
CASES = [pytest.param(rule, kind, example, id=f"{rule.id}-{kind}-{index}")
         for rule in RULES for kind in ("pass", "fail")
         for index, example in enumerate(rule.examples.get(kind, []))]


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_rule_example(rule, kind, example):
    findings = [d for d in evaluate(build_example(example), RULES) if d.rule == rule.id]
    assert example_problems(rule.id, kind, example, findings) == []


def test_every_rule_documents_itself_and_has_both_kinds_of_example():
    for rule in RULES:
        assert rule.title and rule.explanation and rule.source, rule.id
        assert rule.examples["pass"] and rule.examples["fail"], rule.id


def test_the_issue_rule_ids_are_all_there():
    assert {r.id for r in RULES} >= {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9",
                                     "D1", "D2", "D3", "D5", "D11"}


def test_a_wrong_expectation_is_reported():
    """The example checker itself can fail: a fail example whose message does not match is caught."""
    rule = next(r for r in RULES if r.id == "R4")
    example = {**rule.examples["fail"][0], "expect": {"message": "相差 12"}}
    findings = [d for d in evaluate(build_example(example), RULES) if d.rule == "R4"]
    assert example_problems("R4", "fail", example, findings)
    assert example_problems("R4", "pass", example, findings)
