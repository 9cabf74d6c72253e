"""Which reports belong to the same organ, and what kind of organ it is.

Cross-year rules (X1–X5) compare a report with the same organ's report of the year before, and D10 compares
two files of the same organ and year, so a batch is grouped by organ. The organ is `report.organ`, or, where
a reader found none, the part of the title before the year. Two names are one organ when they are equal
after normalisation (full-width forms, spaces, 管理委员会 = 管委会, a place's 管委会/人民政府/政府 = its
government), or when one is the other with the higher places in front (淮安市洪泽区人民政府 = 洪泽区人民政府).
A mapping in the configuration (`[organs]`: a printed name or a path pattern → the organ) overrides all of
this, for mergers and renamings the wording cannot show.

`infer_kind` reads the report type D8's deadline depends on (spec §1.3) from the title and organ, only where
the wording is unambiguous; anything else is None (unknown), and the configuration can set it per path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Sequence

KINDS = ("organ", "county", "prefecture", "province", "vertical")

_LABEL_PREFIX = re.compile(r"^(?:(?:标题|题目|正文|文章标题)\s*[:：]\s*|正文(?=(?:19|20)\d\d))")
_TITLE_TAIL = re.compile(r"(?:19|20)\d\d\s*年度?.*$")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s*年度?")
_TITLE_REPORT = re.compile(r"(?:政府)?信息公开(?:工作)?年度?报告.*$")
# a place's government under its several names; the key keeps one spelling
_GOVERNMENT = re.compile(r"(?:人民政府|管理委员会|管委会|政府)$")
# a higher place printed in front of a lower one: 江苏省 / 淮安市 / 黔东南苗族侗族自治州 …
_HIGHER_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:省|自治区|特别行政区|市|自治州|州|盟|地区)")
_LOWER_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,10}?(?:市|区|县|旗|镇|乡|街道|新区|实验区|开发区)")


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=64)   # a report's title and organ are cleaned several times over (infer_kind, D9, grouping)
def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub("", text)
    return _LABEL_PREFIX.sub("", text)


def organ_name(info: dict) -> str | None:
    """The organ as printed: `report.organ`, else the title without its year and 年度报告 tail."""
    organ = info.get("organ") if isinstance(info.get("organ"), str) else None
    if organ:
        organ = _clean(organ)
        organ = _TITLE_TAIL.sub("", organ) or organ   # a reader that kept the year ("标题:X局2019年…")
        if len(organ) >= 3:   # 正文, 标题: a reader's mistake, not an organ
            return organ
    title = info.get("title") if isinstance(info.get("title"), str) else None
    if not title:
        return None
    title = _LEADING_YEAR.sub("", _clean(title))          # 2024年上海市科委政府信息公开工作年度报告
    name = _TITLE_REPORT.sub("", _TITLE_TAIL.sub("", title))
    return name or None


def normalise(name: str) -> str:
    """One spelling for one organ: NFKC, no spaces, 管理委员会 → 管委会, a government → 人民政府."""
    name = _clean(name).replace("管理委员会", "管委会")
    return _GOVERNMENT.sub("人民政府", name)


def organ_forms(name: str) -> set[str]:
    """The spellings by which group_by_organ joins a name to others: two names whose forms meet are one
    organ's."""
    return _without_higher_places(normalise(name))


def _without_higher_places(name: str) -> set[str]:
    """The name and each shorter form left by taking higher places off its front: 江苏省淮安市洪泽区人民政府
    → {itself, 淮安市洪泽区人民政府, 洪泽区人民政府}; only while a lower place still follows."""
    forms = {name}
    rest = name
    while (match := _HIGHER_PLACE.match(rest)) and _LOWER_PLACE.match(rest[match.end():]):
        rest = rest[match.end():]
        if len(rest) < 4:
            break
        forms.add(rest)
    return forms


@dataclass(frozen=True)
class OrganMap:
    """The configuration's `[organs]`: a printed name, or a path pattern, → the organ it belongs to."""

    by_name: dict[str, str]
    by_path: dict[str, str]

    @classmethod
    def from_table(cls, table: dict[str, str]) -> "OrganMap":
        by_path = {k: v for k, v in table.items() if any(c in k for c in "/*?[") or "." in k[-6:]}
        by_name = {normalise(k): normalise(v) for k, v in table.items() if k not in by_path}
        return cls(by_name, {k: normalise(v) for k, v in by_path.items()})

    def lookup(self, name: str | None, path_matches: Callable[[str], bool] | None = None) -> str | None:
        if path_matches is not None:
            for pattern, organ in self.by_path.items():
                if path_matches(pattern):
                    return organ
        if name is not None:
            return self.by_name.get(normalise(name))
        return None


def group_by_organ(names: Sequence[str | None]) -> list[int | None]:
    """A group number for each name (None when a report has no organ): equal normalised names, or names
    that are the same once higher places are taken off the front, share a group."""
    forms = [organ_forms(n) if n else None for n in names]
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    # the shortest form of each name is its key; a longer form of another name that equals it joins them
    for index, these in enumerate(forms):
        if these is None:
            continue
        key = min(these, key=len)
        for form in these:
            if form in owner:
                parent[find(index)] = find(owner[form])
        owner.setdefault(key, index)
        for form in these:
            owner.setdefault(form, index)
    for index, these in enumerate(forms):   # a second pass joins names seen before their shorter form
        if these is None:
            continue
        for form in these:
            other = owner.get(form)
            if other is not None and find(other) != find(index):
                parent[find(index)] = find(other)
    roots: dict[int, int] = {}
    return [None if forms[i] is None else roots.setdefault(find(i), len(roots)) for i in range(len(names))]


def in_year_order(items: Iterable, year_of) -> list:
    """Reports of one organ, oldest first (a report without a year last, where nothing pairs with it)."""
    return sorted(items, key=lambda item: (year_of(item) is None, year_of(item) or 0))


# ── report kind (D8) ──────────────────────────────────────────────────────────────────────────────

_VERTICAL = re.compile(r"(?:全省|全市|全国|全区)?(?:税务|海关|国家税务|气象|邮政|烟草|金融监管|外汇|统计调查|地震)系统")


def infer_kind(title: str | None, organ: str | None) -> str | None:
    """organ, county, prefecture, province or vertical where the wording leaves no doubt; else None.

    - 《X省/市/县/区人民政府…年度报告》 is the government's aggregate only when the title says the
      whole government's report (X人民政府政府信息公开工作年度报告 published by the 办公厅/室); the report of
      the government as an organ (本机关) has the same title, so these stay unknown unless the title says
      全省/全州/全县/全区 (an aggregate); 全市 stays unknown too (a prefecture or a county-level city) —
      the configuration settles the rest.
    - A department (局、委、办、厅、中心 …), a township (镇、乡、街道) reports as an organ: 1月31日.
    - 《…系统…年度报告》 of a vertically-led body is the system's aggregate (3月31日).
    """
    text = _clean(title or "") + "|" + _clean(organ or "")
    if _VERTICAL.search(text):
        return "vertical"
    name = organ_name({"organ": organ, "title": title})
    name = normalise(name) if name else None
    if not name:
        return None
    if re.search(r"(?:镇|乡|街道)(?:人民政府|办事处)$", name):
        return "organ"
    if name.endswith("人民政府"):
        scope = re.search(r"全(省|自治区|市|州|县|区|旗)", _clean(title or ""))
        if scope is None:
            return None   # the government as an organ, or its aggregate: the wording does not say
        place = name[:-len("人民政府")]
        if place.endswith(("省", "自治区")):
            return "province"
        if place.endswith(("州", "盟", "地区")):
            return "prefecture"
        if place.endswith(("县", "旗", "区")):
            return "county"   # a 市辖区 is county-level (自治区 and 地区 are caught above)
        return None
    if re.search(r"(?:局|委员会|委|办公室|办|厅|部|院|署|中心|所|站|队|馆|会)$", name):
        return "organ"
    return None


_PLACE_AND_ORGAN = re.compile(r"^([\u4e00-\u9fff]{1,10}?(?:市|区|县|旗|镇|乡))([\u4e00-\u9fff]{2,})$")


def lowest_place(info: dict) -> tuple[str, str] | None:
    """The organ's own place at its lowest level and what it is there: 淮安市洪泽区人民政府 → (洪泽区,
    人民政府), 临溪县自然资源局 → (临溪县, 自然资源局); None when the name does not start with a place."""
    name = organ_name(info)
    if not name:
        return None
    shortest = min(_without_higher_places(normalise(name)), key=len)
    match = _PLACE_AND_ORGAN.match(shortest)
    return (match.group(1), match.group(2)) if match else None
