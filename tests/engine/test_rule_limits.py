"""A user's rule cannot exhaust time or memory: an expression built to do so, or a regular expression
that backtracks for ever, is a clear RuleError naming the rule file, never a hang or a crash."""

from __future__ import annotations

import copy
import json
import textwrap

import pytest

from checker.engine import evaluate, load_rule_file
from checker.engine.examples import fixture
from checker.errors import RuleError
from checker.model import Report

CELL = "applications.new_received.total"


def rule_file(tmp_path, expression: str):
    path = tmp_path / "province.yaml"
    path.write_text(textwrap.dedent(f"""\
        rules:
          - id: P1
            title: 本省规则
            severity: warning
            source: 某省通知
            explanation: 示例。
            assert: {json.dumps(expression, ensure_ascii=False)}
            message: "m"
            examples:
              pass: [{{base: mazhu-2020}}]
              fail: [{{base: mazhu-2020, set: {{/applications/new_received/total: 1}}}}]
        """), encoding="utf-8")
    return path


@pytest.mark.parametrize("expression, complaint", [
    (" + ".join([CELL] * 100_000) + " >= 0", "超过 4000 个的上限"),
    ("-" * 100_000 + CELL + " >= 0", "超过 4000 个的上限"),
    ("-(" * 60 + CELL + ")" * 60 + " >= 0", "嵌套超过 40 层"),
    (" + ".join([CELL] * 60) + " >= 0", "嵌套超过 40 层"),
    (f"{CELL} * {'9' * 5000} >= 0", "超过 4000 个的上限"),
    (f"{CELL} * 99999999999999999999 >= 0", "数值常量超过 15 位"),
    (f"{CELL} * 1e308 * 1e308 >= 0", "数值常量超过 15 位"),
    (f"{CELL} ** 9 ** 9 >= 0", "Pow is not allowed"),
    ("section(1) * 1000000000 == 'x'", "arithmetic needs a num"),
])
def test_an_expression_built_to_exhaust_is_a_rule_error(tmp_path, expression, complaint):
    with pytest.raises(RuleError) as caught:
        load_rule_file(rule_file(tmp_path, expression))
    assert complaint in str(caught.value) and "province.yaml" in str(caught.value)


def test_a_backtracking_regex_is_stopped_by_the_rule_time_budget(tmp_path, monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("checker.engine.evaluate"), "RULE_SECONDS", 0.5)
    rules = load_rule_file(rule_file(tmp_path, "count(section(1), 'y(.*)*x') == 0"))
    data = copy.deepcopy(fixture("mazhu-2020"))   # the fixture is shared: change a copy
    # the text holds both plain parts of the pattern (so it is searched: engine/literals.py), and after
    # the y, (.*)* tries every split of the 40 characters for an x that never follows
    data["sections"][0]["text"] = "xy" + "a" * 40
    with pytest.raises(RuleError) as caught:
        evaluate(Report(data=data, source_map={}, path="r.json", form="json"), rules)
    assert "P1" in str(caught.value) and "0.5 秒" in str(caught.value) and "回溯" in str(caught.value)
