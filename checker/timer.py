"""A time budget that nests: a report's (--timeout) around each rule's, on one interval timer.

`time_budget` is one budget; `lap_budgets` is a run of consecutive budgets of the same length (every
rule of a report) on one timer installed once: starting the next one's clock (`lap()`) only reads the
clock, and the timer's handler works out whether it is the current lap or the enclosing budget that ran out.

The timer raises the given exception (a BaseException, so no `except Exception` inside a reader or a
library mistakes it for a failure of its own) in the main thread. Python checks for signals between
bytecodes and inside `re`'s matching loop, so a regular expression backtracking for ever is stopped too.
Elsewhere (another thread, a platform without setitimer) there is no budget.
"""

from __future__ import annotations

import _signal   # signal.signal and getsignal wrap these in enum conversions: twice a report, every report
import threading
import time
from typing import Callable

ITIMER_REAL, SIGALRM = _signal.ITIMER_REAL, _signal.SIGALRM


class Expired(BaseException):
    """A time budget ran out."""


def _usable(seconds: float) -> bool:
    return bool(seconds and seconds > 0 and hasattr(_signal, "setitimer")
                and threading.current_thread() is threading.main_thread())


class time_budget:
    """`with time_budget(seconds, exception):` the block raises `exception` when it runs longer. A class,
    not a generator-based context manager: it is entered once per report."""

    def __init__(self, seconds: float, exception: type[BaseException] = Expired) -> None:
        self.seconds, self.exception = seconds, exception
        self.armed = False

    def __enter__(self) -> None:
        seconds = self.seconds
        if not _usable(seconds):
            return
        outer, _ = _signal.getitimer(ITIMER_REAL)
        if outer and outer <= seconds:   # an enclosing budget runs out first: it stays in charge
            return
        exception = self.exception

        def expire(signum, frame):
            raise exception()

        self.outer, self.start, self.armed = outer, time.monotonic(), True
        self.previous = _signal.signal(SIGALRM, expire)
        _signal.setitimer(ITIMER_REAL, seconds)

    def __exit__(self, *exc_info) -> None:
        if not self.armed:
            return
        self.armed = False
        _disarm(self.previous, self.outer - (time.monotonic() - self.start) if self.outer else None)


def _no_lap() -> None:
    return None


_no_lap.started = [0.0]   # no budget reads it


class lap_budgets:
    """`with lap_budgets(seconds, exception) as lap:` consecutive budgets of `seconds` each: call `lap()` as
    each begins. The lap running when its time is up raises `exception`; an enclosing budget that runs out
    first raises its own, as it would around `time_budget`."""

    def __init__(self, seconds: float, exception: type[BaseException] = Expired) -> None:
        self.seconds, self.exception = seconds, exception
        self.armed = False

    def __enter__(self) -> Callable[[], None]:
        seconds = self.seconds
        if not _usable(seconds):
            return _no_lap
        outer, _ = _signal.getitimer(ITIMER_REAL)
        start = time.monotonic()
        outer_end = start + outer if outer else None
        started = [start]   # when the current lap began: lap.started, set without the call by the rule plan
        outer_ran_out: list[bool] = []
        previous = _signal.getsignal(SIGALRM)
        exception, monotonic = self.exception, time.monotonic

        def lap() -> None:
            started[0] = monotonic()
        lap.started = started

        def expire(signum, frame):
            now = monotonic()
            if outer_end is not None and now >= outer_end:   # the enclosing budget: its handler decides
                outer_ran_out.append(True)
                _signal.signal(SIGALRM, previous)
                _signal.raise_signal(SIGALRM)
                return
            lap_end = started[0] + seconds
            if now >= lap_end:
                raise exception()
            # the timer was armed for an earlier lap: wait for whichever ends first now
            ends = lap_end if outer_end is None else min(lap_end, outer_end)
            _signal.setitimer(ITIMER_REAL, max(ends - now, 0.0001))

        self.previous, self.outer_end, self.outer_ran_out, self.armed = previous, outer_end, outer_ran_out, True
        _signal.signal(SIGALRM, expire)
        _signal.setitimer(ITIMER_REAL, seconds if outer_end is None else min(seconds, outer))
        return lap

    def __exit__(self, *exc_info) -> None:
        if not self.armed:
            return
        self.armed = False
        going_on = self.outer_end is not None and not self.outer_ran_out
        _disarm(self.previous, self.outer_end - time.monotonic() if going_on else None)


def _disarm(previous, outer_left: float | None) -> None:
    """Stop a budget's timer and put back the handler it replaced; an enclosing budget (`outer_left`
    seconds left of it) goes on with what is left of it."""
    _signal.setitimer(ITIMER_REAL, 0)
    _signal.signal(SIGALRM, previous)
    if outer_left is not None:
        _signal.setitimer(ITIMER_REAL, max(outer_left, 0.001))
