"""A web page saved as text by an archiver or crawler: the header block it writes, the page chrome around
the report, and the report's text cut into the pieces a printed page has (spec §6.4).

A crawler saves the page's whole text layer on one line: breadcrumb (`当前位置：`), page info (`来源：`,
`时间：`), share bar (`微信 微博 QQ空间`), then the report, then `附件下载`. The section headings, table
captions and rows stand in the middle of that line. `pieces` cuts a line where a section heading starts
and ends and where the signature begins, so the flat reader sees headings, narrative and tables as a
printed page has them, each with its column in the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import headings, labels
from checker.lazy_re import lazy

# `标题: …`, `发布时间: 2022-01-14 18:18`, `原文链接: https://…` up to a `==== 正文 ====` line.
_HEADER_LINE = lazy(r"^\s*(标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|来源)\s*[:：]\s*(.*)$")
_BODY_MARK = lazy(r"^\s*=+\s*正文\s*=+\s*$")
_ISO_DATE = lazy(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")

# The share bar and page info a portal prints above the report; everything up to the last of them is chrome.
_CHROME_END = lazy(r"相关链接[:：]|文件下载|文字版|全真版|QQ空间|微信\s*微博|-->|打印本页|【关闭】")
_CHROME_START = lazy(r"^\s*(?:当前位置[:：]|您的位置[:：]|首页\s*[>›])")
_TRAILING_CHROME = ("附件下载", "【打印本页】", "【关闭窗口】", "打印本页", "关闭窗口")
# The signature: an organ and a date at the end of the text, after its last sentence.
_SIGNATURE_DATE = lazy(r"(\d{4}|[〇○零一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日\s*$")
_ORGAN = lazy(r"[\u4e00-\u9fff（）()]{2,40}?(?:人民政府|政府|局|委员会|委|办公室|办公厅|厅|院|署|中心|办事处|街道|镇|乡|所|站|部|会)$")


@dataclass
class ArchiveHeader:
    title: str | None = None
    title_line: int | None = None
    published_on: str | None = None
    source: str | None = None
    body_start: int = 0          # index of the first line of the page's text


def archive_header(lines: list[str]) -> ArchiveHeader:
    """The archiver's header block, when the file opens with one (`标题:` … `==== 正文 ====`)."""
    header = ArchiveHeader()
    for index, line in enumerate(lines[:40]):
        if _BODY_MARK.match(line):
            header.body_start = index + 1
            return header
        match = _HEADER_LINE.match(line)
        if match is None:
            if line.strip():
                continue             # `页面链接与图片详见 links.tsv` and other notes of the archiver
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "标题" and value:
            header.title, header.title_line = value, index + 1
        elif key in ("发布时间", "发布日期"):
            date = _ISO_DATE.search(value)
            if date:
                y, m, d = (int(g) for g in date.groups())
                if 1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
                    header.published_on = f"{y:04d}-{m:02d}-{d:02d}"
        elif key == "原文链接" and value:
            header.source = value
    return ArchiveHeader()           # no body mark: not an archiver's file


def strip_chrome(line: str) -> int:
    """Where the report starts in a line that begins with a portal's breadcrumb and share bar (0 when it
    does not)."""
    if not _CHROME_START.match(line):
        return 0
    window = line[:600]
    last = None
    for match in _CHROME_END.finditer(window):
        last = match
    return last.end() if last else 0


@dataclass(frozen=True)
class Piece:
    text: str
    column: int          # 1-based column of text[0] in its line
    heading: bool = False


def _trailing_chrome(line: str, start: int) -> int:
    """Where the page's closing links (附件下载, 打印本页 …) and the white space around them begin, or the
    line's end. In Python, not as a regex `\\s*(…)\\s*$`, which a long run of spaces makes quadratic."""
    body = line.rstrip()
    for word in _TRAILING_CHROME:
        if body.endswith(word) and len(body) - len(word) >= start:
            cut = len(body) - len(word)
            while cut > start and line[cut - 1].isspace():
                cut -= 1
            return cut
    return len(line)


def pieces(line: str, start: int = 0) -> list[Piece]:
    """The line from `start` cut into headings and what stands between them, and the signature."""
    end = _trailing_chrome(line, start)
    text = line[start:end]
    out: list[Piece] = []
    cursor = 0
    for heading in headings.find_headings(text):
        if heading.start > cursor:
            out.extend(_split_body(text[cursor:heading.start], start + cursor + 1))
        out.append(Piece(text[heading.start:heading.end], start + heading.start + 1, heading=True))
        cursor = heading.end
    out.extend(_split_body(text[cursor:], start + cursor + 1))
    return [p for p in out if p.text.strip()]


def _split_body(text: str, column: int) -> list[Piece]:
    """A stretch between headings: a leading title line, the body, and a trailing signature."""
    out: list[Piece] = []
    title = re.match(r"^\s*(\S{4,60}?(?:年度报告|年报))\s+", text)
    if title and re.search(r"\d{4}\s*年", title.group(1)):
        out.append(Piece(title.group(1), column + title.start(1)))
        column, text = column + title.end(), text[title.end():]
    tail: list[Piece] = []
    date = _SIGNATURE_DATE.search(text)
    if date and not re.search(r"[。；]", text[date.start():]):
        before = text[:date.start()].rstrip()
        organ = _ORGAN.search(before.split("。")[-1].split()[-1]) if before.split() else None
        tail.append(Piece(text[date.start():].strip(), column + date.start()))
        text = before
        if organ:
            cut = len(before) - len(organ.group(0))
            tail.insert(0, Piece(organ.group(0), column + cut))
            text = before[:cut]
    if text.strip():
        out.append(Piece(text, column))
    return out + tail


def is_short_nil(text: str) -> bool:
    return labels.normalise(text) in ("无", "无。")
