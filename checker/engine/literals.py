"""The plain text every match of a rule's regular expression contains, to skip the search when it is absent.

`re` looks for a match at every position of the text, and most of the rules' patterns begin with optional
words or a lookbehind (`(?:共|依法)?(?:因|涉及)?(?:政府信息公开|信息公开)…行政复议…`), so it cannot skip ahead to
the words that matter; a section that never speaks of 行政复议 costs a walk of the pattern at each of its
characters. A run of plain characters in the pattern's top-level sequence (no group, alternation, repeat or
class around it) is matched by every match, as written: `"行政复议" in text` (a substring search in C)
answers no for most reports. A pattern whose top level is an alternation, or that ignores case, has none.
The pattern is read by the `re` module's own parser, the one that compiles it; if that cannot read it,
nothing is skipped.
"""

from __future__ import annotations

import re

_KEPT = 512
_REQUIRED: dict[tuple[str, int], tuple[str, ...]] = {}


def required_literals(compiled: re.Pattern) -> tuple[str, ...]:
    """The runs of plain characters that every match of `compiled` contains (none for bytes, for a pattern
    that ignores case, or one the parser does not read as expected)."""
    key = (compiled.pattern, compiled.flags)
    found = _REQUIRED.get(key)
    if found is None:
        if len(_REQUIRED) >= _KEPT:
            _REQUIRED.clear()
        found = _REQUIRED[key] = _literal_runs(compiled)
    return found


def _literal_runs(compiled: re.Pattern) -> tuple[str, ...]:
    if not isinstance(compiled.pattern, str) or compiled.flags & re.IGNORECASE:
        return ()
    try:
        from re import _parser   # the standard library's (sre_parse before 3.11): compiles every pattern

        parsed = list(_parser.parse(compiled.pattern, compiled.flags))
        literal = _parser.LITERAL
    except Exception:   # another Python's parser: search as before
        return ()
    runs: list[str] = []
    current: list[str] = []
    for op, argument in parsed:
        if op is literal and isinstance(argument, int):
            current.append(chr(argument))
            continue
        if current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return tuple(sorted(runs, key=len, reverse=True))   # the longest first: the likeliest to be absent

