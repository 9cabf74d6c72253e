"""Where the configuration is: the nearest report-lint.toml, or pyproject.toml with a [tool.report-lint]
table, upward from the working folder (checker/config.py reads it into a Config).

Apart from config.py (no dataclasses, no severities), so `rules` and `explain` can learn that there is no
configuration, and so no rule folders of its own, without loading it (checker/catalogue.py).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from checker.errors import ConfigError

CONFIG_NAMES = ("report-lint.toml", "pyproject.toml")  # in this order within one folder, like ruff


def find_config_file(start: Path) -> Path | None:
    """The nearest report-lint.toml, or pyproject.toml that has a [tool.report-lint] table, upward from start."""
    for folder in (start, *start.parents):
        dedicated = folder / "report-lint.toml"
        if dedicated.is_file():
            return dedicated
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _may_configure(pyproject) and "report-lint" in read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _may_configure(pyproject: Path) -> bool:
    """Whether a pyproject.toml can hold a [tool.report-lint] table: only if its text spells the name, or
    could in a quoted key's \\u escape. Most projects' pyproject.toml configure other tools, and a
    pre-commit hook runs in such a folder on every commit: not parsing it spares importing tomllib and
    parsing the file (some 5 ms; a pyproject.toml that is not valid TOML is then someone else's)."""
    try:
        with pyproject.open("rb") as handle:
            text = handle.read()
    except OSError:
        return True   # reading it again says why it cannot be read
    return b"report-lint" in text or b"\\u" in text or b"\\U" in text


def read_toml(path: Path) -> dict[str, Any]:
    import tomllib   # only when there is a configuration file to read

    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            identity = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            if identity in _read:
                return copy.deepcopy(_read[identity])
            table = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"不是有效的 TOML（is not valid TOML: {exc}）") from None
    except OSError as exc:
        raise ConfigError(str(path), f"无法读取（cannot be read: {exc.strerror or exc}）") from None
    _read.clear()
    _read[identity] = table
    return copy.deepcopy(table)


# The file this process parsed last, under its identity. The report-lint server's spares read the folder's
# configuration while warming up (checker/server.py) and its next command finds it here; any change to
# the file changes its change time (st_ctime, which no tool sets back), and it is parsed again.
_read: dict[tuple, dict[str, Any]] = {}
