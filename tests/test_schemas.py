"""The template schemas: generated from the model catalogue, and every extracted example conforms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker.model import all_cell_pointers
from checker.readers import read_bytes, read_report
from checker.schemas import build_schema, load_schema, validate_report
from tests.support.samples import linxi_2022
from tests.support.wordtext import render

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_committed_schema_is_the_generated_one(template):
    committed = json.loads((ROOT / "schemas" / f"report-{template}.schema.json").read_text(encoding="utf-8"))
    assert committed == build_schema(template), "run the regeneration in checker/schemas.py"
    Draft202012Validator.check_schema(committed)


@pytest.mark.parametrize("template,cells", [("2019", 198), ("2021", 10 + 175 + 15)])
def test_schema_describes_every_cell(template, cells):
    assert len(all_cell_pointers(template)) == cells
    schema = load_schema(template)
    for ptr in all_cell_pointers(template):
        node = schema
        for part in ptr.strip("/").split("/"):
            assert part in node["required"], ptr
            node = node["properties"][part]
        assert "title" in node and "null" in node["type"]


@pytest.mark.parametrize("example", ["mazhu-2020.txt", "linxi-2022.txt", "linxi-2022.json"])
def test_examples_conform(example):
    report = read_report(ROOT / "examples" / example)
    assert validate_report(report) == []
    Draft202012Validator(load_schema(report.template)).validate(report.to_json())


@pytest.mark.parametrize("truth", sorted((ROOT / "tests" / "data" / "corpus").glob("*.truth.json")))
def test_corpus_truth_files_are_canonical(truth):
    """The truth files conform to the schema of their template, but for the real layout defects: both
    洪泽区 reports print （六）其他处理 as one row in the 2021 template, which splits it in three."""
    report = read_report(truth)
    findings = validate_report(report)
    defects = [["/applications/results/other"]] if "hongzequ" in truth.name else []
    assert [f.cells for f in findings] == defects


def test_schema_finding_names_the_printed_cell():
    model = linxi_2022()
    model["applications"]["results"]["granted"]["commercial"] = -2
    text = render(model)
    report = read_bytes(text.encode(), "neg.txt")
    [finding] = validate_report(report)
    assert finding.cells == ["/applications/results/granted/commercial"]
    line = finding.location.line
    assert text.split("\n")[line - 1] == "\t-2" and finding.location.column == 2
    assert "表三「（一）予以公开」行「商业企业」列" in finding.message and "-2" in finding.message


def test_wrong_layout_is_one_clear_finding():
    model = linxi_2022()
    model["applications"]["results"]["other"] = {c: 0 for c in
                                                 ("natural_person", "commercial", "research", "nonprofit",
                                                  "legal_service", "other_org", "total")}
    model["applications"]["results"]["other"]["natural_person"] = 1
    model["applications"]["results"]["other"]["total"] = 1
    text = render(model).replace("本年制发件数", "本年制发件数")  # table 二 stays in the 2021 layout
    report = read_bytes(text.encode(), "mixed.txt")
    assert report.template == "2021"
    [finding] = validate_report(report)
    assert finding.cells == ["/applications/results/other"]
    assert "印刷为一行" in finding.message and finding.location.line is not None


def test_what_the_schemas_say_checked_by_hand():
    """60号 (2019) and 30号 (2021) differ: （六）其他处理 one row vs three; 表二 行政许可 上一年项目数量/本年增减
    (may be negative)/处理决定数量 in 2019, only 本年处理决定数量 in 2021."""
    s2019, s2021 = load_schema("2019"), load_schema("2021")
    other_2019 = s2019["properties"]["applications"]["properties"]["results"]["properties"]["other"]
    other_2021 = s2021["properties"]["applications"]["properties"]["results"]["properties"]["other"]
    assert "total" in other_2019["required"] and "no_correction" not in other_2019["properties"]
    assert set(other_2021["required"]) == {"no_correction", "unpaid_fee", "other"}
    count = other_2019["properties"]["natural_person"]
    assert "integer" in count["type"] and count["minimum"] == 0
    licensing_2019 = s2019["properties"]["active_disclosure"]["properties"]["licensing"]["properties"]
    licensing_2021 = s2021["properties"]["active_disclosure"]["properties"]["licensing"]["properties"]
    assert set(licensing_2019) == {"items_prev_year", "change", "decisions"} and set(licensing_2021) == {"decisions"}
    assert "minimum" not in licensing_2019["change"] and licensing_2019["decisions"]["minimum"] == 0
    assert licensing_2021["decisions"]["title"] == "本年处理决定数量"
