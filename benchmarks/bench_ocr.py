"""What OCR costs per page: a corpus report rendered as an image-only PDF (as tests/readers/test_ocr.py
makes them), read by `report-lint extract` in a fresh process; wall time, CPU time and peak memory.

    .venv/bin/python benchmarks/bench_ocr.py [--dpi 150] [--stem 2024-huaianshi-renmin-zhengfu]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"


def scan(stem: str, dpi: int) -> tuple[bytes, int]:
    document = pypdfium2.PdfDocument(CORPUS / f"{stem}.pdf")
    pictures = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    out = io.BytesIO()
    pictures[0].save(out, format="PDF", save_all=True, append_images=pictures[1:], resolution=dpi)
    return out.getvalue(), len(pictures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--stem", default="2024-huaianshi-renmin-zhengfu")
    args = parser.parse_args()
    raw, pages = scan(args.stem, args.dpi)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scan.pdf"
        path.write_bytes(raw)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "checker", "extract", str(path)], capture_output=True,
                              cwd=ROOT, env={**os.environ, "REPORT_LINT_OCR": "auto"})
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        return 1
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{args.stem} at {args.dpi} dpi: {pages} pages, {wall:.1f} s wall ({wall / pages:.1f} s/page), "
          f"{cpu:.1f} s CPU ({cpu / pages:.1f} s/page), peak {after.ru_maxrss / 1024:.0f} MiB, "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
