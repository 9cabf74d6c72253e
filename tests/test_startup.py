"""Start-up (issue 11): each command imports what it uses, so one report, `rules` and `explain` start fast.
The times are benchmarks (benchmarks/bench.py); these tests keep the import structure that makes them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker import readers
from checker.document import FormSpec

ROOT = Path(__file__).resolve().parent.parent

# What checking one text report must not load: other forms' readers, the OCR page reader, YAML and
# jsonschema (the rule cache holds the rules and the phrase catalogue), rich (the output is piped),
# baselines, worker processes; the PDF reader's layout and OCR helpers (the registry sniffs with pdf.py
# alone; the DOCX reader's package reader likewise), the expression parser and code generator (the rules
# come compiled), the spill of the rules comparing reports, hashlib (the cache key needs none), difflib
# (cross-year texts only).
NOT_FOR_ONE_TEXT_REPORT = ("rich", "yaml", "jsonschema", "lxml", "docx", "pdfplumber", "multiprocessing",
                           "concurrent.futures", "checker.readers.markdown", "checker.readers.flat",
                           "checker.readers.ocr_page", "checker.readers.ocr_grid", "checker.baseline",
                           "checker.readers.pdf_layout", "checker.readers.pdf_rows", "checker.readers.ocr",
                           "checker.readers.ocr_engine", "checker.readers.pdf_miner", "checker.engine.expr",
                           "checker.engine.codegen", "checker.spill", "hashlib", "tempfile", "difflib",
                           "checker.readers.docx_package", "checker.readers.docx_style_slices", "zipfile")


def _loaded(argv: list[str], names: tuple[str, ...], prefix: str = "") -> tuple[int, list[str]]:
    """Run report-lint with `argv` in a fresh interpreter, its output piped, twice (the first run may fill
    the rule cache); the modules of `names` (or starting with `prefix`) loaded by the second."""
    probe = ("import io, sys\nfrom checker.cli import main\nsys.stdout = io.StringIO()\n"
             f"code = main({argv!r})\n"
             f"names, prefix = {names!r}, {prefix!r}\n"
             "loaded = sorted(m for m in sys.modules if m in names or (prefix and m.startswith(prefix)))\n"
             "print(code, loaded, file=sys.stderr)\n")
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    code, _, loaded = done.stderr.strip().splitlines()[-1].partition(" ")
    return int(code), eval(loaded, {})   # noqa: S307 - a list of module names printed by the probe above


def test_checking_one_text_report_loads_only_what_it_uses():
    assert _loaded(["check", "examples/mazhu-2020.txt"], NOT_FOR_ONE_TEXT_REPORT) == (0, [])


def test_a_quiet_batch_written_to_a_pipe_loads_no_rich():
    """A pre-commit hook's call: several reports, no terminal to draw a progress bar on."""
    argv = ["check", "--quiet", "examples/mazhu-2020.txt", "examples/linxi-2022.txt"]
    assert _loaded(argv, ("rich",), prefix="rich.") == (0, [])


@pytest.mark.parametrize("argv", [["rules"], ["explain", "R1"]])
def test_rules_and_explain_load_no_reader(argv):
    assert _loaded(argv, ("rich", "yaml", "jsonschema", "checker.batch"), prefix="checker.readers") == (0, [])


def test_the_builtin_text_forms_have_no_content_signature():
    """The registry stops sniffing where the built-in text forms start, without loading them."""
    specs = readers.form_specs()
    first_text = next(i for i, spec in enumerate(specs) if spec.name == readers._TEXT)
    assert [spec.name for spec in specs[first_text:]] == ["text", "markdown", "flat"]
    assert all(spec.sniff is FormSpec.sniff for spec in specs[first_text:])


def test_collection_is_paused_until_the_first_report_and_left_as_the_caller_had_it(monkeypatch, capsys):
    """The command line pauses cyclic GC while it starts; the first checked report (checker.guard)
    resumes it, so a batch runs with it; a caller who had turned it off keeps it off."""
    import gc

    import checker.guard
    from checker.cli import main

    seen = []
    real = checker.guard.lint_file

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(checker.guard, "lint_file", spy)
    reports = [str(ROOT / "examples" / name) for name in ("mazhu-2020.txt", "linxi-2022.txt")]
    assert gc.isenabled()
    assert main(["check", "--jobs", "1", *reports]) == 0
    assert seen == [False, True] and gc.isenabled()
    seen.clear()
    gc.disable()
    try:
        assert main(["check", reports[0]]) == 0
        assert seen == [False] and not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()


def test_a_parallel_batch_collects_in_the_parent_once_results_come_back(monkeypatch, capsys):
    """With workers, the parent checks no report itself: the first result back resumes its collector."""
    import gc

    import checker.batch
    import checker.check_command

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)   # workers even for a few
    seen = []
    real = checker.check_command.open_sink

    def watched(*args, **kwargs):
        sink = real(*args, **kwargs)
        add = sink.add

        def add_watched(result):
            seen.append(gc.isenabled())
            add(result)

        sink.add = add_watched
        return sink

    monkeypatch.setattr(checker.check_command, "open_sink", watched)
    from checker.cli import main

    reports = [str(ROOT / "examples" / name) for name in ("mazhu-2020.txt", "linxi-2022.txt", "linxi-2022.json")]
    assert main(["check", "--jobs", "2", "--quiet", "--format", "json", *reports]) == 0
    assert seen == [True, True, True] and gc.isenabled()
    capsys.readouterr()
