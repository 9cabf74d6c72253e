"""How fast report-lint is, as the ratios issue 11 sets targets for, all measured in one run. By hand, never
inside the tests:

    .venv/bin/python benchmarks/bench.py            # the full table (a few minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick    # the same rows, smaller batches (about a minute)

Every row is measured side by side with a bare interpreter start (`python -c pass`, the floor any command
pays) in the same run, so a slow or busy machine moves both:

1. `check` of one text report (examples/mazhu-2020.txt), wall time ÷ bare start, output piped.
2. Text reports per second in one process pinned to one core (the Python API, rules loaded once), over
   reports made by benchmarks/generate_reports.py.
3. A 1,000-file text batch (`check --jobs 2 --format json --quiet`), reports per second of wall time,
   start-up included.
4. HTML and DOCX reports per second on one core, over the form fixtures in tests/data/forms.
5. PDF: report-lint's own share of a PDF check beside pdfplumber's (and pdfminer's beneath it), by
   sampling the checking thread's stack every half millisecond: a sample inside pdfplumber/pdfminer is
   theirs, any other sample is report-lint's.
6. Peak memory (resident set of the largest process, workers included) of a 10,000-file batch ÷ a
   1,000-file batch: memory must not grow with the batch. The 10,000 files are ten hard-linked copies of the 1,000.
7. `report-lint rules` and `report-lint explain R1`, wall time ÷ bare start.
8. Rows 1, 3 and 7 are measured twice. As report-lint is installed (`-server`): the first command finds
   no server and starts one as it ends (checker/launch.py, checker/server.py), and that server answers
   the commands from the second on, as in a pre-commit setup or a clerk's terminal (a batch's first workers
   are then forked from the server's warm process); the bench checks that it answered every run. And
   with no server, as the first command of the day runs (REPORT_LINT_SERVER=off), which has no target of
   its own. The other rows never meet a server.

Times are medians of --repeat runs. The first line says the machine and its load: other work on the
machine skews every figure, the parallel ones most. Every command runs with a rule cache of its own
(XDG_CACHE_HOME in a temporary folder, filled by the first, warming run): the steady state a user's runs
are in, which other report-lint runs on the machine (other checkouts, other versions) cannot evict.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from in_child import in_child  # noqa: E402  (benchmarks/)

# (measure, must reach) as issue 11 states them; "≤" rows are ratios to keep low, "≥" rates to reach. The
# start-up rows and the batch are measured as report-lint is installed (`-server`: from the second command
# on, the server the first command started answers) and with no server (a first command, a machine where
# REPORT_LINT_SERVER=off), which has no target of its own: it is what the first command of the day pays.
TARGETS = {
    "one": ("check one text report ÷ bare start, no server (first command)", "", None),
    "text": ("text reports/s, in-process, one core", "≥", 1000),
    "batch": ("1,000-file text batch, --jobs 2, reports/s wall, no server (first command)", "", None),
    "html": ("HTML reports/s, one core", "≥", 300),
    "docx": ("DOCX reports/s, one core", "≥", 100),
    "pdf": ("PDF: report-lint's own share beside pdfplumber's", "≤", 0.20),
    "memory": ("peak memory, 10,000-file batch ÷ 1,000-file batch", "≤", 1.1),
    "rules": ("`report-lint rules` ÷ bare start, no server (first command)", "", None),
    "explain": ("`report-lint explain R1` ÷ bare start, no server (first command)", "", None),
    "one-server": ("check one text report ÷ bare start", "≤", 2.0),
    "rules-server": ("`report-lint rules` ÷ bare start", "≤", 2.0),
    "explain-server": ("`report-lint explain R1` ÷ bare start", "≤", 2.0),
    "batch-server": ("1,000-file text batch, --jobs 2, reports/s wall", "≥", 1500),
}
_STARTS = {"one": ["check", "examples/mazhu-2020.txt"], "rules": ["rules"], "explain": ["explain", "R1"]}
FORM_FIXTURES = {"html": ("same-2021.html", "same-2021-word.html"), "docx": ("same-2019.docx", "same-2021.docx")}
PDF_FILES = ("examples/hongzequ-2023.pdf", "tests/data/corpus/2024-huaianshi-renmin-zhengfu.pdf",
             "tests/data/forms/same-2021.pdf", "tests/data/forms/pdf-unruled-2019.pdf")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "report-lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


# XDG_CACHE_HOME set in main(). Bytecode caching on, as in an installed package: with PYTHONDONTWRITEBYTECODE
# set and .pyc files missing or stale (a checkout just edited), every run would compile the modules it imports.
# No report-lint server answers, except in the rows that say so (_SERVER_ENV, set in _measure)
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
_ENV["REPORT_LINT_SERVER"] = "off"
_SERVER_ENV: dict[str, str] = {}


def _wall(command: list[str], ok: tuple[int, ...] = (0, 1), env: dict[str, str] | None = None) -> float:
    """Wall seconds of one run; a batch with its planted unreadable files ends with 2, as it should."""
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                               env=env or _ENV)
    seconds = time.perf_counter() - start
    if completed.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return seconds


def interleaved(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall seconds of each command, the commands taking turns so that a burst of load elsewhere
    hits them all alike; a `-server` command runs where the bench's server answers."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            served = name.endswith("-server")
            times[name].append(_wall(command, env=_SERVER_ENV if served else None))
            if served:   # the server forks and warms its next spare now, in the background: not on the next run
                time.sleep(0.15)
    return {name: statistics.median(values) for name, values in times.items()}


# Runs the command and prints the peak resident set of its largest waited-for process (RUSAGE_CHILDREN keeps
# the largest waited-for descendant's). A fresh watcher per run, because that figure only ever grows.
_WATCHER = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
            "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def peak_mib(command: list[str]) -> float:
    """The peak resident set of the largest process the command runs. A long batch's workers are forked by a
    fork server that report-lint never waits for, so RUSAGE_CHILDREN does not see them: on Linux every
    process of the tree is also watched while it runs (its VmHWM, the kernel's own peak, read every 10 ms;
    a process living less than that is missed), and the larger figure counts."""
    watcher = subprocess.Popen([sys.executable, "-c", _WATCHER, *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT, env=_ENV)
    tree_kib = 0
    while watcher.poll() is None:
        tree_kib = max([tree_kib, *(_vm_hwm_kib(pid) for pid in _descendants(watcher.pid))])
        time.sleep(0.01)
    out, err = watcher.communicate()
    code, maxrss = (int(part) for part in out.split())
    if code not in (0, 1, 2):
        raise SystemExit(f"{' '.join(command)} failed ({code}): {err[-500:]}")
    waited = maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)   # ru_maxrss: bytes on macOS, KiB on Linux
    return max(waited, tree_kib / 1024)


def _descendants(pid: int) -> list[int]:
    """The processes under `pid` (Linux /proc; nothing elsewhere)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                for child in map(int, handle.read().split()):
                    found += [child, *_descendants(child)]
    except OSError:   # gone meanwhile, or no /proc
        pass
    return found


def _vm_hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


# ── the run ────────────────────────────────────────────────────────────────────────────────────────

def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or platform.machine()
    try:
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return (f"Python {platform.python_version()} on {platform.system()} {platform.machine()} ({cpu}), "
            f"{cores} cores, load average {load}")


def _link_copies(source: Path, target: Path, copies: int) -> int:
    """`copies` copies of the report files under `source`, hard-linked where the file system allows."""
    count = 0
    for index in range(copies):
        for path in sorted(source.rglob("*")):
            if path.is_file():
                dest = target / f"copy{index}" / path.relative_to(source)
                dest.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, dest)
                except OSError:
                    shutil.copyfile(path, dest)
                count += 1
    return count


# A national archive (README "Scale"): reports a year, and all of them since the 2019 template
ARCHIVE = {"a year": 200_000, "since 2019": 1_400_000}


def scale(rates: dict[str, float]) -> list[str]:
    """Core-hours to check the archive if every report were of one form, at this run's one-core rates."""
    lines = ["| form | reports/s, one core | core-hours for " + " | core-hours for ".join(
        f"{n:,} ({label})" for label, n in ARCHIVE.items()) + " |", "|---|---|" + "---|" * len(ARCHIVE)]
    for form, rate in rates.items():
        lines.append(f"| {form} | {rate:,.1f} | " + " | ".join(f"{n / rate / 3600:,.1f}" for n in ARCHIVE.values()) + " |")
    return lines


class _bench_server:
    """The `-server` rows run as a user's commands do, in a socket folder of the bench's own: the first
    command, finding no server, starts one as it ends (checker/launch.py), and that server must then have
    answered every run of those rows, or they would measure the caller running them itself."""

    def __init__(self, command: list[str], wanted: bool) -> None:
        self.command, self.wanted, self.folder = command, wanted, ""
        self.expected = 0   # runs the server must have answered so far

    def __enter__(self) -> "_bench_server":
        if self.wanted:
            self.folder = tempfile.mkdtemp(prefix="rl-bench-")   # short: a socket's path has a length limit
            _SERVER_ENV.update({name: value for name, value in _ENV.items() if name != "REPORT_LINT_SERVER"})
            _SERVER_ENV["XDG_RUNTIME_DIR"] = self.folder
            first = _wall([*self.command, *_STARTS["one"]], env=_SERVER_ENV)
            deadline = time.monotonic() + 60
            while self._status() is None:
                if time.monotonic() > deadline:
                    raise SystemExit("the first command started no report-lint server within a minute")
                time.sleep(0.1)
            print(f"  the first command (no server yet, the rule cache empty) took {first * 1000:.0f} ms and "
                  f"started a server, which answered {time.monotonic() - deadline + 60:.1f} s after it", flush=True)
        return self

    def _status(self) -> str | None:
        done = subprocess.run([*self.command, "server", "status"], env=_SERVER_ENV, capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None

    def check(self, runs: int) -> None:
        """These `runs` more were the server's to answer."""
        self.expected += runs
        if not self.wanted or not runs:
            return
        status = self._status() or ""
        served = int(status.split("执行了 ")[1].split(" ")[0]) if "执行了 " in status else 0
        if served < self.expected:
            raise SystemExit(f"the bench's report-lint server answered {served} of {self.expected} runs: {status}")

    def __exit__(self, *_) -> None:
        if self.wanted:
            subprocess.run([*self.command, "server", "stop"], env=_SERVER_ENV, stdout=subprocess.DEVNULL)
            shutil.rmtree(self.folder, ignore_errors=True)


def verdict(key: str, value: float) -> str:
    _, op, target = TARGETS[key]
    if target is None:
        return ""
    return "ok" if (value <= target if op == "≤" else value >= target) else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller batches (200 files, memory 2,000 ÷ 200) and shorter timings")
    parser.add_argument("--repeat", type=int, default=None, help="runs per wall-time figure (default 7, quick 3)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs for the batch rows (default 2)")
    parser.add_argument("--only", help="comma-separated rows to measure: " + ",".join(TARGETS))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="report-lint-bench-cache-") as cache:
        _ENV["XDG_CACHE_HOME"] = cache   # the rule cache of this run's commands (the first run of each fills it)
        return _measure(args)


def _measure(args: argparse.Namespace) -> int:
    repeat = args.repeat or (3 if args.quick else 7)
    only = set(args.only.split(",")) if args.only else set(TARGETS)
    command = _command()

    print(machine())
    print(f"run at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}{', --quick' if args.quick else ''}")
    print(f"  yardstick: {in_child('yardstick', [], 0, _ENV)['seconds'] * 1000:.1f} ms for benchmarks/yardstick.py's "
          "fixed pure-Python work, one core (the same machine is faster or slower from hour to hour)")
    rows: list[tuple[str, str, str, str]] = []
    rates: dict[str, float] = {}   # one-core reports/s per form, for the archive arithmetic

    def row(key: str, shown: str, value: float) -> None:
        label, op, target = TARGETS[key]
        goal = "" if target is None else f"{op} {target:g}" if key != "pdf" else f"{op} {target:.0%}"
        rows.append((label, shown, goal, verdict(key, value)))
        reach = f"must reach {goal:<8} {verdict(key, value)}" if goal else "(no target)"
        print(f"  {label:<72} {shown:>26}   {reach}", flush=True)

    starts = {"bare": [sys.executable, "-c", "pass"]}
    starts.update({key: [*command, *_STARTS[key]] for key in _STARTS if key in only})
    starts.update({f"{key}-server": [*command, *_STARTS[key]] for key in _STARTS if f"{key}-server" in only})
    with _bench_server(command, any(key.endswith("-server") for key in only)) as served:
        for name, command_run in starts.items():   # warm the file cache and this run's rule cache
            _wall(command_run, env=_SERVER_ENV if name.endswith("-server") else None)
        walls = interleaved(starts, repeat)
        served.check(sum(name.endswith("-server") for name in starts) * (repeat + 1))
        bare = walls["bare"]
        print(f"  bare interpreter start: {bare * 1000:.1f} ms (median of {repeat})")
        rows.append(("bare interpreter start (`python -c pass`)", f"{bare * 1000:.0f} ms", "", ""))
        for key in ("one", "one-server", "rules", "rules-server", "explain", "explain-server"):
            if key in walls:
                row(key, f"{walls[key] * 1000:.0f} ms = {walls[key] / bare:.2f}×", walls[key] / bare)
        _batches_and_forms(args, only, command, row, rates, served, repeat)

    print()
    print("| measure | measured | must reach | |")
    print("|---|---|---|---|")
    for label, shown, goal, mark in rows:
        print(f"| {label} | {shown} | {goal} | {mark} |")
    if rates:
        print()
        print("\n".join(scale(rates)))
    return 0 if all(mark in ("ok", "") for *_, mark in rows) else 1


def _batches_and_forms(args: argparse.Namespace, only: set[str], command: list[str], row, rates: dict[str, float],
                       served: _bench_server, repeat: int) -> None:
    seconds = 1.0 if args.quick else 3.0
    batch_size = 200 if args.quick else 1000
    from generate_reports import make_batch

    with tempfile.TemporaryDirectory(prefix="report-lint-bench-") as tmp:
        folder = Path(tmp) / "batch"
        made = make_batch(folder, count=batch_size, seed=3, suffixes=(".txt",))
        files = len(made.expected)
        if "text" in only:
            texts = sorted(str(folder / name) for name in made.expected if name.endswith(".txt")
                           and made.expected[name] != "unreadable")
            measured = in_child("text", texts, seconds, _ENV)
            rate = rates["text"] = measured["reports"] / measured["seconds"]
            row("text", f"{rate:,.0f}/s", rate)
        batch = [*command, "check", "--format", "json", "--quiet", f"--jobs={args.jobs}", str(folder)]
        for key in ("batch", "batch-server"):
            if key in only:
                env = _SERVER_ENV if key.endswith("-server") else None
                runs = max(1, repeat // 2)
                walls = []
                for _ in range(runs + 1):   # the first warms the file cache
                    walls.append(_wall(batch, ok=(2,), env=env))
                    if env is not None:
                        time.sleep(0.15)   # the server's next spare is made and warmed: not during the next run
                if env is not None:
                    served.check(runs + 1)
                wall = statistics.median(walls[1:])
                row(key, f"{files} in {wall:.2f} s = {files / wall:,.0f}/s", files / wall)
        for form in ("html", "docx"):
            if form in only:
                paths = [str(ROOT / "tests/data/forms" / name) for name in FORM_FIXTURES[form]]
                measured = in_child(form, paths, seconds, _ENV)
                rate = rates[form.upper()] = measured["reports"] / measured["seconds"]
                row(form, f"{rate:,.0f}/s", rate)
        if "pdf" in only:
            counts = in_child("pdf", [str(ROOT / p) for p in PDF_FILES], seconds * 2, _ENV)
            share = counts["own"] / max(1, counts["own"] + counts["library"])
            unobserved = in_child("rate", [str(ROOT / p) for p in PDF_FILES], seconds, _ENV)   # sampling slows it
            rates["PDF"] = unobserved["reports"] / unobserved["seconds"]
            row("pdf", f"{share:.0%} of {counts['own'] + counts['library']} samples, {rates['PDF']:.1f} PDFs/s", share)
        if "memory" in only:
            big = Path(tmp) / "big"
            _link_copies(folder, big, 10)
            memory = [*command, "check", "--format", "json", "--quiet", f"--jobs={args.jobs}"]
            _wall([*memory, str(folder)], ok=(2,))   # the rule cache filled: both batches measured warm
            small_mib = max(peak_mib([*memory, str(folder)]) for _ in range(2))
            big_mib = max(peak_mib([*memory, str(big)]) for _ in range(2))
            row("memory", f"{files * 10:,} files {big_mib:.1f} ÷ {files:,} files {small_mib:.1f} MiB = "
                          f"{big_mib / small_mib:.2f}", big_mib / small_mib)



if __name__ == "__main__":
    sys.exit(main())
