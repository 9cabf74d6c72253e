"""Which single cell would explain the failures: the crossing of a failed row relation and a failed column
relation that are off by the same amount.

Each assessed equality is linear in its cells (Σ coef·cell = const). If one cell x is wrong by d, every
relation that contains x fails with residual coef·d, and every relation that holds cannot contain x. So a
cell is a suspect for a failure when it lies in at least two failed relations, in no relation that holds,
and all those failures imply the same d. The cell covering the most failures wins; a tie names nobody.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from checker.engine.checks import Finding
from checker.engine.runtime import format_number
from checker.model import describe_pointer, resolve


def name_suspects(findings: list[Finding], held: Callable[[], set[str]], data: dict) -> None:
    """`held` gives the cells of the relations that held (Run.held_cells): asked for only when some cell lies
    in two failed relations, for only such a cell can be a suspect."""
    failed = [f for f in findings if f.relation is not None]
    seen: set[str] = set()
    for finding in failed:
        if not seen.isdisjoint(finding.relation.linear):
            break
        seen.update(finding.relation.linear)
    else:
        return   # no cell in two failed relations: nobody to name, and no need to work out what held
    implied: dict[str, list[tuple[Finding, float]]] = defaultdict(list)
    for finding in failed:
        for cell, coef in finding.relation.linear.items():
            implied[cell].append((finding, finding.relation.residual / coef))
    candidates: dict[str, tuple[int, float]] = {}
    for cell, pairs in implied.items():
        shifts = [d for _, d in pairs]
        if len(pairs) >= 2 and max(shifts) - min(shifts) < 1e-6:
            candidates[cell] = (len(pairs), shifts[0])
    if not candidates:
        return   # whatever held, no cell explains two failures alike: no need to work out what held
    # a cell in a relation that holds cannot be wrong; each cell's test above is its own, so acquitting
    # after it leaves what acquitting first would
    acquitted = held()
    candidates = {cell: found for cell, found in candidates.items() if cell not in acquitted}
    for finding in failed:
        mine = [(count, cell) for cell, (count, _) in candidates.items() if cell in finding.relation.linear]
        if not mine:
            continue
        best = max(count for count, _ in mine)
        winners = [cell for count, cell in mine if count == best]
        if len(winners) != 1:
            continue
        cell = winners[0]
        value = resolve(data, cell, None)
        if not isinstance(value, (int, float)):
            continue
        corrected = value - candidates[cell][1]
        if isinstance(value, int) and float(corrected).is_integer():
            corrected = int(corrected)
        rules = "、".join(sorted({f.rule for f, _ in implied[cell]}))
        finding.suspect = cell
        finding.actual, finding.expected = value, corrected   # about the one cell, not the two sums
        finding.suggestion = (f"很可能是{describe_pointer(cell)}（{format_number(value)}）有误："
                              f"改为 {format_number(corrected)} 可使 {rules} 同时成立")
