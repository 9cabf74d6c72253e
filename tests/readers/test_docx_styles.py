"""The DOCX reader's styles part read in slices (checker/readers/docx_style_slices.py) answers as the
whole part parsed does, refuses the same damage with the same words, and is not used where its bytes
cannot be sliced safely."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from checker.errors import InputError
from checker.readers import docx as docx_reader
from checker.readers import docx_package
from checker.readers.docx_package import parse
from checker.readers.docx_style_slices import SMALL, sliced
from checker.readers.docx_styles import Styles
from checker.readers.docx_xml import tags
from tests.support.docx_forms import FORMS

SAME_2021 = FORMS / "same-2021.docx"


def _entries() -> dict[str, bytes]:
    with zipfile.ZipFile(SAME_2021) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


STYLES = _entries()["word/styles.xml"]


def _answers(styles: Styles) -> list[object]:
    """Every question the reader asks, for every style id, as bytes that compare."""
    w = tags()
    shown = lambda element: None if element is None else etree.tostring(element)   # noqa: E731
    out: list[object] = [shown(styles.default_paragraph_style())]
    for key in [*styles.by_id, "no-such-style", None]:
        style = styles.paragraph_style(key)
        chain = []
        while style is not None and len(chain) < 10:
            chain.append(shown(style))
            style = styles.base_style(style)
        out.append((key, chain))
    out.append([(s.get(w.styleId), s.get(w.type), s.get(w.default)) for s in styles.styles])
    return out


def test_the_fixture_styles_are_sliced_and_answer_as_the_whole_part():
    assert len(STYLES) > SMALL
    by_slices = sliced(STYLES, parse)
    assert by_slices is not None and len(by_slices.styles) > 100
    assert _answers(by_slices) == _answers(Styles.of(parse(STYLES)))


def test_a_docx_reads_the_same_with_its_styles_sliced_or_whole(monkeypatch):
    raw = SAME_2021.read_bytes()
    by_slices = docx_reader.read(raw, "a.docx")
    monkeypatch.setattr(docx_package, "sliced", lambda blob, parse: None)
    assert docx_reader.read(raw, "a.docx") == by_slices


def test_a_numbered_style_is_found_in_a_slice():
    """A paragraph style based on a style with list numbering gets its number through the slices."""
    entries = _entries()
    numbered = b'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    styles = entries["word/styles.xml"]
    at = styles.index(b"</w:style>", styles.index(b'w:styleId="Normal"'))
    entries["word/styles.xml"] = styles[:at] + numbered + styles[at:]
    raw = _zip(entries)
    by_slices = docx_reader.read(raw, "n.docx")
    assert sliced(entries["word/styles.xml"], parse) is not None
    whole = Styles.of(parse(entries["word/styles.xml"]))
    assert _answers(sliced(entries["word/styles.xml"], parse)) == _answers(whole)
    plain = docx_reader.read(SAME_2021.read_bytes(), "p.docx")
    assert by_slices != plain     # Normal now numbers its paragraphs


@pytest.mark.parametrize("change", [
    lambda b: b.replace(b"<w:docDefaults>", b"<!-- <w:style w:styleId='x'/> --><w:docDefaults>", 1),
    lambda b: b.replace(b"<w:docDefaults>", b"<?pi <w:style w:styleId='x'/> ?><w:docDefaults>", 1),
    lambda b: b.replace(b"<w:docDefaults>", b"<w:docDefaults xmlns:x='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>", 1),
    lambda b: b.replace(b"</w:styles>", b"<w:x><w:style w:styleId='inner'/></w:x></w:styles>"),
    lambda b: b.replace(b"</w:styles>", b"<w:x/></w:styles>"),
    lambda b: b.replace(b"<?xml version='1.0' encoding='UTF-8'", b"<?xml version='1.0' encoding='ISO-8859-1'", 1),
    lambda b: b[:b.index(b"<w:style ")] + b"</w:styles>",
], ids=["comment", "processing-instruction", "main-bound-twice", "nested-style", "not-one-run", "encoding", "small"])
def test_parts_that_cannot_be_sliced_safely_are_parsed_whole(change):
    changed = change(STYLES)
    assert changed != STYLES
    parse(changed)                          # well-formed: only slicing is refused
    assert sliced(changed, parse) is None


def test_a_prefix_rebound_inside_a_style_keeps_its_meaning():
    """A style's span is parsed under the root's start tag: a w: bound to another namespace inside it is
    that namespace there, as in the whole part (its w:pPr is then no WordprocessingML pPr)."""
    at = STYLES.index(b"<w:pPr>", STYLES.index(b'w:styleId="Heading1"'))
    changed = STYLES[:at] + b"<w:pPr xmlns:w='urn:other'><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr>" + STYLES[at:]
    assert sliced(changed, parse) is not None
    assert _answers(sliced(changed, parse)) == _answers(Styles.of(parse(changed)))


def test_damaged_styles_are_refused_with_the_whole_parse_s_words():
    damaged = STYLES.replace(b'w:styleId="Normal"', b'w:styleId="Normal" w:styleId="again"', 1)
    with pytest.raises(etree.XMLSyntaxError) as whole:
        parse(damaged)
    with pytest.raises(etree.XMLSyntaxError) as by_slices:
        sliced(damaged, parse)
    assert str(by_slices.value) == str(whole.value)
    entries = _entries()
    entries["word/styles.xml"] = damaged
    with pytest.raises(InputError) as caught:
        docx_reader.read(_zip(entries), "damaged.docx")
    assert "XML 无法解析" in caught.value.message and str(whole.value) in caught.value.message
