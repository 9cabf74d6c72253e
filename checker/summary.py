"""The end-of-batch summary: one status per report and how often each rule fired across the batch.

The counting lives here, apart from any output format, because the terminal summary and the HTML page
for supervisors show the same numbers and must never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, TextIO

from checker.diagnostics import Severity
from checker.errors import printable as safe

if TYPE_CHECKING:
    from checker.lint import FileResult

STATUSES = ("pass", "warn", "fail", "unreadable", "internal-error")
STATUS_CHINESE = {"pass": "通过", "warn": "有警告", "fail": "不通过", "unreadable": "无法读取",
                  "internal-error": "内部错误"}
STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "unreadable": "magenta",
                "internal-error": "bold magenta"}
# internal-error is counted only when it happened: it is report-lint's failure, not a report's status
_ALWAYS_COUNTED = STATUSES[:4]


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
    if "unreadable" in statuses or "internal-error" in statuses:
        return 2
    return 1 if "fail" in statuses else 0


class Tally:
    """Running counts over a batch, so the summaries never need the whole run in memory: statuses and
    severities always; per-report rows and per-rule counts (the terminal's summary tables) only when
    `rows` is asked for, since they grow with the batch."""

    def __init__(self, fail_on: Severity = Severity.ERROR, rows: bool = False):
        self.fail_on = fail_on
        self.files = 0
        self.statuses = Counter({status: 0 for status in _ALWAYS_COUNTED})
        self.severities: Counter = Counter()
        self.rows: list[tuple[str, str, str, Counter, str]] | None = [] if rows else None
        self._rules: dict[str, RuleCount] = {}

    def add(self, result: "FileResult") -> None:
        status = result.status
        self.files += 1
        self.statuses[status] += 1
        if self.rows is None:
            if result.diagnostics:   # most reports of a batch have none: no Counter to make and add
                self.severities.update(severity_counts(result))
            return
        counts = severity_counts(result)
        self.severities.update(counts)
        note = str(result.error.message) if result.error else ""
        form = result.report.form if result.report is not None else ""
        self.rows.append((result.path, form, status, counts, note))
        for diagnostic in result.diagnostics:
            entry = self._rules.setdefault(diagnostic.rule, RuleCount(diagnostic.rule, diagnostic.title, diagnostic.severity))
            entry.findings += 1
            entry.reports.add(result.path)
            entry.severity = max(entry.severity, diagnostic.severity)
            entry.title = entry.title or diagnostic.title

    def rule_counts(self) -> list[RuleCount]:
        """Rules by number of findings, most frequent first (ties: the more severe, then by id)."""
        return sorted(self._rules.values(), key=lambda c: (-c.findings, -c.severity, c.rule))

    @property
    def exit_code(self) -> int:
        """2 when a file could not be read, 1 when a finding reaches the fail level, else 0."""
        return 2 if self.statuses["unreadable"] or self.statuses["internal-error"] else 1 if self.statuses["fail"] else 0


def tally(results: Iterable["FileResult"], fail_on: Severity = Severity.ERROR, rows: bool = False) -> Tally:
    counts = Tally(fail_on, rows)
    for result in results:
        counts.add(result)
    return counts


def status_counts(results: Iterable["FileResult"]) -> Counter:
    counts = Counter({status: 0 for status in _ALWAYS_COUNTED})
    counts.update(result.status for result in results)
    return counts


def rule_counts(results: Iterable["FileResult"]) -> list[RuleCount]:
    """Rules by number of findings, most frequent first (ties: the more severe, then by id)."""
    return tally(results, rows=True).rule_counts()


def severity_counts(result: "FileResult") -> Counter:
    return Counter(d.severity for d in result.diagnostics)


def severity_totals(results: Iterable["FileResult"]) -> Counter:
    """Findings per severity across a batch (what the text summary line and the JSON summary report)."""
    return Counter(d.severity for result in results for d in result.diagnostics)


def print_summary(counts: Tally, facts: BatchFacts, stream: TextIO, totals: bool = True) -> None:
    """Two tables and a totals line, drawn with rich (plain text when the stream is not a terminal), from
    the running counts of a Tally made with `rows=True`.

    `totals=False` when the text renderer has just printed its own totals line: then only what it does
    not say (files skipped, findings hidden by a baseline) follows the tables."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=stream, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # a CI log or a file: no terminal width to respect, and folded paths cannot be copied
        console.width = 200
    reports = Table(title="报告状态", title_justify="left", expand=False)
    for heading, justify in (("报告", "left"), ("形式", "left"), ("结果", "left"),
                             ("错误", "right"), ("警告", "right"), ("提示", "right"), ("说明", "left")):
        reports.add_column(heading, justify=justify, overflow="fold")
    for path, form, status, severities, note in counts.rows or ():
        reports.add_row(escape(safe(path)), form, f"[{STATUS_STYLE[status]}]{STATUS_CHINESE[status]}[/]", str(severities[Severity.ERROR]),
                        str(severities[Severity.WARNING]), str(severities[Severity.INFO]), escape(safe(note)))
    console.print(reports)

    by_rule = counts.rule_counts()
    if by_rule:
        rules = Table(title="各规则问题数", title_justify="left", expand=False)
        for heading, justify in (("规则", "left"), ("标题", "left"), ("级别", "left"),
                                 ("问题数", "right"), ("涉及报告", "right")):
            rules.add_column(heading, justify=justify, overflow="fold")
        for entry in by_rule:
            rules.add_row(escape(safe(entry.rule)), escape(safe(entry.title or "")), entry.severity.chinese, str(entry.findings),
                          str(len(entry.reports)))
        console.print(rules)

    parts = []
    if totals:
        parts.append(f"共 {counts.files} 份报告：" + "，".join(
            f"[{STATUS_STYLE[s]}]{counts.statuses[s]} 份{STATUS_CHINESE[s]}[/]" for s in STATUSES if s in counts.statuses))
    if facts.skipped:
        parts.append(f"跳过 {facts.skipped} 个非报告文件")
    if facts.baselined:
        parts.append(f"基线中已记录的 {facts.baselined} 个问题未显示")
    if parts:
        console.print("；".join(parts))
