"""`report-lint check`: configuration → discovery → parallel checking → baseline → outputs → exit code.

cli.py parses the arguments; this module runs them. Everything a user can get wrong (a configuration or
baseline file, a --report spec, an output file that cannot be written) is checked before the first report
is read, so a mistake costs a second, not a whole batch.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from itertools import chain
from typing import TYPE_CHECKING, Iterable, Iterator, TextIO

from checker import gc_pause
from checker.config import Config, resolve_config
from checker.errors import ConfigError, internal_error
from checker.lint import FileResult, LintOptions
from checker.output import CODE_FRAMES, RENDERERS, open_sink, render_one

if TYPE_CHECKING:
    from checker.guard import Limits

# `rules` and `explain` take merge_options from here; the batch machinery, baselines and the cross-report
# rules are imported by `run`, when a check needs them.


@dataclass(frozen=True)
class ReportSpec:
    """One `--report FORMAT:FILE`: an extra output written to a file in the same run."""

    format: str
    path: Path

    @classmethod
    def parse(cls, spec: str, formats: list[str]) -> "ReportSpec":
        fmt, sep, path = spec.partition(":")
        if not sep or not fmt or not path:
            raise ConfigError(None, f"--report {spec!r}：应写作 格式:文件，如 sarif:out.sarif 或 html:report.html（expected FORMAT:FILE）")
        if fmt not in formats:
            raise ConfigError(None, f"--report {spec!r}：未知的格式 {fmt!r}（可用：{', '.join(formats)}）")
        return cls(fmt, Path(path))


def merge_options(config: Config, cli: LintOptions, fail_on_given: bool) -> LintOptions:
    """Command-line options over the configuration file: --select replaces, --ignore and --rules add,
    --severity overrides per rule, --fail-on wins when given."""
    return LintOptions(select=cli.select or config.select, ignore=[*config.ignore, *cli.ignore],
                       severity={**config.severity, **cli.severity},
                       fail_on=cli.fail_on if fail_on_given else config.fail_on,
                       rule_paths=[*config.rule_paths, *cli.rule_paths], cache=cli.cache)


def _check_outputs(specs: list[ReportSpec], inputs: list[str]) -> None:
    """An output file must be writable and must not be a report named on the command line (inputs are
    never modified); one met in a folder was already passed over by discovery."""
    if not specs:
        return   # no output file: no path of a batch's thousands of reports needs resolving
    reports = {os.path.realpath(p) for p in inputs}
    for spec in specs:
        if os.path.realpath(spec.path) in reports:
            raise ConfigError(str(spec.path), "是正在检查的报告之一，请另选输出文件（is one of the reports being checked）")
        folder = spec.path.parent
        if not folder.is_dir():
            raise ConfigError(str(spec.path), f"无法写入：文件夹 {str(folder)!r} 不存在（cannot be written）")


@contextmanager
def _atomic_output(path: Path) -> Iterator[TextIO]:
    """Write FILE through a temporary file in the same folder, renamed over FILE only once the output is
    complete: a failure half-way leaves an existing FILE as it was, never truncated."""
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise ConfigError(str(path), f"无法写入：{exc.strerror or exc}") from None
    try:
        # newline="": the CSV writer ends rows with CRLF itself; other formats write \n as is
        # a file name that is not UTF-8 (surrogate escapes) is written as \xff escapes, never a crash
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            yield stream
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _limits(args: argparse.Namespace) -> Limits:
    from checker.guard import Limits

    for option, value in (("--timeout", args.timeout), ("--max-findings", args.max_findings),
                          ("--max-size", args.max_size)):
        if value < 0 or value != value:
            raise ConfigError(None, f"{option} {value}：不能为负数（0 表示不限）")
    return Limits(timeout=args.timeout, max_findings=args.max_findings, max_bytes=int(args.max_size * 1048576))


def guard_rendering(results: Iterable[FileResult], formats: list[str], options: LintOptions) -> Iterator[FileResult]:
    """The per-report guard covers rendering too: each result is rendered alone in every format the run
    writes before any output takes it; one that makes a renderer fail becomes that report's internal
    error, and the batch goes on."""
    for result in results:
        gc_pause.resume()   # a report is done (here or in a worker): start-up is over (checker.gc_pause)
        for fmt in formats:
            try:
                render_one(fmt, result, options)
            except Exception as exc:  # noqa: BLE001 - a renderer's bug, kept to this report
                result = FileResult(path=result.path, report=None, diagnostics=[], fail_on=result.fail_on,
                                     error=internal_error(result.path, exc, doing=f"输出 {fmt} 格式"))
                break
        yield result


def run(args: argparse.Namespace, cli_options: LintOptions) -> int:
    from checker.batch import ProgressBar, discover, unmatched_results
    from checker.deadlines import not_assessable
    from checker.readers import read_report
    from checker.summary import BatchFacts, Tally, print_summary
    from checker.years import check_batch

    config = resolve_config(args.config, args.isolated)
    options = merge_options(config, cli_options, fail_on_given=args.fail_on is not None)
    specs = [ReportSpec.parse(spec, sorted(RENDERERS)) for spec in args.report or []]
    baseline = None
    if args.baseline:
        from checker.baseline import load_baseline

        baseline = load_baseline(args.baseline)
    if args.jobs is not None and args.jobs < 0:
        raise ConfigError(None, f"--jobs {args.jobs}：进程数应为正数，或用 0 表示全部 CPU 核")

    outputs = [spec.path for spec in specs] + ([args.write_baseline] if args.write_baseline else [])
    found = discover(args.files, config, outputs, sort_named=args.skip_non_reports)
    _check_outputs(specs, found.reports)
    if args.write_baseline and os.path.realpath(args.write_baseline) in {os.path.realpath(p) for p in found.reports}:
        raise ConfigError(args.write_baseline, "是正在检查的报告之一，请另选基线文件（is one of the reports being checked）")

    if options.published and len(found.reports) > 1:
        raise ConfigError(None, f"--published gives the date of one report, but {len(found.reports)} reports are checked")
    earlier = [read_report(path) for path in args.previous or []]   # unreadable: exit 2 before any report
    facts = BatchFacts(skipped=len(found.skipped))
    summarise = not args.quiet and (len(found.reports) + len(found.unmatched) > 1 or bool(facts.skipped))
    shown_counts = Tally(options.fail_on, rows=summarise)    # what the outputs show
    # what decides the exit code: without a baseline, what is shown (the same results, counted once)
    counts = Tally(options.fail_on) if args.write_baseline or baseline is not None else shown_counts
    formats = sorted({args.format, *(spec.format for spec in specs)})
    with ExitStack() as files, ProgressBar(len(found.reports), enabled=not args.quiet) as progress:
        # results stream from the workers through the baseline to every output, one report at a time
        # rules comparing reports (the same organ's years, two files of one year) need the whole batch:
        # then the results wait on disk (checker/spill.py) until it is read
        results = check_batch(found.reports, earlier, options, config, jobs=args.jobs or None,
                              on_done=progress.advance, limits=_limits(args), lines=bool(CODE_FRAMES & set(formats)))
        results = guard_rendering(chain(results, unmatched_results(found.unmatched)), formats, options)
        pairs: Iterable[tuple[FileResult, FileResult]] = ((result, result) for result in results)
        if args.write_baseline:
            pairs = _write_baseline(args.write_baseline, list(results), facts)   # needs every finding first
        elif baseline is not None:
            pairs = ((kept, kept) for _, kept in zip_filtered(baseline, results, facts))   # only what is new
        sinks = [open_sink(spec.format, options, files.enter_context(_atomic_output(spec.path)), facts)
                 for spec in specs]
        sinks.append(open_sink(args.format, options, sys.stdout, facts))   # taken now: a terminal's goes above the bar
        deadline_unknown = 0   # reports D8 could not assess (no kind or no publication date): said once below
        for shown, kept in pairs:
            shown_counts.add(shown)
            if counts is not shown_counts:
                counts.add(kept)
            deadline_unknown += kept.report is not None and not_assessable(kept.report)
            for sink in sinks:
                sink.add(shown)
        facts.exit_code = counts.exit_code   # the run's, after any baseline
        for sink in sinks:
            sink.close(shown_counts)

    if summarise:
        # after text findings on stdout; beside machine-readable stdout, on stderr so the data stays clean
        stream = sys.stdout if args.format == "text" else sys.stderr
        stream.flush()
        print_summary(shown_counts, facts, stream, totals=args.format != "text")
        if deadline_unknown and options.wants("D8"):
            print(f"D8（按期发布）：{deadline_unknown} 份报告的报告类型或发布日期不明，未核验是否按期发布"
                  "（可在配置 [kinds] 中按路径设定报告类型，单份报告可用 --published 给出发布日期）", file=stream)
    return counts.exit_code


def _write_baseline(path: str, results: list[FileResult], facts) -> Iterator[tuple[FileResult, FileResult]]:
    """Record every finding; show them all, while what is recorded no longer fails the run."""
    from checker.baseline import load_baseline, write_baseline

    count = write_baseline(path, results)
    print(f"report-lint: recorded {count} findings in {path}", file=sys.stderr)
    return zip_filtered(load_baseline(path), results, facts)


def zip_filtered(baseline, results: Iterable[FileResult], facts) -> Iterator[tuple[FileResult, FileResult]]:
    """Each result beside itself less the findings the baseline records (counted in `facts`)."""
    for result, kept, dropped in baseline.filter_each(results):
        facts.baselined += dropped
        yield result, kept
