"""Checks on a hand-written JSON/YAML report before anything else reads it.

A canonical model written by hand (or by another program) can hold anything; report-lint promises a clear
input error, never a crash, so before the model goes on:
- the YAML node tree: no anchors/aliases (a model never needs them, and "billion laughs" uses them), at
  most MAX_DEPTH levels of nesting, at most MAX_NODES values;
- the values: JSON's own types only (a YAML date becomes ISO text), string keys, finite numbers of at
  most MAX_DIGITS digits;
- the shape everything downstream relies on (report metadata, sections, extras, tables as objects, and
  source_map entries), checked with JSON Schema. What the template's schema says about the cells (every
  row present, counts ≥ 0 …) stays a SCHEMA finding, as for every other form.
"""

from __future__ import annotations

import datetime
import math
from functools import cache
from typing import Any

from checker.errors import InputError

MAX_DEPTH = 64
MAX_NODES = 200_000   # a full model with its source_map has a few thousand
MAX_DIGITS = 15     # a count or an amount of more digits is not a number a report can print

_TEXT = {"type": ["string", "null"]}
_INT = {"type": ["integer", "null"]}
SHAPE = {
    "type": "object",
    "required": ["report"],
    "properties": {
        "report": {"type": "object", "properties": {
            "title": _TEXT, "organ": _TEXT, "year": _INT, "template": {"enum": ["2019", "2021", None]},
            "template_evidence": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "kind": _TEXT, "signed_on": _TEXT, "published_on": _TEXT,
            "period": {"type": ["object", "null"], "properties": {"start": _TEXT, "end": _TEXT}}}},
        "preamble": _TEXT,
        "sections": {"type": "array", "items": {"type": "object", "properties": {
            "number": _INT, "heading": _TEXT, "numbering": _TEXT, "text": _TEXT}}},
        "extras": {"type": "array", "items": {"type": "object"}},
        "active_disclosure": {"type": "object"}, "applications": {"type": "object"},
        "review_litigation": {"type": "object"},
        "source_map": {"type": ["object", "null"], "additionalProperties": {"type": "object", "properties": {
            "line": _INT, "column": _INT, "page": _INT, "text": _TEXT, "unit": _TEXT,
            "table": _INT, "row": _INT, "cell": _INT}}},
    },
}


def check_nodes(root: Any, name: str) -> None:
    """The YAML node tree, walked without recursion: aliases, depth and size."""
    import yaml

    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise InputError(name, "使用了 YAML 锚点和别名（& 与 *），报告模型中不允许，请写出每个值")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise InputError(name, f"嵌套超过 {MAX_DEPTH} 层，不是报告模型")
        if len(seen) > MAX_NODES:
            raise InputError(name, f"值的个数超过 {MAX_NODES}，不是报告模型")
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [(key, depth + 1), (value, depth + 1)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]


def check_values(data: Any, name: str) -> Any:
    """JSON values only, walked without recursion; dates become ISO text. Returns the (same) data."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, ptr = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            if isinstance(node, dict) and not isinstance(key, str):
                raise InputError(name, f"{ptr or '顶层'} 的键 {_short(key)} 不是文字：报告模型的键都是文字")
            where = f"{ptr}/{key}"
            if isinstance(value, (dict, list)):
                stack.append((value, where))
            elif isinstance(value, (datetime.date, datetime.datetime)):
                node[key] = value.isoformat()
            elif isinstance(value, bool) or value is None or isinstance(value, str):
                continue
            elif isinstance(value, int):
                if abs(value) >= 10 ** MAX_DIGITS:
                    raise InputError(name, f"{where} 的数值超过 {MAX_DIGITS} 位，不是报告里能印的数")
            elif isinstance(value, float):
                if not math.isfinite(value) or abs(value) >= 10 ** MAX_DIGITS:
                    raise InputError(name, f"{where} 的数值 {value!r} 不是有限的数，或超过 {MAX_DIGITS} 位")
            else:
                raise InputError(name, f"{where} 的值是 {type(value).__name__}（{_short(value)}），不是 JSON 的值")
    return data


def check_shape(data: Any, name: str) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        error = errors[0]
        ptr = "/" + "/".join(str(p) for p in error.absolute_path)
        raise InputError(name, f"不符合报告模型：{ptr if ptr != '/' else '顶层'} 的值 {_short(error.instance)} "
                               f"不对（{error.message[:200]}）")


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SHAPE)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"
