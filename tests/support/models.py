"""The canonical models of the reports the project keeps, for tests that check an engine part against
another on every real model (compiled vs full evaluation, compiled schema check vs jsonschema)."""

from __future__ import annotations

from pathlib import Path

from checker.errors import InputError
from checker.readers import read_report

ROOT = Path(__file__).resolve().parents[2]


def read_models(folders: tuple[str, ...], suffixes: tuple[str, ...]) -> list[dict]:
    """Every readable report in these project folders (truth files aside), in a stable order."""
    models = []
    for folder in folders:
        for path in sorted((ROOT / folder).iterdir()):
            if path.suffix not in suffixes or path.name.endswith(".truth.json"):
                continue
            try:
                models.append(read_report(str(path)).data)
            except InputError:
                continue
    return models
