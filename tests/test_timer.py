"""The time budgets of checker.timer: one budget, and a run of per-lap budgets on one timer (the rules of
a report), nested inside a report's budget."""

from __future__ import annotations

import signal
import time

import pytest

from checker.timer import Expired, lap_budgets, time_budget


class LapOver(Expired):
    pass


class ReportOver(Expired):
    pass


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_lap_that_overruns_is_stopped():
    laps = []
    with pytest.raises(LapOver):
        with lap_budgets(0.2, LapOver) as lap:
            for n in range(3):
                lap()
                laps.append(n)
                spin(0.05 if n < 2 else 5)
    assert laps == [0, 1, 2]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_each_lap_has_its_own_budget():
    """Ten laps of 0.08 s each take longer than one budget of 0.2 s, and none overruns its own."""
    start = time.monotonic()
    with lap_budgets(0.2, LapOver) as lap:
        for _ in range(10):
            lap()
            spin(0.08)
    assert time.monotonic() - start > 0.5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_enclosing_budget_that_runs_out_first_raises_its_own():
    with pytest.raises(ReportOver):
        with time_budget(0.3, ReportOver):
            with lap_budgets(10, LapOver) as lap:
                for _ in range(100):
                    lap()
                    spin(0.05)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_enclosing_budget_goes_on_after_the_laps():
    with pytest.raises(ReportOver):
        with time_budget(0.4, ReportOver):
            with lap_budgets(10, LapOver) as lap:
                lap()
                spin(0.1)
            left, _ = signal.getitimer(signal.ITIMER_REAL)
            assert 0.1 < left < 0.31
            spin(5)


def test_a_handler_is_restored():
    before = signal.getsignal(signal.SIGALRM)
    with lap_budgets(1, LapOver) as lap:
        lap()
    assert signal.getsignal(signal.SIGALRM) is before
