"""The six section headings as reports really print them: found by their numbering and position as well as
their words, inside a paragraph or in the middle of a page saved as one line.

`labels.section_heading` knows the headings' usual spellings. Here are the rest: a heading misprinted
(`四、政府信息公开行政法复议、行政诉讼情况`) or worded its own way (`五、存在的主要问题及整改措施`) is still
that section when its numbering and place say so; the assembler then warns, quoting what was printed and
what the template says. A sub-heading inside a section (`（二）规范化办理依申请公开`) is never a section.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker import labels
from checker.lazy_re import lazy
from checker.model import SECTION_HEADINGS

_NUMERALS = "一二三四五六"
_NUMBERING = lazy(r"(?<![（(第])([一二三四五六])\s*[、.．]\s*")
_OPEN = r"[^。；;，,！？0-9]"      # a character a heading can hold

# The usual spellings (no warning), each read from just after the numbering.
_STRICT = {
    1: r"(?:政府信息公开(?:工作)?)?(?:总体情况|概述)",
    2: r"(?:政府信息)?主动公开政府信息的?情况|主动公开情况",
    3: r"收到和处理政府信息公开申请的?情况",
    4: r"(?:政府信息公开|行政机关|因政府信息公开工作被申请|因政府信息公开申请)?(?:提起)?行政复议[、和及]?(?:提起)?行政诉讼的?情况",
    5: r"(?:政府信息公开(?:工作)?)?存在的?(?:主要)?问题(?:及|和)改进情况",
    6: r"其他需要报告的?事项",
}
# Other wordings and misprints: the section's key words in a short phrase that ends like a heading.
_VARIANT = {
    1: rf"{_OPEN}{{0,10}}?总体{_OPEN}{{0,8}}?情况",
    2: rf"{_OPEN}{{0,10}}?主动公开{_OPEN}{{0,10}}?情况",
    3: rf"{_OPEN}{{0,14}}?申请{_OPEN}{{0,10}}?情况",
    4: rf"{_OPEN}{{0,16}}?复议{_OPEN}{{0,10}}?诉讼{_OPEN}{{0,6}}?情况",
    5: rf"{_OPEN}{{0,14}}?问题{_OPEN}{{0,10}}?(?:情况|措施|举措)",
    6: rf"{_OPEN}{{0,10}}?其他{_OPEN}{{0,10}}?事项(?:与附表|及附表)?",
}
_STRICT_RE = {n: lazy(p) for n, p in _STRICT.items()}
_VARIANT_RE = {n: lazy(p) for n, p in _VARIANT.items()}


@dataclass(frozen=True)
class Heading:
    number: int
    start: int          # where the numbering starts in the text
    end: int            # where the heading ends (its body text follows)
    printed: str        # the heading without its numbering, as printed
    numbering: str      # as printed, e.g. 一、
    usual: bool         # printed in one of the usual spellings

    @property
    def expected(self) -> str:
        return SECTION_HEADINGS[self.number]


def _match(text: str, at: int, number: int) -> tuple[int, bool] | None:
    """(end, usual) when a heading of section `number` is printed at `at` (just after its numbering)."""
    strict = _STRICT_RE[number].match(text, at)
    if strict:
        return strict.end(), True
    variant = _VARIANT_RE[number].match(text, at)
    if variant:
        return variant.end(), False
    return None


def find_headings(text: str) -> list[Heading]:
    """The section headings printed anywhere in `text` (a page saved as one line), in printed order.

    A numbering (`四、`) starts a heading when the words after it are that section's, in a usual spelling
    or, between the sections before and after it, in another wording. Table rows numbered the same way
    (`四、结转下年度继续办理`) are not headings: their words are no section's."""
    found: list[Heading] = []
    for match in _NUMBERING.finditer(text):
        number = _NUMERALS.index(match.group(1)) + 1
        hit = _match(text, match.end(), number)
        if hit is None:
            continue
        end, usual = hit
        found.append(Heading(number, match.start(), end, text[match.end():end].strip(),
                             text[match.start():match.end()].strip(), usual))
    return _in_sequence(found)


def _in_sequence(found: list[Heading]) -> list[Heading]:
    """Keep a usual heading wherever it stands; keep another wording only where the numbering sequence
    puts it (after the section before it and before the section after it), and only once."""
    usual_numbers = {h.number for h in found if h.usual}
    kept: list[Heading] = []
    for heading in found:
        if heading.usual:
            kept.append(heading)
            continue
        if heading.number in usual_numbers or any(k.number == heading.number for k in kept):
            continue
        before = [k.number for k in kept]
        after = [h.number for h in found if h.usual and h.start > heading.start]
        if (not before or max(before) < heading.number) and (not after or min(after) > heading.number):
            kept.append(heading)
    return kept


def variant_heading(text: str, expected: set[int]) -> Heading | None:
    """A paragraph printing one of the `expected` sections in another wording (or misprinted), numbered
    `N、` as the top-level headings are; None for anything else, sub-headings `（N）` included."""
    stripped = text.strip()
    match = _NUMBERING.match(stripped)
    if not match or len(labels.normalise(stripped)) > 40:
        return None
    number = _NUMERALS.index(match.group(1)) + 1
    if number not in expected:
        return None
    hit = _match(stripped, match.end(), number)
    if hit is None or stripped[hit[0]:].strip(" 。:：") != "":
        return None
    return Heading(number, 0, hit[0], stripped[match.end():hit[0]].strip(), match.group(0).strip(), hit[1])


def is_usual(number: int, printed: str) -> bool:
    """Whether a heading read as section `number` is printed in one of its usual spellings (kept by the
    heading: every report prints the same few)."""
    key = (number, printed)
    usual = _USUAL.get(key)
    if usual is None:
        usual = bool(_STRICT_RE[number].fullmatch(labels.normalise(printed).rstrip("。:：")))
        if len(printed) <= 48:
            if len(_USUAL) >= 2048:
                _USUAL.clear()
            _USUAL[key] = usual
    return usual


_USUAL: dict[tuple[int, str], bool] = {}


def top_level(paragraphs: list[str]) -> dict[int, tuple[int, str, str, bool]]:
    """Which paragraphs (by index) are the section headings: (number, heading as printed, numbering,
    usual spelling).

    A paragraph with a section's words is a heading (labels.section_heading), except a sub-heading: one
    numbered `（N）` in a report whose headings are numbered `N、`. A paragraph numbered `N、` in another
    wording, or misprinted, is section N when it stands where the numbering sequence puts N: after the
    headings of lower numbers found so far and before those of higher numbers."""
    found: dict[int, tuple[int, str, str, bool]] = {}
    for index, text in enumerate(paragraphs):
        heading = labels.section_heading(text)
        if heading:
            number, printed, numbering = heading
            found[index] = (number, printed, numbering, is_usual(number, printed))
    plain = [i for i, h in found.items() if not h[2].startswith("(")]
    if len(plain) >= 2:
        found = {i: h for i, h in found.items() if not h[2].startswith("(")}
    numbers = {h[0] for h in found.values()}
    if len(numbers) == len(_NUMERALS):
        return found     # every section found: no paragraph is another's variant heading (variant_heading)
    for index, text in enumerate(paragraphs):
        if index in found:
            continue
        variant = variant_heading(text, {n for n in range(1, 7) if n not in numbers})
        if variant is None:
            continue
        before = [h[0] for i, h in found.items() if i < index]
        after = [h[0] for i, h in found.items() if i > index]
        if (not before or max(before) < variant.number) and (not after or min(after) > variant.number):
            found[index] = (variant.number, variant.printed, variant.numbering, False)
            numbers.add(variant.number)
    return found
