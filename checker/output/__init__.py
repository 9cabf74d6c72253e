"""Output formats. Each is a module here with `render(results, options, stream, **extra)`; the registry
imports a module only when its format is used, so `--format json` never loads rich.

A format that can write each report as it arrives also has a `Sink(options, stream, facts=…)` with
`add(result)` and `close(tally)` (the batch's running counts, checker.summary.Tally): a batch streams
through it and memory does not grow with the batch. `open_sink` gives every format that interface,
collecting the results for those that need the whole run at once (an HTML page, SARIF, JUnit)."""

from __future__ import annotations

import importlib
import importlib.util
import os
from typing import Any, Callable, TextIO

# Environment variables that make rich treat a stream that is not a terminal as one (colours, a live bar).
_TERMINAL_FORCED = ("TTY_COMPATIBLE", "FORCE_COLOR")

# format name → module under checker.output (a format whose module is not present is not offered)
_FORMATS = {"text": "text", "json": "json", "jsonl": "jsonl", "sarif": "sarif", "junit": "junit",
            "csv": "csv", "html": "html", "github": "github"}


def _lazy(module: str) -> Callable[..., Any]:
    def render(results: list, options: Any, stream: TextIO, **extra: Any) -> Any:
        return importlib.import_module(f"checker.output.{module}").render(results, options, stream, **extra)

    render.__name__ = f"render_{module}"
    return render


# the formats that print code frames: the lines of a report around each finding (report.lines)
CODE_FRAMES = frozenset({"text", "html"})

RENDERERS: dict[str, Callable[..., Any]] = {
    name: _lazy(module) for name, module in _FORMATS.items()
    if importlib.util.find_spec(f"checker.output.{module}") is not None
}


def render_one(name: str, result: Any, options: Any) -> None:
    """Render one report alone in the format `name`, as the run's output will (raising what a renderer's
    bug raises): the per-report guard of check_command. JSON renders just the report's entry, which its
    Sink then writes as it is, instead of a whole document of one report thrown away and the entry again."""
    if name == "json":
        importlib.import_module("checker.output.json").entry_text(result)
    else:
        import io

        RENDERERS[name]([result], options, io.StringIO())


class _Collected:
    """A format without a Sink: keep the results and render them all at the end."""

    def __init__(self, render: Callable[..., Any], options: Any, stream: TextIO, facts: Any):
        self.render, self.options, self.stream, self.facts = render, options, stream, facts
        self.results: list = []

    def add(self, result: Any) -> None:
        self.results.append(result)

    def close(self, counts: Any) -> None:
        self.render(self.results, self.options, self.stream, facts=self.facts)


def may_be_terminal(stream: Any) -> bool:
    """Whether rich could draw on `stream`: it is a terminal, or the environment forces colour. When not,
    rich would write bare text (or no progress bar), and is not imported just to learn that."""
    try:
        if stream.isatty():
            return True
    except (AttributeError, ValueError):   # no isatty, or a closed stream: not a terminal
        pass
    return any(name in os.environ for name in _TERMINAL_FORCED)


def open_sink(name: str, options: Any, stream: TextIO, facts: Any = None) -> Any:
    """The format `name` as a sink: add(result) per report, close(tally) at the end."""
    module = importlib.import_module(f"checker.output.{_FORMATS[name]}")
    if hasattr(module, "Sink"):
        return module.Sink(options, stream, facts=facts)
    return _Collected(module.render, options, stream, facts)
