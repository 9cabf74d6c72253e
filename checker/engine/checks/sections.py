"""`sections` (D1): the six sections the templates require are all there, each once, in order."""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine.checks.base import Check, Finding, Run
from checker.model import SECTION_HEADINGS

_NUMERALS = "一二三四五六七八九十"


def sections_of(data: dict) -> list[dict] | None:
    """The sections as a list of objects (None when the model has no list of sections at all)."""
    sections = data.get("sections")
    if not isinstance(sections, list):
        return None
    out = []
    for section in sections:
        section = section if isinstance(section, dict) else {}
        number = section.get("number")
        out.append({"number": number if isinstance(number, int) and not isinstance(number, bool) else None,
                    "heading": section.get("heading") if isinstance(section.get("heading"), str) else "",
                    "text": section.get("text") if isinstance(section.get("text"), str) else ""})
    return out


_READ = object()   # in a run's memo: its sections_of


def run_sections(run: Run) -> list[dict] | None:
    """sections_of the run's report, made once for the checks that read them (D1, D2); they only read it."""
    found = run.memo.get(_READ, _READ)
    if found is _READ:
        found = run.memo[_READ] = sections_of(run.data)
    return found


def section_label(number: int) -> str:
    return f"{_NUMERALS[number - 1]}、{SECTION_HEADINGS.get(number, '')}"


@dataclass
class SectionsCheck(Check):
    """The sections the templates require are all there, each once, in order."""

    kind = "sections"
    label = "六个部分齐全且有序"
    numbers: list[int]

    @classmethod
    def build(cls, spec: dict) -> "SectionsCheck":
        return cls(list(spec.get("numbers") or SECTION_HEADINGS))

    def run(self, rule: str, run: Run) -> None:
        sections = run_sections(run)
        if sections is None:
            return
        found = [s.get("number") for s in sections]
        missing = [n for n in self.numbers if n not in found]
        if missing:
            names = "、".join(f"「{section_label(n)}」" for n in missing)
            run.findings.append(Finding(rule, f"缺少{len(missing)}个部分：{names}（应有六个部分，依次为一至六）",
                                        ["/sections"], expected=self.numbers, actual=found))
        present = [n for n in found if isinstance(n, int) and n in self.numbers]
        repeated = sorted({n for n in present if present.count(n) > 1})
        if repeated:
            names = "、".join(f"「{section_label(n)}」" for n in repeated)
            run.findings.append(Finding(rule, f"部分重复出现：{names}", ["/sections"],
                                        expected=self.numbers, actual=found))
        elif present != sorted(present):
            order = "、".join(_NUMERALS[n - 1] for n in present)
            moved = "、".join(f"「{section_label(n)}」" for n in _out_of_place(present))
            run.findings.append(Finding(rule, f"各部分顺序不对：实际为 {order}，应为一至六依次排列；{moved}不在应有的位置",
                                        ["/sections"], expected=self.numbers, actual=found))


def _out_of_place(present: list[int]) -> list[int]:
    """The sections to move so that the rest stand in order: those outside a longest run in order."""
    best: list[list[int]] = []
    for i, n in enumerate(present):
        longest = max((best[j] for j in range(i) if present[j] < n), key=len, default=[])
        best.append([*longest, n])
    keep = max(best, key=len, default=[])
    return [n for n in present if n not in keep]
