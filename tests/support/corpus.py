"""The real published reports of tests/data/corpus and their hand-checked truth files, for the tests
that compare a reading (text layer or OCR) with the truth cell by cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def truth_of(stem: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{stem}.truth.json").read_text(encoding="utf-8"))


def leaves(node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """(JSON Pointer, value) of every cell under a table or row of the model."""
    if isinstance(node, dict):
        for key, child in node.items():
            yield from leaves(child, f"{prefix}/{key}")
    else:
        yield prefix, node
