"""argparse in Chinese: its own strings (usage, section titles, -h, its error messages) translated, and a
usage error reported as one line, like every other error of report-lint (exit code 2).

argparse looks its strings up through the module-level `_` (gettext) when a parser is built and when it
parses; `chinese()` swaps in a translation for that time only, so nothing else in the process changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from typing import Callable, Iterator, NoReturn

_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "不是有效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可以是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的参数值 %r",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：参数有误：%(message)s\n",
}
_TYPES = {"int": "整数", "float": "数值"}


def _translate(message: str) -> str:
    return _MESSAGES.get(message, message)


@contextmanager
def chinese() -> Iterator[None]:
    original = argparse._
    argparse._ = _translate
    try:
        yield
    finally:
        argparse._ = original


class ChineseArgumentParser(argparse.ArgumentParser):
    """Its errors are one line on stderr: `report-lint: 配置或参数有误：…（report-lint … --help 查看用法）`."""

    def error(self, message: str) -> NoReturn:
        for english, chinese_name in _TYPES.items():
            message = re.sub(rf"不是有效的 {english} 值", f"不是有效的{chinese_name}", message)
        sys.stderr.write(f"report-lint: 配置或参数有误：{message}（{self.prog} --help 查看用法）\n")
        sys.exit(2)


class LazyChoices:
    """argparse `choices` worked out when first needed (a value to check, or help to show), so that building
    the parser imports nothing a command does not use (the list of report forms loads the reader registry)."""

    def __init__(self, load: Callable[[], list[str]]):
        self._load = load
        self._values: list[str] | None = None

    def _get(self) -> list[str]:
        if self._values is None:
            self._values = list(self._load())
        return self._values

    def __contains__(self, value: object) -> bool:
        return value in self._get()

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())
