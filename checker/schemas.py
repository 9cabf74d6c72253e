"""The JSON Schemas of the two templates: built from the model catalogue, shipped in schemas/, and used
to check a report's structure. A schema error names the printed location, not just a JSON path."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, Callable

from checker.builtin_findings import SCHEMA
from checker.diagnostics import Diagnostic
from checker.model import (APPLICANT_COLUMN_TITLES, APPLICANT_COLUMNS, APPLICATION_GROUP_TITLES, APPLICATION_ROWS,
                           COLUMN_KINDS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS, REVIEW_COLUMN_TITLES,
                           REVIEW_COLUMNS, REVIEW_GROUP_TITLES, REVIEW_GROUPS, SECTION_HEADINGS, TABLE_NAMES, TABLES,
                           TEMPLATE_NAMES, Report, describe_pointer, row_title)
from checker.resources import schema_path
from checker.schema_validity import compile_schema, narrowed, prepare_narrowing

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _cell(kind: str, title: str) -> dict[str, Any]:
    if kind == "count":
        return {"title": title, "type": ["integer", "null"], "minimum": 0}
    if kind == "delta":
        return {"title": title, "type": ["integer", "null"]}
    return {"title": title, "type": ["number", "null"], "minimum": 0, "description": "万元"}


def _object(title: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "type": "object", "properties": properties,
            "required": list(properties), "additionalProperties": False}


def _applicant_row(title: str) -> dict[str, Any]:
    return _object(title, {c: _cell("count", APPLICANT_COLUMN_TITLES[c]) for c in APPLICANT_COLUMNS})


def _applications(template: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path, title in APPLICATION_ROWS[template]:
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = title

    def build(node: dict[str, Any], prefix: tuple[str, ...], title: str) -> dict[str, Any]:
        props = {}
        for key, child in node.items():
            if isinstance(child, str):
                props[key] = _applicant_row(child)
            else:
                props[key] = build(child, prefix + (key,), APPLICATION_GROUP_TITLES.get(prefix + (key,), key))
        return _object(title, props)

    return build(tree, (), f"{TABLE_NAMES['applications']} 收到和处理政府信息公开申请情况")


def _disclosure(template: str) -> dict[str, Any]:
    titles = DISCLOSURE_COLUMN_TITLES[template]
    rows = {row.key: _object(f"{row.title}（{row.caption}）",
                             {c: _cell(COLUMN_KINDS[c], titles[c]) for c in row.columns})
            for row in DISCLOSURE_ROWS[template]}
    return _object(f"{TABLE_NAMES['active_disclosure']} 主动公开政府信息情况", rows)


def _review() -> dict[str, Any]:
    groups = {g: _object(REVIEW_GROUP_TITLES[g], {c: _cell("count", REVIEW_COLUMN_TITLES[c]) for c in REVIEW_COLUMNS})
              for g in REVIEW_GROUPS}
    return _object(f"{TABLE_NAMES['review_litigation']} 政府信息公开行政复议、行政诉讼情况", groups)


def build_schema(template: str) -> dict[str, Any]:
    nullable_string = {"type": ["string", "null"]}
    date = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://report-lint.invalid/schemas/report-{template}.schema.json",
        "title": f"政府信息公开工作年度报告（{TEMPLATE_NAMES[template]}格式）",
        "description": "The canonical report model of report-lint (spec/model.md). Generated from "
                       "checker/model.py by checker/schemas.py; do not edit by hand.",
        "type": "object",
        "required": ["report", "sections", "active_disclosure", "applications", "review_litigation"],
        "additionalProperties": False,
        "properties": {
            "report": {
                "title": "报告信息", "type": "object", "required": ["title", "organ", "year", "template"],
                "additionalProperties": False,
                "properties": {
                    "title": {**nullable_string, "title": "标题"},
                    "organ": {**nullable_string, "title": "机关"},
                    "year": {"title": "报告年度", "type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
                    "template": {"title": "模板", "const": template},
                    "template_evidence": {
                        "title": "模板指纹", "type": "object", "additionalProperties": False,
                        "properties": {t: {"type": "array", "items": {"type": "string"}} for t in TEMPLATE_NAMES}},
                    "kind": {"title": "报告类型", "enum": ["organ", "county", "prefecture", "province", "vertical", None]},
                    "signed_on": {**date, "title": "落款日期"},
                    "published_on": {**date, "title": "发布日期"},
                    "source": {**nullable_string, "title": "原文链接"},
                    "deadline": {**date, "title": "发布期限（由报告类型或配置得出，检查时填写）"},
                    "period": {"title": "统计期限", "oneOf": [
                        {"type": "null"},
                        {"type": "object", "required": ["start", "end"], "additionalProperties": False,
                         "properties": {"start": date, "end": date}}]},
                },
            },
            "preamble": {"title": "引言", "type": "string"},
            "sections": {
                "title": "正文六部分", "type": "array",
                "items": {"type": "object", "required": ["number", "heading", "text"], "additionalProperties": False,
                          "properties": {
                              "number": {"type": "integer", "minimum": 1, "maximum": 6,
                                         "description": "; ".join(f"{n} {h}" for n, h in SECTION_HEADINGS.items())},
                              "heading": {"type": "string"}, "numbering": {"type": "string"},
                              "text": {"type": "string"}}},
            },
            "active_disclosure": _disclosure(template),
            "applications": _applications(template),
            "review_litigation": _review(),
            "extras": {"title": "模板之外的行或列", "type": "array",
                       "items": {"type": "object", "required": ["table", "label", "values"],
                                 "properties": {"table": {"type": "string"}, "label": {"type": "string"},
                                                "row": {"type": "string"}, "values": {"type": "object"}}}},
            "source_map": {"title": "每个数值的印刷位置", "type": "object",
                           "additionalProperties": {"type": "object", "properties": {
                               "line": {"type": ["integer", "null"]}, "column": {"type": ["integer", "null"]},
                               "page": {"type": ["integer", "null"]}, "text": {"type": ["string", "null"]}}}},
        },
    }


@cache
def load_schema(template: str) -> dict[str, Any]:
    with open(schema_path(f"report-{template}.schema.json"), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _is_valid(template: str) -> Callable[[Any], bool]:
    """The yes/no check compiled from the template's schema (schema_validity.py), once per template."""
    return compile_schema(load_schema(template))


def _validator(template: str, data: Any):
    """jsonschema's validator for this model: the template's schema narrowed to the model's invalid parts
    (schema_validity.narrowed), which gives the errors of the whole schema."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(narrowed(load_schema(template), data))


def prepare_explanations() -> None:
    """Make ready what explaining a model that breaks its template's schema needs: jsonschema's validator
    and the checks that narrow the schema to the model's invalid parts. The resident server does it once:
    generated by each worker of a served batch instead, the checks cost each worker some 7–9 ms."""
    for template in TEMPLATE_NAMES:
        prepare_narrowing(load_schema(template))
        list(_validator(template, {}).iter_errors({}))


def validate_report(report: Report) -> list[Diagnostic]:
    """Schema findings (rule id SCHEMA), one per offending object or cell, located at the printed cell
    or the nearest printed thing."""
    template = report.template if report.template in TEMPLATE_NAMES else "2021"
    if _is_valid(template)(report.data):
        return []   # no jsonschema walk for a valid model: it would find no error (tests/test_schema_validity.py)
    by_pointer: dict[str, list[Any]] = {}
    for error in _validator(template, report.data).iter_errors(report.data):
        ptr = "/" + "/".join(str(p) for p in error.absolute_path)
        if error.validator == "required" and ptr == "/" and _missing_table_only(error, report):
            continue  # a missing table is reported once, by the rules (D2)
        by_pointer.setdefault(ptr, []).append(error)
    findings = []
    for ptr in sorted(by_pointer):
        errors = by_pointer[ptr]
        findings.append(SCHEMA.diagnostic(_message(errors, ptr, template, report),
                                          report.locate([ptr], parents_within=True), [ptr] if ptr != "/" else []))
    return findings


def _missing_table_only(error, report: Report) -> bool:
    """A table's absence is reported by the rules (D2); the schema does not report it a second time."""
    return any(f"'{t}'" in error.message for t in TABLES if t not in report.data)


def _name(ptr: str) -> str:
    """Chinese name of a pointer: a cell, a row, a group of rows, or a table."""
    parts = ptr.strip("/").split("/") if ptr != "/" else []
    if not parts:
        return "报告"
    if len(parts) == 1:
        return TABLE_NAMES.get(parts[0], ptr)
    described = describe_pointer(ptr)
    if described != ptr:
        return described
    if parts[0] in TABLE_NAMES:
        # a row is named 「…」行; a group of rows (（三）不予公开) or a 表四 group is named by its title alone
        group = parts[0] == "review_litigation" or (
            tuple(parts[1:]) in APPLICATION_GROUP_TITLES and ptr != "/applications/results/other")
        return f"{TABLE_NAMES[parts[0]]}「{row_title(ptr)}」{'' if group else '行'}"
    return ptr


def _message(errors: list[Any], ptr: str, template: str, report: Report) -> str:
    name = TEMPLATE_NAMES[template]
    where = _name(ptr)
    if ptr == "/applications/results/other":
        instance = errors[0].instance
        if isinstance(instance, dict) and "total" in instance and template == "2021":
            return (f"表三「（六）其他处理」印刷为一行（国办公开办函〔2019〕60号的格式），而{name}格式要求分三行："
                    "1.申请人无正当理由逾期不补正… 2.申请人逾期未按收费通知要求缴纳费用… 3.其他")
        if isinstance(instance, dict) and "total" not in instance and template == "2019":
            return f"表三「（六）其他处理」分为多行，而{name}格式中它只有一行"
    parts = []
    for error in errors:
        if error.validator == "required":
            missing = error.message.split(" is a required")[0].strip("'")
            child = _name(ptr.rstrip("/") + "/" + missing) if ptr != "/" else missing
            parts.append(f"缺少{re.sub(r'^表[二三四]', '', child)}")
        elif error.validator == "additionalProperties":
            extra = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
            parts.append(f"有{name}格式没有的项目：{extra}")
        elif error.validator == "minimum":
            parts.append(f"数值 {error.instance} 不能小于 {error.validator_value}")
        elif error.validator == "type":
            parts.append(f"数值类型不对：{error.instance!r}")
        elif error.validator == "const":
            parts.append(f"应为 {error.validator_value!r}")
        else:
            parts.append(error.message)
    return f"{where}：" + "；".join(parts) + f"（{name}格式）"

