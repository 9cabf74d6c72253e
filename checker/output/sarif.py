"""SARIF 2.1.0, the format GitHub code scanning and most review tools import.

Paths are relative URIs against %SRCROOT% (the working directory), so a log made in CI points at the
files of the checkout. A report that could not be read is not a result (no rule fired) but a tool
execution notification, and it marks the invocation as unsuccessful.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from checker import __version__
from checker.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from checker.lint import FileResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative, percent-encoded URI (Chinese file names included) when the file is under the cwd."""
    if path == "-":  # standard input
        return "-"
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    if relative.startswith(".."):
        return Path(absolute).as_uri()
    return quote(Path(relative).as_posix())


def _physical_location(path: str, diagnostic: Diagnostic | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path), "uriBaseId": "%SRCROOT%"}}
    where = diagnostic.location if diagnostic else None
    if where and where.line is not None:
        region: dict[str, Any] = {"startLine": where.line}
        if where.column is not None:
            region["startColumn"] = where.column
        if where.text:
            region["snippet"] = {"text": where.text}
        location["region"] = region
    return location


def _fingerprint(path: str, diagnostic: Diagnostic) -> str:
    # Stable across line shifts, like the baseline: report, rule and cells.
    key = "\x1f".join([Path(path).as_posix(), diagnostic.rule, *sorted(diagnostic.cells)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(path: str, diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    properties = {"cells": list(diagnostic.cells), "suspect": diagnostic.suspect,
                  "expected": diagnostic.expected, "actual": diagnostic.actual}
    if diagnostic.suggestion:
        properties["suggestion"] = diagnostic.suggestion
    if diagnostic.location.page is not None:
        properties["page"] = diagnostic.location.page
    return {
        "ruleId": diagnostic.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": _physical_location(path, diagnostic)}],
        "partialFingerprints": {"reportLintFinding/v1": _fingerprint(path, diagnostic)},
        "properties": properties,
    }


def build_log(results: list["FileResult"]) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    sarif_results = []
    for result in results:
        for diagnostic in result.diagnostics:
            if diagnostic.rule not in rule_index:
                rule_index[diagnostic.rule] = len(rules)
                descriptor: dict[str, Any] = {"id": diagnostic.rule,
                                              "defaultConfiguration": {"level": LEVELS[diagnostic.severity]}}
                if diagnostic.title:
                    descriptor["name"] = diagnostic.rule
                    descriptor["shortDescription"] = {"text": diagnostic.title}
                rules.append(descriptor)
            sarif_results.append(_result(result.path, diagnostic, rule_index[diagnostic.rule]))

    notifications = [{
        "level": "error",
        "message": {"text": result.error.message},
        "locations": [{"physicalLocation": _physical_location(result.path)}],
    } for result in results if result.error is not None]

    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "report-lint", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    json.dump(build_log(results), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
