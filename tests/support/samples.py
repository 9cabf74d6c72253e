"""Consistent reports with known numbers, in the canonical model, for tests, fixtures and benchmarks."""

from __future__ import annotations

import copy
from typing import Any

from checker.model import APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS


def zero_tables(template: str) -> dict[str, Any]:
    """Tables 二–四 of a template with every cell 0: balanced, and a base to put numbers into."""
    applications: dict[str, Any] = {}
    for path, _ in APPLICATION_ROWS[template]:
        node = applications
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = {c: 0 for c in APPLICANT_COLUMNS}
    return {
        "active_disclosure": {row.key: {c: 0 for c in row.columns} for row in DISCLOSURE_ROWS[template]},
        "applications": applications,
        "review_litigation": {g: {c: 0 for c in REVIEW_COLUMNS} for g in REVIEW_GROUPS},
    }


def set_row(applications: dict[str, Any], path: tuple[str, ...], **columns: int) -> None:
    """Put applicant-column values into a table-三 row; `total` is their sum."""
    node = applications
    for part in path:
        node = node[part]
    for column in APPLICANT_COLUMNS[:-1]:
        node[column] = columns.get(column, 0)
    node["total"] = sum(node[c] for c in APPLICANT_COLUMNS[:-1])


_LINXI_SECTIONS = {
    1: ("2022年，临溪县自然资源局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "围绕国土空间规划、耕地保护、不动产登记等群众关切事项，持续深化政府信息公开工作。\n"
        "（一）主动公开。全年通过县政府门户网站主动公开政府信息412条，其中制发行政规范性文件3件，"
        "发布政策解读9篇，及时更新行政许可、行政处罚结果信息。\n"
        "（二）依申请公开。全年共收到政府信息公开申请30件，上年结转2件，办结31件，结转下年度继续办理1件，"
        "均在法定期限内答复。\n"
        "（三）政府信息管理。严格执行公开前保密审查制度，全年审查拟公开信息430条。\n"
        "（四）平台建设。优化“临溪自然资源”政务公开专栏，规范栏目设置，保持信息更新。\n"
        "（五）监督保障。将政务公开工作纳入年度绩效考核，全年组织业务培训2次。"
        "全年因政府信息公开被申请行政复议2件，被提起行政诉讼2件。"),
    5: ("一是依申请公开答复的规范性仍需提高，个别答复书引用条款不够准确；二是政策解读形式较为单一。"
        "2023年，我局将制定依申请公开答复范本，开展答复书评查，并探索图解、短视频等解读形式。"),
    6: "2022年，本机关未收取信息处理费。",
}


def linxi_2022() -> dict[str, Any]:
    """临溪县自然资源局 2022 (a constructed, consistent 2021-template report)."""
    model: dict[str, Any] = {
        "report": {"title": "临溪县自然资源局2022年政府信息公开工作年度报告", "organ": "临溪县自然资源局",
                   "year": 2022, "template": "2021", "signed_on": "2023-01-20",
                   "period": {"start": "2022-01-01", "end": "2022-12-31"}},
        "preamble": ("本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据的统计期限自2022年1月1日起"
                     "至2022年12月31日止。如对本报告有疑问，请与临溪县自然资源局办公室联系。"),
        "sections": [{"number": n, "heading": h, "text": _LINXI_SECTIONS.get(n, "")} for n, h in (
            (1, "总体情况"), (2, "主动公开政府信息情况"), (3, "收到和处理政府信息公开申请情况"),
            (4, "政府信息公开行政复议、行政诉讼情况"), (5, "存在的主要问题及改进情况"), (6, "其他需要报告的事项"))],
        **zero_tables("2021"),
    }
    ad = model["active_disclosure"]
    ad["normative_documents"].update(issued=3, repealed=1, in_force=12)
    ad["licensing"]["decisions"] = 356
    ad["penalty"]["decisions"] = 41
    ad["coercion"]["decisions"] = 2
    ad["fees"]["amount_10k_yuan"] = 12.5683
    ap = model["applications"]
    set_row(ap, ("new_received",), natural_person=23, commercial=4, nonprofit=1, legal_service=2)
    set_row(ap, ("carried_over",), natural_person=2)
    set_row(ap, ("results", "granted"), natural_person=12, commercial=2, nonprofit=1, legal_service=1)
    set_row(ap, ("results", "partially_granted"), natural_person=3, commercial=1)
    set_row(ap, ("results", "withheld", "third_party_rights"), natural_person=1)
    set_row(ap, ("results", "withheld", "process_information"), natural_person=1)
    set_row(ap, ("results", "unavailable", "not_held"), natural_person=4, commercial=1, legal_service=1)
    set_row(ap, ("results", "unavailable", "needs_creation"), natural_person=1)
    set_row(ap, ("results", "not_processed", "complaint"), natural_person=1)
    set_row(ap, ("results", "other", "no_correction"), natural_person=1)
    set_row(ap, ("results", "total"), natural_person=24, commercial=4, nonprofit=1, legal_service=2)
    set_row(ap, ("carried_forward",), natural_person=1)
    rl = model["review_litigation"]
    rl["review"].update(upheld=1, corrected=1, total=2)
    rl["litigation_direct"].update(upheld=1, pending=1, total=2)
    return model


def comparable(model: dict[str, Any]) -> dict[str, Any]:
    """What two readings of the same report must agree on: everything but source_map and reader extras."""
    model = copy.deepcopy(model)
    model.pop("source_map", None)
    report = model.get("report", {})
    for key in ("template_evidence", "kind", "published_on"):
        report.pop(key, None)
    for section in model.get("sections", []):
        section.pop("numbering", None)
    return model
