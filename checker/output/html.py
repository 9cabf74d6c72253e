"""One self-contained HTML page for a supervisor: which reports pass, which rules fail most, and each
finding with the cells it names, as printed.

Self-contained means it opens from an e-mail attachment or a USB stick on an offline office PC: inline
CSS, an inline SVG chart, no script, no font or image from the network. A Content-Security-Policy that
forbids every outside resource makes a slip in that promise show up as a browser console error, which
the screenshot test looks for.
"""

from __future__ import annotations

import datetime as _dt
from html import escape
from typing import TYPE_CHECKING, Any, TextIO

from checker import __version__
from checker.diagnostics import Diagnostic, Severity
from checker.model import describe_pointer
from checker.summary import STATUS_CHINESE, STATUSES, BatchFacts, rule_counts, severity_counts, status_counts

if TYPE_CHECKING:
    from checker.lint import FileResult

CHART_TOP = 10
STATUS_ORDER = {"internal-error": 0, "unreadable": 0, "fail": 1, "warn": 2, "pass": 3}
SEVERITY_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

CSS = """
:root { --fail:#c62828; --warn:#b26a00; --pass:#2e7d32; --unreadable:#6a1b9a; --info:#1565c0;
        --line:#ddd; --muted:#666; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 24px; color: #222; line-height: 1.5; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; border-bottom: 2px solid var(--line);
     padding-bottom: 4px; margin-top: 32px; } h3 { font-size: 15px; margin: 0; display: inline; }
.meta { color: var(--muted); font-size: 13px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 26px; }
.card.fail b { color: var(--fail); } .card.warn b { color: var(--warn); } .card.pass b { color: var(--pass); }
.card.unreadable b { color: var(--unreadable); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; white-space: nowrap; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: 3px; padding: 0 6px; color: #fff; font-size: 12px; white-space: nowrap; }
.badge.fail, .badge.error { background: var(--fail); } .badge.warn, .badge.warning { background: var(--warn); }
.badge.pass { background: var(--pass); } .badge.unreadable, .badge.internal-error { background: var(--unreadable); }
.badge.info { background: var(--info); }
details.report { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; padding: 8px 12px; }
details.report > summary { cursor: pointer; }
.finding { border-top: 1px dashed var(--line); padding: 8px 0; }
.finding .where { color: var(--muted); font-size: 12px; }
.cells td.printed { font-family: monospace; } tr.suspect td { background: #fff3e0; font-weight: bold; }
pre.frame { background: #fafafa; border: 1px solid var(--line); padding: 6px; font-size: 12px; overflow-x: auto; margin: 6px 0; }
pre.frame .hit { background: #ffebee; display: block; }
.error-text { color: var(--unreadable); }
svg text { font-size: 12px; font-family: inherit; }
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _badge(kind: str, text: str) -> str:
    return f'<span class="badge {_e(kind)}">{_e(text)}</span>'


def _anchor(index: int) -> str:
    return f"report-{index}"


def chart(results: list["FileResult"]) -> str:
    """Horizontal bars: the rules with the most findings across the batch."""
    top = rule_counts(results)[:CHART_TOP]
    if not top:
        return "<p>没有发现问题。</p>"
    label_width, bar_width, row_height = 330, 560, 26
    largest = max(entry.findings for entry in top)
    height = row_height * len(top) + 10
    parts = [f'<svg role="img" aria-label="最常见的问题" width="{label_width + bar_width + 60}" height="{height}" '
             f'viewBox="0 0 {label_width + bar_width + 60} {height}" xmlns="http://www.w3.org/2000/svg">']
    for row, entry in enumerate(top):
        y = 5 + row * row_height
        width = max(2, round(bar_width * entry.findings / largest))
        colour = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}[SEVERITY_CLASS[entry.severity]]
        label = f"{entry.rule} {entry.title or ''}".strip()
        if len(label) > 26:
            label = label[:25] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end"><title>{_e(entry.rule)} '
                     f'{_e(entry.title)}</title>{_e(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{row_height - 8}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + width + 6}" y="{y + 16}">{entry.findings}'
                     f' ({len(entry.reports)}份)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _status_table(ordered: list[tuple[int, "FileResult"]]) -> str:
    rows = []
    for index, result in ordered:
        counts = severity_counts(result)
        note = _e(result.error.message) if result.error else ""
        form = _e(result.report.form) if result.report is not None else ""
        rows.append(f'<tr><td><a href="#{_anchor(index)}">{_e(result.path)}</a></td><td>{form}</td>'
                    f'<td>{_badge(result.status, STATUS_CHINESE[result.status])}</td>'
                    f'<td class="num">{counts[Severity.ERROR]}</td><td class="num">{counts[Severity.WARNING]}</td>'
                    f'<td class="num">{counts[Severity.INFO]}</td><td>{note}</td></tr>')
    return ("<table><thead><tr><th>报告</th><th>形式</th><th>状态</th><th>错误</th><th>警告</th><th>提示</th>"
            "<th>说明</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _rule_table(results: list["FileResult"]) -> str:
    entries = rule_counts(results)
    if not entries:
        return "<p>没有发现问题。</p>"
    rows = "".join(
        f'<tr><td>{_e(entry.rule)}</td><td>{_e(entry.title)}</td>'
        f'<td>{_badge(SEVERITY_CLASS[entry.severity], entry.severity.chinese)}</td>'
        f'<td class="num">{entry.findings}</td><td class="num">{len(entry.reports)}</td></tr>' for entry in entries)
    return ("<table><thead><tr><th>规则</th><th>标题</th><th>级别</th><th>问题数</th><th>涉及报告</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _cells_table(result: "FileResult", diagnostic: Diagnostic) -> str:
    cells = list(diagnostic.cells)
    if diagnostic.suspect and diagnostic.suspect not in cells:
        cells.append(diagnostic.suspect)
    if not cells:
        return ""
    source_map = result.report.source_map if result.report is not None else {}
    rows = []
    for cell in cells:
        entry = source_map.get(cell, {})
        printed = entry.get("text")
        where = []
        if entry.get("line") is not None:
            where.append(f"第{entry['line']}行")
        if entry.get("page") is not None:
            where.append(f"第{entry['page']}页")
        css = ' class="suspect"' if cell == diagnostic.suspect else ""
        marker = " ← 最可能有误" if cell == diagnostic.suspect else ""
        rows.append(f'<tr{css}><td>{_e(describe_pointer(cell))}{_e(marker)}</td>'
                    f'<td class="printed">{_e(printed) if printed is not None else "<i>未印出</i>"}</td>'
                    f'<td>{_e(" ".join(where))}</td><td><code>{_e(cell)}</code></td></tr>')
    return ('<table class="cells"><thead><tr><th>单元格</th><th>印出的内容</th><th>位置</th><th>路径</th></tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table>')


def _code_frame(result: "FileResult", diagnostic: Diagnostic, context: int = 2) -> str:
    lines = getattr(result.report, "lines", None) if result.report is not None else None
    line = diagnostic.location.line
    if not lines or line is None or not 1 <= line <= len(lines):
        return ""
    first, last = max(1, line - context), min(len(lines), line + context)
    out = []
    for number in range(first, last + 1):
        text = f"{number:>5} | {lines[number - 1]}"
        out.append(f'<span class="hit">{_e(text)}</span>' if number == line else _e(text) + "\n")
    return f'<pre class="frame">{"".join(out)}</pre>'


def _finding(result: "FileResult", diagnostic: Diagnostic) -> str:
    numbers = []
    if diagnostic.expected is not None:
        numbers.append(f"应为 {_e(diagnostic.expected)}")
    if diagnostic.actual is not None:
        numbers.append(f"实为 {_e(diagnostic.actual)}")
    suggestion = ""
    if diagnostic.suggestion and diagnostic.suggestion not in diagnostic.message:  # often already said there
        suggestion = f"<div>建议：{_e(diagnostic.suggestion)}</div>"
    return (f'<div class="finding">{_badge(SEVERITY_CLASS[diagnostic.severity], diagnostic.severity.chinese)} '
            f'<b>{_e(diagnostic.rule)}</b> {_e(diagnostic.title)}'
            f'<div>{_e(diagnostic.message)}</div>'
            f'<div class="where">{_e(diagnostic.location.describe() or result.path)}'
            f'{"；" + "，".join(numbers) if numbers else ""}</div>'
            f'{suggestion}{_cells_table(result, diagnostic)}{_code_frame(result, diagnostic)}</div>')


def _report_details(index: int, result: "FileResult") -> str:
    body = []
    if result.error is not None:
        body.append(f'<p class="error-text">{STATUS_CHINESE[result.status]}：{_e(result.error.message)}</p>')
    ordered = sorted(result.diagnostics, key=lambda d: (-d.severity, d.location.line or 0, d.rule))
    body.extend(_finding(result, d) for d in ordered)
    if not body:
        body.append("<p>没有发现问题。</p>")
    opened = " open" if result.status in ("fail", "unreadable", "internal-error") else ""
    title = ""
    if result.report is not None:
        title = result.report.data.get("report", {}).get("title") or ""
    return (f'<details class="report" id="{_anchor(index)}"{opened}><summary>'
            f'{_badge(result.status, STATUS_CHINESE[result.status])} <h3>{_e(result.path)}</h3> '
            f'<span class="meta">{_e(title)} · {len(result.diagnostics)} 个问题</span></summary>'
            f'{"".join(body)}</details>')


def build_page(results: list["FileResult"], facts: BatchFacts | None = None,
               generated: _dt.datetime | None = None) -> str:
    facts = facts or BatchFacts()
    generated = generated or _dt.datetime.now().astimezone()
    counts = status_counts(results)
    ordered = sorted(enumerate(results), key=lambda pair: (STATUS_ORDER[pair[1].status], pair[1].path))
    cards = "".join(f'<div class="card {s}"><b>{counts[s]}</b>{STATUS_CHINESE[s]} ({s})</div>' for s in STATUSES if s in counts)
    extra = []
    if facts.skipped:
        extra.append(f"另有 {facts.skipped} 个非报告文件被跳过")
    if facts.baselined:
        extra.append(f"{facts.baselined} 个已记录在基线中的问题未显示")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府信息公开工作年度报告检查结果</title>
<style>{CSS}</style>
</head>
<body>
<h1>政府信息公开工作年度报告检查结果</h1>
<div class="meta">共检查 {len(results)} 份报告 · report-lint {_e(__version__)} · 生成于 {_e(generated.strftime("%Y-%m-%d %H:%M"))}
{"<br>" + _e("；".join(extra)) if extra else ""}</div>
<div class="cards"><div class="card"><b>{len(results)}</b>报告总数</div>{cards}</div>
<h2>最常见的问题</h2>
{chart(results)}
<h2>各报告状态</h2>
{_status_table(ordered)}
<h2>各规则问题数</h2>
{_rule_table(results)}
<h2>问题明细</h2>
{"".join(_report_details(index, result) for index, result in ordered)}
</body>
</html>
"""


def render(results: list["FileResult"], options: Any, stream: TextIO, facts: BatchFacts | None = None,
           **_: Any) -> None:
    stream.write(build_page(results, facts))
