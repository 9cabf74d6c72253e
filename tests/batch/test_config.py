"""Configuration: where it is found, what it may say, and one clear line when it is wrong."""

from __future__ import annotations

import pytest

from checker.config import Config, find_config_file, load_config, path_matches, resolve_config, rule_matches
from checker.diagnostics import Severity
from checker.errors import ConfigError

FULL = """
select = ["R", "D1"]
ignore = ["H4"]
fail-on = "warning"
rule-paths = ["province-rules"]
exclude = ["archive/"]

[severity]
H1 = "error"
R9 = "info"

[per-path-ignores]
"2019/*" = ["D5", "H7"]
"""


def test_a_report_lint_toml_is_found_upward_and_its_paths_are_relative_to_it(tmp_path):
    (tmp_path / "province-rules").mkdir()
    (tmp_path / "report-lint.toml").write_text(FULL, encoding="utf-8")
    deep = tmp_path / "reports" / "2023"
    deep.mkdir(parents=True)
    config = resolve_config(cwd=deep)
    assert config.source == tmp_path / "report-lint.toml"
    assert config.select == ["R", "D1"] and config.ignore == ["H4"]
    assert config.fail_on is Severity.WARNING
    assert config.severity == {"H1": Severity.ERROR, "R9": Severity.INFO}
    assert config.rule_paths == [(tmp_path / "province-rules").resolve()]
    assert config.per_path_ignores == {"2019/*": ["D5", "H7"]}
    assert config.ignored_rules_for(str(tmp_path / "2019" / "a.txt")) == ["D5", "H7"]
    assert config.ignored_rules_for(str(tmp_path / "2020" / "a.txt")) == []
    assert config.is_excluded(tmp_path / "archive" / "old.txt") and not config.is_excluded(tmp_path / "a.txt")


def test_pyproject_table_is_used_and_a_pyproject_without_one_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.report-lint]\nignore = ["N1"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(inner) == tmp_path / "pyproject.toml"
    assert resolve_config(cwd=inner).ignore == ["N1"]


@pytest.mark.parametrize("table", ['[tool.report-lint]', '[tool."report-lint"]', "[ tool . 'report-lint' ]",
                                   '[tool."report\\u002dlint"]', '[tool]\nreport-lint.ignore = ["N1"]\n[x]'])
def test_every_spelling_of_the_table_is_found(tmp_path, table):
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n{table}\nignore = ["N1"]\n', encoding="utf-8")
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"
    assert resolve_config(cwd=tmp_path).ignore == ["N1"]


def test_a_pyproject_that_never_names_report_lint_is_not_parsed(tmp_path):
    """Other tools' pyproject.toml (the folder of a pre-commit hook): passed over unread by tomllib, even one
    that is not valid TOML (it is theirs); one that names report-lint is still parsed, and refused if bad."""
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 120\n[broken\n', encoding="utf-8")
    assert find_config_file(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text('[tool.report-lint]\nignore = [\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        find_config_file(tmp_path)


def test_a_command_in_a_project_of_other_tools_imports_no_toml_parser(tmp_path):
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 120\n', encoding="utf-8")
    probe = "import sys; from checker.config import resolve_config; resolve_config(); print('tomllib' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_report_lint_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.report-lint]\nignore = ["N1"]\n', encoding="utf-8")
    (tmp_path / "report-lint.toml").write_text('ignore = ["N2"]\n', encoding="utf-8")
    assert resolve_config(cwd=tmp_path).ignore == ["N2"]


def test_isolated_ignores_every_file_and_config_names_one(tmp_path):
    (tmp_path / "report-lint.toml").write_text('ignore = ["N2"]\n', encoding="utf-8")
    assert resolve_config(isolated=True, cwd=tmp_path).ignore == []
    other = tmp_path / "elsewhere.toml"
    other.write_text('[tool.report-lint]\nselect = ["R1"]\n', encoding="utf-8")
    assert resolve_config(str(other), cwd=tmp_path).select == ["R1"]
    with pytest.raises(ConfigError, match="cannot be used together"):
        resolve_config(str(other), isolated=True, cwd=tmp_path)


def test_no_configuration_anywhere_gives_the_defaults(tmp_path):
    config = resolve_config(cwd=tmp_path)
    assert config.source is None and config.fail_on is Severity.ERROR and config.select == []


@pytest.mark.parametrize("content, message", [
    ("selec = ['R1']\n", "unknown key 'selec' in the report-lint configuration (did you mean 'select'?)"),
    ("select = 'R1\n", "is not valid TOML"),
    ("fail-on = 'fatal'\n", "fail-on: unknown severity 'fatal'"),
    ("[severity]\nR1 = 'loud'\n", "severity of 'R1': unknown severity 'loud'"),
    ("select = [1, 2]\n", "'select' must be a list of rule ids or prefixes"),
    ("rule-paths = ['no-such-folder']\n", "rule-paths：'no-such-folder' 不存在"),
    ("per-path-ignores = {'a/*' = 'R1'}\n", "'per-path-ignores' must be a table"),
])
def test_a_bad_file_is_one_config_error_naming_it(tmp_path, content, message):
    path = tmp_path / "report-lint.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        resolve_config(cwd=tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_config_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="nope.toml: 找不到配置文件"):
        resolve_config(str(tmp_path / "nope.toml"))


def test_a_pyproject_named_with_config_needs_the_table(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname='x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"has no \[tool.report-lint\] table"):
        load_config(path)


@pytest.mark.parametrize("rule, selector, expected", [
    ("R1", "R1", True), ("R1", "R", True), ("R10", "R", True), ("R10", "R1", False),
    ("T3-BALANCE", "T3", True), ("T3.1", "T3", True), ("T30", "T3", False), ("r1", "R1", True),
    ("D1", "ALL", True), ("D1", "D1-X", False),
])
def test_rule_selectors(rule, selector, expected):
    assert rule_matches(rule, selector) is expected


@pytest.mark.parametrize("path, pattern, expected", [
    ("2019/a.txt", "2019/*", True), ("2019/a.txt", "2019/", True), ("2019/x/a.txt", "2019/**", True),
    ("2019/a.txt", "*.txt", True), ("2020/a.txt", "2019/*", False), ("2019/a.txt", "./2019/a.txt", True),
])
def test_path_patterns(path, pattern, expected):
    assert path_matches(path, pattern) is expected


def test_config_defaults_are_independent():
    one, two = Config(), Config()
    one.select.append("R1")
    assert two.select == []
