"""Tables printed without rulings, rebuilt from positioned text lines (spec §6.3 recipe).

With no rulings there are no cells, only lines of words. A table starts at a line that can only be a
table's (a `第二十条第（N）项` caption, `信息内容`, `申请人情况`, the 勾稽关系 note, a `行政复议` header
cell) and ends at a section heading or a full line of body text. Inside it:

- a data row is anchored on its trailing run of value words (7 in table 三, 15 in table 四, 1–3 in
  table 二, whatever the header asks);
- a label wraps: a line without values that does not open a new numbered label (`2.`, `（三）`, `四、`)
  continues the label above it, and its words join the label part printed at the same x (so a group
  label `（六）其` / `他处理` and the leaf label beside it are rebuilt apart, not interleaved);
- a label line without values that the numbers follow on its continuation (`（二）部分公开…只计这一情` /
  `形，不计其他情形） 447 7 0 0 0 0 454`) takes those numbers;
- one character standing alone at a line's start (`本`, `年`, `三、`) is a piece of a vertical label and is
  ignored (a lone `无` among the values is a blank cell, and stays);
- blank value cells are placed by the x of the columns seen in the rows above, so a short row keeps its
  numbers in their columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker import labels, values
from checker.document import Table, TextCell, Where
from checker.readers.pdf_layout import BodyLayout, TextLine, Word
from checker.readers.printing import CLAUSE, join_lines

_NUMBERED = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,2}[、.．]|\d{1,2}[.、．]|[①-⑧])")
_VERTICAL_PIECE = re.compile(r"^[\u3400-\u9fff]?[、，,]?$")


def _is_value(word: Word) -> bool:
    return bool(word.text) and values.looks_like_value(word.text)


def _opens_table(line: TextLine) -> bool:
    """A short line, or a line of separate header words, that prints what only a table's head prints."""
    if CLAUSE.search(line.text) and not labels.normalise(line.text).startswith("(本列数据"):
        return False                          # a sentence that mentions 行政复议 does not open table 四
    words = [labels.normalise(w.text) for w in line.words]
    return bool(labels.opens_table(labels.normalise(line.text)) and (len(line.text) <= 20 or len(words) > 1))


@dataclass
class _LabelPart:
    x0: float
    lines: list[str]


@dataclass
class _Row:
    parts: list[_LabelPart] = field(default_factory=list)
    values: list[Word] = field(default_factory=list)
    where: Where | None = None

    def add_label(self, words: list[Word], tolerance: float) -> None:
        for word in words:
            part = next((p for p in self.parts if abs(p.x0 - word.x0) <= tolerance), None)
            if part is None:
                self.parts.append(_LabelPart(word.x0, [word.text]))
            else:
                part.lines.append(word.text)

    @property
    def label(self) -> str:
        return "".join(join_lines(p.lines) for p in sorted(self.parts, key=lambda p: p.x0))


class RowReader:
    """Collects the lines of an unruled table; `flush` hands the finished Table to the block list."""

    def __init__(self, layout: BodyLayout):
        self.layout = layout
        self.active = False
        self.in_header = False
        self.rows: list[list[TextCell]] = []
        self.current: _Row | None = None
        self.columns: list[float] = []        # x-centres of the value columns of the block being read
        self.where: Where | None = None
        self.header: list[str] = []           # the header lines the current block began with
        self.page: int | None = None
        self.repeat_at: int | None = None     # how far a new page has repeated that header
        self.last_was_header = False

    # ── the line stream ───────────────────────────────────────────────────────────────────────────
    def take(self, line: TextLine, is_heading: bool) -> bool:
        """True when the line belongs to an unruled table (and is kept here)."""
        if is_heading:
            self.active = False
            return False
        if not self.active:
            if not _opens_table(line):
                return False
            self.active = True
            self.where = Where(page=line.page, line=line.number)
        elif self._is_body_text(line):
            self.active = False
            return False
        if line.page != self.page:
            self.page, self.repeat_at = line.page, 0
        self._line(line)
        return True

    def flush(self, blocks: list) -> None:
        self._close_row()
        if self.rows:
            blocks.append(Table(rows=self.rows, where=self.where or Where()))
        self.rows = []
        self.columns = []
        self.where = None
        self.header = []
        self.last_was_header = False
        if not self.active:
            self.in_header = False

    def _is_body_text(self, line: TextLine) -> bool:
        """A full line of sentences in the body font, without a value at its end: the narrative has
        resumed. (A header line can reach the right edge too, but it has no sentence punctuation.)"""
        size = self.layout.size or line.size
        full = line.x1 >= self.layout.right - size
        return (abs(line.size - self.layout.size) <= 0.5 and full and bool(CLAUSE.search(line.text))
                and not (line.words and _is_value(line.words[-1])))

    # ── rows ──────────────────────────────────────────────────────────────────────────────────────
    def _line(self, line: TextLine) -> None:
        words = list(line.words)
        while words and _VERTICAL_PIECE.match(words[0].text):
            words.pop(0)                      # pieces of a vertical label stand at the line's start
        split = len(words)
        while split > 0 and _is_value(words[split - 1]):
            split -= 1
        label_words, value_words = words[:split], words[split:]
        where = Where(page=line.page, line=line.number)
        tolerance = max(line.size, 1.0)
        opens_label = bool(label_words) and bool(_NUMBERED.match(label_words[0].text))
        if _opens_table(line) and not value_words:
            self.in_header = True
        if self.in_header and not value_words and not opens_label:
            if self._repeats_header(line):
                return                        # the header printed again at the top of a new page
            self._close_row()
            # A header starts a block with its own columns: the cells after its first (信息内容 …).
            self.columns = [(w.x0 + w.x1) / 2 for w in label_words[1:]]
            self.rows.append([TextCell(w.text, where) for w in label_words])
            self.last_was_header = True
            return
        self.in_header = False
        self.repeat_at = None
        self.last_was_header = False
        if value_words:
            current = self.current
            if current is not None and not current.values and not opens_label:
                current.add_label(label_words, tolerance)    # the numbers follow the label's continuation
                current.values = value_words
                return
            self._close_row()
            self.current = _Row(values=value_words, where=where)
            self.current.add_label(label_words, tolerance)
            return
        if self.current is None or opens_label:
            self._close_row()
            self.current = _Row(where=where)
        self.current.add_label(label_words, tolerance)

    def _repeats_header(self, line: TextLine) -> bool:
        """Whether this header line repeats, at the top of a new page, the header its block began with;
        otherwise it is remembered as part of that header."""
        key = labels.normalise(line.text)
        if self.repeat_at is not None and self.repeat_at < len(self.header) and self.header[self.repeat_at] == key:
            self.repeat_at += 1
            return True
        self.repeat_at = None
        if not self.last_was_header:
            self.header = []                  # a new header begins: a new block of table 二, a new table
        self.header.append(key)
        return False

    def _close_row(self) -> None:
        row, self.current = self.current, None
        if row is None:
            return
        label = TextCell(row.label, row.where or Where())
        self.rows.append([label, *self._value_cells(row.values)])

    def _value_cells(self, words: list[Word]) -> list[TextCell]:
        def centre(word: Word) -> float:
            return (word.x0 + word.x1) / 2

        if not words:
            return []                         # a group label, or a label whose row has no numbers
        if len(words) >= len(self.columns):
            self.columns = [centre(w) for w in words]
            return [TextCell(w.text, w.where, doubt=w.doubt) for w in words]
        # A row with blank cells: put each printed value under the column it stands in.
        cells = [TextCell("", words[0].where) for _ in self.columns]
        for word in words:
            nearest = min(range(len(self.columns)), key=lambda i: abs(self.columns[i] - centre(word)))
            cells[nearest] = TextCell(word.text, word.where, doubt=word.doubt)
        return cells
