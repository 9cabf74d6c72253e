"""Whether the workers of a batch pack each report's record for the rules comparing reports (checker/spill.py,
checker/years.py).

A record (a report's model and source map, pickled) costs a worker some 75 µs a text report, and the batch's
process as much again to take it in and write it to the temporary file: a tenth of a batch's time. Yet only a
report with another of its organ in the batch (another year, a second file of one year) is ever compared, and a
year's reports from a province's organs, one each, never are.

So a batch checked by workers begins with a sample spread over it, in its first chunks, packed with records.
When no two reports of the sample are of one organ, the rest are checked without records, until a report comes
back whose organ was met before: from then on every report packs its record again. A report that is compared
but came back without a record is read again by the linking pass, which costs more than packing it, so the
sample is large enough (twice the square root of the batch) that a batch holding several years of the same
organs, however its files are ordered, almost surely shows one organ twice in it. Only reports cheap to read
again go without a record (text, Markdown, JSON, YAML); a PDF, DOCX, HTML page or page image, or a file
without a suffix, always packs its record.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterable

from checker.organs import organ_forms

if TYPE_CHECKING:
    from checker.spill import Packed

# A batch this small packs every record: the sample would be most of it.
SAMPLED_FROM = 200


def sample_size(count: int) -> int:
    return min(count, math.ceil(2 * math.sqrt(count)))


class RecordPolicy:
    """The records of one batch checked by workers: `order` puts the sample first, `wanted` says whether a
    chunk about to be sent packs records, `saw` takes in each report as it comes back."""

    def __init__(self) -> None:
        self.sampled: set[str] = set()
        self.state = "all"        # "sampling" (records), "all" (records, for good) or "unless-repeated"
        self.seen: set[str] = set()   # the forms of every organ met (checker.organs.organ_forms)
        self.waiting = 0          # sampled reports not back yet

    def order(self, paths: list[str]) -> list[str]:
        """The batch's paths in the order to check them: the sample first (evenly spread), then the rest."""
        if len(paths) < SAMPLED_FROM:
            return paths
        size = sample_size(len(paths))
        picked = sorted({index * len(paths) // size for index in range(size)})
        sample = [paths[index] for index in picked]
        self.sampled, self.state, self.waiting = set(sample), "sampling", len(sample)
        chosen = set(picked)
        return sample + [path for index, path in enumerate(paths) if index not in chosen]

    def wanted(self) -> bool:
        return self.state != "unless-repeated"

    @property
    def deciding(self) -> bool:
        """The sample is not all back yet."""
        return self.state == "sampling"

    def saw(self, packed: Iterable[Packed]) -> None:
        if self.state == "all":
            return
        for item in packed:
            if item.organ:
                forms = organ_forms(item.organ)
                if not self.seen.isdisjoint(forms):
                    self.state = "all"   # one organ twice: the batch compares reports, records for the rest
                    self.seen.clear()
                    return
                self.seen |= forms
            if item.path in self.sampled:
                self.waiting -= 1
                if self.waiting == 0 and self.state == "sampling":
                    self.state = "unless-repeated"
