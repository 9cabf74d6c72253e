"""Splitting a run of digits whose cell boundaries were lost (spec §6.4) into cells, only where the table's
own arithmetic leaves one way to do it.

`640020470` is seven table-三 cells. Read with the rules that every part is a count, that no part of two
digits or more starts with 0, and that the last part is the sum of the six before it (R3), it can only be
64|0|0|2|0|4|70. Whitespace inside a run is taken as a boundary the page did keep (`200 000121`). A split
that is not unique is never chosen: the caller reports every candidate and leaves the cells blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT = "万元|元|项|件|个|条"
# A unit after its number, or after one space (`52 项`, as a PDF's text layer prints a gap).
_UNIT_AFTER = rf"(?:[ \u3000]?(?:{_UNIT}))?"
# One printed number: optional sign, digits, optional decimals, optional unit; several of them, with or
# without whitespace between, form a run.
RUN = re.compile(rf"[+\-]?\d+(?:\.\d+)?{_UNIT_AFTER}(?:[ \t\u3000\u00a0]*[+\-]?\d+(?:\.\d+)?{_UNIT_AFTER})*")
_TOKEN = re.compile(rf"([+\-]?\d+(?:\.\d+)?)(?:[ \u3000]?({_UNIT}))?")

CANDIDATE_LIMIT = 200
MAX_COUNT_DIGITS = 9   # a count of requests or cases in the billions is not a reading of a real table
MAX_NUMBER_CHARS = 24  # nor is any cell longer than this (sign, 15 digits, point, decimals)


@dataclass(frozen=True)
class Part:
    text: str        # as printed, unit included
    column: int      # 1-based column of its first character in the line


@dataclass(frozen=True)
class DigitRun:
    """The characters of a run that can belong to a number, where each came from, and where a cell
    boundary is certain (whitespace, a unit, a sign) or impossible (next to a decimal point)."""

    text: str                  # the run as printed
    chars: str                 # digits, signs and decimal points only
    columns: tuple[int, ...]   # 1-based column of each of chars in the line
    forced: frozenset[int]     # indexes i where a boundary must fall between chars[i-1] and chars[i]
    units: dict[int, str]      # index of a number's last char → the unit printed after it

    @classmethod
    def parse(cls, text: str, column: int) -> "DigitRun":
        chars, columns, forced, units = [], [], set(), {}
        for match in _TOKEN.finditer(text):
            if chars:
                forced.add(len(chars))
            number, unit = match.group(1), match.group(2)
            for offset, ch in enumerate(number):
                chars.append(ch)
                columns.append(column + match.start(1) + offset)
            if unit:
                units[len(chars) - 1] = unit
        return cls(text, "".join(chars), tuple(columns), frozenset(forced), units)

    def part(self, start: int, end: int) -> Part:
        text = self.chars[start:end] + self.units.get(end - 1, "")
        return Part(text, self.columns[start])

    @property
    def digits(self) -> int:
        return sum(1 for ch in self.chars if ch.isdigit())

    def only_digits(self) -> bool:
        return self.chars.isdigit()

    def singles(self) -> list[Part]:
        """One digit per cell: the only reading of a run with exactly as many digits as cells."""
        return [self.part(i, i + 1) for i in range(len(self.chars))]

    def printed_numbers(self) -> list[Part] | None:
        """The numbers as whitespace, signs and units part them, when every one is a well-formed number
        (no `00`, no `05`): what the page printed, and the reading of a run that prints as many numbers
        as its row has cells (`21 0 0 0 0 0 21`, a PDF's text layer)."""
        bounds = [0, *sorted(self.forced), len(self.chars)]
        cuts = list(zip(bounds, bounds[1:]))
        if all(_valid(self.chars, self.forced, start, end, False) for start, end in cuts):
            return [self.part(start, end) for start, end in cuts]
        return None

    def without_spaces(self) -> "DigitRun":
        """The run with its whitespace taken as stray (not a cell boundary)."""
        return DigitRun(self.text, self.chars, self.columns, frozenset(), self.units)


def _valid(chars: str, forced: frozenset[int], start: int, end: int, counts_only: bool) -> bool:
    if any(i in forced for i in range(start + 1, end)):
        return False
    piece = chars[start:end]
    body = piece[1:] if piece[:1] in "+-" else piece
    if not body or not body[0].isdigit() or not body[-1].isdigit() or body.count(".") > 1:
        return False
    if counts_only and (body != piece or "." in body):
        return False
    whole = body.split(".")[0]
    if len(whole) > 1 and whole[0] == "0":
        return False
    if end < len(chars) and (chars[end] == "." or chars[end - 1] == "."):
        return False
    return True


def splits(run: DigitRun, parts: int, sum_groups: tuple[int, ...] = (), counts: bool = False) -> list[list[Part]]:
    """Every way to cut the run into `parts` numbers (up to CANDIDATE_LIMIT of them).

    `sum_groups` are the sizes of consecutive groups whose last part is the sum of the others, e.g. (7,)
    for a table-三 row or (5, 5, 5) for table 四; with groups, or with `counts`, every part is a count."""
    if sum_groups and sum(sum_groups) != parts:
        raise ValueError("sum groups must cover every part")
    search = _SumSearch(run, sum_groups) if sum_groups else _FreeSearch(run, parts, counts)
    return [[run.part(s, e) for s, e in cuts] for cuts in search.results()]


class _FreeSearch:
    """Cuts with no arithmetic to check: only the shape of each number (table 二)."""

    def __init__(self, run: DigitRun, parts: int, counts: bool = False):
        self.run, self.parts, self.found, self.cuts, self.counts = run, parts, [], [], counts
        # (start, part) from which no cut reaches the end: without it a long run that cannot be cut is
        # searched in every combination (minutes for a 60-digit run); with it each is tried once
        self.dead: set[tuple[int, int]] = set()

    def results(self) -> list[list[tuple[int, int]]]:
        self.search(0, 0)
        return self.found

    def search(self, start: int, part: int) -> None:
        if len(self.found) >= CANDIDATE_LIMIT or (start, part) in self.dead:
            return
        if part == self.parts:
            if start == len(self.run.chars):
                self.found.append(list(self.cuts))
            return
        before = len(self.found)
        self._extend(start, part)
        if len(self.found) == before:
            self.dead.add((start, part))

    def _extend(self, start: int, part: int) -> None:
        chars = self.run.chars
        # a number ends at the next forced boundary and is never longer than a printed cell can be, so
        # each (start, part) tries a bounded number of ends however long the run (a 440 KB page was minutes)
        # (the last part can only end with the run, so it is the one part whose length is not capped)
        longest = len(chars) if part == self.parts - 1 else MAX_COUNT_DIGITS if self.counts else MAX_NUMBER_CHARS
        stop = min([len(chars) - (self.parts - part) + 2, start + longest + 1,
                    *(i + 1 for i in self.run.forced if i > start)])
        first = len(chars) if part == self.parts - 1 else start + 1
        for end in range(max(first, start + 1), stop):
            if self.counts and end - start > MAX_COUNT_DIGITS:
                break
            if _valid(chars, self.run.forced, start, end, self.counts):
                self.cuts.append((start, end))
                self.search(end, part + 1)
                self.cuts.pop()


class _SumSearch:
    """Cuts into groups of counts whose last part is the sum of the others.

    The last group's total is the tail of the run, so it is tried first, length by length; the parts
    before it must then add up to a known number, which prunes the search at every step. An earlier
    group's total is not searched for at all: it is the running sum, printed out."""

    def __init__(self, run: DigitRun, groups: tuple[int, ...]):
        self.run, self.groups, self.found = run, groups, []
        self.dead: set[tuple[int, int, int, int]] = set()    # (start, stop, parts, sum) with no way

    def valid(self, start: int, end: int) -> bool:
        return end - start <= MAX_COUNT_DIGITS and _valid(self.run.chars, self.run.forced, start, end, True)

    def results(self) -> list[list[tuple[int, int]]]:
        self.group(0, 0, [])
        return self.found

    def group(self, start: int, g: int, cuts: list[tuple[int, int]]) -> None:
        chars, size = self.run.chars, self.groups[g]
        if len(self.found) >= CANDIDATE_LIMIT:
            return
        if g == len(self.groups) - 1:
            for length in range(1, min(MAX_COUNT_DIGITS, len(chars) - start - (size - 1)) + 1):
                total_start = len(chars) - length
                if self.valid(total_start, len(chars)):
                    for parts in self.summing(start, total_start, size - 1, int(chars[total_start:])):
                        self.found.append([*cuts, *parts, (total_start, len(chars))])
            return
        for parts, running, end in self.free(start, size - 1):
            printed = str(running)
            stop = end + len(printed)
            if chars[end:stop] == printed and self.valid(end, stop):
                self.group(stop, g + 1, [*cuts, *parts, (end, stop)])

    def free(self, start: int, count: int):
        """(cuts, their sum, where they end) for `count` counts from `start`, leaving a digit for each
        part still to come."""
        if count == 0:
            yield [], 0, start
            return
        chars = self.run.chars
        for end in range(start + 1, min(start + MAX_COUNT_DIGITS, len(chars)) + 1):
            if any(i in self.run.forced for i in range(start + 1, end)):
                break
            if self.valid(start, end):
                value = int(chars[start:end])
                for cuts, running, stop in self.free(end, count - 1):
                    yield [(start, end), *cuts], value + running, stop

    def summing(self, start: int, stop: int, count: int, total: int) -> list[list[tuple[int, int]]]:
        """Every cut of chars[start:stop] into `count` counts that add up to `total`."""
        key = (start, stop, count, total)
        if key in self.dead:
            return []
        chars = self.run.chars
        out: list[list[tuple[int, int]]] = []
        if count == 1:
            if self.valid(start, stop) and int(chars[start:stop]) == total:
                out.append([(start, stop)])
        else:
            for end in range(start + 1, stop - count + 2):
                if any(i in self.run.forced for i in range(start + 1, end)):
                    break
                if not self.valid(start, end):
                    if end - start > MAX_COUNT_DIGITS:
                        break
                    continue
                value = int(chars[start:end])
                if value > total:
                    break   # a longer part is larger still
                if stop - end > (count - 1) * len(str(total - value)):
                    continue  # the parts left cannot be that long and still add up to what remains
                for rest in self.summing(end, stop, count - 1, total - value):
                    out.append([(start, end), *rest])
                    if len(out) >= CANDIDATE_LIMIT:
                        return out
        if not out:
            self.dead.add(key)
        return out


def describe(candidate: list[Part]) -> str:
    return "|".join(p.text for p in candidate)
