"""Compiled expressions: the plain closure that decides every binding (nodes.py `plain`) agrees with the full
evaluation that explains a finding (`evaluate`), for every assert check of the shipped rules, on every
binding of the project's reports and of many reports hypothesis changes."""

from __future__ import annotations

import copy
import math

from hypothesis import given, settings, strategies as st

from checker.engine import load_rules
from checker.engine.checks import Run
from checker.engine.checks.asserts import AssertCheck
from checker.engine.runtime import Context
from tests.support.models import read_models

CHECKS = [check for rule in load_rules(cache=False) for check in rule.checks if isinstance(check, AssertCheck)]


MODELS = read_models(("examples", "tests/data/forms", "tests/data/wild", "rules/fixtures"),
                     (".txt", ".md", ".html", ".json"))


def decisions(data: dict) -> list[tuple]:
    """(plain, full) for every binding of every assert check, `when` included."""
    found = []
    run = Run(data, None, None)
    for check in CHECKS:
        for bindings in list(check.bindings(Context(data, values=run.values, memo=run.memo))):
            for node in filter(None, (check.when, check.condition)):
                plain = node.plain(Context(data, bindings, values=run.values))
                full = node.evaluate(Context(data, bindings))
                if hasattr(node, "decide"):
                    full = node.decide(node.left.evaluate(Context(data, bindings)),
                                       node.right.evaluate(Context(data, bindings)))
                found.append((plain, full))
    return found


def test_plain_and_full_agree_on_the_projects_reports():
    pairs = [pair for model in MODELS for pair in decisions(model)]
    assert len(pairs) > 2000
    assert {True, False, None} <= {plain for plain, _ in pairs}
    assert all(plain is full or plain == full for plain, full in pairs)


CELL_VALUES = st.one_of(st.none(), st.integers(-5, 500), st.sampled_from([0.5, 2.0, -1.25, 1e-7, math.inf]),
                        st.sampled_from(["", "五", True, [], {}]))


def changed_model(data) -> dict:
    """A copy of one of the project's models with one to six cells changed (to another value, or removed)."""
    model = copy.deepcopy(data.draw(st.sampled_from(MODELS)))
    tables = [t for t in ("applications", "review_litigation", "active_disclosure") if isinstance(model.get(t), dict)]
    for _ in range(data.draw(st.integers(1, 6))):
        if not tables:
            break
        node = model[data.draw(st.sampled_from(tables))]
        while isinstance(node, dict) and node and any(isinstance(v, dict) for v in node.values()):
            node = node[data.draw(st.sampled_from(sorted(node)))]
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            if data.draw(st.booleans()):
                node[key] = copy.deepcopy(data.draw(CELL_VALUES))
            else:
                del node[key]
    return model


@settings(max_examples=150)
@given(data=st.data())
def test_plain_and_full_agree_when_cells_change(data):
    model = changed_model(data)
    for plain, full in decisions(model):
        assert plain is full or plain == full

