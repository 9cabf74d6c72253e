"""The whole pipeline under hypothesis: a consistent report printed as Word's text export, with one cell
changed on the page, is read back and the change is caught at the line where it was printed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.diagnostics import Severity
from checker.lint import LintOptions, lint_report, load_ruleset
from checker.readers import read_bytes
from tests.engine.reports import consistent_reports, set_cell, table_pointers
from tests.support.wordtext import render

OPTIONS = LintOptions()
RULES = load_ruleset(OPTIONS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.data())
def test_a_changed_printed_cell_is_caught_where_it_was_printed(report, data):
    pointer = data.draw(st.sampled_from(table_pointers(report)), label="cell")
    delta = data.draw(st.integers(-40, 40).filter(bool), label="delta")
    clean = render(report.data)
    assert [d.rule for d in lint_report(read_bytes(clean.encode(), "r.txt"), RULES, OPTIONS)] == []

    set_cell(report, pointer, report.get(pointer) + delta)
    read = read_bytes(render(report.data).encode(), "r.txt")
    assert read.get(pointer) == report.get(pointer)          # the reader reads what was printed
    errors = [d for d in lint_report(read, RULES, OPTIONS) if d.severity == Severity.ERROR]
    assert any(pointer in d.cells for d in errors)
    printed_line = read.source_map[pointer]["line"]
    if pointer.startswith("/applications/"):
        assert {d.suspect for d in errors if d.suspect} == {pointer}
        assert all(d.location.line == printed_line for d in errors if d.suspect == pointer)
