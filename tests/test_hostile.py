"""Hostile input never gets through: every class of issue 9 ends in a result or a clear one-line error (an
InputError naming the file), never a traceback, an internal error, or output that is not what it claims.

tests/data/hostile/ holds the minimal reproducers found by fuzzing (its README names the classes); the
other classes are made here. Time and memory are measured by benchmarks/fuzz.py, not asserted here."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from checker.batch import run_batch
from checker.cli import main
from checker.config import Config
from checker.errors import InputError, InternalError, RuleError
from checker.lint import LintOptions
from checker.output import RENDERERS

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "data" / "hostile"
MAZHU = ROOT / "examples" / "mazhu-2020.txt"

# status, and what the message or the findings must say (the reproducers are fragments, most without the
# headers that would make their huge cells table cells: reading them without an exception is the point)
EXPECTED = {
    "bug2-docx-relationships-part-of-another-element.docx": ("unreadable", "XML 结构不对"),
    "bug2-number-int-over-4300-digits-narrative.txt": ("fail", None),
    "bug2-overflow-float-mult-h1.txt": ("fail", None),
    "bug2-overflow-suspects-huge-cell.txt": ("fail", "R3"),
    "bug2-pdf-glyph-at-nan-position.pdf": ("fail", "READ-LABEL"),
    "bug2-schemas-message-non-string-key.yaml": ("unreadable", "不是文字"),
    "bug2-schemas-template-is-a-list.json": ("unreadable", "/report/template"),
    "bug2-sourcemap-line-is-a-list.json": ("unreadable", "/source_map/"),
    "clean-error-message-spans-two-lines.docx": ("unreadable", "XML"),
    "crash-check-render-text-bytes-title.yaml": ("unreadable", "/report/title"),
    "crash-check-render-text-nonstring-title.json": ("unreadable", "/report/title"),
    "crash-docx-document-root-not-w-document.docx": ("unreadable", "w:document"),
    "crash-docx-duplicate-content-types-entry.docx": ("unreadable", "重复的部件 [Content_Types].xml"),
    "crash-docx-duplicate-styles-entry.docx": ("unreadable", "重复的部件 word/styles.xml"),
    "crash-extract-decimal-overflow-cell-1000001-digits.txt": ("fail", None),
    "crash-extract-int-over-4300-digits-count-cell.txt": ("fail", None),
    "crash-extract-int-over-4300-digits-delta-cell.txt": ("fail", "READ-CELL"),
    "crash-extract-yaml-hex-int-json-encoder.yaml": ("unreadable", "15 位"),
    "crash-extract-yaml-int-over-4300-digits.json": ("unreadable", "4300"),
    "crash-extract-yaml-invalid-date.yaml": ("unreadable", "day is out of range"),
    "crash-extract-yaml-set-not-json-serializable.yaml": ("unreadable", "set"),
    "hang-cell-of-1000000-digits.txt": ("fail", None),
    "hang-duplicate-table-rows.md": ("fail", "LIMIT-FINDINGS"),
    "hang-flat-digit-run-that-cannot-be-cut.txt": ("fail", "READ-UNSPLIT"),
    "hang-flat-digit-run-of-31531-digits.txt": ("fail", "READ-CELL"),
    "hang-flat-long-space-run.txt": ("fail", "D1"),
    "hang-html-long-whitespace-run.html": ("fail", None),
    "hang-long-row-label.txt": ("fail", "READ-LABEL"),
    "hang-markdown-long-space-run.md": ("fail", "READ-HEADING"),
    "hang-memory-yaml-billion-laughs.yaml": ("unreadable", "别名"),
    "hang-pdf-damaged-flate-stream.pdf": ("fail", "READ-PAGE"),
    "hang-pdf-inline-image-without-end.pdf": ("fail", "D2"),
    "hang-pdf-operands-piled-on-the-stack.pdf": ("fail", "D2"),
    "limit-pdf-page-of-30000-characters.pdf": ("fail", "READ-PAGE"),
    "memory-json-1M-cells-no-source-map.json": ("unreadable", "200000"),
    "memory-pdf-page-of-14400-points.pdf": ("unreadable", "页面尺寸 14400×14400 点"),
    "output-infinity-in-json.json": ("unreadable", "有限"),
}


@pytest.fixture(scope="module")
def hostile_results():
    paths = sorted(str(p) for p in HOSTILE.iterdir() if p.name != "README.md")
    assert {Path(p).name for p in paths} == set(EXPECTED), "a new reproducer needs its expected outcome here"
    return run_batch(paths, LintOptions(), Config(), jobs=1)


def test_every_reproducer_ends_in_a_result_or_a_clear_error(hostile_results):
    for result in hostile_results:
        status, says = EXPECTED[Path(result.path).name]
        assert result.status == status, (result.path, result.error)
        assert not isinstance(result.error, InternalError)
        if status == "unreadable":
            assert isinstance(result.error, InputError) and "\n" not in result.error.message
            assert says in result.error.message, (result.path, result.error.message)
        elif says:
            assert says in {d.rule for d in result.diagnostics}, (result.path, {d.rule for d in result.diagnostics})


def test_findings_are_capped_per_report(hostile_results):
    [flood] = [r for r in hostile_results if r.path.endswith("hang-duplicate-table-rows.md")]
    assert len(flood.diagnostics) == 1001
    [limit] = [d for d in flood.diagnostics if d.rule == "LIMIT-FINDINGS"]
    assert "超过每份报告 1000 个的上限" in limit.message and "--max-findings" in limit.message
    assert any(d.severity.label == "error" for d in flood.diagnostics)   # the most severe are the ones kept


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_renderer_takes_every_reproducer(hostile_results, fmt):
    stream = io.StringIO()
    RENDERERS[fmt](hostile_results, LintOptions(), stream)
    out = stream.getvalue()
    if fmt == "json":
        json.loads(out, parse_constant=lambda name: pytest.fail(f"JSON output holds {name}"))
    assert "\x1b" not in out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_extract_gives_json_or_one_line(name, capsys):
    code = main(["extract", str(HOSTILE / name)])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    if code == 2:
        assert err.count("\n") == 1 and "内部错误" not in err and name in err
    else:
        json.loads(out, parse_constant=lambda constant: pytest.fail(f"extract printed {constant}"))


def _docx_with(tmp_path: Path, extra) -> Path:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(ROOT / "tests" / "data" / "forms" / "same-2021.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        extra(target)
    return path


def test_a_zip_bomb_is_refused_before_anything_is_unzipped(tmp_path, capsys):
    def bomb(target: zipfile.ZipFile) -> None:
        with target.open("word/media/zeros.bin", "w") as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):            # 300 MB unzipped, about 300 KB zipped
                part.write(chunk)

    path = _docx_with(tmp_path, bomb)
    assert path.stat().st_size < 2_000_000
    assert main(["check", str(path), "--format", "json"]) == 2
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert entry["status"] == "unreadable" and "zip 炸弹" in entry["error"]["message"]


def test_a_zip_of_too_many_parts_is_refused(tmp_path, capsys):
    path = _docx_with(tmp_path, lambda target: [target.writestr(f"customXml/x{i}.xml", "") for i in range(2100)])
    assert main(["check", str(path), "--format", "json"]) == 2
    assert "个部件" in json.loads(capsys.readouterr().out)["files"][0]["error"]["message"]


def test_deep_nesting_in_a_yaml_report_is_an_input_error(tmp_path, capsys):
    deep = "report: {title: t, year: 2020, template: '2019'}\napplications:\n" + "".join(
        "  " * (i + 1) + f"k{i}:\n" for i in range(80)) + "  " * 81 + "1\n"
    path = tmp_path / "deep.yaml"
    path.write_text(deep, encoding="utf-8")
    assert main(["check", str(path), "--format", "json"]) == 2
    assert "嵌套超过 64 层" in json.loads(capsys.readouterr().out)["files"][0]["error"]["message"]


def test_deep_nesting_in_an_html_report_is_a_result_or_an_input_error(tmp_path, capsys):
    path = tmp_path / "deep.html"
    path.write_bytes(b"<html><body>" + b"<div>" * 20000 + MAZHU.read_bytes() + b"</div>" * 20000 + b"</body></html>")
    code = main(["check", str(path), "--format", "json"])
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert code in (1, 2) and entry["status"] != "internal-error", entry["error"]


@pytest.mark.parametrize("text, complaint", [
    ("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nrules: [*b]\n", "别名"),
    ("rules: " + "[" * 3000 + "]" * 3000 + "\n", "嵌套超过 64 层"),
    ("rules:\n" + "".join("  " * i + "- \n" for i in range(1, 200)), "嵌套超过 64 层"),
])
def test_a_hostile_rule_file_is_a_rule_error(tmp_path, text, complaint):
    from checker.engine import load_rule_file

    path = tmp_path / "province.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert complaint in str(caught.value)


def test_a_file_over_the_size_limit_is_not_read(tmp_path, capsys):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:       # 200 MB, sparse: nothing is written to disk
        handle.truncate(200 * 1024 * 1024)
    assert main(["check", str(big), "--format", "json"]) == 2
    message = json.loads(capsys.readouterr().out)["files"][0]["error"]["message"]
    assert "200.0 MB" in message and "50 MB" in message and "--max-size" in message
    assert main(["extract", str(big)]) == 2
    assert "--max-size" in capsys.readouterr().err


def test_a_report_over_its_time_budget_is_stopped_and_says_so(capsys):
    assert main(["check", str(ROOT / "examples" / "hongzequ-2023.pdf"), "--format", "json", "--timeout", "0.01"]) == 2
    message = json.loads(capsys.readouterr().out)["files"][0]["error"]["message"]
    assert "0.01 秒的时间上限" in message and "--timeout" in message


def test_max_findings_keeps_the_most_severe(capsys):
    assert main(["check", str(ROOT / "examples" / "hongzequ-2023.pdf"), "--format", "json", "--max-findings", "2"]) == 1
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [f["rule"] for f in findings].count("LIMIT-FINDINGS") == 1 and len(findings) == 3
    assert all(f["severity"] == "error" for f in findings if f["rule"] != "LIMIT-FINDINGS")


def test_terminal_output_neutralises_escape_sequences(tmp_path, capsys):
    path = tmp_path / "esc.txt"
    path.write_bytes(b"\x1b]0;pwned\x07\x1b[2J\x1b[31m" + MAZHU.read_bytes())
    main(["check", str(path), "--format", "text"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\ufffd]0;pwned" in out


def test_an_output_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch, capsys):
    import checker.check_command

    out = tmp_path / "out.html"
    out.write_text("the page of yesterday", encoding="utf-8")

    class Broken:
        def __init__(self, stream):
            self.stream = stream

        def add(self, result):
            self.stream.write("<html>half a page")
            raise RuntimeError("renderer broke")

        def close(self, counts):
            pass

    real = checker.check_command.open_sink
    monkeypatch.setattr(checker.check_command, "open_sink",
                        lambda fmt, options, stream, facts: Broken(stream) if fmt == "html" else real(fmt, options, stream, facts))
    assert main(["check", str(MAZHU), "--report", f"html:{out}", "--format", "json"]) == 2
    assert out.read_text(encoding="utf-8") == "the page of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]   # no temporary file left behind
    assert "内部错误" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_written_to_every_output(tmp_path, capsys):
    name = os.fsdecode(b"\xff\xfe-report.txt")
    (tmp_path / name).write_bytes(MAZHU.read_bytes())
    out = tmp_path / "out.html"
    assert main(["check", str(tmp_path / name), "--report", f"html:{out}", "--report", f"csv:{tmp_path / 'o.csv'}"]) == 0
    assert "-report.txt" in out.read_text(encoding="utf-8")


def test_our_own_bug_is_an_internal_error_with_its_traceback(monkeypatch, capsys, tmp_path):
    import tempfile

    import checker.readers

    def broken(*args, **kwargs):
        raise KeyError("a bug of ours")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(checker.readers, "read_report", broken)   # `extract` imports it when it runs
    assert main(["extract", str(MAZHU)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "内部错误" in err and "KeyError" in err and "报告给" in err
    [saved] = tmp_path.glob("report-lint-traceback-*.txt")
    assert str(saved) in err and "a bug of ours" in saved.read_text(encoding="utf-8")
    monkeypatch.delenv("REPORT_LINT_DEBUG", raising=False)
    assert main(["--debug", "extract", str(MAZHU)]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "内部错误" in err.splitlines()[-1]
    os.environ.pop("REPORT_LINT_DEBUG", None)
