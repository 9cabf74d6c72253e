"""The HTML reader: the same report as examples/linxi-2022.txt, published as a portal page (official
skeleton), as Word-pasted markup in GBK, with placeholders and page breaks, must extract identically;
and each odd case of spec §6.1 on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.cli import main
from checker.document import Table
from checker.errors import InputError
from checker.readers import choose_reader, read_bytes, read_report
from checker.readers import html as html_reader
from tests.support.forms import FIXTURES, FORMS
from tests.support.html_forms import official_page, word_page
from tests.support.samples import comparable, linxi_2022

ROOT = Path(__file__).resolve().parents[2]
LINXI = ROOT / "examples" / "linxi-2022.txt"
MAZHU = ROOT / "examples" / "mazhu-2020.txt"


@pytest.fixture(scope="module")
def linxi_text_reading() -> dict:
    return comparable(read_report(LINXI).to_json())


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def cells_page(rows: list[list], title: str = "某局2022年政府信息公开工作年度报告") -> bytes:
    """A minimal report page holding one table of these rows: a cell is its HTML, or (HTML, attributes)."""
    def td(cell) -> str:
        content, attributes = (cell, "") if isinstance(cell, str) else cell
        return f"<td {attributes}>{content}</td>"
    trs = "".join("<tr>" + "".join(td(c) for c in row) + "</tr>" for row in rows)
    return page(f"<p>{title}</p><table>{trs}</table>")


# ── the same report in every HTML shape ────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name", ["same-2021.html", "same-2021-word.html"])
def test_fixture_extracts_as_the_text_export(name, linxi_text_reading):
    report = read_report(FORMS / name)
    assert report.form == "html"
    assert comparable(report.to_json()) == linxi_text_reading
    assert report.problems == []


def test_portal_chrome_is_left_out():
    report = read_report(FORMS / "same-2021.html")
    everything = report.data["preamble"] + "".join(s["text"] for s in report.data["sections"])
    for chrome in ("首页", "当前位置", "浏览次数", "打印本页", "相关链接", "主办单位", "备案号", "siteTitle"):
        assert chrome not in everything
    assert report.data["report"]["title"] == "临溪县自然资源局2022年政府信息公开工作年度报告"
    assert report.data["report"]["signed_on"] == "2023-01-20"


def test_cells_are_located_by_their_source_line():
    raw = (FORMS / "same-2021.html").read_bytes()
    report = read_bytes(raw, "same-2021.html")
    lines = raw.decode("utf-8").split("\n")
    entry = report.source_map["/applications/new_received/total"]
    assert entry["text"] == "30"
    assert "一、本年新收政府信息公开申请数量" in lines[entry["line"] - 1]
    assert ">30<" in lines[entry["line"] - 1]


def test_placeholder_cells_instead_of_rowspans(linxi_text_reading):
    raw = official_page(linxi_2022(), placeholders=True).encode("utf-8")
    assert b"rowspan" not in raw and b"<td></td>" in raw
    assert comparable(read_bytes(raw, "p.html").to_json()) == linxi_text_reading


def test_header_rows_repeated_after_a_page_break(linxi_text_reading):
    text = word_page(linxi_2022(), split_applications_before=("results", "withheld", "internal_affairs"))
    assert text.count("<table") == 4   # 二, 三 in two pieces, 四
    report = read_bytes(text.encode("gbk"), "split.html")
    assert comparable(report.to_json()) == linxi_text_reading
    document = html_reader.parse_page(text, "split.html")
    tables = [b for b in document.blocks if isinstance(b, Table)]
    headers = [row for t in tables for row in t.rows if any("申请人情况" in c.text for c in row)]
    assert len(tables) == 3 and len(headers) == 1  # the two pieces of table 三 are one table again


def test_repeated_header_does_not_lose_the_open_group():
    """A leaf printed only by its number needs the group above it, across the page break."""
    header = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
              ["自然人", "法人或其他组织", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    zeros = ["0"] * 7
    first = header + [["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请", *zeros]]
    second = header + [["2.", "1", "0", "0", "0", "0", "0", "1"]]
    html = "".join("<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in t)
                   + "</table>" for t in (first, second))
    report = read_bytes(page(f"<p>某局2022年政府信息公开工作年度报告</p>{html}"), "g.html")
    assert report.data["applications"]["results"]["not_processed"]["repeated"]["total"] == 1


def test_header_rows_repeated_inside_one_table_are_dropped():
    header = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
              ["自然人", "法人或其他组织", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    rows = header + [["一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2"]] + header + \
        [["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]]
    document = html_reader.parse_page(cells_page(rows).decode("utf-8"), "one.html")
    [table] = [b for b in document.blocks if isinstance(b, Table)]
    assert [row[0].text for row in table.rows] == [header[0][0], "自然人", "商业企业", "一、本年新收政府信息公开申请数量",
                                                  "二、上年结转政府信息公开申请数量"]


def test_gbk_page_without_a_declared_charset(linxi_text_reading):
    raw = word_page(linxi_2022(), charset=None).encode("gbk")
    assert b"charset" not in raw
    assert comparable(read_bytes(raw, "nodecl.html").to_json()) == linxi_text_reading


def test_declared_charset_wins_over_guessing():
    body = "<p>某局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>全年公开信息。</p>"
    raw = f'<html><head><meta charset="gbk"></head><body>{body}</body></html>'.encode("gbk")
    report = read_bytes(raw, "gbk.html")
    assert report.data["report"]["title"] == "某局2022年政府信息公开工作年度报告"
    assert report.data["sections"][0]["text"] == "全年公开信息。"


# ── cells ──────────────────────────────────────────────────────────────────────────────────────────
def test_labels_split_over_spans_are_read_whole():
    split = lambda *runs: "".join(f"<span style='mso-bidi-font-size:10.5pt'>{r}</span>" for r in runs)
    report = read_bytes(cells_page([
        [split("第二十条", "第（一）", "项")],
        ["信息内容", split("本年", "制", "发件", "数"), split("本年废", "止件数"), split("现行有效件", "数")],
        [split("行政规范", "性文件"), "3", "1", "12"],
    ]), "spans.html")
    assert report.data["active_disclosure"]["normative_documents"] == {"issued": 3, "repealed": 1, "in_force": 12}
    assert report.data["report"]["template_evidence"]["2021"][:3] == ["本年制发件数", "本年废止件数", "现行有效件数"]


def test_blank_cells_nbsp_ideographic_space_and_empty_o_p_are_not_applicable():
    blanks = ["&nbsp;", "\u00a0", "\u3000\u3000", "<p class=MsoNormal><o:p></o:p></p>",
              "<span lang=EN-US><o:p>&nbsp;</o:p></span>", " ", "3"]
    report = read_bytes(cells_page([["一、本年新收政府信息公开申请数量", *blanks]]), "blank.html")
    row = report.data["applications"]["new_received"]
    assert row == {"natural_person": None, "commercial": None, "research": None, "nonprofit": None,
                   "legal_service": None, "other_org": None, "total": 3}
    assert report.source_map["/applications/new_received/research"]["text"] == ""


def test_br_inside_labels():
    report = read_bytes(cells_page([
        ["第二十条第（一）项"],
        ["信息内容", "本年新<br />制作数量", "本年新<br>公开数量", "对外公开<br/>总数量"],
        ["规范性<br>文件", "4", "3", "20"],
        ["第二十条第（九）项"], ["信息内容", "采购项目<br>数量", "采购总<br>金额"], ["政府集中<br>采购", "2项", "30万元"],
    ], title="某镇2020年政府信息公开工作年度报告"), "br.html")
    assert report.data["active_disclosure"]["normative_documents"] == {"made": 4, "published": 3, "total_public": 20}
    assert report.data["active_disclosure"]["procurement"] == {"projects": 2, "amount_10k_yuan": 30}
    assert "本年新制作数量" in report.data["report"]["template_evidence"]["2019"]


def test_misaligned_2019_table_two_is_read_by_position():
    """本年增/减 spans two grid columns in the header, but the first value cell does in the data row."""
    report = read_bytes(cells_page([
        [("第二十条第（五）项", 'colspan="5"')],
        ["信息内容", "上一年项目数量", ("本年增/减", 'colspan="2"'), "处理决定数量"],
        ["行政许可", ("12", 'colspan="2"'), "-2", "340"],
        ["其他对外管理服务事项", ("3", 'colspan="2"'), "0", "7"],
    ], title="某镇2020年政府信息公开工作年度报告"), "misaligned.html")
    ad = report.data["active_disclosure"]
    assert ad["licensing"] == {"items_prev_year": 12, "change": -2, "decisions": 340}
    assert ad["other_services"] == {"items_prev_year": 3, "change": 0, "decisions": 7}


def test_2019_template_page_with_mazhu_numbers():
    mazhu = read_report(MAZHU)
    model = mazhu.to_json()
    raw = official_page(model, pub_date_meta=None, info_line="发布日期：2021年01月25日").encode("utf-8")
    report = read_bytes(raw, "mazhu.html")
    assert comparable(report.to_json()) == comparable(model)
    assert report.data["report"]["template"] == "2019"
    assert report.data["active_disclosure"]["procurement"] == {"projects": 52, "amount_10k_yuan": 114.36}
    assert report.data["report"]["published_on"] == "2021-01-25"


# ── publication date ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("head, body, expected", [
    ('<meta name="PubDate" content="2023-01-20 10:15">', "", "2023-01-20"),
    ('<meta name="firstpublishedtime" content="2023-01-19-08:00:00">', "", "2023-01-19"),
    ("", "<div class='info'>发布时间：2023-01-20 来源：某局</div>", "2023-01-20"),
    ("", "<span>发布日期：2023年1月31日</span>", "2023-01-31"),
    ("", "<span>发布时间: 2023/02/03</span>", "2023-02-03"),
    ("", "<div>时间：2023-01-18 来源：某局</div>", "2023-01-18"),
    ("", "<p>答复时间：2022-06-01</p>", None),   # another date of the report, not the page's
    ("", "<p>2023年1月20日</p>", None),   # a date alone is the signature, not the publication date
])
def test_published_on_from_page_metadata(head, body, expected):
    raw = page(f"{body}<p>某局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文。</p>", head)
    assert read_bytes(raw, "d.html").data["report"]["published_on"] == expected


# ── choosing the reader, bad input ─────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name, head, form", [
    ("report.txt", b"<!DOCTYPE html>\n<html><body>", "html"),
    ("report.txt", b"\n\n<TABLE border=1><TR>", "html"),
    ("report", b"<html>", "html"),
    ("report.htm", b"anything", "html"),
    ("report.txt", "临溪县自然资源局\n2022年报告\n\t第二十条".encode(), "text"),
])
def test_sniffing(name, head, form):
    assert choose_reader(head, name).name == form


def test_page_without_a_report_is_an_input_error(tmp_path, capsys):
    path = tmp_path / "menu.html"
    raw = page("<ul class='nav'><li>首页</li></ul><p>欢迎访问</p>")
    path.write_bytes(raw)
    with pytest.raises(InputError, match="menu.html"):
        read_report(path)
    assert main(["extract", str(path)]) == 2
    assert "menu.html" in capsys.readouterr().err
    assert path.read_bytes() == raw   # never modified


def test_binary_file_named_html_is_an_input_error():
    with pytest.raises(InputError, match="broken.html"):
        read_bytes(bytes(range(256)) * 40, "broken.html")


def test_page_without_body_is_an_input_error():
    with pytest.raises(InputError, match="x.html"):
        read_bytes(b"<html><head><title>t</title></head></html>", "x.html")


def test_table_layout_portal_page(linxi_text_reading):
    """An old portal: the page laid out in nested tables, menus and footer in the same box as the report."""
    article = official_page(linxi_2022(), pub_date_meta=None)
    body = article[article.index('<div class="TRS_Editor"'):article.index('<div class="article-tools">')]
    menu = "".join(f"<td><a href='/{i}'>{w}</a></td>" for i, w in enumerate(("首页", "政务公开", "政府信息公开", "互动交流")))
    raw = page(
        "<table width='1000'><tr><td>"
        f"<table><tr>{menu}</tr></table>"
        "<p>当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</p>"
        "<table><tr><td class='bt'>临溪县自然资源局2022年政府信息公开工作年度报告</td></tr>"
        "<tr><td>发布日期：2023-01-20　　来源：本站</td></tr></table>"
        f"{body}"
        "<p>【打印本页】 【关闭窗口】</p>"
        "<p>主办单位：临溪县人民政府办公室　承办：临溪县大数据中心</p>"
        "<p>网站标识码：3300000001　浙ICP备00000000号</p>"
        "</td></tr></table>")
    report = read_bytes(raw, "layout.html")
    assert comparable(report.to_json()) == linxi_text_reading
    assert report.data["report"]["published_on"] == "2023-01-20"


def test_a_report_sentence_that_names_a_source_is_not_page_furniture():
    raw = page("<p>某局2022年政府信息公开工作年度报告</p><p>一、总体情况</p>"
               "<p>数据来源：本局政务公开台账。</p><p>发布时间：2023-01-20 来源：某局</p>")
    report = read_bytes(raw, "s.html")
    assert report.data["sections"][0]["text"] == "数据来源：本局政务公开台账。"



# A report word printed so that only normalising shows it: an ideograph in a compatibility form (Kangxi
# radicals, CJK compatibility ideographs), quotes, <br> or spaces between its characters.
_COMPATIBLE = {"二": "\u2f06", "人": "\u2f08", "十": "\u2f17", "行": "\u2f8f", "年": "\uf98e", "理": "\uf9e4",
               "度": "\ufa01", "况": "\ufa71"}
_BETWEEN = ["", "", " ", "\u3000", "\u00a0", "\u200b", "<br>", "“", "\u0301", "a"]


def _disguised(word: str) -> st.SearchStrategy[str]:
    return st.tuples(*[st.tuples(st.sampled_from(sorted({c, _COMPATIBLE.get(c, c)})), st.sampled_from(_BETWEEN))
                       for c in word]).map(lambda pairs: "".join(c + between for c, between in pairs))


_TEXT_PIECES = st.one_of(st.sampled_from(["信息", "内容", "行政", "复议", "本年度", "\u3000", " ", "<br>", "“", "合计",
                                          "转结", "新收到", "下一年度", "①", "（", "a"]),
                         st.sampled_from(html_reader._REPORT_TABLE_WORDS).flatmap(_disguised))


@given(st.lists(_TEXT_PIECES, max_size=6).map("".join))
def test_report_words_are_found_where_normalising_finds_them(text):
    """A table is a report table when its normalised text holds a report word; the reader tries the text
    with only its whitespace out first (no NFKC): it must find them exactly where normalising does."""
    from checker import labels

    assert html_reader._has_report_words(text) == any(w in labels.normalise(text)
                                                       for w in html_reader._REPORT_TABLE_WORDS)


_SPACED = st.sampled_from(["a", "表", "，", " ", "\t", "\r", "\n", "\r\n", "\u3000", "\u00a0", "\u200b", "\ufeff",
                           "\x1c", "\x85", "\u2028", "\u2003", "\v", "\f", "“", "1", " " * 150])


@given(st.lists(_SPACED, max_size=40).map("".join))
def test_clean_text_skips_only_the_steps_that_cannot_change_the_text(text):
    """clean_text skips a step where it cannot match and collapses spaces with str.split where it can:
    the text must come out as the three substitutions, always run, make it."""
    from checker.readers import html_page

    text = text.replace("\ufeff", "") if len(text) % 3 else text   # texts with and without the spaces \s lacks
    expected = html_page._LONG_SPACE.sub(lambda m: m.group(0)[:100] + m.group(0)[-100:], text)
    expected = html_page._WRAP_NEAR_CJK.sub("", expected).replace("\u3000", " ")
    expected = html_page._SPACES.sub(" ", expected).strip()
    assert html_page.clean_text.__wrapped__(text) == expected


@pytest.mark.parametrize("markup", [
    "<html><body><p>a</p>b</body>tail</html>", "<html><body>x<p>a<b>c</b>d</p>e</body></html>\n\n  after",
    "<p>片段</p>尾<br>x", "<body><!-- 注释 --><p>a<?pi x?>b</p><script>s</script>z&amp;&#26102;</body>",
    "<html><body><table><tr><td>1<td>2</table>tail</body><p>after body</p></html>"])
def test_text_nodes_are_what_itertext_yields(markup):
    """The date line is searched in the body's text nodes, taken by one XPath call: as itertext gives them."""
    from lxml import etree

    from checker.readers import html_page

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)
    for el in etree.fromstring(markup.encode("utf-8"), parser).iter():
        assert html_page._texts(el) == list(el.itertext())
    page = official_page(linxi_2022(), pub_date_meta=None)
    body = etree.fromstring(page.encode("utf-8"), parser).find("body")
    assert html_page._texts(body) == list(body.itertext()) and html_page.published_date(body.getparent()) == "2023-01-20"
