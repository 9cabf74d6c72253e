"""The text of a Python function being generated, and the namespace it will run in: the schema check
(checker/schema_validity.py) and an assert check's decisions (checker/engine/codegen.py) are each one such
function, written from a tree already checked (a schema's keywords, a rule's whitelisted nodes), never
from user text."""

from __future__ import annotations

from typing import Any


class GeneratedSource:
    """Lines of source, objects bound to names (k1, k2, …) for the code to use, and fresh temporaries
    (`temp_prefix` and a number)."""

    temp_prefix = "t"

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = dict(namespace)
        self.count = 0

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
