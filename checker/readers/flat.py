"""Text of a web page saved flat (spec §6.4): the tables lost their cell boundaries, so a row prints as
its label followed by one run of digits (`一、本年新收政府信息公开申请数量640020470`), table 四 as one run
of fifteen, and rows may run into each other after a page split.

The registry chooses this reader for text with no TAB cells and no pipe table. Paragraphs stay paragraphs; a table starts at
a line only a table prints (a 第二十条 caption, 信息内容, the table-三 note, the table-四 header, the first
table-三 row) and runs while its lines keep reading as that table's rows. Each row is rebuilt as cells for
the assembler: header words split apart, the digit run cut into the row's values where the table's
arithmetic leaves one way to cut it (digit_runs), or left blank with a READ-AMBIGUOUS finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import labels
from checker.diagnostics import Diagnostic
from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.lazy_re import lazy
from checker.model import APPLICANT_COLUMNS, DISCLOSURE_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS
from checker.readers.decoding import decode, split_lines
from checker.readers.digit_runs import RUN, DigitRun
from checker.readers.flat_cuts import PendingRun, read_run, resolve
from checker.readers.flat_headers import (APPLICATION_HEADER, DISCLOSURE_HEADER, REVIEW_HEADER, REVIEW_HEADER_CHARS,
                                          joined_header, only_header_chars, peel_header, peel_words, printed_length,
                                          split_words)
from checker.readers.flat_page import Piece, archive_header, pieces, strip_chrome
from checker.readers.flat_wraps import BrokenRows, Paragraphs, full_width, layout_piece, unglue
from checker.readers.printing import SENTENCE_END, is_page_number

_APPLICANTS = len(APPLICANT_COLUMNS)
_REVIEW_CELLS = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)
# What only a table's head prints, standing after a sentence in the same piece of a line.
_TABLE_INSIDE = lazy(r"第二十条第?\s*[（(]\s*一\s*[)）]\s*项|[（(]本列数据|申请人情况|行政复议\s*行政诉讼\s*结果维持")
# A number followed by one of these is a date or a count in a sentence, not a table cell.
_NARRATIVE_UNIT = lazy(r"[年月日号%％人次名个]")
_YEAR_END = lazy(r"(?:19|20)\d\d$")


@dataclass
class _Segment:
    """A label as printed and the run of digits after it (None for a label at the end of a line)."""

    label: str
    label_column: int
    run: DigitRun | None


def segments(line: str) -> list[_Segment]:
    """Cut a line into labels and digit runs. A digit that numbers a label (`1.属于国家秘密`, `（1）`) is
    part of the label, even when it follows a run (`00000002.其他法律…`)."""
    out: list[_Segment] = []
    label_start = 0
    for match in RUN.finditer(line):
        start, end = match.start(), match.end()
        text = match.group()
        if line[start - 1:start] in ("(", "（") and line[end:end + 1] in (")", "）"):
            continue
        if line[end:end + 1] in (".", "、", "．") and not line[end + 1:end + 2].isdigit() and text[-1].isdigit():
            text = text[:-1].rstrip()   # a list number: the label's, not a value
        after = line[start + len(text):start + len(text) + 1]
        if after == "年" and len(text) > 4 and text[:-4].strip() and _YEAR_END.search(text):
            text = text[:-4]            # `…收费02025年，我局…`: the cell, then a sentence that starts with a year
        elif _NARRATIVE_UNIT.match(after):
            continue
        if not text or not re.search(r"\d", text):
            continue
        out.append(_Segment(line[label_start:start], label_start + 1, DigitRun.parse(text, start + 1)))
        label_start = start + len(text)
    tail = line[label_start:]
    if tail.strip() or not out:
        out.append(_Segment(tail, label_start + 1, None))
    return out


class FlatParser:
    def __init__(self, path: str):
        self.path = path
        self.blocks: list[Paragraph | Table] = []
        self.problems: list[Diagnostic] = []
        self.table: Table | None = None
        self.context: str | None = None          # disclosure, applications, review
        self.disclosure_columns: int | None = None
        self.template_hint: str | None = None    # from the table-二 header words seen
        self.group: str | None = None            # the table-三 group （三）–（六） open above
        self.pending: list[PendingRun] = []      # runs with more digits than cells, cut at the end
        self.known: dict[tuple[str, ...], list[int]] = {}   # table-三 rows read, for the column relations
        self.row_path: tuple[str, ...] | None = None
        self.broken = BrokenRows()               # table-三 rows a text layer broke over lines
        self.layer: Paragraphs | None = None     # a text layer's paragraphs, when the page is one
        self.review_read = False                 # table 四's numbers have been read
        self.header_top: str | None = None       # a table-二 header's top line, its titles cut over two lines

    # ── blocks ──────────────────────────────────────────────────────────────────────────────────────
    def row(self, cells: list[TextCell], number: int) -> None:
        if self.table is None:
            self.table = Table(rows=[], where=Where(line=number, column=1))
            self.blocks.append(self.table)
        self.table.rows.append(cells)

    def paragraph(self, line: str, number: int, heading: bool = False) -> None:
        self.table, self.context = None, None
        self._new_table()
        offset = len(line) - len(line.lstrip())
        where = Where(line=number, column=offset + 1)
        if self.layer is not None:
            self.layer.add(self.blocks, line, where, heading)   # a text layer's lines, joined back
        else:
            self.blocks.append(Paragraph(line.strip(), where))

    def parse(self, lines: list[str]) -> Document:
        header = archive_header(lines)
        if header.title:
            self.paragraph(header.title, header.title_line or 1)
        width = full_width(lines)
        self.layer = Paragraphs(width) if width else None
        for number, line in enumerate(lines, start=1):
            if number <= header.body_start:
                continue          # the archiver's header block
            if not line.strip() or ((self.context or self.layer) and is_page_number(line)):
                continue          # blank lines and page numbers end neither a table nor a text layer's paragraph
            for piece in pieces(line, strip_chrome(line)):
                if header.title and labels.normalise(piece.text) == labels.normalise(header.title):
                    continue      # the page repeats the title the header gave
                self.piece(piece, number)
        resolve(self.pending, self.known, self.path, self.problems)
        return Document(blocks=self.blocks, problems=self.problems, published_on=header.published_on,
                        source=header.source)

    def piece(self, piece: Piece, number: int) -> None:
        """A piece of a line, handled as the line with everything before it blanked out, so that every
        column is the line's."""
        line = " " * (piece.column - 1) + piece.text
        if piece.heading or labels.section_heading(piece.text):
            self.paragraph(line, number, heading=True)
            return
        inner = _TABLE_INSIDE.search(piece.text)
        if inner and inner.start() > 0 and SENTENCE_END.search(piece.text[:inner.start()]):
            # narrative, then a table in the same piece: the table opens where its caption stands
            self.paragraph(line[:piece.column - 1 + inner.start()], number)
            self.piece(Piece(piece.text[inner.start():], piece.column + inner.start()), number)
            return
        start = self._table_start(line)
        if start:
            if start != self.context:
                self.table, self.group = None, None
                self._new_table()
            self.context = start
        rest = self._table_line(line, number) if self.context else None
        if rest is None:
            self.paragraph(line, number)
        elif rest < len(line):
            self.paragraph(" " * rest + line[rest:], number)   # the narrative that follows the table

    def _new_table(self) -> None:
        self.broken, self.review_read, self.header_top = BrokenRows(), False, None

    def _table_start(self, line: str) -> str | None:
        opened = labels.opens_table(labels.normalise(line))
        if opened:
            return opened
        first = segments(line)[0]
        if first.run is not None and labels.application_row(labels.normalise(first.label), None)[0] == ("new_received",):
            return "applications"  # a table 三 printed without its header
        return None

    def _table_line(self, line: str, number: int) -> int | None:
        """Add the line's rows to the open table and say where they end (a sentence may follow them);
        None when the line does not begin with rows of the table."""
        parts = segments(line)
        end = next((i for i, s in enumerate(parts) if SENTENCE_END.search(s.label)), len(parts))
        if end == 0:
            return None
        reader = {"disclosure": self._disclosure, "applications": self._applications, "review": self._review}
        rows, end = reader[self.context](parts[:end], number)
        if end == 0:
            return None
        for cells in rows:
            self.row(cells, number)
        return parts[end].label_column - 1 if end < len(parts) else len(line)

    # ── table 二 ─────────────────────────────────────────────────────────────────────────────────────
    def _disclosure(self, parts: list[_Segment], number: int) -> tuple[list[list[TextCell]], int]:
        rows: list[list[TextCell]] = []
        for index, seg in enumerate(parts):
            label = seg.label.strip()
            norm = labels.normalise(label)
            where = Where(line=number, column=seg.label_column + len(seg.label) - len(seg.label.lstrip()))
            caption = re.match(r"第二十条第?\([一二三四五六七八九十]+\)项", norm)
            if caption:
                rows.append([TextCell(label[:printed_length(label, caption.end())], where)])
                self.disclosure_columns = None
                label, norm = label[printed_length(label, caption.end()):], norm[caption.end():]
                if not norm and seg.run is None:
                    continue
            if seg.run is not None and norm.startswith("信息内容") and split_words(norm, DISCLOSURE_HEADER) is None:
                header, rest = peel_words(norm, DISCLOSURE_HEADER)
                if header and labels.disclosure_row(rest):   # the header glued to the first row's label
                    rows.append([TextCell(w, where) for w in header])
                    self._header_columns(header)
                    label, norm = label[printed_length(label, len(norm) - len(rest)):], rest
            top, self.header_top = self.header_top, None
            if seg.run is None or norm.startswith("信息内容"):
                # a text layer's header, each column title cut over two lines: the top line waits for the other
                alone = seg.run is None and len(parts) == 1
                words = joined_header(top, label, DISCLOSURE_HEADER) if top is not None and alone else None
                words = words or split_words(norm, DISCLOSURE_HEADER)
                if words is None and alone and top is None and norm.startswith("信息内容"):
                    self.header_top = label
                    continue
                if words is None or words[0] != "信息内容" or seg.run is not None:
                    return rows, index
                rows.append([TextCell(w, where) for w in words])
                self._header_columns(words)
                continue
            key = labels.disclosure_row(norm)
            if key is None:
                return rows, index
            count = self.disclosure_columns or self._default_columns(key)
            rows.append([TextCell(label.strip(), where),
                         *self._decode(seg.run, count, (), f"表二「{label.strip()}」行", number)])
        return rows, len(parts)

    def _header_columns(self, words: list[str]) -> None:
        self.disclosure_columns = len(words) - 1
        for w in words:
            found = labels.disclosure_column(w)
            if found:
                self.template_hint = found[1]

    def _default_columns(self, key: str) -> int:
        for template in filter(None, (self.template_hint, "2021", "2019")):
            for row in DISCLOSURE_ROWS[template]:
                if row.key == key:
                    return len(row.columns)
        return 1

    # ── table 三 ─────────────────────────────────────────────────────────────────────────────────────
    def _applications(self, parts: list[_Segment], number: int) -> tuple[list[list[TextCell]], int]:
        rows: list[list[TextCell]] = []
        alone = len(parts) == 1 and self.broken.open()   # a line that holds one label or one row's numbers
        for index, seg in enumerate(parts):
            label = seg.label.strip()
            norm = labels.normalise(label)
            where = Where(line=number, column=seg.label_column + len(seg.label) - len(seg.label.lstrip()))
            if seg.run is None:
                words = split_words(norm, APPLICATION_HEADER)
                if words:
                    rows.append([TextCell(w, where) for w in words])
                    continue
            else:
                header, label = peel_header(label)
                if header:
                    rows.append([TextCell(w, where) for w in header])
                    norm = labels.normalise(label)
            unglued = unglue(label)
            if unglued != label:
                label, norm = unglued, labels.normalise(unglued)
                where = Where(line=number, column=seg.label_column + seg.label.index(unglued))
            if alone and seg.run is None and self.broken.header_piece(norm):
                continue     # a piece of the header a text layer cut inside its words (`自然人 社会 法律 总计`)
            path, group = labels.application_row(norm, self.group)
            if alone and seg.run is None and self.broken.names_last_row(path) and self.broken.rest_of_label(label):
                continue
            if path is None and not labels.application_group(norm) and "本年度办理结果" not in norm:
                # a line of its own that names no row: a piece of a row the text layer broke (flat_wraps)
                if not alone or not self._broken_piece(seg, label, norm, number, rows):
                    return rows, index
                continue
            self.group, self.row_path = group, path
            if seg.run is None:
                row = [TextCell(label, where)]          # a label on a line of its own
                if not (alone and path is not None and self.broken.label_only(row, path)):
                    rows.append(row)
                continue
            loose = self.broken.next_line_of_label(label, path) if alone else None
            if loose is not None:
                self._numbers_onto(loose, seg.run, number)
                continue
            row = [TextCell(label, where), *self._row_numbers(seg.run, label, number)]
            rows.append(row)
            self.broken.settled(row, path)
        return rows, len(parts)

    def _row_numbers(self, run: DigitRun, label: str, number: int) -> list[TextCell]:
        return self._decode(run, _APPLICANTS, (_APPLICANTS,), f"表三「{label}」行" if label else "表三一行", number)

    def _broken_piece(self, seg: _Segment, label: str, norm: str, number: int, rows: list[list[TextCell]]) -> bool:
        """Whether a line that names no table-三 row is a piece of one (spec §6.3, flat_wraps), taken in."""
        broken = self.broken
        if seg.run is None:
            return layout_piece(norm) or broken.rest_of_label(label)
        if not label:
            self.row_path = broken.loose_path
            cells = self._row_numbers(seg.run, "", number)
            if not broken.numbers_only(cells):
                rows.append(cells)
            return True
        loose = broken.next_line_of_label(label, None)
        if loose is None:
            return False
        self._numbers_onto(loose, seg.run, number)
        return True

    def _numbers_onto(self, loose: list[TextCell], run: DigitRun, number: int) -> None:
        """The numbers of a labelled line that is the loose label's next line: they end that label's row."""
        path = self.row_path = self.broken.loose_path
        loose.extend(self._row_numbers(run, loose[0].text, number))
        self.broken.settled(loose, path)

    # ── table 四 ─────────────────────────────────────────────────────────────────────────────────────
    def _review(self, parts: list[_Segment], number: int) -> tuple[list[list[TextCell]], int]:
        rows: list[list[TextCell]] = []
        for index, seg in enumerate(parts):
            label = seg.label.strip()
            where = Where(line=number, column=seg.label_column + len(seg.label) - len(seg.label.lstrip()))
            if label:
                words = split_words(label, REVIEW_HEADER)
                if words is None:
                    # a header a text layer cut inside its words (`结果 结果 其他结 尚未`), before the numbers
                    if seg.run is None and len(parts) == 1 and not self.review_read and \
                            only_header_chars(labels.normalise(label), REVIEW_HEADER_CHARS):
                        continue
                    return rows, index
                rows.append([TextCell(w, where) for w in words])
            if seg.run is not None:
                rows.append(self._decode(seg.run, _REVIEW_CELLS, (5, 5, 5), "表四", number))
                self.review_read = True
        return rows, len(parts)

    # ── cutting a run ───────────────────────────────────────────────────────────────────────────────
    def _decode(self, run: DigitRun, count: int, sum_groups: tuple[int, ...], what: str,
                number: int) -> list[TextCell]:
        """The row's cells: read now when the digits decide them, else placeholders that the table's
        relations fill at the end (flat_cuts)."""
        path = self.row_path if self.context == "applications" else None
        self.row_path = None
        cells = read_run(run, count, what, number, self.path, self.problems)
        if cells is not None:
            if path is not None and all(c.text for c in cells):
                self.known.setdefault(path, [int(c.text) for c in cells])
            return cells
        placeholders = [TextCell("", Where(line=number, column=run.columns[0] if run.columns else None))
                        for _ in range(count)]
        self.pending.append(PendingRun(placeholders, run, sum_groups, what, number, path))
        return placeholders


def parse_lines(lines: list[str], path: str) -> Document:
    document = FlatParser(path).parse(lines)
    document.lines = lines
    return document


def read(raw: bytes, name: str) -> Document:
    text, _ = decode(raw, name)
    return parse_lines(split_lines(text), name)


FORM_SPEC = FormSpec("flat", (), "line", read,
                     summary="the text of a web page saved flat (table cells run together)")
