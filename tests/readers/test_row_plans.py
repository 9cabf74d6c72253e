"""The assembler's fast paths for the usual rows (a table-三 row read by its label's plan, a table-二 row by
its texts' plan, a table-四 row of fifteen numbers) read every row exactly as the full path does: the same
model, source map and reader findings, with the fast paths on and off, on the examples, the corpus's text
reports, generated reports of both templates and reports with misprinted, short and padded rows. A text
report's tables are read as printed (texts and places, no TextCells: document.PrintedTable) and read the same
as their cells; a row that files nothing, read from its step (assemble_steps), reads as it does in full."""

from __future__ import annotations

import sys
from pathlib import Path


import pytest

from checker import assemble_rows, assemble_steps, assemble_tables, labels
from checker.assemble import build_report
from checker.document import PrintedTable
from checker.readers import choose_reader, read_bytes
from tests.support.samples import linxi_2022
from tests.support.wordtext import render

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_reports import make_batch  # noqa: E402
FAST_PATHS = ("_numbered_application_row", "_planned_disclosure_row", "_numbers_review_row")


def _read(raw: bytes, name: str, cells: bool = False) -> tuple:
    """The model, source map and findings of a report; `cells`: its tables read as TextCells."""
    if not cells:
        report = read_bytes(raw, name)
    else:
        spec = choose_reader(raw, name)
        document = spec.read(raw, name)
        for block in document.blocks:
            if isinstance(block, PrintedTable):
                assert block.printed is not None and block.rows is not None and block.printed is None
        report = build_report(document, path=name, form=spec.name)
    return report.to_json(), [d.to_dict() for d in report.problems]


def _variants() -> list[tuple[str, bytes]]:
    linxi = render(linxi_2022())
    edits = {
        "misprinted": ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        "short disclosure row": ("\t规章\n", "\t规章\n\t\n"),
        "padding": ("\t行政许可\n", "\t行政许可\n\t\n\t\n"),
        "a value too many": ("\t规章\n", "\t规章\n\t7\n"),
    }
    variants = []
    for name, (old, new) in edits.items():
        assert old in linxi, old
        variants.append((f"{name}.txt", linxi.replace(old, new, 1).encode("utf-8")))
    return variants


def _reports(tmp_path: Path) -> list[tuple[str, bytes]]:
    make_batch(tmp_path, count=40, seed=5, suffixes=(".txt",), defect_share=0.5, warning_share=0.3)
    paths = [*sorted(tmp_path.glob("*/*.txt")), *sorted((ROOT / "examples").glob("*.txt")),
             *sorted((ROOT / "tests" / "data" / "wild").glob("*.txt"))]
    return [(str(p), p.read_bytes()) for p in paths if p.parent.name != "unreadable"] + _variants()


def test_the_fast_paths_read_every_row_as_the_full_path(tmp_path, monkeypatch):
    reports = _reports(tmp_path)
    assert len(reports) > 40
    assemble_steps.STEPS.clear()
    assemble_steps._SEEN.clear()
    fast = [_read(raw, name) for name, raw in reports]
    again = [_read(raw, name) for name, raw in reports]    # rows seen before: from their steps
    assert sum(step is not None for step in assemble_steps.STEPS.values()) >= 20
    fast_cells = [_read(raw, name, cells=True) for name, raw in reports]
    for method in FAST_PATHS:
        monkeypatch.setattr(assemble_tables.TableReader, method, lambda self, texts, places, row: False)
    monkeypatch.setattr(assemble_tables, "read_row", lambda tables, texts, read: read())
    assemble_rows.LABEL_PLANS.clear()
    assemble_rows.DISCLOSURE_ROW_PLANS.clear()
    full = [_read(raw, name) for name, raw in reports]
    full_cells = [_read(raw, name, cells=True) for name, raw in reports]
    for (name, _), *readings in zip(reports, fast, again, fast_cells, full, full_cells):
        assert all(reading == readings[0] for reading in readings), name


@pytest.mark.parametrize("digits", ["0", "3", "12", "00000000", "10203040", "99999999", "3" * 15])
def test_numbers_alone_name_no_table_row(digits):
    """What _numbers_review_row relies on: a row of numbers opens no table and names no table-三 row."""
    assert labels.opens_table("") is None
    assert labels.application_row(digits, None) == (None, None)
