"""The `report-lint` command line: extract, check, rules, explain.

Exit codes: 0 no finding at the fail level, 1 findings at or above it, 2 the tool could not do its job.
Bad input never shows a traceback: every ToolError becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from checker import __version__
from checker.errors import ToolError


def _cmd_extract(args: argparse.Namespace) -> int:
    from checker.readers import read_report

    report = read_report(args.file, form=args.form)
    indent = None if args.indent is not None and args.indent < 0 else args.indent
    text = json.dumps(report.to_json(), ensure_ascii=False, indent=indent)
    sys.stdout.write(text + "\n")
    for problem in report.problems:
        print(f"{problem.location.describe() or args.file}: {problem.severity.label}: {problem.message}",
              file=sys.stderr)
    return 0


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
    extract.add_argument("--form", help="skip detection and read as this form (text, html, docx, pdf, markdown, json, yaml)")
    extract.set_defaults(func=_cmd_extract)
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
        print(f"report-lint: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
