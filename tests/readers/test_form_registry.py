"""One declaration per form: the registry, a toy form added from this module alone, and the lists that
must follow the declarations (the pre-commit hook's file pattern, the README's forms, the CLI)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from checker import readers
from checker.batch import discover
from checker.cli import build_parser, main
from checker.document import Document, FormSpec, Paragraph, Where
from checker.readers import choose_reader, form_names, form_specs, read_bytes, read_report

ROOT = Path(__file__).resolve().parents[2]


# ── a toy form, declared here and nowhere else ────────────────────────────────────────────────────
def _toy_sniff(head: bytes) -> bool:
    return head.startswith(b"TOY-REPORT\n")


def _toy_read(raw: bytes, name: str) -> Document:
    lines = raw.decode("utf-8").splitlines()
    blocks = [Paragraph(line, Where(line=n)) for n, line in enumerate(lines, start=1) if n > 1 and line.strip()]
    return Document(blocks=blocks, lines=lines)


TOY = FormSpec("toy", (".toy",), "line", _toy_read, sniff=_toy_sniff, summary="a toy form for the tests")
TOY_REPORT = "TOY-REPORT\n某局2023年政府信息公开工作年度报告\n一、总体情况\n本机关认真落实条例。\n".encode()


@pytest.fixture
def toy_form():
    readers.register(TOY)
    try:
        yield TOY
    finally:
        readers.unregister("toy")


def test_a_registered_form_is_discovered_sniffed_read_and_listed(toy_form, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.toy").write_bytes(TOY_REPORT)
    (folder / "notes.xyz").write_bytes(b"nothing")
    assert [Path(p).name for p in discover([str(folder)]).reports] == ["a.toy"]          # discovered
    assert choose_reader(TOY_REPORT, "download").name == "toy"                          # sniffed, no suffix
    report = read_report(folder / "a.toy")                                              # read
    assert report.form == "toy" and report.data["report"]["year"] == 2023
    assert [s["number"] for s in report.data["sections"]] == [1]
    assert "toy" in form_names()                                                        # listed
    assert "toy" in build_parser().format_help() or "toy" in _extract_help()
    assert main(["extract", "--form", "toy", str(folder / "a.toy")]) == 0
    assert json.loads(capsys.readouterr().out)["report"]["title"] == "某局2023年政府信息公开工作年度报告"


def _extract_help() -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices["extract"].format_help()


def test_without_registration_the_toy_is_not_a_form(tmp_path):
    assert "toy" not in form_names()
    assert choose_reader(TOY_REPORT, "download").name != "toy"


def test_a_form_name_is_registered_once(toy_form):
    with pytest.raises(ValueError):
        readers.register(TOY)


def test_a_declaration_is_checked():
    with pytest.raises(ValueError):
        FormSpec("bad", ("TXT",), "line", _toy_read)
    with pytest.raises(ValueError):
        FormSpec("bad", (".bad",), "paragraph", _toy_read)


# ── the lists that follow the declarations ────────────────────────────────────────────────────────
def _hook_pattern() -> str:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    return re.search(r"^\s*files:\s*(\S+)\s*$", text, re.M).group(1)


def test_the_pre_commit_hook_takes_every_suffix_a_reader_declares():
    """Every form picked out of folders (page images are read only when named, as in a folder)."""
    suffixes = sorted({s[1:] for spec in form_specs() if spec.in_folders for s in spec.suffixes})
    assert _hook_pattern() == rf"(?i)\.({'|'.join(suffixes)})$"


def test_the_readme_lists_every_form():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Forms", 1)[1].split("\n## ", 1)[0]
    for spec in form_specs():
        assert f"`{spec.name}`" in section, spec.name
        for suffix in spec.suffixes:
            assert f"`{suffix}`" in section, suffix


def test_every_builtin_form_declares_a_reader_and_a_kind_of_place():
    assert len(set(form_names())) == len(form_names())
    for spec in form_specs():
        assert callable(spec.read) and spec.place in ("line", "page", "cell") and spec.summary


# ── the contract: readers read, nothing more ──────────────────────────────────────────────────────
def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "checker" / "readers").glob("*.py")
                                          if p.name != "__init__.py"))
def test_a_reader_imports_neither_assembler_nor_engine_nor_rules_nor_another_reader(module):
    imports = _imports(ROOT / "checker" / "readers" / module)
    forbidden = {i for i in imports if i.startswith(("checker.assemble", "checker.engine", "checker.lint"))
                 or i in ("checker.readers", "checker.rules")}
    readers_used = {i.split(".")[2] for i in imports if i.startswith("checker.readers.") and i.count(".") >= 2}
    helpers = {"decoding", "digit_runs", "printing", "pdf_layout", "pdf_miner", "pdf_rows", "flat_cuts", "flat_headers",
               "flat_page", "flat_wraps",
               "data_checks", "html_page", "ocr", "ocr_engine", "ocr_grid", "ocr_page", "docx_numbering", "docx_package",
               "docx_style_slices", "docx_styles", "docx_xml"}
    assert not forbidden and readers_used <= helpers, (forbidden, readers_used - helpers)


def test_reader_messages_name_no_rule():
    for path in (ROOT / "checker" / "readers").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and re.search(r"[\u4e00-\u9fff]", node.value):          # a message a clerk reads
                assert not re.search(r"[（(]?\b[RDHN]\d{1,2}(?:[–-][RDHN]?\d{1,2})?\b", node.value), (path.name, node.value)


def test_a_data_file_is_a_document_with_its_model_and_only_the_assembler_builds_the_report():
    raw = (ROOT / "examples" / "linxi-2022.json").read_bytes()
    document = readers.data.read(raw, "linxi-2022.json")
    assert isinstance(document, Document) and document.blocks == [] and document.model["report"]["year"] == 2022
    assert read_bytes(raw, "linxi-2022.json").form == "json"


def test_no_reading_module_is_over_400_lines():
    paths = [*(ROOT / "checker" / "readers").glob("*.py"),
             *(ROOT / "checker" / n for n in ("assemble.py", "assemble_tables.py", "assemble_cells.py", "assemble_rows.py", "dates.py",
                                              "document.py", "labels.py", "values.py"))]
    for path in paths:
        assert len(path.read_text("utf-8").splitlines()) <= 400, path
