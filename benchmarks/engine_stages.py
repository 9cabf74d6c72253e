"""Where one report's in-process check goes, stage by stage, in CPU time: reading (bytes → Document),
assembling (Document → Report), the rules, the schema check, and the whole `checker.api.check_path`.

    python benchmarks/generate_reports.py /tmp/gen --count 300 --seed 7
    python benchmarks/engine_stages.py '/tmp/gen/*/*.txt' [--rounds 3] [--profile]

Every stage is timed with time.process_time in this one process, over the same reports, after a warm-up
round (rule checks generate their code from their third report on: engine/codegen.py). Two trees are
compared side by side by running this file twice in a row, the second time with PYTHONPATH=OTHER_TREE. --profile adds cProfile's top functions of the
api path. Files no reader can open are left out of the stage figures (the api row counts every file).
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import pstats
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))   # after PYTHONPATH: another tree can be measured

from checker import api  # noqa: E402
from checker.assemble import build_report  # noqa: E402
from checker.deadlines import complete_facts  # noqa: E402
from checker.engine import evaluate  # noqa: E402
from checker.errors import InputError  # noqa: E402
from checker.readers import choose_reader  # noqa: E402
from checker.schemas import validate_report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pattern", help="a glob of report files, quoted")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    paths = sorted(glob.glob(args.pattern))
    if not paths:
        print(f"no file matches {args.pattern}", file=sys.stderr)
        return 2
    rules = api.load_rules()
    one_report = [rule for rule in rules if not rule.compares_reports]
    raws = [(path, Path(path).read_bytes()) for path in paths]
    totals = dict.fromkeys(("read", "assemble", "rules", "schema"), 0.0)
    api_time, read_ok = 0.0, 0
    clock = time.process_time
    for round_ in range(args.rounds + 1):   # round 0 warms the caches and the generated code
        for path, raw in raws:
            start = clock()
            try:
                spec = choose_reader(raw, path)
                document = spec.read(raw, path)
            except InputError:
                document = None
            read = clock()
            if document is not None:
                report = build_report(document, path=path, form=spec.name)
                built = clock()
                complete_facts(report, None)
                ruled = clock()
                evaluate(report, one_report)
                evaluated = clock()
                validate_report(report)
                validated = clock()
                if round_:
                    read_ok += 1
                    for stage, spent in zip(totals, (read - start, built - read, evaluated - ruled,
                                                     validated - evaluated)):
                        totals[stage] += spent
            start = clock()
            api.check_path(path, rules)
            if round_:
                api_time += clock() - start
    checked = args.rounds * len(paths)
    for stage, spent in totals.items():
        print(f"{stage:9s} {spent / max(read_ok, 1) * 1000:7.3f} ms CPU per report")
    print(f"api       {api_time / checked * 1000:7.3f} ms CPU per file: {checked / api_time:.0f} files/s on one core "
          f"({len(paths)} files × {args.rounds} rounds)")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for path in paths:
            api.check_path(path, rules)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
