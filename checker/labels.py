"""The label catalogue: printed row, column and heading labels in all their real-world variants, mapped
to model keys (spec §6.6). Matching is by keyword on a normalised label, and by numbered stem where a
label is misprinted (`2.其他法律行政止公开`).
"""

from __future__ import annotations

import re
import unicodedata

from checker.values import clean, short_text_cache, strip_space

_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞]")
_BREAK = re.compile(r"<br/?>", re.I)
_SYNONYMS = (("转结", "结转"), ("下一年度", "下年度"), ("新收到", "新收"), ("合计", "总计"))


@short_text_cache   # pure, and every report of a batch prints the same labels
def normalise(text: str) -> str:
    """NFKC (one bracket width), no whitespace or <br>, no quotes, and the known spelling variants unified."""
    t = _BREAK.sub("", clean(text))  # clean() has already taken the space out of <br />
    t = _QUOTES.sub("", t)
    for variant, canonical in _SYNONYMS:
        t = t.replace(variant, canonical)
    return t


# ── Table 三 rows ─────────────────────────────────────────────────────────────────────────────────
# Leaves: (path, group, keywords any of which identifies the leaf, numbered stem within its group). A
# keyword near a label's start names the row from the first line of a label a PDF's text layer wrapped.
_LEAVES: tuple[tuple[tuple[str, ...], str, tuple[str, ...], int], ...] = (
    (("results", "withheld", "state_secret"), "withheld", ("国家秘密",), 1),
    (("results", "withheld", "prohibited_by_law"), "withheld", ("禁止公开", "法律行政法规", "其他法律行政"), 2),
    (("results", "withheld", "security_stability"), "withheld", ("三安全一稳定", "危及"), 3),
    (("results", "withheld", "third_party_rights"), "withheld", ("第三方",), 4),
    (("results", "withheld", "internal_affairs"), "withheld", ("内部事务",), 5),
    (("results", "withheld", "process_information"), "withheld", ("过程性",), 6),
    (("results", "withheld", "enforcement_files"), "withheld", ("执法案卷",), 7),
    (("results", "withheld", "query_matters"), "withheld", ("查询事项",), 8),
    (("results", "unavailable", "not_held"), "unavailable", ("不掌握",), 1),
    (("results", "unavailable", "needs_creation"), "unavailable", ("另行制作", "没有现成"), 2),
    (("results", "unavailable", "unclear_after_correction"), "unavailable", ("仍不明确", "补正后申请"), 3),
    (("results", "not_processed", "complaint"), "not_processed", ("信访", "举报投诉"), 1),
    (("results", "not_processed", "repeated"), "not_processed", ("重复申请",), 2),
    (("results", "not_processed", "publication"), "not_processed", ("出版物",), 3),
    (("results", "not_processed", "excessive"), "not_processed", ("大量反复",), 4),
    (("results", "not_processed", "confirm_existing"), "not_processed", ("重新出具", "确认或", "要求行政机关"), 5),
    (("results", "other", "no_correction"), "other", ("逾期不补正", "无正当理由逾期"), 1),
    (("results", "other", "unpaid_fee"), "other", ("缴纳费用", "收费通知", "逾期未按"), 2),
)
# Groups of 三、本年度办理结果 that hold leaves, by their keyword.
_GROUPS = (("withheld", "不予公开"), ("unavailable", "无法提供"), ("not_processed", "不予处理"), ("other", "其他处理"))
_STEM = re.compile(r"^(?:\(?(\d{1,2})\)?[.、．,]?|[①②③④⑤⑥⑦⑧])")
_CIRCLED = "①②③④⑤⑥⑦⑧"


def application_group(label: str) -> str | None:
    """The （三）–（六） group a (normalised) label opens, if any."""
    for group, keyword in _GROUPS:
        if keyword in label and not (group == "withheld" and "部分公开" in label):
            return group
    return None


def _stem_number(label: str) -> int | None:
    match = _STEM.match(label)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    return _CIRCLED.index(label[0]) + 1


@short_text_cache   # pure, and every table 三 prints the same few dozen row labels
def application_row(label: str, group: str | None) -> tuple[tuple[str, ...] | None, str | None]:
    """Classify a normalised table-三 row label, given the group open above it.

    Returns (path or None, the group now open). A label may both open a group and name its first leaf
    (`（三）不予公开1.属于国家秘密`), as PDF text and rowspan-less renderings print them."""
    opened = application_group(label)
    if opened:
        group = opened
        # Remove the group label so what follows is the leaf label.
        for g, keyword in _GROUPS:
            if g == opened:
                label = label.split(keyword, 1)[1]
                label = re.sub(r"^[)）]?", "", label)
    for path, leaf_group, keywords, _ in _LEAVES:
        if any(k in label for k in keywords):
            return path, leaf_group
    if _STEM.sub("", label, count=1) == "其他" and _stem_number(label) == 3:
        return ("results", "other", "other"), "other"   # `3.其他` is （六）'s whatever group was open above
    if "本年新收" in label or ("新收" in label and "申请" in label):
        return ("new_received",), None
    if "上年结转" in label:
        return ("carried_over",), None
    if "结转下年度" in label or "下年度继续办理" in label:
        return ("carried_forward",), None
    if "部分公开" in label:
        return ("results", "partially_granted"), None
    if "予以公开" in label:
        return ("results", "granted"), None
    if "总计" in label:
        return ("results", "total"), None
    if group is not None:
        number = _stem_number(label)
        if group == "other":
            if opened and not label:
                return ("results", "other"), group          # one （六）其他处理 row: the 2019 layout
            if "其他" in label or number == 3:
                return ("results", "other", "other"), group
        if number is not None:
            for path, leaf_group, _, stem in _LEAVES:
                if leaf_group == group and stem == number:
                    return path, group
    return None, group


_GROUP_PREFIXES = ("三、本年度办理结果", "本年度办理结果", "(三)不予公开", "(四)无法提供", "(五)不予处理", "(六)其他处理")
_LEADING_NUMBER = re.compile(r"^(?:\(?\d{1,2}\)?[.、．,]?|[①②③④⑤⑥⑦⑧]|[一二三四五六七]、|\([一二三四五六七]\))+")
_LONGEST_LABEL = 200     # a longer "label" is no known label at all (and is not worth a quadratic look)
_PARENTHETICAL = re.compile(r"\([^()]*\)")


@short_text_cache
def _row_label_key(label: str) -> str:
    """A row label with what legitimately varies taken out: group labels glued on, numbering, the
    parenthetical note, and the spellings normalise() unifies."""
    key = normalise(label)
    if len(key) > _LONGEST_LABEL:
        return key
    changed = True
    while changed:
        changed = False
        for group in _GROUP_PREFIXES:
            # PDF text layers split a merged group label over the rows it spans ("三、本年度办" … "理结果"),
            # so a leading piece of either end of a group label is layout, not part of the row's label.
            for size in range(len(group), 1, -1):
                if key.startswith(group[:size]) or key.startswith(group[-size:]):
                    piece = group[:size] if key.startswith(group[:size]) else group[-size:]
                    key, changed = key[len(piece):], True
                    break
        match = _LEADING_NUMBER.match(key)
        if match and match.group(0):
            key, changed = key[match.end():], True
    key = _PARENTHETICAL.sub("", key)
    return key


def misprinted(label: str, official: str) -> bool:
    """Is a printed row label more than a known variant of the official one (spec §6.6)?"""
    return _row_label_key(label) != _row_label_key(official)


# ── Table 三 columns ──────────────────────────────────────────────────────────────────────────────
_APPLICANT_COLUMN_KEYWORDS = (
    ("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
    ("nonprofit", "公益组织"), ("legal_service", "法律服务"), ("other_org", "其他"), ("total", "总计"),
)


def applicant_column(label: str) -> str | None:
    for key, keyword in _APPLICANT_COLUMN_KEYWORDS:
        if keyword in label:
            return key
    if "小计" in label:
        return "subtotal"
    return None


# ── Table 二 ──────────────────────────────────────────────────────────────────────────────────────
_CAPTION = re.compile(r"第二十条第?\(([一二三四五六七八九十]+)\)项")


@short_text_cache   # asked of every row of table 二
def disclosure_caption(label: str) -> str | None:
    """`第二十条第（八）项` (any bracket width, split or not) → 八."""
    match = _CAPTION.search(label)
    return match.group(1) if match else None


_DISCLOSURE_ROWS = (  # order matters: the longer label first
    ("normative_documents", ("规范性文件",)),
    ("regulations", ("规章",)),
    ("other_services", ("其他对外管理服务事项", "对外管理服务")),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费")),
    ("procurement", ("政府集中采购", "集中采购")),
)


def disclosure_row(label: str) -> str | None:
    for key, keywords in _DISCLOSURE_ROWS:
        if any(k in label for k in keywords):
            return key
    return None


# (column key, keywords, template whose fingerprint the label is)
_DISCLOSURE_COLUMNS = (
    ("made", ("新制作数量",), "2019"),
    ("published", ("新公开数量",), "2019"),
    ("total_public", ("对外公开总数量",), "2019"),
    ("items_prev_year", ("上一年项目数量",), "2019"),
    ("change", ("增/减", "增减"), "2019"),
    ("projects", ("采购项目数量",), "2019"),
    ("amount_10k_yuan", ("采购总金额",), "2019"),
    ("issued", ("制发件数",), "2021"),
    ("repealed", ("废止件数",), "2021"),
    ("in_force", ("现行有效件数",), "2021"),
    ("amount_10k_yuan", ("收费金额",), "2021"),
    ("decisions", ("本年处理决定数量",), "2021"),
    ("decisions", ("处理决定数量",), "2019"),
)


@short_text_cache
def disclosure_column(label: str) -> tuple[str, str] | None:
    """(column key, template) of a table-二 header label."""
    for key, keywords, template in _DISCLOSURE_COLUMNS:
        if any(k in label for k in keywords):
            return key, template
    return None


# ── Which table a line opens ──────────────────────────────────────────────────────────────────────
@short_text_cache   # asked of every row of every table
def opens_table(label: str) -> str | None:
    """The table (disclosure, applications, review) that a normalised line or row opens, when it prints
    something only that table's head prints: a 第二十条 caption or 信息内容 (二), 申请人情况 or the
    勾稽关系 note (三), 行政复议 beside 行政诉讼 or 结果维持 (四). Readers decide first whether the line can
    be a table line at all (not a heading, not a sentence)."""
    if disclosure_caption(label) or label.startswith("信息内容"):
        return "disclosure"
    if "申请人情况" in label or "勾稽关系" in label:
        return "applications"
    if "行政复议" in label and ("行政诉讼" in label or "结果维持" in label):
        return "review"
    return None


# ── Sections ──────────────────────────────────────────────────────────────────────────────────────
_SECTION_NUMBERING = re.compile(
    r"^(?:第[一二三四五六]部分[、.:：]?|[一二三四五六][、.．]|[1-6][、.．]|\([一二三四五六]\)|[(]?[1-6][)])?")
_SECTION_KEYWORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("总体情况", "概述")),
    (2, ("主动公开政府信息情况", "主动公开政府信息的情况", "主动公开情况")),
    (3, ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况", "依申请公开")),
    (4, ("行政复议", "行政诉讼")),
    (5, ("问题及改进", "问题和改进", "存在问题", "存在的问题", "主要问题")),
    (6, ("其他需要报告的事项", "其他需要报告事项", "其他事项")),
)


# More CJK ideographs than a heading's 40 characters can hold once normalised: normalise() keeps every
# ideograph of U+4E00–U+9FFF (NFKC neither changes nor composes them; only 下一年度 → 下年度 and 新收到 → 新收
# drop one, one in three at most), so a paragraph with 64 of them is no heading, and the NFKC of a long
# paragraph (tens of µs, several a report) is not needed to say so. Anchored, and the two classes are
# disjoint: one linear pass.
_MANY_IDEOGRAPHS = re.compile(r"[^\u4e00-\u9fff]*(?:[\u4e00-\u9fff][^\u4e00-\u9fff]*){64}")


@short_text_cache   # pure; a heading is short, and a long paragraph is not kept
def section_heading(text: str) -> tuple[int, str, str] | None:
    """(number 1–6, heading without numbering, numbering as printed) when a paragraph is a section heading."""
    if len(text) >= 64 and _MANY_IDEOGRAPHS.match(text):
        return None
    label = normalise(text).rstrip("。:：")
    if not label or len(label) > 40:
        return None
    match = _SECTION_NUMBERING.match(label)
    numbering = match.group(0) if match else ""
    body = label[len(numbering):].lstrip("、.．")
    if not body or re.search(r"\d", body):
        return None
    for number, keywords in _SECTION_KEYWORDS:
        if any(k in body for k in keywords):
            if number == 4 and not ("行政复议" in body and "行政诉讼" in body):
                continue
            if numbering.startswith("(") and len(body) < 8:  # （一）主动公开情况: a sub-heading inside section 1
                continue
            if not numbering and not _is_full_heading(body):
                continue  # an unnumbered line must be a heading, not a sentence that mentions one
            heading = _printed_heading(text, numbering)
            return number, heading, numbering
    return None


_FULL_HEADINGS = re.compile(
    r"^(?:政府信息公开|政府信息公开工作|行政机关|因政府信息公开工作被申请|因政府信息公开申请)?"
    r"(?:总体情况|概述|主动公开政府信息(?:的)?情况|收到和处理政府信息公开申请(?:的)?情况"
    r"|(?:提起)?行政复议[、和及]?(?:提起)?行政诉讼(?:的)?情况|(?:存在的?主要问题|存在的?问题)(?:及|和)改进情况"
    r"|其他需要报告的?事项)$")


def _is_full_heading(body: str) -> bool:
    return bool(_FULL_HEADINGS.match(body))


def _printed_heading(text: str, numbering: str) -> str:
    """The heading as printed, without its numbering and surrounding space."""
    t = strip_space(text)
    nfkc = unicodedata.normalize("NFKC", t)
    if numbering and nfkc.startswith(numbering):
        t = t[len(numbering):] if len(t) >= len(numbering) else t
    return t.lstrip("、.．").rstrip("。:：")
