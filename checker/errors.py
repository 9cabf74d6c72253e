"""Errors that stop the tool from doing its job (exit code 2), as opposed to findings about a report."""

from __future__ import annotations


class ToolError(Exception):
    """Base class: the message is shown to the user as is, without a traceback."""

    exit_code = 2
    headline = "无法完成检查"  # what a clerk reads first, in Chinese, before the detail

    def __init__(self, file: str | None, message: str):
        self.file = file
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


class InputError(ToolError):
    """A report file cannot be read: missing, undecodable, binary, broken container, unsupported form."""

    headline = "无法读取报告"


class RuleError(ToolError):
    """A rule file is malformed: bad YAML, unknown key, unknown cell path, expression that does not parse."""

    headline = "规则文件有误"

    def __init__(self, file: str | None, message: str, line: int | None = None):
        self.line = line
        super().__init__(file, message)

    def __str__(self) -> str:
        where = self.file or "<rules>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class ConfigError(ToolError):
    """A configuration file or command-line option is invalid."""

    headline = "配置或参数有误"
