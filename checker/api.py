"""The Python API: check one report (a path or its bytes) with a rule set loaded once, and get back a
plain, picklable result with the fields of one `files[]` entry of `report-lint check --format json`.

This is what a distributed engine (Dask, Ray, Spark, a job queue) calls on its workers; the command line's
batch mode builds on the same pieces. A result holds only builtin types (str, int, None, lists and dicts),
so it crosses process and machine boundaries cheaply and `json.dumps(result.to_json())` is the JSON
output's entry, byte for byte:

    from checker import api

    rules = api.load_rules()                       # shipped packs (+ rule_paths=[...] for a province's own)
    result = api.check_path("2024年报/马渚镇.txt", rules)
    result.status                                  # "pass" | "warn" | "fail" | "unreadable"
    [f["rule"] for f in result.findings]           # each finding: rule, severity, title, message, location…

    api.check_bytes(raw, "马渚镇.txt", rules)       # the same from bytes (a database blob, an upload)

    for result in api.check_batch(paths, jobs=2):  # a batch, as `check` checks it: with the rules that
        ...                                        # compare reports (X1–X5, D10), in the order of paths

The rules that compare reports (the same organ's previous years, two files of one organ and year) need the
whole batch: `check_path` and `check_bytes` never run them (a report alone is not assessable for them),
`check_batch` does, exactly as `report-lint check` does. On a distributed engine, the workers call
`check_chunk(paths, packed=True)` and the caller passes every chunk's packed reports, in order, to `link`:

    packed = client.map(api.check_chunk, chunks, packed=True)        # Dask: each a list of api.Packed
    results = api.link(p for future in packed for p in future.result())

`options` (a `checker.lint.LintOptions`) selects rules and severities as the command line's options do;
`config` (a `checker.config.Config`) adds its per-path ignores. Whatever goes wrong with one report stays
with it: an unreadable report, or one that trips a bug, is a result with status "unreadable" and `error`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from checker import years
from checker.batch import check_one
from checker.config import Config
from checker.engine import RuleSet
from checker.lint import FileResult, LintOptions, load_ruleset
from checker.model import Report
from checker.readers import read_report
from checker.spill import Packed, pack, unpack_result

__all__ = ["CheckResult", "Packed", "load_rules", "check_path", "check_bytes", "check_paths", "check_batch",
           "check_chunk", "link", "to_result"]


@dataclass(frozen=True)
class CheckResult:
    """One report's outcome: the fields of one entry of the JSON output's `files[]`, in the same order."""

    path: str
    status: str                                   # pass | warn | fail | unreadable
    form: str | None = None                       # text, html, docx, pdf, markdown, json, yaml
    template: str | None = None                   # "2019" | "2021"
    year: int | None = None
    title: str | None = None
    organ: str | None = None
    error: dict[str, str] | None = None           # {"type": "InputError", "message": …} when unreadable
    findings: list[dict[str, Any]] = field(default_factory=list)   # Diagnostic.to_dict() each, sorted

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "form": self.form, "template": self.template,
                "year": self.year, "title": self.title, "organ": self.organ, "error": self.error,
                "findings": self.findings}


def load_rules(rule_paths: Iterable[str | Path] = (), options: LintOptions | None = None) -> RuleSet:
    """The shipped rule packs plus `rule_paths` (files or folders of *.yaml); load once, reuse for every
    report. Raises checker.errors.RuleError for a bad rule file."""
    return load_ruleset(_with_rule_paths(options, rule_paths))


def _with_rule_paths(options: LintOptions | None, rule_paths: Iterable[str | Path]) -> LintOptions:
    options = options or LintOptions()
    extra = [Path(p) for p in rule_paths]
    if extra:
        options = LintOptions(select=options.select, ignore=options.ignore, severity=options.severity,
                              fail_on=options.fail_on, rule_paths=[*options.rule_paths, *extra], cache=options.cache)
    return options


def to_result(result: FileResult) -> CheckResult:
    """The plain record of a FileResult (what the JSON renderer prints for it)."""
    info: dict[str, Any] = {}
    form = None
    if result.report is not None:
        info = result.report.data.get("report", {}) or {}
        form = result.report.form
    error = None
    if result.error is not None:
        error = {"type": type(result.error).__name__, "message": result.error.message}
    return CheckResult(path=result.path, status=result.status, form=form, template=info.get("template"),
                       year=info.get("year"), title=info.get("title"), organ=info.get("organ"), error=error,
                       findings=[d.to_dict() for d in result.diagnostics])


# The options and configuration of a call that gives none: made once, not per report (a Config() asks the
# operating system for the working folder). Never handed out, so never changed.
_DEFAULT_OPTIONS = LintOptions()
_DEFAULTS: list[Config] = []


def _default_config() -> Config:
    if not _DEFAULTS:
        _DEFAULTS.append(Config())
    return _DEFAULTS[0]


def check_path(path: str | Path, rules: RuleSet | None = None, options: LintOptions | None = None,
               config: Config | None = None) -> CheckResult:
    """Read and check one report file."""
    options = options or _DEFAULT_OPTIONS
    rules = rules if rules is not None else load_ruleset(options)
    return to_result(check_one(str(path), rules, options, config or _default_config()))


def check_bytes(data: bytes, name: str, rules: RuleSet | None = None, options: LintOptions | None = None,
                config: Config | None = None) -> CheckResult:
    """Check a report held in memory; `name` (its file name) is how findings and messages refer to it,
    and its suffix helps choose the reader when the content alone does not tell."""
    options = options or _DEFAULT_OPTIONS
    rules = rules if rules is not None else load_ruleset(options)
    return to_result(check_one(name, rules, options, config or _default_config(), raw=data))


def check_paths(paths: Iterable[str | Path], rules: RuleSet | None = None, options: LintOptions | None = None,
                config: Config | None = None) -> Iterator[CheckResult]:
    """Check reports one after another in this process (a worker's share of a batch), loading the rules
    once when none are given."""
    options = options or LintOptions()
    rules = rules if rules is not None else load_ruleset(options)
    for path in paths:
        yield check_path(path, rules, options, config)


def check_batch(paths: Iterable[str | Path], rule_paths: Iterable[str | Path] = (), options: LintOptions | None = None,
                config: Config | None = None, previous: Iterable[str | Path | Report] = (),
                jobs: int | None = 1) -> Iterator[CheckResult]:
    """Check a batch as `report-lint check` does, with the same findings: each report's own, and those of
    the rules comparing reports (the same organ's previous years — also in `previous`, report files read but
    not checked, like --previous — and two files of one organ and year). Results come in the order of
    `paths`; `jobs` worker processes (None: all cores). Memory does not grow with the batch: while those
    rules wait for the whole batch, the results wait in a temporary file (checker/spill.py). Raises
    checker.errors.InputError for an unreadable `previous` report, RuleError for a bad rule file."""
    options = _with_rule_paths(options, rule_paths)
    earlier = [p if isinstance(p, Report) else read_report(str(p)) for p in previous]
    for result in years.check_batch([str(p) for p in paths], earlier, options, config or Config(), jobs=jobs):
        yield to_result(result)


# A worker process's rule sets, by their extra rule paths: a distributed engine sends many chunks to the
# same worker, which loads the rules for the first and reuses them for the rest.
_WORKER_RULES: dict[tuple[str, ...], RuleSet] = {}


def check_chunk(paths: list[str], rule_paths: tuple[str, ...] = (), packed: bool = False) -> list[CheckResult] | list[Packed]:
    """Check a chunk of report files with the shipped rules plus `rule_paths`, loaded once per process.
    A plain module-level function, so a distributed engine can ship it to its workers by name:
    `client.map(api.check_chunk, chunks)` on Dask. With `packed`, each report comes back packed for `link`
    (its result and what the rules comparing reports read of it, compressed: a few kilobytes)."""
    key = tuple(str(p) for p in rule_paths)
    if key not in _WORKER_RULES:
        _WORKER_RULES[key] = load_rules(key)
    if not packed:
        return list(check_paths(paths, _WORKER_RULES[key]))
    options, config = LintOptions(), Config()
    return [pack(check_one(str(path), _WORKER_RULES[key], options, config), config) for path in paths]


def link(packed: Iterable[Packed], rule_paths: Iterable[str | Path] = (), options: LintOptions | None = None,
         config: Config | None = None, previous: Iterable[str | Path | Report] = ()) -> Iterator[CheckResult]:
    """The results of packed reports (`check_chunk(…, packed=True)`, every chunk of the batch, in order) with
    the findings of the rules comparing reports added: what `check_batch` gives for the same paths."""
    options = _with_rule_paths(options, rule_paths)
    earlier = [p if isinstance(p, Report) else read_report(str(p)) for p in previous]
    if not any(rule.compares_reports and options.wants(rule.id) for rule in load_ruleset(options)):
        for item in packed:
            yield to_result(unpack_result(item.result))
        return
    for result in years.link_packed(packed, earlier, options, config or Config()):
        yield to_result(result)
