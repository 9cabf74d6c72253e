"""Page geometry for the PDF reader: which rulings are visible, which words form a ruled table's cells,
which form text lines, and how a line's words join back into Chinese text.

pdfplumber does the heavy lifting (characters with positions, table finding from rulings, line
clustering); this module only decides what to feed it and how to read what it returns for the
government-report layout (spec §6.3).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checker.document import Where
from checker.readers.printing import CLAUSE, is_page_number, join_lines, join_text


# ── text ──────────────────────────────────────────────────────────────────────────────────────────
def is_page_furniture(text: str, first_or_last_on_page: bool) -> bool:
    """A page number line. A bare number counts only at the top or bottom of a page, where a footer
    or header puts it; anywhere else it could be a wrapped figure."""
    t = text.strip()
    return is_page_number(t) or (first_or_last_on_page and bool(_BARE_NUMBER.match(t)))


_BARE_NUMBER = re.compile(r"^\d{1,4}$")


# ── rulings ───────────────────────────────────────────────────────────────────────────────────────
def _is_dark(colour: Any) -> bool:
    """A colour that prints as a visible line: not white, not a near-white tint."""
    if colour is None:
        return False
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour:
        return True  # a pattern or named colour space: assume it is visible
    if len(colour) == 4:  # CMYK: dark when it carries ink
        return any(float(v) > 0.1 for v in colour)
    return any(float(v) < 0.9 for v in colour)


def is_visible_ruling(obj: dict[str, Any]) -> bool:
    """Keep lines and visible rectangle strokes; drop the filled rectangles Word/WPS paint behind every
    paragraph line and table cell (white or tinted backgrounds), which pdfplumber would otherwise take
    for a table grid around the narrative text."""
    kind = obj.get("object_type")
    if kind == "line" or kind == "curve":
        return True
    if kind != "rect":
        return True
    thin = min(obj.get("width", 0), obj.get("height", 0)) < 3
    stroked = bool(obj.get("stroke")) and _is_dark(obj.get("stroking_color"))
    filled_rule = bool(obj.get("fill")) and thin and _is_dark(obj.get("non_stroking_color"))
    return stroked or filled_rule


def closing_rules(edges: list[dict[str, Any]], tolerance: float = 3.0) -> list[dict[str, Any]]:
    """Horizontal rules where a table's vertical rules stop without one.

    A table cut by a page break has no rule under its last row (or over its first row on the next
    page), so pdfplumber cannot close those cells. Where two or more vertical rules end at the same
    height, draw the missing rule from the leftmost to the rightmost of them."""
    verticals = [e for e in edges if e.get("orientation") == "v"]
    rules: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        groups: list[list[dict[str, Any]]] = []
        for edge in sorted(verticals, key=lambda e: e[end]):
            if groups and abs(groups[-1][-1][end] - edge[end]) <= tolerance:
                groups[-1].append(edge)
            else:
                groups.append([edge])
        for group in groups:
            if len(group) < 2:
                continue
            y = sum(e[end] for e in group) / len(group)
            x0 = min(e["x0"] for e in group)
            x1 = max(e["x1"] for e in group)
            rules.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "width": x1 - x0,
                          "top": y, "bottom": y, "height": 0, "doctop": y})
    return rules


# ── ruled tables ──────────────────────────────────────────────────────────────────────────────────
@dataclass
class GridCell:
    text: str
    top: float
    where: Where | None = None     # set by OCR, which knows the cell's box and confidence
    doubt: str | None = None       # OCR could not read it surely (TextCell.doubt)


@dataclass
class Grid:
    """A ruled table as printed rows: each merged cell once, where it starts; a vertical-merge
    continuation as an empty cell (the Document contract)."""

    bbox: tuple[float, float, float, float]
    rows: list[list[GridCell]]
    cell_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.bbox[1]

    def holds(self, obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        x0, top, x1, bottom = self.bbox      # the cells' union: a character outside it is in none of them
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            return False
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in self.cell_boxes)


def find_grids(page: Any) -> list[Grid]:
    """The ruled tables of a page with at least two columns (a one-column frame is a text box)."""
    ruled = page.filter(is_visible_ruling)
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                "explicit_horizontal_lines": closing_rules(ruled.edges)}
    grids = []
    centres: _Centres | None = None
    for table in ruled.find_tables(table_settings=settings):
        texts = table.extract()
        if max((len([c for c in row if c is not None]) for row in texts), default=0) < 2:
            continue
        centres = centres or _Centres(page.chars)
        grids.append(_grid(table, texts, centres))
    return grids


class _Centres:
    """The page's characters by the height of their centre, so that a cell looks only at the characters
    level with it (a page of many cells and many characters stays quick)."""

    def __init__(self, chars: list[dict[str, Any]]):
        placed = [((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c["top"]) for c in chars]
        placed = sorted((p for p in placed if not math.isnan(p[0])), key=lambda p: p[0])  # NaN is in no cell
        self.heights = [p[0] for p in placed]
        self.placed = placed

    def text_top(self, box: tuple[float, float, float, float]) -> float:
        """Where a cell's text starts (its first line), which is what a clerk looks for; the cell's top
        when it is empty."""
        x0, top, x1, bottom = box
        if math.isnan(top) or math.isnan(bottom):
            return top
        start, end = bisect_left(self.heights, top), bisect_right(self.heights, bottom)
        return min((char_top for _, cx, char_top in self.placed[start:end] if x0 <= cx <= x1), default=top)


def _grid(table: Any, texts: list[list[str | None]], centres: _Centres) -> Grid:
    rows = table.rows
    columns = table.columns
    bottom = table.bbox[3]
    right = table.bbox[2]
    row_tops = [r.bbox[1] for r in rows]
    col_lefts = [c.bbox[0] for c in columns]
    # The band each grid position covers: from its own start to the next one's.
    row_bands = [(top, row_tops[i + 1] if i + 1 < len(rows) else bottom) for i, top in enumerate(row_tops)]
    col_bands = [(left, col_lefts[j + 1] if j + 1 < len(columns) else right) for j, left in enumerate(col_lefts)]
    owners: list[tuple[int, tuple[float, float, float, float]]] = []
    for i, row in enumerate(rows):
        for cell in row.cells:
            if cell is not None:
                owners.append((i, cell))

    def owner_of(i: int, j: int) -> tuple[int, tuple[float, float, float, float]] | None:
        cx = sum(col_bands[j]) / 2
        cy = sum(row_bands[i]) / 2
        for start_row, box in owners:
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                return start_row, box
        return None

    printed: list[list[GridCell]] = []
    for i, (row, row_texts) in enumerate(zip(rows, texts)):
        cells: list[GridCell] = []
        previous_owner = None
        for j, (box, text) in enumerate(zip(row.cells, row_texts)):
            if box is not None:
                cells.append(GridCell(join_lines((text or "").split("\n")), centres.text_top(box)))
                previous_owner = (i, box)
                continue
            owner = owner_of(i, j)
            if owner is not None and owner[0] == i:
                continue                      # a horizontal span: the cell was printed to the left
            if owner is not None and owner == previous_owner:
                continue                      # the same merged cell continuing down over several columns
            cells.append(GridCell("", row_bands[i][0]))   # a vertical-merge continuation, or a hole
            previous_owner = owner
        printed.append(cells)
    return Grid(bbox=tuple(table.bbox), rows=printed, cell_boxes=[box for _, box in owners])


# ── text lines ────────────────────────────────────────────────────────────────────────────────────
@dataclass
class Word:
    """A run of characters with no gap, as pdfplumber splits them: a label fragment or one value."""

    text: str
    x0: float
    x1: float
    where: Where
    doubt: str | None = None      # OCR could not read it surely (TextCell.doubt)


@dataclass
class TextLine:
    text: str          # as joined: the PDF's inter-character gaps removed
    x0: float
    x1: float
    top: float
    bottom: float
    size: float        # font size of the line's first character
    page: int
    number: int        # 1-based position of the line on its page, counting every printed line
    words: list[Word] = field(default_factory=list)


def text_lines(page: Any, page_number: int, grids: list[Grid], all_tops: list[float]) -> list[TextLine]:
    """The page's printed lines outside its ruled tables, top to bottom; `all_tops` are the tops of every
    printed line of the page, tables included, which number the lines."""

    def number_of(top: float) -> int:
        return sum(1 for t in all_tops if t <= top + 0.5)

    def outside_grids(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or not any(g.holds(obj) for g in grids)

    from pdfplumber.utils.text import extract_words

    lines = []
    for line in page.filter(outside_grids).extract_text_lines():
        text = join_text(line["text"])
        if not text:
            continue
        if not all(math.isfinite(line[key]) for key in ("x0", "x1", "top", "bottom")):
            continue    # a damaged file can give a glyph no place on the page (NaN): nothing to lay out
        chars = line.get("chars") or []
        size = chars[0].get("size", 0.0) if chars else 0.0
        size = size if math.isfinite(size) else 0.0
        where = Where(page=page_number, line=number_of(line["top"]))
        words = [Word(w["text"], w["x0"], w["x1"], where) for w in extract_words(chars)] if chars else []
        lines.append(TextLine(text, line["x0"], line["x1"], line["top"], line["bottom"], size, page_number,
                              where.line or 1, words))
    return lines


@dataclass(frozen=True)
class BodyLayout:
    """How the body text is set: its left and right edges, font size, line pitch, and whether it is
    justified (full lines all end at the right edge)."""

    left: float
    right: float
    size: float
    pitch: float
    justified: bool


def body_layout(lines: list[TextLine]) -> BodyLayout:
    """Measured on the narrative's lines (those with sentence punctuation), by their most common values,
    so titles, the lines of a table printed without rulings, indented first lines and short last lines
    do not move them."""
    narrative = [line for line in lines if CLAUSE.search(line.text)] or lines
    if not narrative:
        return BodyLayout(0.0, 0.0, 0.0, 0.0, False)
    size = Counter(round(line.size) for line in narrative).most_common(1)[0][0]
    body = [line for line in narrative if round(line.size) == size]
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right_edge, at_edge = Counter(round(line.x1) for line in body).most_common(1)[0]
    # A paragraph's lines follow at the smallest regular distance; extra space marks a new paragraph.
    pitches = sorted(b.top - a.top for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.top)
    pitch = pitches[len(pitches) // 4] if pitches else 0.0
    return BodyLayout(float(left), float(right_edge), float(size), pitch,
                      justified=at_edge >= 0.4 * len(body))
