"""Text exported from Word ("Plain Text"/"Unicode Text"): paragraphs are lines, table cells are lines
that start with a TAB, a blank line ends a table row, and a vertically merged cell continues as an
empty TAB line (spec §6.2)."""

from __future__ import annotations

import re

from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.readers.decoding import decode, split_lines

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")


def has_tab_cells(text: str) -> bool:
    """Word's text export puts every table cell on a line that starts with a TAB."""
    return text.startswith("\t") or "\n\t" in text or "\r\t" in text


__all__ = ["FORM_SPEC", "has_tab_cells", "parse_lines", "read", "split_lines"]


def parse_lines(lines: list[str]) -> Document:
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    row: list[TextCell] = []

    def end_row() -> None:
        nonlocal row
        if row and table is not None:
            table.rows.append(row)
        row = []

    for number, raw_line in enumerate(lines, start=1):
        line = _ARTEFACT.sub("", raw_line) if "[bookmark:" in raw_line else raw_line
        if line.startswith("\t"):
            if table is None:
                table = Table(rows=[], where=Where(line=number, column=1))
                blocks.append(table)
            column = 2
            for part in line[1:].split("\t"):
                row.append(TextCell(part.strip(), Where(line=number, column=column)))
                column += len(part) + 1
        elif not line.strip():
            end_row()
        else:
            end_row()
            table = None
            offset = len(line) - len(line.lstrip())
            blocks.append(Paragraph(line.strip(), Where(line=number, column=offset + 1)))
    end_row()
    return Document(blocks=blocks)


def read(raw: bytes, name: str) -> Document:
    text, _ = decode(raw, name)
    lines = split_lines(text)
    document = parse_lines(lines)
    document.lines = lines
    return document


FORM_SPEC = FormSpec("text", (".txt", ".text"), "line", read, suffix_decides=False, looks_like=has_tab_cells,
                     summary="text exported from Word (table cells on TAB lines)")
