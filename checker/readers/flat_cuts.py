"""Reading a run of digits whose cell boundaries were lost (spec §6.4), as the page printed it.

- As many digits as cells: one reading, one digit a cell. It is taken even when the table's relations
  then fail: that failure is what the report printed, and the check reports it.
- As many numbers as cells, parted by whitespace (`21 0 0 0 0 0 21`, as a PDF's text layer prints a row):
  the page kept every boundary, so that is the reading, relations or not.
- Fewer digits than cells: a cell was printed blank, and which one cannot be told. The row stays blank
  with one finding that quotes the run; nothing is guessed.
- More digits than cells: the run is cut where the table's relations leave one cut. Every cut into
  counts is weighed by the relations it can be checked against — the row's own (its columns add up to its
  总计), and for table 三 the columns' (一+二 = 三（七）+四; the 办理结果 rows add up to （七）总计) with the
  rows already read — and the cut is taken only when one cut satisfies more of them than any other. Those
  relations were used to read the row, so they are no evidence about it: its cells are marked
  `"read_by": "relations"` in source_map and a finding says so. Otherwise the row stays blank with a finding
  listing the cuts. Stray spaces inside a run are boundaries the page kept when some cut respects them,
  and are ignored when none does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.builtin_findings import READ_AMBIGUOUS, READ_SPLIT, READ_UNSPLIT
from checker.diagnostics import Diagnostic, Location
from checker.document import TextCell, Where
from checker.readers.digit_runs import CANDIDATE_LIMIT, DigitRun, Part, describe, splits

_SHOWN = 6
READ_BY_RELATIONS = "relations"


@dataclass
class PendingRun:
    """A row whose run has more digits than cells, waiting for the rest of its table."""

    cells: list[TextCell]               # placeholders, filled in place once the cut is known
    run: DigitRun
    groups: tuple[int, ...]             # sizes of the row's groups that add up to their last cell
    what: str                           # 表三「…」行, for messages
    number: int                         # line
    path: tuple[str, ...] | None = None  # the table-三 row, for the column relations
    candidates: list[list[Part]] = field(default_factory=list)


def read_run(run: DigitRun, count: int, what: str, number: int, path_: str,
             problems: list[Diagnostic]) -> list[TextCell] | None:
    """The cells of a run when its digits alone decide them; None when the relations must (more digits
    than cells). Fewer digits than cells: blank cells and a READ-AMBIGUOUS finding."""
    if run.only_digits() and run.digits == count:
        return [TextCell(p.text, Where(line=number, column=p.column)) for p in run.singles()]
    printed = run.printed_numbers() if len(run.forced) + 1 == count else None
    if printed is not None:
        return [TextCell(p.text, Where(line=number, column=p.column)) for p in printed]
    if run.only_digits() and run.digits < count:
        problems.append(READ_AMBIGUOUS.diagnostic(
            f"{what}的数字串“{run.text}”只有 {run.digits} 位数字，少于 {count} 个单元格：有单元格没有印出数字，"
            f"无法判断是哪一个；未作猜测，这些单元格按空白处理，请对照原表核对",
            Location(path_, number, run.columns[0] if run.columns else None, None, run.text)))
        return blank(count, run, number)
    return None


def blank(count: int, run: DigitRun, number: int) -> list[TextCell]:
    column = run.columns[0] if run.columns else None
    return [TextCell("", Where(line=number, column=column)) for _ in range(count)]


def cuts(run: DigitRun, count: int, counts: bool) -> list[list[Part]]:
    found = splits(run, count, (), counts=counts)
    if not found and run.forced:
        found = splits(run.without_spaces(), count, (), counts=counts)
    return found


# ── the relations a cut is weighed by ─────────────────────────────────────────────────────────────
def _row_relations(values: list[int], groups: tuple[int, ...]) -> tuple[int, list[str]]:
    held, names, start = 0, [], 0
    for size in groups:
        group = values[start:start + size]
        start += size
        if sum(group[:-1]) == group[-1]:
            held += 1
    if held:
        names.append("本行各项之和等于总计")
    return held, names


def _column_relations(path: tuple[str, ...], values: list[int],
                      known: dict[tuple[str, ...], list[int]]) -> tuple[int, list[str]]:
    """How many column relations of table 三 hold with this row read as `values`, counting only those whose
    other cells are all known."""
    rows = dict(known)
    rows[path] = values
    held, names = 0, set()
    leaves = [p for p in rows if p[0] == "results" and p != ("results", "total")]
    r1 = [("new_received",), ("carried_over",), ("results", "total"), ("carried_forward",)]
    involved_r1 = path in r1 and all(p in rows for p in r1)
    involved_r2 = (path == ("results", "total") or path in leaves) and ("results", "total") in rows and leaves
    for c in range(len(values)):
        if involved_r1:
            if rows[r1[0]][c] + rows[r1[1]][c] == rows[r1[2]][c] + rows[r1[3]][c]:
                held += 1
                names.add("各列一+二等于三（七）+四")
        if involved_r2:
            if sum(rows[p][c] for p in leaves) == rows[("results", "total")][c]:
                held += 1
                names.add("各列办理结果各项之和等于（七）总计")
        if path not in (("new_received",), ("carried_over",)) and r1[0] in rows and r1[1] in rows \
                and values[c] > rows[r1[0]][c] + rows[r1[1]][c]:
            held -= 1                              # more results than applications in the column
    return held, sorted(names)


def resolve(pending: list[PendingRun], known: dict[tuple[str, ...], list[int]], path_: str,
            problems: list[Diagnostic]) -> None:
    """Cut every pending run the relations decide, in rounds (a row read by its relations helps read the
    next); the rest stay blank with a finding."""
    left = [p for p in pending]
    for row in left:
        row.candidates = cuts(row.run, len(row.cells), counts=bool(row.groups))
    progress = True
    while progress and left:
        progress = False
        for row in list(left):
            choice = _decide(row, known)
            if choice is None:
                continue
            parts, used = choice
            _fill(row, parts, READ_BY_RELATIONS)
            if row.path is not None:
                known[row.path] = [int(p.text) for p in parts]
            problems.append(READ_SPLIT.diagnostic(
                f"{row.what}的数字串“{row.run.text}”有 {row.run.digits} 位数字，多于 {len(row.cells)} 个单元格；"
                f"按{'、'.join(used)}只有一种拆法：{describe(parts)}。这些关系已用于读出本行，不能再作为本行的核验依据",
                Location(path_, row.number, row.run.columns[0] if row.run.columns else None, None, row.run.text)))
            left.remove(row)
            progress = True
    for row in left:
        if len(row.candidates) == 1 and not row.groups:
            _fill(row, row.candidates[0], None)   # one cut at all: the run's shape decides it
            continue
        for cell in row.cells:
            cell.text = ""
        best, tied = _best(row, known)
        if row.groups and best <= 0:
            detail = "没有一种拆法能使其中的勾稽关系成立" if row.candidates else "无法拆成这么多个数值"
        else:
            shown = "、".join(describe(c) for c in tied[:_SHOWN])
            more = "等" if len(tied) > _SHOWN else ""
            many = f"{len(tied)}{'+' if len(row.candidates) >= CANDIDATE_LIMIT else ''}"
            detail = (f"有 {many} 种拆法同样符合：{shown}{more}" if row.groups else f"可以拆成 {many} 种：{shown}{more}") \
                if tied else "无法拆成这么多个数值"
        problems.append(READ_UNSPLIT.diagnostic(
            f"{row.what}的数字串“{row.run.text}”有 {row.run.digits} 位数字，多于 {len(row.cells)} 个单元格，"
            f"表中的勾稽关系不能确定唯一的拆法，{detail}；未作猜测，这些单元格按空白处理，请对照原表核对",
            Location(path_, row.number, row.run.columns[0] if row.run.columns else None, None, row.run.text)))


def _best(row: PendingRun, known: dict[tuple[str, ...], list[int]]) -> tuple[int, list[list[Part]]]:
    """The most relations any cut satisfies, and the cuts that satisfy that many."""
    if not row.groups:
        return 0, row.candidates
    scored = _scores(row, known)
    best = max((s[0] for s in scored), default=0)
    return best, [s[1] for s in scored if s[0] == best]


def _decide(row: PendingRun, known: dict[tuple[str, ...], list[int]]) -> tuple[list[Part], list[str]] | None:
    """The one cut that satisfies more relations than any other, and the relations it was read by."""
    if not row.groups:
        return None
    scored = _scores(row, known)
    if not scored:
        return None
    best = max(s[0] for s in scored)
    winners = [s for s in scored if s[0] == best]
    if best <= 0 or len(winners) != 1:
        return None
    return winners[0][1], winners[0][2] or ["表中的勾稽关系"]


def _scores(row: PendingRun, known: dict[tuple[str, ...], list[int]]) -> list[tuple[int, list[Part], list[str]]]:
    scored = []
    for parts in row.candidates:
        values = [int(p.text) for p in parts]
        held, names = _row_relations(values, row.groups)
        if row.path is not None:
            more, column_names = _column_relations(row.path, values, known)
            held += more
            names = names + column_names
        scored.append((held, parts, names))
    return scored


def _fill(row: PendingRun, parts: list[Part], reading: str | None) -> None:
    for cell, part in zip(row.cells, parts):
        cell.text = part.text
        cell.where = Where(line=row.number, column=part.column)
        cell.reading = reading
