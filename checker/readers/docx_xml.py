"""WordprocessingML read at the level of lxml elements, for the DOCX reader (checker/readers/docx.py),
exactly as python-docx's own objects read it (CT_Tc.vMerge, CT_R.text, CT_P.pPr). Comparing tags on the
elements python-docx parsed, instead of asking its properties (an XPath per run, a Python object per cell
and paragraph, ElementPath per find), is most of what reading a DOCX used to cost."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class Tags:
    """WordprocessingML tag names in lxml's {namespace}name form, made once from python-docx's namespace
    map."""

    def __init__(self) -> None:
        from docx.oxml.ns import qn

        for name in ("p", "tbl", "tr", "tc", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "tcPr",
                     "vMerge", "val", "type", "pPr", "numPr", "pStyle", "numId", "ilvl", "document", "body",
                     "styles", "style", "styleId", "basedOn", "default"):
            setattr(self, name, qn(f"w:{name}"))
        # a run under one of these is not the paragraph's text (see paragraph_text)
        self.skip = frozenset(qn(f"w:{name}") for name in ("del", "moveFrom", "p", "txbxContent"))


@lru_cache(maxsize=1)
def tags() -> Tags:
    return Tags()


def child(element: Any, tag: str) -> Any:
    """The first child with this tag, or None: element.find(tag) without ElementPath's Python."""
    for found in element.iterchildren(tag):
        return found
    return None


def v_merge(tc: Any) -> str | None:
    """CT_Tc.vMerge: ./w:tcPr/w:vMerge/@w:val, "continue" when the attribute is left out, None without
    a w:vMerge."""
    w = tags()
    tc_pr = child(tc, w.tcPr)
    merge = child(tc_pr, w.vMerge) if tc_pr is not None else None
    if merge is None:
        return None
    value = merge.get(w.val)
    return "continue" if value is None else value


def run_text(run: Any, w: Tags) -> str:
    """CT_R.text: the run's w:t text, w:tab and w:ptab as a TAB, w:cr and a line-wrapping w:br as a new
    line (a page or column break as nothing), w:noBreakHyphen as "-"."""
    parts: list[str] = []
    for item in run.iterchildren(w.t, w.tab, w.ptab, w.br, w.cr, w.noBreakHyphen):   # not w:rPr
        tag = item.tag
        if tag == w.t:
            parts.append(item.text or "")
        elif tag == w.tab or tag == w.ptab:
            parts.append("\t")
        elif tag == w.br:
            kind = item.get(w.type)
            if kind is None or kind == "textWrapping":
                parts.append("\n")
        elif tag == w.cr:
            parts.append("\n")
        elif tag == w.noBreakHyphen:
            parts.append("-")
    return "".join(parts)


def paragraph_text(p: Any) -> str:
    """The paragraph's text as Word shows it with changes tracked: python-docx's `Paragraph.text` reads
    only the runs directly under w:p and in hyperlinks, and so drops a number typed while Track Changes
    was on (w:ins), or inside a content control, smart tag or simple field. Runs of deleted text (w:del,
    w:moveFrom) are left out, and so are those of another paragraph inside this one (a text box)."""
    w = tags()
    skip = w.skip
    parts: list[str] = []
    for run in p.iter(w.r):
        ancestor = run.getparent()
        while ancestor is not p and ancestor is not None and ancestor.tag not in skip:
            ancestor = ancestor.getparent()
        if ancestor is p:
            parts.append(run_text(run, w))
    return "".join(parts)
