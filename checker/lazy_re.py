"""Regular expressions compiled where they are first used rather than when their module is imported.

Every reader module is imported for every report (the registry sniffs each form), and compiling a
module's patterns at import made `report-lint check one.txt` pay for the HTML, crawler-page and
Markdown readers' regexes it never runs. `lazy(pattern)` stands for `re.compile(pattern)`: on first use
it compiles and keeps the compiled pattern's methods on itself, so later calls cost what they cost on
the compiled pattern."""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
            "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern: str | bytes, flags: int = 0) -> Any:
    """A pattern compiled when first used (typed Any: it is used as the re.Pattern it stands for)."""
    return LazyPattern(pattern, flags)
