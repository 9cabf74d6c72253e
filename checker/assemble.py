"""Turn a reader's Document (paragraphs and tables of text cells) into the canonical model.

This is the one place that reads the templates' layout: title and signature, the six section
headings, and the rows of tables 二, 三 and 四 in every rendering the readers hand on. Each value
goes into the model with its printed text and location in `source_map`; a cell that cannot be read
becomes None plus a reader finding, never a guessed number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker import labels, template as templates, values
from checker.builtin_findings import READ_CELL, READ_DUPLICATE, READ_LABEL, READ_SHORT_ROW, BuiltinFinding
from checker.diagnostics import Diagnostic, Location
from checker.document import Document, Paragraph, Table, TextCell, Where
from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, COLUMN_KINDS, DISCLOSURE_ROWS, REVIEW_COLUMNS,
                           REVIEW_GROUPS, Report, pointer)

_YEAR_IN_TITLE = re.compile(r"(\d{4})\s*年(?:度)?")
_DATE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月([0-9一二三四五六七八九十]{1,3})日$")
_PERIOD = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_ORGAN_SUFFIX = re.compile(r"(政府|局|委员会|委|办公室|办公厅|厅|院|署|中心|办事处|街道|镇|乡|所|站|部|会)$")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # 二〇二〇
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    return _CN_DIGITS[text]


def parse_date(text: str) -> str | None:
    match = _DATE.match(labels.normalise(text))
    if not match:
        return None
    try:
        year, month, day = (_cn_number(g) for g in match.groups())
    except (KeyError, IndexError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_period(text: str) -> dict[str, str] | None:
    for match in _PERIOD.finditer(labels.normalise(text)):
        y1, m1, d1, y2, m2, d2 = match.groups()
        y2 = y2 or y1
        return {"start": f"{int(y1):04d}-{int(m1):02d}-{int(d1):02d}",
                "end": f"{int(y2):04d}-{int(m2):02d}-{int(d2):02d}"}
    return None


@dataclass
class _Builder:
    path: str
    data: dict[str, Any] = field(default_factory=dict)
    source_map: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=lambda: {"2019": [], "2021": []})
    extras: list[dict[str, Any]] = field(default_factory=list)

    # ── cells ────────────────────────────────────────────────────────────────────────────────────
    def note(self, finding: BuiltinFinding, message: str, where: Where | None, text: str | None = None,
             cells: list[str] | None = None) -> None:
        where = where or Where()
        self.problems.append(finding.diagnostic(
            message, Location(self.path, where.line, where.column, where.page, text), cells))

    def witness(self, evidence: tuple[str, str] | None) -> None:
        """Keep a printed label that shows which template the report follows (template.py says which)."""
        if evidence is None:
            return
        template, label = evidence
        if label not in self.evidence[template]:
            self.evidence[template].append(label)

    def put(self, parts: tuple[str, ...], cell: TextCell, kind: str) -> None:
        ptr = pointer(*parts)
        parsed = values.parse(cell.text, kind)
        entry = cell.where.source_entry(cell.text)
        if kind == "money":
            entry["unit"] = parsed.unit
        if not parsed.ok:
            self.note(READ_CELL, f"单元格无法识别为数值：{parsed.reason}；按空白处理，请核对原表", cell.where,
                      cell.text, cells=[ptr])
        node = self.data
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # a row where a group was expected, or the reverse
                return
            node = child
        if parts[-1] in node:
            self.note(READ_DUPLICATE, f"{'/'.join(parts)} 出现两次，保留第一次的数值", cell.where, cell.text,
                      cells=[ptr])
            return
        node[parts[-1]] = parsed.value
        self.source_map[ptr] = entry


def _cells_text(cells: list[TextCell]) -> str:
    return labels.normalise("".join(c.text for c in cells))


def _trailing_values(row: list[TextCell], n: int) -> list[TextCell] | None:
    """The last n cells when all of them can be values; None otherwise."""
    if n <= 0 or len(row) < n:
        return None
    tail = row[-n:]
    if all(values.looks_like_value(c.text) for c in tail):
        return tail
    return None


class _TableReader:
    """Walks table rows in order, keeping which table and which group it is in."""

    def __init__(self, builder: _Builder):
        self.b = builder
        self.context: str | None = None          # disclosure, applications, review
        self.disclosure_columns: list[str] | None = None
        self.applicant_columns: list[str] = list(APPLICANT_COLUMNS)
        self.sub_columns: list[str] = []
        self.group: str | None = None
        self.seen_tables: set[str] = set()

    def row(self, row: list[TextCell]) -> None:
        text = _cells_text(row)
        if not text:
            return
        self._switch_context(row, text)
        if self.context == "disclosure":
            self._disclosure_row(row, text)
        elif self.context == "applications":
            self._application_row(row, text)
        elif self.context == "review":
            self._review_row(row, text)

    def _switch_context(self, row: list[TextCell], text: str) -> None:
        if labels.disclosure_caption(text) or text.startswith("信息内容"):
            self.context = "disclosure"
        elif "申请人情况" in text or "勾稽关系" in text:
            self.context = "applications"
            self.group = None
        elif "行政复议" in text and ("行政诉讼" in text or "结果维持" in text):
            self.context = "review"
        elif self.context != "applications" and _trailing_values(row, 7):
            path, _ = labels.application_row(_cells_text(row[:-7]), None)
            if path and path[0] in ("new_received", "carried_over"):
                self.context = "applications"  # a table 三 printed without its header
        if self.context:
            self.seen_tables.add(self.context)

    # ── table 二 ──────────────────────────────────────────────────────────────────────────────────
    def _disclosure_row(self, row: list[TextCell], text: str) -> None:
        caption = labels.disclosure_caption(text)
        if caption:
            self.disclosure_columns = None
            self.b.witness(templates.disclosure_caption_evidence(caption))
            return
        if text.startswith("信息内容"):
            columns = []
            for cell in row:
                found = labels.disclosure_column(labels.normalise(cell.text))
                if found:
                    key, template = found
                    columns.append(key)
                    self.b.witness(templates.disclosure_column_evidence(key, template, cell.text))
            self.disclosure_columns = columns
            return
        label_cells = [c for c in row if c.text.strip() and not values.looks_like_value(c.text)]
        if not label_cells:
            return
        label = labels.normalise(label_cells[0].text)
        key = labels.disclosure_row(label)
        if key is None:
            return
        self.b.witness(templates.disclosure_row_evidence(key, label))
        columns = self.disclosure_columns or self._default_columns(key)
        value_cells = row[row.index(label_cells[0]) + 1:]
        # A span printed as empty padding cells (pipe tables, grids): surplus empty cells are padding, not
        # blank values, so drop them right to left; the values keep their order among the value cells.
        for i in reversed(range(len(value_cells))):
            if len(value_cells) <= len(columns):
                break
            if not value_cells[i].text.strip():
                del value_cells[i]
        if len(value_cells) > len(columns):       # spans expanded by a reader: keep the last cells
            value_cells = value_cells[-len(columns):]
        for column, cell in zip(columns, value_cells):
            self.b.put(("active_disclosure", key, column), cell, COLUMN_KINDS[column])
        if len(value_cells) < len(columns):
            self.b.note(READ_SHORT_ROW, f"表二「{label_cells[0].text.strip()}」行应有 {len(columns)} 个数值，只找到 "
                        f"{len(value_cells)} 个", label_cells[0].where, label_cells[0].text)

    def _default_columns(self, key: str) -> list[str]:
        """Columns of a row printed without its header, from the template its fingerprint points to."""
        template = templates.detect(self.b.evidence, None)
        for candidate in (template, "2019" if template == "2021" else "2021"):
            for row in DISCLOSURE_ROWS[candidate]:
                if row.key == key:
                    return list(row.columns)
        return []

    # ── table 三 ──────────────────────────────────────────────────────────────────────────────────
    def _application_row(self, row: list[TextCell], text: str) -> None:
        n = len(self.applicant_columns)
        tail = _trailing_values(row, n)
        if tail is None:
            self._application_header(row)
            _, self.group = labels.application_row(text, self.group)
            return
        label_cells = row[:-n]
        label = _cells_text(label_cells)
        if not label:
            return
        path, self.group = labels.application_row(label, self.group)
        if path is None:
            self._extra("applications", label_cells, tail, self.applicant_columns)
            return
        self._check_label(path, label_cells)
        self.b.witness(templates.application_row_evidence(path))
        row_columns = self.applicant_columns
        for column, cell in zip(row_columns, tail):
            if column == "subtotal":
                continue
            self.b.put(("applications", *path, column), cell, "count")
        if "subtotal" in row_columns:
            self._extra("applications", label_cells, tail, row_columns, only=("subtotal",), path=path)

    def _check_label(self, path: tuple[str, ...], label_cells: list[TextCell]) -> None:
        """A misprinted row label (`2.其他法律行政止公开`) is read by its number, and reported."""
        official = next((title for template in ("2021", "2019") for p, title in APPLICATION_ROWS[template]
                         if p == path), None)
        printed = "".join(c.text.strip() for c in label_cells if c.text.strip())
        if official and labels.misprinted(printed, official):
            where = next((c.where for c in label_cells if c.text.strip()), None)
            self.b.note(READ_LABEL, f"表三行标签「{printed}」与格式不符，应为「{official}」；已按其位置和编号读作该行",
                        where, printed, cells=[pointer("applications", *path)])

    def _application_header(self, row: list[TextCell]) -> None:
        """Header row 3 lists the 法人或其他组织 sub-columns; a 小计 among them widens every row."""
        subs = [labels.applicant_column(labels.normalise(c.text)) for c in row if c.text.strip()]
        subs = [s for s in subs if s]
        if len(subs) >= 4 and "natural_person" not in subs and "total" not in subs:
            self.sub_columns = subs
            self.applicant_columns = ["natural_person", *subs, "total"]

    def _extra(self, table: str, label_cells: list[TextCell], tail: list[TextCell], columns: list[str],
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
            self.b.extras.append(extra)

    # ── table 四 ──────────────────────────────────────────────────────────────────────────────────
    def _review_row(self, row: list[TextCell], text: str) -> None:
        tail = _trailing_values(row, len(REVIEW_GROUPS) * len(REVIEW_COLUMNS))
        if tail is None or not any(c.text.strip() for c in tail):
            return
        cells = iter(tail)
        for group in REVIEW_GROUPS:
            for column in REVIEW_COLUMNS:
                self.b.put(("review_litigation", group, column), next(cells), "count")


def _signature(paragraphs: list[Paragraph]) -> tuple[int, str | None, str | None]:
    """How many trailing paragraphs are the signature (organ, date), and what they say."""
    tail = paragraphs[-3:]
    signed_on = organ = None
    cut = 0
    for offset, para in enumerate(reversed(tail), start=1):
        text = labels.normalise(para.text)
        date = parse_date(text)
        if date and signed_on is None and organ is None:
            signed_on, cut = date, offset
        elif signed_on and organ is None and len(text) <= 30 and _ORGAN_SUFFIX.search(text) \
                and not re.search(r"[，。；：]", text):
            organ, cut = para.text.strip(), offset
        else:
            break
    return cut, organ, signed_on


def build_report(doc: Document, path: str, form: str, lines: list[str] | None = None) -> Report:
    b = _Builder(path)
    tables = _TableReader(b)
    paragraphs: list[Paragraph] = [blk for blk in doc.blocks if isinstance(blk, Paragraph) and blk.text.strip()]

    # Title: the first paragraphs up to the one naming the report.
    title_parts: list[Paragraph] = []
    for para in paragraphs[:4]:
        if labels.section_heading(para.text):
            break
        title_parts.append(para)
        if re.search(r"年度?报告|年报", para.text):
            break
    else:
        title_parts = title_parts[:1] if title_parts and len(title_parts[0].text.strip()) <= 40 else []
    if title_parts and not re.search(r"报告|年报", "".join(p.text for p in title_parts)):
        title_parts = []
    title = re.sub(r"\s+", "", "".join(p.text for p in title_parts)) or None

    sig_cut, sig_organ, signed_on = _signature(paragraphs)
    signature = set(id(p) for p in paragraphs[len(paragraphs) - sig_cut:]) if sig_cut else set()

    preamble: list[str] = []
    sections: list[dict[str, Any]] = []
    current: list[str] | None = None
    title_ids = {id(p) for p in title_parts}
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                tables.row(row)
            continue
        if not block.text.strip() or id(block) in title_ids or id(block) in signature:
            continue
        heading = labels.section_heading(block.text)
        if heading:
            number, printed, numbering = heading
            b.source_map[f"/sections/{len(sections)}"] = block.where.source_entry(block.text.strip())
            sections.append({"number": number, "heading": printed, "numbering": numbering, "text": ""})
            current = []
            sections[-1]["_lines"] = current
            continue
        (current if current is not None else preamble).append(block.text.strip())
    for section in sections:
        section["text"] = "\n".join(section.pop("_lines"))

    # Year, organ and period.
    year = None
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match:
            year = int(match.group(1))
    # The stated 统计期限: a date range in a sentence about the statistics, the intro's first. Any other
    # range (a campaign "自2024年1月1日至6月30日开展…") is not the report's period.
    period = None
    for text in ["\n".join(preamble)] + [p.text for p in paragraphs]:
        for sentence in re.split(r"[。；;\n]", text):
            if "统计" in sentence:
                period = find_period(sentence)
                if period:
                    break
        if period:
            break
    if year is None and period:
        year = int(period["start"][:4])
    organ = None
    if title and year is not None:
        organ = title.split(str(year), 1)[0].strip() or None
    organ = organ or (re.sub(r"\s+", "", sig_organ) if sig_organ else None)
    if title_parts:
        b.source_map["/report/title"] = title_parts[0].where.source_entry(title)

    template = templates.detect(b.evidence, year)
    data: dict[str, Any] = {
        "report": {
            "title": title, "organ": organ, "year": year, "template": template,
            "template_evidence": b.evidence, "kind": None, "signed_on": signed_on,
            "published_on": doc.published_on, "period": period,
        },
        "preamble": "\n".join(preamble),
        "sections": sections,
    }
    for key in ("active_disclosure", "applications", "review_litigation"):
        if key in b.data:
            data[key] = b.data[key]
    data["extras"] = b.extras
    return Report(data=data, source_map=b.source_map, path=path, form=form,
                  problems=[*doc.problems, *b.problems], lines=lines)
