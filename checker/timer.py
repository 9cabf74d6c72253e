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

import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class Expired(BaseException):
    """A time budget ran out."""


@contextmanager
def time_budget(seconds: float, exception: type[BaseException] = Expired) -> Iterator[None]:
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:   # an enclosing budget runs out first: it stays in charge
        yield
        return

    def expire(signum, frame):
        raise exception()

    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:   # the enclosing budget goes on with what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 0.001))


def _no_lap() -> None:
    return None


@contextmanager
def lap_budgets(seconds: float, exception: type[BaseException] = Expired) -> Iterator[Callable[[], None]]:
    """Consecutive budgets of `seconds` each: call the yielded `lap()` as each begins. The lap running when
    its time is up raises `exception`; an enclosing budget that runs out first raises its own, as it would
    around `time_budget`."""
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if not usable:
        yield _no_lap
        return
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    start = time.monotonic()
    outer_end = start + outer if outer else None
    lap_end = [start + seconds]
    outer_ran_out = []
    previous = signal.getsignal(signal.SIGALRM)

    def lap() -> None:
        lap_end[0] = time.monotonic() + seconds

    def expire(signum, frame):
        now = time.monotonic()
        if outer_end is not None and now >= outer_end:   # the enclosing budget: its handler decides
            outer_ran_out.append(True)
            signal.signal(signal.SIGALRM, previous)
            signal.raise_signal(signal.SIGALRM)
            return
        if now >= lap_end[0]:
            raise exception()
        # the timer was armed for an earlier lap: wait for whichever ends first now
        ends = lap_end[0] if outer_end is None else min(lap_end[0], outer_end)
        signal.setitimer(signal.ITIMER_REAL, max(ends - now, 0.0001))

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds if outer_end is None else min(seconds, outer))
    try:
        yield lap
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_end is not None and not outer_ran_out:   # the enclosing budget goes on with what is left
            signal.setitimer(signal.ITIMER_REAL, max(outer_end - time.monotonic(), 0.001))
