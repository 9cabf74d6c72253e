"""The expression language: whitelisted syntax only, paths checked against the catalogue, types checked,
blanks make a relation not assessable, and never anything like eval."""

from __future__ import annotations

import pytest

from checker.engine.expr import Compiler, ExprError
from checker.engine.runtime import Context

COLUMN = {"column": "column:applications"}


def compile_(source, variables=None):
    return Compiler(variables or {}).compile(source)


@pytest.mark.parametrize("source, complaint", [
    ("__import__('os')", "unknown function '__import__'"),
    ("__import__('os').system('true')", "only the named functions can be called"),
    ("applications.__class__", "unknown cell path applications.__class__"),
    ("(lambda: 1)()", "only the named functions can be called"),
    ("lambda: 1", "Lambda is not allowed"),
    ("[x for x in applications]", "ListComp is not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("applications.new_received.total ** 2 == 4", "operator Pow is not allowed"),
    ("applications.results.totl.total == 1", "unknown cell path applications.results.totl"),
    ("applications.new_received.everyone == 1", "unknown cell path applications.new_received.everyone"),
    ("applications.new_received.total == report.template", "cannot compare a num with a str"),
    ("applications.new_received.total + report.template == 1", "arithmetic needs a num, got a str"),
    ("applications.new_received.total and 1", "and/or needs a bool, got a num"),
    ("sum(applications.new_received.total) == 1", "sum() takes (cells), not (num)"),
    ("review_litigation.review[column] == 1", "ranges over the columns of applications, not of review_litigation"),
    ("1 < applications.new_received.total < 3", "one comparison at a time"),
    ("applications.new_received.total ==", "does not parse"),
    ("matches(section(6), '(')", "bad regular expression"),
    ("rows(applications, having='colour')", "unknown column 'colour'"),
])
def test_rejected_when_compiled(source, complaint):
    with pytest.raises(ExprError) as caught:
        compile_(source, COLUMN)
    assert complaint in str(caught.value)


def test_relation_values_and_how_they_were_built():
    data = {"applications": {"new_received": {"total": 9}, "carried_over": {"total": 0},
                             "results": {"total": {"total": 8}}, "carried_forward": {"total": 0}}}
    node = compile_("applications.new_received[column] + applications.carried_over[column]"
                    " == applications.results.total[column] + applications.carried_forward[column]", COLUMN)
    ctx = Context(data, {"column": "total"})
    left, right = node.left.evaluate(ctx), node.right.evaluate(ctx)
    assert (left.value, left.shown, right.value, right.shown) == (9, "9+0", 8, "8+0")
    assert node.decide(left, right) is False
    assert right.linear == {"/applications/results/total/total": 1, "/applications/carried_forward/total": 1}


def test_a_blank_input_is_not_assessable_not_false():
    data = {"review_litigation": {"review": {"upheld": 1, "corrected": None, "other": 0, "pending": 0, "total": 5}}}
    node = compile_("review_litigation.review.total == review_litigation.review.upheld"
                    " + review_litigation.review.corrected")
    ctx = Context(data)
    assert node.evaluate(ctx) is None
    assert ctx.touched["/review_litigation/review/corrected"] == "blank"


def test_leaves_take_whatever_rows_are_printed():
    """R2's selector: a single （六） row (2019 layout) and three （六） rows (2021 layout) are both leaves."""
    node = compile_("sum(leaves(applications.results)[column]) == 0", COLUMN)
    row = {"total": 1}
    old = {"applications": {"results": {"granted": row, "other": {"total": 2}, "total": {"total": 3}}}}
    new = {"applications": {"results": {"granted": row, "other": {"a": {"total": 2}, "b": {"total": 4}},
                                        "total": {"total": 7}}}}
    assert node.left.evaluate(Context(old, {"column": "total"})).value == 3
    assert node.left.evaluate(Context(new, {"column": "total"})).value == 7


def test_money_equality_tolerates_float_noise():
    node = compile_("active_disclosure.fees.amount_10k_yuan == 0.3")
    data = {"active_disclosure": {"fees": {"amount_10k_yuan": 0.1 + 0.2}}}
    assert node.evaluate(Context(data)) is True
