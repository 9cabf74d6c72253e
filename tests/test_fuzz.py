"""Fuzzing in the suite, bounded: a committed report of every form, mutated (bytes flipped, slices cut or
repeated, hostile tokens put in: numbers of thousands of digits, huge exponents, deep nesting, terminal
escapes; a DOCX part mutated, duplicated or dropped), is checked and rendered. The outcome is a result
or a clear one-line InputError, never an exception escaping and never an internal error.

benchmarks/fuzz.py does the same at scale (tens of thousands of inputs through the command line, with a
time and memory limit per input); this test keeps every form and mutation in every run of the suite."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.config import Config
from checker.errors import InputError, InternalError
from checker.guard import Limits, check_one
from checker.lint import LintOptions, load_ruleset
from checker.output import RENDERERS

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "tests" / "data" / "forms"
SEEDS = {path.name: path.read_bytes() for path in [
    ROOT / "examples" / "mazhu-2020.txt", ROOT / "examples" / "linxi-2022.json", FORMS / "same-2021-flat.txt",
    FORMS / "same-2021.html", FORMS / "same-2021.md", FORMS / "same-2021.docx", FORMS / "same-2021.pdf"]}
SEEDS["linxi-2022.yaml"] = b"report:\n  title: t\n  year: 2022\n  template: '2021'\napplications:\n  new_received: {total: 3}\n"
TOKENS = [b"9" * 5000, b"1e999999", b"-" + b"9" * 40, b"\xe6\x97\xa0", b"\t", b"\n\t", b"NaN", b".inf",
          b"[" * 2000, b"{\"a\":" * 500, b"<div>" * 2000, b"\x1b]0;x\x07\x1b[31m", b"&a [1]", b"*a", b"!!set {a}",
          b"2020-13-45", b" " * 5000, b"\x00", b'"template": []', b'"source_map": {"/a": 1}', b'"title": 5']
OPTIONS = LintOptions()
RULES = load_ruleset(OPTIONS)


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = SEEDS[name]
    if name.endswith(".docx") and draw(st.booleans()):
        return name, _mutate_zip(data, draw)
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(out)))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "token"]))
        if kind == "flip" and out:
            out[min(at, len(out) - 1)] = draw(st.integers(0, 255))
        elif kind == "cut":
            del out[at:at + draw(st.integers(1, 2000))]
        elif kind == "repeat":
            out[at:at] = out[at:at + draw(st.integers(1, 200))] * draw(st.sampled_from([2, 50, 500]))
        else:
            out[at:at] = draw(st.sampled_from(TOKENS))
    return name, bytes(out)


def _mutate_zip(data: bytes, draw) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    index = draw(st.integers(0, len(parts) - 1))
    kind = draw(st.sampled_from(["mutate", "duplicate", "drop"]))
    if kind == "mutate":
        name, content = parts[index]
        at = draw(st.integers(0, len(content)))
        parts[index] = (name, content[:at] + draw(st.sampled_from(TOKENS)) + content[at + 3:])
    elif kind == "duplicate":
        parts.append(parts[index])
    else:
        parts.pop(index)
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as target:
        warnings.simplefilter("ignore")   # "Duplicate name": the duplicated part is the point
        for name, content in parts:
            target.writestr(zipfile.ZipInfo(name), content)
    return out.getvalue()


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_a_mutated_report_of_any_form_is_a_result_or_a_clear_error(case):
    name, raw = case
    result = check_one(name, RULES, OPTIONS, Config(), raw=raw, limits=Limits(timeout=0))
    assert not isinstance(result.error, InternalError), result.error
    if result.error is not None:
        assert isinstance(result.error, InputError) and "\n" not in result.error.message
    for fmt in ("json", "text", "sarif", "html"):
        stream = io.StringIO()
        RENDERERS[fmt]([result], OPTIONS, stream)
        if fmt == "json":
            json.loads(stream.getvalue(), parse_constant=lambda constant: (_ for _ in ()).throw(ValueError(constant)))
        if fmt == "text":
            assert "\x1b" not in stream.getvalue()
