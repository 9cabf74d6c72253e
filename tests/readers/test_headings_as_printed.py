"""The six section headings as reports really print them, in every form: a misprinted heading and another
wording are still that section (with a READ-HEADING warning quoting both), sub-headings that look like
section headings are never sections, and sections printed out of order are out of order — never missing."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from checker.engine import evaluate
from checker.lint import LintOptions, load_ruleset
from checker.readers import read_bytes, read_report
from tests.support import docx_forms, flat_forms, html_forms, markdown_forms, wordtext

ROOT = Path(__file__).resolve().parents[2]
LINXI = ROOT / "examples" / "linxi-2022.txt"

FOURTH = "政府信息公开行政复议、行政诉讼情况"
FIFTH = "存在的主要问题及改进情况"
SIXTH = "其他需要报告的事项"
SUB_HEADINGS = "（一）主动公开政府信息情况\n本年主动公开信息62条。\n（二）规范化办理依申请公开\n依法办理申请。"


def _model() -> dict:
    model = json.loads(json.dumps(read_report(LINXI).to_json()))
    model.pop("source_map", None)
    return model


def _docx(model: dict) -> bytes:
    return docx_forms.render(model, numbered_headings=False)


# form → (file name, render a model into bytes, replace printed text in those bytes)
def _text_edit(raw: bytes, old: str, new: str) -> bytes:
    assert old.encode("utf-8") in raw, old
    return raw.replace(old.encode("utf-8"), new.encode("utf-8"))


def _docx_edit(raw: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = _text_edit(data, old, new)
            target.writestr(info, data)
    return out.getvalue()


FORMS: dict[str, tuple[str, Callable[[dict], bytes], Callable[[bytes, str, str], bytes]]] = {
    "text": ("r.txt", lambda m: wordtext.render(m, numbering="一、").encode("utf-8"), _text_edit),
    "flat": ("r.txt", lambda m: flat_forms.render(m).encode("utf-8"), _text_edit),
    "html": ("r.html", lambda m: html_forms.official_page(m).encode("utf-8"), _text_edit),
    "markdown": ("r.md", lambda m: markdown_forms.render(m).encode("utf-8"), _text_edit),
    "docx": ("r.docx", _docx, _docx_edit),
}


def _read(form: str, model: dict, edits: list[tuple[str, str]] = ()):
    name, render, edit = FORMS[form]
    raw = render(model)
    for old, new in edits:
        raw = edit(raw, old, new)
    return read_bytes(raw, name)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(LintOptions())


def _d1(report, ruleset) -> list:
    return [d for d in evaluate(report, ruleset) if d.rule == "D1"]


def _numbers(report) -> list[int]:
    return [s["number"] for s in report.data["sections"]]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_misprinted_heading_is_its_section_with_a_warning(form, ruleset):
    report = _read(form, _model(), [(f"四、{FOURTH}", "四、政府信息公开行政法复议、行政诉讼情况")])
    assert _numbers(report) == [1, 2, 3, 4, 5, 6]
    assert _d1(report, ruleset) == []
    [warning] = [p for p in report.problems if p.rule == "READ-HEADING"]
    assert "政府信息公开行政法复议、行政诉讼情况" in warning.message and FOURTH in warning.message


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_heading_in_other_words_is_its_section_with_a_warning(form, ruleset):
    report = _read(form, _model(), [(f"五、{FIFTH}", "五、存在的主要问题及整改措施")])
    assert _numbers(report) == [1, 2, 3, 4, 5, 6]
    assert _d1(report, ruleset) == []
    [warning] = [p for p in report.problems if p.rule == "READ-HEADING"]
    assert "存在的主要问题及整改措施" in warning.message and FIFTH in warning.message


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sub_headings_that_look_like_section_headings_are_not_sections(form, ruleset):
    model = _model()
    model["sections"][0]["text"] = SUB_HEADINGS
    report = _read(form, model)
    assert _numbers(report) == [1, 2, 3, 4, 5, 6]
    assert _d1(report, ruleset) == []
    assert "（二）规范化办理依申请公开" in report.data["sections"][0]["text"]
    assert not [p for p in report.problems if p.rule == "READ-HEADING"]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sections_out_of_order_are_reported_as_out_of_order_not_missing(form, ruleset):
    model = _model()
    swapped = copy.deepcopy(model)
    report = _read(form, swapped, [(f"五、{FIFTH}", "@@5@@"), (f"六、{SIXTH}", f"五、{FIFTH}"), ("@@5@@", f"六、{SIXTH}")])
    assert _numbers(report) == [1, 2, 3, 4, 6, 5]
    [finding] = _d1(report, ruleset)
    assert "顺序" in finding.message and "缺少" not in finding.message
    assert "不在应有的位置" in finding.message and ("「六、" in finding.message or "「五、" in finding.message)
