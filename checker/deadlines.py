"""What D8 needs beyond the report's own text: its kind, when it was published, and the deadline that applies.

- **Kind** (`report.kind`): the configuration's `[kinds]` for the report's path, else what the reader or the
  data gave, else `organs.infer_kind` from the title and organ where the wording is clear; else unknown.
- **Publication date** (`report.published_on`): `--published DATE` when given (one report), else what the
  reader found (an HTML page's metadata or 发布时间, a crawler header's 发布时间, PDF metadata).
- **Deadline** (`report.deadline`): the configuration's `[deadlines]` for the path (a local rule such as
  怀化 2022's 1月28日 for 市直单位), else the official one for the kind (spec §1.3: 条例 art. 49,
  国办公开办函〔2019〕60号 / 〔2021〕30号 §二), in the year after the report year.

Unknown kind or date leaves the deadline or the date blank, so D8 is not assessable for that report;
`not_assessable` lets the command say so once for a whole batch.
"""

from __future__ import annotations

import datetime

from checker.config import Config
from checker.model import Report
from checker.organs import infer_kind

# kind → (month, day) of the year after the report year (spec §1.3)
OFFICIAL_DEADLINES = {
    "organ": (1, 31),        # 县级以上人民政府部门, 乡镇, a government's own office: art. 49, 60号/30号 §二
    "county": (2, 20),       # the county-level aggregate: 60号/30号 §二
    "prefecture": (3, 10),   # the prefecture-level aggregate: 60号/30号 §二
    "province": (3, 31),     # the provincial aggregate: 60号/30号 §二; art. 49 for 本级政府
    "vertical": (3, 31),     # 实行垂直领导的部门: the whole system's aggregate, 60号/30号 §二
}
KIND_NAMES = {"organ": "本机关年度报告", "county": "县级汇总年度报告", "prefecture": "设区的市级汇总年度报告",
              "province": "省级汇总年度报告", "vertical": "垂直管理系统汇总年度报告"}


def parse_date(text: str) -> str:
    """`--published`: an ISO date (2024-01-20), or 2024年1月20日 / 2024/1/20 / 2024.1.20; ValueError otherwise."""
    import re

    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text or "")
    if not match:
        raise ValueError(f"--published {text!r}: expected a date such as 2024-01-20")
    year, month, day = (int(g) for g in match.groups())
    return datetime.date(year, month, day).isoformat()


def complete_facts(report: Report, config: Config | None, published: str | None = None) -> None:
    """Fill `report.kind`, `report.published_on` and `report.deadline` for D8 (in place; the file is untouched)."""
    info = report.data.get("report")
    if not isinstance(info, dict):
        return
    config = config or Config()
    configured = config.matching(config.kinds, report.path) if config.kinds else None
    kind = configured or (info.get("kind") if info.get("kind") in OFFICIAL_DEADLINES else None)
    if kind is None:
        kind = infer_kind(info.get("title") if isinstance(info.get("title"), str) else None,
                          info.get("organ") if isinstance(info.get("organ"), str) else None)
    info["kind"] = kind
    if published:
        info["published_on"] = published
    year = info.get("year")
    local = config.matching(config.deadlines, report.path) if config.deadlines else None
    deadline = None
    if isinstance(year, int) and not isinstance(year, bool):
        if local:
            deadline = f"{year + 1}-{local}"
        elif kind in OFFICIAL_DEADLINES:
            month, day = OFFICIAL_DEADLINES[kind]
            deadline = f"{year + 1}-{month:02d}-{day:02d}"
    info["deadline"] = deadline


def not_assessable(report: Report | None) -> bool:
    """D8 could not be checked: the deadline (kind) or the publication date is unknown."""
    info = report.data.get("report") if report is not None else None
    return not isinstance(info, dict) or not info.get("deadline") or not info.get("published_on")
