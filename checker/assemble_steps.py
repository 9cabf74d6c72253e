"""A printed row that files nothing (a caption, a header, a group's label row) read from what reading it
did before. Such a row only moves the table reader on: the table and group it opens, the columns its
headings name, the template evidence it shows. What it does depends on its texts and on the reader's
state alone, and every report of a template prints the same few: so the step it made is kept by them and
taken again without reading the row (making its cells, its label text, asking the label functions).

The reading stays the definition. A step is kept only when reading the row (in full, TableReader._read)
filed no value, made no finding, no extra and no value-only row, and left no misprinted heading pending; a
row is read in full the first time its key is seen (most rows that file values are seen once: their numbers
differ), its step kept the second time, and taken from the third. The key: the row's texts, the open
table and group and the columns of tables 二 and 三. A row whose reading asked the template evidence (which
columns a row without a header fills) has no step, and a reader with a misprinted heading pending reads
every row in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from checker.assemble_rows import PLAN_TEXT, texts_label

if TYPE_CHECKING:
    from checker.assemble_tables import TableReader

STEPS: dict[tuple, tuple | None] = {}    # a row's key → its step, or None: the row is read in full
_SEEN: set[tuple] = set()               # keys seen once
KEPT = 2048


def read_row(tables: TableReader, texts: list[str], read: Callable[[], None]) -> None:
    """Read a printed row that no row plan reads: by its step, or in full (`read`), keeping its step."""
    if tables.misprinted_columns or sum(map(len, texts)) > PLAN_TEXT:    # a page's run-on text is kept by no step
        read()
        return
    key = (tuple(texts), tables.context, tables.group, tables.disclosure_columns, tables.applicant_columns)
    step = STEPS.get(key, _SEEN)
    if step is _SEEN:
        if key in _SEEN:
            step = _record(tables, texts, read)
            if len(STEPS) >= KEPT:
                STEPS.clear()
            STEPS[key] = step
            return
        if len(_SEEN) >= KEPT:
            _SEEN.clear()
        _SEEN.add(key)
        read()
        return
    if step is None:
        read()
        return
    context, group, columns, applicant_columns, sub_columns, unflagged, witnessed, switches = step
    if switches and context:      # TableReader._switch_context, for a row with a text
        tables.seen_tables.add(context)
    tables.context, tables.group = context, group
    tables.disclosure_columns, tables.applicant_columns, tables.sub_columns = columns, applicant_columns, sub_columns
    if unflagged:
        tables.misprinted_columns = []
    witness = tables.builder.witness
    for found in witnessed:
        witness(found)


def _record(tables: TableReader, texts: list[str], read: Callable[[], None]) -> tuple | None:
    """Read the row in full, watching: its step, or None when it filed or reported anything."""
    b = tables.builder
    counts = (len(b.source_map), len(b.problems), len(b.extras), len(tables.detached), len(tables.labelled))
    misprinted = tables.misprinted_columns
    witnessed: list[Any] = []
    witness = b.witness

    def watched(found: Any) -> None:
        witnessed.append(found)
        witness(found)

    def consulted(key: str) -> tuple[str, ...]:
        evidence.append(key)
        return default_columns(key)

    evidence: list[str] = []      # whether the reading asked the template evidence (the default columns)
    default_columns = tables._default_columns
    b.witness = watched     # type: ignore[method-assign]
    tables._default_columns = consulted     # type: ignore[method-assign]
    try:
        read()
    finally:
        del b.witness, tables._default_columns
    if evidence or counts != (len(b.source_map), len(b.problems), len(b.extras), len(tables.detached), len(tables.labelled)):
        return None
    if tables.misprinted_columns is not misprinted and tables.misprinted_columns:
        return None
    return (tables.context, tables.group, tables.disclosure_columns, tables.applicant_columns, tables.sub_columns,
            tables.misprinted_columns is not misprinted,
            tuple(witnessed), bool(texts_label(texts)))
