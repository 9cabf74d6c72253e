"""Markdown and other pipe-table text (spec §6.5): a table row is one line of cells separated by `|`, a
merged or empty cell is a run of `|`; some HTML-to-text converters instead put each cell on its own line
ending in ` |` (an empty cell a bare `|` line), one row per blank-line-separated group. Headings (`#`) and
other lines are paragraphs, one per line, as the Word text export has them. Half-width punctuation is
left as printed: the label catalogue normalises it."""

from __future__ import annotations

import re
from checker import labels
from checker.document import Document, FormSpec, Paragraph, Table, TextCell, Where
from checker.lazy_re import lazy
from checker.readers.decoding import decode, split_lines

_SEPARATOR = lazy(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")   # |---|:---:|
_RULE = lazy(r"^(?:[-*_]\s*){3,}$|^=+$")                        # --- *** ___ and setext underlines
_UNESCAPED_PIPE = lazy(r"(?<!\\)\|")
_HEADING_OPEN = lazy(r"^#{1,6}\s+")
_QUOTE_OR_BULLET = lazy(r"^(?:>\s*)+|^[-*+]\s+")
_EMPHASIS = lazy(r"(\*\*|__)(.+?)\1")
_BR = lazy(r"<br\s*/?>", re.I)
_ESCAPE = lazy(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def looks_like(text: str) -> bool:
    return has_pipe_table(split_lines(text))


def has_pipe_table(lines: list[str]) -> bool:
    """A `|---|` line, three rows with two `|` or more, or eight cells printed one per line."""
    lines = [line.strip() for line in lines]
    if any(_SEPARATOR.match(line) and "|" in line for line in lines):
        return True
    rows = sum(1 for line in lines if len(_UNESCAPED_PIPE.findall(line)) >= 2)
    cells = sum(1 for line in lines if line and _is_cell_line(line))
    return rows >= 3 or cells >= 8


def _heading_text(line: str) -> str:
    """An ATX heading's text without its marks: `## 标题 ##` → `标题` (the closing #s only after white space).
    In Python, not as a regex `\\s+#+$`, which a long run of spaces makes quadratic."""
    line = _HEADING_OPEN.sub("", line, count=1)
    body = line.rstrip("#")
    if len(body) < len(line) and body[-1:].isspace():
        return body.rstrip()
    return line


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", _BR.sub("", _EMPHASIS.sub(r"\2", text))).strip()


def split_cells(line: str) -> list[tuple[str, int]]:
    """(cell text, 1-based column) of a row line; an outer `|` on either side is a border, not a cell."""
    start, end = len(line) - len(line.lstrip()), len(line.rstrip())
    if line.startswith("|", start):
        start += 1
    if end > start and line[end - 1] == "|" and line[end - 2:end] != "\\|":
        end -= 1
    cells, left = [], start
    for bound in [*(m.start() for m in _UNESCAPED_PIPE.finditer(line, start, end)), end]:
        raw = line[left:bound]
        cells.append((_unescape(raw), left + 1 + len(raw) - len(raw.lstrip())))
        left = bound + 1
    return cells


def _is_cell_line(stripped: str) -> bool:
    """One cell of a row printed cell by cell: `text |`, or a bare `|` for an empty cell."""
    return stripped == "|" or (stripped.endswith("|") and len(_UNESCAPED_PIPE.findall(stripped)) == 1
                               and not stripped.startswith("|"))


def _is_row_line(stripped: str) -> bool:
    return bool(_UNESCAPED_PIPE.search(stripped)) and not _is_cell_line(stripped)


_LOOSE_ROW = lazy(r"^(?P<label>[^\d|]{2,30}?)\s*(?P<values>[-+]?\d+(?:\.\d+)?(?:\s+[-+]?\d+(?:\.\d+)?)*)$")
_RUNNING_TEXT = lazy(r"[，。；,;]")


def _loose_row(text: str) -> list[str] | None:
    """The cells of a table line a PDF-to-Markdown converter printed as plain text: a table's caption
    or header line (`第二十条第（五）项`, `信息内容本年处理决定数量`, `行政复议行政诉讼`, the table-三 note),
    or a table-二 row with its numbers (`行政许可 97`). None for anything else."""
    norm = labels.normalise(text)
    if len(norm) > 40 or labels.section_heading(text):
        return None
    if labels.opens_table(norm) and (norm.startswith("(本列数据") or not _RUNNING_TEXT.search(text)):
        return [text]
    if _RUNNING_TEXT.search(text):
        return None
    if labels.disclosure_caption(norm) and len(norm) <= 12:
        return [text]
    row = _LOOSE_ROW.match(text.strip())
    if row and labels.disclosure_row(labels.normalise(row.group("label"))):
        return [row.group("label").strip(), *row.group("values").split()]
    return None


def parse_lines(lines: list[str]) -> Document:
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    loose_table: Table | None = None      # table lines printed outside a pipe table
    pending: list[TextCell] = []          # the row being printed cell by cell

    def end_pending() -> None:
        nonlocal pending
        if pending and table is not None:
            table.rows.append(pending)
        pending = []

    def table_here(number: int) -> Table:
        nonlocal table
        if table is None:
            table = Table(rows=[], where=Where(line=number, column=1))
            blocks.append(table)
        return table

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            end_pending()
            continue
        if _SEPARATOR.match(stripped) and "|" in stripped:
            continue
        if _is_cell_line(stripped):
            table_here(number)
            text = _unescape(stripped[:-1])
            pending.append(TextCell(text, Where(line=number, column=len(line) - len(line.lstrip()) + 1)))
            continue
        if _is_row_line(stripped):
            end_pending()
            table_here(number).rows.append([TextCell(text, Where(line=number, column=column))
                                            for text, column in split_cells(line)])
            continue
        end_pending()
        if _RULE.match(stripped):
            table = None
            continue
        text = _unescape(_QUOTE_OR_BULLET.sub("", _heading_text(stripped)))
        column = len(line) - len(line.lstrip()) + 1
        loose = _loose_row(text) if text else None
        if loose is not None:       # a table line a converter left outside the pipe table
            if table is None or table is not loose_table:
                table = loose_table = Table(rows=[], where=Where(line=number, column=column))
                blocks.append(table)
            table.rows.append([TextCell(t, Where(line=number, column=column + max(0, text.find(t))))
                               for t in loose])
            continue
        table = None
        if text:
            blocks.append(Paragraph(text, Where(line=number, column=column)))
    end_pending()
    return Document(blocks=blocks)


def read(raw: bytes, name: str) -> Document:
    text, _ = decode(raw, name)
    lines = split_lines(text)
    document = parse_lines(lines)
    document.lines = lines
    return document


FORM_SPEC = FormSpec("markdown", (".md", ".markdown"), "line", read, looks_like=looks_like,
                     summary="Markdown and other pipe-table text")
