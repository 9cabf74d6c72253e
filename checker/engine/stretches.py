"""A rule's regular expression searched only in the stretches of a text where a match can be.

Most of the rules' patterns read within one clause or one line: plain words, digits, `[^，。；;：:\n]{0,8}?`,
`[^\n]`. Call a character a stop when nothing the pattern consumes, nor reads ahead in a lookahead, can be
that character (every character class, literal and `.` of the pattern outside its lookbehinds excludes it).
Then every match lies in one stretch of text between two stops, and it holds a spelling of every plain
part the pattern requires (literals.py). So the stretches that hold one are the only ones searched, each
by `search(text, start, end + 1)` (`end` the stop that closes it):

- `re` keeps the real beginning of the text when a search starts at `start`: a lookbehind, `^` and `\\b`
  see the text before it, as in the whole text;
- the stop at `end` is inside the searched part, so a lookahead, `\\b` or a multi-line `$` at `end` reads
  it as in the whole text; nothing reads past it, since nothing can consume it. A pattern with a
  single-line `$` (true before a final newline: the stop) is not searched by stretches.

So the matches found, in order, are those `finditer` finds in the whole text (same spans and groups; only
`Match.pos` and `endpos` differ, which nothing here reads). A pattern this cannot vouch for (an unknown
construct, a backreference to a group a lookbehind captured, ignored case, no stop or no required part)
is searched in the whole text, as before. tests/engine/test_stretches.py compares the two.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from checker.engine.literals import holds_one, required_literals

_KEPT = 512
_STOPS = 16   # the most stops a plan keeps (any of them is as good: fewer only makes longer stretches)
_ALWAYS = False   # tests: find the window whenever there is a plan, even where it does not pay
SHORT = 48   # finding the window costs a few string searches: a text this short is searched whole


class Plan(NamedTuple):
    factors: tuple[tuple[str, ...], ...]   # every match holds a spelling of each (literals.py)
    stops: str                             # characters no match consumes or reads ahead
    next_stop: re.Pattern                  # finds the first stop at or after a position
    pays: bool                             # worth finding the window (_pays)


_PLANS: dict[tuple[str, int], Plan | None] = {}


def plan(compiled: re.Pattern) -> Plan | None:
    """How `compiled` can be searched by stretches; None: only in the whole text."""
    key = (compiled.pattern, compiled.flags)
    try:
        return _PLANS[key]
    except KeyError:
        pass
    if len(_PLANS) >= _KEPT:
        _PLANS.clear()
    found = _PLANS[key] = _plan(compiled)
    return found


def window(compiled: re.Pattern, text: str) -> tuple[int, int] | None:
    """Where in `text` every match of `compiled` lies, as `pos` and `endpos` for its search; None: nowhere.
    The whole text when there is no plan, or it does not pay (functions._where asks window_in itself)."""
    found = plan(compiled)
    if found is None or not (found.pays or _ALWAYS) or len(text) < SHORT:
        return 0, len(text)
    return window_in(found, text)


def window_in(found: Plan, text: str) -> tuple[int, int] | None:
    """window() by the pattern's plan."""
    factors, stops, next_stop, _ = found
    last_first, first_last = -1, len(text)
    find, rfind = text.find, text.rfind
    for factor in factors:
        first, last = -1, -1
        for spelling in factor:
            at = find(spelling)
            if at != -1:
                if first == -1 or at < first:
                    first = at
                at = rfind(spelling)
                if at > last:
                    last = at
        if first == -1:
            return None   # a required part is absent: no match
        if first > last_first:
            last_first = first
        if last < first_last:
            first_last = last
    # a match's stretch holds an occurrence of every factor: of the one whose first is latest, so it does
    # not begin before that occurrence's stretch; of the one whose last is earliest, so it does not end after
    before = next_stop.search(text[last_first - 1::-1]) if last_first else None   # the text before, backwards
    start = 0 if before is None else last_first - before.start()
    stop = next_stop.search(text, first_last)
    end = len(text) if stop is None else stop.start() + 1   # the stop itself is read (a lookahead, \b)
    return (start, end) if start < end else None


def finditer(compiled: re.Pattern, text: str) -> Any:
    """The matches `compiled.finditer(text)` gives, in order."""
    found = window(compiled, text)
    return () if found is None else compiled.finditer(text, *found)


def count(compiled: re.Pattern, text: str) -> int:
    """len(compiled.findall(text))."""
    found = window(compiled, text)
    return 0 if found is None else len(compiled.findall(text, *found))


def search(compiled: re.Pattern, text: str) -> re.Match | None:
    """A match where `compiled.search(text)` finds one (the first), else None."""
    found = window(compiled, text)
    return None if found is None else compiled.search(text, *found)


_REGEXES: dict[str, re.Pattern] = {}   # the rules' patterns, compiled: dozens of searches a report


def regex(pattern: str) -> re.Pattern:
    """re.compile(pattern), kept by the pattern (re's own cache is looked up through two calls and a key)."""
    found = _REGEXES.get(pattern)
    if found is None:
        if len(_REGEXES) >= _KEPT:
            _REGEXES.clear()
        found = _REGEXES[pattern] = re.compile(pattern)
    return found


_SEARCHES: dict[str, list] = {}   # pattern → [compiled, its factors, its plan if it pays (else None), uses]
# Working out a plan parses the pattern again (a few ms for the rules' thirty patterns): a pattern is first
# searched as before, and planned at its PLAN_AFTER-th search in the process (a few reports into a batch;
# one report's check searches no pattern that often), as a check's decisions are generated from its third
# report on
PLAN_AFTER = 5


def where(pattern: str, text: str) -> tuple[re.Pattern, int, int] | None:
    """A rule's pattern compiled, and where in `text` its matches can be (pos and endpos for its search); None
    when it cannot match: a plain part of it is absent (literals.py), or absent from every stretch a match
    could be in (for a pattern whose plan pays)."""
    found = _SEARCHES.get(pattern)
    if found is None:
        if len(_SEARCHES) >= _KEPT:
            _SEARCHES.clear()
        compiled = regex(pattern)
        found = _SEARCHES[pattern] = [compiled, required_literals(compiled), None, 0]
    if found[2] is None and found[3] <= PLAN_AFTER:
        found[3] += 1
        if found[3] == PLAN_AFTER:
            planned = plan(found[0])
            found[2] = planned if planned and planned.pays else None
    if found[2] is not None and len(text) >= SHORT:
        window = window_in(found[2], text)
        return None if window is None else (found[0], *window)
    return (found[0], 0, len(text)) if holds_one(found[1], text) else None


def windowed(pattern: str) -> Plan | None:
    """The plan `where` searches the pattern by, if it has made one that pays (making none)."""
    found = _SEARCHES.get(pattern)
    return None if found is None else found[2]


def search_in(pattern: str, text: str) -> re.Pattern | None:
    """A rule's pattern compiled, or None when it cannot match in `text` (where)."""
    found = where(pattern, text)
    return None if found is None else found[0]


class _Unknown(Exception):
    """A construct this module does not vouch for: the pattern is searched in the whole text."""


def _plan(compiled: re.Pattern) -> Plan | None:
    if not isinstance(compiled.pattern, str) or compiled.flags & (re.IGNORECASE | re.LOCALE):
        return None
    factors = required_literals(compiled)
    if not factors or not all(all(factor) for factor in factors):
        return None
    try:
        from re import _parser   # the standard library's (sre_parse before 3.11): compiles every pattern

        parsed = _parser.parse(compiled.pattern, compiled.flags)
        walk = _Walk(_parser)
        walk.items(list(parsed), parsed.state.flags, behind=False, candidates=True)
        stops = {"\n"} | walk.candidates
        walk.items(list(parsed), parsed.state.flags, behind=False, candidates=False, stops=stops)
    except _Unknown:
        return None
    except Exception:   # another Python's parser: search as before
        return None
    if walk.refers and walk.captured_behind:
        return None
    kept = "".join(sorted(stops)[:_STOPS])
    if not kept:
        return None
    return Plan(factors, kept, re.compile("[" + "".join(map(re.escape, kept)) + "]"), _pays(_parser, parsed, kept))


def _pays(parser: Any, parsed: Any, stops: str) -> bool:
    """Whether finding the window is likely to cost less than searching the whole text: not when the
    stretches are whole lines (the sections are mostly one line each), nor when `re` skips ahead to where
    a match can begin by itself (the pattern begins with a character, a class, or alternatives each
    beginning with a character: the prefix `re` compiles), nor when it begins with an anchor (^), which
    fails at once where it does not hold."""
    if stops == "\n":
        return False
    items = list(parsed)
    while items and items[0][0] is parser.SUBPATTERN and not (items[0][1][1] or items[0][1][2]):
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op is parser.LITERAL or op is parser.IN or op is parser.AT:   # an anchor fails at once elsewhere
        return False
    if op is parser.BRANCH:
        return not all(alternative and list(alternative)[0][0] is parser.LITERAL for alternative in av[1])
    return True


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


class _Walk:
    """Two walks over the parsed pattern: the candidate stops (the newline and every character a negated
    class or `[^x]` names), then, for each item a match consumes or a lookahead reads, striking out the
    candidates it can match. Lookbehind bodies read only before the position they are tested at, which
    the search sees in full: they strike out nothing (a lookahead inside one does)."""

    def __init__(self, parser: Any) -> None:
        self.p = parser
        self.candidates: set[str] = set()
        self.refers = False              # the pattern has a backreference
        self.captured_behind = False     # a group is captured inside a lookbehind (it may hold a stop)

    def items(self, items: list, flags: int, behind: bool, candidates: bool, stops: set[str] | None = None) -> None:
        p = self.p
        for op, av in items:
            if op is p.LITERAL or op is p.NOT_LITERAL or op is p.ANY or op is p.IN:
                if candidates:
                    self._candidates(op, av)
                elif not behind:
                    for stop in list(stops):
                        if self._consumes(op, av, stop, flags):
                            stops.discard(stop)
            elif op is p.SUBPATTERN:
                group, add_flags, del_flags, inner = av
                if group is not None and behind:
                    self.captured_behind = True
                self.items(list(inner), (flags | add_flags) & ~del_flags, behind, candidates, stops)
            elif op is p.BRANCH:
                for alternative in av[1]:
                    self.items(list(alternative), flags, behind, candidates, stops)
            elif op in (p.MAX_REPEAT, p.MIN_REPEAT) or op is getattr(p, "POSSESSIVE_REPEAT", None):
                self.items(list(av[2]), flags, behind, candidates, stops)
            elif op is getattr(p, "ATOMIC_GROUP", None):
                self.items(list(av), flags, behind, candidates, stops)
            elif op is p.ASSERT or op is p.ASSERT_NOT:
                direction, inner = av
                self.items(list(inner), flags, direction < 0, candidates, stops)
            elif op is p.GROUPREF_EXISTS:
                _, yes, no = av
                self.items(list(yes), flags, behind, candidates, stops)
                if no is not None:
                    self.items(list(no), flags, behind, candidates, stops)
            elif op is p.GROUPREF:
                self.refers = True
            elif op is p.AT:
                if av is p.AT_END and not flags & re.MULTILINE:
                    raise _Unknown   # true before a final newline: at a stop, it would see the search's end
                if av not in (p.AT_BEGINNING, p.AT_BEGINNING_LINE, p.AT_BEGINNING_STRING, p.AT_END,
                              p.AT_END_STRING, p.AT_BOUNDARY, p.AT_NON_BOUNDARY):
                    raise _Unknown
            elif op is p.FAILURE:
                pass
            else:
                raise _Unknown

    def _candidates(self, op: Any, av: Any) -> None:
        p = self.p
        if op is p.NOT_LITERAL:
            self.candidates.add(chr(av))
        elif op is p.IN and av and av[0][0] is p.NEGATE:
            self.candidates.update(chr(code) for kind, code in av[1:] if kind is p.LITERAL)

    def _consumes(self, op: Any, av: Any, char: str, flags: int) -> bool:
        """Whether the item can match the character."""
        p = self.p
        code = ord(char)
        if op is p.LITERAL:
            return av == code
        if op is p.NOT_LITERAL:
            return av != code
        if op is p.ANY:
            return char != "\n" or bool(flags & re.DOTALL)
        negated, inside = False, False   # op is p.IN
        for kind, value in av:
            if kind is p.NEGATE:
                negated = True
            elif kind is p.LITERAL:
                inside = inside or value == code
            elif kind is p.RANGE:
                inside = inside or value[0] <= code <= value[1]
            elif kind is p.CATEGORY:
                name = _CATEGORIES.get(getattr(value, "name", None))
                if name is None:
                    raise _Unknown
                inside = inside or re.fullmatch(name, char, flags & re.ASCII) is not None
            else:
                raise _Unknown
        return inside != negated
