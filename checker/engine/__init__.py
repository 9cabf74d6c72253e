"""The rules engine: YAML rule packs, a safe expression language, rule kinds, evaluation, suspect cells.

The names below are imported from their modules when first asked for, so `checker.engine.cache` and
`checker.engine.packs` serve `rules` and `explain` from the cache without loading the engine."""

from __future__ import annotations

import importlib
import sys
import types

__all__ = ["Rule", "RuleSet", "evaluate", "load_rule_file", "load_rules"]
_HOMES = {"Rule": "rules", "RuleSet": "rules", "load_rule_file": "rules", "load_rules": "rules"}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


class _Engine(types.ModuleType):
    """`checker.engine.evaluate` is the function, as when this module imported it eagerly, although a
    submodule of that name exists: the import system's binding of the submodule to the package leaves the
    name to the function (importlib.import_module("checker.engine.evaluate") gives the module)."""

    @property
    def evaluate(self):
        return importlib.import_module(f"{__name__}.evaluate").evaluate

    @evaluate.setter
    def evaluate(self, value) -> None:
        pass


sys.modules[__name__].__class__ = _Engine
