"""Checking a batch's reports in worker processes: which start method, what each worker holds, how chunks
of reports go out and results come back in the order asked for, and when a worker makes way for a fresh one.

checker/batch.py decides whether workers pay off at all (worker_count) and how big a chunk is; this module
runs them. A worker that dies (killed for its memory) costs the reports it was checking, never the batch.
"""

from __future__ import annotations

import os
import sys
from collections import Counter, deque
from functools import cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from checker.config import Config
from checker.errors import InternalError
from checker.guard import Limits, check_one
from checker.lint import FileResult, LintOptions
from checker.worker_processes import (fresh_streams_in_forks, forget_fork_server, hold_interrupts, interrupts_held,
                                      start_fork_server)

if TYPE_CHECKING:
    from checker.record_policy import RecordPolicy
    from checker.spill import Packed

ProgressCallback = Callable[[str], None]

# Rough seconds to read and check one report of a form (benchmarks/bench.py measures the real figures):
# how many workers a batch is worth (checker/batch.py) and how long a generation of them lives.
_SECONDS_PER_REPORT = {".pdf": 0.25, ".docx": 0.15, ".html": 0.05, ".htm": 0.05}
_SECONDS_PER_REPORT_DEFAULT = 0.01


def estimated_seconds(paths: Iterable[str]) -> float:
    return sum(_SECONDS_PER_REPORT.get(os.path.splitext(path)[1].lower(), _SECONDS_PER_REPORT_DEFAULT)
               for path in paths)


def _cheap_to_read(path: str) -> bool:
    """A report read again in a fraction of a millisecond: its suffix names a text or data form (not an
    HTML page); a PDF, DOCX, page image, or a file without a suffix (a container known by its bytes) is not."""
    return os.path.splitext(path)[1].lower() in _cheap_suffixes()


@cache
def _cheap_suffixes() -> frozenset[str]:
    from checker.readers import suffixes_of

    return frozenset(suffixes_of("text", "data") - set(_SECONDS_PER_REPORT))


def chunk_size(count: int, workers: int) -> int:
    """Reports per task sent to a worker: big enough that shipping a task costs little beside checking
    it, small enough that every worker gets several (the last ones even out) and results flow back soon."""
    return max(1, min(32, count // (workers * 4)))


# Each worker process is given the batch's rule set once, then checks many reports with it.
_worker_state: dict = {}


def _init_worker(ruleset, options: LintOptions, config: Config, limits: Limits, packed: bool, lines: bool,
                 squeeze: bool = True) -> None:
    import signal

    signal.signal(signal.SIGINT, _interrupted)   # a worker stops on Ctrl-C, but only while it checks a chunk
    hold_interrupts(True)   # (_check_chunk_in_worker): it was forked holding it, and holds it while it waits
    # for a chunk; stopped there, it held the pool's lock on the chunks to come, and the other workers
    # waited for that lock for ever (and with them the batch's process, joining them)
    _worker_state.update(ruleset=ruleset, options=options, config=config, limits=limits,
                         packed=packed, lines=lines, squeeze=squeeze)


def _interrupted(signum: int, frame) -> None:
    """Ctrl-C reaches the command's whole process group: a worker stops at once and quietly (the batch's
    process stops on it too). A KeyboardInterrupt raised while a worker waited for its next chunk printed
    multiprocessing's traceback of it; one raised while checking came back as the chunk's failure."""
    os._exit(128 + signum)


def _check_chunk_in_worker(paths: list[str], records: bool = True) -> list[FileResult] | list[Packed]:
    """A chunk's results as the outputs need them (for_the_trip), or packed for the linking pass of the
    rules comparing reports (checker/spill.py) when one of those is selected; with `records` False, a
    report cheap to read again is packed without its record (checker/record_policy.py).

    Ctrl-C stops a worker while it checks, never while it sends results back: SIGINT is held from the end
    of one chunk until the next begins. Stopped halfway through sending a chunk's results (written to the
    pipe a piece at a time), a worker left half a message, and the batch's process (which keeps the pipe
    open) waited for ever for the rest: the Ctrl-C test hung once in ten runs on a busy machine. Between
    chunks a worker is ended by the batch's process, stopped by the same Ctrl-C (_Generation.close)."""
    hold_interrupts(False)
    try:
        return _check_chunk(paths, records)
    finally:
        hold_interrupts(True)


def _check_chunk(paths: list[str], records: bool = True) -> list[FileResult] | list[Packed]:
    from checker.spill import file_stamp, for_the_trip, pack

    state = _worker_state
    ruleset, options, config, limits = state["ruleset"], state["options"], state["config"], state["limits"]
    lines = state["lines"]
    # each report slimmed or packed as soon as it is checked: only one whole model is alive at a time
    if state["packed"]:
        squeeze = state["squeeze"]
        # the stamp taken before the check: a record left out is read again only from the file as checked
        stamps = [None if records or not _cheap_to_read(path) else file_stamp(path) for path in paths]
        return [pack(check_one(path, ruleset, options, config, limits=limits), config, lines=lines, squeeze=squeeze,
                     stamp=stamp) for path, stamp in zip(paths, stamps)]
    return [for_the_trip(check_one(path, ruleset, options, config, limits=limits), lines) for path in paths]


def libraries_of(paths: list[str]) -> list[str]:
    """The heavy libraries the readers of these files' forms import (FormSpec.libraries), by suffix: the
    fork server loads them once, so each worker starts with them and none spends its time importing them."""
    from checker import readers

    suffixes = {os.path.splitext(path)[1].lower() for path in paths}
    return list(dict.fromkeys(library for spec in readers.form_specs() if suffixes & set(spec.suffixes)
                              for library in spec.libraries))


# What checking a report imports besides its form's libraries, loaded by the fork server too: imported in
# each worker instead, they cost every worker of every generation some 60 ms before its first report.
# jsonschema explains a model that breaks its schema (checker.schemas), which some report of a batch does.
_CHECKING = ("checker.guard", "checker.spill", "checker.readers", "checker.assemble", "checker.deadlines",
             "checker.schemas", "jsonschema")


def checking_modules() -> list[str]:
    """The modules a worker imports to check a report: _CHECKING and every reader's (all of which the
    registry loads to choose one)."""
    from checker import readers

    return [*_CHECKING, *dict.fromkeys(spec.read.__module__ for spec in readers.form_specs())]


# Whether this process is the resident server's command (checker/server_command.py): a fork of the server,
# which has imported report-lint and checked the example reports. Its batches' first workers are forked from
# it whatever the batch's length: they start with its rule checks' generated code and warm caches, and
# through the server the batch's own process is the largest anyway (measured at 10,000 files: 51 MiB,
# its workers 47).
_warm = False


def fork_from_this_process() -> None:
    """Called by the server's command before it runs: its batches' first workers are forked from it."""
    global _warm
    _warm = True


def _process_context(preload: list[str] | tuple[str, ...] = (), first: bool = False):
    # A batch's `first` generation of workers is forked from this process, which has imported report-lint
    # and loaded the rules by then (in the resident server's command, also checked the example reports): a
    # few milliseconds each, where a fork server must first start a Python and import report-lint (some
    # 0.15 s of CPU, and a fifth of a second or more of a cold batch's wall time before its first result).
    # Forked workers need no copy of the rules either. Only on Linux (macOS's system libraries are not safe
    # to fork without exec), and only a generation that takes the whole batch (from_workers): a worker
    # forked later would hold what the batch's process has gathered by then (its results waiting their
    # turn, the organ index; measured, every generation forked here: a 10,000-file batch's workers 56 MiB
    # against 49 for 1,000), and even the first holds the batch's paths (some 2.6 MiB for 10,000 files).
    # Later generations start from a fork server: a small process started once per run, holding
    # report-lint's modules and the libraries of the batch's forms, that forks each worker; a worker then
    # holds only what checking needs, never this process's batch, so a long batch's late workers are as
    # small as a short one's. Spawn is the fallback where there is no fork server (Windows).
    import multiprocessing

    if first and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        fresh_streams_in_forks()   # the progress bar's thread may hold a stream's lock at the fork
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["checker.workers", "checker.lint", *checking_modules(), *preload])
        return context
    return multiprocessing.get_context("spawn")


def from_workers(paths: list[str], ruleset, workers: int, options: LintOptions, config: Config,
                 on_done: ProgressCallback | None, limits: Limits, packed: bool, lines: bool = True,
                 squeeze: bool = True, records: RecordPolicy | None = None) -> Iterator:
    """`records`: which packed reports carry their record (checker/record_policy.py); None: all of them."""
    from checker.spill import pack

    here: dict = {}   # standard input belongs to this process; a worker would read an empty one
    if "-" in paths:
        result = check_one("-", ruleset, options, config, limits=limits)
        here["-"] = pack(result, config) if packed else result
        if on_done:
            on_done("-")
    todo = list(dict.fromkeys(path for path in paths if path not in here))   # a path named twice is checked once
    if records is not None:
        todo = records.order(todo)   # its sample first
    early = records.sampled if records is not None else ()   # results that may wait long for their turn
    size = chunk_size(len(todo), workers)
    chunks = _Chunks(todo, size, workers)
    ready: dict = {}
    later = Counter(paths) if len(todo) + len(here) < len(paths) else None   # only when a path is named twice
    position = 0
    libraries = libraries_of(todo)
    # the first generation is forked from this process (_process_context) when it takes the whole batch (its
    # lifetime's work, and the rest when that is too little for another: _Generation.fill), so that a longer
    # batch's workers never hold this process's paths; in the server's command, whatever the batch's length
    first = _warm or chunks.seconds < workers * _WORKER_LIFETIME_SECONDS * (1 + _REST_TAKEN)
    while position < len(paths):
        # one generation of workers: they check their share, then make way for fresh ones
        generation = _Generation(workers, ruleset, options, config, limits, (packed, lines, squeeze), libraries, first)
        first = False
        stopped = True   # until this generation's loop ends as it should
        try:
            while position < len(paths):
                # a sampled report's result waiting for its turn does not hold back the chunks to send
                waiting = len(ready) - (sum(path in early for path in ready) if early else 0)
                generation.fill(chunks, waiting // size, records)
                # hand on every result whose turn has come
                while position < len(paths) and (paths[position] in ready or paths[position] in here):
                    path = paths[position]
                    if path in here:
                        yield here[path]
                    elif later is not None and later[path] > 1:
                        later[path] -= 1
                        yield ready[path]
                    else:
                        yield ready.pop(path)
                    position += 1
                if position >= len(paths) or not generation.pending:
                    break   # all done, or this generation's work is: the next one takes the rest
                for chunk, results in generation.finished(config if packed else None):
                    if records is not None:
                        records.saw(results)
                    for path, result in zip(chunk, results):
                        ready[path] = result
                        if on_done:
                            on_done(path)
            stopped = False
        finally:   # also on Ctrl-C, and when the reader of the results stops early
            generation.close(stopped)


# A worker checks about this many seconds of reports (by the estimates above), then a fresh worker takes its
# place. A worker's memory climbs with what it meets: each form's libraries, the caches of recurring texts,
# the allocator's leftovers, OCR's models (about 500 MiB once a scanned PDF needed them); forked by the fork
# server, a fresh worker costs a few milliseconds, so a batch of any length keeps the footprint of a short one.
_WORKER_LIFETIME_SECONDS = 5.0
# A generation that has had its lifetime's work still takes what is left when that is less than this share
# of a lifetime's work: too little to start fresh workers for.
_REST_TAKEN = 0.5


class _Generation:
    """A pool of worker processes that takes chunks until its workers have had their lifetime's work
    (from the fork server a fresh worker is cheap; spawn starts a whole interpreter, so it keeps one
    generation), then runs what it was given to the end. A pool that broke (a worker killed by the system)
    takes nothing more either: its unfinished chunks become errors, and the next generation goes on."""

    def __init__(self, workers: int, ruleset, options: LintOptions, config: Config, limits: Limits,
                 shipping: tuple[bool, bool, bool], libraries: list[str], first: bool = False):
        from concurrent.futures import ProcessPoolExecutor   # only a batch worth workers pays for it

        context = _process_context(libraries, first)
        if context.get_start_method() == "forkserver":
            start_fork_server()
        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                        # the rule set this process loaded and checked (a pickle of some
                                        # 140 KB): every worker of every generation checks with the same
                                        # rules, even if a pack is edited during the batch, --no-cache too
                                        initargs=(ruleset, options, config, limits, *shipping))
        self.pending: dict = {}
        self.broken = False
        self.budget = workers * _WORKER_LIFETIME_SECONDS if context.get_start_method() != "spawn" else None

    def fill(self, chunks: _Chunks, waiting: int, records: RecordPolicy | None = None) -> None:
        """Submit chunks while there are fewer than a few per worker in flight or waiting for their turn
        (one slow report holds back the rest), and while the workers' lifetime lasts; `records` says
        whether they pack their reports' records."""
        from concurrent.futures.process import BrokenProcessPool

        if self.budget is not None and self.budget <= 0 and chunks and not self.broken \
                and chunks.seconds < self.workers * _WORKER_LIFETIME_SECONDS * _REST_TAKEN:
            self.budget = None   # what is left is too little to start fresh workers for: these take it
        # while a sample decides whether records are packed, fewer in flight: those pack theirs anyway
        depth = self.workers * (2 if records is not None and records.deciding else 3)
        while chunks and len(self.pending) + waiting < depth and (self.budget is None or self.budget > 0):
            chunk = chunks.first()
            try:
                with interrupts_held():   # a worker being started is sent the rules whole (Ctrl-C midway: its traceback)
                    future = self.pool.submit(_check_chunk_in_worker, chunk, records is None or records.wanted())
            except (BrokenProcessPool, OSError) as exc:   # OSError: the fork server gone (it can die with a
                self.budget, self.broken = 0, True          # worker dying as it starts): the next one starts anew
                if isinstance(exc, OSError):
                    forget_fork_server()
                if self.pending:
                    return   # the chunks in flight are lost with the pool; the next generation takes the rest
                # broken before its first chunk (its workers died starting): that chunk is lost, so that
                # every generation gets on with the batch and the next one is not started for nothing
                from concurrent.futures import Future

                future = Future()
                future.set_exception(exc)
            self.pending[future] = chunk
            seconds = chunks.take()
            if self.budget is not None:
                self.budget -= seconds

    def finished(self, packing: Config | None) -> Iterator[tuple[list[str], list]]:
        """Wait for at least one chunk; each finished chunk with its results."""
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
        for future in done:
            chunk = self.pending.pop(future)
            results = _chunk_results(future, chunk, packing)
            if future.exception() is not None:
                self.budget, self.broken = 0, True   # a broken pool runs nothing more
            yield chunk, results

    def close(self, stopped: bool = False) -> None:
        """Let the workers go. When the batch was `stopped` (Ctrl-C, the reader of the results gone) they
        are ended first, whatever they were doing: the pool's own shutdown waited for ever for a worker
        that was sending results (it holds Ctrl-C then) once another had died of the Ctrl-C (measured: 1 to
        3 hangs in 30 Ctrl-Cs in a big batch's first half-second). A worker ended halfway through sending
        leaves half a message, which the pool's reading thread would wait for: this process's own end of
        the results' pipe is closed too, so that it reads the end of the pipe instead. (The pool's
        processes and result queue are private attributes of concurrent.futures: without them, the pool
        is only shut down, as before.)"""
        if stopped:
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join()
            writer = getattr(getattr(self.pool, "_result_queue", None), "_writer", None)
            if writer is not None:
                writer.close()
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Chunks:
    """The chunks no worker has been given yet, in order, and their estimated seconds (kept as chunks are
    taken, not summed again each time a generation asks how much is left).

    Chunks of `size` at first, smaller towards the end of the batch (a quarter of each worker's share of
    what is left): the workers then run out of work within a report or two of each other, where a last
    whole chunk kept one of them busy for tens of milliseconds while the others had finished."""

    def __init__(self, paths: list[str], size: int, workers: int = 1):
        self.chunks: deque[list[str]] = deque()
        self.estimates: deque[float] = deque()   # each chunk's, worked out once (a suffix a path)
        start = 0
        while start < len(paths):
            end = start + max(1, min(size, (len(paths) - start) // (workers * 4)))
            self.chunks.append(paths[start:end])
            self.estimates.append(estimated_seconds(self.chunks[-1]))
            start = end
        self.seconds = estimated_seconds(paths)

    def __bool__(self) -> bool:
        return bool(self.chunks)

    def first(self) -> list[str]:
        return self.chunks[0]

    def take(self) -> float:
        """Take the first chunk (submitted): its estimated seconds."""
        self.chunks.popleft()
        seconds = self.estimates.popleft()
        self.seconds -= seconds
        return seconds


def _chunk_results(future, chunk: list[str], packing: Config | None = None) -> list:
    try:
        return future.result()
    except Exception as exc:  # a worker died (out of memory, killed): that chunk's reports only
        results = [FileResult(path=path, report=None, diagnostics=[], error=InternalError(
            path, f"检查此文件的工作进程意外终止（{type(exc).__name__}: {exc}），可能是内存不足；"
                  "请将此文件报告给 report-lint 的维护者")) for path in chunk]
        if packing is None:
            return results
        from checker.spill import pack

        return [pack(result, packing) for result in results]
