"""A checked report's result as plain values (tuples, lists, numbers, text) for its trip from a worker through
a batch's temporary file (checker/spill.py), and the same result rebuilt from them.

Pickled as objects, a result cost a worker some 13 µs to pickle and the batch's process 16 µs to unpickle
(each class found by name, a dictionary of attributes for each object, the severity enum called), about a
third of what that process spends on each report. As plain values: 6 and 8. A result comes back as pickle
would rebuild it: each object's fields set in their order, its __init__ not called. The fields are taken
from the classes, so a field added to one travels too.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any

from checker.diagnostics import Diagnostic, Location, Severity
from checker.lint import FileResult
from checker.model import Report


class _Shape:
    """A dataclass as the tuple of its fields' values, in their order, and back."""

    def __init__(self, cls: type):
        self.cls = cls
        self.names = tuple(field.name for field in fields(cls))
        self.values = attrgetter(*self.names)   # several names: a tuple
        self.at = {name: index for index, name in enumerate(self.names)}

    def build(self, values) -> Any:
        thing = self.cls.__new__(self.cls)
        thing.__dict__.update(zip(self.names, values))
        return thing


_RESULT, _REPORT, _FINDING, _LOCATION = (_Shape(cls) for cls in (FileResult, Report, Diagnostic, Location))
_SEVERITIES = {severity.value: severity for severity in Severity}
_SEVERITY, _PLACE = _FINDING.at["severity"], _FINDING.at["location"]
_OWN_REPORT, _FINDINGS, _FAIL_ON = _RESULT.at["report"], _RESULT.at["diagnostics"], _RESULT.at["fail_on"]
_PROBLEMS = _REPORT.at["problems"]


def result_values(result: FileResult, report_changes: dict[str, Any] | None = None) -> tuple:
    """`result` as plain values, its report's fields changed as `report_changes` says (for_the_trip's)."""
    values = list(_RESULT.values(result))
    report = result.report
    if report is not None:
        values[_OWN_REPORT] = _report_values(report, report_changes or {})
    values[_FINDINGS] = [_finding_values(finding) for finding in result.diagnostics]
    values[_FAIL_ON] = _severity_value(result.fail_on)
    return tuple(values)


def result_from(values: tuple) -> FileResult:
    values = list(values)
    if values[_OWN_REPORT] is not None:
        report = list(values[_OWN_REPORT])
        report[_PROBLEMS] = [_finding_from(problem) for problem in report[_PROBLEMS]]
        values[_OWN_REPORT] = _REPORT.build(report)
    values[_FINDINGS] = [_finding_from(finding) for finding in values[_FINDINGS]]
    values[_FAIL_ON] = _severity_from(values[_FAIL_ON])
    return _RESULT.build(values)


def _report_values(report: Report, changes: dict[str, Any]) -> list:
    values = list(_REPORT.values(report))
    for name, value in changes.items():
        values[_REPORT.at[name]] = value
    values[_PROBLEMS] = [_finding_values(problem) for problem in values[_PROBLEMS]]
    return values


def _finding_values(finding: Diagnostic) -> Any:
    """A finding as a list of its fields (its location a tuple); anything else as it is (pickled as such)."""
    if type(finding) is not Diagnostic:
        return finding
    values = list(_FINDING.values(finding))
    values[_SEVERITY] = _severity_value(values[_SEVERITY])
    if type(values[_PLACE]) is Location:
        values[_PLACE] = _LOCATION.values(values[_PLACE])
    return values


def _finding_from(values: Any) -> Any:
    if type(values) is not list:
        return values
    values[_SEVERITY] = _severity_from(values[_SEVERITY])
    if type(values[_PLACE]) is tuple:
        values[_PLACE] = _LOCATION.build(values[_PLACE])
    return _FINDING.build(values)


def _severity_value(severity: Any) -> Any:
    return severity.value if type(severity) is Severity else severity


def _severity_from(value: Any) -> Any:
    return _SEVERITIES.get(value, value) if type(value) is int else value
