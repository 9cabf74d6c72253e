"""Turn a reader's Document into the canonical model (a Report): the one place a Report is built.

This is where the templates' layout is read: title and signature, the six section headings, and (in
assemble_tables) the rows of tables 二, 三 and 四 in every rendering the readers hand on. A data file's
Document already carries the model; it is completed and handed on as it stands.
"""

from __future__ import annotations

import re
from typing import Any

from checker import headings, labels, template as templates
from checker.assemble_tables import Builder, TableReader
from checker.dates import find_period, parse_date
from checker.lazy_re import lazy
from checker.document import Document, Paragraph, PrintedTable, Table
from checker.builtin_findings import READ_HEADING
from checker.model import SECTION_HEADINGS, Report

_YEAR_IN_TITLE = re.compile(r"(\d{4})\s*年(?:度)?")
_NUMERALS = "一二三四五六"
_ORGAN_SUFFIX = re.compile(r"(政府|局|委员会|委|办公室|办公厅|厅|院|署|中心|办事处|街道|镇|乡|所|站|部|会)$")
# kept compiled (re's own cache costs a look-up per call, a dozen calls a report)
_CLAUSE_MARK = lazy(r"[，。；：]")
_NAMES_REPORT = lazy(r"年度?报告|年报")
_SAYS_REPORT = lazy(r"报告|年报")
_SPACE = lazy(r"\s+")
_SENTENCE_END = lazy(r"[。；;\n]")


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
                and not _CLAUSE_MARK.search(text):
            organ, cut = para.text.strip(), offset
        else:
            break
    return cut, organ, signed_on


def build_report(doc: Document, path: str, form: str) -> Report:
    """The Report of a Document read from the file `path` in the form `form`."""
    if doc.model is not None:
        return _from_model(doc, path, form)
    b = Builder(path)
    tables = TableReader(b)
    paragraphs: list[Paragraph] = [blk for blk in doc.blocks if isinstance(blk, Paragraph) and blk.text.strip()]

    # Title: the first paragraphs up to the one naming the report.
    title_parts: list[Paragraph] = []
    for para in paragraphs[:4]:
        if labels.section_heading(para.text):
            break
        title_parts.append(para)
        if _NAMES_REPORT.search(para.text):
            break
    else:
        title_parts = title_parts[:1] if title_parts and len(title_parts[0].text.strip()) <= 40 else []
    if title_parts and not _SAYS_REPORT.search("".join(p.text for p in title_parts)):
        title_parts = []
    title = _SPACE.sub("", "".join(p.text for p in title_parts)) or None

    sig_cut, sig_organ, signed_on = _signature(paragraphs)
    signature = set(id(p) for p in paragraphs[len(paragraphs) - sig_cut:]) if sig_cut else set()

    preamble: list[str] = []
    sections: list[dict[str, Any]] = []
    current: list[str] | None = None
    title_ids = {id(p) for p in title_parts}
    body = paragraphs[len(title_parts):len(paragraphs) - sig_cut]    # the title is a prefix, the signature a suffix
    marks = {id(body[i]): heading for i, heading in headings.top_level([p.text for p in body]).items()}
    printed_row = tables.printed_row
    for block in doc.blocks:
        if isinstance(block, Table):
            printed = block.printed if block.__class__ is PrintedTable else None    # type: ignore[attr-defined]
            if printed is not None:      # a PrintedTable whose cells no one has made: read as printed
                for texts, places in printed:
                    printed_row(texts, places)
            else:
                for row in block.rows:
                    tables.row(row)
            continue
        if not block.text.strip() or id(block) in title_ids or id(block) in signature:
            continue
        heading = marks.get(id(block))
        if heading:
            number, printed, numbering, usual = heading
            if not usual:
                b.note(READ_HEADING, f"第{number}部分的标题印作「{numbering}{printed}」，格式为「{_NUMERALS[number - 1]}、"
                       f"{SECTION_HEADINGS[number]}」；已按其编号和位置读作该部分", block.where, block.text.strip(),
                       cells=[f"/sections/{len(sections)}"])
            b.source_map[f"/sections/{len(sections)}"] = block.where.source_entry(block.text.strip())
            sections.append({"number": number, "heading": printed, "numbering": numbering, "text": ""})
            current = []
            sections[-1]["_lines"] = current
            continue
        (current if current is not None else preamble).append(block.text.strip())
    tables.finish()
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
        if "统计" not in text:     # nor in any of its sentences
            continue
        for sentence in _SENTENCE_END.split(text):
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
    organ = organ or (_SPACE.sub("", sig_organ) if sig_organ else None)
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
    if doc.source:
        data["report"]["source"] = doc.source
    for key in ("active_disclosure", "applications", "review_litigation"):
        if key in b.data:
            data[key] = b.data[key]
    data["extras"] = b.extras
    return Report(data=data, source_map=b.source_map, path=path, form=form,
                  problems=[*doc.problems, *b.problems], lines=doc.lines)


def _from_model(doc: Document, path: str, form: str) -> Report:
    """A data file's model, completed with the keys a hand-written one may leave out. Without a
    source_map of its own, every value is located where it stands in the file."""
    data = doc.model
    assert data is not None
    report = data["report"]
    report.setdefault("template_evidence", {"2019": [], "2021": []})
    for key in ("kind", "signed_on", "published_on", "period"):
        report.setdefault(key, None)
    data.setdefault("preamble", "")
    data.setdefault("extras", [])
    return Report(data=data, source_map=doc.source_map or {}, path=path, form=form,
                  problems=list(doc.problems), lines=doc.lines)
