"""Where the start-up of one command goes, and the floor under it (issue 11's "÷ bare start" rows). By hand:

    .venv/bin/python benchmarks/startup_floor.py                      # check of one text report
    .venv/bin/python benchmarks/startup_floor.py rules                # or any other report-lint arguments
    .venv/bin/python benchmarks/startup_floor.py --repeat 41 explain R1

The command is run once to learn which modules it loads; then these interpreters take turns (so a burst
of load elsewhere hits them all alike), each figure the median wall and CPU time of --repeat runs, ÷ the
bare start measured in the same run:

1. bare: `python -c pass`, what every command pays;
2. + `re`: the one library any reader needs;
3. stdlib floor: every module from outside report-lint that the command loads (the standard library, and
   PyYAML, rich … if it loads them), imported and nothing else: what the command would cost if
   report-lint's own modules and work were free;
4. all imports: the same plus every report-lint module the command loads: the cost of importing alone;
5. the command itself (`report-lint …`, output to a pipe).

4 − 3 is the price of report-lint's module bodies (class creation, dataclasses, regular expressions
compiled at import); 5 − 4 is the work (reading the rules, the report, the checks and the output).

Every interpreter runs with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from its environment), as
an installed package has its .pyc files: with it set and the .pyc files missing or stale, each run would
compile every module it imports anew, and that is what the figures would measure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["check", "examples/mazhu-2020.txt"]

_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
_PROBE = ("import io, sys\nfrom checker.cli import main\nsys.stdout = io.StringIO()\nmain(sys.argv[1:])\n"
          "sys.stdout = sys.__stdout__\nprint(' '.join(sorted(sys.modules)))\n")


def loaded_modules(argv: list[str]) -> list[str]:
    for _ in range(2):   # the first run may fill the rule cache
        done = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True, text=True,
                              env=_ENV)
    before = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, env=_ENV).stdout.split()
    return [m for m in done.stdout.split() if m not in before and m != "__main__"]


def _importable(name: str) -> bool:
    return not any(part.startswith("_") and part != "__init__" for part in name.split(".")[1:]) or name.startswith("checker")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENV)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs per figure (default 21)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="report-lint arguments (default: check one text report)")
    args = parser.parse_args(argv)
    command = args.command or DEFAULT
    modules = loaded_modules(command)
    ours = [m for m in modules if m == "checker" or m.startswith("checker.")]
    others = [m for m in modules if m not in ours and _importable(m)]
    python = sys.executable
    script = Path(python).parent / "report-lint"
    runs = {
        "bare start (python -c pass)": [python, "-c", "pass"],
        "+ import re": [python, "-c", "import re"],
        f"stdlib floor ({len(others)} modules from outside report-lint)": [python, "-c", _imports(others)],
        f"all imports (+ {len(ours)} report-lint modules)": [python, "-c", _imports(others + ours)],
        f"report-lint {' '.join(command)}": [str(script) if script.exists() else python, *([] if script.exists() else ["-m", "checker"]), *command],
    }
    for run in runs.values():
        timed(run)   # warm the file cache
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            wall, cpu = timed(run)
            walls[name].append(wall)
            cpus[name].append(cpu)
    bare_wall = statistics.median(walls["bare start (python -c pass)"])
    bare_cpu = statistics.median(cpus["bare start (python -c pass)"])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load}, median of {args.repeat}")
    print(f"{'':64} {'wall':>9} {'÷ bare':>7}  {'CPU':>9} {'÷ bare':>7}")
    for name in runs:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"{name:64} {wall * 1000:7.1f}ms {wall / bare_wall:6.2f}×  {cpu * 1000:7.1f}ms {cpu / bare_cpu:6.2f}×")
    return 0


def _imports(modules: list[str]) -> str:
    """Import each module, skipping one that cannot be imported on its own (a platform's private helper)."""
    return ("import importlib\nfor name in %r:\n    try:\n        importlib.import_module(name)\n"
            "    except Exception:\n        pass\n" % (modules,))


if __name__ == "__main__":
    sys.exit(main())
