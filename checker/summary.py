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
STATUS_CHINESE = {"pass": "通过", "warn": "警告", "fail": "不通过", "unreadable": "无法读取"}
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


def print_summary(results: list["FileResult"], facts: BatchFacts, stream: TextIO) -> None:
    """Two tables and a totals line, drawn with rich (plain text when the stream is not a terminal)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # a CI log or a file: no terminal width to respect, and folded paths cannot be copied
        console.width = 200
    reports = Table(title="报告状态 (report status)", title_justify="left", expand=False)
    for heading, justify in (("report", "left"), ("form", "left"), ("status", "left"),
                             ("errors", "right"), ("warnings", "right"), ("info", "right"), ("note", "left")):
        reports.add_column(heading, justify=justify, overflow="fold")
    for result in results:
        counts = severity_counts(result)
        note = str(result.error.message) if result.error else ""
        form = result.report.form if result.report is not None else ""
        reports.add_row(result.path, form, f"[{STATUS_STYLE[result.status]}]{result.status}[/]",
                        str(counts[Severity.ERROR]), str(counts[Severity.WARNING]), str(counts[Severity.INFO]), note)
    console.print(reports)

    by_rule = rule_counts(results)
    if by_rule:
        rules = Table(title="各规则问题数 (findings per rule)", title_justify="left", expand=False)
        for heading, justify in (("rule", "left"), ("title", "left"), ("severity", "left"),
                                 ("findings", "right"), ("reports", "right")):
            rules.add_column(heading, justify=justify, overflow="fold")
        for entry in by_rule:
            rules.add_row(entry.rule, entry.title or "", entry.severity.label, str(entry.findings), str(len(entry.reports)))
        console.print(rules)

    statuses = status_counts(results)
    line = f"{len(results)} reports: " + ", ".join(
        f"[{STATUS_STYLE[s]}]{statuses[s]} {s}[/]" for s in STATUSES)
    if facts.skipped:
        line += f"; {facts.skipped} files skipped (not reports)"
    if facts.baselined:
        line += f"; {facts.baselined} findings hidden by the baseline"
    console.print(line)
