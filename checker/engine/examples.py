"""A rule's pass/fail examples (kept in its YAML, as sqlfluff does): a fixture report by name, a patch of
cells to set or delete, and what the rule must then report. The test suite runs every example; `explain`
prints them."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from checker.diagnostics import Diagnostic
from checker.errors import RuleError
from checker.model import Report
from checker.resources import data_dir


@cache
def fixture(name: str) -> dict[str, Any]:
    path = data_dir("rules") / "fixtures" / f"{name}.json"
    if not path.is_file():
        raise RuleError(str(path), f"找不到示例底本 {name!r}（example base {name!r} not found）")
    return json.loads(path.read_text(encoding="utf-8"))


def build_example(example: dict[str, Any]) -> Report:
    """The example's report; a pointer that leads nowhere in its base is the rule file's mistake (RuleError)."""
    try:
        return _build_example(example)
    except (IndexError, KeyError, ValueError, TypeError) as exc:
        raise RuleError(None, f"规则示例的指针在 {example.get('base')!r} 中不存在（example pointer does not resolve: "
                              f"{type(exc).__name__}: {exc}）") from None


def _build_example(example: dict[str, Any]) -> Report:
    data = copy.deepcopy(fixture(example["base"]))
    for pointer, value in (example.get("set") or {}).items():
        parent, key = _parent(data, pointer, create=True)
        if isinstance(parent, list):
            parent[int(key)] = value
        else:
            parent[key] = value
    for pointer in sorted(example.get("delete") or [], reverse=True):   # later list items first
        parent, key = _parent(data, pointer, create=False)
        if isinstance(parent, list):
            del parent[int(key)]
        else:
            del parent[key]
    for other in ("previous", "previous2", "twin"):   # the other reports a cross-report rule compares with
        if other in example:
            data[other] = build_example(example[other]).data
    return Report(data=data, source_map={}, path=f"<example {example['base']}>", form="json")


def _parent(data: Any, pointer: str, create: bool) -> tuple[Any, str]:
    parts = pointer.strip("/").split("/")
    node = data
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
        else:
            if part not in node and create:
                node[part] = {}
            node = node[part]
    return node, parts[-1]


def example_problems(rule_id: str, kind: str, example: dict[str, Any], findings: list[Diagnostic]) -> list[str]:
    """Why an example does not hold ([] when it does); `findings` are the rule's own findings."""
    if kind == "pass":
        return [f"expected no finding, got: {d.message}" for d in findings]
    if not findings:
        return [f"expected a finding of {rule_id}, got none"]
    expect = example.get("expect") or {}
    problems = []
    if "count" in expect and len(findings) != expect["count"]:
        problems.append(f"expected {expect['count']} finding(s), got {len(findings)}: "
                        + " | ".join(d.message for d in findings))
    if not any(_matches(d, expect) for d in findings):
        problems.append(f"no finding matches {expect}; got: "
                        + " | ".join(json.dumps(d.to_dict(), ensure_ascii=False) for d in findings))
    return problems


def _matches(finding: Diagnostic, expect: dict[str, Any]) -> bool:
    if "message" in expect and expect["message"] not in finding.message:
        return False
    if "severity" in expect and finding.severity.label != expect["severity"]:
        return False
    if "cells" in expect and not set(expect["cells"]) <= set(finding.cells):
        return False
    if "suspect" in expect and finding.suspect != expect["suspect"]:
        return False
    for key in ("expected", "actual"):
        if key in expect and getattr(finding, key) != expect[key]:
            return False
    return True
