"""`report-lint extract` end to end, through the installed console script's entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAZHU = ROOT / "examples" / "mazhu-2020.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], input=stdin, capture_output=True, cwd=ROOT)


def test_extract_prints_canonical_json_with_source_map():
    result = run("extract", str(MAZHU))
    assert result.returncode == 0, result.stderr.decode()
    model = json.loads(result.stdout)
    assert model["report"]["organ"] == "马渚镇人民政府"
    assert model["source_map"]["/active_disclosure/procurement/projects"]["text"] == "52项"


def test_extract_reads_stdin_and_indent():
    result = run("extract", "-", "--indent", "-1", stdin=MAZHU.read_bytes())
    assert result.returncode == 0
    assert result.stdout.count(b"\n") == 1
    assert json.loads(result.stdout)["applications"]["new_received"]["total"] == 9


def test_extract_output_reads_back_identically(tmp_path):
    first = run("extract", str(MAZHU)).stdout
    saved = tmp_path / "m.json"
    saved.write_bytes(first)
    assert json.loads(run("extract", str(saved)).stdout) == json.loads(first)


@pytest.mark.parametrize("name,content,message", [
    ("missing.txt", None, "no such file"),
    ("scan.txt", b"\x00\x01\x02\x03" * 200, "binary"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
    ("empty.txt", b"", "empty"),
    ("bad.json", b'{"report": ', "不是有效的 JSON/YAML"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("extract", str(path))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err and err.count("\n") == 1
    assert name in err and message in err
    if content is not None:
        assert path.read_bytes() == content  # never modified


def test_input_file_is_not_modified():
    before = MAZHU.read_bytes()
    run("extract", str(MAZHU))
    assert MAZHU.read_bytes() == before


def test_yaml_model_with_bare_dates(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("report: {title: t, organ: o, year: 2022, template: '2021', signed_on: 2023-01-20,\n"
                    "         period: {start: 2022-01-01, end: 2022-12-31}}\nsections: []\n", encoding="utf-8")
    result = run("extract", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["report"]
    assert report["signed_on"] == "2023-01-20" and report["period"] == {"start": "2022-01-01", "end": "2022-12-31"}


def test_a_tool_error_opens_with_a_chinese_headline(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 200)
    err = run("extract", str(path)).stderr.decode()
    assert err.startswith("report-lint: 无法读取报告：") and str(path) in err
