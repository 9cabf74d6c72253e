"""Two consecutive years of one organ, one published as Word text and one as a portal page: the defects an
evaluator looks for across years and in one report are found exactly, naming both files where two are
involved, and the same two years without them give no finding at all."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.html_forms import official_page
from tests.support.samples import linxi_2022, set_row
from tests.support.wordtext import render

ROOT = Path(__file__).resolve().parents[2]

SECTION_5_2021 = ("一是主动公开的及时性有待提高，“重点领域信息公开”栏目有2个子栏目超过三个月未更新；二是政务新媒体运维力量不足。"
                  "下一步，我局将建立栏目更新台账，每月核查一次，并充实新媒体运维人员，开展业务培训。")


def _replace(model: dict, number: int, old: str, new: str) -> None:
    section = model["sections"][number - 1]
    assert old in section["text"], (number, old)
    section["text"] = section["text"].replace(old, new)


def year_2021() -> dict:
    """The same organ a year earlier: it carried 2 requests (自然人) forward into 2022."""
    model = linxi_2022()
    model["report"].update(title="临溪县自然资源局2021年政府信息公开工作年度报告", year=2021, signed_on="2022-01-20",
                           period={"start": "2021-01-01", "end": "2021-12-31"})
    model["preamble"] = model["preamble"].replace("2022", "2021")
    for section in model["sections"]:
        section["text"] = section["text"].replace("2022年", "2021年")
    _replace(model, 1, "全年共收到政府信息公开申请30件，上年结转2件，办结31件，结转下年度继续办理1件",
             "全年共收到政府信息公开申请31件，上年结转2件，办结31件，结转下年度继续办理2件")
    model["sections"][4]["text"] = SECTION_5_2021
    ap = model["applications"]
    set_row(ap, ("new_received",), natural_person=24, commercial=4, nonprofit=1, legal_service=2)
    set_row(ap, ("carried_forward",), natural_person=2)
    return model


def year_2022(defects: bool) -> dict:
    model = linxi_2022()
    if defects:
        # the carry-over does not match 2021's 结转下年度 (2): 3 is printed (and the narrative agrees with it)
        ap = model["applications"]
        set_row(ap, ("new_received",), natural_person=22, commercial=4, nonprofit=1, legal_service=2)
        set_row(ap, ("carried_over",), natural_person=3)
        _replace(model, 1, "全年共收到政府信息公开申请30件，上年结转2件", "全年共收到政府信息公开申请29件，上年结转3件")
        # another county's bureau left in from the report this one was copied from
        _replace(model, 1, "全年组织业务培训2次。", "全年组织业务培训2次，参照宜宾县自然资源局的做法完善了审查流程。")
        model["sections"][4]["text"] = SECTION_5_2021          # section 五 copied from 2021
        model["sections"][5]["text"] = "2021年，本机关未收取信息处理费。"   # last year's stamp
    return model


def write_pair(folder: Path, defects: bool) -> tuple[Path, Path]:
    older = folder / "临溪县自然资源局2021年报.txt"
    newer = folder / "2022" / "临溪县自然资源局2022年报.html"
    newer.parent.mkdir(parents=True)
    older.write_text(render(year_2021()), encoding="utf-8")
    published = "2023-03-15" if defects else "2023-01-20"   # the deadline of an organ's own report: 1月31日
    newer.write_text(official_page(year_2022(defects), pub_date_meta=f"{published} 09:30",
                                   info_line=f"发布时间：{published}"), encoding="utf-8")
    return older, newer


def check(*args: str, cwd: Path) -> tuple[int, dict]:
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--quiet", "--isolated",
                             *args], capture_output=True, text=True, cwd=cwd, env=_env())
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def _env() -> dict:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_the_same_two_years_without_defects_give_no_finding(tmp_path):
    write_pair(tmp_path, defects=False)
    code, out = check(".", cwd=tmp_path)
    assert [(f["path"], f["findings"]) for f in out["files"]] == [
        ("./2022/临溪县自然资源局2022年报.html", []), ("./临溪县自然资源局2021年报.txt", [])]
    assert code == 0


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    folder = tmp_path_factory.mktemp("years")
    older, newer = write_pair(folder, defects=True)
    code, out = check(".", cwd=folder)
    return code, {f["path"]: f["findings"] for f in out["files"]}


def test_the_planted_defects_are_exactly_what_is_found(defective):
    code, files = defective
    assert files["./临溪县自然资源局2021年报.txt"] == []
    found = sorted((f["rule"], f["severity"]) for f in files["./2022/临溪县自然资源局2022年报.html"])
    assert found == [("D8", "error"), ("D9", "warning"), ("N3", "warning"),
                     ("X1", "error"), ("X1", "error"), ("X5", "warning")]
    assert code == 1


def _finding(files: dict, rule: str, text: str = "") -> dict:
    return next(f for f in files["./2022/临溪县自然资源局2022年报.html"] if f["rule"] == rule and text in f["message"])


def test_a_broken_carry_over_names_both_files_and_both_cells(defective):
    _, files = defective
    x1 = _finding(files, "X1", "「总计」列")
    assert "本年「二、上年结转政府信息公开申请数量」3 件，上一年度报告「四、结转下年度继续办理」2 件，相差 1" in x1["message"]
    assert x1["cells"] == ["/applications/carried_over/total", "/previous/applications/carried_forward/total"]
    assert x1["location"]["file"] == "./2022/临溪县自然资源局2022年报.html" and x1["location"]["line"]
    # the other file, and the line where its cell is printed
    assert "上一年度报告：./临溪县自然资源局2021年报.txt:" in x1["message"] and "「2」" in x1["message"]
    assert _finding(files, "X1", "「自然人」列")["cells"][1] == "/previous/applications/carried_forward/natural_person"


def test_a_copied_section_five_names_the_earlier_report(defective):
    _, files = defective
    x5 = _finding(files, "X5")
    assert "相似度为 100%" in x5["message"] and "上一年度报告：./临溪县自然资源局2021年报.txt" in x5["message"]
    assert x5["cells"] == ["/sections/4", "/previous/sections/4"]


def test_the_one_report_defects_say_what_is_wrong(defective):
    _, files = defective
    assert "发布日期 2023-03-15 晚于发布期限 2023-01-31" in _finding(files, "D8")["message"]
    assert "宜宾县自然资源局" in _finding(files, "D9")["message"]
    assert "第六部分以“2021年，本机关未收取信息处理费”开头叙述，年份 2021 与报告年度 2022 不符" \
        in _finding(files, "N3")["message"]


def test_a_single_report_is_paired_with_previous(tmp_path):
    older, newer = write_pair(tmp_path, defects=True)
    code, out = check(str(newer.relative_to(tmp_path)), "--previous", str(older.relative_to(tmp_path)), cwd=tmp_path)
    [only] = out["files"]
    assert sorted(f["rule"] for f in only["findings"] if f["rule"].startswith("X")) == ["X1", "X1", "X5"]
    # alone, the cross-year rules have nothing to compare with: not assessable, silent
    code, out = check(str(newer.relative_to(tmp_path)), cwd=tmp_path)
    assert not [f for f in out["files"][0]["findings"] if f["rule"].startswith("X")]


def test_a_merger_is_excused_per_path_in_the_configuration(tmp_path):
    write_pair(tmp_path, defects=True)
    (tmp_path / "report-lint.toml").write_text('[per-path-ignores]\n"2022/*" = ["X1"]\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--quiet", "."],
                            capture_output=True, text=True, cwd=tmp_path, env=_env())
    rules = [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert "X1" not in rules and "X5" in rules


def test_two_versions_of_one_year_with_different_tables_are_named(tmp_path):
    model = year_2022(defects=False)
    (tmp_path / "a.txt").write_text(render(model), encoding="utf-8")
    changed = copy.deepcopy(model)
    changed["review_litigation"]["review"].update(upheld=2, corrected=0)
    (tmp_path / "b.html").write_text(official_page(changed), encoding="utf-8")
    _, out = check(".", cwd=tmp_path)
    files = {f["path"]: f["findings"] for f in out["files"]}
    [d10] = [f for f in files["./b.html"] if f["rule"] == "D10"]
    assert "2 处不同" in d10["message"] and "表四「行政复议」「结果维持」 2 与 1" in d10["message"]
    assert "同一年度的另一份文件：./a.txt:" in d10["message"]
    assert not [f for f in files["./a.txt"] if f["rule"] == "D10"]
