"""A baseline: the findings a supervisor has already seen, so a re-check shows only what is new.

A finding is identified by the report it is in, its rule and the cells it names, not by its message or
line: after a clerk corrects one cell the numbers in other messages change and lines shift, but an old
finding that still stands keeps its report, rule and cells. Each entry has a `reason` the supervisor can
fill in ("已向单位核实，系上年口径"); writing the baseline again keeps the reasons already given.

Report paths are stored relative to the baseline file's folder, so the baseline travels with the reports.
Identical entries are counted, not collapsed: two findings of one rule about the same cells need two
entries to be both silenced.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from checker.diagnostics import Diagnostic
from checker.errors import ConfigError

if TYPE_CHECKING:
    from checker.lint import FileResult

FORMAT_VERSION = 1


@dataclass(frozen=True)
class FindingKey:
    report: str                 # posix path relative to the baseline's folder
    rule: str
    cells: tuple[str, ...]      # sorted JSON Pointers


def _report_key(report_path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(os.path.abspath(report_path), base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(os.path.abspath(report_path)).as_posix()


def finding_key(report_path: str, diagnostic: Diagnostic, base: Path) -> FindingKey:
    return FindingKey(_report_key(report_path, base), diagnostic.rule, tuple(sorted(diagnostic.cells)))


@dataclass
class Baseline:
    path: Path
    counts: Counter           # FindingKey → how many findings it silences
    reasons: dict[FindingKey, str]

    @property
    def base(self) -> Path:
        return self.path.resolve().parent

    def filter(self, results: Iterable["FileResult"]) -> tuple[list["FileResult"], int]:
        """Drop findings the baseline covers; return the new results and how many findings were dropped."""
        filtered, dropped = [], 0
        for _, kept, count in self.filter_each(results):
            filtered.append(kept)
            dropped += count
        return filtered, dropped

    def filter_each(self, results: Iterable["FileResult"]) -> Iterator[tuple["FileResult", "FileResult", int]]:
        """(result, the result less the findings the baseline covers, how many were dropped), one report at a
        time, so a batch can stream through the baseline."""
        remaining = Counter(self.counts)
        base = self.base
        for result in results:
            kept = []
            for diagnostic in result.diagnostics:
                key = finding_key(result.path, diagnostic, base)
                if remaining[key] > 0:
                    remaining[key] -= 1
                else:
                    kept.append(diagnostic)
            dropped = len(result.diagnostics) - len(kept)
            yield result, (replace(result, diagnostics=kept) if dropped else result), dropped


def load_baseline(path: str | Path) -> Baseline:
    path = Path(path)
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(name, "找不到基线文件，可用 --write-baseline 生成（baseline file not found (create it with --write-baseline)）") from None
    except OSError as exc:
        raise ConfigError(name, f"基线文件无法读取（baseline cannot be read: {exc.strerror or exc}）") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(name, f"不是 report-lint 的基线文件（is not a report-lint baseline (not valid JSON: {exc})）") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(name, "不是 report-lint 的基线文件（is not a report-lint baseline (expected an object with a 'findings' list)）")
    if data.get("version") != FORMAT_VERSION:
        raise ConfigError(name, f"不支持的基线版本（baseline version {data.get('version')!r} is not supported (expected {FORMAT_VERSION})）")
    counts: Counter = Counter()
    reasons: dict[FindingKey, str] = {}
    for index, entry in enumerate(data["findings"]):
        if not (isinstance(entry, dict) and isinstance(entry.get("report"), str) and isinstance(entry.get("rule"), str)
                and isinstance(entry.get("cells", []), list)
                and all(isinstance(cell, str) for cell in entry.get("cells", []))):
            raise ConfigError(name, f"基线第 {index + 1} 条不完整（baseline entry {index + 1} needs 'report' and 'rule' strings and a 'cells' list）")
        key = FindingKey(entry["report"], entry["rule"], tuple(sorted(entry.get("cells", []))))
        counts[key] += 1
        if entry.get("reason"):
            reasons[key] = str(entry["reason"])
    return Baseline(path, counts, reasons)


def write_baseline(path: str | Path, results: Iterable["FileResult"]) -> int:
    """Record every finding of `results`; keep the reasons of an existing baseline at the same path."""
    path = Path(path)
    base = path.resolve().parent
    previous_reasons = load_baseline(path).reasons if path.exists() else {}
    entries = []
    for result in results:
        for diagnostic in result.diagnostics:
            key = finding_key(result.path, diagnostic, base)
            entries.append({
                "report": key.report,
                "rule": key.rule,
                "cells": list(key.cells),
                "message": diagnostic.message,   # for the reader of the file; not used to match
                "reason": previous_reasons.get(key, ""),
            })
    entries.sort(key=lambda e: (e["report"], e["rule"], e["cells"]))
    document = {
        "version": FORMAT_VERSION,
        "tool": "report-lint",
        "note": "Findings recorded here are not shown again with --baseline. Fill in 'reason' to say why each is accepted.",
        "findings": entries,
    }
    try:
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), f"基线文件无法写入（baseline cannot be written: {exc.strerror or exc}）") from None
    return len(entries)
