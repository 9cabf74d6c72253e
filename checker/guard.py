"""One report's check, guarded: whatever goes wrong with a report stays with that report.

- an unreadable file, or one over a limit (size, time), is an InputError: status unreadable;
- any other exception is report-lint's own bug: an InternalError (status internal-error), its traceback
  printed under --debug or saved to a file the message names;
- a report with more findings than the cap lists the most severe ones and one LIMIT-FINDINGS.

ToolErrors travel back from worker processes, so pickling is taught their (file, message) constructor here.
"""

from __future__ import annotations

import copyreg
import os
from dataclasses import dataclass, replace

from checker import gc_pause
from checker.builtin_findings import LIMIT_FINDINGS
from checker.config import Config, rule_matches
from checker.diagnostics import Diagnostic, Location
from checker.errors import ConfigError, InputError, InternalError, RuleError, ToolError, internal_error
from checker.lint import FileResult, LintOptions, lint_file
from checker.timer import Expired, time_budget



@dataclass(frozen=True)
class Limits:
    """What one report may cost: seconds to read and check it (0: no limit) and findings listed for it."""

    timeout: float = 60.0
    max_findings: int = 1000
    max_bytes: int = 50 * 1024 * 1024


class ReportTimeout(Expired):
    """The report's time budget (--timeout) ran out."""


def _rebuild_tool_error(cls: type, file: str | None, message: str, line: int | None) -> ToolError:
    error = cls.__new__(cls)
    if issubclass(cls, RuleError):
        error.line = line  # RuleError's message reads it
    ToolError.__init__(error, file, message)
    return error


def _reduce_tool_error(error: ToolError):
    return _rebuild_tool_error, (type(error), error.file, error.message, getattr(error, "line", None))


# ToolError's __init__ takes (file, message), which default exception pickling does not know; results
# travel back from worker processes, so teach pickle how to carry them.
_KINDS = (ToolError, InputError, RuleError, ConfigError, InternalError)
for _cls in _KINDS:
    copyreg.pickle(_cls, _reduce_tool_error)


def _portable(error: ToolError | None) -> ToolError | None:
    """A reader may raise its own ToolError subclass; ship it as the base class it belongs to."""
    if error is None or type(error) in _KINDS:
        return error
    for base in (InputError, RuleError, ConfigError, InternalError):
        if isinstance(error, base):
            return _rebuild_tool_error(base, error.file, error.message, getattr(error, "line", None))
    return _rebuild_tool_error(ToolError, error.file, error.message, None)


def _capped(result: FileResult, limit: int) -> FileResult:
    """At most `limit` findings for one report, the most severe first, and one LIMIT-FINDINGS saying so."""
    if limit <= 0 or len(result.diagnostics) <= limit:
        return result
    kept = sorted(sorted(result.diagnostics, key=Diagnostic.sort_key), key=lambda d: -d.severity)[:limit]
    note = LIMIT_FINDINGS.diagnostic(f"本报告共有 {len(result.diagnostics)} 个问题，超过每份报告 {limit} 个的上限，"
                                     f"只列出最严重的 {limit} 个（--max-findings 可以调整上限）",
                                     Location(file=result.path))
    return replace(result, diagnostics=sorted([*kept, note], key=Diagnostic.sort_key))


def check_size(path: str, limit: int) -> None:
    """A file over the size limit is not read at all (a 200 MB "text file" is not a report)."""
    if path == "-" or limit <= 0:
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # reading it says why it cannot be read
    if size > limit:
        raise InputError(path, f"文件有 {size / 1048576:.1f} MB，超过了 {limit / 1048576:g} MB 的上限，未读取"
                               "（确是报告的话，用 --max-size 放宽上限）")


def check_one(path: str, ruleset, options: LintOptions, config: Config, raw: bytes | None = None,
              limits: Limits = Limits()) -> FileResult:
    """Check one report (the file `path`, or `raw`, its bytes); whatever goes wrong with it stays with it:
    an unreadable file is an InputError, a report over a limit too (it names the limit and the option that
    raises it), and any other exception is our bug: an InternalError."""
    def failed(error: ToolError) -> FileResult:
        return FileResult(path=path, report=None, diagnostics=[], error=error, fail_on=options.fail_on)

    try:
        if raw is None:
            check_size(path, limits.max_bytes)
        elif limits.max_bytes and len(raw) > limits.max_bytes:
            raise InputError(path, f"有 {len(raw) / 1048576:.1f} MB，超过了 {limits.max_bytes / 1048576:g} MB 的上限，未读取")
        with time_budget(limits.timeout, ReportTimeout):
            result = lint_file(path, ruleset, options, raw, config)
            ignored = config.ignored_rules_for(path)
            if ignored:
                kept = [d for d in result.diagnostics if not any(rule_matches(d.rule, sel) for sel in ignored)]
                result = replace(result, diagnostics=kept)
            result = _capped(result, limits.max_findings)
    except ToolError as exc:
        return failed(_portable(exc))
    except ReportTimeout:
        return failed(InputError(path, f"检查超过了每份报告 {limits.timeout:g} 秒的时间上限，已停止"
                                       "（文件可能过大或结构异常；--timeout 可以放宽上限）"))
    except RecursionError as exc:
        return failed(InputError(path, f"结构嵌套过深，无法读取（{type(exc).__name__}）"))
    except MemoryError:
        return failed(InputError(path, "读取时内存不足：文件过大或结构异常"))
    except Exception as exc:  # noqa: BLE001 - a bug in a reader or rule must not end the batch; say so plainly
        return failed(internal_error(path, exc))
    finally:
        gc_pause.resume()   # start-up is over once a report has been checked (checker.gc_pause)
    return replace(result, error=_portable(result.error))


