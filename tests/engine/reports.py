"""Consistent canonical reports of either template, drawn by hypothesis, for the engine's property tests.

What the generator guarantees, and so all a property test may assume: every hard relation holds (R1–R9),
every section and table of the template is present, and every soft threshold is kept too (H1: 其他处理 at
most 20% of （七）总计; H4: section 一 is short; D7: the title's year is the report year and no period or
date is stated; N1: the text states no count), so such a report has no finding at all."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS,
                           SECTION_HEADINGS, Report)

PARTS = APPLICANT_COLUMNS[:-1]          # the six applicant columns; `total` is their sum
_COUNT = st.integers(min_value=0, max_value=60)


def _put(tree: dict, path: tuple[str, ...], row: dict[str, int]) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    tree[path[-1]] = row


def _row(values: dict[str, int]) -> dict[str, int]:
    return {**{c: values[c] for c in PARTS}, "total": sum(values[c] for c in PARTS)}


@st.composite
def consistent_reports(draw: Any, template: str | None = None) -> Report:
    template = template or draw(st.sampled_from(["2019", "2021"]))
    rows = APPLICATION_ROWS[template]
    leaves = [path for path, _ in rows if path[0] == "results" and path != ("results", "total")]
    applications: dict[str, Any] = {}
    totals = {c: 0 for c in PARTS}
    # （六）其他处理 is drawn last and kept within H1's 20% of （七）总计 (4 × other ≤ the rest), as in real
    # reports: a generated report keeps every soft threshold, so "consistent" means "no finding at all".
    other = [path for path in leaves if path[:2] == ("results", "other")]
    rest_total = 0
    for path in [p for p in leaves if p not in other] + other:
        if path in other:
            cap = rest_total // (4 * len(PARTS) * len(other))
            values = {c: draw(st.integers(0, cap)) for c in PARTS}
        else:
            values = {c: draw(_COUNT) for c in PARTS}
            rest_total += sum(values.values())
        _put(applications, path, _row(values))
        for c in PARTS:
            totals[c] += values[c]
    _put(applications, ("results", "total"), _row(totals))
    carried_forward = {c: draw(_COUNT) for c in PARTS}
    carried_over = {c: draw(st.integers(0, totals[c] + carried_forward[c])) for c in PARTS}
    new_received = {c: totals[c] + carried_forward[c] - carried_over[c] for c in PARTS}
    _put(applications, ("new_received",), _row(new_received))
    _put(applications, ("carried_over",), _row(carried_over))
    _put(applications, ("carried_forward",), _row(carried_forward))
    review = {}
    for group in REVIEW_GROUPS:
        values = {c: draw(_COUNT) for c in REVIEW_COLUMNS[:-1]}
        review[group] = {**values, "total": sum(values.values())}
    disclosure = {}
    for row in DISCLOSURE_ROWS[template]:
        cells: dict[str, Any] = {}
        for column in row.columns:
            if column == "amount_10k_yuan":
                cells[column] = draw(st.floats(0, 1e5, allow_nan=False).map(lambda v: round(v, 4)))
            elif column == "change":
                cells[column] = draw(st.integers(-cells["items_prev_year"], 60))
            else:
                cells[column] = draw(_COUNT)
        disclosure[row.key] = cells
    year = 2020 if template == "2019" else draw(st.integers(2021, 2025))
    sections = [{"number": n, "heading": h, "text": "" if n in (2, 3, 4) else f"第{n}部分的文字。"}
                for n, h in SECTION_HEADINGS.items()]
    sections[5]["text"] = f"{year}年，本机关未收取信息处理费。"
    unpaid = applications["results"]["other"].get("unpaid_fee", {}).get("total") if template == "2021" else 0
    if unpaid:   # N2: a fee notice that went unpaid is reported in section 六
        sections[5]["text"] = f"{year}年，本机关发出收费通知{unpaid}份，申请人均逾期未缴纳，未收取信息处理费。"
    sections[4]["text"] = ("一是依申请公开答复的规范性仍需提高，个别答复书引用条款不够准确；二是政策解读形式较为单一。"
                           f"{year + 1}年，将制定依申请公开答复范本，开展答复书评查，并探索图解、短视频等解读形式。")
    data = {
        "report": {"title": f"某机关{year}年政府信息公开工作年度报告", "organ": "某机关", "year": year,
                   "template": template, "template_evidence": {"2019": [], "2021": []}},
        "preamble": "", "sections": sections, "active_disclosure": disclosure,
        "applications": applications, "review_litigation": review, "extras": [],
    }
    return Report(data=data, source_map={}, path=f"<generated {template}>", form="json")


def table_pointers(report: Report) -> list[str]:
    """Every count cell of tables 三 and 四 in a generated report."""
    out = []
    for path, _ in APPLICATION_ROWS[report.template]:
        out += ["/" + "/".join(("applications", *path, c)) for c in APPLICANT_COLUMNS]
    out += [f"/review_litigation/{g}/{c}" for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    return out


def set_cell(report: Report, pointer: str, value: Any) -> None:
    node = report.data
    *parents, last = pointer.strip("/").split("/")
    for part in parents:
        node = node[part]
    node[last] = value
