"""Which paths a rule may name: the union of both templates' tables, taken from the catalogue in model.py.

A rule that names `applications.results.totl` must fail when it loads, not silently find nothing, so every
path in an expression is checked here against the cells the two templates define.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, COLUMN_KINDS, DISCLOSURE_ROWS, REVIEW_COLUMNS,
                           OTHER_REPORTS, REVIEW_GROUPS, TABLES, TEMPLATES)

# `report.<field>` values a rule may read, and whether each is a number or text
REPORT_FIELDS = {"year": "num", "template": "str", "kind": "str", "organ": "str", "title": "str",
                 "signed_on": "str", "published_on": "str", "deadline": "str", "period.start": "str", "period.end": "str"}


@dataclass
class PathInfo:
    """What a path is in either template: a table, a group of rows, a row, or a cell (kinds may differ:
    `applications.results.other` is a row in 2019 and a group in 2021)."""

    kinds: set[str] = field(default_factory=set)
    columns: set[str] = field(default_factory=set)   # for rows: the value columns it has


def table_columns(table: str) -> tuple[str, ...]:
    if table == "applications":
        return APPLICANT_COLUMNS
    if table == "review_litigation":
        return REVIEW_COLUMNS
    return tuple(COLUMN_KINDS)


def cell_kind(table: str, column: str) -> str:
    """count, delta or money (spec §3): every table-三 and table-四 cell is a count."""
    return COLUMN_KINDS.get(column, "count") if table == "active_disclosure" else "count"


@cache
def template_rows(template: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """table → ((row path, columns), …) as the template prints them."""
    return {
        "active_disclosure": tuple(((row.key,), row.columns) for row in DISCLOSURE_ROWS[template]),
        "applications": tuple((path, APPLICANT_COLUMNS) for path, _ in APPLICATION_ROWS[template]),
        "review_litigation": tuple(((group,), REVIEW_COLUMNS) for group in REVIEW_GROUPS),
    }


@cache
def known_paths() -> dict[tuple[str, ...], PathInfo]:
    paths: dict[tuple[str, ...], PathInfo] = {}
    for template in TEMPLATES:
        for table, rows in template_rows(template).items():
            paths.setdefault((table,), PathInfo()).kinds.add("table")
            for row_path, columns in rows:
                full = (table, *row_path)
                for depth in range(2, len(full)):
                    paths.setdefault(full[:depth], PathInfo()).kinds.add("group")
                info = paths.setdefault(full, PathInfo())
                info.kinds.add("row")
                info.columns.update(columns)
                for column in columns:
                    paths.setdefault((*full, column), PathInfo()).kinds.add("cell")
    return paths
