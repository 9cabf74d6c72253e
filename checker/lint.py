"""Checking reports: load the rule set once, run it on each report, apply the user's selection and
severities, and say per file whether it passes. Renderers, batch mode and baselines build on these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.builtin_findings import SCHEMA, builtin_finding
from checker.config import Config, rule_matches
from checker.diagnostics import Diagnostic, Severity
from checker.engine import RuleSet, evaluate, load_rules
from checker.errors import InputError, InternalError, ToolError

if TYPE_CHECKING:
    from checker.model import Report


@dataclass
class LintOptions:
    select: list[str] = field(default_factory=list)         # rule ids or prefixes ("R", "R1", "D"); empty = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)   # rule id or prefix → severity
    fail_on: Severity = Severity.ERROR
    rule_paths: list[Path] = field(default_factory=list)    # extra rule files or folders (a province's own rules)
    cache: bool = True                                      # use the rule cache (--no-cache: load the packs afresh)
    published: str | None = None                            # --published DATE: the publication date (D8)

    def wants(self, rule_id: str) -> bool:
        if not self.select and not self.ignore:   # the usual run: every rule (asked for each rule of each report)
            return True
        if self.select and not any(rule_matches(rule_id, s) for s in self.select):
            return False
        return not any(rule_matches(rule_id, s) for s in self.ignore)

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        """The most specific override that matches (R1 over R), else the rule's own severity."""
        matching = [s for s in self.severity if rule_matches(rule_id, s)]
        if not matching:
            return default
        return self.severity[max(matching, key=len)]


@dataclass
class FileResult:
    path: str
    report: Report | None                    # None when unreadable
    diagnostics: list[Diagnostic]            # sorted; includes the reader's findings (report.problems)
    error: ToolError | None = None           # InputError when the file could not be read; InternalError: our bug
    fail_on: Severity = Severity.ERROR

    @property
    def status(self) -> str:
        """pass, warn, fail (a finding at or above the fail level), unreadable, or internal-error (a bug in
        report-lint met while checking this report)."""
        if isinstance(self.error, InternalError):
            return "internal-error"
        if self.error is not None:
            return "unreadable"
        worst = max((d.severity for d in self.diagnostics), default=None)
        if worst is not None and worst >= self.fail_on:
            return "fail"
        if worst is not None and worst >= Severity.WARNING:
            return "warn"
        return "pass"


def load_ruleset(options: LintOptions) -> RuleSet:
    """The shipped rule packs plus the user's; raises RuleError (exit 2) for a bad rule file."""
    return load_rules(options.rule_paths, cache=options.cache)


def lint_report(report: Report, ruleset: RuleSet, options: LintOptions) -> list[Diagnostic]:
    unreadable = any((b := builtin_finding(p.rule)) is not None and b.blocks_rules for p in report.problems)
    found: list[Diagnostic] = []
    if not unreadable:  # a scanned PDF: one READ-NO-TEXT, not a list of every missing table and section
        # rules comparing two reports run on the batch (checker.years), not on one report alone
        found = evaluate(report, _one_report_rules(ruleset, options))
        if options.wants(SCHEMA.id):
            found += _schema_findings(report, found)
    # the reader's findings pass through the same filters (copied: the report keeps its own)
    found += [replace(problem) for problem in report.problems if options.wants(problem.rule)]
    for diagnostic in found:
        diagnostic.severity = options.severity_for(diagnostic.rule, diagnostic.severity)
        if diagnostic.location.file is None:
            diagnostic.location = replace(diagnostic.location, file=report.path)
    return sorted(found, key=Diagnostic.sort_key)


_SELECTED: list = []   # [(ruleset, select, ignore, its rules)]: the last selection, for the next report of a batch


def _one_report_rules(ruleset: RuleSet, options: LintOptions) -> list:
    """The rules the user selected that check one report alone, worked out once for a batch (the same list
    object for every report, so evaluate's plan is found at once)."""
    key = (tuple(map(id, ruleset.rules)), tuple(options.select), tuple(options.ignore))   # the set kept alive below
    if _SELECTED and _SELECTED[0][0] is ruleset and _SELECTED[0][1] == key:
        return _SELECTED[0][2]
    rules = [rule for rule in ruleset if options.wants(rule.id) and not rule.compares_reports]
    _SELECTED[:] = [(ruleset, key, rules)]
    return rules


def _schema_findings(report: Report, rule_findings: list[Diagnostic]) -> list[Diagnostic]:
    """The template schema's findings, less those a rule already reported about the same cells (a missing
    row is D2's, a one-row （六） D5's, a negative count R7's): one problem, one finding."""
    covered = [cell for d in rule_findings for cell in d.cells]

    def related(ptr: str) -> bool:
        return any(c == ptr or c.startswith(ptr + "/") or ptr.startswith(c + "/") for c in covered)

    from checker.schemas import validate_report

    return [f for f in validate_report(report) if not (f.cells and all(related(p) for p in f.cells))]


def lint_file(path: str, ruleset: RuleSet, options: LintOptions, raw: bytes | None = None,
              config: Config | None = None) -> FileResult:
    """Read and check one report file, or `raw`, the bytes of a report called `path`; `config` says the
    report kinds and local deadlines D8 needs."""
    from checker.deadlines import complete_facts
    from checker.readers import read_bytes, read_report   # `rules` and `explain` load no reader

    try:
        if raw is None:
            report = read_report(path)
        elif not raw.strip():
            raise InputError(path, "文件是空的（empty）")
        else:
            report = read_bytes(raw, path)
    except InputError as exc:
        return FileResult(path=path, report=None, diagnostics=[], error=exc, fail_on=options.fail_on)
    complete_facts(report, config, options.published)   # kind, publication date and deadline for D8
    return FileResult(path=path, report=report, diagnostics=lint_report(report, ruleset, options),
                      fail_on=options.fail_on)

