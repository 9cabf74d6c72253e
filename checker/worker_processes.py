"""How a batch's worker processes are started and stopped, below checker/workers.py: multiprocessing's fork
server started so that it imports report-lint's own modules, let go of when it no longer answers; a fork's
standard streams of its own; and Ctrl-C held while a message between processes is under way."""

from __future__ import annotations

import os
from contextlib import contextmanager


def forget_fork_server() -> None:
    """The fork server refused to fork (its socket gone, or closed as it ends). Python starts another only
    once the old one has exited, so until then every generation asked it in vain and lost its first chunk
    (on a busy machine, every chunk of a short batch). The next generation now starts a fresh fork server:
    this process lets go of the old one (its end of the pipe that keeps it alive, and its record of it),
    without waiting for it, which ends once the workers it forked have ended. multiprocessing keeps that
    record in private attributes (CPython's forkserver module); where they are missing, nothing is done."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if not all(hasattr(server, name) for name in ("_forkserver_pid", "_forkserver_alive_fd", "_forkserver_address")):
        return
    if server._forkserver_pid is None:
        return
    try:
        os.close(server._forkserver_alive_fd)
    except (OSError, TypeError):
        pass
    server._forkserver_alive_fd = server._forkserver_pid = server._forkserver_address = None


_forked_streams: list = []   # a fork's inherited standard streams, kept: see fresh_streams_in_forks


def fresh_streams_in_forks() -> None:
    """A fork gets standard streams of its own. multiprocessing flushes this process's before forking, but
    another of its threads (the progress bar drawing) may hold a stream's lock at the instant of the fork;
    the worker, which has only the thread that forked, would wait for it for ever when it flushes its
    streams at exit. The inherited streams are kept, never closed or flushed there."""
    if _forked_streams:
        return
    _forked_streams.append(None)   # registered once per process
    os.register_at_fork(after_in_child=_reopen_streams)


def _reopen_streams() -> None:
    import sys

    _forked_streams.extend((sys.stdin, sys.stdout, sys.stderr, sys.__stdin__, sys.__stdout__, sys.__stderr__))
    for fd, name in ((1, "stdout"), (2, "stderr")):
        was = getattr(sys, f"__{name}__", None)
        stream = open(fd, "w", encoding=getattr(was, "encoding", None) or "utf-8",
                      errors=getattr(was, "errors", None) or "backslashreplace", closefd=False, buffering=1)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def start_fork_server() -> None:
    """Start the fork server (if it is not running) so that it imports report-lint's modules and nobody
    else's. Python 3.11's fork server is a `python -c` process that ignores the sys.path it is given
    and so looks in the current folder first: a checker/ package or a jsonschema.py in the folder where
    `check` is run would have been imported in place of report-lint's. PYTHONSAFEPATH leaves it out.

    It starts with Ctrl-C held (interrupts_held: the signal mask outlives exec), so that a Ctrl-C to the
    command's process group while it imports report-lint does not print its KeyboardInterrupt traceback;
    it keeps it held, and so does each worker it forks, until that worker begins a chunk
    (checker.workers), so a Ctrl-C meanwhile is not lost on it either. This process takes a Ctrl-C that
    came meanwhile right after (it used to ignore Ctrl-C while it started the fork server, and a Ctrl-C
    then was lost: the batch ran to its end). It ends when this process does."""
    from multiprocessing import forkserver, resource_tracker

    saved = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        resource_tracker.ensure_running()   # first: starting its process, it unblocks Ctrl-C in this thread
        with interrupts_held():
            forkserver.ensure_running()
    finally:
        if saved is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = saved


def hold_interrupts(hold: bool) -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):   # POSIX
        signal.pthread_sigmask(signal.SIG_BLOCK if hold else signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def interrupts_held():
    """SIGINT held meanwhile (a Ctrl-C then arrives right after), as it was before after. The mask holds it
    in this thread, and what this thread forks inherits the mask. But with another thread running (the
    progress bar, the server command's relay) the kernel hands a Ctrl-C to that thread, and Python still
    raises KeyboardInterrupt here at once: so in the main thread the Python handler is also put off, and
    the Ctrl-C caught meanwhile is handed to the handler that was in place, on the way out."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    caught: list[int] = []
    main = threading.current_thread() is threading.main_thread()   # where Python handlers may be set
    handler = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum)) if main else None
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        if main:
            signal.signal(signal.SIGINT, signal.SIG_DFL if handler is None else handler)
            if caught and callable(handler):
                handler(signal.SIGINT, None)   # Python's own: KeyboardInterrupt, here
            elif caught and handler == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)
