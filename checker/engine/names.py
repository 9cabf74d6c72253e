"""Chinese names for rows, columns and cells in messages: the model catalogue's titles, looked up by pointer."""

from __future__ import annotations

from checker.model import column_title, describe_pointer, row_title

describe_cell = describe_pointer

__all__ = ["column_title", "describe_cell", "row_title"]
