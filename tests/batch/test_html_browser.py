"""The HTML page in a real browser: it renders, and Chromium logs nothing (no blocked outside resource)."""

from __future__ import annotations

import io

import pytest

from checker.output import html
from checker.summary import BatchFacts

from screenshot_html import find_chromium, screenshot  # benchmarks/, put on sys.path by conftest

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="Chromium is not installed (Debian: apt-get install chromium); "
                                       "the HTML page cannot be rendered headless")


def test_the_page_renders_in_headless_chromium_without_console_messages(mixed_results, tmp_path):
    stream = io.StringIO()
    html.render(mixed_results, None, stream, facts=BatchFacts(skipped=4, baselined=1))
    page = tmp_path / "report.html"
    page.write_text(stream.getvalue(), encoding="utf-8")
    png = tmp_path / "report.png"
    messages = screenshot(page, png, width=1280, height=1600)
    assert messages == []
    raw = png.read_bytes()
    assert raw.startswith(b"\x89PNG\r\n\x1a\n") and len(raw) > 20_000  # a drawn page, not a blank one


def test_the_console_check_would_catch_an_outside_resource(tmp_path):
    page = tmp_path / "leaky.html"
    leaky = html.build_page([]).replace("</body>", '<img src="http://example.invalid/logo.png"></body>')
    page.write_text(leaky, encoding="utf-8")
    messages = screenshot(page, tmp_path / "leaky.png", width=400, height=300)
    assert any("Content Security Policy" in message for message in messages)


def test_a_real_batch_of_every_form_renders_without_console_messages(tmp_path):
    from checker.batch import discover, run_batch
    from checker.config import Config
    from checker.lint import LintOptions

    from .conftest import ROOT

    found = discover([str(ROOT / "examples"), str(ROOT / "tests" / "data" / "forms")])
    results = run_batch(found.reports, LintOptions(), Config(), jobs=1)
    assert {r.status for r in results} >= {"pass", "fail", "unreadable"}
    page = tmp_path / "batch.html"
    page.write_text(html.build_page(results, BatchFacts(skipped=len(found.skipped))), encoding="utf-8")
    assert screenshot(page, tmp_path / "batch.png", width=1280, height=2000) == []
