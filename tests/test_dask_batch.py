"""benchmarks/dask_batch.py: a batch checked on a local Dask cluster (two worker processes) prints the very
document `report-lint check --format json` prints for the same folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dask.distributed  # noqa: F401  (the test extra installs it: this test never skips)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_reports import make_batch  # noqa: E402
from tests.rules.test_years import write_pair  # noqa: E402


def test_a_dask_cluster_finds_what_check_finds(tmp_path):
    make_batch(tmp_path / "reports", count=80, seed=13)
    (tmp_path / "reports" / "linxi").mkdir()
    write_pair(tmp_path / "reports" / "linxi", defects=True)   # two years of one organ: X1, X5 compare them
    run = dict(cwd=tmp_path, capture_output=True, text=True, timeout=600)
    on_dask = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "dask_batch.py"), "reports",
                              "--workers", "2", "--chunk", "8"], **run)
    by_check = subprocess.run([sys.executable, "-m", "checker", "check", "reports", "--format", "json", "--quiet",
                               "--isolated"], **run)
    assert by_check.returncode == 2, by_check.stderr          # the generated batch holds unreadable files
    assert on_dask.returncode == by_check.returncode, on_dask.stderr
    assert on_dask.stdout == by_check.stdout
    assert '"status": "fail"' in on_dask.stdout
    assert '"rule": "X1"' in on_dask.stdout and '"rule": "X5"' in on_dask.stdout
