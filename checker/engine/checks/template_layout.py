"""`template_layout` (D5): the template the year calls for is the one every table is printed in."""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine.checks.base import Check, Finding, Run
from checker.model import TEMPLATE_NAMES
from checker.template import applications_layout, disclosure_layout, expected_template


@dataclass
class TemplateLayoutCheck(Check):
    kind = "template_layout"
    label = "格式版本与年度相符"

    @classmethod
    def build(cls, spec: dict) -> "TemplateLayoutCheck":
        return cls()

    def run(self, rule: str, run: Run) -> None:
        expected = expected_template(run.year)
        if expected is None:
            return   # no year, or a pre-2019 report (out of scope): nothing to compare with
        reasons: list[str] = []
        cells: list[str] = []
        found: list[str] = []   # the templates the report shows instead, fingerprint first
        if run.template in ("2019", "2021") and run.template != expected:
            reasons.append(f"表格标签指纹为{run.template}年格式")
            cells.append("/report/template")
            found.append(run.template)
        layouts = _layouts(run)
        layout = layouts[0]
        if layout and layout != expected:
            printed = "只有一行" if layout == "2019" else "分为三行"
            reasons.append(f"表三「（六）其他处理」{printed}（{layout}年格式）")
            cells.append("/applications/results/other")
            found.append(layout)
        layout = layouts[1]
        if layout and layout != expected:
            what = "两种格式的栏目混用" if layout == "mixed" else f"按{layout}年格式填报"
            reasons.append(f"表二{what}")
            cells.append("/active_disclosure")
            found.append(layout)
        evidence = run.data["report"].get("template_evidence") if isinstance(run.data.get("report"), dict) else None
        evidence = evidence if isinstance(evidence, dict) else {}
        if not reasons and _listed(evidence.get("2019")) and _listed(evidence.get("2021")):
            evidence = {k: [str(x) for x in v] for k, v in evidence.items() if isinstance(v, list)}
            # the weakest evidence: only worth saying when no table shows the wrong layout by itself
            reasons.append(f"两种格式的标签混用（2019年：{'、'.join(evidence['2019'][:3])}；"
                           f"2021年：{'、'.join(evidence['2021'][:3])}）")
            cells.append("/report/template_evidence")
            found.append("mixed")
        if reasons:
            run.findings.append(Finding(
                rule, f"{run.year}年的报告应使用{expected}年格式（{TEMPLATE_NAMES[expected]}），但" + "；".join(reasons),
                cells, expected=expected, actual=found[0]))


def _listed(value: object) -> bool:
    """A non-empty list of evidence (what the message quotes, as text)."""
    return isinstance(value, list) and bool(value)


_LAYOUTS = object()   # in a shape's shared memo: its layouts


def _layouts(run: Run) -> tuple[str | None, str | None]:
    """The layouts of tables 三 and 二 (template.py), which the tables' keys and which of their values are
    objects decide: the structure a shape is (shapes.py), so found once per shape when the run has one."""
    shared = run.shared
    found = shared.get(_LAYOUTS) if shared is not None else None
    if found is None:
        found = (applications_layout(run.data), disclosure_layout(run.data))
        if shared is not None:
            shared[_LAYOUTS] = found
    return found
