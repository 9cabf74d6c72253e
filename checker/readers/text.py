"""Text exported from Word ("Plain Text"/"Unicode Text"): paragraphs are lines, table cells are lines
that start with a TAB, a blank line ends a table row, and a vertically merged cell continues as an
empty TAB line (spec §6.2)."""

from __future__ import annotations


from checker.document import Document, FormSpec, Paragraph, PrintedTable, Table, Where
from checker.lazy_re import lazy
from checker.readers.decoding import decode, split_lines

_ARTEFACT = lazy(r"\[bookmark:[^\]]*\]")
_strip = str.strip


def has_tab_cells(text: str) -> bool:
    """Word's text export puts every table cell on a line that starts with a TAB."""
    return text.startswith("\t") or "\n\t" in text or "\r\t" in text


__all__ = ["FORM_SPEC", "has_tab_cells", "parse_lines", "read", "split_lines"]


# Where(line, 2), the place of a TAB line's one cell, by line number: a Where is frozen, so the places of
# every report's first few thousand lines are made once (they were a third of the cost of reading a report).
# The list is replaced, never changed, so a reader in another thread always sees Where(i, 2) at [i].
_PLACES: list[Where] = [Where()]
_PLACES_KEPT = 5000


def _cell_places(count: int) -> list[Where]:
    global _PLACES
    places = _PLACES
    if len(places) <= count:
        places = places + [Where(number, 2).kept() for number in range(len(places), count + 1)]
        if count < _PLACES_KEPT:
            _PLACES = places
    return places


# Where(line, 1), the place of a paragraph printed from the start of its line, kept alike.
_STARTS: list[Where] = [Where()]


def _line_starts(count: int) -> list[Where]:
    global _STARTS
    starts = _STARTS
    if len(starts) <= count:
        starts = starts + [Where(number, 1) for number in range(len(starts), count + 1)]
        if count < _PLACES_KEPT:
            _STARTS = starts
    return starts


def parse_lines(lines: list[str], artefacts: bool | None = None, one_cell_lines: bool | None = None) -> Document:
    """The Document of a text export's lines. `artefacts`: whether any line holds a converter's
    [bookmark:…] (None: look), taken out before the lines are read. `one_cell_lines`: whether every TAB
    starts its line (None: look). Tables are PrintedTables: each row its cells' texts and places, the
    TextCells made when someone reads `rows`."""
    if artefacts is None:
        artefacts = any("[bookmark:" in line for line in lines)
    if artefacts:
        lines = [_ARTEFACT.sub("", line) if "[bookmark:" in line else line for line in lines]
    cell_places = _cell_places(len(lines))
    starts = _line_starts(len(lines))
    # Whether every TAB of the page starts its line (each TAB line one cell, the usual export), found in
    # one pass over the joined lines (they hold no LF) instead of a find() on every TAB line.
    if one_cell_lines is None:
        joined = "\n".join(lines)
        one_cell_lines = joined.count("\t") == joined.count("\n\t") + (joined[:1] == "\t")
    if one_cell_lines:
        return Document(blocks=_one_cell_blocks(lines, cell_places, starts))
    blocks: list[Paragraph | Table] = []
    printed: list[tuple[list[str], list[Where]]] = []    # the rows of the table being read
    in_table = False
    first = 0            # the line of the row being read's first cell (0: no row open)
    texts: list[str] = []
    places: list[Where] = []
    where, paragraph = Where, Paragraph
    for number, line in enumerate(lines, 1):
        if line and line[0] == "\t":
            if not first:
                first = number
                if not in_table:
                    printed = []
                    blocks.append(PrintedTable(where(number, 1), printed))
                    in_table = True
            if line.find("\t", 1) < 0:
                texts.append(line.strip())
                places.append(cell_places[number])
                continue
            column = 2
            for part in line[1:].split("\t"):
                texts.append(part.strip())
                places.append(where(number, column))
                column += len(part) + 1
            continue
        if first:
            printed.append((texts, places))
            texts, places = [], []
            first = 0
        if line:
            start = line.lstrip()
            if start:
                in_table = False
                column = len(line) - len(start) + 1
                blocks.append(paragraph(start.rstrip(), starts[number] if column == 1 else where(number, column)))
    if first:
        printed.append((texts, places))
    return Document(blocks=blocks)


def _one_cell_blocks(lines: list[str], cell_places: list[Where], starts: list[Where]) -> list[Paragraph | Table]:
    """parse_lines' blocks of a page whose every TAB starts its line: a row is its run of TAB lines, its
    texts a slice of the lines stripped all at once (one map, not one a row) and its places a slice of
    cell_places, so a TAB line costs the loop three tests. A paragraph's text is its stripped line too."""
    blocks: list[Paragraph | Table] = []
    printed: list[tuple[list[str], list[Where]]] = []    # the rows of the table being read
    in_table = False
    first = 0            # the line of the row being read's first cell (0: no row open)
    where, paragraph = Where, Paragraph
    stripped = list(map(_strip, lines))
    for number, line in enumerate(lines, 1):
        if line and line[0] == "\t":
            if not first:
                first = number
                if not in_table:
                    printed = []
                    blocks.append(PrintedTable(where(number, 1), printed))
                    in_table = True
            continue
        if first:
            printed.append((stripped[first - 1:number - 1], cell_places[first:number]))
            first = 0
        if line:
            text = stripped[number - 1]
            if text:
                in_table = False
                # printed from the start of its line unless it starts with whitespace (strip() takes what isspace() says)
                blocks.append(paragraph(text, where(number, len(line) - len(line.lstrip()) + 1) if line[0].isspace()
                                        else starts[number]))
    if first:
        printed.append((stripped[first - 1:], cell_places[first:len(lines) + 1]))
    return blocks


def read(raw: bytes, name: str) -> Document:
    text, _ = decode(raw, name)
    lines = split_lines(text)
    # every TAB starts a line: after an LF (CRLF's too) or at the start; a TAB after another line break
    # (a lone CR, a form feed …) is not counted, and such a page is read as if a TAB stood inside a line
    one_cell_lines = text.count("\t") == text.count("\n\t") + (text[:1] == "\t") or None
    document = parse_lines(lines, "[bookmark:" in text, one_cell_lines)
    document.lines = lines
    return document


FORM_SPEC = FormSpec("text", (".txt", ".text"), "line", read, suffix_decides=False, looks_like=has_tab_cells,
                     summary="text exported from Word (table cells on TAB lines)")
