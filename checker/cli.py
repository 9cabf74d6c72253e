"""The `report-lint` command line: extract, check, rules, explain.

Exit codes: 0 no finding at the fail level, 1 findings at or above it, 2 the tool could not do its job.
Bad input never shows a traceback: every ToolError becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from checker import __version__
from checker.builtin_findings import BUILTIN_FINDINGS, builtin_finding, explain_builtin
from checker.check_command import merge_options, run
from checker.config import resolve_config
from checker.deadlines import parse_date
from checker.diagnostics import Severity
from checker.engine.explain import explain
from checker.errors import ConfigError, ToolError
from checker.lint import LintOptions, load_ruleset
from checker.output import RENDERERS
from checker.readers import form_names, read_report
from checker.spec_ids import NOT_A_RULE


def _cmd_extract(args: argparse.Namespace) -> int:
    report = read_report(args.file, form=args.form)
    indent = None if args.indent is not None and args.indent < 0 else args.indent
    text = json.dumps(report.to_json(), ensure_ascii=False, indent=indent)
    sys.stdout.write(text + "\n")
    for problem in report.problems:
        print(f"{problem.location.describe() or args.file}: {problem.severity.label}: {problem.message}",
              file=sys.stderr)
    return 0


def _lint_options(args: argparse.Namespace) -> LintOptions:
    def ids(values: list[str] | None) -> list[str]:
        return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]

    severities = {}
    for item in ids(args.severity):
        rule, sep, level = item.partition("=")
        try:
            if not sep or not rule.strip():
                raise ValueError(f"--severity takes ID=LEVEL, not {item!r}")
            severities[rule.strip()] = Severity.parse(level)
        except ValueError as exc:
            raise ConfigError(None, str(exc)) from None
    published = getattr(args, "published", None)
    if published:
        try:
            published = parse_date(published)
        except ValueError as exc:
            raise ConfigError(None, str(exc)) from None
    return LintOptions(select=ids(args.select), ignore=ids(args.ignore), severity=severities,
                       fail_on=Severity.parse(args.fail_on or "error"), rule_paths=[Path(p) for p in args.rules or []],
                       cache=not args.no_cache, published=published)


def _cmd_check(args: argparse.Namespace) -> int:
    return run(args, _lint_options(args))   # configuration, folders, parallel batch, baseline, outputs


def _rule_options(args: argparse.Namespace):
    """For `rules` and `explain`: the configuration's rule folders too, so a province's own rules show."""
    config = resolve_config(args.config, args.isolated)
    return merge_options(config, _lint_options(args), fail_on_given=False)


def _cmd_rules(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(_rule_options(args))
    # the YAML rules, then what readers and the schema report (selectable like rules)
    rows = [(r.id, r.severity.label, r.title) for r in ruleset.in_id_order()]
    rows += [(f.id, f.severity.label, f.title) for f in BUILTIN_FINDINGS]
    # the spec's ids that are not a rule of their own say how they are covered
    rows += [(rule_id, "-", note) for rule_id, note in NOT_A_RULE.items() if ruleset.get(rule_id) is None]
    width = max(len(rule_id) for rule_id, _, _ in rows)
    for rule_id, severity, title in rows:
        print(f"{rule_id:<{width}}  {severity:<8} {title}")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:


    ruleset = load_ruleset(_rule_options(args))
    rule = ruleset.get(args.rule)
    builtin = builtin_finding(args.rule)
    if rule is None and builtin is not None:
        sys.stdout.write(explain_builtin(builtin))
        return 0
    if rule is None:
        known = ", ".join([r.id for r in ruleset.in_id_order()] + [f.id for f in BUILTIN_FINDINGS])
        raise ConfigError(None, f"unknown rule {args.rule!r} (known: {known})")
    sys.stdout.write(explain(rule, ruleset))
    return 0


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", metavar="PATH",
                        help="extra rule file or folder of *.yaml rules (repeatable)")
    parser.add_argument("--no-cache", action="store_true",
                        help="load and compile the rule packs afresh instead of from the rule cache")


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="text", choices=sorted(RENDERERS), help="output format (default text)")
    parser.add_argument("--select", action="append", metavar="IDS",
                        help="only these rules: ids or prefixes, comma-separated (R, R1, D5)")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="skip these rules (ids or prefixes)")
    parser.add_argument("--severity", action="append", metavar="ID=LEVEL",
                        help="report a rule at another level: error, warning or info (repeatable)")
    parser.add_argument("--fail-on", default=None, choices=("error", "warning", "info"),
                        help="exit 1 when a finding reaches this level (default: the configuration's, else error)")
    _add_rule_options(parser)


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help="use this report-lint.toml or pyproject.toml instead of searching upward")
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="check N reports at a time in separate processes (default, or 0: all cores)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary tables")
    parser.add_argument("--skip-non-reports", action="store_true",
                        help="files named on the command line that are not reports (a README, a settings file) "
                             "are skipped and counted, as in folders; for pre-commit")
    parser.add_argument("--report", action="append", metavar="FORMAT:FILE",
                        help="also write this format to FILE, e.g. sarif:out.sarif or html:report.html (repeatable)")
    _add_config_options(parser)
    parser.add_argument("--baseline", metavar="FILE", help="show only findings not recorded in this baseline")
    parser.add_argument("--previous", action="append", metavar="FILE",
                        help="an earlier report of the same organ, for the cross-year rules X1–X5 (repeatable; "
                             "read, not checked)")
    parser.add_argument("--published", metavar="DATE",
                        help="the date the report was published (2024-01-20), for the deadline rule D8; one report only")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record every finding in FILE (keeping reasons already given there)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="report-lint",
        description="检查政府信息公开工作年度报告：表格勾稽关系、合计、非负计数、必备章节与模板版本。",
    )
    parser.add_argument("--version", action="version", version=f"report-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = sub.add_parser("extract", help="print a report as canonical JSON (with source_map)")
    extract.add_argument("file", help="the report file, or - for standard input")
    extract.add_argument("--indent", type=int, default=2, help="JSON indentation (-1 for one line; default 2)")
    forms = form_names()
    extract.add_argument("--form", choices=forms, metavar="FORM",
                         help=f"skip detection and read as this form ({', '.join(forms)})")
    extract.set_defaults(func=_cmd_extract)

    check = sub.add_parser("check", help="check reports against the rules; exit 0 clean, 1 findings, 2 could not check")
    check.add_argument("files", nargs="+", metavar="DIR|GLOB|FILE",
                       help="report files, folders (searched recursively) or glob patterns")
    _add_check_options(check)
    _add_batch_options(check)
    check.set_defaults(func=_cmd_check)

    rules = sub.add_parser("rules", help="list every rule: id, severity, title")
    _add_rule_options(rules)
    _add_config_options(rules)
    rules.set_defaults(func=_cmd_rules, select=None, ignore=None, severity=None, fail_on="error")

    explain = sub.add_parser("explain", help="a rule's explanation, official source and examples")
    explain.add_argument("rule", metavar="ID")
    _add_rule_options(explain)
    _add_config_options(explain)
    explain.set_defaults(func=_cmd_explain, select=None, ignore=None, severity=None, fail_on="error")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except ToolError as exc:
        print(f"report-lint: {exc.headline}：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
