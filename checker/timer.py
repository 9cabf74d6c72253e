"""A time budget that nests: a report's (--timeout) around each rule's, on one interval timer.

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
from typing import Iterator


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
