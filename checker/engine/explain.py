"""`report-lint explain ID`: a rule's documentation, taken from its YAML, with its examples run live so the
messages shown are the ones the rule really prints."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from checker.engine.checks import CHECK_KINDS
from checker.engine.evaluate import evaluate
from checker.engine.examples import build_example
from checker.engine.rules import Rule, RuleSet

def explain(rule: Rule, ruleset: RuleSet) -> str:
    out = [f"{rule.id}  {rule.title}",
           f"严重程度：{rule.severity.label}（{rule.severity.chinese}）"
           + (f"；当 {rule.soften_text} 时至多为警告" if rule.soften_text else ""),
           f"依据：{rule.source}",
           f"定义于：{_shown_path(rule.file)}:{rule.line}", "", "说明："]
    out += [f"  {line}" for line in rule.explanation.splitlines()]
    out += ["", "检查："]
    for spec in rule.check_specs:
        out += [f"  {line}" for line in _describe_check(spec)]
    for kind, title in (("pass", "通过的例子"), ("fail", "不通过的例子")):
        out += ["", f"{title}："]
        for example in rule.examples.get(kind, []):
            out += [f"  {line}" for line in _describe_example(rule, example, ruleset)]
    return "\n".join(out) + "\n"


def _shown_path(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return file


def _describe_check(spec: dict[str, Any]) -> list[str]:
    kind = spec.get("kind", "assert")
    if kind != "assert":
        params = {k: v for k, v in spec.items() if k != "kind"}
        label = CHECK_KINDS[kind].label if kind in CHECK_KINDS else kind
        return [f"- {label or kind}（{kind}）" + (f"：{json.dumps(params, ensure_ascii=False)}"
                                                                  if params else "")]
    lines = []
    for name, selector in (spec.get("for_each") or {}).items():
        lines.append(f"- 对每个 {name} ∈ {selector}")
    if "when" in spec:
        lines.append(f"  当 {spec['when']}")
    lines += ["  须满足：" + textwrap.shorten(" ".join(str(spec["assert"]).split()), 400)]
    return lines


def _describe_example(rule: Rule, example: dict[str, Any], ruleset: RuleSet) -> list[str]:
    changes = [f"{p} = {json.dumps(v, ensure_ascii=False)}" for p, v in (example.get("set") or {}).items()]
    changes += [f"删除 {p}" for p in example.get("delete") or []]
    head = f"- 以 {example['base']} 为底" + (f"，改 {'；'.join(changes)}" if changes else "（原样）")
    lines = [head]
    if example.get("note"):
        lines.append(f"  {example['note']}")
    findings = [d for d in evaluate(build_example(example), ruleset) if d.rule == rule.id]
    for finding in findings:
        lines.append(f"  → {finding.severity.chinese}：{finding.message}")
    if not findings:
        lines.append("  → 无发现")
    return lines
