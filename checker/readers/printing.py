"""What every printed form shares, said once: page numbers, sentence punctuation, and the header rows a
table repeats after a page break.

The readers differ in how a page reaches them (TAB lines, <td>, PDF words); these are facts about the
printed page itself, so the text, crawler-text, HTML and PDF readers take them from here.
"""

from __future__ import annotations

import re

from checker import labels
from checker.document import Table, TextCell
from checker.lazy_re import lazy

# Page numbers as word processors print them: `- 4 -`, `—4—`, `第 4 页`, `第4页 共6页`, `4/6`.
PAGE_NUMBER = lazy(r"^\s*(?:[-－—–~]\s*\d{1,4}\s*[-－—–~]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                    r"|\d{1,4}\s*/\s*\d{1,4})\s*$")

# The end of a sentence: a label holding one is narrative, never a table row's label (a row label may
# hold a comma: `（二）部分公开（区分处理的，只计这一情形，不计其他情形）`).
SENTENCE_END = lazy(r"[。；;！？!?]")
# Any punctuation of running text: a line with none of it is a title, a heading or a table line.
CLAUSE = lazy(r"[，。；：,;]")
_DIGIT = lazy(r"\d")


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text))


# ── a text layer's lines joined back into Chinese text ───────────────────────────────────────────────
_ASCII_WORD = lazy(r"[A-Za-z0-9]")
_WHITESPACE = lazy(r"[\s\u3000\u00a0]+")


def join_text(text: str) -> str:
    """Drop the gaps a PDF text layer puts between characters (`2024 年`, `号 ， 邮 编`, justified lines),
    except a single space between two Latin letters or digits, where it separates words."""

    def gap(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if _ASCII_WORD.match(before) and _ASCII_WORD.match(after) else ""

    return _WHITESPACE.sub(gap, text)


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph or cell wrap anywhere, mid-word included: join them with no separator
    (a space only between Latin words, as join_text decides)."""
    return join_text(" ".join(line.strip() for line in lines if line.strip()))


# ── header rows repeated after a page break ────────────────────────────────────────────────────────
def row_key(row: list[TextCell]) -> str:
    """A row as compared for repetition: its cells' text joined and normalised."""
    return labels.normalise("".join(c.text for c in row))


def is_header_row(row: list[TextCell]) -> bool:
    """A row without a single digit: captions, column headings, the note."""
    return not any(_DIGIT.search(c.text) for c in row) and any(c.text for c in row)


def header_run(rows: list[list[TextCell]]) -> list[str]:
    """The keys of the digit-free rows a table begins with: its header."""
    run = []
    for row in rows:
        if not is_header_row(row):
            break
        run.append(row_key(row))
    return run


def drop_repeated_headers(rows: list[list[TextCell]], header: list[str], start: int = 0) -> list[list[TextCell]]:
    """Rows from `start` on without any run that repeats the table's header rows; rows before `start`
    are kept as they are."""
    kept = rows[:start]
    i, n = start, len(header)
    keys = [row_key(r) for r in rows] if n else []     # each row's key once, not once per window
    while i < len(rows):
        if n and keys[i:i + n] == header:
            i += n
            continue
        kept.append(rows[i])
        i += 1
    return kept


def repeats_header(rows: list[list[TextCell]], header: list[str]) -> bool:
    """Whether `rows` begin with the whole header: a table carried on after a page break."""
    return bool(header) and [row_key(r) for r in rows[:len(header)]] == header


def continue_table(table: Table, continuation: Table) -> None:
    """Add a table's continuation after a page break: the header rows it repeats at its start (all of
    them or only the first few) and again further down are dropped, the rest kept in order."""
    header = header_run(table.rows)
    lead = 0
    while lead < len(continuation.rows) and lead < len(header) and row_key(continuation.rows[lead]) == header[lead]:
        lead += 1
    table.rows.extend(drop_repeated_headers(continuation.rows[lead:], header))
