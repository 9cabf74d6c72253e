"""Filing cells into the canonical model: `Builder` holds the Report's data, source_map, reader findings
and template evidence while the assembler (assemble.py, assemble_tables.py) reads a Document; each value
goes in with its printed text and place, and a cell that cannot be read becomes None plus a reader
finding, never a guessed number."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from checker import values
from checker.builtin_findings import READ_CELL, READ_DUPLICATE, READ_OCR, BuiltinFinding
from checker.diagnostics import Diagnostic, Location
from checker.document import TextCell, Where
from checker.model import COLUMN_KINDS, describe_pointer

@dataclass
class Builder:
    path: str
    data: dict[str, Any] = field(default_factory=dict)
    source_map: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=lambda: {"2019": [], "2021": []})
    extras: list[dict[str, Any]] = field(default_factory=list)
    witnessed: set[tuple[str, str]] = field(default_factory=set)     # the evidence witness() was given

    # ── cells ────────────────────────────────────────────────────────────────────────────────────
    def note(self, finding: BuiltinFinding, message: str, where: Where | None, text: str | None = None,
             cells: list[str] | None = None) -> None:
        where = where or Where()
        self.problems.append(finding.diagnostic(
            message, Location(self.path, where.line, where.column, where.page, text), cells))

    def witness(self, evidence: tuple[str, str] | None) -> None:
        """Keep a printed label that shows which template the report follows (template.py says which).
        Each is asked once (a set of those kept: the rows of a table witness the same few again and again)."""
        if evidence is None or evidence in self.witnessed:
            return
        self.witnessed.add(evidence)
        template, label = evidence
        if label not in self.evidence[template]:
            self.evidence[template].append(label)

    def put(self, parts: tuple[str, ...], cell: TextCell, kind: str) -> None:
        self.put_row(parts[:-1], parts[-1:], (cell,), kind)

    def put_row(self, head: tuple[str, ...], columns: Sequence[str], cells: Sequence[TextCell], kind: str | None) -> None:
        """File the cells of one row (`head`: its path) under their columns, side by side (the shorter
        decides); `kind` None: each column's own (COLUMN_KINDS). The row's place in the model is found
        once, when there is a cell to file; a cell filed twice keeps its first value. Each cell's value,
        unit and place go to data and source_map."""
        if not columns or not cells:
            return
        node = self._row_node(head)
        pointers = _POINTERS.get(head)     # column → model.pointer of its cell in this row
        if pointers is None:
            pointers = _row_pointers(head)
        source_map = self.source_map
        for column, cell in zip(columns, cells):
            cell_kind = kind or COLUMN_KINDS[column]
            if cell.doubt is None and not cell.reading and cell_kind != "money" and node is not None \
                    and column not in node:   # the usual cell: the general path's steps that apply to it
                text = cell.text
                parsed = _MEMOS[cell_kind].get(text) or _PARSERS[cell_kind](text)   # a CellValue is truthy
                if parsed.ok:
                    node[column] = parsed.value
                    where = cell.where       # Where.source_entry, made here for a place of line, column, page
                    entry = where.entry
                    if entry is not None:
                        entry = entry.copy()
                        entry["text"] = text
                    elif where.placed:
                        entry = where.source_entry(text)
                    else:
                        entry = {"line": where.line, "column": where.column, "page": where.page, "text": text}
                    source_map[pointers.get(column) or pointers.setdefault(column, pointers[""] + column)] = entry
                    continue
            self._put(pointers[""] + column, node, column, cell, cell_kind)

    def put_counts(self, head: tuple[str, ...], columns: Sequence[str], pointers: Sequence[str],
                   cells: Sequence[TextCell]) -> None:
        """put_row(head, columns, cells, "count") with each column's pointer given (assemble_rows.filing):
        the same values, places and findings, for the rows of table 三 read by their label's plan."""
        node = self._row_node(head)
        if node is None:
            self.put_row(head, columns, cells, "count")
            return
        memo, parse, source_map = _COUNTS, _PARSE_COUNT, self.source_map
        for column, ptr, cell in zip(columns, pointers, cells):
            text = cell.text
            if column not in node and cell.doubt is None and not cell.reading:
                parsed = memo.get(text) or parse(text)    # a CellValue is truthy
                if parsed.ok:
                    node[column] = parsed.value
                    where = cell.where
                    entry = where.entry
                    if entry is not None:
                        entry = entry.copy()
                        entry["text"] = text
                    elif where.placed:
                        entry = where.source_entry(text)
                    else:
                        entry = {"line": where.line, "column": where.column, "page": where.page, "text": text}
                    source_map[ptr] = entry
                    continue
            self._put(ptr, node, column, cell, "count")

    def put_texts(self, head: tuple[str, ...], columns: Sequence[str], pointers: Sequence[str], texts: Sequence[str],
                  places: Sequence[Where], kind: str | None) -> None:
        """put_row for a printed row's cells given as their texts and places (a PrintedTable's), with each
        column's pointer given: the same values, places and findings. Such a cell has no OCR doubt and no
        other reading."""
        if not columns or not texts:
            return
        node = self._row_node(head)
        if node is None:
            self.put_row(head, columns, list(map(TextCell, texts, places)), kind)
            return
        source_map = self.source_map
        for column, ptr, text, where in zip(columns, pointers, texts, places):
            cell_kind = kind or COLUMN_KINDS[column]
            if cell_kind != "money" and column not in node:
                parsed = _MEMOS[cell_kind].get(text) or _PARSERS[cell_kind](text)   # a CellValue is truthy
                if parsed.ok:
                    node[column] = parsed.value
                    entry = where.entry
                    if entry is None:
                        entry = where.source_entry(text)
                    else:
                        entry = entry.copy()
                        entry["text"] = text
                    source_map[ptr] = entry
                    continue
            self._put(ptr, node, column, TextCell(text, where), cell_kind)

    def put_numbers(self, head: tuple[str, ...], columns: Sequence[str], pointers: Sequence[str], texts: Sequence[str],
                    places: Sequence[Where]) -> None:
        """put_counts for a printed row's cells given as their texts and places (put_texts(…, "count"), its
        steps for a count written out)."""
        node = self._row_node(head)
        if node is None:
            self.put_row(head, columns, list(map(TextCell, texts, places)), "count")
            return
        memo, parse, source_map = _COUNTS, _PARSE_COUNT, self.source_map
        for column, ptr, text, where in zip(columns, pointers, texts, places):
            if column not in node:
                parsed = memo.get(text) or parse(text)    # a CellValue is truthy
                if parsed.ok:
                    node[column] = parsed.value
                    entry = where.entry
                    if entry is None:
                        entry = where.source_entry(text)
                    else:
                        entry = entry.copy()
                        entry["text"] = text
                    source_map[ptr] = entry
                    continue
            self._put(ptr, node, column, TextCell(text, where), "count")

    def _put(self, ptr: str, node: dict[str, Any] | None, column: str, cell: TextCell, kind: str) -> None:
        text = cell.text
        doubt = cell.doubt
        parsed = _PARSERS[kind]("" if doubt else text)   # a doubtful OCR reading is blank
        entry = cell.where.source_entry(text)
        if cell.reading:
            entry["read_by"] = cell.reading
        if kind == "money":
            entry["unit"] = parsed.unit
        if doubt:
            self.note(READ_OCR, f"{describe_pointer(ptr)}：{doubt}；按空白处理，请核对原件", cell.where, text, cells=[ptr])
        if not parsed.ok:
            self.note(READ_CELL, f"单元格无法识别为数值：{parsed.reason}；按空白处理，请核对原表", cell.where,
                      text, cells=[ptr])
        if node is None:   # a row where a group was expected, or the reverse
            return
        if column in node:
            self.note(READ_DUPLICATE, f"{ptr[1:]} 出现两次，保留第一次的数值", cell.where, text, cells=[ptr])
            return
        node[column] = parsed.value
        self.source_map[ptr] = entry

    def _row_node(self, head: tuple[str, ...]) -> dict[str, Any] | None:
        node = self.data
        for part in head:
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            elif child.__class__ is not dict:  # a row where a group was expected, or the reverse
                return None
            node = child
        return node


# The pointers of the cells of the rows filed, by row (their path) and column: the same few hundred in
# every report, made once (and hashed once: source_map is keyed by them). "" holds the row's prefix.
_POINTERS: dict[tuple[str, ...], dict[str, str]] = {}
_ROWS_KEPT = 512


def _row_pointers(head: tuple[str, ...]) -> dict[str, str]:
    if len(_POINTERS) >= _ROWS_KEPT:
        _POINTERS.clear()
    pointers = _POINTERS[head] = {"": "/" + "/".join(head) + "/"}
    return pointers


# values.parse of each kind, remembered by the text alone (values.short_text_cache)
_PARSERS = {kind: values.short_text_cache(parser) for kind, parser in values.PARSERS.items()}
_MEMOS = {kind: parser.memo for kind, parser in _PARSERS.items()}   # their answers, looked up without a call
_PARSE_COUNT, _COUNTS = _PARSERS["count"], _MEMOS["count"]
