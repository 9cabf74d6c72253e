"""Fixtures for the batch, configuration, baseline and output tests.

Results are built by hand from the FileResult fields the lint API promises (path, report, diagnostics,
error, status), so the renderers are tested apart from the rule engine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checker.diagnostics import Diagnostic, Location, Severity
from checker.errors import InputError
from checker.lint import FileResult
from checker.model import Report

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

sys.path.insert(0, str(ROOT / "benchmarks"))


def diagnostic(rule: str = "R1", severity: Severity = Severity.ERROR, message: str = "本列不平衡：9 + 0 ≠ 8 + 0",
               file: str = "reports/东湖镇.txt", line: int | None = 118, column: int | None = 2, page: int | None = None,
               cells: tuple[str, ...] = ("/applications/new_received/natural_person",
                                         "/applications/results/total/natural_person"),
               suspect: str | None = "/applications/results/total/natural_person", text: str | None = "8",
               title: str | None = "本列数据：第一项加第二项之和，等于第三项加第四项之和") -> Diagnostic:
    return Diagnostic(rule=rule, severity=severity, message=message,
                      location=Location(file=file, line=line, column=column, page=page, text=text),
                      cells=list(cells), suspect=suspect, expected=9 if cells else None, actual=8 if cells else None,
                      title=title)


def report(path: str = "reports/东湖镇.txt", lines: list[str] | None = None) -> Report:
    source_map = {"/applications/results/total/natural_person": {"line": 118, "column": 2, "page": None, "text": "8"},
                  "/applications/new_received/natural_person": {"line": 60, "column": 2, "page": None, "text": "9"}}
    data = {"report": {"title": "东湖镇人民政府2023年政府信息公开工作年度报告", "year": 2023, "template": "2021"}}
    return Report(data=data, source_map=source_map, path=path, form="text",
                  lines=lines if lines is not None else [f"line {n}" for n in range(1, 130)])


def file_result(path: str = "reports/东湖镇.txt", diagnostics: list[Diagnostic] | None = None,
                error: InputError | None = None, with_report: bool = True) -> FileResult:
    return FileResult(path=path, report=report(path) if with_report and error is None else None,
                      diagnostics=list(diagnostics or []), error=error)


@pytest.fixture
def mixed_results() -> list[FileResult]:
    """One report of each status, with Chinese text, a PDF page location and characters that need escaping."""
    return [
        file_result("reports/东湖镇.txt", [diagnostic(), diagnostic("R3", message="行合计 5 ≠ 4, <b>&\"'")]),
        file_result("reports/江北区.txt", [diagnostic("H4", Severity.WARNING, "第一部分超过一千字", line=12, cells=(),
                                                     suspect=None, title="总体情况篇幅")]),
        file_result("reports/临河县.pdf", [diagnostic("R4", line=None, column=None, page=3,
                                                     cells=("/review_litigation/review/total",),
                                                     suspect="/review_litigation/review/total",
                                                     message="行政复议总计 0 ≠ 10 + 1 + 0 + 0", title="行政复议合计")]),
        file_result("reports/clean.json", []),
        file_result("reports/broken.docx", error=InputError("reports/broken.docx", "is not a valid DOCX (zip) file")),
    ]


# Reports in the forms the generator does not write (Word, web page, Markdown, flattened HTML text, PDF),
# from the readers' committed fixtures: consistent reports that must pass, a scan with no text layer that
# fails (READ-NO-TEXT), and an encrypted PDF that cannot be read.
FORM_FIXTURES = {"same-2019.docx": "pass", "same-2021.docx": "pass", "same-2021.html": "pass",
                 "same-2021-word.html": "pass", "same-2021.md": "pass", "same-2021-flat.txt": "pass",
                 "same-2021.pdf": "pass", "pdf-unruled-2019.pdf": "pass", "pdf-scanned.pdf": "fail",
                 "pdf-encrypted.pdf": "unreadable"}


def other_forms() -> dict[str, tuple[bytes, str]]:
    forms = ROOT / "tests" / "data" / "forms"
    return {f"forms/{name}": ((forms / name).read_bytes(), status) for name, status in FORM_FIXTURES.items()}
