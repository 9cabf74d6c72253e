"""Reader registry: pick a reader by content first, suffix second, and turn a file into a Report.

Each reader module exposes `FORM` (its name), `SUFFIXES`, `sniff(head: bytes) -> bool` and
`read(raw: bytes, name: str) -> Document | Report`. Heavy libraries (lxml, python-docx, pdfplumber)
are imported inside the reader's `read`, so checking a text report never pays for them.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from checker.document import Document
from checker.errors import InputError
from checker.model import Report

# Order matters for sniffing: binary containers first, then markup, then structured data, then text.
_READER_MODULES = ("pdf", "docx", "html", "data", "markdown", "text")

SUPPORTED_SUFFIXES: dict[str, str] = {}


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"checker.readers.{name}")
    except ModuleNotFoundError as exc:  # a reader not written yet, or its module missing
        if exc.name == f"checker.readers.{name}":
            return None
        raise


def readers() -> list[ModuleType]:
    loaded = [m for m in (_load(n) for n in _READER_MODULES) if m is not None]
    for module in loaded:
        for suffix in module.SUFFIXES:
            SUPPORTED_SUFFIXES.setdefault(suffix, module.FORM)
    return loaded


def choose_reader(raw: bytes, name: str, form: str | None = None) -> ModuleType:
    modules = readers()
    if form:
        for module in modules:
            if module.FORM == form:
                return module
        raise InputError(name, f"unknown form {form!r} (known: {', '.join(m.FORM for m in modules)})")
    head = raw[:8192]
    for module in modules:
        if module.sniff(head, name):
            return module
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        raise InputError(name, "this is a legacy Word .doc file, which report-lint cannot read; "
                               "open it in Word or WPS and save it as .docx (另存为 .docx)")
    from checker.readers.decoding import looks_binary

    kind = "a binary file" if looks_binary(head) else "an unsupported file form"
    raise InputError(name, f"is {kind}{f' ({suffix})' if suffix else ''}: report-lint reads text, HTML, "
                           "Markdown, DOCX, PDF, JSON and YAML reports")


def read_bytes(raw: bytes, name: str, form: str | None = None) -> Report:
    from checker.assemble import build_report

    module = choose_reader(raw, name, form)
    result = module.read(raw, name)
    if isinstance(result, Report):
        return result
    assert isinstance(result, Document)
    return build_report(result, path=name, form=module.FORM)


def read_report(path: str | Path, form: str | None = None) -> Report:
    """Read a report file (or '-' for standard input). Never modifies the file."""
    name = str(path)
    if name == "-":
        raw = sys.stdin.buffer.read()
    else:
        p = Path(name)
        if not p.exists():
            raise InputError(name, "no such file")
        if p.is_dir():
            raise InputError(name, "is a folder, not a report file")
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise InputError(name, "the file is empty")
    return read_bytes(raw, name, form)
