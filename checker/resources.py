"""Where the shipped schemas and rule packs live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checker.errors import ToolError

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """`schemas`, `rules` or `examples` (the example reports the server warms up on): inside the wheel
    (checker/_data/NAME) or at the top of a checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ToolError(None, f"report-lint 安装不完整：缺少 {name}/ 文件夹（installed without its {name}/ folder），请重新安装")


def schema_path(name: str) -> Path:
    return data_dir("schemas") / name
