"""Naming the likely wrong cell: the crossing of failed relations that are off by the same amount."""

from __future__ import annotations

import copy

from checker.engine import evaluate, load_rules
from checker.engine.examples import fixture
from checker.model import Report

RULES = load_rules()


def check(changes: dict[str, int]):
    data = copy.deepcopy(fixture("linxi-2022"))
    for pointer, value in changes.items():
        node = data
        *parents, last = pointer.strip("/").split("/")
        for part in parents:
            node = node[part]
        node[last] = value
    return evaluate(Report(data=data, source_map={}, path="t", form="json"), RULES)


def test_two_independent_errors_each_get_their_own_suspect():
    granted = "/applications/results/granted/natural_person"          # 12 → 15 (+3)
    not_held = "/applications/results/unavailable/not_held/commercial"  # 1 → 0 (−1)
    found = check({granted: 15, not_held: 0})
    assert {d.suspect for d in found} == {granted, not_held}
    by_cell = {d.suspect: d for d in found if d.rule == "R3"}
    assert by_cell[granted].suggestion.endswith("改为 12 可使 R2、R3 同时成立")
    assert by_cell[not_held].suggestion.endswith("改为 1 可使 R2、R3 同时成立")


def test_equal_errors_in_two_rows_and_columns_are_ambiguous_so_nobody_is_named():
    """Off by the same amount twice: (r1,c2) and (r2,c1) explain the failures as well as the real cells."""
    found = check({"/applications/results/granted/natural_person": 13,
                   "/applications/results/unavailable/not_held/commercial": 2})
    assert found and all(d.suspect is None for d in found)


def test_one_failed_relation_alone_names_nobody():
    found = check({"/review_litigation/review/upheld": 2})
    assert [(d.rule, d.suspect) for d in found] == [("R4", None)]
