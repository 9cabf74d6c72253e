"""A small user rule pack (a province's own rule, as in the README's example) for tests of loading,
caching and handing rules to workers."""

from __future__ import annotations


def zj_pack(title: str = "示例", limit: int = 0, rule_id: str = "ZJ1") -> str:
    """One warning rule, (七)总计 ≥ `limit`, with its pass and fail examples; `title` tells versions apart."""
    return f"""rules:
  - id: {rule_id}
    title: {title}
    severity: warning
    source: 示例
    explanation: 示例。
    assert: "applications.results.total.total >= {limit}"
    message: "（七）总计为 {{lhs}}"
    examples:
      pass: [{{base: mazhu-2020}}]
      fail: [{{base: mazhu-2020, set: {{/applications/results/total/total: -1}}}}]
"""
