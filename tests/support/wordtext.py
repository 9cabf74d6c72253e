"""Render a canonical model into the Word-export text layout (spec §6.2), exactly as Word's "Save as
plain text" lays out mazhu-2020.txt: TAB-prefixed cells, a blank line after each row, vertical merges
as empty TAB lines. Tests and benchmarks use it to make reports whose numbers they know."""

from __future__ import annotations

from typing import Any

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS,
                           REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS)

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_GROUP_LABELS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                 "other": "（六）其他处理"}
_NUMBERING = {"一、": "一二三四五六", "1、": "123456"}


def fmt(value: Any, blank: str = "") -> str:
    if value is None:
        return blank
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _row(cells: list[str]) -> list[str]:
    return [f"\t{c}" for c in cells] + [""]


def disclosure_lines(model: dict[str, Any], template: str, blank: str = "") -> list[str]:
    lines: list[str] = []
    table = model.get("active_disclosure", {})
    caption = None
    for row in DISCLOSURE_ROWS[template]:
        if row.caption != caption:
            caption = row.caption
            lines += _row([caption])
            lines += _row(["信息内容"] + [DISCLOSURE_COLUMN_TITLES[template][c] for c in row.columns])
        values = table.get(row.key, {})
        printed = []
        for column in row.columns:
            value = values.get(column)
            text = fmt(value, blank)
            if row.key == "procurement" and column == "amount_10k_yuan" and value is not None:
                text += "万元"
            if row.key == "procurement" and column == "projects" and value is not None:
                text += "项"
            printed.append(text)
        lines += _row([row.title] + printed)
    return lines


def applications_lines(model: dict[str, Any], template: str, blank: str = "") -> list[str]:
    lines = _row([NOTE, "申请人情况"])
    lines += _row(["", "自然人", "法人或其他组织", "总计"])
    lines += _row(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    table = model.get("applications", {})
    opened: set[str] = set()
    rows = list(APPLICATION_ROWS[template])
    other = table.get("results", {}).get("other", {})
    if template == "2021" and "total" in other:  # a 2021 report printing （六） in the 2019 layout (one row)
        rows = [r for r in rows if r[0][:2] != ("results", "other")]
        rows.insert(-2, (("results", "other"), "（六）其他处理"))
    for path, title in rows:
        node: Any = table
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        values = [fmt(node.get(c), blank) for c in APPLICANT_COLUMNS]
        if path[0] != "results":
            lines += _row([title] + values)
        elif path == ("results", "granted"):
            lines += _row(["三、本年度办理结果", title] + values)
        elif len(path) == 2 and path[1] != "other":
            lines += _row(["", title] + values)
        elif path == ("results", "other"):
            lines += _row(["", "（六）其他处理"] + values)
        else:
            group = path[1]
            if group not in opened:
                opened.add(group)
                lines += _row(["", _GROUP_LABELS[group], title] + values)
            else:
                lines += _row(["", "", title] + values)
    return lines


def review_lines(model: dict[str, Any], blank: str = "") -> list[str]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = _row(["行政复议", "行政诉讼"])
    lines += _row(heads + ["未经复议直接起诉", "复议后起诉"])
    lines += _row(["", "", "", "", ""] + heads + heads)
    table = model.get("review_litigation", {})
    lines += _row([fmt(table.get(g, {}).get(c), blank) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS])
    return lines


def render(model: dict[str, Any], numbering: str = "1、", blank: str = "", signature: str | None = None,
           tables: tuple[str, ...] = ("active_disclosure", "applications", "review_litigation")) -> str:
    """The report as Word's plain-text export: title, preamble, six numbered sections, tables 二–四."""
    report = model["report"]
    template = report["template"]
    lines = [report.get("organ") or "", f"{report['year']}年政府信息公开工作年度报告", ""]
    if model.get("preamble"):
        lines.append(model["preamble"])
    texts = {s["number"]: s["text"] for s in model.get("sections", [])}
    digits = _NUMBERING[numbering]
    for number, heading in SECTION_HEADINGS.items():
        lines.append(f"{digits[number - 1]}、 {heading}" if numbering == "1、" else f"{digits[number - 1]}、{heading}")
        if texts.get(number):
            lines += texts[number].split("\n")
        if number == 2 and "active_disclosure" in tables:
            lines += disclosure_lines(model, template, blank) + [""]
        if number == 3 and "applications" in tables:
            lines += applications_lines(model, template, blank) + [""]
        if number == 4 and "review_litigation" in tables:
            lines += review_lines(model, blank) + [""]
    lines += ["", f" {report.get('organ') or ''}     ", signature or f"{report['year'] + 1}年1月20日    ", ""]
    return "\n".join(lines)
