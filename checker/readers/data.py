"""The canonical model itself, as JSON or YAML (what `report-lint extract` prints, or a pipeline makes).

The Document it hands on has no blocks: it carries the parsed model and its source_map, and the
assembler completes it into a Report. Where the file carries no source_map, every value is located at
its own line and column in the file, so findings still point at something a person can open."""

from __future__ import annotations

from typing import Any

from checker.document import Document, FormSpec
from checker.errors import InputError
from checker.readers.decoding import decode

_MODEL_KEYS = ("active_disclosure", "applications", "review_litigation", "sections")


def _start(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def sniff_json(head: bytes) -> bool:
    return _start(head).startswith(b"{")


def sniff_yaml(head: bytes) -> bool:
    text = _start(head)
    return text.startswith(b"report:") or text.startswith(b"---\nreport:")


def _load(text: str, name: str) -> tuple[Any, Any]:
    """(data, node tree with marks): YAML is a superset of JSON, so one loader serves both."""
    import yaml

    # libyaml's C loader where PyYAML was built with it: the pure-Python one is ten times slower
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:  # one parse: the node tree gives the marks, and the data is constructed from it
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(name, f"is not valid JSON/YAML{where}: {problem}") from None
    finally:
        loader.dispose()
    return data, node


def _positions(node: Any, ptr: str, out: dict[str, dict[str, Any]]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _positions(value_node, f"{ptr}/{key_node.value}", out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, f"{ptr}/{index}", out)
    elif isinstance(node, yaml.ScalarNode):
        out[ptr] = {"line": node.start_mark.line + 1, "column": node.start_mark.column + 1,
                    "page": None, "text": node.value}


def _dates_as_text(report: dict[str, Any]) -> None:
    """YAML reads an unquoted 2020-12-31 as a date; the model holds ISO text."""
    import datetime

    for holder, key in [(report, "signed_on"), (report, "published_on"),
                        *[(report["period"], k) for k in ("start", "end") if isinstance(report.get("period"), dict)]]:
        if isinstance(holder.get(key), datetime.date):
            holder[key] = holder[key].isoformat()


def read(raw: bytes, name: str) -> Document:
    text, _ = decode(raw, name)
    data, node = _load(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("report"), dict) \
            or not any(k in data for k in _MODEL_KEYS):
        raise InputError(name, "is JSON/YAML but not a report in report-lint's canonical model "
                               "(it needs a 'report' object and the tables; see `report-lint extract`)")
    source_map = data.pop("source_map", None)
    if not isinstance(source_map, dict) or not source_map:
        source_map = {}
        _positions(node, "", source_map)
        source_map = {k: v for k, v in source_map.items() if k.startswith(("/active_disclosure/", "/applications/",
                                                                            "/review_litigation/"))}
    _dates_as_text(data["report"])
    return Document(blocks=[], model=data, source_map=source_map, lines=text.splitlines())


FORM_SPECS = (
    FormSpec("json", (".json",), "line", read, sniff=sniff_json, content="data",
             summary="the canonical model as JSON (what `report-lint extract` prints)"),
    FormSpec("yaml", (".yaml", ".yml"), "line", read, sniff=sniff_yaml, content="data",
             summary="the canonical model as YAML"),
)
