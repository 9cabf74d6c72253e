"""Ruled tables on a page image: the ruling lines found with OpenCV, and the cells they enclose.

The page is binarised (Otsu, so tinted header backgrounds stay background), and long thin runs of ink are
kept by a morphological opening with a long horizontal (vertical) kernel: text strokes are too short to
survive it. Each connected frame of rulings with at least two columns is a table. Its cells are the
rectangles between neighbouring rulings; two neighbouring rectangles with no ruling between them are one
merged cell. A table cut by a page break has no ruling under its last row (or over its first): the frame's
outer edges close it, as the text-layer reader's closing rules do.

All coordinates are pixels of the (deskewed) page image.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Box = tuple[int, int, int, int]          # x0, y0, x1, y1


@dataclass
class Cell:
    box: Box                              # inside the rulings
    row: int                              # first grid row and column the cell covers
    col: int
    rows: int = 1                         # how many grid rows and columns it spans
    cols: int = 1


@dataclass
class Frame:
    """A ruled table: its grid lines and its cells, each merged cell once."""

    box: Box
    ys: list[int]
    xs: list[int]
    cells: list[Cell] = field(default_factory=list)

    def printed_rows(self) -> list[list[Cell | None]]:
        """Rows as the Document contract wants them: a merged cell once, in its first row and column; a
        row crossed by a cell merged from above gets one empty place (None) for it."""
        rows: list[list[Cell | None]] = []
        for i in range(len(self.ys) - 1):
            row: list[Cell | None] = []
            for cell in sorted((c for c in self.cells if c.row <= i < c.row + c.rows), key=lambda c: c.col):
                row.append(cell if cell.row == i else None)
            rows.append(row)
        return rows


def binarise(gray: Any) -> Any:
    """Ink as 255 on 0."""
    import cv2

    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def deskew_angle(ink: Any, limit: float = 3.0, step: float = 0.1) -> float:
    """The page's skew in degrees: the rotation that makes its rows of ink sharpest (the variance of
    the row sums of a reduced image is largest when text lines and rulings are level)."""
    import cv2
    import numpy as np

    small = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (w, h), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    coarse = max((a * 0.5 for a in range(int(-limit * 2), int(limit * 2) + 1)), key=sharpness)
    fine = [coarse + step * k for k in range(-5, 6)]
    best = max(fine, key=sharpness)
    # Below a quarter degree a page is left as it is: turning it would only blur its digits.
    return 0.0 if abs(best) < 0.25 else best


def rulings(ink: Any, scale: float) -> tuple[Any, Any]:
    """Masks of the horizontal and vertical rulings; `scale` is pixels per PDF point."""
    import cv2

    length = max(15, int(25 * scale))   # longer than any character, shorter than any cell
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    # Close the pixel gaps a scan or a thin rule leaves.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return horizontal, vertical


def _positions(profile: Any, threshold: float, gap: int = 4) -> list[int]:
    """Centres of the runs of a 1-D profile above a threshold."""
    out: list[int] = []
    start = None
    for index, value in enumerate(list(profile) + [0]):
        if value >= threshold and start is None:
            start = index
        elif value < threshold and start is not None:
            centre = (start + index - 1) // 2
            if out and centre - out[-1] <= gap:
                out[-1] = (out[-1] + centre) // 2
            else:
                out.append(centre)
            start = None
    return out


def find_frames(ink: Any, scale: float) -> list[Frame]:
    """The ruled tables of a page, top to bottom."""
    import cv2
    import numpy as np

    horizontal, vertical = rulings(ink, scale)
    both = cv2.bitwise_or(horizontal, vertical)
    count, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    frames = []
    min_cell = int(8 * scale)
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < 60 * scale or h < 15 * scale:
            continue
        hs = horizontal[y:y + h, x:x + w] > 0
        vs = vertical[y:y + h, x:x + w] > 0
        ys = _positions(hs.sum(axis=1), min_cell)
        xs = _positions(vs.sum(axis=0), min_cell)
        # The frame's own edges close a table cut by a page break (or printed without outer rulings).
        ys = _with_edges(ys, 1, h - 2, int(4 * scale))
        xs = _with_edges(xs, 1, w - 2, int(4 * scale))
        if len(xs) < 3 or len(ys) < 2:       # fewer than two columns: a text box, not a table
            continue
        frame = Frame(box=(int(x), int(y), int(x + w), int(y + h)), ys=[y + v for v in ys], xs=[x + v for v in xs])
        frame.cells = _cells(frame, horizontal, vertical)
        frames.append(frame)
    frames.sort(key=lambda f: f.box[1])
    return frames


def _with_edges(positions: list[int], low: int, high: int, near: int) -> list[int]:
    out = list(positions)
    if not out or out[0] - low > near:
        out.insert(0, low)
    if out[-1] < high - near:
        out.append(high)
    return out


def _cells(frame: Frame, horizontal: Any, vertical: Any) -> list[Cell]:
    """Grid rectangles joined where no ruling separates them (union-find over the grid)."""
    ys, xs = frame.ys, frame.xs
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    def covered(mask: Any, y0: int, y1: int, x0: int, x1: int) -> bool:
        part = mask[y0:y1 + 1, x0:x1 + 1]
        if part.size == 0:
            return False
        along = part.any(axis=0) if part.shape[1] > part.shape[0] else part.any(axis=1)
        return float(along.mean()) >= 0.6

    for i in range(n_rows):
        for j in range(n_cols):
            if j + 1 < n_cols:    # the vertical ruling between (i, j) and (i, j+1)
                x = xs[j + 1]
                if not covered(vertical, ys[i] + 2, ys[i + 1] - 2, x - 2, x + 2):
                    join(i * n_cols + j, i * n_cols + j + 1)
            if i + 1 < n_rows:    # the horizontal ruling between (i, j) and (i+1, j)
                y = ys[i + 1]
                if not covered(horizontal, y - 2, y + 2, xs[j] + 2, xs[j + 1] - 2):
                    join(i * n_cols + j, (i + 1) * n_cols + j)
    groups: dict[int, list[tuple[int, int]]] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            groups.setdefault(find(i * n_cols + j), []).append((i, j))
    cells = []
    for members in groups.values():
        r0 = min(i for i, _ in members)
        r1 = max(i for i, _ in members)
        c0 = min(j for _, j in members)
        c1 = max(j for _, j in members)
        cells.append(Cell(box=(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]), row=r0, col=c0,
                          rows=r1 - r0 + 1, cols=c1 - c0 + 1))
    cells.sort(key=lambda c: (c.row, c.col))
    return cells


def text_bands(ink: Any, box: Box, scale: float) -> list[Box]:
    """The lines of text inside a cell: its ink (rulings trimmed off) split by blank pixel rows, each
    cut to its ink's left and right ends. No band means an empty cell."""
    import numpy as np

    x0, y0, x1, y1 = box
    trim = max(3, int(2.0 * scale))
    inner = ink[y0 + trim:y1 - trim, x0 + trim:x1 - trim]
    if inner.size == 0:
        return []
    rows = (inner > 0).sum(axis=1)
    speck = max(1, int(0.6 * scale))          # a dot of noise is not a character
    bands = []
    start = None
    for index, value in enumerate(list(rows) + [0]):
        if value > 0 and start is None:
            start = index
        elif value == 0 and start is not None:
            if index - start >= speck:
                bands.append((start, index))
            start = None
    out: list[Box] = []
    for top, bottom in bands:
        columns = np.flatnonzero((inner[top:bottom] > 0).any(axis=0))
        if columns.size == 0 or (bottom - top) * (columns[-1] - columns[0] + 1) < speck * speck * 4:
            continue
        out.append((x0 + trim + int(columns[0]), y0 + trim + top, x0 + trim + int(columns[-1]) + 1,
                    y0 + trim + bottom))
    return _merge_bands(out, scale)


def _merge_bands(bands: list[Box], scale: float) -> list[Box]:
    """A band too thin to be a line of text (a stroke of `二`, a dot of `、` split off by a blank pixel
    row) joins the band it touches."""
    minimum = 4 * scale
    out: list[Box] = []
    for band in bands:
        if out and (band[3] - band[1] < minimum or out[-1][3] - out[-1][1] < minimum) \
                and band[1] - out[-1][3] < 2 * scale:
            prev = out.pop()
            band = (min(prev[0], band[0]), prev[1], max(prev[2], band[2]), band[3])
        out.append(band)
    return out
