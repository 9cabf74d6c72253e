"""Three kinds of failure, never confused:

- a finding: the report breaks a rule (a Diagnostic, not an exception);
- a ToolError: report-lint cannot do its job because of its input (an unreadable report: InputError; a
  bad rule file: RuleError; a bad option or configuration: ConfigError): one line naming the file, exit 2;
- an InternalError: a bug in report-lint itself. The batch goes on, the report is marked 内部错误, the
  run exits 2, and the traceback is printed (`--debug`) or saved to a file the message names.
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls (ESC starts ANSI/OSC sequences), DEL, and line/paragraph separators: never shown raw
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_MAX_MESSAGE = 600

DEBUG_ENV = "REPORT_LINT_DEBUG"
_SHOWN_RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # tab and newline are layout; the rest is not


def printable(text: object) -> str:
    """Text from a report as a terminal shows it: control characters (ANSI and OSC escape sequences start
    with one) become a visible �, so a report cannot move the cursor, recolour or retitle a terminal."""
    return _SHOWN_RAW.sub("\ufffd", str(text))


def one_line(text: object, limit: int = _MAX_MESSAGE) -> str:
    """A message as one line: a library's multi-line message folded, control characters (terminal escape
    sequences) replaced by a space, and very long text cut (the full text is never needed on one line)."""
    folded = " ".join(_CONTROL.sub(" ", str(text)).split())
    return folded if len(folded) <= limit else folded[:limit] + "…"


class ToolError(Exception):
    """Base class: the message is shown to the user as is, without a traceback."""

    exit_code = 2
    headline = "无法完成检查"  # what a clerk reads first, in Chinese, before the detail

    def __init__(self, file: str | None, message: str):
        self.file = file
        self.message = one_line(message)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{one_line(self.file)}: {self.message}" if self.file else self.message


class InputError(ToolError):
    """A report file cannot be read: missing, undecodable, binary, broken container, unsupported form,
    over a size limit."""

    headline = "无法读取报告"


class RuleError(ToolError):
    """A rule file is malformed: bad YAML, unknown key, unknown cell path, expression that does not parse."""

    headline = "规则文件有误"

    def __init__(self, file: str | None, message: str, line: int | None = None):
        self.line = line
        super().__init__(file, message)

    def __str__(self) -> str:
        where = one_line(self.file) if self.file else "<rules>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class ConfigError(ToolError):
    """A configuration file or command-line option is invalid."""

    headline = "配置或参数有误"


class InternalError(ToolError):
    """A bug in report-lint (an exception no reader, rule or renderer should raise), never the input's fault."""

    headline = "report-lint 内部错误"


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def internal_error(file: str | None, exc: BaseException, doing: str = "检查") -> InternalError:
    """The InternalError for an unexpected exception: its traceback printed on stderr under --debug, else
    saved to a file whose name the one-line message gives, with a request to report it."""
    import sys
    import tempfile   # here: only our own bug needs them, never a report that checks cleanly
    import traceback

    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if debugging():
        sys.stderr.write(details)
        where = "错误详情（traceback）已在上方输出"
    else:
        try:
            handle, saved = tempfile.mkstemp(prefix="report-lint-traceback-", suffix=".txt")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(f"file: {file}\n{details}")
            where = f"错误详情（traceback）已保存到 {saved}"
        except OSError:
            where = "加 --debug 重新运行可看到错误详情（traceback）"
    summary = f"{type(exc).__name__}: {one_line(exc, 200)}" if str(exc) else type(exc).__name__
    return InternalError(file, f"report-lint 在{doing}时出错（{summary}），这是 report-lint 的缺陷，不是报告的问题；"
                               f"{where}，请将它报告给 report-lint 的维护者")
