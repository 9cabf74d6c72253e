"""Every rule id the domain specification assigns (spec §2.2 and §4: R1–R9, X1–X5, N1–N4, H1–H7, D1–D11),
so `report-lint rules` can show each one: a rule of the packs, or a line saying how it is covered or why
it cannot be checked from the reports alone."""

from __future__ import annotations

SPEC_RULE_IDS = tuple([f"R{n}" for n in range(1, 10)] + [f"X{n}" for n in range(1, 6)] +
                      [f"N{n}" for n in range(1, 5)] + [f"H{n}" for n in range(1, 8)] +
                      [f"D{n}" for n in range(1, 12)])

# ids that are not a rule of their own: how they are covered
NOT_A_RULE = {
    "H7": "2019 年度报告的格式类问题（D1、D5）最多报警告：由这两条规则的 soften_when 实现，不单列规则（60号 第二条）",
}
