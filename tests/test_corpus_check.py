"""`report-lint check` on the real published PDFs reports exactly the defects the corpus README lists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"

EXPECTED = {
    # 表三 in the 2019 layout (one （六） row) in a 2023 report; the misprinted label; 表四 totals of 0
    "2023-hongzequ-renmin-zhengfu": [
        ("D5", "error", None), ("READ-LABEL", "warning", None),
        ("R4", "error", "/review_litigation/review/total"),
        ("R6", "error", "/review_litigation/litigation_after_review/total"),
        # checked by hand: the report never mentions 考核, 评议, 责任追究 or 问责 (条例 art. 50, a warning)
        ("D4", "warning", "/sections/0"),
    ],
    "2024-hongzequ-renmin-zhengfu": [("D5", "error", None), ("READ-LABEL", "warning", None)],
    # consistent tables; H4 (rules/narrative.yaml) warns that section 1 has 1093 Chinese characters, over
    # 30号's "篇幅原则上不超过一千字" (a warning: "原则上" allows exceptions, so the exit code stays 0)
    # D4 as for 2023 洪泽区: the 淮安市人民政府 report never mentions 考核, 评议, 责任追究 or 问责
    "2024-huaianshi-renmin-zhengfu": [("H4", "warning", "/sections/0"), ("D4", "warning", "/sections/0")],
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_check_reports_the_real_defects(stem):
    result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json",
                             str(CORPUS / f"{stem}.pdf")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == (1 if any(s == "error" for _, s, _ in EXPECTED[stem]) else 0), result.stderr
    [file] = json.loads(result.stdout)["files"]
    findings = file["findings"]
    got = sorted((f["rule"], f["severity"]) for f in findings)
    assert got == sorted((rule, severity) for rule, severity, _ in EXPECTED[stem])
    for rule, _, cell in EXPECTED[stem]:
        finding = next(f for f in findings if f["rule"] == rule)
        assert finding["location"]["page"] is not None  # a clerk can find it in the PDF
        if cell:
            assert cell in finding["cells"]
    if stem.startswith("2023"):
        r4 = next(f for f in findings if f["rule"] == "R4")
        assert "10+1+0+0" in r4["message"]
        assert (r4["actual"], r4["expected"]) == (0, 11)   # printed 总计 0; 10+1+0+0 = 11 (README, page 4)


def test_the_readme_main_job_on_examples():
    """`report-lint check examples/`, as the README shows it: three consistent reports and one real defective one."""
    result = subprocess.run([sys.executable, "-m", "checker", "check", "examples/", "--format", "json", "--quiet"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    statuses = {f["path"]: f["status"] for f in json.loads(result.stdout)["files"]}
    assert statuses == {"examples/hongzequ-2023.pdf": "fail", "examples/linxi-2022.json": "pass",
                        "examples/linxi-2022.txt": "pass", "examples/mazhu-2020.txt": "pass"}
