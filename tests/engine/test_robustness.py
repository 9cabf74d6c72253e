"""A model of any shape (a hand-written JSON/YAML report can hold anything) never crashes the engine:
wrong types are not assessable or structural findings, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import evaluate, load_rules
from checker.model import Report

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
