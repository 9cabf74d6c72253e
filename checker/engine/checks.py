"""Rule kinds. Each check is built once from its YAML (compiling its expressions) and run on a report.

- `assert` (the default): for every binding of `for_each`, the expression must hold. Covers the
  relations R1–R9 and the text checks such as D3.
- `sections`: the six section numbers are present and in order (D1).
- `sections_not_empty`: no section is empty; sections 二–四 are filled by their tables (D2).
- `tables_present`: every table and every row of the report's template is there (D2).
- `template_layout`: the template the year calls for is the one every table is printed in (D5).
- `blank_cells`: one finding for the cells that are blank, and which relations they kept from being
  assessed (D11). It runs after the others and reads what they could not assess.

A check appends `Finding`s to the `Run`; it never decides severity, selection or location: the evaluator does.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, Iterator

from checker.engine.expr import (Compare, Compiler, Context, ExprError, Node, Num, RowRef, CellRef,
                                 format_number, selector_element_type)
from checker.engine.names import column_title, describe_cell, row_title
from checker.engine.paths import TABLE_TITLES, TABLES, template_rows
from checker.model import SECTION_HEADINGS, TEMPLATE_NAMES, resolve
from checker.template import template_for_year

_MISSING = object()
_NUMERALS = "一二三四五六七八九十"


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


@dataclass
class Run:
    """What the checks of one report produce, and what the later stages (suspects, D11) need from them."""

    data: dict
    template: str | None
    year: int | None
    findings: list[Finding] = field(default_factory=list)
    held: list[Relation] = field(default_factory=list)
    blocked: list[tuple[str, list[str]]] = field(default_factory=list)   # (rule, blank pointers)


class Check:
    kind = ""

    @classmethod
    def build(cls, spec: dict) -> "Check":
        raise NotImplementedError

    def run(self, rule: str, run: Run) -> None:
        raise NotImplementedError


def message_fields(template: str) -> set[str]:
    """The placeholder names a message template uses ({column}, {lhs} …). Only bare names: a format spec
    or conversion could fail at run time, and `{column.__class__}` would reach into Python objects."""
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


def _line_error(exc: ExprError, spec: Any, key: str) -> ExprError:
    exc.line = spec.line_of(key) if hasattr(spec, "line_of") else None
    return exc


# ── assert ────────────────────────────────────────────────────────────────────────────────────────

COMPARE_FIELDS = {"lhs", "rhs", "lhs_values", "rhs_values", "diff", "op"}
REPORT_FIELDS = {"year", "template"}


@dataclass
class AssertCheck(Check):
    kind = "assert"
    when: Node | None
    loops: list[tuple[str, Node]]
    condition: Node
    message: str
    variables: dict[str, str]

    @classmethod
    def build(cls, spec: dict) -> "AssertCheck":
        variables: dict[str, str] = {}
        loops: list[tuple[str, Node]] = []
        for_each = spec.get("for_each") or {}
        for name, selector in for_each.items():
            if name in TABLES or name == "report":
                raise _line_error(ExprError(f"loop variable {name!r} hides a table name"), for_each, name)
            try:
                node = Compiler(variables).compile(selector)
                variables[name] = selector_element_type(node.type)
            except ExprError as exc:
                raise _line_error(exc, for_each, name)
            loops.append((name, node))
        when = None
        if "when" in spec:
            when = _compile_bool(spec, "when", variables)
        condition = _compile_bool(spec, "assert", variables)
        allowed = set(variables) | {f"{v}_value" for v, t in variables.items() if t == "cell"} | REPORT_FIELDS
        allowed |= {f"{v}_key" for v in variables}
        if isinstance(condition, Compare):
            allowed |= COMPARE_FIELDS
        try:
            unknown = message_fields(spec["message"]) - allowed
        except ExprError as exc:
            raise _line_error(exc, spec, "message")
        if unknown:
            raise _line_error(ExprError(f"message uses unknown placeholder(s) {', '.join(sorted(unknown))} "
                                        f"(known here: {', '.join(sorted(allowed))})"), spec, "message")
        return cls(when, loops, condition, spec["message"], variables)

    def bindings(self, ctx: Context, index: int = 0) -> Iterator[dict[str, Any]]:
        if index == len(self.loops):
            yield dict(ctx.bindings)
            return
        name, selector = self.loops[index]
        for value in selector.evaluate(ctx):
            ctx.bindings[name] = value
            yield from self.bindings(ctx, index + 1)
        ctx.bindings.pop(name, None)

    def run(self, rule: str, run: Run) -> None:
        for bindings in list(self.bindings(Context(run.data))):
            ctx = Context(run.data, bindings)
            if self.when is not None and self.when.evaluate(ctx) is not True:
                continue
            ctx.touched.clear()
            sides: tuple[Num, Num] | None = None
            if isinstance(self.condition, Compare):
                sides = (self.condition.left.evaluate(ctx), self.condition.right.evaluate(ctx))
                holds = self.condition.decide(*sides)
            else:
                holds = self.condition.evaluate(ctx)
            relation = self._relation(rule, sides)
            if holds is None:
                blanks = [p for p, state in ctx.touched.items() if state == "blank"]
                if blanks:
                    run.blocked.append((rule, blanks))
                continue   # missing rows and tables are D2's finding, not a failure here
            if holds:
                if relation:
                    run.held.append(relation)
                continue
            run.findings.append(self._finding(rule, run, ctx, sides, relation))

    def _relation(self, rule: str, sides: tuple[Num, Num] | None) -> Relation | None:
        if sides is None or self.condition.op.__name__ != "Eq":
            return None
        lhs, rhs = sides
        if lhs.linear is None or rhs.linear is None or lhs.value is None or rhs.value is None:
            return None
        linear = dict(lhs.linear)
        for key, coef in rhs.linear.items():
            linear[key] = linear.get(key, 0) - coef
        return Relation(rule, {k: v for k, v in linear.items() if v}, lhs.value - rhs.value)

    def _finding(self, rule: str, run: Run, ctx: Context, sides, relation) -> Finding:
        fields: dict[str, Any] = {"year": run.year, "template": run.template}
        for name, value in ctx.bindings.items():
            fields[name], fields[f"{name}_key"] = _describe_binding(self.variables[name], value)
            if isinstance(value, CellRef):
                fields[f"{name}_value"] = format_number(resolve(run.data, value.pointer, None))
        expected = actual = None
        if sides is not None:
            lhs, rhs = sides
            fields.update(lhs=format_number(lhs.value), rhs=format_number(rhs.value), lhs_values=lhs.shown,
                          rhs_values=rhs.shown, op=self.condition.symbol,
                          diff=format_number(_round(abs(lhs.value - rhs.value))))
            actual = lhs.value
            expected = rhs.value if self.condition.symbol == "=" else f"{self.condition.symbol} {format_number(rhs.value)}"
        cells = list(ctx.touched)
        if sides is None and len(cells) == 1:
            actual = resolve(run.data, cells[0], None)
        # one cell read is the suspect; a section's text (N1, H4) is not a table cell to correct
        suspect = cells[0] if len(cells) == 1 and cells[0].split("/")[1] in TABLES else None
        return Finding(rule, self.message.format_map(fields), cells, expected, actual,
                       suspect=suspect, relation=relation)


def _round(value: float) -> float:
    return round(value, 6) if isinstance(value, float) else value


def _describe_binding(type_: str, value: Any) -> tuple[str, str]:
    if isinstance(value, RowRef):
        return row_title(value.pointer), value.pointer.rsplit("/", 1)[1]
    if isinstance(value, CellRef):
        return describe_cell(value.pointer), value.pointer
    table = type_.split(":", 1)[1] if ":" in type_ else ""
    return column_title(table, value), str(value)


def _compile_bool(spec: dict, key: str, variables: dict[str, str]) -> Node:
    try:
        node = Compiler(variables).compile(spec[key])
    except ExprError as exc:
        raise _line_error(exc, spec, key)
    if node.type != "bool":
        raise _line_error(ExprError(f"{key}: the expression must be true or false (a comparison), "
                                    f"not a {node.type.split(':')[0]}"), spec, key)
    return node


# ── sections ──────────────────────────────────────────────────────────────────────────────────────

def sections_of(data: dict) -> list[dict] | None:
    """The sections as a list of objects (None when the model has no list of sections at all)."""
    sections = data.get("sections")
    if not isinstance(sections, list):
        return None
    out = []
    for section in sections:
        section = section if isinstance(section, dict) else {}
        number = section.get("number")
        out.append({"number": number if isinstance(number, int) and not isinstance(number, bool) else None,
                    "heading": section.get("heading") if isinstance(section.get("heading"), str) else "",
                    "text": section.get("text") if isinstance(section.get("text"), str) else ""})
    return out


def _section_label(number: int) -> str:
    return f"{_NUMERALS[number - 1]}、{SECTION_HEADINGS.get(number, '')}"


@dataclass
class SectionsCheck(Check):
    """The sections the templates require are all there, each once, in order."""

    kind = "sections"
    numbers: list[int]

    @classmethod
    def build(cls, spec: dict) -> "SectionsCheck":
        return cls(list(spec.get("numbers") or SECTION_HEADINGS))

    def run(self, rule: str, run: Run) -> None:
        sections = sections_of(run.data)
        if sections is None:
            return
        found = [s.get("number") for s in sections]
        missing = [n for n in self.numbers if n not in found]
        if missing:
            names = "、".join(f"「{_section_label(n)}」" for n in missing)
            run.findings.append(Finding(rule, f"缺少{len(missing)}个部分：{names}（应有六个部分，依次为一至六）",
                                        ["/sections"], expected=self.numbers, actual=found))
        present = [n for n in found if isinstance(n, int) and n in self.numbers]
        repeated = sorted({n for n in present if present.count(n) > 1})
        if repeated:
            names = "、".join(f"「{_section_label(n)}」" for n in repeated)
            run.findings.append(Finding(rule, f"部分重复出现：{names}", ["/sections"],
                                        expected=self.numbers, actual=found))
        elif present != sorted(present):
            order = "、".join(_NUMERALS[n - 1] for n in present)
            run.findings.append(Finding(rule, f"各部分顺序不对：实际为 {order}，应为一至六依次排列",
                                        ["/sections"], expected=self.numbers, actual=found))


@dataclass
class SectionsNotEmptyCheck(Check):
    """A section with no text is empty, except sections 二–四, whose content is their table (checked by
    tables_present, so a missing table is reported once)."""

    kind = "sections_not_empty"
    tables: dict[int, str]

    @classmethod
    def build(cls, spec: dict) -> "SectionsNotEmptyCheck":
        return cls({int(k): v for k, v in (spec.get("tables") or {}).items()})

    def run(self, rule: str, run: Run) -> None:
        for index, section in enumerate(sections_of(run.data) or []):
            text = section.get("text")
            if isinstance(text, str) and text.strip():
                continue
            if section.get("number") in self.tables:
                continue   # its table is its content; a missing table is tables_present's finding
            number = section.get("number")
            label = _section_label(number) if isinstance(number, int) and 1 <= number <= 6 else section.get("heading")
            run.findings.append(Finding(rule, f"「{label}」部分为空：没有文字，也没有表格", [f"/sections/{index}"]))


# ── tables and rows ───────────────────────────────────────────────────────────────────────────────

def expected_template(year: int | None, template: str | None) -> str | None:
    """The template a report year calls for (spec §1.2); the fingerprint when the year is unknown."""
    if isinstance(year, int) and year >= 2019:
        return template_for_year(year)
    return template


@dataclass
class TablesPresentCheck(Check):
    kind = "tables_present"
    tables: list[str]

    @classmethod
    def build(cls, spec: dict) -> "TablesPresentCheck":
        return cls(list(spec.get("tables") or TABLES))

    def run(self, rule: str, run: Run) -> None:
        template = run.template or expected_template(run.year, None)
        if template not in ("2019", "2021"):
            return
        rows = template_rows(template)
        for table in self.tables:
            if not isinstance(run.data.get(table), dict) or not run.data[table]:
                run.findings.append(Finding(rule, f"缺少{TABLE_TITLES[table]}：未能读到这张表",
                                            [f"/{table}"]))
                continue
            missing_rows, missing_cells = [], []
            for row_path, columns in rows[table]:
                pointer = "/" + "/".join((table, *row_path))
                if _printed_in_other_layout(run.data, table, row_path):
                    continue   # e.g. a single （六） row in a 2021 report: template_layout reports it
                row = resolve(run.data, pointer, _MISSING)
                if not isinstance(row, dict):
                    missing_rows.append(pointer)
                    continue
                missing_cells.extend(f"{pointer}/{c}" for c in columns if c not in row)
            if missing_rows:
                names = "、".join(f"「{row_title(p)}」" for p in missing_rows)
                run.findings.append(Finding(rule, f"{TABLE_TITLES[table]}缺少{len(missing_rows)}行：{names}"
                                                  "（缺行不按 0 计，相关勾稽关系无法核验）", missing_rows))
            if missing_cells:
                names = "、".join(describe_cell(p) for p in missing_cells[:10])
                more = f"等{len(missing_cells)}个" if len(missing_cells) > 10 else ""
                run.findings.append(Finding(rule, f"{TABLE_TITLES[table]}缺少单元格：{names}{more}", missing_cells))


def _printed_in_other_layout(data: dict, table: str, row_path: tuple[str, ...]) -> bool:
    for depth in range(1, len(row_path)):
        node = resolve(data, "/" + "/".join((table, *row_path[:depth])), None)
        if isinstance(node, dict) and node and all(not isinstance(v, (dict, list)) for v in node.values()):
            return True
    return False


# ── template layout ───────────────────────────────────────────────────────────────────────────────

_LAYOUT_2019_COLUMNS = {"made", "published", "total_public", "items_prev_year", "change", "projects"}
_LAYOUT_2021_COLUMNS = {"issued", "repealed", "in_force"}


def disclosure_layout(data: dict) -> str | None:
    table = data.get("active_disclosure")
    if not isinstance(table, dict):
        return None
    keys = set(table) | {c for row in table.values() if isinstance(row, dict) for c in row}
    old = bool(keys & (_LAYOUT_2019_COLUMNS | {"other_services", "procurement"}))
    new = bool(keys & _LAYOUT_2021_COLUMNS)
    return "mixed" if old and new else "2019" if old else "2021" if new else None


def applications_layout(data: dict) -> str | None:
    other = resolve(data, "/applications/results/other", None)
    if not isinstance(other, dict) or not other:
        return None
    return "2021" if all(isinstance(v, dict) for v in other.values()) else "2019"


@dataclass
class TemplateLayoutCheck(Check):
    kind = "template_layout"

    @classmethod
    def build(cls, spec: dict) -> "TemplateLayoutCheck":
        return cls()

    def run(self, rule: str, run: Run) -> None:
        expected = expected_template(run.year, None)
        if expected is None:
            return   # no year, or a pre-2019 report (out of scope): nothing to compare with
        reasons: list[str] = []
        cells: list[str] = []
        found: list[str] = []   # the templates the report shows instead, fingerprint first
        if run.template in ("2019", "2021") and run.template != expected:
            reasons.append(f"表格标签指纹为{run.template}年格式")
            cells.append("/report/template")
            found.append(run.template)
        layout = applications_layout(run.data)
        if layout and layout != expected:
            printed = "只有一行" if layout == "2019" else "分为三行"
            reasons.append(f"表三「（六）其他处理」{printed}（{layout}年格式）")
            cells.append("/applications/results/other")
            found.append(layout)
        layout = disclosure_layout(run.data)
        if layout and layout != expected:
            what = "两种格式的栏目混用" if layout == "mixed" else f"按{layout}年格式填报"
            reasons.append(f"表二{what}")
            cells.append("/active_disclosure")
            found.append(layout)
        evidence = run.data["report"].get("template_evidence") if isinstance(run.data.get("report"), dict) else None
        evidence = {k: [str(x) for x in v] for k, v in evidence.items() if isinstance(v, list)} \
            if isinstance(evidence, dict) else {}
        if not reasons and evidence.get("2019") and evidence.get("2021"):
            # the weakest evidence: only worth saying when no table shows the wrong layout by itself
            reasons.append(f"两种格式的标签混用（2019年：{'、'.join(evidence['2019'][:3])}；"
                           f"2021年：{'、'.join(evidence['2021'][:3])}）")
            cells.append("/report/template_evidence")
            found.append("mixed")
        if reasons:
            run.findings.append(Finding(
                rule, f"{run.year}年的报告应使用{expected}年格式（{TEMPLATE_NAMES[expected]}），但" + "；".join(reasons),
                cells, expected=expected, actual=found[0]))


# ── blank cells ───────────────────────────────────────────────────────────────────────────────────

@dataclass
class BlankCellsCheck(Check):
    kind = "blank_cells"
    tables: list[str]

    @classmethod
    def build(cls, spec: dict) -> "BlankCellsCheck":
        return cls(list(spec.get("tables") or TABLES))

    def run(self, rule: str, run: Run) -> None:
        blanks: list[str] = []
        for table in self.tables:
            _collect_blanks(run.data.get(table), f"/{table}", blanks)
        for _, pointers in run.blocked:
            blanks.extend(p for p in pointers if p not in blanks)
        if not blanks:
            return
        blocked_rules = sorted({r for r, _ in run.blocked})
        names = "、".join(describe_cell(p) for p in blanks[:8]) + (f"等{len(blanks)}个" if len(blanks) > 8 else "")
        consequence = (f"，{'、'.join(blocked_rules)}的{len(run.blocked)}处核验因此无法进行" if blocked_rules
                       else "")
        run.findings.append(Finding(rule, f"{len(blanks)}个单元格为空白（或“/”“—”），按规定不计为 0{consequence}：{names}",
                                    blanks))


def _collect_blanks(node: Any, pointer: str, out: list[str]) -> None:
    """The null cells of the rows under a node; a null table or row is missing, which is D2's finding."""
    if not isinstance(node, dict):
        return
    if node and all(not isinstance(v, (dict, list)) for v in node.values()):   # a row
        out.extend(f"{pointer}/{key}" for key, value in node.items()
                   if value is None and f"{pointer}/{key}" not in out)
        return
    for key, value in node.items():
        _collect_blanks(value, f"{pointer}/{key}", out)


CHECK_KINDS: dict[str, type[Check]] = {
    cls.kind: cls for cls in (AssertCheck, SectionsCheck, SectionsNotEmptyCheck, TablesPresentCheck,
                              TemplateLayoutCheck, BlankCellsCheck)
}
