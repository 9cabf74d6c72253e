"""What every check kind shares: the base class, the findings a check makes, and the run of one report.

A check is built once from its YAML (compiling its expressions) and run on each report. It appends
`Finding`s to the `Run`; it never decides severity, selection or location: the evaluator does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.engine.runtime import Context, ExprError, table_values
from checker.engine.shapes import TablesRead, read_tables


@dataclass
class Relation:
    """An assessed equality in linear form: Σ coef·cell + const, and how far it is from holding."""

    rule: str
    linear: dict[str, float]
    residual: float


@dataclass
class Finding:
    rule: str
    message: str
    cells: list[str]
    expected: Any = None
    actual: Any = None
    suspect: str | None = None
    suggestion: str | None = None
    relation: Relation | None = None


class _once:
    """functools.cached_property without the lock Python 3.11 takes on each first read (four a report): the
    value is kept in the instance's __dict__, which later reads find before this descriptor."""

    def __init__(self, method: Any) -> None:
        self.method, self.name = method, method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.method(instance)
        return value


@dataclass
class Run:
    """What the checks of one report produce, and what the later stages (suspects, D11) need from them."""

    data: dict
    template: str | None
    year: int | None
    findings: list[Finding] = field(default_factory=list)
    held: list[Relation] = field(default_factory=list)
    blocked: list[tuple[str, list[str]]] = field(default_factory=list)   # (rule, blank pointers)
    # (check, rule, name, values): bindings that held, {name: value} for each value, or (name None) each
    # value a whole binding ({} for a check without a loop)
    pending: list[tuple[Any, str, str | None, list]] = field(default_factory=list)
    memo: dict[Any, Any] = field(default_factory=dict)   # Context.memo, shared by every check

    @_once
    def tables(self) -> TablesRead | None:
        """The report's tables read once for every check (shapes.py); None: not for the shared path."""
        return read_tables(self.data)

    @_once
    def values(self) -> dict[str, int | float]:
        """The report's numbers by pointer, read once for every check (runtime.table_values)."""
        tables = self.tables
        return tables.values if tables is not None else table_values(self.data)

    @_once
    def plain_context(self) -> Context:
        """The context the generated checks decide in (codegen.py), one for the run."""
        return Context(self.data, values=self.values, memo=self.memo, shared=self.shared)

    @_once
    def shared(self) -> dict[Any, Any] | None:
        """What the rules find of the tables' structure, shared by the reports of the same shape."""
        tables = self.tables
        return tables.shared if tables is not None else None

    def held_cells(self) -> set[str]:
        """The cells of the relations that held (only the suspects ask: a cell in one cannot be wrong), their
        linear forms worked out now (AssertCheck.held_cells)."""
        cells = {cell for relation in self.held for cell in relation.linear}
        for check, rule, name, held in self.pending:
            check.held_cells_of(rule, self, name, held, cells)
        return cells


class Check:
    """One kind of check (`kind:` in a rule, `assert` when absent)."""

    kind = ""
    label = ""          # what it checks, in Chinese, for `explain`
    runs_last = False   # reads what the other checks of the report could not assess (blank_cells)

    @classmethod
    def build(cls, spec: dict) -> "Check":
        raise NotImplementedError

    def run(self, rule: str, run: Run) -> None:
        raise NotImplementedError


def message_fields(template: str) -> set[str]:
    """The placeholder names a message template uses ({column}, {lhs} …). Only bare names: a format spec
    or conversion could fail at run time, and `{column.__class__}` would reach into Python objects."""
    import string   # here: message templates are read when a pack is compiled, not from the rule cache

    fields = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ExprError(f"bad message template: {exc}") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise ExprError(f"message placeholder {{{name}}} may not have a format or conversion")
        fields.add(name)
    return fields


def line_error(exc: ExprError, spec: Any, key: str) -> ExprError:
    """The error, marked with the line of `key` in the rule file."""
    exc.line = spec.line_of(key) if hasattr(spec, "line_of") else None
    return exc
