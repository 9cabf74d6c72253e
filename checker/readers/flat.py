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
from checker.builtin_findings import READ_AMBIGUOUS
from checker.diagnostics import Diagnostic, Location
from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.model import APPLICANT_COLUMNS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS
from checker.readers.decoding import decode, split_lines
from checker.readers.digit_runs import CANDIDATE_LIMIT, RUN, DigitRun, Part, describe, splits
from checker.readers.printing import SENTENCE_END, is_page_number

_APPLICANTS = len(APPLICANT_COLUMNS)
_REVIEW_CELLS = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)
_SHOWN_CANDIDATES = 6

# Header words of each table, normalised, longest first so that 本年处理决定数量 wins over 处理决定数量.
_DISCLOSURE_HEADER = sorted({"信息内容", *(labels.normalise(t) for titles in DISCLOSURE_COLUMN_TITLES.values()
                                         for t in titles.values())}, key=len, reverse=True)
_APPLICATION_HEADER = sorted({labels.normalise("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                              "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
                              "法律服务机构", "其他", "小计"}, key=len, reverse=True)
_REVIEW_HEADER = sorted({"行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                         "未经复议直接起诉", "复议后起诉"}, key=len, reverse=True)


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
        if not text or not re.search(r"\d", text):
            continue
        out.append(_Segment(line[label_start:start], label_start + 1, DigitRun.parse(text, start + 1)))
        label_start = start + len(text)
    tail = line[label_start:]
    if tail.strip() or not out:
        out.append(_Segment(tail, label_start + 1, None))
    return out


def split_words(text: str, vocabulary: list[str]) -> list[str] | None:
    """A header line cut into the table's header words; None when something else is printed in it."""
    norm, words, i = labels.normalise(text), [], 0
    while i < len(norm):
        word = next((w for w in vocabulary if norm.startswith(w, i)), None)
        if word is None:
            return None
        words.append(word)
        i += len(word)
    return words or None


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

    # ── blocks ──────────────────────────────────────────────────────────────────────────────────────
    def row(self, cells: list[TextCell], number: int) -> None:
        if self.table is None:
            self.table = Table(rows=[], where=Where(line=number, column=1))
            self.blocks.append(self.table)
        self.table.rows.append(cells)

    def paragraph(self, line: str, number: int) -> None:
        self.table, self.context = None, None
        offset = len(line) - len(line.lstrip())
        self.blocks.append(Paragraph(line.strip(), Where(line=number, column=offset + 1)))

    def parse(self, lines: list[str]) -> Document:
        for number, line in enumerate(lines, start=1):
            if not line.strip() or (self.context and is_page_number(line)):
                continue          # blank lines and page numbers do not end a table: page breaks leave them
            if labels.section_heading(line):
                self.paragraph(line, number)
                continue
            start = self._table_start(line)
            if start:
                if start != self.context:
                    self.table, self.group = None, None
                self.context = start
            if self.context and self._table_line(line, number):
                continue
            self.paragraph(line, number)
        return Document(blocks=self.blocks, problems=self.problems)

    def _table_start(self, line: str) -> str | None:
        opened = labels.opens_table(labels.normalise(line))
        if opened:
            return opened
        first = segments(line)[0]
        if first.run is not None and labels.application_row(labels.normalise(first.label), None)[0] == ("new_received",):
            return "applications"  # a table 三 printed without its header
        return None

    def _table_line(self, line: str, number: int) -> bool:
        """Add the line's rows to the open table; False when the line is not one of its rows."""
        parts = segments(line)
        if any(SENTENCE_END.search(s.label) for s in parts):
            return False
        reader = {"disclosure": self._disclosure, "applications": self._applications, "review": self._review}
        rows = reader[self.context](parts, number)
        if rows is None:
            return False
        for cells in rows:
            self.row(cells, number)
        return True

    # ── table 二 ─────────────────────────────────────────────────────────────────────────────────────
    def _disclosure(self, parts: list[_Segment], number: int) -> list[list[TextCell]] | None:
        rows: list[list[TextCell]] = []
        for seg in parts:
            label = seg.label.strip()
            norm = labels.normalise(label)
            where = Where(line=number, column=seg.label_column + len(seg.label) - len(seg.label.lstrip()))
            caption = re.match(r"第二十条第?\([一二三四五六七八九十]+\)项", norm)
            if caption:
                rows.append([TextCell(label[:_printed_length(label, caption.end())], where)])
                self.disclosure_columns = None
                label, norm = label[_printed_length(label, caption.end()):], norm[caption.end():]
                if not norm and seg.run is None:
                    continue
            if seg.run is None or norm.startswith("信息内容"):
                words = split_words(norm, _DISCLOSURE_HEADER)
                if words is None or words[0] != "信息内容" or seg.run is not None:
                    return None
                rows.append([TextCell(w, where) for w in words])
                self.disclosure_columns = len(words) - 1
                for w in words:
                    found = labels.disclosure_column(w)
                    if found:
                        self.template_hint = found[1]
                continue
            key = labels.disclosure_row(norm)
            if key is None:
                return None
            count = self.disclosure_columns or self._default_columns(key)
            rows.append([TextCell(label.strip(), where),
                         *self._decode(seg.run, count, (), f"表二「{label.strip()}」行", number)])
        return rows

    def _default_columns(self, key: str) -> int:
        for template in filter(None, (self.template_hint, "2021", "2019")):
            for row in DISCLOSURE_ROWS[template]:
                if row.key == key:
                    return len(row.columns)
        return 1

    # ── table 三 ─────────────────────────────────────────────────────────────────────────────────────
    def _applications(self, parts: list[_Segment], number: int) -> list[list[TextCell]] | None:
        rows: list[list[TextCell]] = []
        for seg in parts:
            label = seg.label.strip()
            norm = labels.normalise(label)
            where = Where(line=number, column=seg.label_column + len(seg.label) - len(seg.label.lstrip()))
            if seg.run is None:
                words = split_words(norm, _APPLICATION_HEADER)
                if words:
                    rows.append([TextCell(w, where) for w in words])
                    continue
            path, group = labels.application_row(norm, self.group)
            if path is None and not labels.application_group(norm) and "本年度办理结果" not in norm:
                return None
            self.group = group
            if seg.run is None:
                rows.append([TextCell(label, where)])   # a group label on a line of its own
                continue
            rows.append([TextCell(label, where),
                         *self._decode(seg.run, _APPLICANTS, (_APPLICANTS,), f"表三「{label}」行", number)])
        return rows

    # ── table 四 ─────────────────────────────────────────────────────────────────────────────────────
    def _review(self, parts: list[_Segment], number: int) -> list[list[TextCell]] | None:
        rows: list[list[TextCell]] = []
        for seg in parts:
            label = seg.label.strip()
            where = Where(line=number, column=seg.label_column)
            if label:
                words = split_words(label, _REVIEW_HEADER)
                if words is None:
                    return None
                rows.append([TextCell(w, where) for w in words])
            if seg.run is not None:
                rows.append(self._decode(seg.run, _REVIEW_CELLS, (5, 5, 5), "表四", number))
        return rows

    # ── cutting a run ───────────────────────────────────────────────────────────────────────────────
    def _decode(self, run: DigitRun, count: int, sum_groups: tuple[int, ...], what: str,
                number: int) -> list[TextCell]:
        candidates = splits(run, count, sum_groups)
        if len(candidates) == 1:
            return [TextCell(p.text, Where(line=number, column=p.column)) for p in candidates[0]]
        self.problems.append(READ_AMBIGUOUS.diagnostic(
            _ambiguity_message(what, run, count, sum_groups, candidates),
            Location(self.path, number, run.columns[0] if run.columns else None, None, run.text)))
        column = run.columns[0] if run.columns else None
        return [TextCell("", Where(line=number, column=column)) for _ in range(count)]


def _printed_length(label: str, normalised_length: int) -> int:
    """How many printed characters of `label` make up its first `normalised_length` normalised ones."""
    for i in range(len(label) + 1):
        if len(labels.normalise(label[:i])) >= normalised_length:
            return i
    return len(label)


def _ambiguity_message(what: str, run: DigitRun, count: int, sum_groups: tuple[int, ...],
                       candidates: list[list[Part]]) -> str:
    rule = {(_APPLICANTS,): "各列之和等于总计", (5, 5, 5): "每组前四项之和等于总计"}.get(
        sum_groups, "表二没有可据以判定的勾稽关系")
    head = f"{what}的数字串“{run.text}”单元格之间没有分隔，"
    if not candidates:
        return head + f"无法拆成满足约束（{rule}）的 {count} 个数值；这些单元格按空白处理，请对照原表核对"
    shown = "、".join(describe(c) for c in candidates[:_SHOWN_CANDIDATES])
    more = "等" if len(candidates) > _SHOWN_CANDIDATES else ""
    return (head + f"可以拆成 {len(candidates)}{'+' if len(candidates) >= CANDIDATE_LIMIT else ''} 种 {count} 个数值（{rule}）："
            f"{shown}{more}；未作猜测，这些单元格按空白处理，请对照原表核对")


def parse_lines(lines: list[str], path: str) -> Document:
    document = FlatParser(path).parse(lines)
    document.lines = lines
    return document


def read(raw: bytes, name: str) -> Document:
    text, _ = decode(raw, name)
    return parse_lines(split_lines(text), name)


FORM_SPEC = FormSpec("flat", (), "line", read,
                     summary="the text of a web page saved flat (table cells run together)")
