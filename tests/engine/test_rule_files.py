"""A mistake in a rule file is a RuleError naming the file and line, never a finding about a report."""

from __future__ import annotations

import textwrap

import pytest

from checker.engine import load_rule_file, load_rules
from checker.errors import RuleError

GOOD = """\
rules:
  - id: P1
    title: 本省规则：结转下年度不超过 5 件
    severity: warning
    source: 某省政务公开办通知
    explanation: 示例规则。
    for_each: {column: "columns(applications)"}
    assert: "applications.carried_forward[column] <= 5"
    message: "「{column}」列结转 {lhs} 件"
    examples:
      pass: [{base: mazhu-2020}]
      fail: [{base: mazhu-2020, set: {/applications/carried_forward/total: 6}}]
"""


def write(tmp_path, text, name="province.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(path) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    return caught.value


def test_a_good_file_loads(tmp_path):
    [rule] = load_rule_file(write(tmp_path, GOOD))
    assert (rule.id, rule.severity.label, rule.line) == ("P1", "warning", 2)


@pytest.mark.parametrize("change, line, words", [
    (("    severity: warning\n", "    severty: warning\n"), 4, "severty"),
    (('    assert: "applications.carried_forward[column] <= 5"\n',
      '    assert: "applications.carried_forwrd[column] <= 5"\n'), 8, "unknown cell path applications.carried_forwrd"),
    (('    assert: "applications.carried_forward[column] <= 5"\n',
      '    assert: "applications.carried_forward[column] <= "\n'), 8, "does not parse"),
    (('    assert: "applications.carried_forward[column] <= 5"\n',
      '    assert: "applications.carried_forward[column] <= report.title"\n'), 8, "cannot compare a num with a str"),
    (('    assert: "applications.carried_forward[column] <= 5"\n',
      '    assert: "applications.carried_forward[column] + 5"\n'), 8, "must be true or false"),
    (('    message: "「{column}」列结转 {lhs} 件"\n', '    message: "「{colum}」列"\n'), 9, "unknown placeholder(s) colum"),
    (('    for_each: {column: "columns(applications)"}\n', '    for_each: {column: "columns(tables)"}\n'), 7,
     "unknown name 'tables'"),
    (('    message: "「{column}」列结转 {lhs} 件"\n', '    message: "{column.__class__}"\n'), 9,
     "unknown placeholder(s) column.__class__"),
    (('    message: "「{column}」列结转 {lhs} 件"\n', '    message: "{lhs:x}"\n'), 9, "may not have a format"),
    (("    severity: warning\n", "    severity: fatal\n"), 4, "'fatal' is not one of"),
    (("      pass: [{base: mazhu-2020}]\n", "      pass: [{base: mazhu-2020, sett: {}}]\n"), 11, "sett"),
    (("    title: 本省规则：结转下年度不超过 5 件\n", "    title: [本省规则\n"), 4, "flow sequence that starts on line 3"),
])
def test_mistakes_name_file_and_line(tmp_path, change, line, words):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    error = error_of(path)
    assert error.file == str(path)
    assert error.line == line, str(error)
    assert words in error.message, str(error)
    assert str(error).startswith(f"{path}:{line}: ")


def test_a_rule_id_defined_twice_is_an_error(tmp_path):
    write(tmp_path, GOOD.replace("id: P1", "id: R1"))
    with pytest.raises(RuleError, match="rule R1 is defined twice"):
        load_rules([tmp_path])


def test_a_missing_extra_rule_path_is_an_error(tmp_path):
    with pytest.raises(RuleError, match="no such rule file"):
        load_rules([tmp_path / "nowhere.yaml"])


def test_extra_rules_join_the_shipped_ones(tmp_path):
    rules = load_rules([write(tmp_path, GOOD)])
    assert rules.get("P1") is not None and rules.get("R1") is not None
