"""Word's list numbers for the DOCX reader (checker/readers/docx.py): the numbers Word prints in front of
numbered paragraphs (`1、 总体情况`) are not in the run text, so they are counted from numbering.xml."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from checker.readers.docx_styles import NOT_SET, Styles, numbering_in, style_id
from checker.readers.docx_xml import ParagraphTexts, child, tags

_CHINESE_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _chinese_count(n: int) -> str:
    """一 … 十, 十一, 二十一, 九十九; larger numbers digit by digit (no report has 100 sections)."""
    if 0 <= n < 10:
        return _CHINESE_DIGITS[n]
    if 10 <= n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")
    return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def format_list_number(n: int, num_fmt: str) -> str:
    """One level's number in a Word numFmt; bullets and `none` print no number."""
    if num_fmt in ("bullet", "none"):
        return ""
    if num_fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese_count(n)
    if num_fmt == "ideographDigital":
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    if num_fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if num_fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if num_fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if num_fmt == "upperLetter" else letter.lower()
    if num_fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return _roman(n) if num_fmt == "upperRoman" else _roman(n).lower()
    return str(n)


class ListNumbers:
    """The list numbers Word prints in front of numbered paragraphs, counted in document order.

    Counting is per list instance (w:num), from each level's start value (or the instance's
    startOverride); a level restarts whenever a higher level of the same list is used. The number is
    followed by a space where Word puts its tab or space suffix, as Word's text export writes it."""

    def __init__(self, body: Any, numbering: Any, styles: Callable[[], Styles]):
        """`body`: the document's w:body; `numbering`: numbering.xml's root or None; `styles`: gives the
        styles part's styles when a paragraph's style is first looked up (checker/readers/docx_package.py)."""
        # The paragraphs that can have a w:numPr or a w:pStyle of their own (the grandparents of every
        # such element), found in one pass: any other paragraph has neither, and asks no property.
        w = tags()
        self.texts = ParagraphTexts(body)
        self.with_num_pr = {e.getparent().getparent() for e in body.iter(w.numPr)}
        self.with_style = {e.getparent().getparent() for e in body.iter(w.pStyle)}
        self.counters: dict[str, list[int | None]] = {}
        self.style_numbering: dict[str | None, tuple[str, int] | None] = {}
        self.styles_root = styles
        self.styles: Styles | None = None
        self.num_by_id: dict[str, Any] = {}
        self.abstract_by_id: dict[str, Any] = {}
        if numbering is not None:
            self.num_by_id = {n.get(_w("numId")): n for n in _xpath(numbering, "w:num")}
            self.abstract_by_id = {a.get(_w("abstractNumId")): a for a in _xpath(numbering, "w:abstractNum")}

    def text(self, p: Any) -> str:
        """A w:p's text with its list number in front."""
        if p not in self.with_num_pr and p not in self.with_style and self.style_numbering.get(None, 0) is None:
            return self.texts.text(p)     # no properties of its own, and the default style numbers nothing
        return self._prefix(p) + self.texts.text(p)

    def _prefix(self, p: Any) -> str:
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, level = found
        num = self.num_by_id.get(num_id)
        if num is None:
            return ""
        abstract = self.abstract_by_id.get(_val(_xpath(num, "w:abstractNumId")))
        if abstract is None:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        current = counters[level]
        counters[level] = self._start(num, abstract, level) if current is None else current + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        lvl = _level(abstract, level)
        if lvl is None:
            return ""
        label = _val(_xpath(lvl, "w:lvlText")) or ""
        for shown in range(9):
            placeholder = f"%{shown + 1}"
            if placeholder in label:
                shown_lvl = _level(abstract, shown)
                value = counters[shown] if counters[shown] is not None else self._start(num, abstract, shown)
                num_fmt = _val(_xpath(shown_lvl, "w:numFmt")) if shown_lvl is not None else None
                label = label.replace(placeholder, format_list_number(value, num_fmt or "decimal"))
        if not label.strip():
            return ""
        suffix = _val(_xpath(lvl, "w:suff")) or "tab"
        return label + ("" if suffix == "nothing" else " ")

    @staticmethod
    def _start(num: Any, abstract: Any, level: int) -> int:
        override = _xpath(num, f'w:lvlOverride[@w:ilvl="{level}"]/w:startOverride')
        lvl = _level(abstract, level)
        start = _val(override) if override else _val(_xpath(lvl, "w:start")) if lvl is not None else None
        return int(start) if start is not None and start.isdigit() else 1

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        """(numId, level) from the paragraph's own properties or, failing that, its style's chain,
        looked up once per style."""
        if p in self.with_num_pr or p in self.with_style:
            p_pr = child(p, tags().pPr)     # CT_P.pPr
            own = numbering_in(p_pr) if p_pr is not None else NOT_SET
            if own is not NOT_SET:
                return own
            key = style_id(p_pr) if p_pr is not None else None
        else:
            key = None
        if key not in self.style_numbering:
            if self.styles is None:
                self.styles = self.styles_root()
            found = NOT_SET
            style = self.styles.paragraph_style(key)      # Paragraph.style
            followed: list[Any] = []     # a style based on itself, or a longer circle, is followed once
            while style is not None and not any(style is s for s in followed):
                followed.append(style)
                found = numbering_in(child(style, tags().pPr))
                if found is not NOT_SET:
                    break
                style = self.styles.base_style(style)
            self.style_numbering[key] = None if found is NOT_SET else found
        return self.style_numbering[key]


@lru_cache(maxsize=None)
def _compiled(path: str) -> Any:
    from docx.oxml.ns import nsmap
    from lxml import etree

    return etree.XPath(path, namespaces={"w": nsmap["w"]})


def _xpath(element: Any, path: str) -> list[Any]:
    """XPath with the w: prefix bound, for python-docx's element classes and numbering.xml's plain lxml
    elements (abstractNum, lvl) alike."""
    return _compiled(path)(element)


def _w(attribute: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{attribute}")


def _val(elements: list[Any]) -> str | None:
    return elements[0].get(_w("val")) if elements else None


def _level(abstract: Any, level: int) -> Any:
    found = _xpath(abstract, f'w:lvl[@w:ilvl="{level}"]')
    return found[0] if found else None
