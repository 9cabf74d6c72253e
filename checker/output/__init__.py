"""Output formats. Each is a module here with `render(results, options, stream, **extra)`; the registry
imports a module only when its format is used, so `--format json` never loads rich."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any, Callable, TextIO

# format name → module under checker.output (a format whose module is not present is not offered)
_FORMATS = {"text": "text", "json": "json", "jsonl": "jsonl", "sarif": "sarif", "junit": "junit",
            "csv": "csv", "html": "html", "github": "github"}


def _lazy(module: str) -> Callable[..., Any]:
    def render(results: list, options: Any, stream: TextIO, **extra: Any) -> Any:
        return importlib.import_module(f"checker.output.{module}").render(results, options, stream, **extra)

    render.__name__ = f"render_{module}"
    return render


RENDERERS: dict[str, Callable[..., Any]] = {
    name: _lazy(module) for name, module in _FORMATS.items()
    if importlib.util.find_spec(f"checker.output.{module}") is not None
}
