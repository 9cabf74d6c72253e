"""Render a canonical model as the text of a PDF's text layer (spec §6.3), the way pdfplumber's
extract_text prints the pages of the reports in tests/data/corpus (their text is kept beside them in
tests/data/corpus/text-layer):

- paragraphs wrapped at a full line of 28 characters, gaps around the numbers (`2024 年`), a page number
  (`- 2 -`) now and then between two lines;
- table rows as their label and their cells parted by spaces (`规章 1 0 11`, `政府集中采购 52 项 114.36 万元`),
  table 二's column titles on one line or each cut over two (`信息内容 本年新 本年新 对外公开` / `制作数量 …`);
- table 三's header cut inside its words over several lines, and printed again after a page break; a long
  label wrapped, its numbers on the middle line, alone or after the label's second line; a one-line label
  with its numbers on the same line, the line before or the line after; the merged 三、本年度办理结果 a
  character or two at a time between the rows it spans, glued before a row's label
  (`本 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0`) or before its label's next line (`他处理 正、行政机关…`);
  a group label cut in two (`（三）不` … `予公开`), its first piece alone or glued before a leaf's label;
- table 四's header cut inside its words, then its fifteen numbers on one line.

Every choice comes from `random.Random(seed)`, so a seed names one page."""

from __future__ import annotations

import random
import re
from typing import Any

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS,
                           REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS)
from tests.support.wordtext import fmt

_SECTION_NUMBERS = "一二三四五六"
_GROUP_LABELS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                 "other": "（六）其他处理"}
_RESULTS = "三、本年度办理结果"
_LINE = 28
_APPLICATIONS_HEAD = ["申请人情况", "法人或其他组织", "（本列数据的勾稽关系为：第一项加第二项之和，等", "于第三项加第四项之和）",
                      "自然人 社会 法律 总计", "商业 科研", "公益 服务 其他", "企业 机构", "组织 机构"]
_REVIEW_HEAD = ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", "结果 结果 其他 尚未", "总 计",
                "维持 纠正 结果 审结 结果 结果 其他 尚未 结果 结果 其他 尚未", "总 计 总计",
                "维持 纠正 结果 审结 维持 纠正 结果 审结"]


def _gaps(text: str) -> str:
    """A text layer's gap on either side of a number inside Chinese text."""
    return re.sub(r"(?<=[^\x00-\x7f])(\d[\d.]*)|(\d[\d.]*)(?=[^\x00-\x7f])",
                  lambda m: f" {m.group(0)} " if m.group(1) else f"{m.group(0)} ", text).replace("  ", " ").strip()


def _wrapped(paragraph: str) -> list[str]:
    """A paragraph as its printed lines, 28 Chinese characters a line (a digit is half of one)."""
    lines, line, width = [], "", 0
    for ch in paragraph:
        size = 1 if ch.isascii() else 2
        if width + size > 2 * _LINE:
            lines.append(line)
            line, width = "", 0
        line += ch
        width += size
    return [_gaps(x) for x in [*lines, line] if x]


def _chunks(label: str, width: int) -> list[str]:
    """A label wrapped into nearly equal lines of at most `width` characters."""
    count = -(-len(label) // width)
    size = -(-len(label) // count)
    return [label[i:i + size] for i in range(0, len(label), size)]


class _Table3:
    """Table 三's lines with the merged labels spread as a text layer spreads them."""

    def __init__(self, rng: random.Random):
        self.rng, self.lines = rng, []
        self.width = rng.randint(14, 19)
        self.vertical = [_RESULTS[:2], *_RESULTS[2:]] if rng.random() < 0.5 else list(_RESULTS)
        self.piece: str | None = None           # the second half of a cut group label, still to print

    def row(self, label: str, numbers: str, under_results: bool, group_start: str | None) -> None:
        rng, glued = self.rng, []
        if self.lines and rng.random() < 0.05:     # a page break, and the header printed again
            self.lines += ["- 3 -", *_APPLICATIONS_HEAD[2:]]
        if group_start is not None:
            if rng.random() < 0.5:
                self.lines.append(group_start)
            else:
                cut = rng.randint(4, len(group_start) - 1)
                head, self.piece = group_start[:cut], group_start[cut:]
                (glued.append(head) if rng.random() < 0.5 else self.lines.append(head))
        chunks = _chunks(label, self.width)
        if under_results and self.vertical:
            char = self.vertical.pop(0)
            where = rng.random()
            if where < 0.4:
                glued.insert(0, char)
            elif where < 0.6 and len(chunks) > 1:
                chunks[1] = f"{char} {chunks[1]}"       # glued before the label's next line
            else:
                self.lines.append(char)
        prefix = " ".join(glued) + " " if glued else ""
        if len(chunks) == 1:
            shape = rng.choice(["same", "before", "after"])
            if shape == "same":
                self.lines.append(f"{prefix}{label} {numbers}")
            elif shape == "before":
                self.lines += [numbers, prefix + label]
            else:
                self.lines += [prefix + label, numbers]
        elif rng.random() < 0.5:
            self.lines += [prefix + chunks[0], numbers, *chunks[1:]]
        else:
            self.lines += [prefix + chunks[0], f"{chunks[1]} {numbers}", *chunks[2:]]
        if self.piece is not None and rng.random() < 0.7:
            self.lines.append(self.piece)
            self.piece = None

    def close(self) -> list[str]:
        if self.piece is not None:
            self.lines.append(self.piece)
        return self.lines


def applications_lines(model: dict[str, Any], template: str, rng: random.Random) -> list[str]:
    table = _Table3(rng)
    opened: set[str] = set()
    for path, title in APPLICATION_ROWS[template]:
        node: Any = model["applications"]
        for part in path:
            node = node.get(part, {})
        numbers = " ".join(fmt(node.get(c), "") for c in APPLICANT_COLUMNS)
        group = path[1] if len(path) == 3 else None
        start = _GROUP_LABELS[group] if group and group not in opened else None
        opened.add(group or "")
        label = "（六）其他处理" if path == ("results", "other") else title
        table.row(label, numbers, path[0] == "results", start)
    return _APPLICATIONS_HEAD + table.close()


def disclosure_lines(model: dict[str, Any], template: str, rng: random.Random) -> list[str]:
    lines, caption = [], None
    for row in DISCLOSURE_ROWS[template]:
        if row.caption != caption:
            caption = row.caption
            titles = [DISCLOSURE_COLUMN_TITLES[template][c] for c in row.columns]
            lines.append(caption.replace("第（", " 第（"))
            if rng.random() < 0.5:
                lines.append(" ".join(["信息内容", *titles]))
            else:                       # every column title cut over two lines
                cuts = [rng.randint(2, len(t) - 2) for t in titles]
                lines += [" ".join(["信息内容", *(t[:c] for t, c in zip(titles, cuts))]),
                          " ".join(t[c:] for t, c in zip(titles, cuts))]
        values = model["active_disclosure"].get(row.key, {})
        cells = [fmt(values.get(c), "") for c in row.columns]
        if row.key == "procurement":                # printed with their units, a gap before them or not
            cells = [c and c + rng.choice(["", " "]) + unit for c, unit in zip(cells, ["项", "万元"])]
        lines.append(" ".join([row.title, *cells]))
    return lines


def review_lines(model: dict[str, Any]) -> list[str]:
    table = model["review_litigation"]
    return [*_REVIEW_HEAD, " ".join(fmt(table[g].get(c), "") for g in REVIEW_GROUPS for c in REVIEW_COLUMNS)]


def render(model: dict[str, Any], seed: int = 0) -> str:
    rng = random.Random(seed)
    report = model["report"]
    template = report["template"]
    lines = [report["organ"], _gaps(f"{report['year']}年政府信息公开工作年度报告")]
    if model.get("preamble"):
        lines += _wrapped(model["preamble"])
    texts = {s["number"]: s["text"] for s in model.get("sections", [])}
    for number, heading in SECTION_HEADINGS.items():
        lines.append(f"{_SECTION_NUMBERS[number - 1]}、{heading}")
        for paragraph in (texts.get(number) or "").split("\n"):
            lines += _wrapped(paragraph)
        if number == 2:
            lines += disclosure_lines(model, template, rng)
        if number == 3:
            lines += applications_lines(model, template, rng)
        if number == 4:
            lines += review_lines(model)
    if report.get("signed_on"):
        year, month, day = (int(x) for x in report["signed_on"].split("-"))
        lines += [report["organ"], _gaps(f"{year}年{month}月{day}日")]
    page, out = 1, []
    for index, line in enumerate(lines):
        out.append(line)
        if index and index % rng.randint(25, 40) == 0:
            out.append(f"- {page} -")
            page += 1
    return "\n".join(out) + "\n"
