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

from array import array
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable, Iterator

from checker.batch import iter_batch, iter_packed
from checker.config import Config, rule_matches
from checker.diagnostics import Diagnostic, Location
from checker.engine import evaluate
from checker.guard import Limits
from checker.lint import FileResult, LintOptions, load_ruleset
from checker.model import Report

# The spill (pickle, zlib, tempfile) and the grouping by organ are loaded when reports are compared; a check
# of one report never is.
if TYPE_CHECKING:
    from checker.spill import Packed, Spill

# the names under which the other reports are given to a rule, and how a message calls each
OTHERS = {"previous": "上一年度报告", "previous2": "前两年度报告", "twin": "同一年度的另一份文件"}


def _comparing(ruleset, options: LintOptions) -> list:
    return [rule for rule in ruleset if rule.compares_reports and options.wants(rule.id)]


def check_batch(paths: list[str], previous: list[Report], options: LintOptions, config: Config,
                jobs: int | None = None, on_done=None, limits: Limits = Limits(),
                lines: bool = True) -> Iterator[FileResult]:
    """Every path checked (checker.batch), in order, with the cross-report findings added. Those rules need
    the whole batch, so the stream is held (on disk, checker/spill.py) only when one of them is selected and
    there is something to compare: two reports or more, or a --previous report; otherwise each result
    streams through as soon as it is ready. `lines`: whether an output prints code frames (checker.batch)."""
    if not _comparing(load_ruleset(options), options) or (len(paths) < 2 and not previous):
        return iter_batch(paths, options, config, jobs, on_done, limits, lines)
    return link_packed(iter_packed(paths, options, config, jobs, on_done, limits, lines, every_record=bool(previous)),
                       previous, options, config)


def link_batch(results: Iterable[FileResult], count: int, previous: list[Report], options: LintOptions,
               config: Config | None = None) -> Iterator[FileResult]:
    """check_batch's linking for results already checked (a FileResult each): the same findings."""
    if not _comparing(load_ruleset(options), options) or (count < 2 and not previous):
        return iter(results)
    from checker.organs import OrganMap
    from checker.spill import pack

    config = config or Config()
    mapping = OrganMap.from_table(config.organs)
    return link_packed((pack(result, config, mapping) for result in results), previous, options, config)


_NO_YEAR = -(2 ** 62)


def link_packed(packed: Iterable[Packed], previous: Iterable[Report], options: LintOptions,
                config: Config | None = None) -> Iterator[FileResult]:
    """The batch's results, in order, with the cross-report rules' findings added (each file's findings
    re-sorted). The packed reports go to a temporary file as they come; this process keeps a few numbers a
    report (where its blobs are, its year, its organ's group), so memory does not grow with the batch."""
    from checker.spill import Spill

    config = config or Config()
    rules = _comparing(load_ruleset(options), options)
    with Spill() as spill:
        yield from _link(spill, packed, previous, rules, options, config)


def _link(spill: Spill, packed: Iterable[Packed], previous: Iterable[Report], rules: list,
          options: LintOptions, config: Config) -> Iterator[FileResult]:
    from checker.organs import OrganMap, group_by_organ
    from checker.spill import organ_of, pack_record, unpack_record, unpack_result, year_of

    result_keys = array("q")
    # by member: the batch's reports first (member i is result i), then the --previous ones
    records, years, forms, names = array("q"), array("q"), [], []
    spelling: dict[str, str] = {}   # one string per organ name, however many reports print it
    sizes, times = array("q"), array("q")   # a member packed without its record: its file's stamp (else -1)

    def add_member(record: bytes | None, organ: str | None, year: int | None, form: str | None,
                   stamp: tuple[int, int] | None = None) -> None:
        size, time = stamp if record is None and stamp is not None else (-1, -1)
        sizes.append(size)
        times.append(time)
        records.append(-1 if record is None else spill.add(record))
        years.append(_NO_YEAR if year is None else year)
        forms.append(form)
        names.append(spelling.setdefault(organ, organ) if organ and (record is not None or stamp) else None)

    for item in packed:
        result_keys.append(spill.add(item.result))
        add_member(item.record, item.organ, item.year, item.form, item.stamp)
    count = len(result_keys)
    mapping = OrganMap.from_table(config.organs)
    for report in previous:
        add_member(pack_record(report), organ_of(report, config, mapping), year_of(report), report.form)

    distinct = list(spelling)
    group_of_name = dict(zip(distinct, group_by_organ(distinct)))
    del distinct, spelling
    groups: dict[int, array] = {}
    for member, name in enumerate(names):
        if name is not None and years[member] != _NO_YEAR:
            groups.setdefault(group_of_name[name], array("q")).append(member)
    group_of = {}   # member → its group's members, only for a group of two or more: the rest compare nothing
    for members in groups.values():
        if len(members) > 1:
            for member in members:
                group_of[member] = members
    del names, groups, group_of_name

    def record_of_member(member: int) -> Report | None:
        """The member's record: as packed, or read again from its file (then kept in the spill)."""
        if records[member] < 0 and sizes[member] >= 0:   # only a report of the batch goes without one
            path = unpack_result(spill.get(result_keys[member])).path
            found = _read_again(path, (sizes[member], times[member]), years[member], options, config)
            sizes[member] = -1   # read once
            if found is not None:
                records[member] = spill.add(pack_record(found))
        return unpack_record(spill.get(records[member])) if records[member] >= 0 else None

    for index in range(count):
        result = unpack_result(spill.get(result_keys[index]))
        members = group_of.get(index)
        if members is not None:
            year, form = years[index], forms[index]
            chosen = {
                "previous": _pick([m for m in members if years[m] == year - 1], forms, form),
                "previous2": _pick([m for m in members if years[m] == year - 2], forms, form),
                # D10: a file met earlier in the batch is the one this file is compared with
                "twin": next((m for m in members if years[m] == year and m < index), None),
            }
            others = {name: other for name, m in chosen.items()
                      if m is not None and (other := record_of_member(m)) is not None}
            record = record_of_member(index) if others else None
            if record is not None:
                found = _evaluate(record, others, rules, options, config)
                if found:
                    result = _with_findings(result, found, record)
        yield result


def _read_again(path: str, stamp: tuple[int, int], year: int, options: LintOptions, config: Config) -> Report | None:
    """The record of a report packed without it (checker/record_policy.py), read again from its file as the
    check read it: None when the file has changed since (its size or modification time, or its year), and
    the report is then compared with none."""
    from checker.deadlines import complete_facts
    from checker.errors import InputError
    from checker.readers import read_report
    from checker.spill import file_stamp, record_of, year_of

    if file_stamp(path) != stamp:
        return None
    try:
        report = read_report(path)
    except InputError:
        return None
    complete_facts(report, config, options.published)
    return record_of(report) if (year_of(report) or _NO_YEAR) == year else None


def _pick(candidates: list[int], forms: list, form: str | None) -> int | None:
    """Of several files for one year, the one in the same form (a PDF with a PDF), else the first."""
    if not candidates:
        return None
    return next((m for m in candidates if forms[m] == form), candidates[0])


def _with_findings(result: FileResult, found: list[Diagnostic], record: Report) -> FileResult:
    """The result with the cross-report findings among its own, and the source of every cell they name
    (as for_the_trip keeps it for the findings a worker made)."""
    diagnostics = sorted(result.diagnostics + found, key=Diagnostic.sort_key)
    report = result.report
    if report is not None:
        named = {cell for d in diagnostics for cell in (*d.cells, d.suspect) if cell}
        report = replace(report, source_map={c: e for c, e in record.source_map.items() if c in named})
    return replace(result, report=report, diagnostics=diagnostics)


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
