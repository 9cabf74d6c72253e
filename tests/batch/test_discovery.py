"""Finding the reports under folders and globs; everything else is skipped and counted."""

from __future__ import annotations

import os

from checker.batch import discover, report_suffixes
from checker.config import Config


def _tree(root):
    files = {
        "a.txt": "某县政府信息公开工作年度报告", "notes.md": "这个文件夹里是各单位报来的材料。", "b.json": '{"report": {"year": 2023}}', "sub/c.yaml": "report: {}", "sub/d.DOC": "x",
        "scan.png": "x", "settings.yaml": "name: ci\nreport_dir: out\n", "package.json": '{"name": "x"}',
        "tool.py": "x", "notes.xlsx": "x", "README": "plain words", ".git/config.txt": "x",
        "archive/old.txt": "2020年度报告",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def test_a_folder_yields_its_reports_and_counts_the_rest(tmp_path):
    root = _tree(tmp_path)
    found = discover([str(root)])
    names = [os.path.relpath(p, root) for p in found.reports]
    assert names == ["a.txt", "archive/old.txt", "b.json", "sub/c.yaml", "sub/d.DOC"]
    assert sorted(os.path.relpath(p, root) for p in found.skipped) == [
        "README", "notes.md", "notes.xlsx", "package.json", "scan.png", "settings.yaml", "tool.py"]
    assert found.unmatched == []


def test_the_suffixes_come_from_the_reader_registry():
    suffixes = report_suffixes()
    assert {".txt", ".json", ".yaml", ".doc"} <= suffixes and ".png" not in suffixes


def test_a_named_file_is_always_checked_and_a_missing_one_kept_for_its_error(tmp_path):
    root = _tree(tmp_path)
    found = discover([str(root / "tool.py"), str(root / "missing.txt"), str(root / "a.txt"), str(root / "a.txt")])
    assert found.reports == [str(root / "tool.py"), str(root / "missing.txt"), str(root / "a.txt")]
    assert found.skipped == []


def test_globs_filter_by_suffix_and_report_patterns_that_match_nothing(tmp_path):
    root = _tree(tmp_path)
    found = discover([str(root / "*"), str(root / "nothing-*.pdf")])
    assert sorted(os.path.relpath(p, root) for p in found.reports) == [
        "a.txt", "archive/old.txt", "b.json", "sub/c.yaml", "sub/d.DOC"]
    assert "scan.png" in {os.path.basename(p) for p in found.skipped}
    assert found.unmatched == [str(root / "nothing-*.pdf")]


def test_exclude_from_the_configuration_removes_folders(tmp_path):
    root = _tree(tmp_path)
    found = discover([str(root)], Config(exclude=["archive/"], root=root))
    assert all("archive" not in p for p in found.reports + found.skipped)


def test_named_files_are_sorted_out_only_when_asked(tmp_path):
    root = _tree(tmp_path)
    named = [str(root / "notes.md"), str(root / "a.txt"), str(root / "package.json")]
    assert discover(named).reports == named                      # what a user names is checked
    found = discover(named, sort_named=True)                       # pre-commit names everything staged
    assert found.reports == [str(root / "a.txt")]
    assert sorted(os.path.basename(p) for p in found.skipped) == ["notes.md", "package.json"]
