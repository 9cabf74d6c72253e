"""Is a model valid under a JSON Schema? A yes/no check compiled once from the schema itself into closures.

The JSON Schemas in schemas/ stay the definition of a report's structure, and jsonschema stays the
validator that explains what is wrong. But walking a whole model with jsonschema costs milliseconds per
report (and importing it ~90 ms), while almost every model is valid. So `schemas.validate_report` first
asks the check compiled here, and asks jsonschema for the errors only when it says no.

Only the keywords the report schemas use are understood, with jsonschema's meaning (draft 2020-12); a
schema with any other keyword is refused when compiled, so the two can never silently disagree.
`tests/test_schema_validity.py` proves they agree on good models and on many generated bad ones.

For a model that is not valid, `narrowed` gives jsonschema the schema with every property whose value the
compiled check finds valid replaced by `true`, so it walks only the parts that hold an error: the errors it
yields are the same, in the same order (the same keywords, in the same order, meet the same invalid
values), and a table with one bad cell costs the walk of one row, not of the whole model.
"""

from __future__ import annotations

import numbers
import re
from typing import Any, Callable

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "title", "description"}
_KNOWN = _ANNOTATIONS | {"type", "minimum", "maximum", "required", "properties", "additionalProperties", "const",
                         "enum", "pattern", "items", "oneOf"}


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _equal_to(expected: Any) -> Check:
    """jsonschema's equality for the constants our schemas use: text, or null."""
    if expected is None:
        return lambda v: v is None
    if isinstance(expected, str):
        return lambda v: isinstance(v, str) and v == expected
    raise ValueError(f"schema constant {expected!r}: only text or null is understood")


def compile_schema(schema: Any) -> Check:
    """A function telling whether an instance is valid under `schema`."""
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"schema keyword(s) {', '.join(sorted(unknown))} not understood")
    checks: list[Check] = []
    if "type" in schema:
        types = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
        tests = [_TYPES[t] for t in types]
        if len(tests) == 1:
            checks.append(tests[0])
        else:
            def typed(value: Any) -> bool:
                for test in tests:
                    if test(value):
                        return True
                return False
            checks.append(typed)
    if "const" in schema:
        checks.append(_equal_to(schema["const"]))
    if "enum" in schema:
        options = [_equal_to(option) for option in schema["enum"]]   # refuses anything but text and null
        texts = frozenset(option for option in schema["enum"] if isinstance(option, str))
        if None in schema["enum"]:
            checks.append(lambda v: v is None or (isinstance(v, str) and v in texts))
        else:
            checks.append(lambda v: isinstance(v, str) and v in texts)
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda v: not _is_number(v) or not v < low)
    if "maximum" in schema:
        high = schema["maximum"]
        checks.append(lambda v: not _is_number(v) or not v > high)
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        checks.append(lambda v: not isinstance(v, str) or pattern.search(v) is not None)
    if "items" in schema:
        item = compile_schema(schema["items"])
        checks.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
    if "oneOf" in schema:
        options = [compile_schema(option) for option in schema["oneOf"]]
        checks.append(lambda v: sum(1 for option in options if option(v)) == 1)
    if {"required", "properties", "additionalProperties"} & set(schema):
        if checks and checks[0] is _TYPES["object"]:   # "type": "object" and the object's keywords: one test
            checks[0] = _object_check(schema, typed=True)
        else:
            checks.append(_object_check(schema))
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        check = checks[0]
    else:
        def check(value: Any) -> bool:
            for one in checks:
                if not one(value):
                    return False
            return True
    if {"required", "properties", "additionalProperties", "items", "oneOf"} & set(schema):
        return check
    return _remembered(check)


_SCALARS = {int, float, bool, type(None)}
_REMEMBERED = 4096   # distinct numbers remembered per cell schema: a report's cells repeat few values


def _remembered(check: Check) -> Check:
    """A cell's schema decides the same for the same number: 0, 1, None … are decided once per batch."""
    known: dict[tuple[type, Any], bool] = {}
    known_ints: dict[int, bool] = {}   # the usual cell, by its value alone

    def remembered(value: Any) -> bool:
        kind = type(value)
        if kind is int:
            found = known_ints.get(value)
            if found is None:
                found = check(value)
                if len(known_ints) < _REMEMBERED:
                    known_ints[value] = found
            return found
        if kind not in _SCALARS:
            return check(value)
        key = (kind, value)
        found = known.get(key)
        if found is None:
            found = check(value)
            if len(known) < _REMEMBERED:
                known[key] = found
        return found
    return remembered


def _is_count_cell(schema: Any) -> bool:
    """A table cell of a count: an integer ≥ 0 or null, and nothing more (annotations aside)."""
    return (isinstance(schema, dict) and set(schema) - _ANNOTATIONS == {"type", "minimum"}
            and isinstance(schema["type"], list) and sorted(schema["type"]) == ["integer", "null"]
            and type(schema["minimum"]) is int and schema["minimum"] == 0)


_INT_OR_NONE = frozenset({int, type(None)})
_INT_ONLY = frozenset({int})


def _object_check(schema: dict, typed: bool = False) -> Check:
    """The object keywords' test (an instance that is not an object passes it, unless `typed`: the
    schema's "type": "object" is tested here too)."""
    required = list(schema.get("required", ()))
    properties = {key: compile_schema(sub) for key, sub in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    extra_check = None if extra is True else compile_schema(extra)
    generic = _generic_object_check(required, properties, extra_check, typed)
    if extra is not False or not properties or not all(_is_count_cell(sub) for sub in schema["properties"].values()):
        return generic
    # A table row of counts: its keys and its cells' classes are compared as sets (in C); a cell that is
    # not a plain int or None (a float, a bool, text) is left to the general check.
    keys, needed = frozenset(properties), frozenset(required)
    every = keys == needed   # every column required: the keys must be exactly these

    def row(value: Any) -> bool:
        if value.__class__ is dict and (value.keys() == keys if every else
                                        value.keys() <= keys and needed <= value.keys()):
            cells = value.values()
            classes = set(map(type, cells))
            if classes == _INT_ONLY:   # the usual row, every cell printed
                return min(cells) >= 0
            if classes <= _INT_OR_NONE:
                return min(filter(None, cells), default=0) >= 0   # None and 0 dropped: any negative left?
        return generic(value)
    return row


def _generic_object_check(required: list, properties: dict[str, Check], extra_check: Check | None,
                          typed: bool) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return not typed
        for key in required:
            if key not in value:
                return False
        for key, item in value.items():
            sub = properties.get(key)   # None for a key that is not text: no property is named by one
            if sub is not None:
                if not sub(item):
                    return False
            elif extra_check is not None and not extra_check(item):
                return False
        return True
    return check


_COMPILED: dict[int, tuple[Any, Check]] = {}   # id(schema) → (the schema, kept alive; its check)


def _check_of(schema: Any) -> Check:
    found = _COMPILED.get(id(schema))
    if found is None or found[0] is not schema:
        found = _COMPILED[id(schema)] = (schema, compile_schema(schema))
    return found[1]


def narrowed(schema: Any, instance: Any) -> Any:
    """`schema` with each of its `properties` whose value in `instance` is valid replaced by `true`, and
    those that are not narrowed in turn (only through `properties`: `items` and `oneOf` stay whole, as do
    keys the instance lacks). jsonschema finds the same errors with it, walking only where they are."""
    if not isinstance(schema, dict) or not isinstance(instance, dict) or not isinstance(schema.get("properties"), dict):
        return schema
    properties = {}
    for key, sub in schema["properties"].items():
        if key not in instance:
            properties[key] = sub
        elif _check_of(sub)(instance[key]):
            properties[key] = True
        else:
            properties[key] = narrowed(sub, instance[key])
    return {**schema, "properties": properties}
