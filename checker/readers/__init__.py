"""The reader registry: which form a file is in, and its Report.

The contract. A reader does one job: bytes → Document (paragraphs, tables of text cells, lines, and
where each was printed; see checker/document.py). It knows its form and nothing else: no reader
imports the assembler, the engine or the rules, and no reader hands a file on to another reader. Each
reader module declares its form once, as `FORM_SPEC` (or `FORM_SPECS` for one reader serving several
forms): name, suffixes, content signature, kind of place, `read`. Heavy libraries (lxml, python-docx,
pdfplumber) are imported inside `read`, so checking a text report never pays for them.

Only this registry chooses a reader, in this order:

1. `--form NAME`, when the user gives it;
2. content first: a form whose `sniff(head)` recognises the first 8 KiB (`%PDF-`, a DOCX zip, an HTML
   page, the model as JSON or YAML), whatever the file is called;
3. then the suffix, where it decides (`.pdf`, `.docx`, `.html`, `.md`, `.json` …);
4. a binary file that is neither is not a report;
5. text without a signature (`.txt`, or no suffix) goes to the text fallbacks, tried in order on the
   whole decoded text: a <table> fragment is HTML, TAB cells are Word's text export, a pipe table is
   Markdown, and anything else is a page saved flat (crawler text), which is plain text when no table
   is found in it.

Only the assembler (checker/assemble.py) builds a Report. `register(spec)` adds a form (a plugin, or a
test's toy form); the CLI's --form choices, batch discovery, the pre-commit hook's file pattern and the
README's list of forms all come from `form_specs()`.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from checker.document import Document, FormSpec, Table
from checker.errors import InputError
from checker.readers.decoding import decode, looks_binary

if TYPE_CHECKING:
    from checker.model import Report

__all__ = ["FormSpec", "choose_reader", "form_names", "form_specs", "read_bytes", "read_report", "register",
           "report_suffixes"]

# Order matters: binary containers first, then markup, then structured data, then the text forms in the
# order the text fallbacks try them. A reader module is imported when the registry first reaches it (a
# text report never loads the PDF, DOCX or HTML readers' code; `report-lint rules` loads none): an entry
# is a module's FormSpec names until then.
_FORMS: list[FormSpec | tuple[str, ...]] = [("pdf", "FORM_SPEC", "IMAGE_SPEC"), ("docx", "FORM_SPEC"),
                                            ("html", "FORM_SPEC"), ("data", "FORM_SPECS"), ("text", "FORM_SPEC"),
                                            ("markdown", "FORM_SPEC"), ("flat", "FORM_SPEC")]
_HEAD = 8192
# The first of the built-in text forms: a registered form is sniffed before them, and sniffing stops there
# (text, markdown and flat have no content signature; tests/test_startup.py keeps it so).
_TEXT = "text"
_FLAT = "flat"        # the last text fallback: a page saved flat
# A page saved flat in which no table was found is plain text as far as anyone can tell.
_PLAIN_TEXT = "text"
_LEGACY_WORD = (".doc", ".dot")


def _specs(signed: bool = False) -> Iterator[FormSpec]:
    """The forms in the registry's order, each reader module imported when it is first reached;
    `signed`: only those before the built-in text forms (the ones a content signature can decide)."""
    index = 0
    while index < len(_FORMS):
        entry = _FORMS[index]
        if signed and (entry[0] if isinstance(entry, tuple) else entry.name) == _TEXT:
            return
        if isinstance(entry, tuple):
            module = importlib.import_module(f"{__name__}.{entry[0]}")
            loaded = [spec for attribute in entry[1:] for spec in _as_list(getattr(module, attribute))]
            _FORMS[index:index + 1] = loaded
            continue
        yield entry
        index += 1


def _as_list(value: FormSpec | tuple[FormSpec, ...] | list[FormSpec]) -> list[FormSpec]:
    return list(value) if isinstance(value, (tuple, list)) else [value]


def register(spec: FormSpec) -> None:
    """Add a form. It is sniffed before the built-in text forms (so a signature of its own is seen
    before the text fallbacks), and after the binary and markup forms."""
    if any(s.name == spec.name for s in _specs()):
        raise ValueError(f"a form named {spec.name!r} is already registered")
    first_text = next(i for i, s in enumerate(_FORMS) if s.name == _TEXT)
    _FORMS.insert(first_text, spec)


def unregister(name: str) -> None:
    _FORMS[:] = [s for s in _specs() if s.name != name]


def form_specs() -> list[FormSpec]:
    return list(_specs())


def form_names() -> list[str]:
    return [s.name for s in _specs()]


def suffixes_of(*contents: str) -> set[str]:
    """The suffixes of the forms whose content is one of `contents` (FormSpec.content: text, data, binary)."""
    return {suffix for spec in _specs() if spec.content in contents for suffix in spec.suffixes}


def report_suffixes() -> dict[str, str]:
    """Every suffix a reader claims → its form (the forms batch discovery picks out of folders)."""
    return {suffix: spec.name for spec in _specs() if spec.in_folders for suffix in spec.suffixes}


def _by_name(form: str, name: str) -> FormSpec:
    for spec in _specs():
        if spec.name == form:
            return spec
    raise InputError(name, f"未知的报告形式 {form!r}（可用：{'、'.join(form_names())}）")


def _readable_forms() -> str:
    return ", ".join(s.name for s in _specs())


def choose_reader(raw: bytes, name: str, form: str | None = None) -> FormSpec:
    if form:
        return _by_name(form, name)
    head = raw[:_HEAD]
    for spec in _specs(signed=True):
        if spec.sniff(head):
            return spec
    suffix = os.path.splitext(name)[1].lower()
    by_suffix = next((s for s in _specs() if suffix and suffix in s.suffixes), None)
    if by_suffix is not None and by_suffix.suffix_decides:
        return by_suffix
    if looks_binary(head):
        if suffix in _LEGACY_WORD:
            raise InputError(name, "是旧版 Word .doc 文件（Word 97–2003），report-lint 无法读取；"
                                   "请在 Word 或 WPS 中打开，另存为 .docx（save it as .docx）")
        raise InputError(name, f"是二进制文件（binary{f', {suffix}' if suffix else ''}），不是 report-lint 能读的报告形式"
                               f"（{_readable_forms()}）")
    decoded, _ = decode(raw, name)
    for spec in _specs():
        if spec.looks_like is not None and spec.looks_like(decoded):
            return spec
    return _by_name(_FLAT, name)


def read_bytes(raw: bytes, name: str, form: str | None = None) -> Report:
    from checker.assemble import build_report

    spec = choose_reader(raw, name, form)
    document = spec.read(raw, name)
    assert isinstance(document, Document), f"the {spec.name} reader must return a Document"
    chosen = spec.name
    if spec.name == _FLAT and form is None and not any(isinstance(b, Table) for b in document.blocks):
        chosen = _PLAIN_TEXT
    return build_report(document, path=name, form=chosen)


def read_report(path: str | Path, form: str | None = None) -> Report:
    """Read a report file (or '-' for standard input). Never modifies the file."""
    name = str(path)
    if name == "-":
        raw = sys.stdin.buffer.read()
    else:
        # One open, its errors told apart afterwards (a stat before it was two more system calls a report).
        # os.path, not pathlib: a Path interns every part of the name, and a batch names thousands of files.
        try:
            with open(name, "rb", buffering=0) as handle:    # unbuffered: read whole at once, no buffer between
                raw = handle.read()
        except (OSError, ValueError) as exc:    # ValueError: a NUL in the name, which exists() calls absent
            raise _unreadable(name, exc) from None
    if not raw or raw.isspace():    # what `not raw.strip()` says, without copying the file
        raise InputError(name, "文件是空的（empty）")
    return read_bytes(raw, name, form)


def _unreadable(name: str, exc: Exception) -> InputError:
    """What a failed open of `name` says, as the checks before it said it: absent (whatever stat cannot
    reach), a folder, or unreadable and why."""
    if isinstance(exc, FileNotFoundError) or not os.path.exists(name):
        return InputError(name, "文件不存在（no such file）")
    if os.path.isdir(name):
        return InputError(name, "是文件夹，不是报告文件")
    return InputError(name, f"无法读取：{exc.strerror or exc}" if isinstance(exc, OSError) else f"无法读取：{exc}")


def __getattr__(name: str):
    """`readers.pdf` and the like: a reader module is imported when it is first asked for."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
