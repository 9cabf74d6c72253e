"""Properties of the rule set on consistent reports of both templates (issue 3's done-when):
a consistent report has no error; any single changed count in tables 三 or 四 is caught by an error naming
that cell; in table 三 the likely wrong cell named is exactly the changed one; a blank is never a failure."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.diagnostics import Severity
from checker.engine import evaluate, load_rules
from tests.engine.reports import consistent_reports, set_cell, table_pointers

RULES = load_rules()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def errors(report):
    return [d for d in evaluate(report, RULES) if d.severity == Severity.ERROR]


@SETTINGS
@given(consistent_reports())
def test_a_consistent_report_has_no_finding(report):
    assert evaluate(report, RULES) == []


@SETTINGS
@given(consistent_reports(), st.data())
def test_changing_one_count_is_caught_and_table_three_names_the_cell(report, data):
    pointer = data.draw(st.sampled_from(table_pointers(report)), label="cell")
    delta = data.draw(st.integers(-40, 40).filter(bool), label="delta")
    original = report.get(pointer)
    set_cell(report, pointer, original + delta)

    found = errors(report)
    assert any(pointer in d.cells for d in found), [d.message for d in found]
    if pointer.startswith("/applications/"):
        named = {d.suspect for d in found if d.suspect is not None}
        assert named == {pointer}, [d.message for d in found]
        crossing = [d for d in found if d.suspect == pointer and d.rule in ("R1", "R2", "R3")]
        assert crossing and all(d.expected == original for d in crossing)


@SETTINGS
@given(consistent_reports(), st.data())
def test_a_blank_cell_is_never_a_failure(report, data):
    pointer = data.draw(st.sampled_from(table_pointers(report)), label="cell")
    set_cell(report, pointer, None)

    found = evaluate(report, RULES)
    assert [d.rule for d in found] == ["D11"]
    assert found[0].severity == Severity.WARNING and pointer in found[0].cells
