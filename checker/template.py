"""Which template a report follows, from the labels it prints (spec §3.5), not from its year alone.

The evidence is the official labels the assembler witnesses as it recognises them (`template_evidence`)."""

from __future__ import annotations

def template_for_year(year: int | None) -> str:
    """The template a report year calls for (spec §1.2): 60号 up to 2020, 30号 from 2021 (and when unknown)."""
    return "2019" if year is not None and year <= 2020 else "2021"


def detect(evidence: dict[str, list[str]], year: int | None) -> str:
    """The template with more fingerprint labels; the year decides a tie (or no evidence at all).

    A mixed fingerprint is kept in `template_evidence` for the rules to report (D5)."""
    n2019, n2021 = len(evidence.get("2019", [])), len(evidence.get("2021", []))
    if n2019 > n2021:
        return "2019"
    if n2021 > n2019:
        return "2021"
    return template_for_year(year)
