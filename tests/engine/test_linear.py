"""The linear form of a held relation from linear.py (what the suspects read) is the one the full evaluation
gives (nodes.py `evaluate`, AssertCheck._relation), for every equality of the shipped rules, on every binding
that holds in the project's reports and in many reports hypothesis changes."""

from __future__ import annotations

import ast
import math

from hypothesis import given, settings, strategies as st

from checker.engine import load_rules
from checker.engine.checks import Run
from checker.engine.checks.asserts import AssertCheck
from checker.engine.functions import FUNCTIONS
from checker.engine.linear import NOT_LINEAR, relation_form
from checker.engine.nodes import Compare
from checker.engine.runtime import Context
from tests.engine.test_compiled import MODELS, changed_model

RULES = load_rules(cache=False)
RELATIONS = [(rule.id, check) for rule in RULES for check in rule.checks
             if isinstance(check, AssertCheck) and isinstance(check.condition, Compare) and check.condition.op is ast.Eq]


def test_every_function_of_a_number_is_known_to_be_linear_or_not():
    numeric = {name for name, function in FUNCTIONS.items() if function.result == "num"}
    assert numeric == NOT_LINEAR | {"sum"}   # a new function: say here which it is (its Num's linear)


def test_the_table_relations_have_a_linear_closure():
    with_form = {rule for rule, check in RELATIONS if relation_form(check.condition) is not None}
    assert {"R1", "R2", "R3", "R4", "R5", "R6", "N1"} <= with_form


def _same(fast, full) -> bool:
    if fast is None or full is None:
        return fast is full
    residual = (fast.residual == full.residual
                or (math.isnan(fast.residual) and math.isnan(full.residual)))
    return fast.rule == full.rule and fast.linear == full.linear and residual


def held_pairs(data: dict) -> list[tuple]:
    """(from linear.py, from the full evaluation) for every binding of an equality that holds."""
    pairs = []
    run = Run(data, None, None)
    for rule, check in RELATIONS:
        for bindings in list(check.bindings(Context(data, values=run.values, memo=run.memo))):
            ctx = Context(data, bindings, values=run.values, memo=run.memo)
            if check.when is not None and check.when.plain(ctx) is not True:
                continue
            if check.condition.plain(ctx) is not True:
                continue
            fast = check.held_relation(rule, data, bindings, run.values, run.memo)
            full_ctx = Context(data, bindings, values=run.values, memo=run.memo)
            full = check._relation(rule, (check.condition.left.evaluate(full_ctx),
                                          check.condition.right.evaluate(full_ctx)))
            pairs.append((fast, full))
    return pairs


def test_linear_forms_agree_on_the_projects_reports():
    pairs = [pair for model in MODELS for pair in held_pairs(model)]
    assert sum(1 for _, full in pairs if full is not None) > 500
    assert all(_same(fast, full) for fast, full in pairs)


@settings(max_examples=150)
@given(data=st.data())
def test_linear_forms_agree_when_cells_change(data):
    for fast, full in held_pairs(changed_model(data)):
        assert _same(fast, full), (fast, full)


# expressions of kinds the shipped equalities do not use: differences, negation, constants, a product
# (evaluated in full), a report field and a function of text (never linear)
EXPRESSIONS = [
    "applications.results.total[column] - applications.carried_forward[column] == 3 - -applications.new_received[column]",
    "-(applications.new_received[column] - 2) == 0 - applications.results.total[column] + 1",
    "applications.new_received[column] - sum(leaves(applications.results)[column]) == applications.carried_over[column]",
    "applications.new_received[column] * 2 == applications.results.total[column] + applications.results.total[column]",
    "report.year - applications.new_received[column] == 2000",
    "number(section(1), r'(\\d+)件') - 1 == applications.new_received[column]",
]


@settings(max_examples=60)
@given(data=st.data(), source=st.sampled_from(EXPRESSIONS), column=st.sampled_from(["total", "natural_person"]))
def test_linear_forms_agree_on_other_expressions(data, source, column):
    from checker.engine.expr import Compiler

    condition = Compiler({"column": "column:applications"}).compile(source)
    model = changed_model(data)
    run = Run(model, None, None)
    ctx = Context(model, {"column": column}, values=run.values, memo=run.memo)
    form = relation_form(condition)
    if "*" in source:
        assert form is None
        return
    left, right = condition.left.evaluate(ctx), condition.right.evaluate(ctx)
    check = AssertCheck(None, [], condition, "", {})
    full = check._relation("X", (left, right))
    if condition.decide(left, right) is True:
        assert _same(check.held_relation("X", model, {"column": column}, run.values, run.memo), full)
    found = form(ctx)   # any binding: the form is the full evaluation's whether it holds or not
    assert (found is None) == (full is None or left.value is None or right.value is None)
    if full is not None:
        assert found[0] == full.linear


def _held_cells_agree(data: dict) -> int:
    """Run.held_cells (kept per shape from the first report of that shape: AssertCheck.held_cells) names the
    cells of the full evaluation's relations on every binding that holds."""
    expected = {cell for _, full in held_pairs(data) if full is not None for cell in full.linear}
    for _ in range(2):   # the second run reads what the first kept in the shape's memo
        run = Run(data, None, None)
        for rule, check in RELATIONS:
            check.run(rule, run)
        assert run.held_cells() == expected
    return len(expected)


def test_held_cells_agree_on_the_projects_reports():
    assert sum(_held_cells_agree(model) for model in MODELS) > 500


@settings(max_examples=100)
@given(data=st.data())
def test_held_cells_agree_when_cells_change(data):
    _held_cells_agree(changed_model(data))   # a shape another report filled first, with other numbers
