"""What a table row's cells say, before the TableReader (assemble_tables.py) files it: the row's text as labels
are compared, the value cells at its end, and the plan of a table-三 row's label. A plan depends on the
label cells' texts alone, which every report of a template prints alike: it is kept (bounded) by them."""

from __future__ import annotations

from checker import labels, template as templates, values
from checker.document import TextCell
from checker.model import APPLICATION_ROWS


def cells_text(cells: list[TextCell]) -> str:
    """The row's text as labels are compared: normalise() of its cells joined. A cell of ASCII digits alone
    is the same after normalise() and joins nothing to its neighbours (no composition, space, quote, <br>
    or spelling variant reaches across a digit), so the texts between such cells are normalised on their
    own: a row's label recurs in every report where the row with its numbers does not."""
    parts: list[str] = []
    run: list[str] = []
    for cell in cells:
        text = cell.text
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
