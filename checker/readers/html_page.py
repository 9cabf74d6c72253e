"""The page around an HTML report: whether bytes are a page, how they are decoded (a byte-order mark, the
charset the page declares, then the shared detection), the text of an element and how it is cleaned, and
the date the page was published. checker/readers/html.py reads the report out of the page.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from checker.lazy_re import lazy
from checker.readers.decoding import decode
from checker.values import short_text_cache

_DOCUMENT_MARKUP = lazy(rb"<(?:!doctype\s+html|html[\s>]|body[\s>])", re.I)
_TABLE_MARKUP = lazy(r"<table[\s>]", re.I)

# A declared charset: <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
_DECLARED_CHARSET = lazy(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# Pages labelled gb2312 or gbk routinely hold characters only GBK/GB18030 has; GB18030 reads all three.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "x-euc-cn", "csgb2312", "hz-gb-2312"}

_META_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "publishtime", "article:published_time",
                    "dc.date.issued", "dcterms.issued", "dc.date", "releasedate", "createdate")
# 发布时间：… and its kin; a bare 时间：/日期： only where no other word ends in it (答复时间 is not one).
_TEXT_DATE = lazy(r"(?:(?:发布时间|发布日期|发表时间|发文日期|公开日期|发布于)\s*[:：]?|"
                   r"(?<![\u4e00-\u9fff])(?:时间|日期)\s*[:：])\s*"
                   r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# What every _TEXT_DATE match begins with, its characters perhaps apart in the page's text where
# clean_text takes whitespace out: where none is found, no date line can be.
_DATE_WORD = lazy(r"时\s*间|日\s*期|布\s*于")
_ANY_DATE = lazy(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")

# A line break next to a CJK character or full-width punctuation is a wrap of the HTML source (Word wraps
# its markup at ~80 columns, inside Chinese text too), not a space the reader of the page sees. Spaces
# typed in the text stay, collapsed to one, as the text reader keeps them.
_CJK = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019"
_WRAP_NEAR_CJK = lazy(rf"(?<=[{_CJK}])[ \t]*[\r\n]\s*|[ \t]*[\r\n]\s*(?=[{_CJK}])")
_SPACES = lazy(r"[\s\u00a0\u200b\ufeff]+")


def sniff(head: bytes) -> bool:
    """A whole page (<!doctype html>, <html>, <body>) is HTML whatever the file is called."""
    # no "<" byte: no markup, in UTF-16 either (its "<" is a 0x3C byte beside a NUL)
    return b"<" in head and bool(_DOCUMENT_MARKUP.search(_ascii_probe(head)))


def looks_like(text: str) -> bool:
    """Text without a page around it that holds a <table> (a fragment pasted from a portal)."""
    return text.find("<", 0, 8192) >= 0 and bool(_TABLE_MARKUP.search(text[:8192]))


def _ascii_probe(head: bytes) -> bytes:
    """The head as bytes in which ASCII markup can be searched, also for UTF-16 pages."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return head


def decode_page(raw: bytes, name: str) -> str:
    """A byte-order mark first, then the charset the page declares, then the shared detection."""
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(raw, name)[0]
    declared = _DECLARED_CHARSET.search(raw[:4096])
    if declared:
        charset = declared.group(1).decode("ascii", errors="ignore").lower()
        if charset in _GB_FAMILY:
            charset = "gb18030"
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: detect as if there were none
    return decode(raw, name)[0]


_LONG_SPACE = lazy(r"(?<!\s)\s{200,}")    # tried only where a run starts: it matches whole runs, as \s{200,} does


@short_text_cache   # a page's cells are mostly short texts that recur (0, blanks, the template's labels)
def clean_text(text: str) -> str:
    # a whitespace run ends as one space or nothing; _WRAP_NEAR_CJK decides which from its ends, and is
    # quadratic in a run's length, so a long run keeps only its ends (a 50 000-space run took minutes).
    # Each step is skipped where it cannot match: no run of 200 in a shorter text, no wrap without a line
    # break; str.split() splits at the whitespace \s matches, so it collapses runs as _SPACES does where
    # neither of the two other spaces _SPACES takes is in the text.
    if len(text) >= 200:
        text = _LONG_SPACE.sub(lambda m: m.group(0)[:100] + m.group(0)[-100:], text)
    if "\n" in text or "\r" in text:
        text = _WRAP_NEAR_CJK.sub("", text)
    text = text.replace("\u3000", " ")
    if "\u200b" in text or "\ufeff" in text:
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())


_TOSTRING: Any = None


def serialiser() -> Any:
    """lxml.etree.tostring, imported when a page is first read."""
    global _TOSTRING
    if _TOSTRING is None:
        from lxml.etree import tostring

        _TOSTRING = tostring
    return _TOSTRING


def text_content(el: Any) -> str:
    """All the text inside an element, as lxml.html's text_content() (XPath string()) gives it, by lxml's
    text serialiser: the same text, without an XPath evaluation per element."""
    if not len(el):     # no child nodes (the parser drops comments): its text is all there is
        return el.text or ""
    return (_TOSTRING or serialiser())(el, method="text", encoding="unicode", with_tail=False)


_TEXT_NODES: Any = None


def _texts(el: Any) -> list[str]:
    """The element's text nodes in document order, what el.itertext() yields (the parser drops comments
    and processing instructions), in one XPath call instead of a generator step each: a Word page's
    thousands of text nodes took 0.55 ms to iterate, 0.13 ms so."""
    global _TEXT_NODES
    if _TEXT_NODES is None:
        from lxml.etree import XPath

        _TEXT_NODES = XPath(".//text()", smart_strings=False)
    result: list[str] = _TEXT_NODES(el)
    return result


# ── publication date ──────────────────────────────────────────────────────────────────────────────
def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if 1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def published_date(root: Any) -> str | None:
    """The page's publication date: a <meta> the portal CMS writes (PubDate …), else a 发布时间 line."""
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if key in _META_DATE_NAMES:
            match = _ANY_DATE.search(meta.get("content") or "")
            if match and _iso(*match.groups()):
                return _iso(*match.groups())
    body = root.find("body")
    if body is None or not _DATE_WORD.search(text_content(body)):
        return None     # no 时间/日期/发布于 in the page's text, even across a line break: no date line
    text = clean_text(" ".join(_texts(body)))
    for match in _TEXT_DATE.finditer(text):
        found = _iso(*match.groups())
        if found:
            return found
    return None
