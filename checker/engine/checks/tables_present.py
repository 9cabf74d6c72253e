"""`tables_present` (D2): every table and every row of the report's template is there. A row the report
prints in the other template's layout is template_layout's finding (D5), not a missing row."""

from __future__ import annotations

from dataclasses import dataclass

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
        rows = template_rows(template)
        for table in self.tables:
            if not isinstance(run.data.get(table), dict) or not run.data[table]:
                run.findings.append(Finding(rule, f"缺少{TABLE_TITLES[table]}：未能读到这张表",
                                            [f"/{table}"]))
                continue
            missing_rows, missing_cells = [], []
            for row_path, columns in rows[table]:
                pointer = "/" + "/".join((table, *row_path))
                if printed_in_other_layout(run.data, table, row_path):
                    continue   # e.g. a single （六） row in a 2021 report: template_layout reports it
                row = resolve(run.data, pointer, None)
                if not isinstance(row, dict):
                    missing_rows.append(pointer)
                    continue
                missing_cells.extend(f"{pointer}/{c}" for c in columns if c not in row)
            if missing_rows:
                names = "、".join(f"「{row_title(p)}」" for p in missing_rows)
                run.findings.append(Finding(rule, f"{TABLE_TITLES[table]}缺少{len(missing_rows)}行：{names}"
                                                  "（缺行不按 0 计，相关勾稽关系无法核验）", missing_rows))
            if missing_cells:
                names = "、".join(describe_pointer(p) for p in missing_cells[:10])
                more = f"等{len(missing_cells)}个" if len(missing_cells) > 10 else ""
                run.findings.append(Finding(rule, f"{TABLE_TITLES[table]}缺少单元格：{names}{more}", missing_cells))
