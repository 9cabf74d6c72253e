"""The plain text every match of a rule's regular expression contains, to skip the search when it is absent.

`re` looks for a match at every position of the text, and most of the rules' patterns begin with optional
words or a lookbehind (`(?:共|依法)?(?:因|涉及)?(?:政府信息公开|信息公开)…行政复议…`), so it cannot skip ahead to
the words that matter; a section that never speaks of 行政复议 costs a walk of the pattern at each of its
characters. Some text is in every match, as written: a run of the pattern's sequence made of plain
characters, classes of a few plain characters and groups of those (`([二三四五六七八九])是` is in a match as
one of 二是 … 九是); of an alternation, one such run of each alternative. So a text holding none of a run's
spellings holds no match, and `"行政复议" in text` (a substring search in C) answers that for most reports.
A pattern that ignores case has none. The pattern is read by the `re` module's own parser, the one that
compiles it; if that cannot read it, nothing is skipped.
"""

from __future__ import annotations

import re
from typing import Any, Callable

_KEPT = 512
_SPELLINGS = 64   # the most spellings one required run is given (a class multiplies them)
_CLASS = 16       # the largest class of plain characters a run goes through
_REQUIRED: dict[tuple[str, int], tuple[tuple[str, ...], ...]] = {}

Factor = tuple[str, ...]   # spellings, one of which every match holds


def required_literals(compiled: re.Pattern) -> tuple[Factor, ...]:
    """What every match of `compiled` holds: for each factor, one of its spellings (none for bytes, for a
    pattern that ignores case, or one the parser does not read as expected)."""
    key = (compiled.pattern, compiled.flags)
    found = _REQUIRED.get(key)
    if found is None:
        if len(_REQUIRED) >= _KEPT:
            _REQUIRED.clear()
        found = _REQUIRED[key] = _required(compiled)
    return found


def holds_one(factors: tuple[Factor, ...], text: str) -> bool:
    """Whether `text` holds a spelling of every factor (else no match can be in it)."""
    for factor in factors:
        for spelling in factor:
            if spelling in text:
                break
        else:
            return False
    return True


def _required(compiled: re.Pattern) -> tuple[Factor, ...]:
    if not isinstance(compiled.pattern, str) or compiled.flags & re.IGNORECASE:
        return ()
    try:
        from re import _parser   # the standard library's (sre_parse before 3.11): compiles every pattern

        parsed = _parser.parse(compiled.pattern, compiled.flags)
        factors = _Reader(_parser).sequence(list(parsed))
    except Exception:   # another Python's parser: search as before
        return ()
    # one spelling first (the longest first: the likeliest to be absent), then the fewest spellings
    return tuple(sorted((tuple(sorted(f)) for f in factors), key=lambda f: (len(f), -min(map(len, f)))))


class _Reader:
    def __init__(self, parser: Any) -> None:
        self.p = parser

    def sequence(self, items: list) -> list[frozenset[str]]:
        """The factors of a sequence: one per run of plain pieces, and one per alternation in it."""
        factors: list[frozenset[str]] = []
        run: frozenset[str] | None = None
        for op, argument in items:
            piece = self.piece(op, argument)
            if piece is not None and (run is None or len(run) * len(piece) <= _SPELLINGS):
                run = piece if run is None else frozenset(a + b for a in run for b in piece)
                continue
            if run is not None:
                factors.append(run)
            run = piece   # a piece that would make too many spellings starts a run of its own
            if piece is None and op is self.p.BRANCH:
                either = self.branch(argument[1])
                if either is not None:
                    factors.append(either)
        if run is not None:
            factors.append(run)
        return factors

    def piece(self, op: Any, argument: Any) -> frozenset[str] | None:
        """The spellings of one item that matches plain text of one spelling: a character, a class of a few
        characters, or a group (no flags of its own) of such items. None for anything else."""
        p = self.p
        if op is p.LITERAL:
            return frozenset(chr(argument))
        if op is p.IN:
            if len(argument) <= _CLASS and all(kind is p.LITERAL for kind, _ in argument):
                return frozenset(chr(code) for _, code in argument)
            return None
        if op is p.SUBPATTERN:
            _, add_flags, del_flags, inner = argument
            if add_flags or del_flags:
                return None
            spellings = frozenset({""})
            for inner_op, inner_argument in inner:
                piece = self.piece(inner_op, inner_argument)
                if piece is None or len(spellings) * len(piece) > _SPELLINGS:
                    return None
                spellings = frozenset(a + b for a in spellings for b in piece)
            return spellings if "" not in spellings else None
        return None

    def branch(self, alternatives: list) -> frozenset[str] | None:
        """One factor for an alternation: each alternative's most telling factor, together."""
        together: set[str] = set()
        for alternative in alternatives:
            factors = self.sequence(list(alternative))
            if not factors:
                return None   # an alternative that needs no text: nothing is required
            together |= max(factors, key=lambda f: (min(map(len, f)), -len(f)))
        return frozenset(together) if len(together) <= _SPELLINGS else None


def counter(compiled: re.Pattern) -> Callable[[str], int] | None:
    """For a pattern each match of which is one plain text (`是`) or one character of a class of plain
    characters and ranges (`[\\u4e00-\\u9fff]`, the Chinese characters): a function giving how many times it
    matches in a text, as len(findall) does, without walking the pattern at each character (str.count; or
    the length of what is left once every other character is removed). None for any other pattern. Worked
    out anew at each call: count() keeps it by its pattern (functions._count_value)."""
    if not isinstance(compiled.pattern, str) or compiled.flags & re.IGNORECASE:
        return None
    try:
        from re import _parser

        items = list(_parser.parse(compiled.pattern, compiled.flags))
        if items and all(op is _parser.LITERAL for op, _ in items):
            plain = "".join(chr(code) for _, code in items)
            return lambda text: text.count(plain)
        if len(items) != 1 or items[0][0] is not _parser.IN:
            return None
        parts = []
        for kind, argument in items[0][1]:
            if kind is _parser.LITERAL:
                parts.append(re.escape(chr(argument)))
            elif kind is _parser.RANGE:
                parts.append(f"{re.escape(chr(argument[0]))}-{re.escape(chr(argument[1]))}")
            else:   # a negated class, or a category such as \d: counted by the search
                return None
        others = re.compile(f"[^{''.join(parts)}]+", compiled.flags)
    except Exception:   # another Python's parser: count by the search
        return None
    return lambda text: len(others.sub("", text))   # what is left: the class's characters
