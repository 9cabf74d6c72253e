"""Every rule of issue 12 on every real report of the test data, checked as one batch (so the cross-year and
cross-file rules run too): each finding they make there was checked by hand against the report and is
recorded here as true; anything else they say about a real report is a false finding."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NEW_RULES = {"D4", "D6", "D8", "D9", "D10", "N2", "N3", "N4", "H2", "H3", "H5", "H6",
             "X1", "X2", "X3", "X4", "X5"}

# (file, rule) → the hand-checked reason it is true
TRUE_FINDINGS = {
    # 洪泽区 2023 and 淮安市 2024 (人民政府): neither report says 考核, 评议, 责任追究 or 问责 anywhere (条例 art. 50
    # asks a government's report for 工作考核、社会评议和责任追究结果情况); the truth files carry the same text.
    ("tests/data/corpus/2023-hongzequ-renmin-zhengfu.pdf", "D4"): "no 考核/评议/责任追究",
    ("tests/data/corpus/2023-hongzequ-renmin-zhengfu.truth.json", "D4"): "no 考核/评议/责任追究",
    ("examples/hongzequ-2023.pdf", "D4"): "no 考核/评议/责任追究",
    ("tests/data/corpus/2024-huaianshi-renmin-zhengfu.pdf", "D4"): "no 考核/评议/责任追究",
    ("tests/data/corpus/2024-huaianshi-renmin-zhengfu.truth.json", "D4"): "no 考核/评议/责任追究",
    **{(f"tests/data/corpus/text-layer/{stem}.{extractor}.txt", "D4"): "no 考核/评议/责任追究 (the PDF's text layer)"
       for stem in ("2023-hongzequ-renmin-zhengfu", "2024-huaianshi-renmin-zhengfu")
       for extractor in ("pdfplumber", "pdftotext-layout")},
    # the intro says 共五个部分 with the 2008 part names (MANIFEST: "the intro itself says 共五个部分")
    ("tests/data/wild/2019-pingtan-ziranziyuan-shengtaihuanjingju.txt", "N4"): "共五个部分",
}


def test_the_new_rules_on_every_real_report_find_only_what_is_true():
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--quiet", "--isolated",
                             "tests/data/corpus", "tests/data/wild", "examples"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (1, 2), result.stderr   # real defects (and the wild folder's unreadable notes)
    files = json.loads(result.stdout)["files"]
    assert len(files) >= 20
    found = {}
    for file in files:
        for finding in file["findings"]:
            if finding["rule"] in NEW_RULES:
                found.setdefault((file["path"], finding["rule"]), []).append(finding["message"])
    assert sorted(found) == sorted(TRUE_FINDINGS)
    assert all(len(messages) == 1 for messages in found.values()), found
    assert "5 个部分" in found[("tests/data/wild/2019-pingtan-ziranziyuan-shengtaihuanjingju.txt", "N4")][0]


def test_consecutive_real_years_are_compared_and_agree():
    """洪泽区 2023 → 2024 (two PDFs; the organ printed as 洪泽区人民政府 and 淮安市洪泽区人民政府): the carry-over
    0 → 0 is assessed and holds, section 五 is 60% alike (not a copy), and each PDF agrees with its truth file."""
    from checker.engine.expr import Compiler
    from checker.engine.runtime import Context
    from checker.readers import read_report

    older = read_report(str(ROOT / "tests/data/corpus/2023-hongzequ-renmin-zhengfu.pdf"))
    newer = read_report(str(ROOT / "tests/data/corpus/2024-hongzequ-renmin-zhengfu.pdf"))
    truth = read_report(str(ROOT / "tests/data/corpus/2024-hongzequ-renmin-zhengfu.truth.json"))
    data = {**newer.data, "previous": older.data, "twin": truth.data}

    def value(expression: str):
        return Compiler({}).compile(expression).evaluate(Context(data)).value

    assert value("applications.carried_over.total") == value("previous.applications.carried_forward.total") == 0
    assert 40 <= value("similarity(section(5), section_of(5, of='previous'))") < 90
    assert value("differences(active_disclosure, applications, review_litigation, of='twin')") == 0
    assert value("unchanged(applications, review_litigation, of='previous')") == 0
