"""A batch streams: results come back from the workers in chunks, in the order given, and go to the outputs
one report at a time. Streaming must not change a byte: each streaming output equals the whole-run
rendering of the same results, and a batch checked by two workers prints what one process prints."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys

import pytest

from checker.batch import discover, iter_batch, iter_packed, run_batch
from checker.workers import chunk_size
from checker.spill import unpack_record, unpack_result
from checker.config import Config
from checker.lint import LintOptions
from checker.output import RENDERERS, open_sink
from checker.summary import BatchFacts, Tally
from checker.years import link_batch

from .conftest import ROOT, VENV_BIN, other_forms

from generate_reports import make_batch  # benchmarks/, put on sys.path by conftest


def streamed(fmt: str, results: list) -> str:
    stream, counts = io.StringIO(), Tally()
    sink = open_sink(fmt, LintOptions(), stream, BatchFacts())
    for result in results:
        counts.add(result)
        sink.add(result)
    sink.close(counts)
    return stream.getvalue()


def whole(fmt: str, results: list) -> str:
    stream = io.StringIO()
    RENDERERS[fmt](results, LintOptions(), stream, facts=BatchFacts())
    return stream.getvalue()


# every format but the HTML page, which prints the time it was made
@pytest.mark.parametrize("fmt", sorted(set(RENDERERS) - {"html"}))
def test_every_format_streams_what_it_renders_for_the_whole_run(fmt, mixed_results):
    assert streamed(fmt, mixed_results) == whole(fmt, mixed_results)


def test_a_value_json_has_no_form_for_streams_as_the_whole_run_writes_it(mixed_results):
    """A finding whose value is not finite (a huge printed cell read as a float) or not JSON at all: the
    streaming document writes it as text, as the whole-run rendering does, and stays valid JSON."""
    odd = mixed_results[0].diagnostics[0]
    odd.actual, odd.expected = float("inf"), datetime.date(2024, 1, 31)
    assert streamed("json", mixed_results) == whole("json", mixed_results)
    assert json.loads(streamed("json", mixed_results))["files"][0]["findings"][0]["actual"] == "inf"


def test_the_guard_renders_a_json_entry_the_sink_then_writes_as_it_is(mixed_results, monkeypatch):
    """check_command's per-report guard renders each report before an output takes it; for JSON the
    Sink writes that very text rather than rendering the report again."""
    from checker.output import json as json_output, render_one

    rendered = []
    real = json_output.file_entry
    monkeypatch.setattr(json_output, "file_entry", lambda result: rendered.append(result) or real(result))
    stream, counts = io.StringIO(), Tally()
    sink = open_sink("json", LintOptions(), stream, BatchFacts())
    for result in mixed_results:
        render_one("json", result, LintOptions())
        counts.add(result)
        sink.add(result)
    sink.close(counts)
    assert rendered == mixed_results   # once each
    assert stream.getvalue() == whole("json", mixed_results)


def test_without_code_frames_workers_send_no_lines_and_print_the_same(folder, monkeypatch):
    """Only text and HTML print the lines around a finding: for the other outputs a worker leaves the
    report's lines out of what it sends back (most of it), and they print the same."""
    import checker.batch

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)   # workers even for a few
    paths = discover([str(folder / "reports")]).reports[:40]
    framed = list(iter_batch(paths, LintOptions(), Config(), jobs=2))
    bare = list(iter_batch(paths, LintOptions(), Config(), jobs=2, lines=False))
    assert any(r.report is not None and r.report.lines for r in framed)
    assert all(r.report is None or r.report.lines is None for r in bare)
    for fmt in sorted(set(RENDERERS) - {"html", "text"}):
        assert whole(fmt, bare) == whole(fmt, framed), fmt
    packed = [unpack_result(item.result) for item in iter_packed(paths, LintOptions(), Config(), jobs=2, lines=False)]
    assert all(r.report is None or r.report.lines is None for r in packed)


@pytest.mark.parametrize("fmt", ["json", "text", "jsonl"])
def test_an_empty_run_streams_like_the_whole_run(fmt):
    assert streamed(fmt, []) == whole(fmt, [])
    if fmt == "json":
        json.loads(streamed(fmt, []))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("stream")
    make_batch(root / "reports", count=300, seed=3, other_forms=other_forms())
    return root


def test_two_workers_yield_one_process_results_in_order(folder):
    found = discover([str(folder / "reports")])
    serial = run_batch(found.reports, LintOptions(), Config(), jobs=1)
    seen: list[str] = []
    parallel = list(iter_batch(found.reports, LintOptions(), Config(), jobs=2, on_done=seen.append))
    assert [r.path for r in parallel] == found.reports
    assert sorted(seen) == sorted(found.reports)
    for fmt in ("json", "text", "csv", "sarif", "junit"):   # workers send back less of each report, never less output
        assert whole(fmt, parallel) == whole(fmt, serial), fmt
    from checker.output.html import build_page

    made = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    assert build_page(parallel, generated=made) == build_page(serial, generated=made)


def test_a_path_named_twice_comes_back_in_both_places(folder, monkeypatch):
    import checker.batch

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)   # workers even for a few
    found = discover([str(folder / "reports")])
    paths = found.reports[:12] + found.reports[:3]
    results = list(iter_batch(paths, LintOptions(), Config(), jobs=2))
    assert [r.path for r in results] == paths
    assert [r.status for r in results[12:]] == [r.status for r in results[:3]]


def test_the_command_prints_byte_for_byte_what_the_whole_run_renders(folder, monkeypatch):
    """The streaming command (two workers, JSON and JSON Lines at once) against the whole-run renderers
    over results checked in one process: the same findings, statuses, order and summary."""
    done = subprocess.run([str(VENV_BIN / "python"), "-m", "checker", "check", "reports", "--format", "json",
                           "--quiet", "--jobs", "2", "--isolated", "--report", f"jsonl:{folder / 'out.jsonl'}"],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr   # the batch holds unreadable files
    monkeypatch.chdir(folder)
    found = discover(["reports"], Config(root=folder))
    checked = run_batch(found.reports, LintOptions(), Config(root=folder), jobs=1)
    # the cross-report rules (previous years of one organ) need the whole models back from the workers
    serial = list(link_batch(iter(checked), len(checked), [], LintOptions(), Config(root=folder)))
    assert done.stdout == whole("json", serial)
    assert (folder / "out.jsonl").read_text(encoding="utf-8") == whole("jsonl", serial)


def test_workers_pack_reports_for_the_linking_pass_only_when_reports_are_compared(folder, monkeypatch):
    """The cross-year rules (X1–X5, checker/years.py) read each report's model after the batch: workers pack
    it (checker/spill.py), the result slimmed to what outputs use beside the record those rules read; without
    those rules a report comes back slimmed, and nothing is packed."""
    import checker.batch

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)   # workers even for a few
    paths = [p for p in discover([str(folder / "reports")]).reports if p.endswith(".txt")][:6]
    packed = list(iter_packed(paths, LintOptions(), Config(), jobs=2))
    assert [item.path for item in packed] == paths
    for item in packed:
        result = unpack_result(item.result)
        if result.report is not None:
            assert set(result.report.data) == {"report"} and not result.report.problems
            record = unpack_record(item.record)
            assert "applications" in record.data and record.source_map and record.lines is None
            assert (item.organ, item.year) == (record.data["report"]["organ"], record.data["report"]["year"])
    alone = list(iter_batch(paths, LintOptions(select=["R"]), Config(), jobs=2))
    assert all(set(r.report.data) == {"report"} for r in alone if r.report is not None)
    assert [r.diagnostics for r in alone] == [r.diagnostics for r in run_batch(paths, LintOptions(select=["R"]),
                                                                               Config(), jobs=1)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_large_batch_compresses_its_records_a_small_one_does_not_and_both_link_alike(folder, monkeypatch, jobs):
    """Records fill the linking pass's temporary file: compressed from SQUEEZE_FROM reports on, kept as they
    are below it (compressing costs the workers a tenth of checking a report); the findings are the same."""
    import zlib

    import checker.batch
    import checker.spill

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: jobs)
    paths = [p for p in discover([str(folder / "reports")]).reports if p.endswith(".txt")][:6]
    plain = list(iter_packed(paths, LintOptions(), Config(), jobs=jobs))
    monkeypatch.setattr(checker.spill, "SQUEEZE_FROM", len(paths))
    squeezed = list(iter_packed(paths, LintOptions(), Config(), jobs=jobs))
    records = [(a.record, b.record) for a, b in zip(plain, squeezed) if a.record is not None]
    assert records
    for kept, compressed in records:
        assert zlib.decompress(compressed) == kept
        assert unpack_record(kept).data == unpack_record(compressed).data
        assert unpack_record(kept).source_map == unpack_record(compressed).source_map
    from checker.years import link_packed

    linked = [[r.diagnostics for r in link_packed(items, [], LintOptions())] for items in (plain, squeezed)]
    assert linked[0] == linked[1]


def test_chunks_are_small_enough_to_share_and_never_empty():
    assert chunk_size(1, 2) == 1
    assert chunk_size(1000, 2) == 32
    assert chunk_size(40, 2) == 5


def test_chunks_shrink_towards_the_end_of_a_batch_so_the_workers_finish_together():
    from checker.workers import _Chunks

    paths = [f"{n}.txt" for n in range(1000)]
    chunks = list(_Chunks(paths, chunk_size(1000, 2), 2).chunks)
    assert [p for chunk in chunks for p in chunk] == paths and all(chunks)
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[:20] == [32] * 20 and sizes[-8:] == [1] * 8
    assert sizes == sorted(sizes, reverse=True)
    assert len(chunks) < 1000 // 32 + 60   # a few dozen more chunks, not one a report


def test_later_workers_start_from_the_fork_server_whatever_else_runs():
    """A batch's workers after its first generation (checker.workers._process_context) are forked by a fork
    server, never from the batch's process: they hold nothing of its batch, and a progress bar's thread
    beside them is safe."""
    import threading

    from checker.workers import _process_context

    assert _process_context().get_start_method() == "forkserver"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _process_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()
