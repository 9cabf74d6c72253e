"""The machine-readable outputs: each must be accepted by the tool that consumes it."""

from __future__ import annotations

import csv
import io
import json
import jsonschema
import pytest
from hypothesis import given, settings, strategies as st
from junitparser import Error, Failure, JUnitXml

from checker.diagnostics import Severity
from checker.output import csv as csv_output, github, html, jsonl, junit, sarif
from checker.summary import BatchFacts

from .conftest import ROOT, diagnostic, file_result

SARIF_SCHEMA = json.loads((ROOT / "tests/data/vendor/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


class Options:
    fail_on = Severity.ERROR


def rendered(module, results, options=Options(), **kwargs) -> str:
    stream = io.StringIO()
    module.render(results, options, stream, **kwargs)
    return stream.getvalue()


# ── SARIF ──

def test_sarif_validates_against_the_2_1_0_schema(mixed_results):
    log = json.loads(rendered(sarif, mixed_results))
    jsonschema.validate(log, SARIF_SCHEMA)  # draft-04, as the schema declares
    assert log["version"] == "2.1.0"


def test_sarif_results_carry_rule_level_location_and_cells(mixed_results):
    run = json.loads(rendered(sarif, mixed_results))["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["R1", "R3", "H4", "R4"]
    assert [r["level"] for r in results] == ["error", "error", "warning", "error"]
    first = results[0]
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "reports/%E4%B8%9C%E6%B9%96%E9%95%87.txt"  # 东湖镇, percent-encoded
    assert physical["region"] == {"startLine": 118, "startColumn": 2, "snippet": {"text": "8"}}
    assert first["properties"]["cells"] == ["/applications/new_received/natural_person",
                                            "/applications/results/total/natural_person"]
    assert first["properties"]["suspect"] == "/applications/results/total/natural_person"
    assert (first["properties"]["expected"], first["properties"]["actual"]) == (9, 8)
    pdf = results[3]
    assert "region" not in pdf["locations"][0]["physicalLocation"] and pdf["properties"]["page"] == 3
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["R1", "R3", "H4", "R4"]
    assert all(results[i]["ruleIndex"] == [r["id"] for r in rules].index(results[i]["ruleId"]) for i in range(4))
    assert rules[3]["shortDescription"]["text"] == "行政复议合计"


def test_sarif_reports_an_unreadable_file_as_a_failed_execution(mixed_results):
    invocation = json.loads(rendered(sarif, mixed_results))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["message"]["text"] == "is not a valid DOCX (zip) file"
    clean = json.loads(rendered(sarif, [file_result("a.txt")]))
    jsonschema.validate(clean, SARIF_SCHEMA)
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_fingerprint_ignores_line_shifts():
    moved = diagnostic(line=140, message="另一条信息")
    one = json.loads(rendered(sarif, [file_result(diagnostics=[diagnostic()])]))["runs"][0]["results"][0]
    two = json.loads(rendered(sarif, [file_result(diagnostics=[moved])]))["runs"][0]["results"][0]
    assert one["partialFingerprints"] == two["partialFingerprints"]


# ── JUnit ──

def test_junit_parses_with_junitparser_and_counts_each_status(mixed_results, tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(rendered(junit, mixed_results), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    [suite] = list(xml)
    assert (suite.tests, suite.failures, suite.errors) == (5, 2, 1)
    cases = {case.name: case for case in suite}
    dongu = cases["reports/东湖镇.txt"]
    [failure] = dongu.result
    assert isinstance(failure, Failure) and "R1" in failure.type and "R3" in failure.type
    assert "行合计 5 ≠ 4, <b>&\"'" in failure.text  # escaped in XML, intact when parsed
    assert cases["reports/江北区.txt"].is_passed and "H4" in cases["reports/江北区.txt"].system_out
    assert isinstance(cases["reports/broken.docx"].result[0], Error)
    assert cases["reports/clean.json"].is_passed


def test_junit_fail_level_warning_fails_the_warned_report(mixed_results, tmp_path):
    class Strict:
        fail_on = Severity.WARNING

    path = tmp_path / "junit.xml"
    path.write_text(rendered(junit, mixed_results, Strict()), encoding="utf-8")
    cases = {case.name: case for case in list(JUnitXml.fromfile(str(path)))[0]}
    assert not cases["reports/江北区.txt"].is_passed


# ── CSV ──

def test_csv_starts_with_a_bom_and_has_one_row_per_finding(mixed_results):
    text = rendered(csv_output, mixed_results)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 4 + 1  # four findings and the unreadable report
    first = rows[0]
    assert first["report"] == "reports/东湖镇.txt" and first["rule"] == "R1" and first["status"] == "fail"
    assert first["cell_name"] == "表三「（七）总计」行「自然人」列"
    assert first["printed"] == "8" and first["line"] == "118" and first["expected"] == "9"
    assert rows[1]["message"] == "行合计 5 ≠ 4, <b>&\"'"
    assert rows[3]["page"] == "3"
    unreadable = rows[4]
    assert unreadable["status"] == "unreadable" and unreadable["rule"] == "" and "DOCX" in unreadable["message"]


def test_csv_opens_as_utf8_sig_the_way_excel_reads_it(mixed_results, tmp_path):
    path = tmp_path / "out.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv_output.render(mixed_results, Options(), stream)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert "东湖镇" in raw.decode("utf-8-sig")


# ── GitHub Actions ──

def test_github_annotations_escape_messages_and_properties():
    result = file_result("reports/a,b:c.txt",
                         [diagnostic(message="第一行\n第二行 100%", title="标题: 含, 逗号"),
                          diagnostic("H4", Severity.WARNING, line=None, column=None, page=2, message="第二页"),
                          diagnostic("I1", Severity.INFO, line=3, column=None, message="提示")])
    lines = rendered(github, [result]).splitlines()
    assert lines[0] == ("::error file=reports/a%2Cb%3Ac.txt,line=118,col=2,title=R1 标题%3A 含%2C 逗号"
                        "::第一行%0A第二行 100%25")
    assert lines[1] == "::warning file=reports/a%2Cb%3Ac.txt,title=H4 本列数据：第一项加第二项之和，等于第三项加第四项之和::第2页: 第二页"
    assert lines[2].startswith("::notice file=reports/a%2Cb%3Ac.txt,line=3,title=")


def test_github_marks_an_unreadable_report(mixed_results):
    lines = rendered(github, mixed_results).splitlines()
    assert lines[-1].startswith("::error file=reports/broken.docx,title=report-lint%3A 无法读取::")


# ── JSON Lines ──

def test_jsonl_is_one_json_object_per_finding(mixed_results):
    records = [json.loads(line) for line in rendered(jsonl, mixed_results).splitlines()]
    assert [(r["report"], r["rule"]) for r in records] == [
        ("reports/东湖镇.txt", "R1"), ("reports/东湖镇.txt", "R3"), ("reports/江北区.txt", "H4"),
        ("reports/临河县.pdf", "R4"), ("reports/broken.docx", None)]
    assert records[0]["cells"][1] == "/applications/results/total/natural_person"
    assert records[4]["status"] == "unreadable"


# ── HTML ──

def test_html_is_self_contained_and_escapes_report_text(mixed_results):
    page = rendered(html, mixed_results, facts=BatchFacts(skipped=3, baselined=2))
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page                       # the CSP that forbids any outside resource
    for needle in ("<script", "src=\"http", "href=\"http", "@import", "url("):
        assert needle not in page
    assert "行合计 5 ≠ 4, &lt;b&gt;&amp;&quot;&#x27;" in page and "<b>&\"'" not in page
    assert "另有 3 个非报告文件被跳过" in page and "2 个已记录在基线中的问题未显示" in page


def test_html_shows_each_finding_with_its_cell_and_a_code_frame(mixed_results):
    page = rendered(html, mixed_results)
    assert "表三「（七）总计」行「自然人」列 ← 最可能有误" in page
    assert '<td class="printed">8</td>' in page
    assert '<span class="hit">  118 | line 118</span>' in page
    assert "表四「行政复议」「总计」" in page


def test_html_chart_orders_rules_by_frequency(mixed_results):
    many = mixed_results + [file_result("reports/x.txt", [diagnostic("R4", line=None, page=1)] * 3)]
    chart = html.chart(many)
    assert chart.startswith("<svg") and chart.index(">R4 ") < chart.index(">R1 ")
    assert ">4 (2份)<" in chart  # R4: four findings in two reports
    assert html.chart([file_result("a.txt")]) == "<p>没有发现问题。</p>"


def test_html_status_table_puts_the_worst_reports_first(mixed_results):
    page = rendered(html, mixed_results)
    table = page[page.index("<h2>各报告状态</h2>"):page.index("<h2>各规则问题数</h2>")]
    order = [name for name in ("broken.docx", "东湖镇", "临河县", "江北区", "clean.json")]
    positions = [table.index(name) for name in order]
    assert positions == sorted(positions)


def test_html_says_a_suggestion_once():
    said = diagnostic(message="相差 1；改为 114 可使 R1、R3 同时成立")
    said.suggestion = "改为 114 可使 R1、R3 同时成立"
    apart = diagnostic(message="相差 1")
    apart.suggestion = "改为 114 可使 R1、R3 同时成立"
    assert "建议：" not in rendered(html, [file_result(diagnostics=[said])])
    assert "建议：改为 114 可使 R1、R3 同时成立" in rendered(html, [file_result(diagnostics=[apart])])


def test_csv_defuses_report_text_that_would_run_as_a_formula():
    sneaky = diagnostic(message='=HYPERLINK("http://example.invalid","点击")', text="-1")
    rows = list(csv.DictReader(io.StringIO(rendered(csv_output, [file_result(diagnostics=[sneaky])])[1:])))
    assert rows[0]["message"] == '\'=HYPERLINK("http://example.invalid","点击")'
    assert rows[0]["printed"] == "-1"                                  # a negative number stays a number
    assert rows[0]["expected"] == "9"


def test_github_annotations_use_paths_relative_to_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "reports" / "a.txt")
    [line] = rendered(github, [file_result(inside, [diagnostic()])]).splitlines()
    assert line.startswith("::error file=reports/a.txt,line=118,")


def test_junit_messages_are_in_chinese(mixed_results, tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(rendered(junit, mixed_results), encoding="utf-8")
    cases = {case.name: case for case in list(JUnitXml.fromfile(str(path)))[0]}
    [failure] = cases["reports/东湖镇.txt"].result
    assert failure.message == "2 个错误及以上级别的问题：R1、R3" and "错误 R1" in failure.text
    [error] = cases["reports/broken.docx"].result
    assert error.type == "unreadable" and error.message.startswith("无法读取：")


# ── text ──

def test_text_written_to_a_pipe_is_what_rich_prints_there(mixed_results, monkeypatch):
    """Away from a terminal the text format writes its lines without rich (which is never imported then);
    they must be exactly what rich prints to the same stream: code frames, highlights, markup-like text,
    escapes and tabs from a report included."""
    from checker.lint import LintOptions, lint_file, load_ruleset
    from checker.output import text

    for name in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    options = LintOptions()
    ruleset = load_ruleset(options)
    reports = sorted((ROOT / "tests" / "data" / "wild").glob("*.txt"))[:6] + [ROOT / "examples" / "hongzequ-2023.pdf"]
    results = [lint_file(str(path), ruleset, options) for path in reports]
    assert sum(len(r.diagnostics) for r in results) > 10
    hostile = diagnostic("R3", message="[bold]不是标记[/bold] \x1b[31m红\x07\t制表\u2028行 <b>&", line=1, column=2)
    results += [*mixed_results, file_result("reports/[b]路径\t名.txt", [hostile])]

    chooses = text._printer
    assert isinstance(chooses(io.StringIO()), text._Plain)

    def written(printer_class) -> str:
        stream = io.StringIO()
        monkeypatch.setattr(text, "_printer", printer_class)
        text.render(results, Options(), stream)
        return stream.getvalue()

    plain, coloured = written(text._Plain), written(text._Rich)
    assert "│" in plain and "-->" in plain and "\t" not in plain
    assert plain == coloured
    monkeypatch.setattr(text, "_printer", chooses)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert isinstance(text._printer(io.StringIO()), text._Rich)


# ── JSON ──

_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2 ** 63 - 2, max_value=2 ** 70),
    st.floats(), st.sampled_from([1e16, 1e-05, 1.5, 100.0, -0.0, 123456789012345678.0]),
    st.text(), st.sampled_from(["政府信息公开", "\udce4\udcb8", 'a"b\\c\n\t\x00\x7f', "\u2028"]),
    st.dates(), st.datetimes(),
)
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.text(max_size=5), inner, max_size=4),
    st.dictionaries(st.integers(), inner, min_size=1, max_size=2)), max_leaves=12)


@given(_VALUES)
@settings(max_examples=400, deadline=None)
def test_json_prints_every_value_as_the_json_module_does(value):
    """The JSON output is printed by orjson where it prints what json.dumps(…, ensure_ascii=False,
    indent=2, allow_nan=False) does, by json itself elsewhere: the same text, or the same refusal, for
    floats (1e16, NaN), integers past 64 bits, lone surrogates, dates, tuples and keys that are not text."""
    from checker.output.json import dumps

    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    except (TypeError, ValueError) as exc:
        with pytest.raises(type(exc)):
            dumps(value)
    else:
        assert dumps(value) == expected


def test_json_entries_of_checked_reports_are_printed_by_orjson(mixed_results, monkeypatch):
    """The reports' entries (text, integers, nulls) take the fast path, and print as json does."""
    from checker.output import json as json_output

    fallback = []
    real = json_output.json.dumps
    monkeypatch.setattr(json_output.json, "dumps", lambda *a, **k: fallback.append(a) or real(*a, **k))
    for result in mixed_results:
        entry = json_output.file_entry(result)
        assert json_output.dumps(entry) == real(entry, ensure_ascii=False, indent=2, allow_nan=False)
    assert fallback == []
