"""What a PDF's text layer, saved as text, broke over lines (spec §6.3), put back together: paragraphs
and table-三 rows.

Paragraphs. A text layer ends every printed line with a line break, so a paragraph is as many lines as the
page printed, words cut anywhere (`统计期限自 2023 年 1 月 1 日` / `起至…`), with the gaps between characters
the PDF placed (`2024 年`, `号 ， 邮 编`). Such a page is known by its lines: in justified text every line of a
paragraph but its last has the same width, so a good share of the page's lines are that wide. There, a line
as wide as that which does not end a sentence runs on into the next line (a page number between them
aside), and the gaps are dropped as the PDF reader drops them (printing.join_text).

Table-三 rows.

A text layer prints a page's lines top to bottom, so a row whose label wraps prints the label's first line,
then the numbers (set in the middle of the row), then the rest of the label; a one-line label in a tall row
may come just before or just after its numbers; a label merged down the rows it spans (三、本年度办理结果,
（三）不予公开) comes out a character or a piece per line, alone or glued before a row's own label
(`本 2.其他法律行政法规禁止公开 30 1 0 0 0 0 31`, `（四）无 1.本机关不掌握…`). Read line by line:

- a line holding only a piece of a merged group label (`三、`, `本`, `（三）不`, `予公开`) is layout: skipped,
  and so is such a piece glued before a numbered label or before the next line of a label;
- a line of nothing but the header's words and characters is its header: before the table's first row,
  cut inside its words, or after it, repeated after a page break;
- a label with no numbers (that names a row) and a line of numbers with no label, next to each other with
  nothing but layout or the rest of a label between, are one row, whichever comes first;
- a line of text that names no row, or names the row just read, is the rest of the last label
  (`形，不计其他情形）`); before the numbers arrive, a labelled line of numbers that names no row or the
  same row is the label's next line (`正、行政机关不再处理其政府信 67 3 0 0 1 0 71`).

Only lines that hold nothing else take part, and only until the table's last row (四、结转下年度继续办理),
so a page saved flat (§6.4), whose rows run together on long lines, reads as before.
"""

from __future__ import annotations

from typing import Iterator
from unicodedata import east_asian_width

from checker import labels
from checker.document import Paragraph, TextCell, Where
from checker.lazy_re import lazy
from checker.readers.flat_headers import APPLICATION_HEADER_CHARS, only_header_chars
from checker.readers.printing import join_lines, join_text

# The merged group labels of table 三's 办理结果, normalised: a piece of one on a line of its own is layout.
_GROUP_LABELS = ("三、本年度办理结果", "(三)不予公开", "(四)无法提供", "(五)不予处理", "(六)其他处理")
# Header characters a row's label may print too: a line of only these after the first row is no header.
_ROW_WORDS = frozenset("总计其他")
# A row's numbered stem: `2.`, `1、`, `（3）`, `①`, `（一）`.
_STEM = lazy(r"^(?:[(（]?\d{1,2}[)）]?[.、．,]|[(（]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧]|[(（][一二三四五六七][)）])")
_WORD = lazy(r"\S+")
_LONGEST_PIECE = 24     # a wrapped label's line is short; a longer line of text is no piece of one
_LONGEST_LABEL = 80     # nor is a label longer than this one still being printed (the longest has 36 characters)


def layout_piece(norm: str) -> bool:
    """A normalised line that is only a piece of a merged group label (`三、`, `本`, `（三）不`, `予公开`)."""
    return bool(norm) and any(norm in group for group in _GROUP_LABELS)


def _after_layout_words(label: str) -> Iterator[int]:
    """Each place where a line goes on after one or more whole words that are pieces of merged group labels
    (`本 2.其他…`, `他处理 正、行政机关…`), first to last."""
    words = list(_WORD.finditer(label))
    for before, word in zip(words, words[1:]):
        if not layout_piece(labels.normalise(before.group())):
            return
        yield word.start()


def unglue(label: str) -> str:
    """A row label without the pieces of merged group labels printed before it on its line: `本
    2.其他法律行政法规禁止公开` → `2.其他法律行政法规禁止公开`, `（四）无 1.本机关…` → `1.本机关…`. Only
    whole words before a numbered stem go; anything else is left as printed."""
    for start in _after_layout_words(label):
        if _STEM.match(label[start:]):
            return label[start:]
    return label


def without_layout(text: str) -> str:
    """The next line of a wrapped label without the pieces of merged group labels printed before it
    (`他处理 正、行政机关不再处理其政府` → `正、行政机关不再处理其政府`)."""
    start = 0
    for start in _after_layout_words(text):
        pass
    return text[start:]


# ── paragraphs ─────────────────────────────────────────────────────────────────────────────────────
_ENDS_SENTENCE = "。！？!?"   # a full line ending one may end its paragraph; a colon or semicolon runs on
_LINES_NEEDED = 20         # fewer lines than this are no printed page's text layer
_FULL_LINES = 5            # the full width is the fifth widest line's: a few longer lines (a crawler's) aside
_FULL_SHARE = 0.1          # this share of the lines (and at least _FULL_LINES) near the full width says so
_FULL_SPAN = (0.85, 1.1)
_RUNS_ON = 0.8             # a line at least this share of the full width, not ending a sentence, runs on


def printed_width(text: str) -> int:
    """A line's width in half-width columns, whitespace left out: a Chinese character or full-width mark is
    two, a Latin letter or digit one."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text if not ch.isspace())


def full_width(lines: list[str]) -> int | None:
    """The width a PDF text layer's full lines share, when the lines are such a layer; else None (a Word
    export, a crawler's one long line, a page of short lines)."""
    widths = sorted((printed_width(line) for line in lines if line.strip()), reverse=True)
    if len(widths) < _LINES_NEEDED:
        return None
    full = widths[_FULL_LINES - 1]
    low, high = _FULL_SPAN
    near = sum(1 for w in widths if low * full <= w <= high * full)
    return full if full >= 30 and near >= max(_FULL_LINES, _FULL_SHARE * len(widths)) else None


class Paragraphs:
    """Paragraphs of a text layer's page, each line joined onto the one before it when that one ran on."""

    def __init__(self, width: int):
        self.width = width
        self.open: Paragraph | None = None       # the paragraph whose last line ran on

    def add(self, blocks: list, line: str, where: Where, heading: bool) -> None:
        """Add a line to the paragraph that ran on into it, or as a paragraph of its own. `heading`: the line
        starts like a section heading; one as wide as a full line is a paragraph that starts with a
        sub-heading (`（一）主动公开情况。主要通过…`), and runs on like any other."""
        text = join_text(line.strip())
        full = printed_width(line) >= _RUNS_ON * self.width
        heading = heading and not full
        if not heading and self.open is not None and blocks and blocks[-1] is self.open:
            self.open.text = join_lines([self.open.text, text])
            paragraph = self.open
        else:
            paragraph = Paragraph(text, where)
            blocks.append(paragraph)
        runs_on = full and not heading and not text.endswith(tuple(_ENDS_SENTENCE))
        self.open = paragraph if runs_on else None


# ── table 三 ──────────────────────────────────────────────────────────────────────────────────────
class BrokenRows:
    """What the rows of one table 三 have left open: a label waiting for its numbers or numbers waiting
    for their label (the loose row), and the last row that has a label (for the rest of a wrapped one)."""

    def __init__(self) -> None:
        self.loose: list[TextCell] | None = None           # a row's cells, already in the table
        self.loose_path: tuple[str, ...] | None = None     # its path when it is a label waiting for numbers
        self.labelled: list[TextCell] | None = None        # the last row with a label
        self.labelled_path: tuple[str, ...] | None = None  # and its path, once its numbers are read
        self.rows_seen = False                              # a row with numbers has been read
        self.closed = False                                 # the table's last row has been read

    def open(self) -> bool:
        return not self.closed

    def header_piece(self, norm: str) -> bool:
        """A line of nothing but the header's words and characters: a piece of the header, which a text layer
        cut inside its words, before the table's first row; after it, the header a page break repeats (then
        it holds more than 总计 or 其他, which may be a piece of a row's label)."""
        return only_header_chars(norm, APPLICATION_HEADER_CHARS) and (not self.rows_seen or bool(set(norm) - _ROW_WORDS))

    def settled(self, row: list[TextCell], path: tuple[str, ...] | None) -> None:
        """A whole row (label and numbers) was read: nothing before it is loose any more."""
        self.loose, self.loose_path = None, None
        self.labelled, self.labelled_path = row, path
        self.rows_seen = True
        self.closed = self.closed or path == ("carried_forward",)

    def label_only(self, row: list[TextCell], path: tuple[str, ...]) -> bool:
        """A label with no numbers. True when it completed loose numbers (the numbers came first): the
        caller then adds no row of its own."""
        if self.loose is not None and self.loose_path is None:
            self.loose.insert(0, row[0])
            self.settled(self.loose, path)
            return True
        self.loose, self.loose_path, self.labelled, self.labelled_path = row, path, row, None
        return False

    def numbers_only(self, row: list[TextCell]) -> bool:
        """Numbers with no label. True when they complete the loose label (the caller adds no row); else
        they wait for a label of their own below."""
        if self.loose is not None and self.loose_path is not None:
            self.loose.extend(row)
            self.settled(self.loose, self.loose_path)
            return True
        self.loose, self.loose_path = row, None
        self.rows_seen = True
        return False

    def next_line_of_label(self, label: str, path: tuple[str, ...] | None) -> list[TextCell] | None:
        """The loose label's row, when a labelled line of numbers naming no row or the same row is its
        next line; the label is lengthened by it."""
        if self.loose is None or self.loose_path is None or path not in (None, self.loose_path) \
                or len(self.loose[0].text) > _LONGEST_LABEL:
            return None
        self.loose[0].text += without_layout(label)
        return self.loose

    def rest_of_label(self, text: str) -> bool:
        """A line of text that names no row (or the row just read): the rest of the last label, when there
        is one to lengthen."""
        if not self.labelled or len(labels.normalise(text)) > _LONGEST_PIECE or len(self.labelled[0].text) > _LONGEST_LABEL:
            return False
        self.labelled[0].text += without_layout(text)
        return True

    def names_last_row(self, path: tuple[str, ...] | None) -> bool:
        """Whether a label names the row last read with its numbers (`或重新出具已获取信息` after `5.要求行政机关确认`
        and its numbers): then it is the rest of that row's label, not a row of its own."""
        return path is not None and self.loose is None and self.labelled_path == path
