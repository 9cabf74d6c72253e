"""A large styles part read in slices, for the DOCX reader's list numbers (checker/readers/docx_numbering.py).

The reader asks a styles part few questions: each style's id, type and default flag, and, for the few
styles a paragraph's numbering is looked up in, its w:pPr and w:basedOn. A Word template's styles.xml is
hundreds of kB of table styles and latent-style settings; building lxml's whole tree of it was the
largest single cost of reading a DOCX. Here lxml checks the whole part without building a tree (the same
parser, the same syntax errors; a part with a namespace error, which only building a tree raises, is
parsed whole), then parses only the styles' start tags, in one small document, and each
style the reader looks into, on demand: the same elements, attribute values and answers as the whole
tree's.

Slicing relies on the byte sequences `<w:style` and `</w:style` meaning what they say. That is so where
the part has no comment, CDATA section, DOCTYPE or processing instruction (the only places `<` may stand
for itself), names the WordprocessingML namespace once, binding w: to it in the root (a span is parsed
under the root's start tag, so its own declarations keep their meaning), and its styles are one run of
sibling elements at the end of the root, as Word writes them. Anything else is parsed whole (None here).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from checker.readers.docx_styles import Styles

_MAIN = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ATTRIBUTES = rb"(?:\s+[^\s=/<>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*"
# an optional UTF-8 byte-order mark and XML declaration, then the root's start tag
_HEAD = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml(" + _ATTRIBUTES + rb")\?>)?\s*(<w:styles" + _ATTRIBUTES + rb">)")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']*)[\"']")
_START_TAG = re.compile(rb"<w:style" + _ATTRIBUTES + rb"(/?)>")
_ROOT_END = b"</w:styles>"
SMALL = 64 * 1024     # below this a whole parse costs little more than checking the part


class _Checker:
    """A parser target that builds nothing: lxml parses the part for its errors alone."""

    def close(self) -> None:
        return None


@lru_cache(maxsize=1)
def _checking_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(target=_Checker(), remove_blank_text=True, resolve_entities=False)


def sliced(blob: bytes, parse: Any) -> Styles | None:
    """The styles of a styles part whose bytes can be sliced, after lxml has checked the whole part
    (raising its XMLSyntaxError as a whole parse does); None where the part must be parsed whole."""
    if len(blob) < SMALL or blob.count(_MAIN) != 1:    # w: is its only prefix (a style's span parsed
        return None                                     # under the root's start tag binds the rest)
    head = _HEAD.match(blob)
    if head is None or (b'xmlns:w="' + _MAIN + b'"' not in head.group(2)
                        and b"xmlns:w='" + _MAIN + b"'" not in head.group(2)):
        return None
    encoding = _ENCODING.search(head.group(1) or b"")
    if encoding is not None and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    # no comment, CDATA or DOCTYPE (<!), no processing instruction (<?) after the declaration; a "!" or
    # "?" is found by memchr and is rare in a styles part, so the slower searches seldom run
    if (b"!" in blob and b"<!" in blob) or (blob.find(b"?", head.start(2)) >= 0 and blob.find(b"<?", head.start(2)) >= 0):
        return None
    from lxml import etree

    checker = _checking_parser()
    etree.fromstring(blob, checker)
    if len(checker.error_log):     # a namespace error, which only a tree's parse raises: parse it whole
        return None
    root = head.group(2)
    spans: list[tuple[int, int]] = []
    starts: list[bytes] = []
    previous = None
    for start_tag in _START_TAG.finditer(blob, head.end()):
        start = start_tag.start()
        if start_tag.group(1):                   # <w:style …/>
            end = start_tag.end()
            starts.append(start_tag.group(0))
        else:
            closing = blob.find(b"</w:style", start_tag.end())
            end = blob.find(b">", closing) + 1
            if closing < 0 or blob[closing + 9:end - 1].strip():
                return None                      # not the style's end tag
            starts.append(start_tag.group(0)[:-1] + b"/>")
        if previous is not None and (start < previous or blob[previous:start].strip()):
            return None                          # styles not one run of siblings
        spans.append((start, end))
        previous = end
    if previous is not None and blob[previous:].strip() != _ROOT_END:
        return None
    shallow = list(parse(root + b"".join(starts) + _ROOT_END))
    if len(shallow) != len(spans) or any(s.tag != _style_tag() for s in shallow):
        return None
    wholes: dict[int, Any] = {}

    def whole(index: int) -> Any:
        if index not in wholes:
            start, end = spans[index]
            wholes[index] = parse(root + blob[start:end] + _ROOT_END)[0]
        return wholes[index]

    return Styles(shallow, whole)


def _style_tag() -> str:
    return "{" + _MAIN.decode() + "}style"
