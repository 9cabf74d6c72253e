"""Screening many reports at once: find the report files under folders and globs, check them in parallel.

Discovery is by suffix (and, for JSON/YAML, the model's `report` key): a supervisor's folder holds reports
next to scans, spreadsheets, notes and settings, and those are skipped and counted rather than reported
as unreadable. A file the user names explicitly is always checked, whatever it is, so a mistyped name is
an error, not a silent skip.

Reports are checked by up to `--jobs` worker processes, or in this process when the batch is too small
to repay starting them; a report that cannot be read becomes an "unreadable" result, one that trips a bug
in report-lint an "internal-error" result (checker/guard.py), and the batch goes on either way.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Iterable, Iterator

from checker import readers
from checker.config import Config
from checker.errors import InputError
from checker.guard import Limits, check_one
from checker.lazy_re import lazy
from checker.lint import FileResult, LintOptions, load_ruleset
from checker.readers.decoding import decode
from checker.workers import ProgressCallback, estimated_seconds

if TYPE_CHECKING:
    from pathlib import Path

    from checker.spill import Packed   # the spill (pickle, zlib, tempfile) is loaded by the batches that use it

# A legacy Word file is checked too, although no reader takes it, so the user hears "save it as .docx"
# instead of a silent skip.
_LEGACY_SUFFIXES = {".doc"}
# Folders that never hold reports and can be huge.
_SKIPPED_FOLDERS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
_GLOB_CHARS = set("*?[")


@dataclass
class Discovery:
    reports: list[str] = field(default_factory=list)       # files to check, in a stable order
    skipped: list[str] = field(default_factory=list)       # files found in folders that are not reports
    unmatched: list[str] = field(default_factory=list)     # glob patterns that matched nothing


def report_suffixes() -> set[str]:
    """The suffixes of every form a reader declares (checker.readers), and the legacy ones."""
    return set(readers.report_suffixes()) | _LEGACY_SUFFIXES


def _sorting_suffixes(suffixes: set[str]) -> tuple[set[str], set[str], set[str]]:
    """The data forms' suffixes, the text forms', and every report suffix: looked up once per discovery,
    not for each file of a folder (the registry walks every form each time)."""
    return readers.suffixes_of("data"), readers.suffixes_of("text"), suffixes


# JSON and YAML hold settings as often as reports: in a folder, only a file with a top-level `report`
# key (the canonical model) counts as a report; the rest (CI files, package.json) is skipped.
_MODEL_KEY = lazy(rb'(^|[{,]\s*)"report"\s*:|(^|\n)report\s*:')   # compiled when a folder is sorted out


# Notes and READMEs sit beside reports in the same text forms: in a folder, a readable text, Markdown or
# HTML file that never speaks of a report is skipped. One that is binary or undecodable stays a report, so a
# damaged submission is listed as unreadable rather than passed over.
@cache
def _report_words() -> tuple[bytes, ...]:
    """Encoded when a folder is first sorted out (the GB18030 and UTF-16 codecs are loaded for it)."""
    return tuple(word.encode(encoding) for word in ("政府信息公开", "年度报告")
                 for encoding in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"))


def _plain_text(head: bytes) -> bool:
    try:
        decode(head, "")
    except (InputError, UnicodeDecodeError):
        return False
    return True


def _read_head(path: str, size: int) -> bytes | None:
    """The first `size` bytes (fewer at the file's end). A file descriptor, not a Python file: three system
    calls instead of six (no buffer to size, no terminal to ask about), for each file of a folder."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        parts = []
        while size > 0:
            part = os.read(handle, size)
            if not part:
                break
            parts.append(part)
            size -= len(part)
        return b"".join(parts) if len(parts) != 1 else parts[0]
    except OSError:
        return None
    finally:
        os.close(handle)


def looks_like_report(path: str, suffixes: set[str] | tuple[set[str], set[str], set[str]]) -> bool:
    """A folder entry is a report when its suffix belongs to a reader (JSON/YAML: when it also has the
    model's `report` key); a file without a suffix (a download saved as `file?id=3`) when a binary
    container reader recognises its first bytes. (A path is a plain string here: pathlib would intern
    every part of every file name of a batch, for the life of the process and of every worker it forks.)
    `suffixes`: every report suffix, or _sorting_suffixes of them."""
    data, text, suffixes = suffixes if isinstance(suffixes, tuple) else _sorting_suffixes(suffixes)
    suffix = os.path.splitext(path)[1].lower()
    if suffix in data:
        head = _read_head(path, 65536)
        return head is None or not head.strip() or bool(_MODEL_KEY.search(head.lstrip(b"\xef\xbb\xbf")))
    if suffix in text:
        head = _read_head(path, 65536)
        return head is None or not head.strip() or any(word in head for word in _report_words()) \
            or not _plain_text(head)
    if suffix in suffixes:
        return True
    if suffix and suffix.isascii() and suffix[1:].isalnum():
        return False
    head = _read_head(path, 8192)
    return head is not None and any(spec.content == "binary" and spec.sniff(head) for spec in readers.form_specs())


def discover(inputs: Iterable[str], config: Config | None = None, outputs: Iterable[str | Path] = (),
             sort_named: bool = False) -> Discovery:
    """`outputs` are the files this run writes (--report, --write-baseline): an HTML page written into the
    folder being checked is not a report on the next run, so folders and globs pass over them.
    `sort_named`: a file named on the command line is sorted out like a folder entry, not always checked
    (pre-commit names every staged .md and .json, READMEs and settings included)."""
    config = config or Config()
    sorting: list = []   # looked up when a file is sorted out: it loads every reader module
    found = Discovery()
    seen: set[str] = set()
    own_files = {os.path.realpath(path) for path in outputs}

    def sort_out(path: str) -> None:
        """A file met in a folder or glob: a report, or skipped."""
        if config.exclude and config.is_excluded(path):
            return
        if not sorting:
            sorting.append(_sorting_suffixes(report_suffixes()))
        if not (own_files and os.path.realpath(path) in own_files) and looks_like_report(path, sorting[0]):
            add(path)
        else:
            found.skipped.append(path)

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.reports.append(path)

    def walk(folder: str) -> None:
        paths = []
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in _SKIPPED_FOLDERS
                       and not (config.exclude and config.is_excluded(os.path.join(root, d)))]
            paths += [os.path.join(root, name) for name in files]
        for path in sorted(paths):  # one order however the file system lists them
            sort_out(path)

    for item in inputs:
        if item == "-":
            add(item)
        elif os.path.isfile(item):
            sort_out(item) if sort_named else add(item)
        elif os.path.isdir(item):
            walk(item)
        elif _GLOB_CHARS & set(item):
            import glob   # only for a pattern

            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                found.unmatched.append(item)
            for match in matches:
                if os.path.isdir(match):
                    walk(match)
                else:
                    sort_out(match)
        else:
            add(item)  # missing: reading it gives the "no such file" result, and the batch goes on
    return found


# ── running ────────────────────────────────────────────────────────────────────────────────────────

def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# What starting the worker processes costs: forking them, and for a later generation the fork server's
# start (it imports report-lint) and the rule set given to each. Workers only pay off once the reports take
# longer than starting them (checker/workers.py estimates each), so a handful of text reports (a
# pre-commit call, one organ's folder) is checked in the calling process.
_SECONDS_TO_START_WORKERS = 1.0


def worker_count(paths: list[str], jobs: int) -> int:
    """How many processes to use: at most `jobs`, and one per second of estimated work."""
    return max(1, min(jobs, len(paths), int(estimated_seconds(paths) / _SECONDS_TO_START_WORKERS)))


def iter_batch(paths: list[str], options: LintOptions, config: Config, jobs: int | None = None,
               on_done: ProgressCallback | None = None, limits: Limits = Limits(),
               lines: bool = True) -> Iterator[FileResult]:
    """Check every path with up to `jobs` processes, yielding results in the order of `paths` as they
    are ready, so a renderer can write each one and let it go: memory does not grow with the batch.

    Reports go to the workers in chunks; only a few chunks per worker are in flight at a time, so results
    that finish early wait in a small window, never a whole batch. A bad rule file is found here, before
    any worker starts, so it is one RuleError and not 200. `lines`: whether an output prints code frames
    (text, HTML), so a worker sends each report's lines back (checker.spill.for_the_trip)."""
    return _iterate(paths, options, config, jobs, on_done, limits, packed=False, lines=lines)


def iter_packed(paths: list[str], options: LintOptions, config: Config, jobs: int | None = None,
                on_done: ProgressCallback | None = None, limits: Limits = Limits(),
                lines: bool = True, every_record: bool = False) -> Iterator[Packed]:
    """iter_batch for the rules comparing reports: each report packed (checker/spill.py) where it was
    checked, so the batch's process never unpickles a whole model. Workers leave out the records no report
    of the batch seems to be compared with (checker/record_policy.py), unless `every_record` (reports given
    with --previous may be compared with any of the batch's)."""
    return _iterate(paths, options, config, jobs, on_done, limits, packed=True, lines=lines,
                    every_record=every_record)


def _iterate(paths: list[str], options: LintOptions, config: Config, jobs: int | None,
             on_done: ProgressCallback | None, limits: Limits, packed: bool, lines: bool,
             every_record: bool = True) -> Iterator:
    ruleset = load_ruleset(options)   # before the first result is asked for, so before any output starts
    workers = worker_count(paths, jobs or default_jobs())
    squeeze = False
    if packed:
        from checker.spill import squeezes

        squeeze = squeezes(len(paths))
    if workers <= 1:
        return _here(paths, ruleset, options, config, on_done, limits, packed, lines, squeeze)
    from checker.workers import from_workers

    records = None
    if packed and not every_record:
        from checker.record_policy import RecordPolicy

        records = RecordPolicy()
    return from_workers(paths, ruleset, workers, options, config, on_done, limits, packed, lines, squeeze, records)


def _here(paths: list[str], ruleset, options: LintOptions, config: Config, on_done: ProgressCallback | None,
          limits: Limits, packed: bool, lines: bool, squeeze: bool) -> Iterator:
    if packed:
        from checker.spill import pack
    for path in paths:
        result = check_one(path, ruleset, options, config, limits=limits)
        if on_done:
            on_done(path)
        yield pack(result, config, lines=lines, squeeze=squeeze) if packed else result


def run_batch(paths: list[str], options: LintOptions, config: Config, jobs: int | None = None,
              on_done: ProgressCallback | None = None, limits: Limits = Limits()) -> list[FileResult]:
    """Every result of iter_batch, in the order of `paths`."""
    return list(iter_batch(paths, options, config, jobs, on_done, limits))


def unmatched_results(patterns: list[str]) -> list[FileResult]:
    """A glob that matched nothing is reported like an unreadable report: the user expected files there."""
    return [FileResult(path=pattern, report=None, diagnostics=[],
                       error=InputError(pattern, "没有文件与此模式匹配")) for pattern in patterns]


# ── progress ───────────────────────────────────────────────────────────────────────────────────────

class ProgressBar:
    """A rich progress bar on stderr, only on a terminal; a no-op when output is piped or --quiet."""

    def __init__(self, total: int, enabled: bool):
        self._progress = None
        if not enabled or total < 2:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        if not console.is_terminal:
            return
        self._progress = Progress(TextColumn("[bold]检查报告"), BarColumn(), MofNCompleteColumn(),
                                  TimeRemainingColumn(), TextColumn("{task.description}", style="dim"),
                                  console=console, transient=True,
                                  # findings stream to stdout while the bar runs: on the same terminal they
                                  # print above it; piped stdout must never be drawn into the bar's stream
                                  redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)
        self._task = self._progress.add_task("", total=total)

    def __enter__(self) -> "ProgressBar":
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._progress:
            self._progress.stop()

    def advance(self, path: str) -> None:
        if self._progress:
            self._progress.update(self._task, advance=1, description=os.path.basename(path))

