"""The rule cache: rule packs parsed, checked and compiled once, then reused until a pack or report-lint changes.

Parsing YAML with PyYAML, validating every rule against rules.schema.json (and importing jsonschema for
it) and compiling every expression costs far more than checking a report. So the loaded RuleSet is kept,
pickled, in the user's cache folder — `$XDG_CACHE_HOME/report-lint` or `~/.cache/report-lint`, else a
folder of the user's own in the temporary directory; never inside the installed package — under a key made
of the packs' paths and contents (shipped and user packs alike), report-lint's version and its code. A
changed, added or removed pack, or another version, is another key: it is loaded afresh and stored. A
cache file that cannot be read back is ignored and replaced. `--no-cache` bypasses all of this.

The key is kept whole in its file (the packs' bytes included, about as many bytes as the pickle) and
compared exactly when the file is read, so two sets of packs can never be taken for each other; the file
is named by a checksum of the key (zlib's CRC-32 and Adler-32), and a clash of names only means a reload.
No cryptographic hash is needed, and none is loaded (hashlib's OpenSSL costs a few ms of every start).
`rules` and `explain` keep their output in a second kind of entry under the same key (checker/catalogue.py).

A pickle runs code when loaded, so only a folder that belongs to the user and that nobody else can write
to is used, and only a file the user owns.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path
from typing import Any

from checker import __version__

FORMAT = 2          # bump when what is pickled changes shape in a way the code fingerprint would not show
_KEEP = 8           # cache files kept of each kind: a few rule-path combinations (with and without a province's rules)
# kind of entry → file suffix: the compiled RuleSet is pickled; `rules` and `explain` output (str in dicts) is
# marshalled, which costs no import
_SUFFIX = {"rules": "pickle", "catalogue": "marshal"}
_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """The first usable cache folder, created if need be; None when there is none (then nothing is cached)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if _usable(Path(base) / "report-lint"):
        return Path(base) / "report-lint"
    # the fallback is looked for only when needed: finding the temporary folder writes a probe file there
    import tempfile

    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    folder = Path(tempfile.gettempdir()) / f"report-lint-{user}"
    return folder if _usable(folder) else None


def _usable(folder: Path) -> bool:
    try:
        folder = folder.resolve()
        if folder == _PACKAGE or _PACKAGE in folder.parents:
            return False   # never write inside the installed package
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):
        return False
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return False   # someone else's, or writable by others: a pickle from there could run their code
    return os.access(folder, os.W_OK | os.X_OK)


_fingerprint: list[str] = []


def code_fingerprint() -> list[str]:
    """report-lint's code as this process found it when it first asked: the code it runs, however often
    it loads rules (the report-lint server, checker/server.py, refuses commands once `scan_code` differs
    from what it found at its start, so its forks can take its answer as theirs)."""
    if not _fingerprint:
        _fingerprint.extend(scan_code())
    return _fingerprint


def scan_code() -> list[str]:
    """report-lint's own code as it is now: name, size and modification time of every module."""
    entries = []
    stack = [_PACKAGE]
    while stack:
        for entry in sorted(os.scandir(stack.pop()), key=lambda e: e.name):
            if entry.is_dir() and entry.name != "__pycache__":
                stack.append(entry.path)
            elif entry.name.endswith(".py"):
                info = entry.stat()
                entries.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n")
    return entries


def key_for(packs: list[tuple[str, bytes]]) -> bytes:
    """The cache key of these packs (path as given and content), with report-lint's version and code: all
    of it, each pack's bytes after its path and length, so no two different inputs make the same key."""
    parts = [f"{FORMAT}\0{__version__}\0{sys.version}\0{''.join(code_fingerprint())}\0".encode("utf-8", "surrogateescape")]
    for name, content in packs:
        parts += [name.encode("utf-8", "surrogateescape"), b"\0%d\0" % len(content), content]
    return b"".join(parts)


def _file(folder: Path, key: bytes, kind: str) -> Path:
    return folder / f"{kind}-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.{_SUFFIX[kind]}"


# The entries this process has read: cache file → (key, the file's identity then, the object). A command
# loads its rule set more than once (the batch, the rules comparing reports); while the file is the one it
# read, the same object serves (its compiled closures too) instead of another unpickling. What this process
# stores is not kept: the next load reads it back, as a later run would.
_recent: dict[Path, tuple[bytes, tuple[int, int, int], Any]] = {}


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_ino, info.st_size, info.st_mtime_ns


def load(key: bytes, kind: str = "rules") -> Any | None:
    """The object stored under `key`, or None when there is none or it cannot be read back."""
    folder = cache_dir()
    if folder is None:
        return None
    path = _file(folder, key, kind)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None
            recent = _recent.get(path)
            if recent is not None and recent[1] == _identity(info) and recent[0] == key:
                return recent[2]
            stored_key, value = _serializer(kind).load(handle)
    except FileNotFoundError:
        return None
    except Exception:   # a truncated, corrupt or foreign file: ignored, and replaced by store()
        return None
    if stored_key != key:
        return None
    _recent[path] = (key, _identity(info), value)
    return value


def _serializer(kind: str) -> Any:
    """pickle for the compiled rules; marshal (built in: nothing to import) for `rules` and `explain` output."""
    if kind == "rules":
        import pickle

        return pickle
    import marshal

    return marshal


def store(key: bytes, value: Any, kind: str = "rules") -> None:
    """Keep `value` under `key` (atomically: a reader sees the old file or the new one). A cache that cannot
    be written is no error: the next run loads the packs again."""
    folder = cache_dir()
    if folder is None:
        return
    path = _file(folder, key, kind)
    try:
        data = _serializer(kind).dumps((key, value))
        import tempfile   # only when storing

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder, kind)
    except OSError:
        return


def _prune(folder: Path, kind: str) -> None:
    """Keep the most recently written cache files of a kind only."""
    files = sorted(folder.glob(f"{kind}-*.{_SUFFIX[kind]}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[_KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
