"""A result's trip through a batch's temporary file: packed as plain values (checker/trip.py), read back from
the spill (checker/spill.py), it is the result the worker had, field for field; and the JSON renderer's
choice of orjson takes only what orjson prints as json does."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import pickle
import random

import pytest

from checker.config import Config
from checker.diagnostics import Diagnostic, Location, Severity
from checker.errors import InputError
from checker.guard import check_one  # noqa: F401 - teaches pickle the ToolErrors a worker sends back
from checker.lint import FileResult
from checker.model import Report
from checker.output.json import _orjson_prints_it, dumps
from checker.spill import Spill, for_the_trip, pack, unpack_result
from checker.trip import result_from, result_values


def _finding(rule: str, severity: Severity, **location) -> Diagnostic:
    return Diagnostic(rule=rule, severity=severity, message=f"{rule} 的消息", location=Location(**location),
                      cells=["/a/b", "/a/c"], suspect="/a/b", expected=1.5, actual=[1, "二"], title="标题",
                      suggestion="改为 5")


def _result() -> FileResult:
    problem = _finding("READ-X", Severity.INFO, file="r.docx", table=2, row=3, cell=4, text="５")
    report = Report(data={"report": {"year": 2023, "organ": "某镇人民政府"}, "table": {"x": 1}},
                    source_map={"/a/b": {"line": 3, "column": 2, "page": None, "text": "5"}},
                    path="r.docx", form="docx", problems=[problem], lines=["第一行", "第二行"])
    return FileResult(path="r.docx", report=report, fail_on=Severity.WARNING,
                      diagnostics=[_finding("R1", Severity.ERROR, file="r.docx", line=3, column=2, page=1),
                                   dataclasses.replace(problem), _finding("D8", Severity.WARNING)])


def _same(one: FileResult, other: FileResult) -> None:
    assert one == other   # dataclasses compare field by field, nested ones too
    assert [type(d.severity) for d in one.diagnostics] == [type(d.severity) for d in other.diagnostics]
    assert vars(one).keys() == vars(other).keys()
    assert vars(one.report).keys() == vars(other.report).keys()
    assert type(other.fail_on) is Severity and type(other.diagnostics[0].location) is Location


def test_a_result_as_plain_values_comes_back_field_for_field():
    result = _result()
    values = result_values(result)
    assert not any(isinstance(v, (FileResult, Report, Diagnostic, Location))
                   for v in pickle.loads(pickle.dumps(values)) if not isinstance(v, list))
    _same(result_from(pickle.loads(pickle.dumps(values))), result)


def test_a_packed_result_is_what_for_the_trip_keeps_of_it():
    result = _result()
    for lines in (True, False):
        _same(unpack_result(pack(result, Config(), lines=lines).result), for_the_trip(result, lines))


def test_an_unreadable_result_keeps_its_error():
    result = FileResult(path="x.pdf", report=None, diagnostics=[], error=InputError("x.pdf", "读不了"))
    back = unpack_result(pack(result, Config()).result)
    assert (back.path, back.report, back.diagnostics, back.status) == ("x.pdf", None, [], "unreadable")
    assert type(back.error) is InputError and back.error.message == "读不了"


def test_every_field_of_the_classes_travels():
    """A field added to a result, report, finding or location goes with the rest (the fields are the
    classes' own), so the plain values never lose one."""
    from checker.trip import _FINDING, _LOCATION, _REPORT, _RESULT

    for shape, cls in ((_RESULT, FileResult), (_REPORT, Report), (_FINDING, Diagnostic), (_LOCATION, Location)):
        assert shape.names == tuple(field.name for field in dataclasses.fields(cls))


@pytest.mark.parametrize("buffer", [Spill.BUFFER, 2, 100])
def test_the_spill_gives_back_every_blob_written_or_still_waiting(buffer, monkeypatch):
    monkeypatch.setattr(Spill, "BUFFER", buffer)
    randomly = random.Random(4)
    blobs, keys = [], []
    with Spill() as spill:
        for index in range(600):
            blobs.append(os.urandom(randomly.choice([0, 1, 40, 3000, 70000])))
            keys.append(spill.add(blobs[-1]))
            if index % 9 == 0:   # the linking pass reads a record back while results still arrive
                other = randomly.randrange(len(keys))
                assert spill.get(keys[other]) == blobs[other]
        for other in [*range(len(keys)), *(randomly.randrange(len(keys)) for _ in range(600))]:
            assert spill.get(keys[other]) == blobs[other]


class _Text(str):
    pass


@pytest.mark.parametrize("value", [
    {"a": [1, "二", None, True, {"b": []}]},
    {"a": 1.5}, {"a": [float("inf")]}, {1: "x"}, {"a": datetime.date(2024, 1, 2)}, {"a": _Text("x")},
    {"a": (1, 2)}, {"a": 2 ** 70}, {"a": "\ud800"}, {"a": Severity.ERROR}, {"a": {"b": {"c": [[1.0]]}}},
])
def test_json_prints_every_value_as_the_json_module_does(value):
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    except (TypeError, ValueError) as refused:   # json's refusal is dumps' too
        with pytest.raises(type(refused)):
            dumps(value)
        return
    assert dumps(value) == expected
    if any(isinstance(v, float) for v in value.values()) or not isinstance(next(iter(value)), str):
        assert not _orjson_prints_it(value)
