"""`sections_not_empty` (D2): no section is empty; sections 二–四 are filled by their tables."""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine.checks.base import Check, Finding, Run
from checker.engine.checks.sections import run_sections, section_label


@dataclass
class SectionsNotEmptyCheck(Check):
    """A section with no text is empty, except sections 二–四, whose content is their table (checked by
    tables_present, so a missing table is reported once)."""

    kind = "sections_not_empty"
    label = "各部分不为空"
    tables: dict[int, str]

    @classmethod
    def build(cls, spec: dict) -> "SectionsNotEmptyCheck":
        return cls({int(k): v for k, v in (spec.get("tables") or {}).items()})

    def run(self, rule: str, run: Run) -> None:
        for index, section in enumerate(run_sections(run) or []):
            text = section.get("text")
            if isinstance(text, str) and text.strip():
                continue
            if section.get("number") in self.tables:
                continue   # its table is its content; a missing table is tables_present's finding
            number = section.get("number")
            label = section_label(number) if isinstance(number, int) and 1 <= number <= 6 else section.get("heading")
            run.findings.append(Finding(rule, f"「{label}」部分为空：没有文字，也没有表格", [f"/sections/{index}"]))
