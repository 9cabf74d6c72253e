"""Check a batch on a Dask cluster, past what one machine's `--jobs` can do: the same discovery, the same
checks through the Python API (checker/api.py), and the same JSON document as `report-lint check --format
json` on stdout. Needs the `dask` extra (`pip install -e '.[dask]'`).

    python benchmarks/dask_batch.py 2024年报/ [--workers 2]                    # a local cluster
    python benchmarks/dask_batch.py 2024年报/ --scheduler tcp://10.0.0.5:8786  # an existing one

The reports are split into chunks; each Dask worker loads the rules once (api.check_chunk) and returns
each report packed: its result, and what the rules comparing reports (X1–X5, D10) read of it, compressed.
Here api.link runs those rules over the whole batch (the packed reports wait in a temporary file, so memory
does not grow with the batch), as `check` does. On a real cluster the paths must be readable from every worker (a shared
folder), or ship the bytes instead with api.check_bytes. No report-lint.toml is read: its rule folders go
in --rules (compare with `check --isolated`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker import __version__, api  # noqa: E402
from checker.batch import discover, unmatched_results  # noqa: E402
from checker.diagnostics import Severity  # noqa: E402
from checker.output.json import SHAPE_VERSION, summary_of  # noqa: E402


def chunks(paths: list[str], size: int) -> list[list[str]]:
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def run(paths: list[str], client: Any, rule_paths: tuple[str, ...] = (), size: int = 32) -> Iterator[api.CheckResult]:
    """Results in the order of `paths`, with the findings of the rules comparing reports."""
    futures = client.map(api.check_chunk, chunks(paths, size), rule_paths=rule_paths, packed=True, pure=False)

    def packed() -> Iterator[api.Packed]:   # each chunk's as soon as it is done, then let go on the cluster
        for index, future in enumerate(futures):
            futures[index] = None
            yield from future.result()
            future.release()

    yield from api.link(packed(), rule_paths)


def document(results: Iterable[api.CheckResult], fail_on: Severity = Severity.ERROR) -> dict[str, Any]:
    """The `check --format json` document of these results."""
    files, statuses, severities = [], Counter({s: 0 for s in ("pass", "warn", "fail", "unreadable")}), Counter()
    for result in results:
        files.append(result.to_json())
        statuses[result.status] += 1
        severities.update(Severity.parse(finding["severity"]) for finding in result.findings)
    code = 2 if statuses["unreadable"] else 1 if statuses["fail"] else 0
    return {"version": SHAPE_VERSION, "tool": {"name": "report-lint", "version": __version__}, "files": files,
            "summary": summary_of(len(files), severities, statuses, fail_on, code)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="report files, folders or glob patterns, as for `check`")
    parser.add_argument("--workers", type=int, default=2, help="local cluster: worker processes (default 2)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler instead of a local cluster")
    parser.add_argument("--rules", action="append", default=[], metavar="PATH", help="extra rule file or folder")
    parser.add_argument("--chunk", type=int, default=32, help="reports per task (default 32)")
    args = parser.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    found = discover(args.files)
    api.load_rules(args.rules)   # a bad rule file is one clear error here, not one per worker
    start = time.perf_counter()
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                     dashboard_address=None))
    with client:
        results = list(run(found.reports, client, tuple(args.rules), args.chunk))
    results += [api.to_result(r) for r in unmatched_results(found.unmatched)]
    seconds = time.perf_counter() - start
    doc = document(results)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    print(f"dask_batch: {len(results)} reports in {seconds:.1f} s (cluster start-up included), "
          f"{len(results) / seconds:.0f} reports/s", file=sys.stderr)
    return doc["summary"]["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
