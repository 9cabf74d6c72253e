"""`blank_cells` (D11): one finding for the cells that are blank, and which relations they kept from being
assessed. It runs after the other checks and reads what they could not assess."""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine.checks.base import Check, Finding, Run
from checker.engine.runtime import Context
from checker.model import TABLES, describe_pointer


@dataclass
class BlankCellsCheck(Check):
    kind = "blank_cells"
    label = "汇总空白单元格及因此无法核验的关系"
    runs_last = True
    tables: list[str]

    @classmethod
    def build(cls, spec: dict) -> "BlankCellsCheck":
        return cls(list(spec.get("tables") or TABLES))

    def run(self, rule: str, run: Run) -> None:
        found: dict[str, None] = {}   # an ordered set: each blank once, in the order met
        tables = run.tables
        if tables is not None and all(t in tables.blanks for t in self.tables):   # found as the tables were read (shapes.py)
            for table in self.tables:
                found.update(dict.fromkeys(tables.blanks[table]))
        else:
            ctx = Context(run.data, memo=run.memo)   # the rows under each table, found once per report
            for table in self.tables:
                for pointer, row in ctx.rows_at(f"/{table}"):
                    for key, value in row.items():
                        if value is None:   # a null table or row is missing, which is D2's finding
                            found[f"{pointer}/{key}"] = None
        for _, pointers in run.blocked:
            found.update(dict.fromkeys(pointers))
        blanks = list(found)
        if not blanks:
            return
        blocked_rules = sorted({r for r, _ in run.blocked})
        names = "、".join(describe_pointer(p) for p in blanks[:8]) + (f"等{len(blanks)}个" if len(blanks) > 8 else "")
        consequence = (f"，{'、'.join(blocked_rules)}的{len(run.blocked)}处核验因此无法进行" if blocked_rules
                       else "")
        run.findings.append(Finding(rule, f"{len(blanks)}个单元格为空白（或“/”“—”），按规定不计为 0{consequence}：{names}",
                                    blanks))

