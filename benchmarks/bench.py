"""How fast report-lint starts and how fast it screens a folder. Run by hand, never inside the tests:

    .venv/bin/python benchmarks/bench.py [--reports 200] [--repeat 5] [--jobs 1,0]

1. A bare interpreter start (`python -c pass`), the floor any command pays.
2. One check of one text report (examples/mazhu-2020.txt), as a user runs it: the gap to (1) is what
   report-lint itself costs. Heavy libraries (lxml, python-docx, pdfplumber) must not load here.
3. A batch of generated reports (benchmarks/generate_reports.py) with each --jobs value (0 = all cores):
   reports per second and peak memory, the resident set of the largest process (with several workers
   the total is roughly that times the number of workers).

Times are the median of --repeat runs, measured around the whole process, start-up included.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_reports import make_batch  # noqa: E402


def _command() -> list[str]:
    script = Path(sys.executable).parent / "report-lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


# Runs the command and prints the peak resident set of its largest process. A fresh watcher per run,
# because RUSAGE_CHILDREN only ever grows within one process.
_WATCHER = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
            "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def timed(command: list[str], repeat: int, ok_codes: tuple[int, ...] = (0, 1, 2)) -> tuple[float, float]:
    """(median seconds, peak resident MiB of the largest process) over `repeat` runs of a fresh process.

    The watcher's own start (one bare interpreter) is measured apart and taken off."""
    durations, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-c", _WATCHER, *command], capture_output=True, text=True, cwd=ROOT)
        durations.append(time.perf_counter() - start)
        code, maxrss = (int(part) for part in completed.stdout.split())
        if code not in ok_codes:
            raise SystemExit(f"{' '.join(command)} failed ({code}): {completed.stderr[-500:]}")
        peaks.append(maxrss)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024   # ru_maxrss: bytes on macOS, KiB on Linux
    return statistics.median(durations), max(peaks) / scale


def bare_start(repeat: int) -> float:
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        durations.append(time.perf_counter() - start)
    return statistics.median(durations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", default="1,0", help="comma-separated --jobs values; 0 = all cores (default 1,0)")
    args = parser.parse_args(argv)
    command = _command()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    # other work on the machine skews every figure, parallel ones most: the load average says how much
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {cores} cores{load}")

    watcher = bare_start(args.repeat)  # the watcher's own start, taken off every figure below
    bare, bare_rss = timed([sys.executable, "-c", "pass"], args.repeat)
    bare -= watcher
    print(f"{'bare interpreter start':<44}{bare * 1000:8.0f} ms {bare_rss:7.1f} MiB")
    one, one_rss = timed([*command, "check", "--format", "json", "examples/mazhu-2020.txt"], args.repeat)
    one -= watcher
    print(f"{'check one text report (mazhu-2020.txt)':<44}{one * 1000:8.0f} ms {one_rss:7.1f} MiB"
          f"   (report-lint's own cost: {(one - bare) * 1000:.0f} ms)")

    mixes = {"text, JSON and YAML": (".txt", ".json", ".yaml"), "text only": (".txt",)}
    for label, suffixes in mixes.items():
        with tempfile.TemporaryDirectory(prefix="report-lint-bench-") as folder:
            made = make_batch(Path(folder), count=args.reports, seed=3, suffixes=suffixes)
            for jobs in (int(j) for j in args.jobs.split(",")):
                seconds, rss = timed([*command, "check", "--format", "json", "--quiet", f"--jobs={jobs or cores}",
                                      folder], max(1, args.repeat // 2))
                seconds -= watcher
                name = f"{len(made.expected)} files, {label}, --jobs {jobs or cores}"
                print(f"{name:<44}{seconds * 1000:8.0f} ms {rss:7.1f} MiB {len(made.expected) / seconds:8.1f} reports/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
