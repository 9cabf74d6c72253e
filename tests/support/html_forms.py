"""Render a canonical model as an HTML page, the ways government portals publish reports (spec §6.1):

- `official_page`: clean markup with the official rowspan/colspan skeleton, inside a portal page with
  menus, a breadcrumb, a 发布时间 line, related links and a footer;
- `word_page`: Word's "Save as web page" markup (MsoNormal, `mso-*` styles, labels split over <span>s,
  &nbsp;/U+3000/<o:p> in blank cells, source lines wrapped inside Chinese text), declared GB2312;
- `placeholders=True`: the simplified shape with empty <td></td> where the skeleton has rowspans;
- `split_applications_before`: table 三 broken by a page break, its header rows printed again.

Tests and fixtures use it to make pages whose numbers they know."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS,
                           REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS)
from tests.support.wordtext import NOTE, fmt

_GROUP_LABELS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                 "other": "（六）其他处理"}
_SECTION_NUMBERS = "一二三四五六"
_REVIEW_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    placeholder: bool = False


Row = list[Cell]


# ── the table skeletons ────────────────────────────────────────────────────────────────────────────
def _value(model: dict[str, Any], *path: str) -> Any:
    node: Any = model
    for part in path:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return None if node == {} else node


def disclosure_rows(model: dict[str, Any], template: str) -> list[Row]:
    """Table 二: a 4-column grid for 2021; for 2019 the 5-column grid whose 本年增/减 header spans 2 while in
    the data rows the *first* value cell does (the misalignment of 上海 2019)."""
    rows: list[Row] = []
    width = 4 if template == "2021" else 5
    caption = None
    for row in DISCLOSURE_ROWS[template]:
        titles = [DISCLOSURE_COLUMN_TITLES[template][c] for c in row.columns]
        printed = []
        for column in row.columns:
            value = _value(model, "active_disclosure", row.key, column)
            text = fmt(value)
            if row.key == "procurement" and value is not None:
                text += "万元" if column == "amount_10k_yuan" else "项"
            printed.append(text)
        if row.caption != caption:
            caption = row.caption
            rows.append([Cell(caption, colspan=width)])
            rows.append([Cell("信息内容"), *_spread(titles, width - 1, header=True)])
        rows.append([Cell(row.title), *_spread(printed, width - 1, header=False)])
    return rows


def _spread(texts: list[str], width: int, header: bool) -> Row:
    """Cells over `width` grid columns: one cell spans them all, or three cells with one spanning two
    (the header's second cell, but the data row's first one)."""
    if len(texts) == 1:
        return [Cell(texts[0], colspan=width)]
    if len(texts) == width:
        return [Cell(t) for t in texts]
    if len(texts) == 2:
        return [Cell(texts[0], colspan=2 if not header else 1), Cell(texts[1], colspan=width - (1 if header else 2))]
    wide = 1 if header else 0
    return [Cell(t, colspan=2 if i == wide else 1) for i, t in enumerate(texts)]


def applications_header() -> list[Row]:
    return [
        [Cell(NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]


def applications_rows(model: dict[str, Any], entries: list[tuple[tuple[str, ...], str]],
                      label_break: str | None = None) -> list[Row]:
    """Data rows of table 三 for these entries, with the 三、本年度办理结果 and group rowspans they need."""
    rows: list[Row] = []
    results = [e for e in entries if e[0][0] == "results"]
    opened: set[str] = set()
    for path, title in entries:
        label = title.replace("（区分处理的", f"{label_break}（区分处理的") if label_break else title
        values = [Cell(fmt(_value(model, "applications", *path, c))) for c in APPLICANT_COLUMNS]
        if path[0] != "results":
            rows.append([Cell(label, colspan=3), *values])
            continue
        lead: Row = []
        if results and path == results[0][0]:
            lead.append(Cell("三、本年度办理结果", rowspan=len(results)))
        if len(path) == 3:
            group = path[1]
            if group not in opened:
                opened.add(group)
                size = sum(1 for p, _ in results if len(p) == 3 and p[1] == group)
                lead.append(Cell(_GROUP_LABELS[group], rowspan=size))
            rows.append([*lead, Cell(label), *values])
        else:
            rows.append([*lead, Cell("（六）其他处理" if path == ("results", "other") else label, colspan=2), *values])
    return rows


def review_rows(model: dict[str, Any]) -> list[Row]:
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(h, rowspan=2) for h in _REVIEW_HEADS), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(h) for h in _REVIEW_HEADS * 2],
        [Cell(fmt(_value(model, "review_litigation", g, c))) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS],
    ]


def with_placeholders(rows: list[Row]) -> list[Row]:
    """The simplified shape: no rowspans; an empty <td> (as wide as the merged cell) where one continues."""
    holes: dict[int, dict[int, int]] = {}   # row index → {grid column: width of the merged cell above}
    out: list[Row] = []
    for r, row in enumerate(rows):
        here = holes.get(r, {})
        pending, flat, column = list(row), [], 0
        while pending or any(c >= column for c in here):
            if column in here:
                flat.append(Cell("", colspan=here[column], placeholder=True))
                column += here[column]
            elif pending:
                cell = pending.pop(0)
                flat.append(Cell(cell.text, colspan=cell.colspan))
                for below in range(r + 1, r + cell.rowspan):
                    holes.setdefault(below, {})[column] = cell.colspan
                column += cell.colspan
            else:
                column = min(c for c in here if c >= column)
        out.append(flat)
    return out


# ── markup ───────────────────────────────────────────────────────────────────────────────────────────
def _attrs(cell: Cell) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    return spans


def clean_table(rows: list[Row]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0">', "<tbody>"]
    for row in rows:
        cells = "".join(f"<td{_attrs(c)}>{html.escape(c.text).replace('&lt;br&gt;', '<br />')}</td>"
                        for c in row)
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


_BLANKS = ("&nbsp;", "\u3000\u3000", "")   # what Word writes into a blank cell, in turn


def _runs(text: str) -> str:
    """Word's runs: a label cut into 2–3 character <span>s, digits in their own lang=EN-US run."""
    if not text:
        return ""
    out, i, size = [], 0, 2
    while i < len(text):
        chunk = text[i:i + size]
        lang = " lang=EN-US" if chunk.isascii() else ""
        out.append(f"<span{lang} style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\"'>"
                   f"{html.escape(chunk).replace('&lt;br&gt;', '<br>')}</span>")
        i += size
        size = 3 if size == 2 else 2
    return "".join(out)


def word_table(rows: list[Row]) -> str:
    out = ["<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0",
           " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;",
           " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"]
    blank = 0
    for r, row in enumerate(rows):
        out.append(f" <tr style='mso-yfti-irow:{r};page-break-inside:avoid'>")
        for cell in row:
            if cell.text:
                body = _runs(cell.text)
            else:
                body = _BLANKS[blank % len(_BLANKS)]
                blank += 1
            out.append(f"  <td{_attrs(cell)} valign=center style='border:solid windowtext 1.0pt;"
                       f"\r\n  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>")
            out.append(f"  <p class=MsoNormal align=center style='text-align:center'>{body}<span\r\n"
                       f"  lang=EN-US><o:p></o:p></span></p>")
            out.append("  </td>")
        out.append(" </tr>")
    out.append("</table>")
    return "\r\n".join(out)


def _wrapped(text: str, width: int = 30) -> str:
    """Word wraps its source lines inside Chinese text (never inside a number or a Latin word); a browser
    shows no space there."""
    lines, start = [], 0
    for i in range(1, len(text)):
        if i - start >= width and not (text[i - 1].isascii() and text[i].isascii()):
            lines.append(text[start:i])
            start = i
    lines.append(text[start:])
    return "\r\n".join(html.escape(line) for line in lines)


# ── pages ────────────────────────────────────────────────────────────────────────────────────────────
def _signed_on(model: dict[str, Any]) -> str:
    year, month, day = (int(x) for x in model["report"]["signed_on"].split("-"))
    return f"{year}年{month}月{day}日"


def _tables(model: dict[str, Any], placeholders: bool, split_before: tuple[str, ...] | None,
            label_break: str | None) -> dict[int, list[list[Row]]]:
    """The tables printed after sections 2, 3 and 4, each a list of pieces (a page break splits one)."""
    template = model["report"]["template"]
    entries = list(APPLICATION_ROWS[template])
    if split_before:
        cut = next(i for i, (p, _) in enumerate(entries) if p == split_before)
        pieces = [applications_header() + applications_rows(model, entries[:cut], label_break),
                  applications_header() + applications_rows(model, entries[cut:], label_break)]
    else:
        pieces = [applications_header() + applications_rows(model, entries, label_break)]
    tables = {2: [disclosure_rows(model, template)], 3: pieces, 4: [review_rows(model)]}
    if placeholders:
        tables = {n: [with_placeholders(p) for p in ps] for n, ps in tables.items()}
    return tables


def _body(model: dict[str, Any], table_markup, paragraph, tables: dict[int, list[list[Row]]],
          title_html: str, page_break: str) -> list[str]:
    out = [title_html]
    if model.get("preamble"):
        out.append(paragraph(model["preamble"]))
    texts = {s["number"]: s["text"] for s in model.get("sections", [])}
    for number, heading in SECTION_HEADINGS.items():
        out.append(paragraph(f"{_SECTION_NUMBERS[number - 1]}、{heading}", bold=True))
        for line in (texts.get(number) or "").split("\n"):
            if line:
                out.append(paragraph(line))
        for i, piece in enumerate(tables.get(number, [])):
            if i:
                out.append(page_break)
            out.append(table_markup(piece))
    out.append(paragraph(model["report"]["organ"], right=True))
    out.append(paragraph(_signed_on(model), right=True))
    return out


def official_page(model: dict[str, Any], placeholders: bool = False, split_applications_before: tuple[str, ...] | None = None,
                  pub_date_meta: str | None = "2023-01-20 09:30", info_line: str = "发布时间：2023-01-20") -> str:
    """A portal page: chrome around an article whose report tables use the official skeleton."""
    report = model["report"]

    def paragraph(text: str, bold: bool = False, right: bool = False) -> str:
        text = html.escape(text)
        if bold:
            return f"<p><strong>{text}</strong></p>"
        return f'<p style="text-align: right;">{text}</p>' if right else f'<p style="text-indent: 2em;">{text}</p>'

    title = f"{report['organ']}{report['year']}年政府信息公开工作年度报告"
    tables = _tables(model, placeholders, split_applications_before, None)
    body = _body(model, clean_table, paragraph, tables, "", '<p style="page-break-after: always;"></p>')
    meta = f'<meta name="PubDate" content="{pub_date_meta}">\n' if pub_date_meta else ""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}_{html.escape(report['organ'])}</title>",
        meta + f'<meta name="ArticleTitle" content="{html.escape(title)}">',
        '<link rel="stylesheet" href="/css/main.css">',
        "<style>.nav li{float:left}</style>",
        '<script>var siteTitle = "2021年政府信息公开工作年度报告"; document.write("");</script>',
        "</head>",
        "<body>",
        '<div class="header"><div class="logo">临溪县人民政府</div>',
        '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="/zfxxgk/">政府信息公开</a></li><li><a href="/nb/">政府信息公开年报</a></li></ul></div>',
        '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; '
        '<a href="/nb/">政府信息公开年报</a></div>',
        '<div class="article">',
        f'<h1 class="article-title">{html.escape(title)}</h1>',
        f'<div class="article-info"><span>{html.escape(info_line)}</span> <span>来源：{html.escape(report["organ"])}'
        "</span> <span>浏览次数：128</span> <span>字号：[大 中 小]</span></div>",
        '<div class="TRS_Editor" id="zoom">',
        *body,
        "</div>",
        '<div class="article-tools">【打印本页】【关闭窗口】</div>',
        "</div>",
        '<div class="related"><h3>相关链接</h3><ul>'
        f"<li><a href=\"/nb/2022.html\">{html.escape(report['organ'])}{report['year'] - 1}年政府信息公开工作年度报告</a></li>"
        "</ul></div>",
        '<div class="footer"><p>主办单位：临溪县人民政府办公室</p><p>网站标识码：3300000001 备案号：浙ICP备00000000号</p></div>',
        "</body>",
        "</html>",
        "",
    ])


def word_page(model: dict[str, Any], placeholders: bool = False, split_applications_before: tuple[str, ...] | None = None,
              charset: str | None = "gb2312", label_break: str | None = "<br>") -> str:
    """Word's "Save as web page" of the report, pasted as it is into a portal."""
    report = model["report"]

    def paragraph(text: str, bold: bool = False, right: bool = False) -> str:
        align = " align=right style='text-align:right'" if right else " style='text-indent:32.0pt'"
        runs = f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{_wrapped(text)}</span>"
        if bold:
            runs = f"<b>{runs}</b>"
        return f"<p class=MsoNormal{align}>{runs}<span\r\nlang=EN-US><o:p></o:p></span></p>"

    title = (f"<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;"
             f"font-family:方正小标宋简体'>{html.escape(report['organ'])}</span></b></p>\r\n"
             f"<p class=MsoNormal align=center style='text-align:center'><b><span lang=EN-US style='font-size:22.0pt'>"
             f"{report['year']}</span><span style='font-size:22.0pt;font-family:方正小标宋简体'>年政府信息公开"
             f"\r\n工作年度报告</span></b><span\r\nlang=EN-US><o:p>&nbsp;</o:p></span></p>")
    tables = _tables(model, placeholders, split_applications_before, label_break)
    page_break = ("<span lang=EN-US style='font-size:10.5pt'><br clear=all style='mso-special-character:"
                  "line-break;page-break-before:always'>\r\n</span>")
    body = _body(model, word_table, paragraph, tables, title, page_break)
    head = ["<html xmlns:v=\"urn:schemas-microsoft-com:vml\"", "xmlns:o=\"urn:schemas-microsoft-com:office:office\"",
            "xmlns:w=\"urn:schemas-microsoft-com:office:word\"", "xmlns=\"http://www.w3.org/TR/REC-html40\">", "", "<head>"]
    if charset:
        head.append(f"<meta http-equiv=Content-Type content=\"text/html; charset={charset}\">")
    head += ["<meta name=ProgId content=Word.Document>", "<meta name=Generator content=\"Microsoft Word 15\">",
             "<!--[if gte mso 9]><xml>", " <o:DocumentProperties>", "  <o:Author>admin</o:Author>",
             " </o:DocumentProperties>", "</xml><![endif]-->", "<style>", "<!--",
             " p.MsoNormal, li.MsoNormal, div.MsoNormal", "\t{mso-style-parent:\"\";", "\tmargin:0cm;",
             "\tfont-size:10.5pt;}", "-->", "</style>", "</head>", "",
             "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>", "",
             "<div class=WordSection1 style='layout-grid:15.6pt'>", ""]
    return "\r\n".join([*head, *body, "", "</div>", "", "</body>", "", "</html>", ""])
