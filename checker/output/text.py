"""`--format text` (the default): findings grouped by report, each with its severity, rule, Chinese message,
`file:line:col` (or 第N页), a code frame of the printed line with the cell highlighted, and a summary line.

rich is imported inside `render`, so other formats never pay for it. Text is built from `rich.text.Text`
pieces, never from markup, because report lines can contain `[` (Word's `[bookmark: _GoBack]`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from checker.diagnostics import Diagnostic, Severity
from checker.errors import printable as safe
from checker.summary import STATUS_CHINESE, STATUS_STYLE, Tally, severity_totals, status_counts

if TYPE_CHECKING:
    from checker.lint import FileResult

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    from rich.console import Console

    console = Console(file=stream, soft_wrap=True, highlight=False, emoji=False)
    for result in results:
        _render_file(console, result)
    console.print(summary_line(results))


class Sink:
    """Each report is printed as its results arrive; the closing line comes from the running counts."""

    def __init__(self, options: Any, stream: TextIO, **_: Any):
        from rich.console import Console

        self.console = Console(file=stream, soft_wrap=True, highlight=False, emoji=False)

    def add(self, result: "FileResult") -> None:
        _render_file(self.console, result)

    def close(self, counts: "Tally") -> None:
        self.console.print(counts_line(counts.severities, counts.statuses, counts.files))


def _render_file(console: Any, result: "FileResult") -> None:
    from rich.text import Text

    label, style = STATUS_CHINESE[result.status], STATUS_STYLE[result.status]
    header = Text()
    header.append(safe(result.path), style="bold")
    if result.report is not None:
        info = result.report.data.get("report", {})
        facts = [info.get("title") or "", f"{info['year']}年" if info.get("year") else "",
                 f"{info['template']}年格式" if info.get("template") else ""]
        header.append("  " + " · ".join(safe(f) for f in facts if f), style="dim")
    header.append(f"  [{label}]", style=style)
    console.print(header)
    if result.error is not None:
        console.print(Text(f"  {label}：{safe(result.error.message)}", style="magenta"))
    for diagnostic in result.diagnostics:
        _render_finding(console, result, diagnostic)
    console.print()


def _render_finding(console: Any, result: "FileResult", diagnostic: Diagnostic) -> None:
    from rich.text import Text

    line = Text("  ")
    line.append(diagnostic.severity.chinese, style=SEVERITY_STYLE[diagnostic.severity])
    line.append(f" {diagnostic.rule} ", style="bold")
    line.append(safe(diagnostic.message))
    console.print(line)
    console.print(Text(f"    --> {safe(where(diagnostic, result.path))}", style="blue"))
    lines = result.report.lines if result.report is not None else None
    for frame_line in code_frame(lines, diagnostic):
        console.print(frame_line)


def where(diagnostic: Diagnostic, path: str) -> str:
    """`file:line:col` for text forms; `file 第N页 第L行` for PDF, where the line counts within the page."""
    loc = diagnostic.location
    if loc.page is not None:
        return f"{loc.file or path} 第{loc.page}页" + (f" 第{loc.line}行" if loc.line is not None else "")
    return loc.describe() or path


def code_frame(lines: list[str] | None, diagnostic: Diagnostic, context: int = 1) -> list[Any]:
    """The printed line of the finding's cell and its neighbours, the cell's text highlighted."""
    from rich.text import Text

    number = diagnostic.location.line
    if not lines or number is None or diagnostic.location.page is not None or not 1 <= number <= len(lines):
        return []
    first = max(1, number - context)
    # a form that prints one cell per line (Word's text export) puts the row label a few lines up:
    # reach back to the nearest line with Chinese text so the frame says which row this is
    while first > 1 and number - first < 8 and not _has_cjk(lines[first - 1]):
        first -= 1
    out = []
    width = len(str(min(len(lines), number + context)))
    for n in range(first, min(len(lines), number + context) + 1):
        raw, column = _window(lines[n - 1], diagnostic.location.column if n == number else None)
        source = safe(raw.replace("\t", "  ").rstrip("\n"))
        row = Text(f"    {n:>{width}} │ ", style="dim")
        body = Text(source, style="" if n == number else "dim")
        if n == number:
            _highlight(body, raw, column, diagnostic.location.text)
        row.append_text(body)
        out.append(row)
    return out


FRAME_WIDTH = 160   # characters of a printed line shown around the cell: a 700 000-character line is not shown whole


def _window(line: str, column: int | None) -> tuple[str, int | None]:
    """The part of a long line around `column` (1-based), and the column within it; ends marked with …."""
    if len(line) <= FRAME_WIDTH:
        return line, column
    start = max(0, min((column or 1) - 1 - FRAME_WIDTH // 4, len(line) - FRAME_WIDTH))
    shown = ("…" if start else "") + line[start:start + FRAME_WIDTH] + ("…" if start + FRAME_WIDTH < len(line) else "")
    return shown, None if column is None else column - start + (1 if start else 0)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text[:FRAME_WIDTH])


def _highlight(body: Any, raw: str, column: int | None, text: str | None) -> None:
    """Mark the printed cell: from its column (1-based, tabs shown as two spaces) for the length of its text."""
    if not text or len(text) > len(raw):
        return
    start = raw.find(text, max(0, (column or 1) - 1))
    if start < 0:
        start = raw.find(text)
    if start < 0:
        return
    shown_start = len(raw[:start].replace("\t", "  "))
    body.stylize("bold reverse", shown_start, shown_start + len(text))


def summary_line(results: list["FileResult"]) -> str:
    return counts_line(severity_totals(results), status_counts(results), len(results))


def counts_line(severities: Any, statuses: Any, files: int) -> str:
    parts = [f"{severities[Severity.ERROR]} 个错误", f"{severities[Severity.WARNING]} 个警告"]
    if severities[Severity.INFO]:
        parts.append(f"{severities[Severity.INFO]} 个提示")
    parts.append(f"{files} 份报告")
    verdict = [f"{statuses[s]} 份{STATUS_CHINESE[s]}" for s in ("fail", "warn", "pass", "unreadable", "internal-error") if statuses[s]]
    return "，".join(parts) + (f"（{'，'.join(verdict)}）" if verdict else "")
