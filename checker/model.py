"""The canonical report model (spec/model.md): the table catalogue of both templates and the Report record.

The catalogue here is the one place that knows which rows and columns each template has; readers,
schemas and rules all take their shape from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from checker.diagnostics import Diagnostic, Location

TEMPLATES = ("2019", "2021")

# The three tables, their short names (as a clerk says them) and their full titles.
TABLES = ("active_disclosure", "applications", "review_litigation")
# the names under which a cross-report rule reads another report's tables (checker.years gives them): the
# same organ's report of the year before, of two years before, and another file of the same organ and year
OTHER_REPORTS = ("previous", "previous2", "twin")
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}
TABLE_TITLES = {"active_disclosure": "表二（主动公开政府信息情况）",
                "applications": "表三（收到和处理政府信息公开申请情况）",
                "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）"}
TEMPLATE_NAMES = {
    "2019": "国办公开办函〔2019〕60号",
    "2021": "国办公开办函〔2021〕30号",
}

# ── Table 三: applications ────────────────────────────────────────────────────────────────────────
APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total",
)
APPLICANT_COLUMN_TITLES = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "nonprofit": "社会公益组织",
    "legal_service": "法律服务机构", "other_org": "其他", "total": "总计",
}

_APPLICATION_ROWS_COMMON_HEAD: tuple[tuple[tuple[str, ...], str], ...] = (
    (("new_received",), "一、本年新收政府信息公开申请数量"),
    (("carried_over",), "二、上年结转政府信息公开申请数量"),
    (("results", "granted"), "（一）予以公开"),
    (("results", "partially_granted"), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (("results", "withheld", "state_secret"), "1.属于国家秘密"),
    (("results", "withheld", "prohibited_by_law"), "2.其他法律行政法规禁止公开"),
    (("results", "withheld", "security_stability"), "3.危及“三安全一稳定”"),
    (("results", "withheld", "third_party_rights"), "4.保护第三方合法权益"),
    (("results", "withheld", "internal_affairs"), "5.属于三类内部事务信息"),
    (("results", "withheld", "process_information"), "6.属于四类过程性信息"),
    (("results", "withheld", "enforcement_files"), "7.属于行政执法案卷"),
    (("results", "withheld", "query_matters"), "8.属于行政查询事项"),
    (("results", "unavailable", "not_held"), "1.本机关不掌握相关政府信息"),
    (("results", "unavailable", "needs_creation"), "2.没有现成信息需要另行制作"),
    (("results", "unavailable", "unclear_after_correction"), "3.补正后申请内容仍不明确"),
    (("results", "not_processed", "complaint"), "1.信访举报投诉类申请"),
    (("results", "not_processed", "repeated"), "2.重复申请"),
    (("results", "not_processed", "publication"), "3.要求提供公开出版物"),
    (("results", "not_processed", "excessive"), "4.无正当理由大量反复申请"),
    (("results", "not_processed", "confirm_existing"), "5.要求行政机关确认或重新出具已获取信息"),
)
_APPLICATION_ROWS_COMMON_TAIL = (
    (("results", "total"), "（七）总计"),
    (("carried_forward",), "四、结转下年度继续办理"),
)
OTHER_2019 = ((("results", "other"), "（六）其他处理"),)
OTHER_2021 = (
    (("results", "other", "no_correction"), "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (("results", "other", "unpaid_fee"), "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (("results", "other", "other"), "3.其他"),
)
APPLICATION_ROWS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "2019": _APPLICATION_ROWS_COMMON_HEAD + OTHER_2019 + _APPLICATION_ROWS_COMMON_TAIL,
    "2021": _APPLICATION_ROWS_COMMON_HEAD + OTHER_2021 + _APPLICATION_ROWS_COMMON_TAIL,
}
APPLICATION_GROUP_TITLES = {
    ("results",): "三、本年度办理结果",
    ("results", "withheld"): "（三）不予公开",
    ("results", "unavailable"): "（四）无法提供",
    ("results", "not_processed"): "（五）不予处理",
    ("results", "other"): "（六）其他处理",
}

# ── Table 四: review_litigation ───────────────────────────────────────────────────────────────────
REVIEW_GROUPS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
REVIEW_GROUP_TITLES = {
    "review": "行政复议", "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}
REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_COLUMN_TITLES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                        "pending": "尚未审结", "total": "总计"}

# ── Table 二: active_disclosure ───────────────────────────────────────────────────────────────────
# kind of each value column: count (integer ≥ 0), delta (signed integer), money (decimal ≥ 0, 万元)
COLUMN_KINDS = {
    "made": "count", "published": "count", "total_public": "count",
    "items_prev_year": "count", "change": "delta", "decisions": "count",
    "projects": "count", "amount_10k_yuan": "money",
    "issued": "count", "repealed": "count", "in_force": "count",
}
DISCLOSURE_COLUMN_TITLES = {
    "2019": {"made": "本年新制作数量", "published": "本年新公开数量", "total_public": "对外公开总数量",
             "items_prev_year": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
             "projects": "采购项目数量", "amount_10k_yuan": "采购总金额"},
    "2021": {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
             "decisions": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（单位：万元）"},
}


@dataclass(frozen=True)
class DisclosureRow:
    key: str
    title: str
    caption: str  # 第二十条第（N）项
    columns: tuple[str, ...]


DISCLOSURE_ROWS: dict[str, tuple[DisclosureRow, ...]] = {
    "2019": (
        DisclosureRow("regulations", "规章", "第二十条第（一）项", ("made", "published", "total_public")),
        DisclosureRow("normative_documents", "规范性文件", "第二十条第（一）项", ("made", "published", "total_public")),
        DisclosureRow("licensing", "行政许可", "第二十条第（五）项", ("items_prev_year", "change", "decisions")),
        DisclosureRow("other_services", "其他对外管理服务事项", "第二十条第（五）项", ("items_prev_year", "change", "decisions")),
        DisclosureRow("penalty", "行政处罚", "第二十条第（六）项", ("items_prev_year", "change", "decisions")),
        DisclosureRow("coercion", "行政强制", "第二十条第（六）项", ("items_prev_year", "change", "decisions")),
        DisclosureRow("fees", "行政事业性收费", "第二十条第（八）项", ("items_prev_year", "change")),
        DisclosureRow("procurement", "政府集中采购", "第二十条第（九）项", ("projects", "amount_10k_yuan")),
    ),
    "2021": (
        DisclosureRow("regulations", "规章", "第二十条第（一）项", ("issued", "repealed", "in_force")),
        DisclosureRow("normative_documents", "行政规范性文件", "第二十条第（一）项", ("issued", "repealed", "in_force")),
        DisclosureRow("licensing", "行政许可", "第二十条第（五）项", ("decisions",)),
        DisclosureRow("penalty", "行政处罚", "第二十条第（六）项", ("decisions",)),
        DisclosureRow("coercion", "行政强制", "第二十条第（六）项", ("decisions",)),
        DisclosureRow("fees", "行政事业性收费", "第二十条第（八）项", ("amount_10k_yuan",)),
    ),
}

SECTION_HEADINGS = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}


def pointer(*parts: str) -> str:
    """JSON Pointer from path parts (our keys never contain / or ~)."""
    return "/" + "/".join(parts)


def application_pointers(template: str) -> Iterator[tuple[str, str, str]]:
    """(pointer, row title, column title) for every table-三 cell of a template, in printed order."""
    for path, title in APPLICATION_ROWS[template]:
        for column in APPLICANT_COLUMNS:
            yield pointer("applications", *path, column), title, APPLICANT_COLUMN_TITLES[column]


def review_pointers() -> Iterator[tuple[str, str, str]]:
    for group in REVIEW_GROUPS:
        for column in REVIEW_COLUMNS:
            yield pointer("review_litigation", group, column), REVIEW_GROUP_TITLES[group], REVIEW_COLUMN_TITLES[column]


def disclosure_pointers(template: str) -> Iterator[tuple[str, str, str]]:
    for row in DISCLOSURE_ROWS[template]:
        for column in row.columns:
            yield pointer("active_disclosure", row.key, column), row.title, DISCLOSURE_COLUMN_TITLES[template][column]


def all_cell_pointers(template: str) -> list[str]:
    """Every value cell of tables 二, 三 and 四 (198 for 2019 + …; see spec §3)."""
    return [p for gen in (disclosure_pointers(template), application_pointers(template), review_pointers())
            for p, _, _ in gen]


_MISSING = object()


def resolve(data: Any, ptr: str, default: Any = _MISSING) -> Any:
    """Follow a JSON Pointer; raise KeyError (or return `default`) when a step is missing."""
    node = data
    for part in ptr.strip("/").split("/") if ptr not in ("", "/") else []:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            if default is _MISSING:
                raise KeyError(ptr)
            return default
    return node


def is_row(node: Any) -> bool:
    """A row of a table: a non-empty object whose values are all scalars (its cells)."""
    if not isinstance(node, dict) or not node:
        return False
    for value in node.values():
        if isinstance(value, (dict, list)):
            return False
    return True


def rows_under(node: Any, ptr: str) -> list[tuple[str, dict[str, Any]]]:
    """The rows at or under a node of the model, in printed order, with their pointers."""
    if not isinstance(node, dict):
        return []
    if is_row(node):
        return [(ptr, node)]
    found: list[tuple[str, dict[str, Any]]] = []
    for key, child in node.items():
        found.extend(rows_under(child, f"{ptr}/{key}"))
    return found


def row_title(ptr: str) -> str:
    """「（一）予以公开」, 「（三）不予公开 1.属于国家秘密」, 「行政复议」, 「行政许可」: a row's printed name."""
    parts = tuple(ptr.strip("/").split("/"))
    table, path = parts[0], parts[1:]
    if table == "applications":
        for template in TEMPLATES:
            for row_path, title in APPLICATION_ROWS[template]:
                if row_path == path:
                    group = APPLICATION_GROUP_TITLES.get(path[:-1])
                    if group and group != "三、本年度办理结果" and title[0].isdigit():
                        return f"{group} {title}"
                    return title
        if path in APPLICATION_GROUP_TITLES:
            return APPLICATION_GROUP_TITLES[path]
    if table == "review_litigation" and len(path) == 1:
        return REVIEW_GROUP_TITLES.get(path[0], path[0])
    if table == "active_disclosure" and len(path) == 1:
        for template in TEMPLATES:
            for row in DISCLOSURE_ROWS[template]:
                if row.key == path[0]:
                    return row.title
    return "/".join(path)


def column_title(table: str, column: str, row: str | None = None) -> str:
    """A column's printed name; for table 二 the row decides (amount_10k_yuan is 采购总金额 or 本年收费金额)."""
    if table == "applications":
        return APPLICANT_COLUMN_TITLES.get(column, column)
    if table == "review_litigation":
        return REVIEW_COLUMN_TITLES.get(column, column)
    for template in TEMPLATES:
        if any(r.key == row and column in r.columns for r in DISCLOSURE_ROWS[template]) or \
                (row is None and column in DISCLOSURE_COLUMN_TITLES[template]):
            return DISCLOSURE_COLUMN_TITLES[template][column]
    return column


def describe_pointer(ptr: str) -> str:
    """Chinese name of a cell: 表三「（七）总计」行「自然人」列, 表四「行政复议」「总计」, 表二「行政许可」「本年处理决定数量」."""
    parts = ptr.strip("/").split("/")
    row, column = "/".join(parts[:-1]), parts[-1]
    if parts[0] == "applications" and len(parts) >= 3 and column in APPLICANT_COLUMNS:
        return f"{TABLE_NAMES['applications']}「{row_title(row)}」行「{column_title('applications', column)}」列"
    if parts[0] == "review_litigation" and len(parts) == 3 and column in REVIEW_COLUMNS:
        return f"{TABLE_NAMES['review_litigation']}「{row_title(row)}」「{column_title('review_litigation', column)}」"
    if parts[0] == "active_disclosure" and len(parts) == 3 and column in COLUMN_KINDS:
        return (f"{TABLE_NAMES['active_disclosure']}「{row_title(row)}」"
                f"「{column_title('active_disclosure', column, parts[1])}」")
    if parts[0] == "sections" and len(parts) >= 2 and parts[1].isdigit():
        return f"正文第{int(parts[1]) + 1}个部分"  # by position: a report may miss or repeat a section
    return ptr


@dataclass
class Report:
    """A report in the canonical model, with where each value was printed and what the reader noticed."""

    data: dict[str, Any]                       # the canonical model, without source_map
    source_map: dict[str, dict[str, Any]]      # JSON Pointer → {line, column, page, text, …}
    path: str                                  # the file as the user named it ("-" for stdin)
    form: str                                  # text, html, docx, pdf, markdown, json, yaml, flat
    problems: list[Diagnostic] = field(default_factory=list)  # reader findings: missing tables, ambiguous cells …
    lines: list[str] | None = None             # decoded source lines for text-like forms (code frames)

    @property
    def template(self) -> str | None:
        return self.data.get("report", {}).get("template")

    @property
    def year(self) -> int | None:
        return self.data.get("report", {}).get("year")

    def get(self, ptr: str, default: Any = None) -> Any:
        return resolve(self.data, ptr, default)

    def source_entry(self, ptr: str) -> dict[str, Any] | None:
        """Where a pointer was printed: its own source_map entry, else that of its first printed part
        (a row's first cell, a table's first row)."""
        entry = self.source_map.get(ptr)
        if entry is None:
            prefix = ptr.rstrip("/") + "/"
            entry = next((e for key, e in self.source_map.items() if key.startswith(prefix)), None)
        return entry

    def locate(self, pointers: list[str], parents_within: bool = False) -> Location:
        """The printed place of the first pointer that has one (see source_entry); otherwise that of the
        nearest printed parent (a row, a section) — or, with `parents_within`, of the parent's first
        printed part too. Without any, just the file."""
        for ptr in pointers:
            entry = self.source_entry(ptr)
            if entry:
                return Location.from_source(self.path, entry)
        for ptr in pointers:
            parent = ptr.rsplit("/", 1)[0]
            while parent:
                entry = self.source_entry(parent) if parents_within else self.source_map.get(parent)
                if entry:
                    return Location.from_source(self.path, entry)
                parent = parent.rsplit("/", 1)[0]
        return Location(file=self.path)

    def to_json(self) -> dict[str, Any]:
        return {**self.data, "source_map": self.source_map}
