"""Grouping reports by organ, the report kind, and the deadline D8 checks against."""

from __future__ import annotations

import pytest

from checker.config import Config, load_config
from checker.deadlines import complete_facts, not_assessable, parse_date
from checker.errors import ConfigError
from checker.model import Report
from checker.organs import OrganMap, group_by_organ, in_year_order, infer_kind, normalise, organ_name


def test_names_of_one_organ_share_a_group_and_others_do_not():
    names = ["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "淮安市人民政府",
             "平潭综合实验区管委会", "平潭综合实验区管理委员会", "平潭综合实验区人民政府", None,
             "平潭综合实验区公安局", "标题:平潭综合实验区公安局", "临溪县自然资源局", "临溪县财政局"]
    groups = group_by_organ(names)
    assert groups[0] == groups[1] == groups[2]
    assert groups[3] not in (groups[0],)
    assert groups[4] == groups[5] == groups[6]
    assert groups[7] is None
    assert groups[8] == groups[9] != groups[4]
    assert len({groups[10], groups[11], groups[0], groups[3], groups[4], groups[8]}) == 6


def test_a_city_department_is_not_merged_with_a_bare_department_name():
    groups = group_by_organ(["淮安市市场监督管理局", "市场监督管理局", "宿迁市市场监督管理局"])
    assert len(set(groups)) == 3


def test_the_organ_comes_from_the_title_when_the_reader_found_none():
    assert organ_name({"organ": None, "title": "2024年上海市科委政府信息公开工作年度报告"}) == "上海市科委"
    assert organ_name({"organ": "正文", "title": "正文2024年上海市科委政府信息公开工作年度报告"}) == "上海市科委"
    assert organ_name({"organ": "标题:平潭综合实验区公安局", "title": None}) == "平潭综合实验区公安局"
    assert organ_name({"organ": None, "title": "平潭综合实验区公安局2019年政府信息公开工作年度报告"}) \
        == "平潭综合实验区公安局"
    assert organ_name({"organ": None, "title": None}) is None
    assert normalise("平潭综合实验区 管理委员会") == "平潭综合实验区人民政府"


def test_the_configured_mapping_overrides_by_name_and_by_path():
    mapping = OrganMap.from_table({"福州市平潭县人民政府": "平潭综合实验区管委会", "2019/*.txt": "某某局"})
    assert mapping.lookup("福州市平潭县人民政府") == "平潭综合实验区人民政府"
    assert mapping.lookup("别的机关") is None
    assert mapping.lookup("别的机关", lambda pattern: pattern == "2019/*.txt") == "某某局"


def test_reports_are_ordered_by_year_with_unknown_years_last():
    items = [("b", 2023), ("c", None), ("a", 2021)]
    assert in_year_order(items, lambda item: item[1]) == [("a", 2021), ("b", 2023), ("c", None)]


@pytest.mark.parametrize("title, organ, kind", [
    ("临溪县自然资源局2022年政府信息公开工作年度报告", "临溪县自然资源局", "organ"),
    ("马渚镇人民政府2020年政府信息公开工作年度报告", "马渚镇人民政府", "organ"),
    ("洪泽区人民政府2023年政府信息公开工作年度报告", "洪泽区人民政府", None),     # own report or aggregate
    ("淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", None),
    ("洪泽区2024年全区政府信息公开工作年度报告", "洪泽区人民政府", "county"),
    ("2023年全省政府信息公开工作年度报告", "江苏省人民政府", "province"),
    ("2023年全州政府信息公开工作年度报告", "黔东南苗族侗族自治州人民政府", "prefecture"),
    ("全市政府信息公开工作年度报告", "淮安市人民政府", None),                    # 全市: prefecture or county-level city
    ("全省税务系统2023年政府信息公开工作年度报告", None, "vertical"),
    (None, None, None),
])
def test_the_kind_is_read_only_where_the_wording_is_clear(title, organ, kind):
    assert infer_kind(title, organ) == kind


def _report(**info) -> Report:
    base = {"title": "临溪县自然资源局2022年政府信息公开工作年度报告", "organ": "临溪县自然资源局", "year": 2022,
            "kind": None, "published_on": None}
    return Report(data={"report": {**base, **info}}, source_map={}, path="reports/临溪/2022.txt", form="text")


def test_the_official_deadline_follows_the_kind():
    report = _report()
    complete_facts(report, Config())
    assert report.data["report"]["kind"] == "organ"
    assert report.data["report"]["deadline"] == "2023-01-31"
    assert not_assessable(report)   # no publication date
    complete_facts(report, Config(), published="2023-02-03")
    assert report.data["report"]["published_on"] == "2023-02-03" and not not_assessable(report)


def test_configured_kinds_and_local_deadlines_win(tmp_path):
    (tmp_path / "report-lint.toml").write_text(
        '[kinds]\n"reports/*/2022.txt" = "county"\n[deadlines]\n"reports/临溪/*" = "01-28"\n', encoding="utf-8")
    config = load_config(tmp_path / "report-lint.toml")
    report = _report()
    report.path = str(tmp_path / "reports" / "临溪" / "2022.txt")
    complete_facts(report, config)
    assert report.data["report"]["kind"] == "county"
    assert report.data["report"]["deadline"] == "2023-01-28"
    other = _report(organ="洪泽区人民政府", title="洪泽区人民政府2022年政府信息公开工作年度报告")
    other.path = str(tmp_path / "elsewhere.txt")
    complete_facts(other, config)
    assert other.data["report"]["kind"] is None and other.data["report"]["deadline"] is None


@pytest.mark.parametrize("text", ['[kinds]\n"a/*" = "city"\n', '[deadlines]\n"a/*" = "1月31日"\n',
                                  '[deadlines]\n"a/*" = "02-30"\n', '[organs]\n"x" = 3\n'])
def test_a_wrong_kind_or_deadline_in_the_configuration_is_one_clear_error(tmp_path, text):
    (tmp_path / "report-lint.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "report-lint.toml")
    assert "report-lint.toml" in str(info.value)


@pytest.mark.parametrize("text, iso", [("2024-01-20", "2024-01-20"), ("2024年1月5日", "2024-01-05"),
                                       ("2024/1/5", "2024-01-05")])
def test_published_dates_are_read_in_the_usual_spellings(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["yesterday", "2024-02-30", ""])
def test_a_bad_published_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)
