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


class ParagraphTexts:
    """The text of every paragraph of a body as Word shows it with changes tracked, found in one pass
    over the body's runs and their text elements.

    python-docx's `Paragraph.text` reads only the runs directly under w:p and in hyperlinks, and so drops
    a number typed while Track Changes was on (w:ins), or inside a content control, smart tag or simple
    field. Here a run belongs to the paragraph that is its nearest ancestor among w:p, w:del, w:moveFrom
    and w:txbxContent: runs of deleted text (w:del, w:moveFrom) are left out, and so are those of another
    paragraph inside this one (a text box). A run's text is CT_R.text: its w:t text, w:tab and w:ptab as
    a TAB, w:cr and a line-wrapping w:br as a new line (a page or column break as nothing),
    w:noBreakHyphen as "-"; a paragraph's is its runs' in document order."""

    def __init__(self, body: Any) -> None:
        w = tags()
        skip, p_tag, r_tag, t_tag, tab, ptab, br, cr = w.skip, w.p, w.r, w.t, w.tab, w.ptab, w.br, w.cr
        self.runs: dict[Any, list[list[str]]] = {}    # paragraph → its runs' pieces
        pieces_of: dict[Any, list[str]] = {}          # run → its pieces, for the runs kept
        for item in body.iter(r_tag, t_tag, tab, ptab, br, cr, w.noBreakHyphen):
            tag = item.tag
            if tag == r_tag:
                ancestor = item.getparent()
                while ancestor is not None and ancestor.tag not in skip:
                    ancestor = ancestor.getparent()
                if ancestor is not None and ancestor.tag == p_tag:
                    pieces: list[str] = []
                    pieces_of[item] = pieces
                    self.runs.setdefault(ancestor, []).append(pieces)
                continue
            pieces = pieces_of.get(item.getparent())
            if pieces is None:
                continue         # not a run's child, or a run of deleted text, or outside a paragraph
            if tag == t_tag:
                pieces.append(item.text or "")
            elif tag == tab or tag == ptab:
                pieces.append("\t")
            elif tag == br:
                kind = item.get(w.type)
                if kind is None or kind == "textWrapping":
                    pieces.append("\n")
            elif tag == cr:
                pieces.append("\n")
            else:    # w:noBreakHyphen
                pieces.append("-")

    def text(self, p: Any) -> str:
        runs = self.runs.get(p)
        if runs is None:
            return ""
        return "".join(pieces[0] if len(pieces) == 1 else "".join(pieces) for pieces in runs)
