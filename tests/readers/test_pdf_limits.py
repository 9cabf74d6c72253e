"""The PDF reader's page limits (checker/readers/pdf.py): a page far beyond any report's is skipped with a
READ-PAGE finding naming it and the limit, the other pages are read, and the limits can be raised."""

from __future__ import annotations

import math
import random

from checker.readers import pdf
from checker.readers.pdf_layout import _Centres
from tests.support.tiny_pdf import HOSTILE, TEXT, pdf as tiny_pdf

MANY = b"BT /F1 1 Tf 10 10 Td (" + b"x" * 30_000 + b") Tj ET"


def _texts(document) -> list[str]:
    return [getattr(block, "text", "") for block in document.blocks]


def test_a_page_of_too_many_characters_is_skipped_and_named():
    document = pdf.read((HOSTILE / "limit-pdf-page-of-30000-characters.pdf").read_bytes(), "big.pdf")
    assert document.blocks == []
    [finding] = document.problems
    assert finding.rule == "READ-PAGE" and finding.location.page == 1 and finding.location.file == "big.pdf"
    assert "第1页" in finding.message and "30018 个字符" in finding.message and pdf.PAGE_CHARS_VARIABLE in finding.message


def test_the_other_pages_are_read():
    document = pdf.read(tiny_pdf(TEXT, TEXT + MANY, b"BT /F1 12 Tf 72 700 Td (page three) Tj ET"), "big.pdf")
    assert _texts(document) == ["Annual report 2021 page three"]
    assert [(p.rule, p.location.page) for p in document.problems] == [("READ-PAGE", 2)]


def test_too_much_content_is_skipped_before_it_is_parsed(monkeypatch):
    monkeypatch.setenv(pdf.PAGE_MB_VARIABLE, "0.5")
    document = pdf.read(tiny_pdf(TEXT, TEXT + b"0 0 m\n" * 100_000), "big.pdf")
    assert _texts(document) == ["Annual report 2021"]
    [finding] = document.problems
    assert finding.location.page == 2 and "0.6 MB" in finding.message and "0.5 MB" in finding.message


def test_the_limits_can_be_raised(monkeypatch):
    monkeypatch.setenv(pdf.PAGE_CHARS_VARIABLE, "40000")
    document = pdf.read(tiny_pdf(TEXT + MANY), "big.pdf")
    assert document.problems == [] and _texts(document)[1] == "x" * 30_000
    monkeypatch.setenv(pdf.PAGE_CHARS_VARIABLE, "not a number")       # the default, not an error
    assert [p.rule for p in pdf.read(tiny_pdf(TEXT + MANY), "big.pdf").problems] == ["READ-PAGE"]


def test_a_cell_finds_its_first_line_as_a_scan_of_every_character_does():
    rng = random.Random(5)
    for _ in range(200):
        chars = []
        for _ in range(rng.randint(0, 60)):
            top, x0 = rng.choice([rng.uniform(0, 100), float(rng.randint(0, 10)) * 10, math.nan]), rng.uniform(0, 100)
            chars.append({"top": top, "bottom": top + rng.choice([0, 5, 10]), "x0": x0, "x1": x0 + 5})
        box = tuple(sorted(rng.choice([rng.uniform(0, 100), float(rng.randint(0, 10)) * 10]) for _ in range(2)))
        box = (box[0], rng.uniform(0, 60), box[1], rng.choice([rng.uniform(40, 110), math.nan]))
        x0, top, x1, bottom = box
        scanned = min((c["top"] for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                       and top <= (c["top"] + c["bottom"]) / 2 <= bottom), default=top)
        found = _Centres(chars).text_top(box)
        assert found == scanned or (math.isnan(found) and math.isnan(scanned))
