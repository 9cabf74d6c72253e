"""`--format json`: one document for the whole run, in the stable shape documented in README.md
("## JSON output"). Bump SHAPE_VERSION on any change that could break a consumer; adding keys is not one."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from checker import __version__
from checker.diagnostics import Severity
from checker.summary import BatchFacts, Tally, exit_code, severity_totals, status_counts

if TYPE_CHECKING:
    from checker.lint import FileResult

SHAPE_VERSION = 1


def file_entry(result: "FileResult") -> dict[str, Any]:
    info = result.report.data.get("report", {}) if result.report is not None else {}
    error = None
    if result.error is not None:
        error = {"type": type(result.error).__name__, "message": result.error.message}
    return {
        "path": result.path,
        "status": result.status,
        "form": result.report.form if result.report is not None else None,
        "template": info.get("template"),
        "year": info.get("year"),
        "title": info.get("title"),
        "organ": info.get("organ"),
        "error": error,
        "findings": [d.to_dict() for d in result.diagnostics],
    }


def summary(results: list["FileResult"], fail_on: Severity, facts: BatchFacts | None = None) -> dict[str, Any]:
    """The totals; the exit code is the run's (`facts`), or that of these results when none is given."""
    code = facts.exit_code if facts is not None and facts.exit_code is not None else exit_code(results)
    return summary_of(len(results), severity_totals(results), status_counts(results), fail_on, code)


def summary_of(files: int, severities: Any, statuses: Any, fail_on: Severity, code: int) -> dict[str, Any]:
    return {
        "files": files,
        "findings": sum(severities.values()),
        "errors": severities[Severity.ERROR],
        "warnings": severities[Severity.WARNING],
        "infos": severities[Severity.INFO],
        "statuses": dict(statuses),
        "fail_on": fail_on.label,
        "exit_code": code,
    }


def document(results: list["FileResult"], options: Any, facts: BatchFacts | None = None) -> dict[str, Any]:
    fail_on = getattr(options, "fail_on", Severity.ERROR)
    return {
        "version": SHAPE_VERSION,
        "tool": {"name": "report-lint", "version": __version__},
        "files": [file_entry(r) for r in results],
        "summary": summary(results, fail_on, facts),
    }


def plain(value: Any) -> Any:
    """JSON's own values only: a number that is not finite (a huge printed cell read as float) becomes its
    text, since JSON has no Infinity or NaN; anything else that is not JSON (a date, a set) becomes text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def render(results: list["FileResult"], options: Any, stream: TextIO, facts: BatchFacts | None = None,
           **_: Any) -> None:
    stream.write(dumps(plain(document(results, options, facts))) + "\n")


def _indented(value: Any, prefix: str, first: str = "") -> str:
    """`value` as json.dump(…, indent=2) prints it nested under `prefix` (JSON strings hold no raw newline)."""
    try:
        text = dumps(value)
    except (TypeError, ValueError):   # a value JSON has no form for (∞, a date): as `render` writes it (plain)
        text = dumps(plain(value))
    return first + text.replace("\n", "\n" + prefix)


def dumps(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False), the same text, by orjson where it
    prints the same: text, integers, booleans and nulls. (The json module's indenting encoder is pure Python,
    some 75 µs a report entry, written after the batch's last result while the workers are done; orjson,
    some 10.) orjson writes a float's exponent its own way (1e16, not 1e+16) and a NaN as null, so any
    float goes to json; what orjson refuses (an integer past 64 bits, a lone surrogate from an undecodable
    file name, a key that is not text) too."""
    if _orjson_prints_it(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONEncodeError:
            pass
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


# What orjson prints as json does, by exact class (a subclass, a date, a float go to json, which is the reference)
_LEAVES = frozenset((str, int, bool, type(None)))


def _orjson_prints_it(value: Any) -> bool:
    """Whether `value` holds only text, integers, booleans and nulls in objects with text keys and arrays:
    what orjson prints as json does (a date, which orjson prints as ISO text, is json's to refuse). Walked
    with a stack, not by recursion: half the time, for each report's entry at the end of a batch."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = item.__class__
        if kind is dict:
            for key in item:
                if key.__class__ is not str:
                    return False
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind not in _LEAVES:
            return False
    return True


# The last report entry written out, and the report it is of (checker.output.render_one)
_last: tuple[Any, str] = (None, "")


def entry_text(result: "FileResult") -> str:
    """One report's entry as the Sink writes it into the document. The per-report guard of check_command
    renders each report before any output takes it: that text is kept for the one report last rendered, so
    the Sink writes it instead of rendering the same report again (a result is not changed on its way)."""
    global _last
    if _last[0] is result:
        return _last[1]
    text = _indented(file_entry(result), "    ", "    ")
    _last = (result, text)
    return text


class Sink:
    """The same document as `render`, byte for byte, written as the results arrive: the head, one entry
    per report, then the summary from the batch's running counts. Nothing of a report is kept."""

    def __init__(self, options: Any, stream: TextIO, facts: BatchFacts | None = None):
        self.stream, self.facts = stream, facts
        head = {"version": SHAPE_VERSION, "tool": {"name": "report-lint", "version": __version__}}
        stream.write(_indented(head, "")[:-2] + ',\n  "files": [')
        self.entries = 0

    def add(self, result: "FileResult") -> None:
        self.stream.write(("\n" if not self.entries else ",\n") + entry_text(result))
        self.entries += 1

    def close(self, counts: Tally) -> None:
        run = self.facts.exit_code if self.facts is not None and self.facts.exit_code is not None else None
        body = summary_of(counts.files, counts.severities, counts.statuses, counts.fail_on,
                          counts.exit_code if run is None else run)
        self.stream.write(("\n  ]" if self.entries else "]") + ',\n  "summary": ' + _indented(body, "  ") + "\n}\n")
