"""Render a canonical model as a web page saved flat (spec §6.4): one line per table row with its label
and values run together, spaces between some cells and not others, labels that gained spaces, and a page
split that runs two table-三 rows into one line and repeats the merged label 三、本年度办理结果.

Table 二 values are printed space-separated (nothing else could tell `3112` into 3|1|12); table-三 and
table-四 runs rely on their arithmetic: a row of single digits runs together, otherwise a 0 cell is glued
to the cell after it, as pages saved from HTML do."""

from __future__ import annotations

from typing import Any

from checker.model import APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS, \
    REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS
from tests.support.html_forms import _GROUP_LABELS, _signed_on, _value
from tests.support.wordtext import NOTE, fmt

_SECTION_NUMBERS = "一二三四五六"
_SPACED_LABELS = {"三、本年度办理结果": "三、本年度办 理结果", "社会公益组织": "社会公益 组织", "商业企业": "商业 企业"}


def run(values: list[str]) -> str:
    """Cells of one row as a flat page prints them."""
    if all(len(v) == 1 for v in values):
        return "".join(values)
    out = ""
    for i, value in enumerate(values):
        out += value
        if i + 1 < len(values) and value != "0":
            out += " "
    return out


def disclosure_lines(model: dict[str, Any], template: str) -> list[str]:
    lines, caption = [], None
    for row in DISCLOSURE_ROWS[template]:
        if row.caption != caption:
            caption = row.caption
            lines.append(caption)
            lines.append("信息内容" + "".join(DISCLOSURE_COLUMN_TITLES[template][c] for c in row.columns))
        values = [fmt(_value(model, "active_disclosure", row.key, c)) for c in row.columns]
        lines.append(row.title + " ".join(values))
    return lines


def applications_lines(model: dict[str, Any], template: str, split_before: tuple[str, ...] | None) -> list[str]:
    lines = [NOTE + "申请人情况", "自然人法人或其他组织总计",
             "".join(_SPACED_LABELS.get(t, t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))]
    opened: set[str] = set()
    for path, title in APPLICATION_ROWS[template]:
        values = run([fmt(_value(model, "applications", *path, c)) for c in APPLICANT_COLUMNS])
        label = title
        if path == ("results", "granted") or path == split_before:
            label = _SPACED_LABELS["三、本年度办理结果"] + label
        if len(path) == 3 and path[1] not in opened:
            opened.add(path[1])
            label = label.replace(title, _GROUP_LABELS[path[1]] + title)
        if path == split_before:     # the page split: this row runs on from the one before
            lines[-1] += label + values
        else:
            lines.append(label + values)
    return lines


def review_lines(model: dict[str, Any]) -> list[str]:
    heads = "结果维持结果纠正其他结果尚未审结总计"
    values = [fmt(_value(model, "review_litigation", g, c)) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    return ["行政复议行政诉讼", heads + "未经复议直接起诉复议后起诉", heads + heads, run(values)]


def render(model: dict[str, Any], split_before: tuple[str, ...] | None = ("results", "unavailable", "not_held")) -> str:
    report = model["report"]
    template = report["template"]
    lines = [report["organ"], f"{report['year']}年政府信息公开工作年度报告", ""]
    if model.get("preamble"):
        lines.append(model["preamble"])
    texts = {s["number"]: s["text"] for s in model.get("sections", [])}
    for number, heading in SECTION_HEADINGS.items():
        lines.append(f"{_SECTION_NUMBERS[number - 1]}、{heading}")
        lines += [t for t in (texts.get(number) or "").split("\n") if t]
        if number == 2:
            lines += disclosure_lines(model, template)
        if number == 3:
            lines += applications_lines(model, template, split_before)
        if number == 4:
            lines += review_lines(model)
    lines += ["", report["organ"], _signed_on(model), ""]
    return "\n".join(lines)
