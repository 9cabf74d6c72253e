"""Rules that compare two reports: the same organ's previous years (X1–X5) and two files of one organ and
year (D10).

After a batch is checked file by file, its reports (and any `--previous FILE`) are grouped by organ
(checker.organs) and ordered by year. Each report is then given, under the names `previous` (Y−1),
`previous2` (Y−2) and `twin` (another file of the same organ and year), the models of those reports, and
the rules that name them run on that combined model. A cell of the other report is shown in the message
with its file and where it was printed, so a finding names both files and both cells.

A report with no previous year in the batch is not assessable for the cross-year rules: they say nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from checker.config import Config, rule_matches
from checker.diagnostics import Diagnostic, Location
from checker.engine import evaluate
from checker.lint import FileResult, LintOptions, load_ruleset
from checker.model import Report
from checker.organs import OrganMap, group_by_organ, organ_name

# the names under which the other reports are given to a rule, and how a message calls each
OTHERS = {"previous": "上一年度报告", "previous2": "前两年度报告", "twin": "同一年度的另一份文件"}


@dataclass
class _Member:
    report: Report
    index: int | None            # position in the batch's results; None for a --previous report
    year: int | None


def _year(report: Report) -> int | None:
    year = report.data.get("report", {}).get("year") if isinstance(report.data.get("report"), dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _pick(candidates: list[_Member], form: str) -> _Member | None:
    """Of several files for one year, the one in the same form (a PDF with a PDF), else the first."""
    if not candidates:
        return None
    return next((m for m in candidates if m.report.form == form), candidates[0])


def link_batch(results: Iterator[FileResult], count: int, previous: list[Report], options: LintOptions,
               config: Config | None = None) -> Iterator[FileResult]:
    """A stream of results with the cross-report findings added. Those rules need the whole batch, so
    the stream is held only when one of them is selected and there is something to compare: two reports
    or more, or a --previous report; otherwise it passes through untouched, one result at a time."""
    ruleset = load_ruleset(options)
    if not any(r.compares_reports and options.wants(r.id) for r in ruleset) or (count < 2 and not previous):
        return results
    return iter(link_reports(list(results), previous, ruleset, options, config))


def link_reports(results: list[FileResult], previous: Iterable[Report], ruleset, options: LintOptions,
                 config: Config | None = None) -> list[FileResult]:
    """The batch's results with the cross-report rules' findings added (each file's findings re-sorted)."""
    config = config or Config()
    rules = [r for r in ruleset if r.compares_reports and options.wants(r.id)]
    if not rules:
        return results
    members = [_Member(r.report, i, _year(r.report)) for i, r in enumerate(results) if r.report is not None]
    members += [_Member(report, None, _year(report)) for report in previous]
    mapping = OrganMap.from_table(config.organs)
    names = []
    for member in members:
        info = member.report.data.get("report") if isinstance(member.report.data.get("report"), dict) else {}
        printed = organ_name(info)
        names.append(mapping.lookup(printed, config.path_matcher(member.report.path)) or printed)
    groups = group_by_organ(names)
    by_group: dict[int, list[_Member]] = {}
    for member, group in zip(members, groups):
        if group is not None and member.year is not None:
            by_group.setdefault(group, []).append(member)

    results = list(results)
    for group in by_group.values():
        for member in group:
            if member.index is None:
                continue
            others = {
                "previous": _pick([m for m in group if m.year == member.year - 1], member.report.form),
                "previous2": _pick([m for m in group if m.year == member.year - 2], member.report.form),
                # D10: a file met earlier in the batch is the one this file is compared with
                "twin": next((m for m in group if m.year == member.year and m.index is not None
                              and m.index < member.index), None),
            }
            found = _evaluate(member.report, {k: m.report for k, m in others.items() if m}, rules, options, config)
            if found:
                result = results[member.index]
                results[member.index] = replace(result, diagnostics=sorted(result.diagnostics + found,
                                                                           key=Diagnostic.sort_key))
    return results


def _evaluate(report: Report, others: dict[str, Report], rules: list, options: LintOptions,
              config: Config) -> list[Diagnostic]:
    if not others:
        return []
    data = {**report.data, **{name: other.data for name, other in others.items()}}
    combined = Report(data=data, source_map=report.source_map, path=report.path, form=report.form)
    ignored = config.ignored_rules_for(report.path)
    found = []
    for diagnostic in evaluate(combined, rules):
        if any(rule_matches(diagnostic.rule, selector) for selector in ignored):
            continue
        diagnostic.severity = options.severity_for(diagnostic.rule, diagnostic.severity)
        found.append(_name_other_files(diagnostic, report, others))
    return found


def _name_other_files(diagnostic: Diagnostic, report: Report, others: dict[str, Report]) -> Diagnostic:
    """Say in the message which file and which printed place each of the other report's cells is; the
    finding's own location stays in this report (its first cell that is in it)."""
    notes = []
    own = [c for c in diagnostic.cells if c.split("/")[1] not in OTHERS]
    for name, other in others.items():
        prefix = f"/{name}"
        cells = [c[len(prefix):] for c in diagnostic.cells if c.startswith(prefix + "/")]
        if not cells:
            continue
        places = []
        for pointer in cells:
            entry = other.source_map.get(pointer) or next(
                (e for key, e in other.source_map.items() if key.startswith(pointer + "/")), None)
            where = Location.from_source(other.path, entry).describe() if entry else other.path
            text = f"「{entry['text']}」" if entry and entry.get("text") else ""
            places.append(f"{where}{text}")
        notes.append(f"{OTHERS[name]}：{'；'.join(dict.fromkeys(places))}")
    if not notes:
        return diagnostic
    location = diagnostic.location
    if not own:   # every cell is in the other file: still reported on this file, at its start
        location = Location(file=report.path)
    return replace(diagnostic, message=f"{diagnostic.message}（{'；'.join(notes)}）", location=location)
