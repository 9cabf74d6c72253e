"""Project configuration: `[tool.report-lint]` in pyproject.toml or the top level of report-lint.toml.

The file is found by walking up from the working directory, the way ruff and yamllint find theirs, so a
province's shared folder can carry its own rules and ignores. Paths inside a configuration file are
relative to the folder that holds it, never to wherever the command happens to run.

Every mistake in the file (bad TOML, an unknown key, a wrong type, a severity that does not exist, a rule
folder that is missing) is a ConfigError naming the file: one line, exit code 2.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# where the file is, and reading it, are config_files.py's (light: `rules` and `explain` use it alone)
from checker.config_files import CONFIG_NAMES, find_config_file, read_toml as _read_toml
from checker.diagnostics import Severity
from checker.errors import ConfigError

__all__ = ["CONFIG_NAMES", "Config", "find_config_file", "load_config", "path_matches", "resolve_config",
           "rule_matches"]

# key → short description of the expected TOML type (shown when the type is wrong)
_KEYS = {
    "select": "a list of rule ids or prefixes",
    "ignore": "a list of rule ids or prefixes",
    "severity": "a table of rule id = \"error\" | \"warning\" | \"info\"",
    "fail-on": "\"error\", \"warning\" or \"info\"",
    "rule-paths": "a list of rule files or folders",
    "per-path-ignores": "a table of path pattern = [rule ids]",
    "exclude": "a list of path patterns",
    "organs": "a table of organ name (or path pattern) = the organ it belongs to",
    "kinds": "a table of path pattern = \"organ\" | \"county\" | \"prefecture\" | \"province\" | \"vertical\"",
    "deadlines": "a table of path pattern = \"MM-DD\" (the publication deadline in the year after the report year)",
}


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    rule_paths: list[Path] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    organs: dict[str, str] = field(default_factory=dict)      # organ name or path pattern → organ (cross-year)
    kinds: dict[str, str] = field(default_factory=dict)       # path pattern → report kind (D8)
    deadlines: dict[str, str] = field(default_factory=dict)   # path pattern → "MM-DD", a local deadline (D8)
    source: Path | None = None          # the file this came from; None for built-in defaults
    root: Path = field(default_factory=Path.cwd)  # the folder path patterns are relative to

    def ignored_rules_for(self, report_path: str) -> list[str]:
        """Rule selectors that `per-path-ignores` switches off for one report."""
        if not self.per_path_ignores:   # the usual case: no path to work out for every report
            return []
        relative = _relative_posix(report_path, self.root)
        return [rule for pattern, rules in self.per_path_ignores.items()
                if path_matches(relative, pattern) for rule in rules]

    def matching(self, table: dict[str, str], report_path: str) -> str | None:
        """The value of the first pattern in `table` that matches a report's path (kinds, deadlines)."""
        if not table:
            return None
        relative = _relative_posix(report_path, self.root)
        return next((value for pattern, value in table.items() if path_matches(relative, pattern)), None)

    def path_matcher(self, report_path: str):
        relative = _relative_posix(report_path, self.root)
        return lambda pattern: path_matches(relative, pattern)

    def is_excluded(self, path: str | Path) -> bool:
        relative = _relative_posix(str(path), self.root)
        return any(path_matches(relative, pattern) for pattern in self.exclude)


def rule_matches(rule_id: str, selector: str) -> bool:
    """`T3` selects `T3-BALANCE` and `T3.1`; `R` selects `R1` and `R10`; `R1` does not select `R10`."""
    rule_id, selector = rule_id.upper(), selector.upper()
    if rule_id == selector or selector == "ALL":
        return True
    if len(rule_id) <= len(selector) or not rule_id.startswith(selector):
        return False
    return not rule_id[len(selector)].isdigit() or not selector[-1].isdigit()


def path_matches(relative_posix: str, pattern: str) -> bool:
    """A glob against the path relative to the configuration's folder; a folder pattern covers its contents."""
    pattern = pattern.strip().removeprefix("./")
    if fnmatch.fnmatchcase(relative_posix, pattern):
        return True
    folder = pattern.rstrip("/").removesuffix("/**")
    return fnmatch.fnmatchcase(relative_posix, folder + "/*")


def _relative_posix(path: str, root: Path) -> str:
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()


def load_config(path: Path) -> Config:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("report-lint")
        if table is None:
            raise ConfigError(str(path), "中没有 [tool.report-lint] 表（has no [tool.report-lint] table）")
    else:
        # report-lint.toml may hold the keys at the top level or, copied from a pyproject, under [tool.report-lint]
        table = data.get("tool", {}).get("report-lint", data) if set(data) == {"tool"} else data
    return _parse_table(table, path)


def resolve_config(config_file: str | None = None, isolated: bool = False, cwd: Path | None = None) -> Config:
    """`--config FILE` wins; `--isolated` means built-in defaults; otherwise search upward from cwd."""
    cwd = cwd or Path.cwd()
    if config_file and isolated:
        raise ConfigError(None, "--config 与 --isolated 不能同时使用（cannot be used together）")
    if isolated:
        return Config(root=cwd)
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(config_file, "找不到配置文件（configuration file not found）")
        return load_config(path)
    found = find_config_file(cwd.resolve())
    return load_config(found) if found else Config(root=cwd)


def _parse_table(table: dict[str, Any], path: Path) -> Config:
    name = str(path)
    root = path.resolve().parent
    for key in table:
        if key not in _KEYS:
            import difflib

            close = difflib.get_close_matches(key.replace("_", "-"), _KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(_KEYS)})"
            raise ConfigError(name, f"配置中有未知的键 {key!r}（unknown key {key!r} in the report-lint configuration{hint}）")

    def string_list(key: str) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ConfigError(name, f"{key!r} 的取值不对（{key!r} must be {_KEYS[key]}）")
        return [item.strip() for item in value]

    def severity(value: Any, where: str) -> Severity:
        try:
            return Severity.parse(value) if isinstance(value, str) else Severity.parse(repr(value))
        except ValueError as exc:
            raise ConfigError(name, f"{where}: {exc}") from None

    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise ConfigError(name, f"severity 的取值不对（'severity' must be {_KEYS['severity']}）")
    per_path = table.get("per-path-ignores", {})
    if not isinstance(per_path, dict) or not all(
            isinstance(rules, list) and all(isinstance(r, str) for r in rules) for rules in per_path.values()):
        raise ConfigError(name, f"per-path-ignores 的取值不对（'per-path-ignores' must be {_KEYS['per-path-ignores']}）")

    def string_table(key: str, check=None) -> dict[str, str]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                  for k, v in value.items()):
            raise ConfigError(name, f"{key!r} must be {_KEYS[key]}")
        for pattern, item in value.items():
            if check is not None and not check(item.strip()):
                raise ConfigError(name, f"{key}: {pattern!r} = {item!r}: expected {_KEYS[key].split(' = ', 1)[1]}")
        return {k: v.strip() for k, v in value.items()}

    rule_paths = []
    for entry in string_list("rule-paths"):
        rule_path = (root / entry).resolve()
        if not rule_path.exists():
            raise ConfigError(name, f"rule-paths：{entry!r} 不存在（does not exist (looked for {rule_path})）")
        rule_paths.append(rule_path)

    return Config(
        select=string_list("select"),
        ignore=string_list("ignore"),
        severity={rule: severity(level, f"severity of {rule!r}") for rule, level in severities.items()},
        fail_on=severity(table["fail-on"], "fail-on") if "fail-on" in table else Severity.ERROR,
        rule_paths=rule_paths,
        per_path_ignores={pattern: list(rules) for pattern, rules in per_path.items()},
        exclude=string_list("exclude"),
        organs=string_table("organs"),
        kinds=string_table("kinds", lambda v: v in ("organ", "county", "prefecture", "province", "vertical")),
        deadlines=string_table("deadlines", _is_month_day),
        source=path,
        root=root,
    )


def _is_month_day(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(f"2024-{text}")   # a leap year: 02-29 is a day
    except ValueError:
        return False
    return len(text) == 5
