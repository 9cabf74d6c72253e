"""One walk over a report's tables for the rules: its numbers by pointer (what `runtime.table_values` gives),
its blank row cells (what D11 lists), and its shape, the structure of its tables without their values.

Reports of one template print the same rows and columns, so what the rules find of the structure alone
(the rows a selector picks, the cells of `cells(…)`) is found on the first report of a shape and shared by
the next ones: `Context.shared`. A report whose tables hold anything a pointer cannot name plainly (a key
that is not text or holds "/", a list, a dict of another class) or that carries other reports (the rules
comparing reports) gets no shared memo: its rules find everything on it alone, as before.

`read_by_walk` is the definition. A shape seen twice gets a reader of its own (`_Reader`), which tests a
report's tables, groups and rows against the shape (class, keys in order) in one generated function and
sorts all their cells into values and blanks at once: a report of a shape seen before is read in about
half the time. tests/engine/test_shapes.py compares the two on good and odd reports.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_, is_not
from typing import Any, NamedTuple

from checker.generated_source import GeneratedSource
from checker.model import OTHER_REPORTS, TABLES

SHAPES_KEPT = 64   # distinct table structures remembered; a batch of one template has a handful


class TablesRead(NamedTuple):
    values: dict[str, int | float]        # every number of the tables by pointer (runtime.table_values)
    blanks: dict[str, list[str]] | None   # table → its rows' None cells in printed order (D11); None: unshared
    shared: dict[Any, Any] | None         # the memo of the structure, shared with reports of the same shape


_SHAPES: dict[tuple[str, ...], dict[Any, Any]] = {}


class _Unusual(Exception):
    """Something in the tables that the shared path does not handle: the report is read on its own."""


def _walk(node: dict, prefix: str, values: dict, shape: list, blanks: list) -> None:
    """Depth first, in printed order (as model.rows_under finds the rows)."""
    row = True
    nones = []
    for key, value in node.items():
        if key.__class__ is not str or "/" in key:
            raise _Unusual
        ptr = prefix + key
        kind = value.__class__
        if kind is int or kind is float:
            values[ptr] = value
            shape.append(ptr)
        elif kind is dict:
            row = False
            shape.append(ptr + "/")
            _walk(value, ptr + "/", values, shape, blanks)
        elif value is None:
            nones.append(ptr)
            shape.append(ptr)
        elif kind is str or kind is bool:
            shape.append(ptr)
        else:   # a list, a dict or number of another class
            raise _Unusual
    if row and nones:   # a row (model.is_row: only scalars; node is not empty here)
        blanks.extend(nones)
    shape.append(")")   # a node's end: the same keys at two depths are two shapes


class _Reader:
    """A shape's tables read by one generated function: it tests each table, group and row of a report
    against the shape (its class, its keys in order) and gives the rows' cells; they are then sorted into
    values and blanks with the shape's pointers, all at once. Only for a shape whose every object holds
    either rows and groups or cells (not both) and whose keys are plain text, like the assembler's."""

    def __init__(self, data: dict, shared: dict[Any, Any]) -> None:
        self.shared = shared
        self.pointers: list[str] = []          # every cell of the rows, in printed order
        self.empty: dict[str, None] = {}       # the pointers as a dict's keys: copied to hold the values
        self.spans: dict[str, tuple[int, int]] = {}   # table → its cells' positions in `pointers`
        self.rows: list[str] = []
        source = GeneratedSource({}, temp_prefix="n")
        source.line(0, "def read(data):")
        for table in TABLES:
            node = data.get(table)
            start = len(self.pointers)
            if node.__class__ is dict:
                self._node(node, f"/{table}", "data.get", table, source)
            else:   # absent or not a table (a list or a dict of another class is not for the shared path)
                source.line(1, f"if isinstance(data.get({source.bind(table)}), (dict, list)): return None")
            self.spans[table] = (start, len(self.pointers))
        source.line(1, f"return [{', '.join(f'*{row}.values()' for row in self.rows)}]")
        self.read = source.function("read", "<table shape>")   # from the shape's keys, bound
        self.empty = dict.fromkeys(self.pointers)

    def _node(self, node: dict, pointer: str, getter: str, key: str, source: GeneratedSource) -> None:
        name = source.temp()
        if getter == "data.get":
            source.line(1, f"{name} = data.get({source.bind(key)})")
        else:
            source.line(1, f"{name} = {getter}[{source.bind(key)}]")
        source.line(1, f"if {name}.__class__ is not dict or tuple({name}) != {source.bind(tuple(node))}: return None")
        if all(value.__class__ is dict for value in node.values()) and node:
            for child, value in node.items():   # a key the test above found: read by subscript
                self._node(value, f"{pointer}/{child}", name, child, source)
        elif not any(value.__class__ is dict for value in node.values()):
            self.rows.append(name)   # a row: its cells are given in printed order, sorted by _read_fast
            self.pointers.extend(f"{pointer}/{child}" for child in node)
        else:
            raise _Unusual   # rows beside cells: read by _walk alone


_READERS: dict[tuple, list[_Reader]] = {}   # the fast readers of the shapes seen, by _signature
_READER_MADE = object()   # in a shape's shared memo: its reader is made (a key no rule's memo uses)
_SCALARS = frozenset({int, float, str, bool, type(None)})
_NUMBERS = frozenset({int, float})
_NUMBERS_OR_NONE = frozenset({int, float, type(None)})


def _signature(data: dict) -> tuple:
    """How many rows and groups each table has at its top: the readers a report's shape can be among."""
    return tuple(len(node) if node.__class__ is dict else -1 for node in map(data.get, TABLES))


def _read_fast(data: dict) -> TablesRead | None:
    """The tables read by the reader of a shape seen before; None when none fits (or a cell is of a class
    _walk would not take): _walk decides."""
    for reader in _READERS.get(_signature(data), ()):
        cells = reader.read(data)
        if cells is not None:
            break
    else:
        return None
    classes = set(map(type, cells))
    pointers = reader.pointers
    if classes <= _NUMBERS:   # the usual report, every cell printed: a copy of the pointers' dict, filled in
        values = reader.empty.copy()   # (sized once, not grown key by key as dict(zip(...)) grows it)
        values.update(zip(pointers, cells))
        return TablesRead(values, {table: [] for table in TABLES}, reader.shared)
    if not classes <= _SCALARS:
        return None
    if classes <= _NUMBERS_OR_NONE:   # blank cells: sorted out in C
        values = dict(compress(zip(pointers, cells), map(is_not, cells, repeat(None))))
    else:
        values = {pointer: value for pointer, value in zip(pointers, cells)
                  if value.__class__ is int or value.__class__ is float}
    blanks = {table: list(compress(pointers[start:end], map(is_, cells[start:end], repeat(None))))
              for table, (start, end) in reader.spans.items()}
    return TablesRead(values, blanks, reader.shared)


def read_tables(data: dict) -> TablesRead | None:
    """The report's tables read once for every check; None when the report is not for the shared path."""
    if any(other in data for other in OTHER_REPORTS):
        return None
    return _read_fast(data) or read_by_walk(data)


def read_by_walk(data: dict) -> TablesRead | None:
    """read_tables by _walk, the definition of a shape: the fast readers are made from what it finds."""
    values: dict[str, int | float] = {}
    shape: list[str] = []
    blanks: dict[str, list[str]] = {}
    if any(other in data for other in OTHER_REPORTS):
        return None
    try:
        for table in TABLES:
            node = data.get(table)
            found: list[str] = []
            blanks[table] = found
            if node.__class__ is dict:
                shape.append(f"/{table}/")
                _walk(node, f"/{table}/", values, shape, found)
            elif isinstance(node, (dict, list)):
                return None
            else:
                shape.append(f"/{table}!")   # absent or not a table: no rows under it
    except _Unusual:
        return None
    key = tuple(shape)
    shared = _SHAPES.get(key)
    if shared is None:
        if len(_SHAPES) >= SHAPES_KEPT:
            _SHAPES.clear()
            _READERS.clear()
        shared = _SHAPES[key] = {}
    elif not shared.get(_READER_MADE):   # a shape seen twice: the next ones are read by its own reader
        shared[_READER_MADE] = True
        try:
            _READERS.setdefault(_signature(data), []).append(_Reader(data, shared))
        except _Unusual:
            pass
    return TablesRead(values, blanks, shared)
