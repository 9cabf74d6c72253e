"""`tables_present` (D2): every table and every row of the report's template is there. A row the report
prints in the other template's layout is template_layout's finding (D5), not a missing row."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from checker.engine.checks.base import Check, Finding, Run
from checker.engine.paths import template_rows
from checker.model import TABLE_TITLES, TABLES, describe_pointer, resolve, row_title
from checker.template import expected_template, printed_in_other_layout


@dataclass
class TablesPresentCheck(Check):
    kind = "tables_present"
    label = "三张表及其每一行都在"
    tables: list[str]

    @classmethod
    def build(cls, spec: dict) -> "TablesPresentCheck":
        return cls(list(spec.get("tables") or TABLES))

    def run(self, rule: str, run: Run) -> None:
        template = run.template or expected_template(run.year)
        if template not in ("2019", "2021"):
            return
        shared = run.shared   # what is missing depends on the tables' structure alone (shapes.py)
        key = ("tables_present", template, *self.tables)
        found = shared.get(key) if shared is not None else None
        if found is None:
            found = self._missing(run.data, template)
            if shared is not None:
                shared[key] = found
        run.findings.extend(Finding(rule, message, list(cells)) for message, cells in found)

    def _missing(self, data: dict, template: str) -> list[tuple[str, list[str]]]:
        """(message, cells) of each finding: missing tables, rows and cells."""
        out: list[tuple[str, list[str]]] = []
        rows = _template_rows(template)
        for table in self.tables:
            if not isinstance(data.get(table), dict) or not data[table]:
                out.append((f"缺少{TABLE_TITLES[table]}：未能读到这张表", [f"/{table}"]))
                continue
            missing_rows, missing_cells = [], []
            for row_path, pointer, columns in rows[table]:
                if printed_in_other_layout(data, table, row_path):
                    continue   # e.g. a single （六） row in a 2021 report: template_layout reports it
                row = resolve(data, pointer, None)
                if not isinstance(row, dict):
                    missing_rows.append(pointer)
                    continue
                for column in columns:
                    if column not in row:
                        missing_cells.append(f"{pointer}/{column}")
            if missing_rows:
                names = "、".join(f"「{row_title(p)}」" for p in missing_rows)
                out.append((f"{TABLE_TITLES[table]}缺少{len(missing_rows)}行：{names}"
                            "（缺行不按 0 计，相关勾稽关系无法核验）", missing_rows))
            if missing_cells:
                names = "、".join(describe_pointer(p) for p in missing_cells[:10])
                more = f"等{len(missing_cells)}个" if len(missing_cells) > 10 else ""
                out.append((f"{TABLE_TITLES[table]}缺少单元格：{names}{more}", missing_cells))
        return out


@cache
def _template_rows(template: str) -> dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]]:
    """paths.template_rows with each row's pointer: table → [(row path, pointer, columns), …]."""
    return {table: [(row_path, "/" + "/".join((table, *row_path)), columns) for row_path, columns in rows]
            for table, rows in template_rows(template).items()}
