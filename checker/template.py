"""Which template a report follows, from the labels it prints (spec §3.5), not from its year alone."""

from __future__ import annotations

# The evidence labels (official wording) that the assembler records as it recognises them.
FINGERPRINT = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量",
             "其他对外管理服务事项", "规范性文件", "第二十条第（九）项", "政府集中采购", "采购项目数量", "采购总金额",
             "（六）其他处理（一行）"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）",
             "行政规范性文件",
             "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
             "3.其他"),
}


def template_for_year(year: int | None) -> str:
    return "2019" if year is not None and year <= 2020 else "2021"


def detect(evidence: dict[str, list[str]], year: int | None) -> str:
    """The template with more fingerprint labels; the year decides a tie (or no evidence at all).

    A mixed fingerprint is kept in `template_evidence` for the rules to report (D5)."""
    n2019, n2021 = len(evidence.get("2019", [])), len(evidence.get("2021", []))
    if n2019 > n2021:
        return "2019"
    if n2021 > n2019:
        return "2021"
    return template_for_year(year)
