"""Make a folder of annual reports for tests and benchmarks: consistent ones, ones with a known defect, files
no reader can open, and files that are not reports at all.

Reports are built from the canonical model's catalogue (checker/model.py), so every number satisfies the
consistency relations R1–R9 unless a defect is planted on purpose, and then written as canonical JSON,
YAML, or the text that Word's "save as plain text" exports (tests/support/wordtext.py, the layout of
examples/mazhu-2020.txt).

    python benchmarks/generate_reports.py OUT_DIR [--count 200] [--seed 7]

writes the files, and with --manifest FILE the status each report must get and the files to be skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.model import (APPLICANT_COLUMNS, APPLICATION_ROWS, DISCLOSURE_ROWS, REVIEW_COLUMNS,  # noqa: E402
                           REVIEW_GROUPS, SECTION_HEADINGS)
from tests.support.wordtext import render as word_text  # noqa: E402  (the lead's Word-export layout)

PLACES = ("东湖", "江北", "临河", "青山", "石门", "柳溪", "白沙", "南岭", "西塘", "云台", "北关", "金川")
ORGAN_KINDS = ("镇人民政府", "街道办事处", "区人民政府", "县人民政府")
PERSON_COLUMNS = APPLICANT_COLUMNS[:-1]          # the six applicant columns, without 总计


# ── consistent data from the catalogue ──────────────────────────────────────────────────────────────

def _set(data: dict, path: tuple[str, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _applications(rng: random.Random, template: str) -> dict:
    """Table 三 where every column balances (R1, R2) and every row adds up (R3)."""
    leaves = [path for path, _ in APPLICATION_ROWS[template]
              if path[0] == "results" and path != ("results", "total")]
    table: dict = {}
    for column in PERSON_COLUMNS:
        busy = column in ("natural_person", "commercial") or rng.random() < 0.2
        leaf_values = {leaf: (rng.choice((0, 0, 0, 1) if leaf[1] == "other" else (0, 0, 0, 1, 2, 5, 9)) if busy else 0)
                       for leaf in leaves}   # 其他处理 is rare (H1 warns above 20%)
        handled = sum(leaf_values.values())
        carried_over = rng.choice((0, 0, 1)) if busy else 0
        carried_forward = rng.choice((0, 0, 1, 2)) if busy else 0
        new_received = handled + carried_forward - carried_over
        if new_received < 0:
            carried_forward -= new_received
            new_received = 0
        for leaf, value in leaf_values.items():
            _set(table, (*leaf, column), value)
        _set(table, ("results", "total", column), handled)
        _set(table, ("new_received", column), new_received)
        _set(table, ("carried_over", column), carried_over)
        _set(table, ("carried_forward", column), carried_forward)
    for path, _ in APPLICATION_ROWS[template]:
        row = table
        for part in path:
            row = row[part]
        row["total"] = sum(row[column] for column in PERSON_COLUMNS)
    return table


def _review(rng: random.Random) -> dict:
    table = {}
    for group in REVIEW_GROUPS:
        values = {column: rng.choice((0, 0, 0, 1, 2)) for column in REVIEW_COLUMNS if column != "total"}
        values["total"] = sum(values.values())
        table[group] = values
    return table


def _disclosure(rng: random.Random, template: str) -> dict:
    table: dict = {}
    for row in DISCLOSURE_ROWS[template]:
        values: dict[str, Any] = {}
        for column in row.columns:
            if row.key == "regulations":
                values[column] = 0               # only provinces and 设区的市 make 规章 (H2)
            elif column in ("made", "issued"):
                values[column] = rng.randint(0, 12)
            elif column == "published":
                values[column] = values.get("made", 0)
            elif column == "repealed":
                values[column] = rng.randint(0, 3)
            elif column in ("total_public", "in_force"):
                values[column] = rng.randint(20, 90)
            elif column == "items_prev_year":
                values[column] = rng.randint(5, 60)
            elif column == "change":
                values[column] = rng.randint(-3, 5)
            elif column in ("decisions", "projects"):
                values[column] = rng.randint(0, 300)
            elif column == "amount_10k_yuan":
                values[column] = round(rng.uniform(1, 900), 2)
        table[row.key] = values
    return table


def _sections(organ: str, year: int, applications: dict, review: dict) -> list[dict]:
    received = applications["new_received"]["total"]
    handled = applications["results"]["total"]["total"]
    reviews = review["review"]["total"]
    fees = f"{year}年，本机关无收取信息处理费情况。" if year >= 2021 else "本年度无其他需要报告的事项。"
    unpaid = applications["results"]["other"].get("unpaid_fee", {}).get("total") if year >= 2021 else 0
    if unpaid:   # N2: a fee notice that went unpaid is reported in section 六
        fees = f"{year}年，本机关发出收费通知{unpaid}份，申请人均逾期未缴纳，未收取信息处理费。"
    texts = {
        1: (f"{year}年，{organ}认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。"
            f"本年度共收到政府信息公开申请{received}件，办结{handled}件，被申请行政复议{reviews}件。"
            "政府信息管理方面，完善信息发布审核机制；平台建设方面，优化政府网站信息公开专栏；"
            "监督保障方面，将政务公开纳入年度绩效考核，开展工作考核、社会评议和责任追究，本年度未发生责任追究情况。"),
        2: "", 3: "", 4: "",
        5: ("存在的主要问题：一是部分栏目更新不及时，其中“重点领域信息公开”栏目有3个子栏目超过三个月未更新；"
            "二是政策解读形式较单一，图解、视频解读数量偏少。改进措施：一是建立栏目更新台账，每月核查一次；"
            f"二是{year + 1}年增加图解、视频等解读形式。"),
        6: fees,
    }
    return [{"number": number, "heading": SECTION_HEADINGS[number], "text": texts[number]} for number in range(1, 7)]


_SERIAL_DIGITS = "〇一二三四五六七八九"


def consistent_report(rng: random.Random, year: int, serial: int | None = None) -> dict:
    """`serial` makes the organ one of its own (东湖一二镇人民政府): reports of one organ in consecutive years or
    twice in one year are compared with each other (X1–X5, D10), and independent random reports never agree."""
    template = "2019" if year <= 2020 else "2021"
    place, kind = rng.choice(PLACES), rng.choice(ORGAN_KINDS)
    organ = place + ("".join(_SERIAL_DIGITS[int(d)] for d in str(serial)) if serial is not None else "") + kind
    applications = _applications(rng, template)
    review = _review(rng)
    return {
        "report": {
            "title": f"{organ}{year}年政府信息公开工作年度报告",
            "organ": organ,
            "year": year,
            "template": template,
            "signed_on": f"{year + 1}-01-20",
            "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        },
        "preamble": (f"本年报根据《中华人民共和国政府信息公开条例》要求编制，由“总体情况”、“主动公开政府信息情况”、"
                     f"“收到和处理政府信息公开申请情况”、“政府信息公开行政复议、行政诉讼情况”、“存在的主要问题及改进情况”、"
                     f"“其他需要报告的事项”等六个部分组成。本年报中所列数据统计期限自{year}年1月1日至{year}年12月31日止。"),
        "sections": _sections(organ, year, applications, review),
        "active_disclosure": _disclosure(rng, template),
        "applications": applications,
        "review_litigation": review,
    }


# ── planted defects: each breaks one relation a hard rule checks ────────────────────────────────────

def _bump_row_total(data: dict) -> str:            # R3 (and R1 in the 总计 column)
    data["applications"]["new_received"]["total"] += 1
    return "/applications/new_received/total"


def _bump_review_total(data: dict) -> str:         # R4
    data["review_litigation"]["review"]["total"] += 2
    return "/review_litigation/review/total"


def _bump_leaf(data: dict) -> str:                 # R2, R3 (and R1): a leaf that no total knows about
    data["applications"]["results"]["granted"]["natural_person"] += 3
    return "/applications/results/granted/natural_person"


def _negative_count(data: dict) -> str:            # R7 (and R4)
    data["review_litigation"]["litigation_direct"]["upheld"] = -1
    return "/review_litigation/litigation_direct/upheld"


DEFECTS: dict[str, Callable[[dict], str]] = {
    "row-total": _bump_row_total, "review-total": _bump_review_total,
    "leaf": _bump_leaf, "negative": _negative_count,
}


def _blank_cell(data: dict) -> str:                # D11 (warning): a blank is not 0, so R2/R3 cannot be assessed
    data["applications"]["results"]["granted"]["research"] = None
    return "/applications/results/granted/research"


# planted flaws that only a warning-level rule reports
WARNINGS: dict[str, Callable[[dict], str]] = {"blank-cell": _blank_cell}


def write_report(data: dict, path: Path) -> None:
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    elif path.suffix in (".yaml", ".yml"):
        import yaml

        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        # Word writes CRLF; the numbering alternates between the two styles seen in real exports
        numbering = "一、" if data["report"]["year"] % 2 else "1、"
        path.write_bytes(word_text(data, numbering=numbering).replace("\n", "\r\n").encode("utf-8"))


# ── files no reader can open, and files that are not reports ────────────────────────────────────────

def _unreadable_files(rng: random.Random) -> dict[str, bytes]:
    junk = bytes(rng.randrange(256) for _ in range(3000))
    return {
        "binary-junk.txt": b"\x00\x01\x02" + junk,                         # NUL bytes: a binary file
        "broken.docx": b"PK\x03\x04\x14\x00\x00\x00" + junk[:500],            # a zip cut short
        "undecodable.txt": b"\xef\xbb\xbf" + "年度报告".encode("gbk") * 40,    # UTF-8 BOM, GBK body
        "empty.txt": b"",
        "truncated.json": b'{"report": {"title": "\xe6\x9c\xaa', # JSON cut off mid-string
    }


NOT_REPORTS: dict[str, bytes] = {
    "scan.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "convert.py": b"print('not a report')\n",
    "统计表.xlsx": b"PK\x03\x04" + b"\x00" * 64,
    "notes.csv": "单位,年份\n东湖镇,2023\n".encode("utf-8"),
}


@dataclass
class Batch:
    expected: dict[str, str]      # file name (relative to the folder) → pass | warn | fail | unreadable
    skipped: list[str]
    defects: dict[str, str]       # file name → the cell the planted defect changed


def make_batch(folder: Path, count: int = 200, seed: int = 7, suffixes: tuple[str, ...] = (".txt", ".json", ".yaml"),
               defect_share: float = 0.25, warning_share: float = 0.15,
               other_forms: dict[str, tuple[bytes, str]] | None = None) -> Batch:
    """`count` files in all: the unreadable ones, `other_forms` (name → (content, expected status): reports
    in forms this generator does not write, such as DOCX, HTML or PDF fixtures), then generated reports;
    a share of these carries a defect (status fail) and another a flaw only a warning reports (warn)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    batch = Batch(expected={}, skipped=[], defects={})
    for name, (raw, status) in (other_forms or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(raw)
        batch.expected[name] = status
    unreadable = _unreadable_files(rng)
    for name, raw in unreadable.items():
        (folder / "unreadable").mkdir(exist_ok=True)
        (folder / "unreadable" / name).write_bytes(raw)
        batch.expected[f"unreadable/{name}"] = "unreadable"
    for name, raw in NOT_REPORTS.items():
        (folder / name).write_bytes(raw)
        batch.skipped.append(name)
    for index in range(count - len(batch.expected)):
        year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024))
        data = consistent_report(rng, year, serial=index)
        suffix = suffixes[index % len(suffixes)]
        subfolder = folder / str(year)
        subfolder.mkdir(exist_ok=True)
        name = f"{year}/{index:03d}-{data['report']['organ']}{suffix}"
        status = "pass"
        draw = rng.random()
        if draw < defect_share:
            defect = rng.choice(sorted(DEFECTS))
            batch.defects[name] = DEFECTS[defect](data)
            status = "fail"
        elif draw < defect_share + warning_share:
            flaw = rng.choice(sorted(WARNINGS))
            batch.defects[name] = WARNINGS[flaw](data)
            status = "warn"
        write_report(data, folder / name)
        batch.expected[name] = status
    return batch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--manifest", type=Path, help="write the expected statuses here (outside the folder, "
                                                      "or it would be checked as a report)")
    args = parser.parse_args(argv)
    batch = make_batch(args.folder, args.count, args.seed)
    if args.manifest:
        args.manifest.write_text(json.dumps({"expected": batch.expected, "skipped": batch.skipped,
                                             "defects": batch.defects}, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    statuses = {status: list(batch.expected.values()).count(status) for status in sorted(set(batch.expected.values()))}
    print(f"wrote {len(batch.expected)} files to {args.folder} ({statuses}), {len(batch.skipped)} non-report files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
