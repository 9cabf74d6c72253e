"""bench.py's in-process measurements, each run in a fresh interpreter pinned to one core: reports per
second of the Python API over a list of files, the share of a PDF check spent in pdfplumber, and the
yardstick (benchmarks/yardstick.py).

    in_child("text", paths, seconds, env) -> {"reports": …, "seconds": …}
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yardstick

ROOT = Path(__file__).resolve().parent.parent


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _rate_child(paths: list[str], seconds: float) -> dict:
    """Reports per second of the Python API over `paths`, cycled until `seconds` have passed (at least
    one full pass), after one warm-up pass."""
    from checker import api

    rules = api.load_rules()
    for path in paths:
        api.check_path(path, rules)
    done, start = 0, time.perf_counter()
    while True:
        for path in paths:
            api.check_path(path, rules)
        done += len(paths)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return {"reports": done, "seconds": elapsed}


_LIBRARIES = (f"{os.sep}pdfplumber{os.sep}", f"{os.sep}pdfminer{os.sep}")


def _pdf_child(paths: list[str], seconds: float) -> dict:
    """Sample the checking thread's stack; a sample with a pdfplumber/pdfminer frame is the library's."""
    import threading

    from checker import api

    rules = api.load_rules()
    counts = {"library": 0, "own": 0, "reports": 0, "seconds": 0.0}
    done = threading.Event()
    ident: list[int] = []

    def work() -> None:
        ident.append(threading.get_ident())
        start = time.perf_counter()
        while time.perf_counter() < start + seconds:
            for path in paths:
                api.check_path(path, rules)
            counts["reports"] += len(paths)
        counts["seconds"] = time.perf_counter() - start   # sampled, so a little slower than unobserved
        done.set()

    sys.setswitchinterval(0.0001)
    worker = threading.Thread(target=work)
    worker.start()
    while not ident:
        time.sleep(0.001)
    while not done.is_set():
        time.sleep(0.0005)
        frame = sys._current_frames().get(ident[0])
        inside = False
        while frame is not None:
            if any(part in frame.f_code.co_filename for part in _LIBRARIES):
                inside = True
                break
            frame = frame.f_back
        counts["library" if inside else "own"] += 1
    worker.join()
    return counts


def in_child(kind: str, paths: list[str], seconds: float, env: dict[str, str]) -> dict:
    """Run one in-process measurement in a fresh interpreter pinned to one core, with environment `env`."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(paths, handle)
    try:
        completed = subprocess.run([sys.executable, __file__, kind, handle.name, str(seconds)],
                                   capture_output=True, text=True, cwd=ROOT, env=env)
    finally:
        os.unlink(handle.name)
    if completed.returncode != 0:
        raise SystemExit(f"{kind} measurement failed: {completed.stderr[-1500:]}")
    return json.loads(completed.stdout)


def _child_main(kind: str, list_file: str, seconds: float) -> int:
    _pin_to_one_core()
    paths = json.loads(Path(list_file).read_text(encoding="utf-8"))
    children = {"pdf": _pdf_child, "yardstick": lambda paths, seconds: {"seconds": yardstick.seconds()}}
    result = children.get(kind, _rate_child)(paths, seconds)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(_child_main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
