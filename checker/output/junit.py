"""JUnit XML, for CI servers (GitLab, Jenkins) that show test reports: one test case per report.

A report fails its test case when it has a finding at or above the fail level; all its findings go into
one <failure> so the CI page lists them together. Findings below the fail level go to <system-out>.
An unreadable report is an <error>, which CI servers show apart from failures.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from checker.diagnostics import Diagnostic, Severity
from checker.summary import STATUS_CHINESE

if TYPE_CHECKING:
    from checker.lint import FileResult


def _line(diagnostic: Diagnostic) -> str:
    where = diagnostic.location.describe()
    return f"{where}: {diagnostic.severity.chinese} {diagnostic.rule} {diagnostic.message}".strip()


def build_tree(results: list["FileResult"], fail_on: Severity) -> ET.ElementTree:
    suite = ET.Element("testsuite", name="report-lint")
    failures = errors = 0
    for result in results:
        case = ET.SubElement(suite, "testcase", name=result.path,
                             classname=f"report-lint.{Path(result.path).suffix.lstrip('.') or 'report'}",
                             file=result.path)
        if result.error is not None:
            errors += 1
            element = ET.SubElement(case, "error", message=f"{STATUS_CHINESE[result.status]}：{result.error.message}",
                                    type=result.status)
            element.text = str(result.error)
        failing = [d for d in result.diagnostics if d.severity >= fail_on]
        if failing:
            failures += 1
            rules = sorted({d.rule for d in failing})
            element = ET.SubElement(case, "failure", type=",".join(rules),
                                    message=f"{len(failing)} 个{fail_on.chinese}及以上级别的问题：{'、'.join(rules)}")
            element.text = "\n".join(_line(d) for d in failing)
        below = [d for d in result.diagnostics if d.severity < fail_on]
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(_line(d) for d in below)
    suite.set("tests", str(len(results)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    root = ET.Element("testsuites", name="report-lint", tests=str(len(results)),
                      failures=str(failures), errors=str(errors))
    root.append(suite)
    return ET.ElementTree(root)


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    tree = build_tree(results, getattr(options, "fail_on", Severity.ERROR))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree.getroot(), encoding="unicode"))
    stream.write("\n")
