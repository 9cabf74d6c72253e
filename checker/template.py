"""Which template a report follows, and how each template's layout shows in print and in the model: the one
place that knows it (spec §1.2, §3.5).

- While reading, the assembler asks which printed labels are evidence of a template (`*_evidence`) and
  keeps them in `template_evidence`; `detect` then picks the template from that evidence, not from the year.
- When checking, the rules ask which template a year calls for (`expected_template`) and in which layout
  each table of a model is printed (`disclosure_layout`, `applications_layout`, `printed_in_other_layout`).
"""

from __future__ import annotations

from typing import Any

from checker.model import DISCLOSURE_COLUMN_TITLES, OTHER_2021, is_row, resolve

# table 二 columns only one template has (the 2019 ones also by row: other_services, procurement)
_DISCLOSURE_2019_COLUMNS = {"made", "published", "total_public", "items_prev_year", "change", "projects"}
_DISCLOSURE_2019_ROWS = {"other_services", "procurement"}
_DISCLOSURE_2021_COLUMNS = {"issued", "repealed", "in_force"}
_OTHER_2021_TITLES = dict(OTHER_2021)


def template_for_year(year: int | None) -> str:
    """The template a report year calls for (spec §1.2): 60号 up to 2020, 30号 from 2021 (and when unknown)."""
    return "2019" if year is not None and year <= 2020 else "2021"


def expected_template(year: int | None) -> str | None:
    """The template a report year calls for; None when the year is unknown or before 2019 (out of scope)."""
    if isinstance(year, int) and year >= 2019:
        return template_for_year(year)
    return None


def detect(evidence: dict[str, list[str]], year: int | None) -> str:
    """The template with more fingerprint labels; the year decides a tie (or no evidence at all).

    A mixed fingerprint is kept in `template_evidence` for the rules to report (D5)."""
    n2019, n2021 = len(evidence.get("2019", [])), len(evidence.get("2021", []))
    if n2019 > n2021:
        return "2019"
    if n2021 > n2019:
        return "2021"
    return template_for_year(year)


# ── evidence in print ─────────────────────────────────────────────────────────────────────────────

def disclosure_caption_evidence(caption: str) -> tuple[str, str] | None:
    """表二's 第二十条第（九）项 (政府集中采购) is printed only in the 2019 template."""
    return ("2019", "第二十条第（九）项") if caption == "九" else None


def disclosure_column_evidence(key: str, template: str, printed: str) -> tuple[str, str]:
    """A 表二 column heading is evidence of the template whose heading it matched."""
    titles = DISCLOSURE_COLUMN_TITLES[template]
    return template, titles[key] if key in titles else printed


def disclosure_row_evidence(key: str, label: str) -> tuple[str, str] | None:
    """规范性文件 (2019) or 行政规范性文件 (2021); 其他对外管理服务事项 and 政府集中采购 are 2019 rows."""
    if key == "normative_documents":
        return ("2021", "行政规范性文件") if "行政规范性文件" in label else ("2019", "规范性文件")
    if key == "other_services":
        return "2019", "其他对外管理服务事项"
    if key == "procurement":
        return "2019", "政府集中采购"
    return None


def application_row_evidence(path: tuple[str, ...]) -> tuple[str, str] | None:
    """表三（六）其他处理 is one row in 2019 and three sub-rows in 2021."""
    if path == ("results", "other"):
        return "2019", "（六）其他处理（一行）"
    if path[:2] == ("results", "other"):
        return "2021", _OTHER_2021_TITLES[path]
    return None


# ── layout in the model ───────────────────────────────────────────────────────────────────────────

def disclosure_layout(data: dict) -> str | None:
    """2019, 2021, mixed (columns or rows of both) or None (no 表二, or nothing telling)."""
    table = data.get("active_disclosure")
    if not isinstance(table, dict):
        return None
    keys = set(table) | {c for row in table.values() if isinstance(row, dict) for c in row}
    old = bool(keys & (_DISCLOSURE_2019_COLUMNS | _DISCLOSURE_2019_ROWS))
    new = bool(keys & _DISCLOSURE_2021_COLUMNS)
    return "mixed" if old and new else "2019" if old else "2021" if new else None


def applications_layout(data: dict) -> str | None:
    """2019 when 表三（六）其他处理 is one row, 2021 when it is a group of rows, None when absent."""
    other = resolve(data, "/applications/results/other", None)
    if not isinstance(other, dict) or not other:
        return None
    return "2021" if all(isinstance(v, dict) for v in other.values()) else "2019"


def printed_in_other_layout(data: Any, table: str, row_path: tuple[str, ...]) -> bool:
    """A template row under a node the report printed as a row (a single （六） row in a 2021 report)."""
    node = data.get(table) if isinstance(data, dict) else None
    for part in row_path[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
        if is_row(node):
            return True
    return False
