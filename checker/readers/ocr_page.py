"""One page image read by OCR into the items the PDF reader lays out: ruled tables cell by cell, and the
lines of text outside them.

- The page is deskewed first (ocr_grid.deskew_angle), so rulings and text lines are level.
- Ruled tables: every cell is cut out between its rulings; a cell with no ink is empty (never `0`); each
  line of ink in it is recognised on its own, and the cell's confidence is its least certain character.
  A cell whose reading looks like a value (digits) is trusted only when every character was read with at
  least CONFIDENCE and the reading is one value; otherwise it carries the reason (`doubt`), and the
  assembler leaves it blank with READ-OCR on the cell (the reading stays in source_map). A digit is
  never guessed.
- Other text: the engine's detector finds the lines; a line is cut into words where its ink leaves a gap
  wider than the line is tall (the values of a table without rulings), each word is recognised, doubted
  like a cell, and the lines become TextLines, so the PDF reader's paragraph and unruled-table logic
  applies.

Coordinates handed on are PDF points (pixels / scale) for a PDF page, so the layout heuristics keep their
meaning; for an image file the scale is chosen so that the page is A4 wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from checker import values
from checker.document import Where
import checker.readers.ocr_grid as ocr_grid
from checker.readers.ocr_engine import Engine, Reading
from checker.readers.pdf_layout import Grid, GridCell, TextLine, Word
from checker.readers.printing import join_lines, join_text

CONFIDENCE = 0.90        # the least certain character of a value must be at least this sure
LABEL_CONFIDENCE = 0.6   # a group label set down a narrow cell, below this, is left out (its rows are not)

# What a value cell holds, and the characters OCR confuses with digits (O for 0, l for 1 …): such a cell
# is read as a value, so a confusion is a doubt, not a label.
_VALUE_CHARS = re.compile(r"[0-9０-９.．,，+\-－—–/%％OoIl|SBZ\s]")
_DIGIT = re.compile(r"[0-9０-９]")
_TWO_NUMBERS = re.compile(r"\d\s+\d")


@dataclass
class PageRead:
    lines: list[TextLine]
    grids: list[Grid]
    line_tops: list[float]

    @property
    def has_text(self) -> bool:
        """Anything read at all (an empty ruled grid is not)."""
        return bool(self.lines) or any(c.text or c.doubt for g in self.grids for row in g.rows for c in row)


def _value_like(text: str) -> bool:
    compact = re.sub(r"\s", "", text)
    if not compact or not _DIGIT.search(compact):
        return False
    return sum(1 for ch in compact if _VALUE_CHARS.match(ch)) * 2 > len(compact)


def _doubt(text: str, confidence: float, gap: bool) -> str | None:
    """Why a cell's reading is not to be trusted, or None."""
    if not _value_like(text):
        return None
    if gap or _TWO_NUMBERS.search(text):
        return f"单元格中识别出两组数字（“{text}”），表格线与文字位置不一致"
    if confidence < CONFIDENCE:
        return f"识别为“{text}”，但置信度 {confidence:.2f} 低于 {CONFIDENCE:.2f}"
    if not values.looks_like_value(text):
        return f"识别为“{text}”，不是一个完整的数值"
    return None


def read_page(image: Any, page: int, scale: float, engine: Engine) -> PageRead:
    """`image`: the page as a BGR array; `scale`: its pixels per point."""
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = ocr_grid.binarise(gray)
    angle = ocr_grid.deskew_angle(ink)
    if angle:
        h, w = gray.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        image = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        ink = ocr_grid.binarise(gray)
    frames = ocr_grid.find_frames(ink, scale)

    # ── table cells ──
    pad = max(2, int(1.5 * scale))
    crops, owners = [], []
    cell_bands: dict[int, list[ocr_grid.Box]] = {}
    vertical: set[int] = set()
    for frame in frames:
        for cell in frame.cells:
            bands = ocr_grid.text_bands(ink, cell.box, scale)
            cell_bands[id(cell)] = bands
            if _vertical(bands):      # one character per line: read as one line, in context
                crops.append(_stitch([_crop(image, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
                                      for x0, y0, x1, y1 in _characters(bands)]))
                owners.append(id(cell))
                vertical.add(id(cell))
                continue
            for x0, y0, x1, y1 in bands:
                crops.append(_crop(image, x0 - pad, y0 - pad, x1 + pad, y1 + pad))
                owners.append(id(cell))
    readings: dict[int, list[Reading]] = {}
    for owner, reading in zip(owners, _second_look(crops, engine.recognise(crops), engine)):
        if owner in vertical and reading.confidence < LABEL_CONFIDENCE:
            reading = Reading("", 1.0)    # a group label read unsurely: left out, the rows keep their own
        readings.setdefault(owner, []).append(reading)

    # ── text outside the tables ──
    masked = image.copy()
    for frame in frames:
        x0, y0, x1, y1 = frame.box
        masked[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 255
    boxes = [b for b in (_tighten(ink, box) for box in _detect(engine, masked, scale)) if b is not None]
    boxes = [w for b in boxes if not any(_inside(b, f.box) for f in frames) for w in _words(ink, b)]
    line_crops = [_crop(image, x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in boxes]
    line_readings = _second_look(line_crops, engine.recognise(line_crops), engine)
    return _assemble(page, scale, frames, cell_bands, readings, ink, list(zip(boxes, line_readings)), vertical)


DETECT_DPI = 100        # text lines are found on the page reduced to this resolution: as sure, and cheaper


def _detect(engine: Engine, image: Any, scale: float) -> list[ocr_grid.Box]:
    """The boxes of the text lines, found on a reduced copy of the page (the boxes are then cut to the
    ink at full resolution by _tighten, and recognised from the full-resolution page)."""
    import cv2

    factor = min(1.0, DETECT_DPI / (72 * scale))
    if factor >= 0.95:
        return engine.detect(image)
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    grow = max(2, int(2 / factor))
    return [(int(x0 / factor) - grow, int(y0 / factor) - grow, int(x1 / factor) + grow, int(y1 / factor) + grow)
            for x0, y0, x1, y1 in engine.detect(small)]


def _second_look(crops: list[Any], first: list[Reading], engine: Engine) -> list[Reading]:
    """A value read with too little confidence is read again from its crop with speckle removed (a 3×3
    median filter). The reading stands only when both readings agree and the second is sure enough;
    otherwise the first, doubtful one is kept (and the cell will be left blank)."""
    import cv2

    again = [i for i, r in enumerate(first) if r.confidence < CONFIDENCE and _value_like(r.text)]
    out = list(first)
    for i, reading in zip(again, engine.recognise([cv2.medianBlur(crops[i], 3) for i in again])):
        if reading.text == first[i].text and reading.confidence >= CONFIDENCE:
            out[i] = reading
    return out


def _vertical(bands: list[ocr_grid.Box]) -> bool:
    """A label set one character per line (`三、本年度办理结果` down a narrow cell): some line of ink is
    about as tall as the column is wide (a `三` falls apart into three thin strokes, a `本` does not)."""
    if len(bands) < 3:
        return False
    width = max(b[2] for b in bands) - min(b[0] for b in bands)
    return max(b[3] - b[1] for b in bands) >= 0.7 * width


def _characters(bands: list[ocr_grid.Box]) -> list[ocr_grid.Box]:
    """The bands of a vertical label joined into square characters (the strokes of `三`, `二` rejoin)."""
    width = max(b[2] for b in bands) - min(b[0] for b in bands)
    out: list[ocr_grid.Box] = []
    for band in bands:
        if out and band[3] - out[-1][1] <= 1.15 * width:
            last = out.pop()
            band = (min(last[0], band[0]), last[1], max(last[2], band[2]), band[3])
        out.append(band)
    return out


def _stitch(crops: list[Any]) -> Any:
    """Characters cut from a vertical label, set side by side on one white line."""
    import numpy as np

    height = max(c.shape[0] for c in crops)
    parts = []
    for crop in crops:
        canvas = np.full((height, crop.shape[1] + 4, 3), 255, dtype=np.uint8)
        top = (height - crop.shape[0]) // 2
        canvas[top:top + crop.shape[0], 2:2 + crop.shape[1]] = crop
        parts.append(canvas)
    return np.concatenate(parts, axis=1)


def _crop(image: Any, x0: int, y0: int, x1: int, y1: int) -> Any:
    h, w = image.shape[:2]
    return image[max(0, y0):min(h, y1), max(0, x0):min(w, x1)]


def _inside(box: ocr_grid.Box, frame: ocr_grid.Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return frame[0] <= cx <= frame[2] and frame[1] <= cy <= frame[3]


def _tighten(ink: Any, box: ocr_grid.Box) -> ocr_grid.Box | None:
    """A detected box cut to the ink inside it, so that the left and right ends of lines line up as
    printed (the detector's boxes wander by a few pixels)."""
    import numpy as np

    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), box[2], box[3]
    part = ink[y0:y1, x0:x1] > 0
    if part.size == 0 or not part.any():
        return None
    cols = np.flatnonzero(part.any(axis=0))
    rows = np.flatnonzero(part.any(axis=1))
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


def _words(ink: Any, box: ocr_grid.Box) -> list[ocr_grid.Box]:
    """A detected line cut where its ink leaves a gap wider than the line is tall: the values of a table
    printed without rulings (`23    4    0`) become words read one by one, like cells, so a lone `0` is
    neither dropped nor run into its neighbours; the characters of a sentence stay together."""
    import numpy as np

    x0, y0, x1, y1 = box
    filled = (ink[y0:y1, x0:x1] > 0).any(axis=0)
    height = y1 - y0
    out: list[ocr_grid.Box] = []
    start = None
    blank = 0
    for index, value in enumerate(filled.tolist() + [False] * (height + 2)):
        if value:
            if start is None:
                start = index
            blank = 0
        elif start is not None:
            blank += 1
            if blank > height:
                right = index - blank + 1
                cols = np.flatnonzero((ink[y0:y1, x0 + start:x0 + right] > 0).any(axis=1))
                out.append((x0 + start, y0 + int(cols[0]), x0 + right, y0 + int(cols[-1]) + 1))
                start = None
    return out or [box]


def _has_gap(ink: Any, bands: list[ocr_grid.Box]) -> bool:
    """Two clusters of ink side by side in one line of a cell, further apart than a character is tall:
    two values where the grid has one cell."""
    import numpy as np

    for x0, y0, x1, y1 in bands:
        cols = (ink[y0:y1, x0:x1] > 0).any(axis=0)
        blank = 0
        for filled in cols.tolist():
            blank = 0 if filled else blank + 1
            if blank > 1.2 * (y1 - y0):
                return True
    return False


def _assemble(page: int, scale: float, frames: list[ocr_grid.Frame], cell_bands: dict[int, list[ocr_grid.Box]],
              readings: dict[int, list[Reading]], ink: Any,
              lines: list[tuple[ocr_grid.Box, Reading]], vertical: set[int]) -> PageRead:
    def pt(v: float) -> float:
        return round(v / scale, 1)

    def box_of(b: ocr_grid.Box) -> tuple[float, float, float, float]:
        return (pt(b[0]), pt(b[1]), pt(b[2] - b[0]), pt(b[3] - b[1]))

    # Every printed line's top, tables included, numbers the lines of the page as the PDF reader does.
    text_rows = _group_lines(lines)
    tops = sorted({pt(r[0][0][1]) for r in text_rows} | {pt(b[0][1]) for b in cell_bands.values() if b})

    def line_of(top: float) -> int:
        return sum(1 for t in tops if t <= top + 0.5) or 1

    grids = []
    for frame in frames:
        rows = []
        for row in frame.printed_rows():
            cells = []
            for cell in row:
                if cell is None:
                    cells.append(GridCell("", 0.0))
                    continue
                bands = cell_bands[id(cell)]
                read = readings.get(id(cell), [])
                text = join_lines([r.text for r in read])
                confidence = min((r.confidence for r in read), default=1.0)
                top = pt(bands[0][1]) if bands else pt(cell.box[1])
                doubt = _doubt(text, confidence, _has_gap(ink, bands))
                if bands and not text.strip() and id(cell) not in vertical:
                    doubt = "单元格内有笔迹，但未能识别出文字"
                where = Where(page=page, line=line_of(top), box=box_of(cell.box), confidence=round(confidence, 3))
                cells.append(GridCell(text, top, where=where, doubt=doubt))
            rows.append(cells)
        x0, y0, x1, y1 = frame.box
        grids.append(Grid(bbox=(pt(x0), pt(y0), pt(x1), pt(y1)), rows=rows))

    text_lines = []
    for row in text_rows:
        words = []
        for box, reading in row:
            where = Where(page=page, line=line_of(pt(box[1])), box=box_of(box), confidence=round(reading.confidence, 3))
            text = join_text(reading.text)
            words.append(Word(text, pt(box[0]), pt(box[2]), where, doubt=_doubt(text, reading.confidence, False)))
        text = join_text(" ".join(w.text for w in words))
        if not text:
            continue
        top = min(pt(b[1]) for b, _ in row)
        bottom = max(pt(b[3]) for b, _ in row)
        height = min(pt(b[3] - b[1]) for b, _ in row)
        text_lines.append(TextLine(text, words[0].x0, words[-1].x1, top, bottom, height, page, line_of(top), words))
    _even_sizes(text_lines)
    return PageRead(text_lines, grids, tops)


def _group_lines(lines: list[tuple[ocr_grid.Box, Reading]]) -> list[list[tuple[ocr_grid.Box, Reading]]]:
    """Detected boxes into printed lines: boxes overlapping vertically by half their height, left to right."""
    rows: list[list[tuple[ocr_grid.Box, Reading]]] = []
    for item in sorted(lines, key=lambda it: (it[0][1] + it[0][3]) / 2):
        box = item[0]
        centre = (box[1] + box[3]) / 2
        if rows:
            last = rows[-1]
            top = min(b[1] for b, _ in last)
            bottom = max(b[3] for b, _ in last)
            if top <= centre <= bottom:
                last.append(item)
                continue
        rows.append([item])
    for row in rows:
        row.sort(key=lambda it: it[0][0])
    return rows


def _even_sizes(lines: list[TextLine]) -> None:
    """A line's font size, measured from its ink, varies with its characters (a line of `一` is thin):
    lines within a fifth of the page's most common height take that height."""
    if not lines:
        return
    heights = sorted(line.size for line in lines)
    body = heights[len(heights) // 2]
    for line in lines:
        if abs(line.size - body) <= 0.2 * body or line.size < body:
            line.size = body
