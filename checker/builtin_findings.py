"""Findings that come from reading and structure rather than from a YAML rule: what a reader noticed
(a cell that is not a number, a misprinted row label, a scanned PDF …) and what the template's JSON
Schema rejects. They are selected, ignored and re-graded like rules, so `rules` and `explain` know them.

Each is declared once here, as frictionless declares its errors: id, title, severity, whether it stops the
rules, and its documentation. A reader or the schema check emits one with `READ_CELL.diagnostic(…)`; no
id, title or severity is typed where a finding is made."""

from __future__ import annotations

from dataclasses import dataclass

from checker.diagnostics import Diagnostic, Location, Severity


@dataclass(frozen=True)
class BuiltinFinding:
    id: str
    severity: Severity
    title: str
    explanation: str
    source: str
    blocks_rules: bool = False  # nothing of the report could be read, so the rules would only list absences

    def diagnostic(self, message: str, location: Location | None = None, cells: list[str] | None = None) -> Diagnostic:
        """One finding of this kind: its id, severity and title, with what and where."""
        return Diagnostic(rule=self.id, severity=self.severity, message=message, location=location or Location(),
                          cells=list(cells or []), title=self.title)


SCHEMA = BuiltinFinding(
    "SCHEMA", Severity.ERROR, "报告结构不符合其格式版本的模板",
    "报告读入后按其格式版本（2019 或 2021）的 JSON Schema（schemas/report-2019.schema.json、"
    "report-2021.schema.json）核对结构：每一行每一列都在、计数为非负整数、只有“本年增/减”可为负、金额不为负、"
    "没有格式之外的项目。已由具体规则（如 D2 缺行、D5 版式、R7 取值范围）报告的同一单元格不再重复报告。",
    "国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式")

READ_CELL = BuiltinFinding(
    "READ-CELL", Severity.ERROR, "单元格无法识别为数值",
    "单元格里印的既不是数字，也不是空白、“/”“—”“-”“无”等表示不适用的写法（例如“五十二”）。"
    "该单元格按空白处理，涉及它的勾稽关系无法核验；请核对原表并改为阿拉伯数字。",
    "spec §6.7")

READ_LABEL = BuiltinFinding(
    "READ-LABEL", Severity.WARNING, "表格行标签与格式不符",
    "行标签与格式中的官方标签不同，且不属于已知的写法差异（全角半角括号、引号、序号写法、“转结/结转”等）。"
    "该行按其位置和编号读入（例如“2.其他法律行政止公开”读作“2.其他法律行政法规禁止公开”），请更正标签。",
    "国办公开办函〔2021〕30号 表三行标签；spec §6.6")

READ_HEADING = BuiltinFinding(
    "READ-HEADING", Severity.WARNING, "部分标题与格式不符",
    "六个部分的标题有错字或换了说法（如“四、政府信息公开行政法复议、行政诉讼情况”“五、存在的主要问题及整改措施”）。"
    "该段按其编号和所在位置读作这一部分，不报缺少；请按格式更正标题。",
    "国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式的六个部分")

READ_DUPLICATE = BuiltinFinding(
    "READ-DUPLICATE", Severity.WARNING, "同一行印了两次",
    "同一表格行出现了两次（分页重复表头以外的重复）。保留第一次的数值，第二次的数值未参与核验。",
    "spec §6.1、§6.3")

READ_SHORT_ROW = BuiltinFinding(
    "READ-SHORT-ROW", Severity.ERROR, "某行的数值个数不足",
    "表格的一行应有的数值个数（按其表头）多于实际印出的个数（如表三一行 7 列只印了 6 个数）。无法判断缺的是哪一格，"
    "印出的数值也不知各属哪一列，因此不读入（一栏的行除外），相关勾稽关系无法核验；请对照原表核对。",
    "国办公开办函〔2019〕60号、〔2021〕30号 表二、表三")

READ_AMBIGUOUS = BuiltinFinding(
    "READ-AMBIGUOUS", Severity.ERROR, "连在一起的数字少于单元格，无法读出",
    "网页被存成纯文本后，表格各单元格的数字连在一起（如“2000013”）。数字位数与单元格数相同时只有一种读法；"
    "位数少于单元格数（如 7 个单元格只印了“0 00000”六位）说明有单元格没有印出数字，无法判断是哪一个。"
    "该行按空白处理，不猜测；请对照原始网页或文档核对。",
    "spec §6.4")

READ_UNSPLIT = BuiltinFinding(
    "READ-UNSPLIT", Severity.WARNING, "连在一起的数字有多种拆法",
    "数字位数多于单元格数（如“396442278”），且表中的勾稽关系不能确定唯一的拆法（表二没有可据以判定的勾稽关系）。"
    "不猜测，相关单元格按空白处理，并列出可能的拆法；请提供原始网页或文档。",
    "spec §6.4")

READ_SPLIT = BuiltinFinding(
    "READ-SPLIT", Severity.INFO, "连在一起的数字按勾稽关系拆分",
    "数字位数多于单元格数，只有一种拆法能使表中的勾稽关系成立得最多（本行各项之和、各列的合计），于是按它读出。"
    "这些关系已用于读出该行，不能再作为该行的独立核验依据；source_map 中这些单元格标有 \"read_by\": \"relations\"。",
    "spec §6.4")

READ_UNPLACED = BuiltinFinding(
    "READ-UNPLACED", Severity.WARNING, "没有行标签的数值行无法归位",
    "转换工具（如 PDF 转 Markdown）把表三的行标签和数值分开了，只剩数值行。只有当它们前后有标签的行、"
    "按格式行序之间缺的行数与数值行数相同时，才按行序归位（source_map 标明 \"read_by\": \"template_order\"）；"
    "否则不猜测，这些数值不读入。",
    "spec §6.5")

READ_OCR = BuiltinFinding(
    "READ-OCR", Severity.ERROR, "扫描件中的单元格无法可靠识别",
    "扫描件或图片经文字识别（OCR）读取时，该单元格的识别置信度低于阈值、识别结果不是一个完整的数值，"
    "或表格线与文字位置不一致（例如一个单元格里有两组数字），因此不猜测其数值：该单元格按空白处理，"
    "涉及它的勾稽关系无法核验。请对照原件核对该单元格；source_map 给出页码、单元格在页面上的方框（x, y, 宽, 高）"
    "和识别置信度。",
    "spec §6.3；不猜测数字")

READ_NO_TEXT = BuiltinFinding(
    "READ-NO-TEXT", Severity.ERROR, "PDF 没有文字层",
    "PDF 只有图像、没有可复制的文字（多为扫描件），无法读取表格和正文。请提供带文字层的 PDF 或原始文档。",
    "spec §6.3", blocks_rules=True)

READ_PAGE = BuiltinFinding(
    "READ-PAGE", Severity.ERROR, "PDF 页面内容过于复杂，未读取",
    "这一页的内容远超政府信息公开年报的任何一页（解压后的页面内容或字符数超过上限，多为文件损坏），"
    "逐字排版会耗时过长，因此跳过这一页，其余页照常读取；这一页上的表格和正文未读入，涉及它们的检查无法进行。"
    "如确为正常页面，可用环境变量 REPORT_LINT_PDF_PAGE_MB（默认每页 4 MB）和 REPORT_LINT_PDF_PAGE_CHARS"
    "（默认每页 20000 个字符）提高上限。",
    "report-lint 的限制")

LIMIT_FINDINGS = BuiltinFinding(
    "LIMIT-FINDINGS", Severity.WARNING, "问题过多，只列出了一部分",
    "一份报告的问题超过了每份报告的上限（默认 1000 个，`--max-findings` 可以调整），只列出最严重的前若干个，"
    "其余的未列出。问题这样多，通常是同一处错误反复出现（例如同一行被印了上千次），请先更正列出的问题。",
    "report-lint 的限制")

BUILTIN_FINDINGS: tuple[BuiltinFinding, ...] = (SCHEMA, READ_CELL, READ_LABEL, READ_HEADING, READ_DUPLICATE, READ_SHORT_ROW,
                                                READ_AMBIGUOUS, READ_UNSPLIT, READ_SPLIT, READ_UNPLACED, READ_OCR,
                                                READ_NO_TEXT, READ_PAGE, LIMIT_FINDINGS)


def builtin_finding(finding_id: str) -> BuiltinFinding | None:
    return next((f for f in BUILTIN_FINDINGS if f.id.upper() == finding_id.upper()), None)


def explain_builtin(finding: BuiltinFinding) -> str:
    return "\n".join([
        f"{finding.id}  {finding.title}",
        f"严重程度：{finding.severity.label}（{finding.severity.chinese}）",
        f"依据：{finding.source}",
        "类别：读取与结构检查（内置，不由 YAML 规则定义）",
        "", "说明：", f"  {finding.explanation}", "",
    ])
