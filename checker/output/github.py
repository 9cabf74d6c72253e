"""GitHub Actions workflow commands: each finding becomes an annotation on the report file in the PR view.

Syntax: `::error file=F,line=L,col=C,title=T::message`. Values are escaped as the Actions runner expects
(% CR LF everywhere, and : , in properties), otherwise a Chinese message with a colon would be cut short.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from checker.diagnostics import Severity

if TYPE_CHECKING:
    from checker.lint import FileResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, message: str, **properties: Any) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{command} {props}::{escape_data(message)}" if props else f"::{command}::{escape_data(message)}"


def workspace_path(path: str) -> str:
    """Annotations attach to paths relative to the checkout (the working directory in Actions)."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            return Path(relative).as_posix()
    return Path(path).as_posix() if path != "-" else path


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    for result in results:
        path = workspace_path(result.path)
        if result.error is not None:
            stream.write(annotation("error", result.error.message, file=path, title="report-lint: 无法读取") + "\n")
        for diagnostic in result.diagnostics:
            where = diagnostic.location
            title = f"{diagnostic.rule} {diagnostic.title}" if diagnostic.title else diagnostic.rule
            message = diagnostic.message
            if where.page is not None and where.line is None:
                message = f"第{where.page}页: {message}"
            stream.write(annotation(COMMANDS[diagnostic.severity], message, file=path,
                                    line=where.line, col=where.column, title=title) + "\n")
