"""The end-of-batch summary: one status per report and how often each rule fired across the batch.

The counting lives here, apart from any output format, because the terminal summary and the HTML page
for supervisors show the same numbers and must never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, TextIO

from checker.diagnostics import Severity

if TYPE_CHECKING:
    from checker.lint import FileResult

STATUSES = ("pass", "warn", "fail", "unreadable")
STATUS_CHINESE = {"pass": "通过", "warn": "有警告", "fail": "不通过", "unreadable": "无法读取"}
STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "unreadable": "magenta"}


@dataclass
class RuleCount:
    rule: str
    title: str | None
    severity: Severity          # the highest severity the rule was reported at
    findings: int = 0
    reports: set[str] = field(default_factory=set)


@dataclass
class BatchFacts:
    """What a renderer needs to know about the batch beyond the results themselves."""

    skipped: int = 0            # files in the folders that are not reports
    baselined: int = 0          # findings hidden because the baseline records them
    exit_code: int | None = None  # the run's exit code, decided once by the command (after any baseline)


def exit_code(results: Iterable["FileResult"]) -> int:
    """2 when a file could not be read, 1 when a finding reaches the fail level, else 0."""
    statuses = {result.status for result in results}
    if "unreadable" in statuses:
        return 2
    return 1 if "fail" in statuses else 0


def status_counts(results: Iterable["FileResult"]) -> Counter:
    counts = Counter({status: 0 for status in STATUSES})
    counts.update(result.status for result in results)
    return counts


def rule_counts(results: Iterable["FileResult"]) -> list[RuleCount]:
    """Rules by number of findings, most frequent first (ties: the more severe, then by id)."""
    table: dict[str, RuleCount] = {}
    for result in results:
        for diagnostic in result.diagnostics:
            entry = table.setdefault(diagnostic.rule, RuleCount(diagnostic.rule, diagnostic.title, diagnostic.severity))
            entry.findings += 1
            entry.reports.add(result.path)
            entry.severity = max(entry.severity, diagnostic.severity)
            entry.title = entry.title or diagnostic.title
    return sorted(table.values(), key=lambda c: (-c.findings, -c.severity, c.rule))


def severity_counts(result: "FileResult") -> Counter:
    return Counter(d.severity for d in result.diagnostics)


def severity_totals(results: Iterable["FileResult"]) -> Counter:
    """Findings per severity across a batch (what the text summary line and the JSON summary report)."""
    return Counter(d.severity for result in results for d in result.diagnostics)


def print_summary(results: list["FileResult"], facts: BatchFacts, stream: TextIO, totals: bool = True) -> None:
    """Two tables and a totals line, drawn with rich (plain text when the stream is not a terminal).

    `totals=False` when the text renderer has just printed its own totals line: then only what it does
    not say (files skipped, findings hidden by a baseline) follows the tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # a CI log or a file: no terminal width to respect, and folded paths cannot be copied
        console.width = 200
    reports = Table(title="报告状态", title_justify="left", expand=False)
    for heading, justify in (("报告", "left"), ("形式", "left"), ("结果", "left"),
                             ("错误", "right"), ("警告", "right"), ("提示", "right"), ("说明", "left")):
        reports.add_column(heading, justify=justify, overflow="fold")
    for result in results:
        counts = severity_counts(result)
        note = str(result.error.message) if result.error else ""
        form = result.report.form if result.report is not None else ""
        reports.add_row(result.path, form, f"[{STATUS_STYLE[result.status]}]{STATUS_CHINESE[result.status]}[/]",
                        str(counts[Severity.ERROR]), str(counts[Severity.WARNING]), str(counts[Severity.INFO]), note)
    console.print(reports)

    by_rule = rule_counts(results)
    if by_rule:
        rules = Table(title="各规则问题数", title_justify="left", expand=False)
        for heading, justify in (("规则", "left"), ("标题", "left"), ("级别", "left"),
                                 ("问题数", "right"), ("涉及报告", "right")):
            rules.add_column(heading, justify=justify, overflow="fold")
        for entry in by_rule:
            rules.add_row(entry.rule, entry.title or "", entry.severity.chinese, str(entry.findings),
                          str(len(entry.reports)))
        console.print(rules)

    parts = []
    if totals:
        statuses = status_counts(results)
        parts.append(f"共 {len(results)} 份报告：" + "，".join(
            f"[{STATUS_STYLE[s]}]{statuses[s]} 份{STATUS_CHINESE[s]}[/]" for s in STATUSES))
    if facts.skipped:
        parts.append(f"跳过 {facts.skipped} 个非报告文件")
    if facts.baselined:
        parts.append(f"基线中已记录的 {facts.baselined} 个问题未显示")
    if parts:
        console.print("；".join(parts))
