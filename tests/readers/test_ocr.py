"""Scanned reports read by OCR (issue 13): the three real PDFs of tests/data/corpus rendered here as
image-only PDFs (pypdfium2 renders each page, Pillow saves the pictures as a PDF: no text layer), at 150
and 200 dpi, and once turned by a fraction of a degree with noise added, as a scanner leaves them.

For every rendering: at least 99% of the cells of tables 二, 三 and 四 are read right, and a cell that is
not right is blank with a READ-OCR finding naming it (a digit is never guessed). At 150 dpi `check` gives
the same findings as on the text PDFs. Each rendering is read once per session (the OCR is the slow part:
see the README for its cost per page).
"""

from __future__ import annotations

import io
import socket
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from checker.lint import LintOptions, lint_report, load_ruleset
from checker.model import Report
from checker.readers import ocr, ocr_engine, ocr_page, pdf, read_bytes, read_report
from tests.support.corpus import CORPUS, leaves, truth_of

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
STEMS = ("2023-hongzequ-renmin-zhengfu", "2024-hongzequ-renmin-zhengfu", "2024-huaianshi-renmin-zhengfu")
TABLES = ("active_disclosure", "applications", "review_litigation")
# (stem, dpi, degrees turned, noise, whole report or only its table pages): the Done-when renderings.
# The 150 dpi scans are whole, for `check`; the others only need their tables, and OCR is what costs.
Rendering = tuple[str, int, float, float, bool]
RENDERINGS: list[Rendering] = [(stem, 150, 0.0, 0.0, True) for stem in STEMS] + \
    [(stem, 200, 0.0, 0.0, False) for stem in STEMS] + [("2023-hongzequ-renmin-zhengfu", 200, 0.6, 10.0, False)]


def _id(rendering: Rendering) -> str:
    stem, dpi, turn, noise, whole = rendering
    return f"{stem}-{dpi}dpi" + ("-turned-noisy" if turn or noise else "") + ("" if whole else "-tables")


def _table_pages(stem: str) -> set[int]:
    """The pages on which the text PDF prints tables 二, 三 and 四."""
    pages = [entry["page"] for ptr, entry in text_report(stem).source_map.items() if ptr.startswith(
        tuple(f"/{t}/" for t in TABLES))]
    return set(range(min(pages), max(pages) + 1))


def _pictures(stem: str, dpi: int, turn: float, noise: float, whole: bool = True) -> Iterator[Image.Image]:
    document = pypdfium2.PdfDocument(CORPUS / f"{stem}.pdf")
    wanted = set(range(1, len(document) + 1)) if whole else _table_pages(stem)
    try:
        for index in range(len(document)):
            if index + 1 not in wanted:
                continue
            picture = document[index].render(scale=dpi / 72).to_pil().convert("L")
            if turn:
                picture = picture.rotate(turn, resample=Image.BICUBIC, fillcolor=255)
            if noise:
                pixels = np.asarray(picture, dtype=np.float64)
                pixels += np.random.default_rng(index).normal(0.0, noise, pixels.shape)   # seeded: deterministic
                picture = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            yield picture
    finally:
        document.close()


@lru_cache(maxsize=None)
def scanned_pdf(stem: str, dpi: int, turn: float = 0.0, noise: float = 0.0, whole: bool = True) -> bytes:
    """The report as a scan: one picture per page, saved as a PDF with no text layer."""
    first, *rest = list(_pictures(stem, dpi, turn, noise, whole))
    out = io.BytesIO()
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=dpi)
    return out.getvalue()


@lru_cache(maxsize=None)
def ocr_report(rendering: Rendering) -> Report:
    return read_bytes(scanned_pdf(*rendering), f"{_id(rendering)}.pdf")


@lru_cache(maxsize=None)
def text_report(stem: str) -> Report:
    return read_report(CORPUS / f"{stem}.pdf")



def _get(data: dict[str, Any], pointer: str) -> Any:
    node: Any = data
    for part in pointer.strip("/").split("/"):
        if not isinstance(node, dict) or part not in node:
            return "<missing>"
        node = node[part]
    return node


def test_a_rendering_has_no_text_layer():
    import pdfplumber

    with pdfplumber.open(io.BytesIO(scanned_pdf(STEMS[0], 150))) as pdf:
        assert len(pdf.pages) == 5 and not any(page.chars for page in pdf.pages)


@pytest.mark.parametrize("rendering", RENDERINGS, ids=_id)
def test_cells_are_right_or_flagged(rendering):
    """≥ 99% of the cells right; every other one blank, with READ-OCR on it. Every OCR'd cell carries
    its page, box and confidence."""
    stem = rendering[0]
    truth = truth_of(stem)
    report = ocr_report(rendering)
    flagged = {ptr for p in report.problems if p.rule == "READ-OCR" for ptr in p.cells}
    cells = [(ptr, value) for table in TABLES for ptr, value in leaves(truth[table], f"/{table}")]
    right = [ptr for ptr, value in cells if _get(report.data, ptr) == value]
    wrong = [(ptr, value, _get(report.data, ptr)) for ptr, value in cells
             if _get(report.data, ptr) != value and not (ptr in flagged and _get(report.data, ptr) is None)]
    assert wrong == []
    assert len(right) >= 0.99 * len(cells), sorted(flagged)
    for ptr, _ in cells:
        entry = report.source_map[ptr]
        assert entry["page"] >= 1 and len(entry["box"]) == 4 and 0.0 <= entry["confidence"] <= 1.0, ptr
    assert report.data["extras"] == []


@pytest.mark.parametrize("stem", STEMS)
def test_check_finds_what_it_finds_on_the_text_pdf(stem):
    """`check` on the 150 dpi scan: the same findings as on the published text PDF (READ-OCR apart)."""
    options = LintOptions()
    ruleset = load_ruleset(options)

    def findings(report: Report) -> list[tuple[str, str, tuple[str, ...], str]]:
        return sorted((d.rule, d.severity.label, tuple(d.cells), d.message)
                      for d in lint_report(report, ruleset, options) if d.rule != "READ-OCR")

    scanned = ocr_report((stem, 150, 0.0, 0.0, True))
    assert findings(scanned) == findings(text_report(stem))
    want = truth_of(stem)["report"]
    assert {key: scanned.data["report"][key] for key in want} == want
    assert [s["heading"] for s in scanned.data["sections"]] == \
        [s["heading"] for s in text_report(stem).data["sections"]]


def test_findings_locate_the_page_and_box():
    report = ocr_report(("2023-hongzequ-renmin-zhengfu", 150, 0.0, 0.0, True))
    label = [p for p in report.problems if p.rule == "READ-LABEL"]
    assert [p.cells for p in label] == [["/applications/results/withheld/prohibited_by_law"]]
    entry = report.source_map["/review_litigation/review/total"]
    assert (entry["text"], entry["page"]) == ("0", text_report("2023-hongzequ-renmin-zhengfu").source_map[
        "/review_litigation/review/total"]["page"])
    x, y, w, h = entry["box"]
    assert 0 < x < 595 and 0 < y < 842 and w > 5 and h > 5


# ── the reading's own decisions ─────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("text, confidence, gap, doubtful", [
    ("21", 0.99, False, False),
    ("0", 0.95, False, False),
    ("7730.28", 0.97, False, False),
    ("21", 0.80, False, True),          # not sure enough: blank, never a guess
    ("4 0", 0.99, False, True),         # two numbers in one cell: the grid and the text disagree
    ("40", 0.99, True, True),           # two clusters of ink in one cell line
    ("1O", 0.99, False, True),          # a letter among the digits
    ("行政处罚", 0.50, False, False),     # a label is not a value: it goes to the assembler as read
    ("", 1.0, False, False),
])
def test_doubt(text, confidence, gap, doubtful):
    assert (ocr_page._doubt(text, confidence, gap) is not None) == doubtful


def test_an_empty_cell_is_not_zero():
    """A cell without ink has no text bands: it is read as blank (null), never as 0."""
    from checker.readers import ocr_grid

    ink = np.zeros((100, 200), dtype=np.uint8)
    assert ocr_grid.text_bands(ink, (10, 10, 190, 90), 2.0) == []
    ink[40:60, 90:100] = 255
    assert len(ocr_grid.text_bands(ink, (10, 10, 190, 90), 2.0)) == 1


def test_a_line_of_values_is_cut_into_words_but_a_sentence_is_not():
    """Without rulings, the values of a row stand apart by more than a line's height: each is read as a
    word of its own (so a lone `0` is not dropped); characters of a sentence stay one word."""
    ink = np.zeros((40, 400), dtype=np.uint8)
    for x in (10, 100, 190):                       # three values, wide apart
        ink[10:30, x:x + 15] = 255
    assert [b[0] for b in ocr_page._words(ink, (0, 10, 400, 30))] == [10, 100, 190]
    ink[:] = 0
    for x in range(10, 300, 24):                   # characters with small gaps
        ink[10:30, x:x + 20] = 255
    assert len(ocr_page._words(ink, (0, 10, 400, 30))) == 1


# ── forms, modes and the extra ──────────────────────────────────────────────────────────────────────
def _table_page_png(stem: str, page: int, dpi: int) -> bytes:
    picture = list(_pictures(stem, dpi, 0.0, 0.0))[page - 1]
    out = io.BytesIO()
    picture.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def test_a_page_image_is_read(monkeypatch):
    """A PNG of the page holding table 四 (2024 洪泽): the image form, sniffed by content; its cells are
    read with the models from the installed wheel, the network blocked."""

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(ocr_engine, "_ENGINE", None)        # load the models afresh, offline
    stem = "2024-hongzequ-renmin-zhengfu"
    truth = truth_of(stem)["review_litigation"]
    pages = {e["page"] for p, e in text_report(stem).source_map.items() if p.startswith("/review_litigation/")}
    assert len(pages) == 1
    report = read_bytes(_table_page_png(stem, pages.pop(), 150), "page.png")
    assert report.data["review_litigation"] == truth
    assert report.source_map["/review_litigation/review/total"]["page"] == 1


def test_without_the_extra_the_finding_says_how_to_enable_it(monkeypatch):
    monkeypatch.setattr(pdf, "ocr_available", lambda: False)
    for raw, name in ((scanned_pdf(STEMS[0], 150), "scan.pdf"), (_table_page_png(STEMS[0], 4, 150), "p.png")):
        report = read_bytes(raw, name)
        [problem] = report.problems
        assert problem.rule == "READ-NO-TEXT" and "pip install 'report-lint[ocr]'" in problem.message
        assert "扫描件" in problem.message or "图片" in problem.message


def test_ocr_never_leaves_a_scan_unread(monkeypatch):
    monkeypatch.setenv(ocr.MODE_VARIABLE, "never")
    report = read_bytes(scanned_pdf(STEMS[0], 150), "scan.pdf")
    assert [p.rule for p in report.problems] == ["READ-NO-TEXT"]
    assert report.data["sections"] == []


def _one_page_pdf(stem: str, page: int) -> bytes:
    """One page of a published text PDF, text layer and all."""
    source = pypdfium2.PdfDocument(CORPUS / f"{stem}.pdf")
    single = pypdfium2.PdfDocument.new()
    single.import_pages(source, [page - 1])
    out = io.BytesIO()
    single.save(out)
    single.close()
    source.close()
    return out.getvalue()


def test_ocr_always_reads_a_text_pdf_by_ocr(monkeypatch):
    """`--ocr always` ignores the text layer: the cells then carry an OCR box; `auto` keeps the layer."""
    stem = "2024-hongzequ-renmin-zhengfu"
    page = text_report(stem).source_map["/review_litigation/review/total"]["page"]
    raw = _one_page_pdf(stem, page)
    monkeypatch.setenv(ocr.MODE_VARIABLE, "always")
    scanned = read_bytes(raw, "page.pdf")
    monkeypatch.setenv(ocr.MODE_VARIABLE, "auto")
    text = read_bytes(raw, "page.pdf")
    assert "box" not in text.source_map["/review_litigation/review/total"]
    assert "box" in scanned.source_map["/review_litigation/review/total"]
    assert scanned.data["review_litigation"] == text.data["review_litigation"] == truth_of(stem)["review_litigation"]


def test_a_scan_with_nothing_legible_is_still_read_no_text():
    """pdf-scanned.pdf is a page of black bars and an empty grid: OCR finds no text in it."""
    report = read_report(FORMS / "pdf-scanned.pdf")
    assert [p.rule for p in report.problems] == ["READ-NO-TEXT"]


def test_cli_ocr_option(tmp_path):
    import subprocess
    import sys

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(STEMS[0], 150))
    done = subprocess.run([sys.executable, "-m", "checker", "check", "--ocr", "never", str(scan)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "READ-NO-TEXT" in done.stdout
