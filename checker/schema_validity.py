"""Is a model valid under a JSON Schema? A yes/no check generated once from the schema itself as one Python
function.

The JSON Schemas in schemas/ stay the definition of a report's structure, and jsonschema stays the
validator that explains what is wrong. But walking a whole model with jsonschema costs milliseconds per
report (and importing it ~90 ms), while almost every model is valid. So `schemas.validate_report` first
asks the check generated here, and asks jsonschema for the errors only when it says no.

Only the keywords the report schemas use are understood, with jsonschema's meaning (draft 2020-12); a
schema with any other keyword is refused when compiled, so the two can never silently disagree.
`tests/test_schema_validity.py` proves they agree on good models and on many generated bad ones.

The check is the source of one function: each subschema's keywords become statements that return False
when the value at hand breaks them, nested objects inline (a report's ~60 objects and rows, no call per
object or cell). The source is made from the schema's structure alone: every constant of the schema (a
property name, a pattern, an enum) reaches it only as a name bound in the function's namespace (k1, k2 …),
never as text in the source. A `oneOf` option is a function of its own (they are counted, not inlined).

For a model that is not valid, `narrowed` gives jsonschema the schema with every property whose value the
compiled check finds valid replaced by `true`, so it walks only the parts that hold an error: the errors it
yields are the same, in the same order (the same keywords, in the same order, meet the same invalid
values), and a table with one bad cell costs the walk of one row, not of the whole model.
"""

from __future__ import annotations

import numbers
import re
from itertools import chain
from typing import Any, Callable

from checker.generated_source import GeneratedSource

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "title", "description"}
_KNOWN = _ANNOTATIONS | {"type", "minimum", "maximum", "required", "properties", "additionalProperties", "const",
                         "enum", "pattern", "items", "oneOf"}
_OBJECT_KEYWORDS = {"required", "properties", "additionalProperties"}

# each JSON type as a test of the value named {0}, with jsonschema's meaning (a bool is no number, 1.0 is an integer)
_TYPES = {
    "object": "isinstance({0}, dict)",
    "array": "isinstance({0}, list)",
    "string": "isinstance({0}, str)",
    "null": "{0} is None",
    "boolean": "isinstance({0}, bool)",
    "number": "(isinstance({0}, Number) and not isinstance({0}, bool))",
    "integer": "((isinstance({0}, int) and not isinstance({0}, bool)) or (isinstance({0}, float) and {0}.is_integer()))",
}
_NUMBER = _TYPES["number"]


def _check_constant(expected: Any) -> None:
    """jsonschema's equality for the constants our schemas use: text, or null."""
    if expected is not None and not isinstance(expected, str):
        raise ValueError(f"schema constant {expected!r}: only text or null is understood")


def _is_count_cell(schema: Any) -> bool:
    """A table cell of a count: an integer ≥ 0 or null, and nothing more (annotations aside)."""
    return (isinstance(schema, dict) and set(schema) - _ANNOTATIONS == {"type", "minimum"}
            and isinstance(schema["type"], list) and sorted(schema["type"]) == ["integer", "null"]
            and type(schema["minimum"]) is int and schema["minimum"] == 0)


class _Source(GeneratedSource):
    def __init__(self) -> None:
        super().__init__({"Number": numbers.Number, "chain": chain}, temp_prefix="v")
        self.rows = False   # the function gathers the rows of counts whose keys it tested (rows_append)

    def schema(self, schema: Any, value: str, indent: int) -> None:
        """Statements that return False when the value named `value` is not valid under `schema`."""
        if schema is True:
            return
        if schema is False:
            self.line(indent, "return False")
            return
        if not isinstance(schema, dict):
            raise ValueError(f"schema {schema!r}: an object, true or false is understood")
        unknown = set(schema) - _KNOWN
        if unknown:
            raise ValueError(f"schema keyword(s) {', '.join(sorted(unknown))} not understood")
        types = [schema["type"]] if isinstance(schema.get("type"), str) else list(schema.get("type", ()))
        for name in types:
            if name not in _TYPES:
                raise ValueError(f"schema type {name!r} not understood")
        if not (_OBJECT_KEYWORDS | {"items", "oneOf"}) & set(schema) and {"type", "const", "enum", "minimum",
                                                                              "maximum", "pattern"} & set(schema):
            # a scalar, as a cell: an int and None are decided by their class alone (what the keywords below
            # decide for them: a constant or option is text or null, a pattern reads only text)
            self.line(indent, f"if {value}.__class__ is int:")
            if types and not {"integer", "number"} & set(types) or "const" in schema or "enum" in schema:
                self.line(indent + 1, "return False")
            else:
                bounds = [f"{value} < {self.bind(schema['minimum'])}"] if "minimum" in schema else []
                bounds += [f"{value} > {self.bind(schema['maximum'])}"] if "maximum" in schema else []
                self.line(indent + 1, f"if {' or '.join(bounds)}: return False" if bounds else "pass")
            self.line(indent, f"elif {value} is None:")
            if (types and "null" not in types or ("const" in schema and schema["const"] is not None)
                    or ("enum" in schema and None not in schema["enum"])):
                self.line(indent + 1, "return False")
            else:
                self.line(indent + 1, "pass")
            self.line(indent, "else:")
            indent += 1
        self._keywords(schema, types, value, indent)

    def _keywords(self, schema: dict, types: list[str], value: str, indent: int) -> None:
        if types:
            tests = " or ".join(_TYPES[name].format(value) for name in types)
            self.line(indent, f"if not ({tests}): return False")
        if "const" in schema:
            self._equal("const", [schema["const"]], value, indent)
        if "enum" in schema:
            self._equal("enum", list(schema["enum"]), value, indent)
        if "minimum" in schema:
            self.line(indent, f"if {_NUMBER.format(value)} and {value} < {self.bind(schema['minimum'])}: return False")
        if "maximum" in schema:
            self.line(indent, f"if {_NUMBER.format(value)} and {value} > {self.bind(schema['maximum'])}: return False")
        if "pattern" in schema:
            search = self.bind(re.compile(schema["pattern"]).search)
            self.line(indent, f"if isinstance({value}, str) and {search}({value}) is None: return False")
        if "items" in schema:
            item = self.temp()
            if types != ["array"]:   # else tested above
                self.line(indent, f"if isinstance({value}, list):")
                indent += 1
            self.line(indent, f"for {item} in {value}:")
            before = len(self.lines)
            self.schema(schema["items"], item, indent + 1)
            if len(self.lines) == before:
                self.line(indent + 1, "pass")
            if types != ["array"]:
                indent -= 1
        if "oneOf" in schema:
            options = self.bind(tuple(compile_schema(option) for option in schema["oneOf"]))
            self.line(indent, f"if sum(1 for option in {options} if option({value})) != 1: return False")
        if _OBJECT_KEYWORDS & set(schema):
            if types == ["object"]:   # tested above: the object's keywords need no second test
                self._object(schema, value, indent)
            else:
                self.line(indent, f"if isinstance({value}, dict):")
                before = len(self.lines)
                self._object(schema, value, indent + 1)
                if len(self.lines) == before:
                    self.line(indent + 1, "pass")

    def _equal(self, keyword: str, options: list[Any], value: str, indent: int) -> None:
        for option in options:
            _check_constant(option)
        texts = frozenset(option for option in options if isinstance(option, str))
        test = f"(isinstance({value}, str) and {value} in {self.bind(texts)})"
        if None in options:
            test = f"({value} is None or {test})"
        self.line(indent, f"if not {test}: return False")

    def _object(self, schema: dict, value: str, indent: int) -> None:
        """The object keywords, for a value known to be a dict."""
        required = frozenset(schema.get("required", ()))
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        row = (extra is False and properties and required == frozenset(properties)
               and all(_is_count_cell(sub) for sub in properties.values()))
        if row:   # every key required, and no other: the keys are exactly these
            self.line(indent, f"if {value}.keys() != {self.bind(required)}: return False")
        elif required:
            self.line(indent, f"if not {self.bind(required)} <= {value}.keys(): return False")
        if extra is False and not row:   # a key that is not text is none of the properties either
            self.line(indent, f"if not {value}.keys() <= {self.bind(frozenset(properties))}: return False")
        if extra is not False and extra is not True:
            key, item = self.temp(), self.temp()
            self.line(indent, f"for {key}, {item} in {value}.items():")
            self.line(indent + 1, f"if {key} in {self.bind(frozenset(properties))}: continue")
            self.schema(extra, item, indent + 1)
        if row:   # its cells are tested with every other row's, at the end (compile_schema)
            self.line(indent, f"rows_append({value})")
            self.rows = True
            return
        for key, sub in properties.items():
            if sub is True:
                continue
            item = self.temp()
            if key in required:   # present: tested above
                self.line(indent, f"{item} = {value}[{self.bind(key)}]")
                self.schema(sub, item, indent)
            else:
                self.line(indent, f"if {self.bind(key)} in {value}:")
                self.line(indent + 1, f"{item} = {value}[{self.bind(key)}]")
                self.schema(sub, item, indent + 1)


def compile_schema(schema: Any) -> Check:
    """A function telling whether an instance is valid under `schema`."""
    source = _Source()
    source.line(0, "def valid(v0):")
    source.schema(schema, "v0", 1)
    if source.rows:
        # the cells of every table row of counts (_Source._object): their classes compared as a set and their
        # least value found in C, over all the rows at once; a float, a bool, text … is tested cell by cell
        source.lines[1:1] = ["    rows = []", "    rows_append = rows.append"]
        source.line(1, "cells = [*chain.from_iterable(map(dict.values, rows))]")
        source.line(1, "classes = set(map(type, cells))")
        source.line(1, f"if classes == {source.bind({int})}:   # the usual report, every cell printed")
        source.line(2, "if min(cells) < 0: return False")
        source.line(1, f"elif classes <= {source.bind(frozenset({int, type(None)}))}:")
        source.line(2, "if min(filter(None, cells), default=0) < 0: return False   # None and 0 dropped")
        source.line(1, "else:")
        source.line(2, "for cell in cells:")
        source.schema({"type": ["integer", "null"], "minimum": 0}, "cell", 3)
    source.line(1, "return True")
    return source.function("valid", "<schema check>")   # generated, see the docstring


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


def prepare_narrowing(schema: Any) -> None:
    """Compile the checks `narrowed` may ask for on `schema`: those of every schema under its `properties`
    (the resident server does it once, so a command's first model that breaks its schema is explained
    without generating them)."""
    if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
        for sub in schema["properties"].values():
            _check_of(sub)
            prepare_narrowing(sub)

