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
# One printed number: optional sign, digits, optional decimals, optional unit; several of them, with or
# without whitespace between, form a run.
RUN = re.compile(rf"[+\-]?\d+(?:\.\d+)?(?:{_UNIT})?(?:[ \t\u3000\u00a0]*[+\-]?\d+(?:\.\d+)?(?:{_UNIT})?)*")
_TOKEN = re.compile(rf"([+\-]?\d+(?:\.\d+)?)({_UNIT})?")

CANDIDATE_LIMIT = 200


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


def splits(run: DigitRun, parts: int, sum_groups: tuple[int, ...] = ()) -> list[list[Part]]:
    """Every way to cut the run into `parts` numbers (up to CANDIDATE_LIMIT of them).

    `sum_groups` are the sizes of consecutive groups whose last part is the sum of the others, e.g. (7,)
    for a table-三 row (R3) or (5, 5, 5) for table 四 (R4–R6); with groups every part is a count. The
    sum part is not searched for: it is the running sum printed out, so the search stays small."""
    chars, forced = run.chars, run.forced
    totals = set()
    index = 0
    for size in sum_groups:
        index += size
        totals.add(index - 1)
    if sum_groups and index != parts:
        raise ValueError("sum groups must cover every part")
    counts_only = bool(sum_groups)
    found: list[list[Part]] = []
    cuts: list[tuple[int, int]] = []

    def search(start: int, part: int, running: int) -> None:
        if len(found) >= CANDIDATE_LIMIT:
            return
        left = parts - part
        if left == 0:
            if start == len(chars):
                found.append([run.part(s, e) for s, e in cuts])
            return
        if len(chars) - start < left:
            return
        if part in totals:
            end = start + len(str(running))
            if chars[start:end] == str(running) and _valid(chars, forced, start, end, True):
                cuts.append((start, end))
                search(end, part + 1, 0)
                cuts.pop()
            return
        for end in range(start + 1, len(chars) - left + 2):
            if any(i in forced for i in range(start + 1, end)):
                break
            if not _valid(chars, forced, start, end, counts_only):
                continue
            cuts.append((start, end))
            search(end, part + 1, running + int(chars[start:end]) if counts_only else 0)
            cuts.pop()

    search(0, 0, 0)
    return found


def describe(candidate: list[Part]) -> str:
    return "|".join(p.text for p in candidate)
