"""`--format text` (the default): findings grouped by report, each with its severity, rule, Chinese message,
`file:line:col` (or 第N页), a code frame of the printed line with the cell highlighted, and a summary line.

Each printed line is a list of pieces, (text, rich style). On a terminal (or wherever rich is told to
colour: TTY_COMPATIBLE, FORCE_COLOR) rich prints them in colour; written to a pipe or a file, where rich
would print the bare text anyway, the text is written as is and rich is never imported (a pre-commit hook
checking one report does not pay for it). Pieces are never markup, because report lines can contain `[`
(Word's `[bookmark: _GoBack]`); a tab is shown as two spaces, as in the code frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from checker.diagnostics import Diagnostic, Severity
from checker.errors import printable
from checker.output import may_be_terminal
from checker.summary import STATUS_CHINESE, STATUS_STYLE, Tally, severity_totals, status_counts

if TYPE_CHECKING:
    from checker.lint import FileResult

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
Piece = tuple[str, str]    # text, and its rich style ("" for none)


def safe(text: object) -> str:
    return printable(text).replace("\t", "  ")


class _Plain:
    """Where rich would print no colour: the bare text of each line."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def line(self, *pieces: Piece) -> None:
        self.stream.write("".join(text for text, _ in pieces) + "\n")


class _Rich:
    def __init__(self, stream: TextIO):
        from rich.console import Console

        self.console = Console(file=stream, soft_wrap=True, highlight=False, emoji=False)

    def line(self, *pieces: Piece) -> None:
        from rich.text import Text

        text = Text()
        for part, style in pieces:
            text.append(part, style=style or None)
        self.console.print(text)


def _printer(stream: TextIO) -> _Plain | _Rich:
    return _Rich(stream) if may_be_terminal(stream) else _Plain(stream)


def render(results: list["FileResult"], options: Any, stream: TextIO, **_: Any) -> None:
    printer = _printer(stream)
    for result in results:
        _render_file(printer, result)
    printer.line((summary_line(results), ""))


class Sink:
    """Each report is printed as its results arrive; the closing line comes from the running counts."""

    def __init__(self, options: Any, stream: TextIO, **_: Any):
        self.printer = _printer(stream)

    def add(self, result: "FileResult") -> None:
        _render_file(self.printer, result)

    def close(self, counts: "Tally") -> None:
        self.printer.line((counts_line(counts.severities, counts.statuses, counts.files), ""))


def _render_file(printer: _Plain | _Rich, result: "FileResult") -> None:
    label, style = STATUS_CHINESE[result.status], STATUS_STYLE[result.status]
    header: list[Piece] = [(safe(result.path), "bold")]
    if result.report is not None:
        info = result.report.data.get("report", {})
        facts = [info.get("title") or "", f"{info['year']}年" if info.get("year") else "",
                 f"{info['template']}年格式" if info.get("template") else ""]
        header.append(("  " + " · ".join(safe(f) for f in facts if f), "dim"))
    header.append((f"  [{label}]", style))
    printer.line(*header)
    if result.error is not None:
        printer.line((f"  {label}：{safe(result.error.message)}", "magenta"))
    for diagnostic in result.diagnostics:
        _render_finding(printer, result, diagnostic)
    printer.line()


def _render_finding(printer: _Plain | _Rich, result: "FileResult", diagnostic: Diagnostic) -> None:
    printer.line(("  ", ""), (diagnostic.severity.chinese, SEVERITY_STYLE[diagnostic.severity]),
                 (f" {diagnostic.rule} ", "bold"), (safe(diagnostic.message), ""))
    printer.line((f"    --> {safe(where(diagnostic, result.path))}", "blue"))
    lines = result.report.lines if result.report is not None else None
    for frame_line in code_frame(lines, diagnostic):
        printer.line(*frame_line)


def where(diagnostic: Diagnostic, path: str) -> str:
    """`file:line:col` for text forms; `file 第N页 第L行` for PDF, where the line counts within the page."""
    loc = diagnostic.location
    if loc.page is not None:
        return f"{loc.file or path} 第{loc.page}页" + (f" 第{loc.line}行" if loc.line is not None else "")
    return loc.describe() or path


def code_frame(lines: list[str] | None, diagnostic: Diagnostic, context: int = 1) -> list[list[Piece]]:
    """The printed line of the finding's cell and its neighbours, the cell's text highlighted."""
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
        row: list[Piece] = [(f"    {n:>{width}} │ ", "dim")]
        if n == number:
            row += _highlight(source, raw, column, diagnostic.location.text)
        else:
            row.append((source, "dim"))
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


def _highlight(source: str, raw: str, column: int | None, text: str | None) -> list[Piece]:
    """The line as shown, the printed cell marked: from its column (1-based, tabs shown as two spaces) for
    the length of its text."""
    if not text or len(text) > len(raw):
        return [(source, "")]
    start = raw.find(text, max(0, (column or 1) - 1))
    if start < 0:
        start = raw.find(text)
    if start < 0:
        return [(source, "")]
    shown_start = len(raw[:start].replace("\t", "  "))
    end = shown_start + len(text)
    return [(source[:shown_start], ""), (source[shown_start:end], "bold reverse"), (source[end:], "")]


def summary_line(results: list["FileResult"]) -> str:
    return counts_line(severity_totals(results), status_counts(results), len(results))


def counts_line(severities: Any, statuses: Any, files: int) -> str:
    parts = [f"{severities[Severity.ERROR]} 个错误", f"{severities[Severity.WARNING]} 个警告"]
    if severities[Severity.INFO]:
        parts.append(f"{severities[Severity.INFO]} 个提示")
    parts.append(f"{files} 份报告")
    verdict = [f"{statuses[s]} 份{STATUS_CHINESE[s]}" for s in ("fail", "warn", "pass", "unreadable", "internal-error") if statuses[s]]
    return "，".join(parts) + (f"（{'，'.join(verdict)}）" if verdict else "")
