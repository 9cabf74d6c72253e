"""Text exported from Word ("Plain Text"/"Unicode Text"): paragraphs are lines, table cells are lines
that start with a TAB, a blank line ends a table row, and a vertically merged cell continues as an
empty TAB line (spec §6.2)."""

from __future__ import annotations

import re

from checker.document import Document, Paragraph, Table, TextCell, Where
from checker.readers.decoding import decode, looks_binary

FORM = "text"
SUFFIXES = (".txt", ".text")

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")


def sniff(head: bytes, name: str) -> bool:
    return not looks_binary(head)


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


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
        line = _ARTEFACT.sub("", raw_line)
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


def read(raw: bytes, name: str):
    from checker.assemble import build_report

    text, _ = decode(raw, name)
    lines = split_lines(text)
    if not any(line.startswith("\t") for line in lines):
        # No TAB cells: pipe tables further down than the sniffer looked, or a page saved flat (§6.4).
        from checker.readers import flat, markdown

        if markdown.has_pipe_table(lines):
            return markdown.read(raw, name)
        return flat.read_lines(lines, name)
    return build_report(parse_lines(lines), path=name, form=FORM, lines=lines)
