"""The rows of tables 二, 三 and 四 into the canonical model: which table and group a row is in, which
columns its values fill, and every value with its printed text and place in `source_map`. A cell that
cannot be read becomes None plus a reader finding, never a guessed number."""

from __future__ import annotations

from typing import Any

from checker import labels, template as templates, values
from checker.builtin_findings import READ_LABEL, READ_SHORT_ROW, READ_UNPLACED
from checker.assemble_cells import Builder
from checker.assemble_steps import read_row
from checker.assemble_rows import (ASCII_DIGITS, FILINGS, LABEL_PLANS, NOTHING, PLANS_KEPT, SEEN, USUAL_ROWS, cells_text,
                                   disclosure_header, disclosure_label, disclosure_plan, filing, header_columns, is_label, label_plan,
                                   PLAIN_DIGITS,
                                   texts_label, trailing_values, without_padding)
from checker.document import TextCell, Where
from checker.model import APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS, pointer

_opens_table = labels.opens_table
_REVIEW_WIDTH = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)
# each table-四 group's path in the model and the pointers of its columns
_REVIEW_FILINGS = [(("review_litigation", group),
                    tuple(pointer("review_litigation", group, column) for column in REVIEW_COLUMNS))
                   for group in REVIEW_GROUPS]
_disclosure_caption = labels.disclosure_caption


class TableReader:
    """Walks table rows in order, keeping which table and which group it is in."""

    def __init__(self, builder: Builder):
        self.builder = builder
        self.context: str | None = None          # disclosure, applications, review
        # The columns are tuples, replaced and never changed: a row's step (assemble_steps) is kept by them
        # and hands back its own.
        self.disclosure_columns: tuple[str | None, ...] | None = None
        self.misprinted_columns: list[TextCell] = []
        self.applicant_columns: tuple[str, ...] = APPLICANT_COLUMNS
        self.sub_columns: tuple[str, ...] = ()
        self.group: str | None = None
        self.seen_tables: set[str] = set()
        self.labelled: list[tuple[str, ...]] = []                     # table-三 rows read by their label
        self.detached: list[tuple[int, list[TextCell]]] = []         # value-only rows, after labelled[:k]

    def row(self, row: list[TextCell]) -> None:
        """A row of cells (the forms that make TextCells). The usual rows of each table are read from a plan."""
        context = self.context
        if context == "applications":
            if self._numbered_application_row([cell.text for cell in row], None, row):
                return
        elif context == "disclosure":
            if self._planned_disclosure_row([cell.text for cell in row], None, row):
                return
        elif context == "review" and self._numbers_review_row([cell.text for cell in row], None, row):
            return
        self._read(row, cells_text(row))

    def printed_row(self, texts: list[str], places: list[Where]) -> None:
        """A row as a PrintedTable holds it: its cells' texts and places. Its TextCells are made only when it is
        read in full."""
        context = self.context
        if context == "applications":
            if self._numbered_application_row(texts, places, None):
                return
        elif context == "disclosure":
            if self._planned_disclosure_row(texts, places, None):
                return
        elif context == "review" and self._numbers_review_row(texts, places, None):
            return
        read_row(self, texts, lambda: self._read(list(map(TextCell, texts, places)), texts_label(texts)))

    def _read(self, row: list[TextCell], text: str) -> None:
        """A row read in full; `text`: its cells_text."""
        if not text:
            return
        # What a row's text says as a label it says without the ASCII digits it ends in (its values: no
        # word, caption or heading the label functions look for holds one), and that text recurs in every
        # report where the row with its numbers does not: their memos answer it.
        label = text.rstrip(ASCII_DIGITS)
        self._switch_context(row, label)
        context = self.context
        if context == "applications":
            self._application_row(row, text)
        elif context == "disclosure":
            self._disclosure_row(row, label)
        elif context == "review":
            self._review_row(row, text)

    def _switch_context(self, row: list[TextCell], label: str) -> None:
        opened = _opens_table(label)
        if opened:
            self.context = opened
            if opened == "applications":
                self.group = None
        elif self.context != "applications" and trailing_values(row, 7):
            path, _ = labels.application_row(cells_text(row[:-7]), None)
            if path and path[0] in ("new_received", "carried_over"):
                self.context = "applications"  # a table 三 printed without its header
        if self.context:
            self.seen_tables.add(self.context)

    # ── table 二 ──────────────────────────────────────────────────────────────────────────────────
    def _disclosure_row(self, row: list[TextCell], text: str) -> None:
        """`text`: the row's text without the ASCII digits it ends in (see row)."""
        caption = _disclosure_caption(text)
        if caption:
            self.disclosure_columns = None
            self.builder.witness(templates.disclosure_caption_evidence(caption))
            return
        if text.startswith("信息内容"):
            columns, evidence, misprinted = disclosure_header([cell.text for cell in row])
            for found in evidence:
                self.builder.witness(found)
            self.misprinted_columns = [row[i] for i in misprinted]
            self.disclosure_columns = columns
            return
        for first in row:     # the first label cell: printed, and no value
            if is_label(first.text):
                break
        else:
            return
        key, evidence = disclosure_label(first.text)
        if key is None:
            return
        if evidence is not None:
            self.builder.witness(evidence)
        columns = self._columns_for(key)
        value_cells = row[row.index(first) + 1:]
        # A span printed as empty padding cells (pipe tables, grids): surplus empty cells are padding, not
        # blank values, so drop them right to left; the values keep their order among the value cells.
        for i in reversed(range(len(value_cells))):
            if len(value_cells) <= len(columns):
                break
            if not value_cells[i].text.strip():
                del value_cells[i]
        if len(value_cells) > len(columns):       # spans expanded by a reader: keep the last cells
            value_cells = value_cells[-len(columns):]
        if 1 < len(columns) and 0 < len(value_cells) < len(columns):
            # which columns the printed numbers belong to cannot be told: none is filed, and the row is reported
            self.builder.note(READ_SHORT_ROW, f"表二「{first.text.strip()}」行应有 {len(columns)} 个数值，只印了 "
                              f"{len(value_cells)} 个（{'、'.join(c.text for c in value_cells)}），无法确定各属哪一栏；未读入，"
                              f"请对照原表核对", first.where, first.text)
            return
        self.builder.put_row(("active_disclosure", key), columns, value_cells, None)
        if len(value_cells) < len(columns):
            self.builder.note(READ_SHORT_ROW, f"表二「{first.text.strip()}」行应有 {len(columns)} 个数值，只找到 "
                              f"{len(value_cells)} 个", first.where, first.text)

    def _planned_disclosure_row(self, texts: list[str], places: list[Where] | None, row: list[TextCell] | None) -> bool:
        """A table-二 row of fewer than seven cells under a header that named every column: read as _read and
        _disclosure_row read it, from its plan (assemble_rows.disclosure_plan). False, and nothing done, for
        a row without one. The row: its cells (`row`), or its texts and `places` (a printed row)."""
        columns = self.disclosure_columns
        if not columns or len(texts) >= 7 or None in columns:
            return False
        plan = disclosure_plan(texts, columns)    # type: ignore[arg-type]
        if plan is None:
            return False
        if plan is NOTHING:
            return True
        self.seen_tables.add("disclosure")
        if plan is not SEEN:
            evidence, head, cells, pointers = plan
            if evidence is not None:
                self.builder.witness(evidence)
            if row is None:
                if cells.__class__ is slice:
                    self.builder.put_texts(head, columns, pointers, texts[cells], places[cells], None)  # type: ignore[index]
                else:
                    self.builder.put_texts(head, columns, pointers, [texts[i] for i in cells],    # type: ignore[arg-type]
                                           [places[i] for i in cells], None)                    # type: ignore[index]
            else:
                self.builder.put_row(head, columns, row[cells] if cells.__class__ is slice else [row[i] for i in cells], None)
        return True

    def _columns_for(self, key: str) -> tuple[str, ...]:
        """The columns of a table-二 row: its header's, a misprinted heading read by its place among the
        template's columns (and reported), or the template's when no header was printed."""
        columns = self.disclosure_columns
        if not columns:
            return self._default_columns(key)
        if None not in columns:
            return columns  # type: ignore[return-value]
        default = self._default_columns(key)
        if len(default) != len(columns) or any(c is not None and c != d for c, d in zip(columns, default)):
            return tuple(c for c in columns if c is not None)
        for cell in self.misprinted_columns:
            expected = default[columns.index(None)]
            title = next((t[expected] for t in DISCLOSURE_COLUMN_TITLES.values() if expected in t), expected)
            self.builder.note(READ_LABEL, f"表二栏目「{cell.text.strip()}」与格式不符，应为「{title}」；已按其位置读作该栏",
                              cell.where, cell.text)
        self.misprinted_columns = []
        self.disclosure_columns = default
        return default

    def _default_columns(self, key: str) -> tuple[str, ...]:
        """Columns of a row printed without its header, from the template its fingerprint points to."""
        template = templates.detect(self.builder.evidence, None)
        for candidate in (template, "2019" if template == "2021" else "2021"):
            for row in DISCLOSURE_ROWS[candidate]:
                if row.key == key:
                    return row.columns
        return ()

    # ── table 三 ──────────────────────────────────────────────────────────────────────────────────
    def _application_row(self, row: list[TextCell], text: str) -> None:
        n = len(self.applicant_columns)
        row, values_at_end = without_padding(row, n)
        tail = row[-n:] if 0 < n <= values_at_end else None   # trailing_values(row, n)
        if tail is None:
            if self._short_row(row, n):
                return
            self._application_header(row)
            _, self.group = labels.application_row(text, self.group)
            return
        label_cells = row[:-n]
        key = (*[c.text for c in label_cells], self.group)
        plan = LABEL_PLANS.get(key)
        if plan is None:
            plan = label_plan(label_cells, self.group)
            if len(LABEL_PLANS) >= PLANS_KEPT:
                LABEL_PLANS.clear()
            LABEL_PLANS[key] = plan
        self._file_application_row(label_cells, tail, plan)

    def _numbered_application_row(self, texts: list[str], places: list[Where] | None,
                                  row: list[TextCell] | None) -> bool:
        """A table-三 row as most are printed (label cells, ASCII digits in every column) whose label was
        read before: read as _read and _application_row read it, from the label's plan (the row's text is
        the label's and the numbers; a number is no padding). False, and nothing done, for any other row.
        The row: its cells (`row`), or its texts and `places` (a printed row)."""
        columns = self.applicant_columns
        n = len(columns)
        if not 0 < n < len(texts):
            return False
        numbers = texts[-n:]
        joined = "".join(numbers)
        if not (all(numbers) and joined.isdigit() and joined.isascii()
                and (len(joined) <= PLAIN_DIGITS or max(map(len, numbers)) <= PLAIN_DIGITS)):
            return False
        key = (*texts[:-n], self.group)
        usual = USUAL_ROWS.get(key)
        if usual is None or usual[0] != columns:
            plan = LABEL_PLANS.get(key)
            if plan is None or plan[5]:
                return False
            label, path, group, misprinted, evidence, _ = plan
            if not label or path is None or misprinted is not None or "subtotal" in columns:
                self.seen_tables.add("applications")
                if row is None:
                    row = list(map(TextCell, texts, places))    # type: ignore[arg-type]
                self._file_application_row(row[:-n], row[-n:], plan)
                return True
            # the usual row (a label of the template, printed as it should be, the usual columns): as
            # _file_application_row files it, with the row's pointers made once for its path and columns
            if len(USUAL_ROWS) >= PLANS_KEPT:
                USUAL_ROWS.clear()
            usual = USUAL_ROWS[key] = (columns, group, path, evidence,
                                       *(FILINGS.get((path, *columns)) or filing(path, columns)))
        _, self.group, path, evidence, head, pointers = usual
        self.seen_tables.add("applications")
        self.labelled.append(path)
        if evidence is not None:
            self.builder.witness(evidence)
        if row is None:
            self.builder.put_numbers(head, columns, pointers, numbers, places[-n:])    # type: ignore[index]
        else:
            self.builder.put_counts(head, columns, pointers, row[-n:])
        return True

    def _file_application_row(self, label_cells: list[TextCell], tail: list[TextCell], plan: tuple) -> None:
        """File a table-三 row by its label's plan (label_plan): `tail`, its values, one a column."""
        label, path, group, misprinted, evidence, _ = plan
        if not label:
            if any(c.text.strip() for c in tail):
                self.detached.append((len(self.labelled), tail))   # its label was printed elsewhere
            return
        self.group = group
        if path is None:
            self._extra("applications", label_cells, tail, self.applicant_columns)
            return
        self.labelled.append(path)
        if misprinted is not None:   # a misprinted row label (`2.其他法律行政止公开`) is read by its number, and reported
            where = next((c.where for c in label_cells if c.text.strip()), None)
            self.builder.note(READ_LABEL, misprinted[1], where, misprinted[0], cells=[pointer("applications", *path)])
        if evidence is not None:
            self.builder.witness(evidence)
        row_columns = self.applicant_columns
        if "subtotal" in row_columns:
            kept = [(column, cell) for column, cell in zip(row_columns, tail) if column != "subtotal"]
            self.builder.put_row(("applications", *path), [c for c, _ in kept], [cell for _, cell in kept], "count")
            self._extra("applications", label_cells, tail, row_columns, only=("subtotal",), path=path)
        else:
            self.builder.put_row(("applications", *path), row_columns, tail, "count")

    def _application_header(self, row: list[TextCell]) -> None:
        """Header row 3 lists the 法人或其他组织 sub-columns; a 小计 among them widens every row."""
        subs = header_columns([c.text for c in row])
        if len(subs) >= 4 and "natural_person" not in subs and "total" not in subs:
            self.sub_columns = subs
            self.applicant_columns = ("natural_person", *subs, "total")

    def _extra(self, table: str, label_cells: list[TextCell], tail: list[TextCell], columns: tuple[str, ...],
               only: tuple[str, ...] | None = None, path: tuple[str, ...] | None = None) -> None:
        label = "".join(c.text.strip() for c in label_cells if c.text.strip())
        extra: dict[str, Any] = {"table": table, "label": label, "values": {}}
        if path:
            extra["row"] = pointer(table, *path)
        for column, cell in zip(columns, tail):
            if only and column not in only:
                continue
            extra["values"][column] = values.parse_count(cell.text).value
        if extra["values"]:
            self.builder.extras.append(extra)

    def _short_row(self, row: list[TextCell], n: int) -> bool:
        """A table-三 row with its label and fewer numbers than columns: reported, never filed into columns
        it may not belong to."""
        count = 0
        for cell in reversed(row):
            if not values.looks_like_value(cell.text) or not cell.text.strip():
                break
            count += 1
        if not count:
            return False
        label_cells = row[:len(row) - count]
        label = cells_text(label_cells)
        if not label:
            return False
        path, _ = labels.application_row(label, self.group)
        if path is None or not any(c.text.strip() for c in label_cells):
            return False
        printed = next(c for c in label_cells if c.text.strip())
        self.builder.note(READ_SHORT_ROW, f"表三「{printed.text.strip()}」行应有 {n} 个数值，只印了 {count} 个"
                          f"（{'、'.join(c.text for c in row[len(row) - count:])}），无法确定各属哪一列；未读入，请对照原表核对",
                          printed.where, printed.text)
        return True

    def finish(self) -> None:
        """Place the table-三 rows a converter printed without their labels (value-only rows): between two
        labelled rows they fill the template's rows in between, in order, when their number leaves
        exactly one placement; otherwise they are reported, not guessed."""
        if not self.detached:
            return
        order = [path for path, _ in APPLICATION_ROWS[templates.detect(self.builder.evidence, None)]]
        read = set(self.labelled)
        runs: dict[int, list[list[TextCell]]] = {}
        for after, cells in self.detached:
            runs.setdefault(after, []).append(cells)
        for after, rows in runs.items():
            lo = order.index(self.labelled[after - 1]) if after > 0 and self.labelled[after - 1] in order else -1
            hi = order.index(self.labelled[after]) if after < len(self.labelled) and self.labelled[after] in order \
                else len(order)
            slots = [path for path in order[lo + 1:hi] if path not in read]
            if len(slots) != len(rows):
                first = rows[0][0]
                self.builder.note(READ_UNPLACED, f"表三有 {len(rows)} 行数值没有印出行标签，按格式的行序这里缺 "
                                  f"{len(slots)} 行，无法确定各属哪一行；这些数值未读入，请对照原表核对",
                                  first.where, " ".join(c.text for c in rows[0]))
                continue
            for path, cells in zip(slots, rows):
                for column, cell in zip(self.applicant_columns, cells):
                    if column != "subtotal":
                        cell.reading = "template_order"
                        self.builder.put(("applications", *path, column), cell, "count")
                read.add(path)
        self.detached = []

    # ── table 四 ──────────────────────────────────────────────────────────────────────────────────
    def _numbers_review_row(self, texts: list[str], places: list[Where] | None, row: list[TextCell] | None) -> bool:
        """A table-四 row as most are printed (fifteen ASCII numbers, one a column): read as _read and _review_row
        read it. Its text is all digits: as a label it is empty and opens no table, and the first eight numbers
        name no table-三 row (labels.application_row: every row is named by words). False, and nothing done,
        for any other row. The row: its cells (`row`), or its texts and `places` (a printed row)."""
        if len(texts) != _REVIEW_WIDTH:
            return False
        joined = "".join(texts)
        if not (all(texts) and joined.isdigit() and joined.isascii() and max(map(len, texts)) <= PLAIN_DIGITS):
            return False
        self.seen_tables.add("review")
        width = len(REVIEW_COLUMNS)
        for at, (head, pointers) in enumerate(_REVIEW_FILINGS):
            if row is None:
                self.builder.put_numbers(head, REVIEW_COLUMNS, pointers, texts[at * width:(at + 1) * width],
                                         places[at * width:(at + 1) * width])    # type: ignore[index]
            else:
                self.builder.put_counts(head, REVIEW_COLUMNS, pointers, row[at * width:(at + 1) * width])
        return True

    def _review_row(self, row: list[TextCell], text: str) -> None:
        tail = trailing_values(row, len(REVIEW_GROUPS) * len(REVIEW_COLUMNS))
        if tail is None or not any(c.text.strip() for c in tail):
            return
        width = len(REVIEW_COLUMNS)
        for at, group in enumerate(REVIEW_GROUPS):
            self.builder.put_row(("review_litigation", group), REVIEW_COLUMNS, tail[at * width:(at + 1) * width], "count")

