"""Render a canonical model into a real Word document laid out like the official template (spec §3, §6.1):
table 三 with its three header rows and `三、本年度办理结果` and the group labels merged down their rows,
table 四 with its header merges, table 二 captions merged across the row, and the six headings numbered
by Word list numbering (`1、`), as in the documents behind mazhu-2020.txt. The merges are real Word
merges (gridSpan, vMerge) made by python-docx, so a DOCX reader is tested against what Word writes.

`python -m tests.support.docx_forms` regenerates the committed fixtures in tests/data/forms/.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS,
                           REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS)
from tests.support.wordtext import NOTE, fmt

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "tests" / "data" / "forms"

_GROUP_LABELS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                 "other": "（六）其他处理"}
_SUB_COLUMNS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
_REVIEW_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_DISCLOSURE_GRID = 4   # 信息内容 + three value columns; rows with fewer values merge the last one across
_APPLICATION_HEADER_ROWS = 3
# Column widths (cm) on A4 with 2 cm margins, roughly the official template's proportions.
_DISCLOSURE_WIDTHS = (5.0, 4.0, 4.0, 4.0)
_APPLICATION_WIDTHS = (1.6, 1.8, 4.6) + (1.3,) * 7
_REVIEW_WIDTHS = (17.0 / 15,) * 15


@dataclass(frozen=True)
class Placed:
    """One printed cell on a table's layout grid: its top-left position, text and spans."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


# ── table layouts (grid positions only; no python-docx here) ───────────────────────────────────────
def disclosure_layout(model: dict[str, Any], template: str, blank: str = "") -> list[Placed]:
    placed: list[Placed] = []
    table = model.get("active_disclosure", {})
    caption = None
    r = 0
    for row in DISCLOSURE_ROWS[template]:
        if row.caption != caption:
            caption = row.caption
            placed.append(Placed(r, 0, caption, colspan=_DISCLOSURE_GRID))
            r += 1
            placed += _disclosure_cells(r, "信息内容", [DISCLOSURE_COLUMN_TITLES[template][c] for c in row.columns])
            r += 1
        printed = [_disclosure_value(row.key, c, table.get(row.key, {}).get(c), blank) for c in row.columns]
        placed += _disclosure_cells(r, row.title, printed)
        r += 1
    return placed


def _disclosure_cells(r: int, label: str, texts: list[str]) -> list[Placed]:
    cells = [Placed(r, 0, label)]
    for k, text in enumerate(texts):
        last = k == len(texts) - 1
        cells.append(Placed(r, 1 + k, text, colspan=_DISCLOSURE_GRID - 1 - k if last else 1))
    return cells


def _disclosure_value(row_key: str, column: str, value: Any, blank: str) -> str:
    """As mazhu-2020 prints them: 采购项目数量 with 项 and 采购总金额 with 万元 (spec §3.1)."""
    text = fmt(value, blank)
    if value is not None and row_key == "procurement":
        text += {"projects": "项", "amount_10k_yuan": "万元"}.get(column, "")
    return text


def applications_layout(model: dict[str, Any], template: str, blank: str = "") -> list[Placed]:
    placed = [
        Placed(0, 0, NOTE, rowspan=3, colspan=3), Placed(0, 3, "申请人情况", colspan=7),
        Placed(1, 3, "自然人", rowspan=2), Placed(1, 4, "法人或其他组织", colspan=5), Placed(1, 9, "总计", rowspan=2),
        *(Placed(2, 4 + k, title) for k, title in enumerate(_SUB_COLUMNS)),
    ]
    rows = APPLICATION_ROWS[template]
    table = model.get("applications", {})
    results_rows = [path for path, _ in rows if path[0] == "results"]
    group_sizes: dict[str, int] = {}
    for path in results_rows:
        if len(path) == 3:
            group_sizes[path[1]] = group_sizes.get(path[1], 0) + 1
    opened: set[str] = set()
    for offset, (path, title) in enumerate(rows):
        r = _APPLICATION_HEADER_ROWS + offset
        if path[0] != "results":
            placed.append(Placed(r, 0, title, colspan=3))
        else:
            if path == results_rows[0]:
                placed.append(Placed(r, 0, "三、本年度办理结果", rowspan=len(results_rows)))
            if len(path) == 2:   # （一）（二）（七）, and the one-row 2019 （六）: across both label columns
                placed.append(Placed(r, 1, title, colspan=2))
            else:
                if path[1] not in opened:
                    opened.add(path[1])
                    placed.append(Placed(r, 1, _GROUP_LABELS[path[1]], rowspan=group_sizes[path[1]]))
                placed.append(Placed(r, 2, title))
        node: Any = table
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        placed += [Placed(r, 3 + k, fmt(node.get(c), blank)) for k, c in enumerate(APPLICANT_COLUMNS)]
    return placed


def review_layout(model: dict[str, Any], blank: str = "") -> list[Placed]:
    table = model.get("review_litigation", {})
    values = [fmt(table.get(g, {}).get(c), blank) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    return [
        Placed(0, 0, "行政复议", colspan=5), Placed(0, 5, "行政诉讼", colspan=10),
        *(Placed(1, k, head, rowspan=2) for k, head in enumerate(_REVIEW_HEADS)),
        Placed(1, 5, "未经复议直接起诉", colspan=5), Placed(1, 10, "复议后起诉", colspan=5),
        *(Placed(2, 5 + k, _REVIEW_HEADS[k % 5]) for k in range(10)),
        *(Placed(3, k, text) for k, text in enumerate(values)),
    ]


def split_layout(placed: list[Placed], at_row: int) -> tuple[list[Placed], list[Placed]]:
    """Cut a table before `at_row`, as Word does when a table is split at a page: a merged cell that
    crosses the cut keeps its text above and continues as an empty merged cell below."""
    above: list[Placed] = []
    below: list[Placed] = []
    for p in placed:
        end = p.row + p.rowspan
        if end <= at_row:
            above.append(p)
        elif p.row >= at_row:
            below.append(Placed(p.row - at_row, p.col, p.text, p.rowspan, p.colspan))
        else:
            above.append(Placed(p.row, p.col, p.text, at_row - p.row, p.colspan))
            below.append(Placed(0, p.col, "", end - at_row, p.colspan))
    return above, below


def application_row_index(template: str, path: tuple[str, ...]) -> int:
    """The grid row of a table-三 row, for splitting the table there."""
    for offset, (row_path, _) in enumerate(APPLICATION_ROWS[template]):
        if row_path == path:
            return _APPLICATION_HEADER_ROWS + offset
    raise KeyError(path)


# ── python-docx ──────────────────────────────────────────────────────────────────────────────────
def _add_grid_table(container: Any, placed: list[Placed], widths_cm: tuple[float, ...] | None = None) -> Any:
    """A Word table with every Placed cell merged over its span (python-docx writes gridSpan/vMerge).

    Column widths are set before merging, so a merged cell is as wide as the columns it covers."""
    from docx.shared import Cm, Pt

    n_rows = max(p.row + p.rowspan for p in placed)
    n_cols = max(p.col + p.colspan for p in placed)
    table = container.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_cm or ()):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for p in placed:
        cell = table.cell(p.row, p.col)
        if p.rowspan > 1 or p.colspan > 1:
            cell = cell.merge(table.cell(p.row + p.rowspan - 1, p.col + p.colspan - 1))
        cell.text = p.text
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(9)
    return table


def _heading_numbering(document: Any) -> int:
    """A Word list whose level 0 prints `1、`, `2、` …; returns its numId. python-docx has no API to
    define a list, so the definition is written into numbering.xml directly."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract_id = 90
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    return numbering.add_num(abstract_id).numId


def _numbered(paragraph: Any, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _page_break(container: Any) -> None:
    from docx.enum.text import WD_BREAK

    container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render(model: dict[str, Any], blank: str = "", numbered_headings: bool = True,
           split_applications_before: tuple[str, ...] | None = None,
           nest_review_table: bool = False) -> bytes:
    """The report as a .docx: title, preamble, six headings, tables 二–四 in their sections, signature.

    `split_applications_before` splits table 三 into two tables at that row with a page break between;
    `nest_review_table` puts table 四 inside a one-cell layout table, as some offices frame it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    report = model["report"]
    template = report["template"]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    num_id = _heading_numbering(document) if numbered_headings else None

    for text in (report.get("organ") or "", f"{report['year']}年政府信息公开工作年度报告"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if model.get("preamble"):
        document.add_paragraph(model["preamble"])
    texts = {s["number"]: s["text"] for s in model.get("sections", [])}
    for number, heading in SECTION_HEADINGS.items():
        if num_id is not None:  # Word prints the number; the text is the heading alone
            _numbered(document.add_paragraph(heading), num_id)
        else:
            document.add_paragraph("一二三四五六"[number - 1] + "、" + heading)
        for line in (texts.get(number) or "").split("\n"):
            if line:
                document.add_paragraph(line)
        if number == 2 and "active_disclosure" in model:
            _add_grid_table(document, disclosure_layout(model, template, blank), _DISCLOSURE_WIDTHS)
        if number == 3 and "applications" in model:
            layout = applications_layout(model, template, blank)
            if split_applications_before:
                above, below = split_layout(layout, application_row_index(template, split_applications_before))
                _add_grid_table(document, above, _APPLICATION_WIDTHS)
                _page_break(document)
                _add_grid_table(document, below, _APPLICATION_WIDTHS)
            else:
                _add_grid_table(document, layout, _APPLICATION_WIDTHS)
        if number == 4 and "review_litigation" in model:
            container = document
            if nest_review_table:
                frame = document.add_table(rows=1, cols=1)
                container = frame.cell(0, 0)
                container.paragraphs[0].text = "表四"
            _add_grid_table(container, review_layout(model, blank), _REVIEW_WIDTHS)
    document.add_paragraph("")
    signed_on = report.get("signed_on")
    for text in (report.get("organ") or "", _chinese_date(signed_on) if signed_on else ""):
        if text:
            document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _chinese_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def mazhu_2020() -> dict[str, Any]:
    """The canonical model of examples/mazhu-2020.txt as the text reader extracts it."""
    from checker.readers import read_report

    return read_report(ROOT / "examples" / "mazhu-2020.txt").data


def main() -> None:
    from tests.support.samples import linxi_2022

    FORMS.mkdir(parents=True, exist_ok=True)
    (FORMS / "same-2021.docx").write_bytes(render(linxi_2022()))
    (FORMS / "same-2019.docx").write_bytes(render(mazhu_2020()))


if __name__ == "__main__":
    main()
