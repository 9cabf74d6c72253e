"""A model of any shape (a hand-written JSON/YAML report can hold anything) never crashes the engine:
wrong types are not assessable or structural findings, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import evaluate, load_rules
from checker.model import Report, all_cell_pointers
from tests.engine.reports import consistent_reports, set_cell, table_pointers

RULES = load_rules()
KEYS = ["total", "natural_person", "results", "other", "granted", "review", "upheld", "number", "text",
        "change", "items_prev_year", "2019", "2021"]
SCALARS = st.one_of(st.none(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=3), st.booleans())
ANY = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                    st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
                   max_leaves=12)
TABLES = st.dictionaries(st.sampled_from(["sections", "applications", "review_litigation", "active_disclosure"]), ANY)
REPORT = st.fixed_dictionaries({}, optional={"year": st.one_of(st.integers(2015, 2026), ANY),
                                             "template": st.one_of(st.sampled_from(["2019", "2021"]), ANY),
                                             "template_evidence": ANY})


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(TABLES, REPORT)
def test_any_shape_is_checked_without_crashing(tables, report):
    for finding in evaluate(Report({**tables, "report": report}, {}, "odd.json", "json"), RULES):
        assert finding.rule and finding.message


ODD = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                st.text(max_size=3), st.booleans(), st.lists(st.integers(0, 3), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(consistent_reports(), st.data())
def test_odd_cells_with_a_real_source_map_are_located_where_printed(report, data):
    """Every cell printed on its own line (as a reader's source map says): a few cells get odd values, and
    each finding about cells is located on a line where one of its cells was printed."""
    template = report.template
    pointers = all_cell_pointers(template)
    report.source_map = {p: {"line": n + 10, "column": 2, "page": None, "text": "x"} for n, p in enumerate(pointers)}
    for pointer in data.draw(st.lists(st.sampled_from(table_pointers(report)), max_size=4), label="cells"):
        set_cell(report, pointer, data.draw(ODD, label=pointer))
    lines = {entry["line"]: pointer for pointer, entry in report.source_map.items()}
    for finding in evaluate(report, RULES):
        assert finding.rule and finding.message
        cells = [c for c in finding.cells if c.startswith(("/applications", "/review_litigation", "/active_disclosure"))]
        if cells:
            assert finding.location.line in lines, (finding.rule, finding.cells)
            printed = lines[finding.location.line]
            assert any(printed == c or printed.startswith(c + "/") for c in cells), (finding.rule, finding.cells, printed)
