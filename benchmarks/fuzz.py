"""Mutation fuzzing of every report form through the command line's own entry point.

    python benchmarks/fuzz.py --inputs 20000 [--seed 1] [--out /tmp/fuzz] [--timeout 20] [--memory-mib 1024]
                              [--only .pdf] [--only same-2021.html] [--ocr never]

Seeds are committed reports of each form (Word text export, flat text, HTML, Markdown, DOCX, PDF, JSON,
YAML); `--only` restricts the inputs to the seeds whose file name ends with one of its values (a form's
suffix, or one seed's name), still spliced with all the others; `--ocr` is passed to every command (a mutated
PDF whose text layer is destroyed is read by OCR when the extra is installed, at seconds of CPU per page,
README "Scanned reports"; `--ocr never` keeps that cost out of a run about the text readers). Each input is a seed mutated a few times (bytes flipped, slices deleted or repeated, hostile tokens
inserted: numbers of thousands of digits, huge exponents, deep nesting, terminal escapes, long lines; a
DOCX part mutated, duplicated or removed), then run as `report-lint check FILE --format F` or
`report-lint extract FILE` in a worker process that calls `checker.cli.main`.

Each outcome is classed:
- ok: exit 0, 1 or 2 with a one-line message (2: a clear error about the input);
- crash: an exception escaped `main`, an exit code other than 0/1/2, or a message of more than one line;
- internal: report-lint said it had a bug (an internal error);
- output: JSON output that does not parse, or holds Infinity/NaN; an ANSI escape from the input in text output;
- hang: more than --timeout seconds of CPU, or no answer within --wall-timeout seconds (the worker is then
  killed and restarted);
- memory: the worker's peak resident memory passed --memory-mib (the worker is restarted).
Every input that is not ok is kept in --out with its class in the name. Exit 1 when any was found.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "tests" / "data" / "forms"
SEEDS = [ROOT / "examples" / "mazhu-2020.txt", ROOT / "examples" / "linxi-2022.txt", ROOT / "examples" / "linxi-2022.json",
         FORMS / "same-2021-flat.txt", FORMS / "same-2021.html", FORMS / "same-2021-word.html", FORMS / "same-2021.md",
         FORMS / "same-2019.docx", FORMS / "same-2021.docx", FORMS / "same-2021.pdf", FORMS / "pdf-unruled-2019.pdf",
         ROOT / "tests" / "data" / "wild" / "2024-shanghai-shikewei.md"]
FORMATS = ["json", "text", "sarif", "csv", "junit", "html", "jsonl", "github"]

TOKENS = [b"9" * 25, b"9" * 4400, b"9" * 60000, b"1e999999", b"-1e-999999", b"1" + b"0" * 5000 + b".5",
          b"\xe6\x97\xa0", b"\t", b"\n\t", b"\n", b"-", b"/", b"NaN", b"Infinity", b".inf", b"1e308",
          b"[" * 3000, b"{\"a\":" * 3000, b"- " * 2000, b"<div>" * 3000, b"<table><tr><td>" * 500,
          b"> " * 2000, b"\x1b[31m", b"\x1b]8;;http://example.invalid/\x07link\x1b]8;;\x07", b"\x1b[2J",
          b"&a [1,2]", b"*a", b"!!python/object:os.system", b"!!set {a}", b"0x" + b"f" * 5000,
          b"2020-13-45", b"x" * 200000, "\u3000".encode() * 20000, b" " * 50000, b"\r", b"\x00",
          "（七）总计".encode(), "其他处理".encode(), "行政复议".encode(), "总计".encode(), b'"template": []',
          b'"source_map": {"/a": 1}', b'"title": 5', "信息处理费".encode(), b"%PDF-1.4", b"PK\x03\x04"]


def mutate_bytes(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(7)
        n = len(out)
        at = rng.randrange(n + 1)
        if kind == 0 and n:       # flip bytes
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(n)] = rng.randrange(256)
        elif kind == 1 and n:     # delete a slice
            out[at:at + rng.randint(1, max(1, n // 10))] = b""
        elif kind == 2 and n:     # repeat a slice (repeated lines, duplicated rows)
            piece = out[at:at + rng.randint(1, 400)]
            out[at:at] = piece * rng.choice((2, 10, 200, 2000))
        elif kind == 3:           # a hostile token
            out[at:at] = rng.choice(TOKENS)
        elif kind == 4:           # a number replaced by a hostile token
            digits = [i for i in range(max(0, at - 2000), min(n, at + 2000)) if 48 <= out[i] <= 57]
            if digits:
                i = rng.choice(digits)
                out[i:i + 1] = rng.choice(TOKENS[:6] + [b"-3", b"5.0", b"\xe6\x97\xa0"])
        elif kind == 5 and others:  # splice with another seed
            other = rng.choice(others)
            out[at:] = other[rng.randrange(len(other) + 1):]
        elif kind == 6 and n:     # truncate
            del out[at:]
    return bytes(out)


def mutate_zip(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = [(info, source.read(info)) for info in source.infolist()]
    except Exception:
        return mutate_bytes(data, rng, others)
    kind = rng.randrange(5)
    if kind == 0:                 # a part mutated
        i = rng.randrange(len(entries))
        entries[i] = (entries[i][0], mutate_bytes(entries[i][1], rng, []))
    elif kind == 1:               # a part duplicated
        entries.append(rng.choice(entries))
    elif kind == 2 and len(entries) > 1:  # a part removed
        entries.pop(rng.randrange(len(entries)))
    elif kind == 3:               # a bomb: a part of many zeros or repeated markup
        i = rng.randrange(len(entries))
        entries[i] = (entries[i][0], entries[i][1] + b" " * rng.choice((10**6, 5 * 10**7)))
    else:
        return mutate_bytes(data, rng, others)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            try:
                target.writestr(info.filename, content)
            except Exception:
                pass
    return out.getvalue()


def seeds() -> list[tuple[str, bytes]]:
    import yaml

    found = [(path.name, path.read_bytes()) for path in SEEDS if path.exists()]
    model = json.loads((ROOT / "examples" / "linxi-2022.json").read_text(encoding="utf-8"))
    found.append(("linxi-2022.yaml", yaml.safe_dump(model, allow_unicode=True, sort_keys=False).encode()))
    return found


# ── the worker: runs the CLI in-process, one input per line of standard input ──────────────────────

def worker() -> None:
    import resource
    import traceback

    from checker.cli import main

    for line in sys.stdin:
        job = json.loads(line)
        out, err = io.StringIO(), io.StringIO()
        real = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        start = time.perf_counter()
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        cpu_start = cpu.ru_utime + cpu.ru_stime
        escaped = None
        try:
            code = main(job["argv"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:  # noqa: BLE001 - what the fuzzer looks for
            code, escaped = None, traceback.format_exc()
        finally:
            sys.stdout, sys.stderr = real
        usage = resource.getrusage(resource.RUSAGE_SELF)
        json_ok = None
        if job["argv"][0] == "extract" or job["argv"][-2:] == ["--format", "json"]:
            try:   # checked here, on the whole output: only its end travels back
                json.loads(out.getvalue(), parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
                json_ok = True
            except ValueError:
                json_ok = False
        answer = {"code": code, "escaped": escaped, "stdout": out.getvalue()[-20000:], "stderr": err.getvalue()[-4000:],
                  "json_ok": json_ok,
                  "seconds": time.perf_counter() - start, "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu_start,
                  "peak_mib": usage.ru_maxrss // 1024}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class Worker:
    def __init__(self, memory_mib: int):
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        limit = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({(memory_mib * 4) << 20}, {(memory_mib * 4) << 20}))"
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"{limit}\nimport sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
                                   "import fuzz; fuzz.worker()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env, text=True)

    def run(self, argv: list[str], timeout: float) -> dict | None:
        self.process.stdin.write(json.dumps({"argv": argv}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        return json.loads(line) if line else {"code": None, "escaped": "worker died", "stdout": "", "stderr": "",
                                              "seconds": 0, "peak_mib": 0}

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def classify(answer: dict | None, argv: list[str], memory_mib: int, timeout: float) -> str:
    if answer is None or answer.get("cpu_seconds", 0) > timeout:
        return "hang"
    if answer["peak_mib"] > memory_mib:
        return "memory"
    if answer["escaped"]:
        return "memory" if "MemoryError" in answer["escaped"] else "crash"
    if answer["code"] not in (0, 1, 2):
        return "crash"
    err = answer["stderr"].strip()
    if "Traceback" in err or "内部错误" in err or "report this as a bug" in err:
        return "internal"
    if (len(err.splitlines()) > 1 and argv[0] == "check") or (answer["code"] == 2 and len(err.splitlines()) != 1 and argv[0] == "extract"):
        return "crash"  # a message is one line; extract says why it failed
    out = answer["stdout"]
    if answer["json_ok"] is False and (answer["code"] != 2 or out.strip()):
        return "output"
    if "\x1b" in out and argv[-1] == "text":
        return "output"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "report-lint-fuzz"))
    parser.add_argument("--timeout", type=float, default=20, help="CPU seconds per input before it counts as a hang")
    parser.add_argument("--wall-timeout", type=float, default=120, help="wall seconds before the worker is killed")
    parser.add_argument("--memory-mib", type=int, default=1024)
    parser.add_argument("--only", action="append", default=[], metavar="SUFFIX",
                        help="mutate only the seeds whose file name ends with SUFFIX (repeatable): .pdf, same-2021.pdf")
    parser.add_argument("--ocr", choices=("auto", "always", "never"),
                        help="passed to every command (default: report-lint's own, auto)")
    parser.add_argument("worker", nargs="?")
    args = parser.parse_args(argv)
    if args.worker == "worker":
        worker()
        return 0
    rng = random.Random(args.seed)
    corpus = seeds()
    chosen = [(name, data) for name, data in corpus if not args.only or name.endswith(tuple(args.only))]
    if not chosen:
        parser.error(f"no seed ends with {' or '.join(args.only)}: {', '.join(name for name, _ in corpus)}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="report-lint-fuzz-"))
    counts: Counter = Counter()
    by_form: Counter = Counter()
    slowest = 0.0
    peak = 0
    current = Worker(args.memory_mib)
    started = time.time()
    try:
        for n in range(args.inputs):
            name, data = rng.choice(chosen)
            others = [d for other, d in corpus if other != name]
            mutated = (mutate_zip if name.endswith(".docx") else mutate_bytes)(data, rng, others)
            path = scratch / f"input-{n}{Path(name).suffix}"
            path.write_bytes(mutated)
            fmt = rng.choice(FORMATS)
            command = ["extract", str(path)] if rng.random() < 0.15 else ["check", str(path), "--format", fmt]
            if args.ocr:
                command[1:1] = ["--ocr", args.ocr]     # before the file: the format stays last
            answer = current.run(command, args.wall_timeout)
            # wall time on a shared machine says little: a hang is --timeout seconds of CPU, and the worker is
            # killed only after --wall-timeout seconds
            outcome = classify(answer, command, args.memory_mib, args.timeout)
            counts[outcome] += 1
            by_form[(Path(name).suffix, outcome)] += 1
            if answer is not None:
                slowest = max(slowest, answer["cpu_seconds"])
                peak = max(peak, answer["peak_mib"])
            if outcome != "ok":
                keep = out / f"{outcome}-{args.seed}-{n}-{name}"
                shutil.copy(path, keep)
                detail = (answer or {}).get("escaped") or (answer or {}).get("stderr") or ""
                keep.with_name(keep.name + ".txt").write_text(f"{' '.join(command)}\n{detail}", encoding="utf-8")
            if outcome in ("hang", "memory") or (answer is not None and answer["peak_mib"] > args.memory_mib // 2):
                current.stop()
                current = Worker(args.memory_mib)
            path.unlink()
            if (n + 1) % 500 == 0:
                print(f"{n + 1} inputs, {time.time() - started:.0f} s: {dict(counts)}", flush=True)
    finally:
        current.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"inputs {args.inputs}, seed {args.seed}: {dict(counts)}; slowest {slowest:.1f} s of CPU; peak {peak} MiB")
    for (suffix, outcome), count in sorted(by_form.items()):
        if outcome != "ok":
            print(f"  {suffix}: {count} {outcome}")
    return 0 if counts["ok"] == args.inputs else 1


if __name__ == "__main__":
    sys.exit(main())
