"""A batch's results held on disk while the rules comparing reports (checker/years.py) wait for the batch.

Those rules (the same organ's previous years, two files of one organ and year) can only run once every
report is read, so the batch's results cannot stream straight to the outputs. Holding every report's model
in memory made a 10,000-file batch five times the size of a 1,000-file one. Instead each checked report is
*packed* where it was checked (in a worker): the result as the outputs need it (`for_the_trip`) and the
*record* those rules read (its model and source map, path and form, without its lines or reader notes),
pickled (the record of a large batch's report compressed too), beside the few facts that group it (organ,
year, form). The batch's process appends the two blobs to one temporary file and keeps only their places
and those facts, a few dozen bytes a report; the linking pass reads back the records a report is compared
with and each result in turn.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from array import array
from dataclasses import dataclass, replace

from checker.config import Config
from checker.lint import FileResult
from checker.model import Report
from checker.organs import OrganMap, organ_name
from checker.trip import result_from, result_values


def for_the_trip(result: FileResult, lines: bool = True) -> FileResult:
    """What outputs need of a report, sent back from a worker: its heading facts, the source of the cells
    its findings name, its lines when an output prints code frames (`lines`: most of what is left, and
    of the time unpickling it); not the whole model, costlier to unpickle than render."""
    if result.report is None:
        return result
    return replace(result, report=replace(result.report, **_trip_changes(result, lines)))


def _trip_changes(result: FileResult, lines: bool) -> dict:
    """for_the_trip's changes to the report of `result`."""
    report = result.report
    named = {cell for d in result.diagnostics for cell in (*d.cells, d.suspect) if cell}
    source = {c: e for c, e in report.source_map.items() if c in named} if named else {}   # in printed order
    return {"data": {"report": report.data.get("report", {})}, "problems": [], "source_map": source,
            "lines": report.lines if lines else None}


@dataclass(frozen=True)
class Packed:
    """One checked report on its way to the linking pass (picklable: plain bytes and a few facts)."""

    path: str
    result: bytes              # for_the_trip(result) as plain values (checker/trip.py), pickled
    record: bytes | None       # the record the rules comparing reports read, pickled and compressed (None:
                               # unread, or not packed: checker/record_policy.py)
    organ: str | None          # the organ as printed, or as the configuration's [organs] maps it
    year: int | None
    form: str | None
    stamp: tuple[int, int] | None = None   # the file's size and modification time before it was checked,
                                           # for a record not packed: read again only if the file is unchanged


def record_of(report: Report) -> Report:
    """All a rule comparing reports reads of a report: the model and where each value was printed."""
    return Report(data=report.data, source_map=report.source_map, path=report.path, form=report.form)


def organ_of(report: Report, config: Config, mapping: OrganMap | None = None) -> str | None:
    """The organ a report belongs to: the configuration's [organs] mapping first, else as printed."""
    info = report.data.get("report") if isinstance(report.data.get("report"), dict) else {}
    printed = organ_name(info)
    if mapping is None and not config.organs:
        return printed   # nothing maps it (and no path of it needs resolving, for each report of a batch)
    mapping = mapping or OrganMap.from_table(config.organs)
    return mapping.lookup(printed, config.path_matcher(report.path)) or printed


def year_of(report: Report) -> int | None:
    info = report.data.get("report")
    year = info.get("year") if isinstance(info, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _dump(thing: object) -> bytes:
    return pickle.dumps(thing, protocol=pickle.HIGHEST_PROTOCOL)


# Records are what fills the temporary file: some 20 KB a text report pickled, 5 KB compressed (zlib at its
# fastest), and compressing one costs a tenth of a millisecond, a tenth of checking the report. A batch of
# this many reports or more compresses them (10,000 reports: 50 MB on disk instead of 200); a smaller one's
# file stays under 40 MB either way, and its workers save that time.
SQUEEZE_FROM = 2000


def squeezes(reports: int) -> bool:
    """Whether a batch of this many reports compresses its records."""
    return reports >= SQUEEZE_FROM


def pack(result: FileResult, config: Config, mapping: OrganMap | None = None, lines: bool = True,
         squeeze: bool = True, stamp: tuple[int, int] | None = None) -> Packed:
    """`stamp`: file_stamp(path) taken before the report was checked, to leave its record out (the linking
    pass reads the file again if the record is needed and the file is unchanged); None packs the record."""
    report = result.report
    if report is None:
        return Packed(result.path, _dump(result_values(result)), None, None, None, None)
    record = pack_record(report, squeeze) if stamp is None else None
    trip = result_values(result, _trip_changes(result, lines))   # for_the_trip(result), as plain values
    return Packed(result.path, _dump(trip), record, organ_of(report, config, mapping), year_of(report),
                  report.form, stamp)


def file_stamp(path: str) -> tuple[int, int] | None:
    """The size and modification time of a file (None: it cannot be looked at)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_size, status.st_mtime_ns


def pack_record(report: Report, squeeze: bool = True) -> bytes:
    blob = _dump(record_of(report))
    return zlib.compress(blob, 1) if squeeze else blob


def unpack_result(blob: bytes) -> FileResult:
    return result_from(pickle.loads(blob))


def unpack_record(blob: bytes) -> Report:
    """A record, compressed or not: a pickle (protocol 2 and up) begins with its PROTO opcode, 0x80, which
    no zlib stream does (its first byte is 0x78 at zlib's default window)."""
    return pickle.loads(blob if blob[:1] == b"\x80" else zlib.decompress(blob))


class Spill:
    """Blobs appended to one anonymous temporary file (gone when closed, or when the process ends), read
    back by the number `add` gave them. Memory: two integers a blob, and the file's buffer.

    The file's own buffer (io.BufferedRandom) gathers the appends and reads ahead for the linking pass,
    which reads the results in the order they were added: it is sought only when the pass switches between
    reading and appending (a record read again). A seek before every append flushed the buffer each time,
    a write a report: some 40 µs of the batch's process, while the workers needed its core."""

    BUFFER = 1 << 16

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="report-lint-", buffering=self.BUFFER)
        self._starts = array("q")
        self._sizes = array("q")
        self._end = 0
        self._appending = True   # the file's position is its end

    def add(self, blob: bytes) -> int:
        if not self._appending:
            self._file.seek(self._end)
            self._appending = True
        self._file.write(blob)
        self._starts.append(self._end)
        self._sizes.append(len(blob))
        self._end += len(blob)
        return len(self._starts) - 1

    def get(self, key: int) -> bytes:
        self._appending = False
        self._file.seek(self._starts[key])   # within what the buffer read ahead: no system call
        return self._file.read(self._sizes[key])

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spill":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
