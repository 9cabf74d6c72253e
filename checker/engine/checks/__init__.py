"""The check kinds a rule may use, one module each, found by their `kind:` name in `CHECK_KINDS`.

- `assert` (the default): for every binding of `for_each`, the expression must hold (R1–R9, D3 …).
- `sections`: the six section numbers are present and in order (D1).
- `sections_not_empty`: no section is empty; sections 二–四 are filled by their tables (D2).
- `tables_present`: every table and every row of the report's template is there (D2).
- `template_layout`: the template the year calls for is the one every table is printed in (D5).
- `blank_cells`: one finding for the blank cells and the relations they kept from being assessed (D11).

Adding a kind is one module with a `Check` subclass, listed here.
"""

from checker.engine.checks.asserts import AssertCheck
from checker.engine.checks.base import Check, Finding, Relation, Run
from checker.engine.checks.blank_cells import BlankCellsCheck
from checker.engine.checks.sections import SectionsCheck
from checker.engine.checks.sections_not_empty import SectionsNotEmptyCheck
from checker.engine.checks.tables_present import TablesPresentCheck
from checker.engine.checks.template_layout import TemplateLayoutCheck

CHECK_KINDS: dict[str, type[Check]] = {
    cls.kind: cls for cls in (AssertCheck, SectionsCheck, SectionsNotEmptyCheck, TablesPresentCheck,
                              TemplateLayoutCheck, BlankCellsCheck)
}

__all__ = ["CHECK_KINDS", "Check", "Finding", "Relation", "Run"]
