"""Where the shipped schemas and rule packs live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """`schemas` or `rules`: inside the wheel (checker/_data/NAME) or at the top of a checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"report-lint is installed without its {name}/ folder")


def schema_path(name: str) -> Path:
    return data_dir("schemas") / name
