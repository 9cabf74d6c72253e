"""Extracted models and findings are the same as recorded (tests/support/golden.py says when to re-record)."""

from __future__ import annotations

import pytest

from tests.support.golden import golden_path, outputs, reports


def test_every_recorded_report_still_exists():
    recorded = {p.name for p in golden_path("x").parent.glob("*.json")}
    assert recorded == {golden_path(r).name for r in reports()}


@pytest.mark.parametrize("report", reports())
def test_outputs_as_recorded(report):
    expected = golden_path(report).read_text(encoding="utf-8")
    assert outputs(report) == expected, f"{report}: re-record with `python -m tests.support.golden` only if meant"
