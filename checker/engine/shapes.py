"""One walk over a report's tables for the rules: its numbers by pointer (what `runtime.table_values` gives),
its blank row cells (what D11 lists), and its shape, the structure of its tables without their values.

Reports of one template print the same rows and columns, so what the rules find of the structure alone
(the rows a selector picks, the cells of `cells(…)`) is found on the first report of a shape and shared by
the next ones: `Context.shared`. A report whose tables hold anything a pointer cannot name plainly (a key
that is not text or holds "/", a list, a dict of another class) or that carries other reports (the rules
comparing reports) gets no shared memo: its rules find everything on it alone, as before.
"""

from __future__ import annotations

from typing import Any, NamedTuple

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


def read_tables(data: dict) -> TablesRead | None:
    """The report's tables read once for every check; None when the report is not for the shared path."""
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
        shared = _SHAPES[key] = {}
    return TablesRead(values, blanks, shared)
