"""The yes/no check compiled from a template's JSON Schema (checker/schema_validity.py) agrees with jsonschema,
the validator that stays the definition: on every model the project's reports give, and on many models
changed by hypothesis into good and bad ones (a cell set to a wrong kind of value, a key removed or added)."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from checker.readers import read_report
from checker.schema_validity import compile_schema, narrowed
from checker.schemas import load_schema, validate_report
from tests.support.models import read_models

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ("2019", "2021")
VALIDATORS = {t: jsonschema.Draft202012Validator(load_schema(t)) for t in TEMPLATES}
CHECKS = {t: compile_schema(load_schema(t)) for t in TEMPLATES}


def _models() -> list[dict]:
    models = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules" / "fixtures").glob("*.json"))]
    return models + read_models(("examples", "tests/data/forms", "tests/data/wild"),
                                (".txt", ".md", ".html", ".json", ".yaml"))


MODELS = _models()


def agree(data: Any) -> None:
    """The compiled check says what jsonschema says; and jsonschema, given the schema narrowed to the
    model's invalid parts, finds the same errors in the same order as with the whole schema."""
    for template in TEMPLATES:
        errors = [_error(e) for e in VALIDATORS[template].iter_errors(data)]
        assert CHECKS[template](data) is (not errors), (template, errors)
        if errors:
            narrow = jsonschema.Draft202012Validator(narrowed(load_schema(template), data))
            assert [_error(e) for e in narrow.iter_errors(data)] == errors


def _error(error: jsonschema.ValidationError) -> tuple:
    return (list(error.absolute_path), error.validator, error.message, list(error.schema_path),
            repr(error.instance), repr(error.validator_value), sorted(error.schema.get("properties", {})))


def test_the_projects_models_are_judged_alike():
    assert len(MODELS) >= 10
    assert any(CHECKS["2019"](m) for m in MODELS) and any(CHECKS["2021"](m) for m in MODELS)
    for model in MODELS:
        agree(model)


def _places(node: Any, path: tuple = ()) -> list[tuple]:
    """Every key and list index in a model, as paths from its top."""
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _places(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _places(child, (*path, index))
    return found


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.integers(min_value=2**63), st.sampled_from([1.0, 0.5, -0.0, -2.5,
                                                                                                   math.nan, math.inf]),
    st.sampled_from(["", "2019", "2021", "2023-12-31", "2023-1-1", "organ", "五十二", "３"]),
    st.just([]), st.just({}), st.just(["x"]), st.just({"start": "2023-01-01", "end": "2023-12-31"}),
)


@settings(max_examples=600)
@given(data=st.data())
def test_changed_models_are_judged_alike(data):
    model = copy.deepcopy(data.draw(st.sampled_from(MODELS)))
    for _ in range(data.draw(st.integers(1, 3))):
        places = [p for p in _places(model) if p]
        if not places:
            break
        path = data.draw(st.sampled_from(places))
        parent = model
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["set", "delete", "add"]))
        if action == "set":
            parent[path[-1]] = copy.deepcopy(data.draw(VALUES))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["bogus", "total", "title", 3]))] = copy.deepcopy(data.draw(VALUES))
        else:
            parent.append(copy.deepcopy(data.draw(VALUES)))
    agree(model)


def test_a_valid_model_costs_no_jsonschema_walk_and_a_bad_one_gets_its_findings(monkeypatch):
    report = read_report(str(ROOT / "examples" / "linxi-2022.txt"))
    import checker.schemas as schemas

    monkeypatch.setattr(schemas, "_validator", lambda *args: pytest.fail("jsonschema asked about a valid model"))
    assert validate_report(report) == []
    monkeypatch.undo()
    report.data["applications"]["results"]["granted"]["commercial"] = -2
    [finding] = validate_report(report)
    assert finding.rule == "SCHEMA" and "-2" in finding.message


def test_the_narrowed_schema_keeps_only_the_invalid_path():
    data = copy.deepcopy(MODELS[0])
    template = data["report"]["template"]
    table = "applications"
    row = next(iter(data[table]["new_received"]))
    data[table]["new_received"][row] = -1
    schema = narrowed(load_schema(template), data)
    assert schema["properties"]["report"] is True and schema["properties"]["review_litigation"] is True
    assert schema["properties"][table]["properties"]["results"] is True
    assert schema["properties"][table]["properties"]["new_received"] is not True
    assert narrowed(load_schema(template), MODELS[0])["properties"][table] is True


def test_prepared_narrowing_generates_nothing_when_a_model_breaks_its_schema(monkeypatch):
    """What the resident server prepares (schemas.prepare_explanations) is every check `narrowed` asks for:
    explaining a broken model afterwards generates no code."""
    import checker.schema_validity as schema_validity
    from checker.schemas import prepare_explanations

    prepare_explanations()
    monkeypatch.setattr(schema_validity, "compile_schema", lambda schema: pytest.fail("generated a check"))
    for model in MODELS[:5]:
        data = copy.deepcopy(model)
        data["applications"]["results"]["total"]["total"] = -1
        data["review_litigation"]["review"]["total"] = "x"
        for template in TEMPLATES:
            assert narrowed(load_schema(template), data)["properties"]["applications"] is not True


def test_a_keyword_it_does_not_know_is_refused():
    with pytest.raises(ValueError, match="patternProperties"):
        compile_schema({"type": "object", "patternProperties": {"^x": {"type": "integer"}}})


@settings(max_examples=300)
@given(data=st.data())
def test_models_with_changed_cells_are_judged_alike(data):
    """Cells only: about half the changes keep a model valid (0–3, blank), the rest do not (-1, 0.5, text …)."""
    model = copy.deepcopy(data.draw(st.sampled_from(MODELS)))
    cells = [p for p in _places(model) if len(p) >= 3 and p[0] in VALIDATORS["2021"].schema["required"][2:]
             and not isinstance(_at(model, p), (dict, list))]
    for path in data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=4)) if cells else []:
        _at(model, path[:-1])[path[-1]] = copy.deepcopy(data.draw(VALUES))
    agree(model)


def _at(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node
