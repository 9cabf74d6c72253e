"""A paragraph's list numbering from its own properties or its style's chain, for the DOCX reader's list
numbers (checker/readers/docx_numbering.py), read from plain lxml elements as python-docx's objects read
them: CT_PPr.numPr and .style, CT_NumPr.numId and .ilvl, Styles.get_by_id and .default, BaseStyle.base_style.

A value python-docx would refuse (a number that is not one, a required attribute left out, a style type
Word does not have) is refused here with python-docx's own words, as damage to the file."""

from __future__ import annotations

from typing import Any, Callable

from checker.readers.docx_xml import child, tags

_STYLE_TYPES = frozenset(("paragraph", "character", "table", "numbering"))   # WD_STYLE_TYPE's XML values
_ON_OFF = ("1", "0", "true", "false", "on", "off")                          # ST_OnOff


class DamagedPart(Exception):
    """An element or attribute python-docx would refuse to read: the file's fault."""


NOT_SET = object()


def required(element: Any, attribute: str) -> str:
    """A required attribute's value (python-docx's RequiredAttribute): damage when it is left out."""
    value = element.get(attribute)
    if value is None:
        name = "w:" + attribute.rsplit("}", 1)[-1]
        raise DamagedPart(f"required '{name}' attribute not present on element {element.tag}")
    return value


def numbering_in(p_pr: Any) -> Any:
    """(numId, level) of a w:pPr's w:numPr; None where numId 0 switches numbering off; NOT_SET without
    a w:numPr or its w:numId. A numId or ilvl that is not a number raises ValueError, as int() does."""
    w = tags()
    num_pr = child(p_pr, w.numPr) if p_pr is not None else None
    num_id_element = child(num_pr, w.numId) if num_pr is not None else None
    if num_id_element is None:
        return NOT_SET
    num_id = str(int(required(num_id_element, w.val)))
    if num_id == "0":
        return None
    ilvl = child(num_pr, w.ilvl)
    level = int(required(ilvl, w.val)) if ilvl is not None else 0
    return num_id, min(max(level, 0), 8)


def style_id(p_pr: Any) -> str | None:
    """CT_PPr.style: the w:pStyle's value, None without one."""
    w = tags()
    p_style = child(p_pr, w.pStyle)
    return None if p_style is None else required(p_style, w.val)


def style_type(style: Any) -> str:
    value = style.get(tags().type)
    if value is None:
        return "paragraph"
    if value not in _STYLE_TYPES:
        raise ValueError(f"WD_STYLE_TYPE has no XML mapping for '{value}'")
    return value


class Styles:
    """The w:style children of a styles part, looked up by id: `styles` has each one's attributes (its
    children may be left out), `whole(i)` gives the i-th whole, with its w:pPr and w:basedOn."""

    def __init__(self, styles: list[Any], whole: Callable[[int], Any]) -> None:
        w = tags()
        self.styles = styles
        self.whole = whole
        self.by_id: dict[str, int] = {}
        for index, style in enumerate(styles):
            key = style.get(w.styleId)
            if key is not None:
                self.by_id.setdefault(key, index)

    @classmethod
    def of(cls, root: Any) -> Styles:
        """The styles of a parsed styles part."""
        styles = list(root.iterchildren(tags().style))
        return cls(styles, styles.__getitem__)

    def paragraph_style(self, key: str | None) -> Any:
        """Styles.get_by_id(key, PARAGRAPH): the paragraph style with this id, else the default one."""
        if key is not None:
            index = self.by_id.get(key)
            if index is not None and style_type(self.styles[index]) == "paragraph":
                return self.whole(index)
        return self.default_paragraph_style()

    def default_paragraph_style(self) -> Any:
        """The last paragraph style marked w:default in document order (CT_Styles.default_for)."""
        w = tags()
        found = None
        for index, style in enumerate(self.styles):
            if style_type(style) == "paragraph":
                default = style.get(w.default)
                if default is None:
                    continue
                if default not in _ON_OFF:
                    raise DamagedPart("value must be one of '1', '0', 'true', 'false', 'on', or 'off', "
                                      f"got '{default}'")
                if default in ("1", "true", "on"):
                    found = index
        return None if found is None else self.whole(found)

    def base_style(self, style: Any) -> Any:
        """CT_Style.base_style: the style its w:basedOn names (of any type), or None."""
        w = tags()
        based_on = child(style, w.basedOn)
        if based_on is None:
            return None
        index = self.by_id.get(required(based_on, w.val))
        if index is None:
            return None
        style_type(self.styles[index])     # StyleFactory refuses a style of a type Word does not have
        return self.whole(index)
