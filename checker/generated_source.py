"""The text of a Python function being generated, and the namespace it will run in: the schema check
(checker/schema_validity.py), an assert check's decisions (checker/engine/codegen.py) and a table shape's
reader (checker/engine/shapes.py) are each one such function, written from a tree already checked (a
schema's keywords, a rule's whitelisted nodes, a model's keys bound as values), never from user text."""

from __future__ import annotations

from typing import Any


class GeneratedSource:
    """Lines of source, objects bound to names (k1, k2, …) for the code to use, and fresh temporaries
    (`temp_prefix` and a number)."""

    def __init__(self, namespace: dict[str, Any], temp_prefix: str = "t") -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = dict(namespace)
        self.count = 0
        self.temp_prefix = temp_prefix

    def bind(self, value: Any) -> str:
        self.count += 1
        name = f"k{self.count}"
        self.namespace[name] = value
        return name

    def temp(self) -> str:
        self.count += 1
        return f"{self.temp_prefix}{self.count}"

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def function(self, name: str, filename: str) -> Any:
        """The function `name` the lines define, run in a copy of the namespace (`filename` names the
        generated code in a traceback)."""
        namespace = dict(self.namespace)
        exec(compile("\n".join(self.lines), filename, "exec"), namespace)   # generated from a checked tree
        return namespace[name]
