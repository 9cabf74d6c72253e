"""number(text, regex) and count(text, regex): numbers read from a report's text (N1, D7, H4), and the
report.period.start/end fields. A number that cannot be read unambiguously is blank (not assessable)."""

from __future__ import annotations

import pytest

from checker.engine.expr import Compiler, ExprError
from checker.engine.runtime import Context


def value(source, data):
    node = Compiler({}).compile(source)
    ctx = Context(data)
    return node.evaluate(ctx), ctx


def report_with(text, **report):
    return {"report": {"year": 2022, **report}, "sections": [{"number": 1, "text": text}]}


def test_number_reads_the_captured_digits_and_quotes_the_sentence():
    data = report_with("2022年，临溪县自然资源局持续深化公开。全年共收到政府信息公开申请30件，上年结转2件。")
    num, ctx = value(r"number(section(1), r'收到政府信息公开申请(\d+)件')", data)
    assert num.value == 30
    assert num.shown == "全年共收到政府信息公开申请30件，上年结转2件"   # the whole sentence, for the message
    assert ctx.touched == {"/sections/0": "ok"}   # the finding names (and is located at) section 1


def test_number_is_blank_without_a_match_or_when_matches_disagree():
    data = report_with("2021年受理申请21件；2022年受理申请35件。本年度办结30件。")
    assert value(r"number(section(1), r'受理申请(\d+)件')", data)[0].value is None    # 21 or 35?
    assert value(r"number(section(1), r'结转(\d+)件')", data)[0].value is None        # not said
    assert value(r"number(section(1), r'办结(\d+)件')", data)[0].value == 30
    assert value(r"number(section(1), r'(?:受理申请|办结)(\d+)件')",
                 report_with("受理申请30件；办结30件。"))[0].value == 30   # the same number twice is fine
    assert value(r"number(section(2), r'(\d+)')", data)[0].value is None               # no section 2


def test_number_reads_full_width_digits_and_joins_groups():
    assert value(r"number(section(1), r'申请(\d+)件')", report_with("共收到申请３１件。"))[0].value == 31
    date = r"number(report.signed_on, r'^(\d{4})-(\d\d)-(\d\d)$')"
    assert value(date, report_with("", signed_on="2023-01-20"))[0].value == 20230120
    assert value(date, report_with("", signed_on=None))[0].value is None
    assert value(date, report_with("", signed_on=20230120))[0].value is None   # not text: not read


def test_number_decides_a_comparison_and_blank_means_not_assessable():
    source = r"number(section(1), r'申请(\d+)件') == applications.new_received.total"
    node = Compiler({}).compile(source)
    data = {**report_with("共收到申请12件。"), "applications": {"new_received": {"total": 9}}}
    assert node.evaluate(Context(data)) is False
    data["applications"]["new_received"]["total"] = 12
    assert node.evaluate(Context(data)) is True
    data["sections"][0]["text"] = "本年度依法答复申请人。"
    assert node.evaluate(Context(data)) is None


def test_count_counts_matches():
    text = "（一）主动公开。全年公开信息412条。"
    num, ctx = value(r"count(section(1), r'[\u4e00-\u9fff]')", report_with(text))
    assert num.value == 12 and num.shown == "12"   # 一 主动公开 全年公开信息 条
    assert ctx.touched == {"/sections/0": "ok"}
    assert value(r"count(section(3), r'[\u4e00-\u9fff]')", report_with(text))[0].value is None


def test_report_period_fields():
    data = report_with("", period={"start": "2021-01-01", "end": "2022-12-31"})
    assert value("report.period.start", data)[0] == "2021-01-01"
    assert value("report.period.end == '2022-12-31'", data)[0] is True
    assert value("report.period.start", report_with("", period=None))[0] is None


@pytest.mark.parametrize("source, complaint", [
    (r"number(section(1), r'申请\d+件') == 1", "captures nothing"),
    (r"number(section(1), r'(') == 1", "bad regular expression"),
    (r"number(section(1), report.title) == 1", "number() takes (str, regex)"),
    (r"number(report.year, r'(\d+)') == 1", "number() takes (str, regex)"),
    (r"count(section(1), r'[') == 1", "bad regular expression"),
    (r"number(section(1), r'(\d+)') == report.title", "cannot compare a num with a str"),
    ("report.period.middle == '1'", "unknown report field report.period.middle"),
    ("report.period == '1'", "unknown report field report.period"),
])
def test_rejected_when_compiled(source, complaint):
    with pytest.raises(ExprError) as caught:
        Compiler({}).compile(source)
    assert complaint in str(caught.value)
