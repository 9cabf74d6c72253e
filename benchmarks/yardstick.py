"""A fixed piece of pure Python (splitting text into rows, dicts of numbers, a sort), the kind of work a
report's check does, timed: the median of 5 runs, in seconds.

The same virtual machine runs the same code faster or slower from one hour to the next (its neighbours,
its clock): bench.py prints this beside its figures, so that two runs' rows are compared beside their
yardsticks, not alone."""

from __future__ import annotations

import statistics
import time

_TEXT = "\n".join(f"第{i}行\t{i * 7}\t{i % 13}\t政府信息公开" for i in range(20000))


def seconds() -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        rows = [line.split("\t") for line in _TEXT.splitlines()]
        table = {row[0]: int(row[1]) + int(row[2]) for row in rows}
        sorted(table.items(), key=lambda item: (item[1], item[0]))
        sum(len(key.strip()) for key in table)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    print(f"{seconds() * 1000:.1f} ms")
