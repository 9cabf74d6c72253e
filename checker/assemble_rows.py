"""What a table row's cells say, before the TableReader (assemble_tables.py) files it: the row's text as labels
are compared, the value cells at its end, and the plan of a table-三 row's label. A plan depends on the
label cells' texts alone, which every report of a template prints alike: it is kept (bounded) by them."""

from __future__ import annotations

from checker import labels, template as templates, values
from checker.document import TextCell
from checker.model import APPLICATION_ROWS


def cells_text(cells: list[TextCell]) -> str:
    """The row's text as labels are compared (texts_label of its cells' texts)."""
    return texts_label([cell.text for cell in cells])


def texts_label(texts: list[str]) -> str:
    """normalise() of the texts joined. A text of ASCII digits alone is the same after normalise() and
    joins nothing to its neighbours (no composition, space, quote, <br> or spelling variant reaches across
    a digit), so the texts between such cells are normalised on their own: a row's label recurs in every
    report where the row with its numbers does not."""
    parts: list[str] = []
    run: list[str] = []
    for text in texts:
        if text.isdigit() and text.isascii():
            if run:
                label = run[0] if len(run) == 1 else "".join(run)
                parts.append(_NORMALISED.get(label) or _normalise(label))
                run = []
            parts.append(text)
        else:
            run.append(text)
    if run:
        label = run[0] if len(run) == 1 else "".join(run)
        parts.append(_NORMALISED.get(label) or _normalise(label))
    return parts[0] if len(parts) == 1 else "".join(parts)


_normalise = labels.normalise
_NORMALISED = labels.normalise.memo   # its answers, looked up without a call (a label recurs in every report)
_looks_like_value = values.looks_like_value
PLAIN_DIGITS = values.MAX_DIGITS   # plain ASCII digits up to so many: a value (looks_like_value), not asked


def trailing_values(row: list[TextCell], n: int) -> list[TextCell] | None:
    """The last n cells when all of them can be values; None otherwise."""
    if n <= 0 or len(row) < n:
        return None
    tail = row[-n:]
    for cell in tail:
        text = cell.text
        if not ((text.isdigit() and text.isascii() and len(text) <= PLAIN_DIGITS) or _looks_like_value(text)):
            return None
    return tail


def without_padding(row: list[TextCell], n: int) -> tuple[list[TextCell], int]:
    """A labelled row with more value cells than columns loses the empty cells at its end: a converter's
    trailing empty pipe cell (`| 1.属于国家秘密 | 4 | … | 4 |  |`) is not a value. With the row, how many
    of its last cells can be values."""
    values_at_end = 0
    for cell in reversed(row):
        text = cell.text
        if not ((text.isdigit() and text.isascii() and len(text) <= PLAIN_DIGITS) or _looks_like_value(text)):
            break
        values_at_end += 1
    if values_at_end <= n or len(row) <= values_at_end:
        return row, values_at_end   # nothing to take off (the caller does not change the row)
    row = list(row)
    while values_at_end > n and len(row) > values_at_end and not row[-1].text.strip():
        row.pop()
        values_at_end -= 1
    return row, values_at_end


# a table-三 row's official label, the 2021 template's where both print the row
_OFFICIAL_TITLES = {p: title for template in ("2019", "2021") for p, title in APPLICATION_ROWS[template]}


def label_plan(label_cells: list[TextCell], group: str | None) -> tuple:
    """What a table-三 row's label cells say, given the group open above: (normalised label, row path, the
    group open after it, (printed, message) when the label is misprinted, the template evidence, whether
    the label opens a table). It depends on their texts alone, which every report prints alike:
    TableReader keeps it by them."""
    label = cells_text(label_cells)
    opens = labels.opens_table(label.rstrip(ASCII_DIGITS)) is not None
    if not label:
        return label, None, group, None, None, opens
    path, group = labels.application_row(label, group)
    if path is None:
        return label, None, group, None, None, opens
    official = _OFFICIAL_TITLES.get(path)
    texts = [c.text.strip() for c in label_cells if c.text.strip()]
    # a merged label a converter repeated in every column it spans is printed once
    printed = "".join(t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1])
    misprinted = None
    if official and labels.misprinted(printed, official):
        misprinted = (printed, f"表三行标签「{printed}」与格式不符，应为「{official}」；已按其位置和编号读作该行")
    return label, path, group, misprinted, templates.application_row_evidence(path), opens


LABEL_PLANS: dict[tuple, tuple] = {}   # label cells' texts and the open group → label_plan
DISCLOSURE_PLANS: dict[str, tuple] = {}   # a table-二 row's first label cell → (row key, template evidence)
PLANS_KEPT = 2048
PLAN_TEXT = 200     # a longer label is kept by no plan (a page's run-on text, not a printed label)
ASCII_DIGITS = "0123456789"


# A usual table-三 row (a label of the template, printed as it should be, the usual columns) by its label cells'
# texts and the open group, as TableReader files it: (the columns, the group after it, its path, its template
# evidence, its place in the model and its cells' pointers: filing()).
USUAL_ROWS: dict[tuple, tuple] = {}


# A table-三 row's place in the model and its cells' pointers, by its path and columns (the same few dozen
# in every report): made once, and hashed once (source_map is keyed by them).
FILINGS: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def filing(path: tuple[str, ...], columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the row's path in the model, the pointer of its cell in each column)."""
    head = ("applications", *path)
    prefix = "/" + "/".join(head) + "/"
    found = head, tuple(prefix + column for column in columns)
    if len(FILINGS) >= PLANS_KEPT:
        FILINGS.clear()
    FILINGS[(path, *columns)] = found
    return found


def disclosure_label(printed: str) -> tuple[str | None, tuple[str, str] | None]:
    """A table-二 row's first label cell as printed → (its row key or None, the template evidence)."""
    plan = DISCLOSURE_PLANS.get(printed)
    if plan is None:
        label = labels.normalise(printed)
        key = labels.disclosure_row(label)
        plan = (key, None if key is None else templates.disclosure_row_evidence(key, label))
        if len(printed) <= PLAN_TEXT:
            if len(DISCLOSURE_PLANS) >= PLANS_KEPT:
                DISCLOSURE_PLANS.clear()
            DISCLOSURE_PLANS[printed] = plan
    return plan


# A table-二 header row's plan, by its texts (disclosure_header)
HEADER_PLANS: dict[tuple[str, ...], tuple] = {}


def disclosure_header(texts: list[str]) -> tuple[tuple[str | None, ...], tuple[tuple[str, str], ...], tuple[int, ...]]:
    """A table-二 header row (信息内容 and the headings of its columns) → (each heading's column, None for a
    misprinted one: its place says which column it is; the template evidence of the headings read, in order;
    the indexes of the misprinted headings). Kept by the texts, which every report of a template prints alike."""
    key = tuple(texts)
    plan = HEADER_PLANS.get(key)
    if plan is not None:
        return plan
    columns: list[str | None] = []
    evidence: list[tuple[str, str]] = []
    misprinted: list[int] = []
    for index in range(1 if labels.normalise(texts[0]).startswith("信息内容") else 0, len(texts)):
        text = texts[index]
        found = labels.disclosure_column(labels.normalise(text))
        if found:
            column, template = found
            columns.append(column)
            evidence.append(templates.disclosure_column_evidence(column, template, text))
        elif text.strip():
            columns.append(None)
            misprinted.append(index)
    plan = tuple(columns), tuple(evidence), tuple(misprinted)
    if sum(map(len, texts)) <= PLAN_TEXT:
        if len(HEADER_PLANS) >= PLANS_KEPT:
            HEADER_PLANS.clear()
        HEADER_PLANS[key] = plan
    return plan


HEADER_COLUMNS: dict[tuple[str, ...], tuple[str, ...]] = {}


def header_columns(texts: list[str]) -> tuple[str, ...]:
    """The applicant columns a table-三 row's printed cells name, in order (labels.applicant_column of each),
    kept by the texts: TableReader asks it of every row of table 三 without values (its header rows)."""
    key = tuple(texts)
    found = HEADER_COLUMNS.get(key)
    if found is None:
        found = tuple(column for column in (labels.applicant_column(labels.normalise(text)) for text in texts
                                            if text.strip()) if column)
        if sum(map(len, texts)) <= PLAN_TEXT:
            if len(HEADER_COLUMNS) >= PLANS_KEPT:
                HEADER_COLUMNS.clear()
            HEADER_COLUMNS[key] = found
    return found


def is_label(text: str) -> bool:
    """Whether a table-二 cell can be a row's first label cell: printed, and no value."""
    return not (text.isdigit() and text.isascii() and len(text) <= PLAIN_DIGITS) and bool(text.strip()) \
        and not _looks_like_value(text)


# What a table-二 row of fewer than seven cells does, under a header that named every column, by the texts of
# its cells before the ASCII digits it ends in, how many of those, and the columns: NOTHING (no text),
# SEEN (read, nothing filed), or (template evidence, row path, the cells filed, one a column, and the pointers
# of the columns' cells). The cells filed are a slice of the row where they stand side by side (as a row
# prints them), else their indexes.
# A row that opens a table, or that a finding reports, has no plan (None): TableReader reads it in full.
DISCLOSURE_ROW_PLANS: dict[tuple, tuple | None] = {}
NOTHING: tuple = ()
SEEN: tuple = ("seen",)


def disclosure_plan(texts: list[str], columns: tuple[str, ...]) -> tuple | None:
    """The plan of a table-二 row (DISCLOSURE_ROW_PLANS), as TableReader.row and _disclosure_row read it: the
    ASCII digits a row ends in change neither its label (row() strips them) nor which cell is its first
    label cell nor which are padding, so the plan is kept by the texts before them and their number."""
    values_at_end = 0
    for text in reversed(texts):
        if not (text.isdigit() and text.isascii() and len(text) <= PLAIN_DIGITS):
            break
        values_at_end += 1
    labelled = len(texts) - values_at_end
    key = (*texts[:labelled], values_at_end, *columns)
    try:
        return DISCLOSURE_ROW_PLANS[key]
    except KeyError:
        pass
    plan = _disclosure_plan(texts, columns)
    if sum(map(len, texts[:labelled])) <= PLAN_TEXT:
        if len(DISCLOSURE_ROW_PLANS) >= PLANS_KEPT:
            DISCLOSURE_ROW_PLANS.clear()
        DISCLOSURE_ROW_PLANS[key] = plan
    return plan


def _disclosure_plan(texts: list[str], columns: tuple[str, ...]) -> tuple | None:
    text = texts_label(texts)
    if not text:
        return NOTHING
    if labels.opens_table(text.rstrip(ASCII_DIGITS)):   # a caption, a header, another table's head
        return None
    first = next((i for i, t in enumerate(texts) if is_label(t)), None)
    if first is None:
        return SEEN
    key, evidence = disclosure_label(texts[first])
    if key is None:
        return SEEN
    values = list(range(first + 1, len(texts)))
    for i in reversed(range(len(values))):   # surplus empty cells are padding (_disclosure_row)
        if len(values) <= len(columns):
            break
        if not texts[values[i]].strip():
            del values[i]
    if len(values) > len(columns):
        values = values[-len(columns):]
    if len(values) < len(columns):    # a short row: reported
        return None
    head = ("active_disclosure", key)
    prefix = "/" + "/".join(head) + "/"
    cells: slice | tuple[int, ...] = tuple(values)
    if values[-1] - values[0] == len(values) - 1:
        cells = slice(values[0], values[-1] + 1)
    return evidence, head, cells, tuple(prefix + column for column in columns)
