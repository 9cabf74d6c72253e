"""The `report-lint` command line: extract, check, rules, explain.

Exit codes: 0 no finding at the fail level, 1 findings at or above it, 2 the tool could not do its job.
Bad input never shows a traceback: every ToolError becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from checker import __version__, gc_pause
from checker.argparse_zh import ChineseArgumentParser, LazyChoices, chinese

if TYPE_CHECKING:
    from typing import Sequence

    from checker.lint import LintOptions

# Each command imports what it uses when it runs: `rules` and `explain` never load a reader, and checking
# a text report loads neither the other forms' readers nor the batch's worker machinery.


def _cmd_extract(args: argparse.Namespace) -> int:
    import json

    from checker.errors import InputError, one_line
    from checker.guard import check_size
    from checker.output.json import plain
    from checker.readers import read_report

    check_size(args.file, int(args.max_size * 1048576))
    try:
        report = read_report(args.file, form=args.form)
    except RecursionError:
        raise InputError(args.file, "结构嵌套过深，无法读取") from None
    indent = None if args.indent is not None and args.indent < 0 else args.indent
    text = json.dumps(plain(report.to_json()), ensure_ascii=False, indent=indent, allow_nan=False)
    sys.stdout.write(text + "\n")
    for problem in report.problems:
        print(one_line(f"{problem.location.describe() or args.file}: {problem.severity.label}: {problem.message}",
                       limit=2000), file=sys.stderr)
    return 0


def _lint_options(args: argparse.Namespace) -> LintOptions:
    from pathlib import Path

    from checker.diagnostics import Severity
    from checker.errors import ConfigError
    from checker.lint import LintOptions

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
        from checker.deadlines import parse_date

        try:
            published = parse_date(published)
        except ValueError as exc:
            raise ConfigError(None, str(exc)) from None
    return LintOptions(select=ids(args.select), ignore=ids(args.ignore), severity=severities,
                       fail_on=Severity.parse(args.fail_on or "error"), rule_paths=[Path(p) for p in args.rules or []],
                       cache=not args.no_cache, published=published)


def _cmd_check(args: argparse.Namespace) -> int:
    from checker.check_command import run

    return run(args, _lint_options(args))   # configuration, folders, parallel batch, baseline, outputs


def _rule_options(args: argparse.Namespace, config):
    """For `rules` and `explain`: the configuration's rule folders too, so a province's own rules show."""
    from checker.check_command import merge_options

    return merge_options(config, _lint_options(args), fail_on_given=False)


def _rule_output(args: argparse.Namespace, name: str | None, make) -> str:
    """`make(config)`'s text, or the same text kept in the rule cache folder by an earlier run
    (checker/catalogue.py), which needs neither the engine nor a rule loaded, nor, where no configuration
    file is found, the configuration's classes (its defaults add no rule folder)."""
    from pathlib import Path

    from checker.config_files import find_config_file

    if args.config or args.isolated or args.no_cache or name is None:
        from checker.config import resolve_config

        config = resolve_config(args.config, args.isolated)
    else:
        cwd = Path.cwd()
        found = find_config_file(cwd.resolve())   # as resolve_config looks for it
        if found is None:
            config = None   # the defaults, Config(root=cwd), made only if the output must be worked out
        else:
            from checker.config import load_config

            config = load_config(found)
    if args.no_cache or name is None:
        return make(config)
    from checker.catalogue import cached_output

    # the configuration's rule folders, then --rules, as merge_options orders them
    rule_paths = [*(config.rule_paths if config is not None else []), *(Path(p) for p in args.rules or [])]
    return cached_output(rule_paths, name, lambda: make(config if config is not None else _default_config(cwd)))


def _default_config(cwd):
    from checker.config import Config

    return Config(root=cwd)


def _cmd_rules(args: argparse.Namespace) -> int:
    sys.stdout.write(_rule_output(args, "rules", lambda config: _rules_text(args, config)))
    return 0


def _rules_text(args: argparse.Namespace, config) -> str:
    from checker.builtin_findings import BUILTIN_FINDINGS
    from checker.lint import load_ruleset
    from checker.spec_ids import NOT_A_RULE

    ruleset = load_ruleset(_rule_options(args, config))
    # the YAML rules, then what readers and the schema report (selectable like rules)
    rows = [(r.id, r.severity.label, r.title) for r in ruleset.in_id_order()]
    rows += [(f.id, f.severity.label, f.title) for f in BUILTIN_FINDINGS]
    # the spec's ids that are not a rule of their own say how they are covered
    rows += [(rule_id, "-", note) for rule_id, note in NOT_A_RULE.items() if ruleset.get(rule_id) is None]
    width = max(len(rule_id) for rule_id, _, _ in rows)
    return "".join(f"{rule_id:<{width}}  {severity:<8} {title}\n" for rule_id, severity, title in rows)


def _cmd_server(args: argparse.Namespace) -> int:
    if not hasattr(os, "fork"):
        from checker.errors import ToolError

        raise ToolError(None, "report-lint 服务需要 fork，只能在 Linux、macOS 等 POSIX 系统上使用")
    from checker import server

    if args.action == "start":
        return server.start(args.idle)
    return server.stop() if args.action == "stop" else server.show_status()


def _cmd_explain(args: argparse.Namespace) -> int:
    from checker.catalogue import explain_name

    sys.stdout.write(_rule_output(args, explain_name(args.rule), lambda config: _explain_text(args, config)))
    return 0


def _explain_text(args: argparse.Namespace, config) -> str:
    from checker.builtin_findings import BUILTIN_FINDINGS, builtin_finding, explain_builtin
    from checker.engine.explain import explain
    from checker.errors import ConfigError
    from checker.lint import load_ruleset

    ruleset = load_ruleset(_rule_options(args, config))
    rule = ruleset.get(args.rule)
    builtin = builtin_finding(args.rule)
    if rule is None and builtin is not None:
        return explain_builtin(builtin)
    if rule is None:
        known = ", ".join([r.id for r in ruleset.in_id_order()] + [f.id for f in BUILTIN_FINDINGS])
        raise ConfigError(None, f"没有规则 {args.rule!r}（unknown rule; known: {known}）")
    return explain(rule, ruleset)


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", metavar="PATH",
                        help="另加的规则文件，或装有 *.yaml 规则的文件夹（可重复）")
    parser.add_argument("--no-cache", action="store_true",
                        help="不用规则缓存，重新读取和编译规则包")


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    from checker.output import RENDERERS

    parser.add_argument("--format", default="text", choices=sorted(RENDERERS), help="输出格式（默认 text）")
    parser.add_argument("--select", action="append", metavar="IDS",
                        help="只用这些规则：编号或前缀，逗号分隔（R、R1、D5）")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="不用这些规则（编号或前缀）")
    parser.add_argument("--severity", action="append", metavar="ID=LEVEL",
                        help="改变规则的级别：error、warning 或 info（可重复）")
    parser.add_argument("--fail-on", default=None, choices=("error", "warning", "info"),
                        help="有问题达到此级别时退出码为 1（默认取配置文件的设置，否则 error）")
    _add_rule_options(parser)


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help="使用此 report-lint.toml 或 pyproject.toml，不再向上查找")
    parser.add_argument("--isolated", action="store_true", help="不读任何配置文件")


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="同时用 N 个进程检查报告（默认或 0：全部 CPU 核）")
    parser.add_argument("--quiet", "-q", action="store_true", help="不显示进度条和汇总表")
    parser.add_argument("--skip-non-reports", action="store_true",
                        help="命令行上给出的非报告文件（README、设置文件）像文件夹中的一样跳过并计数；供 pre-commit 使用")
    parser.add_argument("--report", action="append", metavar="FORMAT:FILE",
                        help="另把此格式写入文件，如 sarif:out.sarif 或 html:report.html（可重复）")
    _add_config_options(parser)
    parser.add_argument("--baseline", metavar="FILE", help="只显示此基线文件中没有记录的问题")
    parser.add_argument("--previous", action="append", metavar="FILE",
                        help="同一机关往年的报告，供跨年度规则 X1–X5 比对（可重复；只读取，不检查）")
    parser.add_argument("--published", metavar="DATE",
                        help="报告的发布日期（如 2024-01-20），供期限规则 D8 使用；仅限一份报告")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="把所有问题记录到基线文件（保留其中已写的理由）")


def _add_ocr_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ocr", choices=LazyChoices(_ocr_modes), default=None, metavar="MODE",
                        help="scanned pages and images: auto (OCR the pages without a text layer; default), "
                             "always (OCR every page), never (no OCR); needs pip install 'report-lint[ocr]'")


_parser: argparse.ArgumentParser | None = None


def build_parser() -> argparse.ArgumentParser:
    """Built once per process: parsing leaves it as it was, and the server's forks (checker/server.py)
    run many commands from one."""
    global _parser
    if _parser is None:
        with chinese():
            _parser = _build_parser()
    return _parser


def _add_debug_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="report-lint 自身出错（内部错误）时，把错误详情（traceback）输出到标准错误")


def _build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="report-lint",
        description="检查政府信息公开工作年度报告：表格勾稽关系、合计、非负计数、必备章节与模板版本。",
        epilog="退出码：0 没有达到失败级别的问题；1 有；2 无法完成检查（报告无法读取、规则或配置有误、参数有误、"
               "report-lint 内部错误）。",
    )
    parser.add_argument("--version", action="version", version=f"report-lint {__version__}", help="显示版本号并退出")
    _add_debug_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="{extract,check,rules,explain,server}", title="命令",
                                parser_class=ChineseArgumentParser)

    extract = sub.add_parser("extract", help="把报告输出为标准 JSON（含 source_map）")
    extract.add_argument("file", help="报告文件，- 表示标准输入")
    extract.add_argument("--indent", type=int, default=2, help="JSON 缩进（-1 为单行；默认 2）")
    extract.add_argument("--form", choices=LazyChoices(_form_names), metavar="FORM",
                         help="不自动识别，按此形式读取（%(choices)s）")
    extract.add_argument("--max-size", type=float, default=50, metavar="MB",
                         help="报告文件大小上限，单位 MB（默认 50；0 不限）")
    _add_debug_option(extract)
    _add_ocr_option(extract)
    extract.set_defaults(func=_cmd_extract)

    check = sub.add_parser("check", help="按规则检查报告；退出码 0 无问题，1 有问题，2 无法完成检查")
    check.add_argument("files", nargs="+", metavar="DIR|GLOB|FILE",
                       help="报告文件、文件夹（递归查找）或通配模式")
    _add_check_options(check)
    _add_batch_options(check)
    _add_limit_options(check)
    _add_debug_option(check)
    _add_ocr_option(check)
    check.set_defaults(func=_cmd_check)

    rules = sub.add_parser("rules", help="列出所有规则：编号、级别、标题")
    _add_rule_options(rules)
    _add_config_options(rules)
    _add_debug_option(rules)
    rules.set_defaults(func=_cmd_rules, select=None, ignore=None, severity=None, fail_on="error")

    explain = sub.add_parser("explain", help="某条规则的说明、依据和示例")
    explain.add_argument("rule", metavar="ID")
    _add_rule_options(explain)
    _add_config_options(explain)
    _add_debug_option(explain)
    explain.set_defaults(func=_cmd_explain, select=None, ignore=None, severity=None, fail_on="error")

    server = sub.add_parser("server", help="常驻服务：之后的命令不必每次重新启动 report-lint。没有服务时，"
                                           "命令结束后会自动在后台启动一个（REPORT_LINT_SERVER=manual "
                                           "不自动启动，off 不用服务）")
    server.add_argument("action", choices=("start", "stop", "status"),
                        help="start 启动、stop 停止、status 查看是否在运行")
    server.add_argument("--idle", type=float, default=30, metavar="MINUTES",
                        help="闲置多少分钟后自动停止（默认 30；0 不自动停止）")
    _add_debug_option(server)
    server.set_defaults(func=_cmd_server)
    return parser


def _form_names() -> list[str]:
    from checker.readers import form_names

    return form_names()


def _ocr_modes() -> tuple[str, ...]:
    from checker.readers.ocr import MODES

    return MODES


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                        help="每份报告读取和检查的时间上限，单位秒（默认 60；0 不限）")
    parser.add_argument("--max-findings", type=int, default=1000, metavar="N",
                        help="每份报告最多列出的问题数（默认 1000；0 不限），超出时列出最严重的 N 个")
    parser.add_argument("--max-size", type=float, default=50, metavar="MB",
                        help="报告文件大小上限，单位 MB（默认 50；0 不限），超过的文件不读取")


def main(argv: Sequence[str] | None = None) -> int:
    """Never a traceback, never exit 1 for an error: a ToolError is one line and exit 2; any other
    exception is report-lint's bug, reported as an internal error (exit 2) with its traceback kept."""
    gc_pause.pause()   # until the first report is checked (checker.guard): start-up makes no garbage worth a pass
    try:
        return _main(argv)
    finally:
        gc_pause.resume()


def _main(argv: Sequence[str] | None) -> int:
    for stream in (sys.stdout, sys.stderr):   # a file name that is not UTF-8 prints as \xff, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    with chinese():
        args = parser.parse_args(argv)
    if getattr(args, "debug", False):
        from checker.errors import DEBUG_ENV

        os.environ[DEBUG_ENV] = "1"   # worker processes inherit it
    if not getattr(args, "func", None):
        with chinese():
            parser.print_help()
        return 2
    if getattr(args, "ocr", None):   # read by the readers, in this process and in the batch's workers
        from checker.readers.ocr import MODE_VARIABLE

        os.environ[MODE_VARIABLE] = args.ocr
    from checker.errors import ToolError, internal_error

    try:
        return args.func(args)
    except ToolError as exc:
        print(f"report-lint: {exc.headline}：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - our own bug: say so, keep the traceback, exit 2 (never 1)
        error = internal_error(getattr(args, "file", None), exc, doing=f"执行 {args.command} 命令")
        print(f"report-lint: {error.headline}：{error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
