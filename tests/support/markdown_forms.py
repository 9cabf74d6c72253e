"""Render a canonical model as Markdown / pipe-table text (spec §6.5), the way HTML-to-text converters
write a report: the HTML skeleton (tests/support/html_forms.py) with every merged cell spread into empty
padding cells, and table labels in half-width punctuation. Three row shapes:

- "gfm":   `| a | b |  |` with a `|---|` line under the first row;
- "runs":  `a | b ||`, no outer borders, empty cells as runs of `|`;
- "cells": each cell on its own line ending ` |`, an empty cell a bare `|`, a blank line after each row."""

from __future__ import annotations

import re
from typing import Any

from checker.model import SECTION_HEADINGS
from tests.support.html_forms import Row, _signed_on, _tables, with_placeholders

_SECTION_NUMBERS = "一二三四五六"
_HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})


def grid(rows: list[Row]) -> list[list[str]]:
    """Every row as wide as the grid: a merged cell's text once, then empty cells for what it covers."""
    out = []
    for row in with_placeholders(rows):
        cells: list[str] = []
        for cell in row:
            cells += [cell.text.translate(_HALF_WIDTH)] + [""] * (cell.colspan - 1)
        out.append(cells)
    return out


def table_lines(rows: list[Row], shape: str) -> list[str]:
    lines: list[str] = []
    for i, cells in enumerate(grid(rows)):
        if shape == "cells":
            lines += [f"{c} |" if c else "|" for c in cells] + [""]
        elif shape == "runs":
            lines.append(re.sub(r"\|\s+(?=\|)", "|", " | ".join(cells) + " |"))
        else:
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + "---|" * len(cells))
    return lines


def render(model: dict[str, Any], shape: str = "gfm") -> str:
    report = model["report"]
    tables = _tables(model, placeholders=False, split_before=None, label_break=None)
    lines = [f"# {report['organ']}{report['year']}年政府信息公开工作年度报告", ""]
    if model.get("preamble"):
        lines += [model["preamble"], ""]
    texts = {s["number"]: s["text"] for s in model.get("sections", [])}
    for number, heading in SECTION_HEADINGS.items():
        lines += [f"## {_SECTION_NUMBERS[number - 1]}、{heading}", ""]
        for paragraph in (texts.get(number) or "").split("\n"):
            if paragraph:
                lines += [paragraph, ""]
        for piece in tables.get(number, []):
            lines += table_lines(piece, shape) + [""]
    lines += [report["organ"], "", _signed_on(model), ""]
    return "\n".join(lines)
