"""Run a rule set on one report: every check of every rule, then suspects, then the blank-cell summary.

Severity here is the rule's own (softened to a warning where its `soften_when` holds, e.g. 2019 reports
per 60号's leniency); the user's --severity overrides are applied by checker.lint.
"""

from __future__ import annotations

from typing import Any, Iterable

from checker.diagnostics import Diagnostic, Severity
from checker.engine.checks import Run
from checker.engine.checks.asserts import GENERATE_AFTER
from checker.engine.rules import Rule
from checker.engine.runtime import Context
from checker.engine.suspects import name_suspects
from checker.errors import RuleError
from checker.model import Report
from checker.timer import Expired, lap_budgets

RULE_SECONDS = 10.0   # one rule on one report takes milliseconds; ten seconds is a rule that never ends


class RuleTimeout(Expired):
    """One rule's time budget ran out."""


def evaluate(report: Report, rules: Iterable[Rule]) -> list[Diagnostic]:
    rules = list(rules)
    info = report.data.get("report") if isinstance(report.data.get("report"), dict) else {}
    template, year = info.get("template"), info.get("year")
    run = Run(report.data, template if template in ("2019", "2021") else None,
              year if isinstance(year, int) and not isinstance(year, bool) else None)
    by_rule, ordered, runner = _plan(rules)
    at = [0]   # the index of the check running
    try:
        with lap_budgets(RULE_SECONDS, RuleTimeout) as lap:   # one timer for the report, a budget per rule
            if runner is not None:
                runner(run, lap, at)   # the same, generated (plan_code.py)
            else:
                for index, (rule, check) in enumerate(ordered):
                    at[0] = index
                    lap()
                    check.run(rule.id, run)
    except RuleTimeout:
        rule = ordered[at[0]][0]
        raise RuleError(rule.file, f"规则 {rule.id} 在此报告上运行超过 {RULE_SECONDS:g} 秒，已停止（多半是正则表达式"
                                   "有灾难性回溯，如 (.*)*x；请改写该表达式）", line=rule.line) from None
    except ArithmeticError as exc:   # OverflowError: a product too large for a float
        rule = ordered[at[0]][0]
        raise RuleError(rule.file, f"规则 {rule.id} 的表达式计算出错（{type(exc).__name__}: {exc}）",
                        line=rule.line) from None
    if any(finding.relation is not None for finding in run.findings):
        name_suspects(run.findings, run.held_cells, report.data)
    diagnostics = []
    for finding in run.findings:
        rule = by_rule[finding.rule]
        message = finding.message + (f"；{finding.suggestion}" if finding.suggestion else "")
        diagnostics.append(Diagnostic(
            rule=rule.id, severity=_severity(rule, report, run), message=message,
            location=report.locate([finding.suspect] if finding.suspect else finding.cells),
            cells=finding.cells, suspect=finding.suspect, expected=finding.expected, actual=finding.actual,
            title=rule.title, suggestion=finding.suggestion))
    return diagnostics


_PLANS: dict[tuple[int, ...], list] = {}   # [rules, by id, ordered, reports run, generated runner]
_PLANS_KEPT = 16


def _plan(rules: list[Rule]) -> tuple[dict[str, Rule], list[tuple[Rule, Any]], Any]:
    """The rules by id, every check in the order it runs, and (from the plan's third report on, as the
    checks' own deciders: asserts.GENERATE_AFTER) the function running them all (plan_code.py): worked out
    once per list of rules (a batch checks every report with the same), not per report. Blank-cell checks
    read what the others could not assess, so they run last."""
    key = tuple(map(id, rules))   # a plan keeps its rules alive: no other object has their ids meanwhile
    plan = _PLANS.get(key)
    if plan is None:
        ordered = [(r, c) for r in rules for c in r.checks if not c.runs_last]
        ordered += [(r, c) for r in rules for c in r.checks if c.runs_last]
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        plan = _PLANS[key] = [rules, {r.id: r for r in rules}, ordered, 0, None]
    if plan[4] is None:
        plan[3] += 1
        if plan[3] > GENERATE_AFTER:   # a single-report run never generates it
            from checker.engine.plan_code import plan_runner

            plan[4] = plan_runner(plan[2])
    return plan[1], plan[2], plan[4]


def _severity(rule: Rule, report: Report, run: Run) -> Severity:
    if rule.soften_when is not None and rule.soften_when.plain(Context(report.data, values=run.values)) is True:
        return min(rule.severity, Severity.WARNING)
    return rule.severity

