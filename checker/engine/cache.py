"""The rule cache: rule packs parsed, checked and compiled once, then reused until a pack or report-lint changes.

Parsing YAML with PyYAML, validating every rule against rules.schema.json (and importing jsonschema for
it) and compiling every expression costs far more than checking a report. So the loaded RuleSet is kept,
pickled, in the user's cache folder — `$XDG_CACHE_HOME/report-lint` or `~/.cache/report-lint`, else a
folder of the user's own in the temporary directory; never inside the installed package — under a key made
of the packs' paths and contents (shipped and user packs alike), report-lint's version and its code. A
changed, added or removed pack, or another version, is another key: it is loaded afresh and stored. A
cache file that cannot be read back is ignored and replaced. `--no-cache` bypasses all of this.

A pickle runs code when loaded, so only a folder that belongs to the user and that nobody else can write
to is used, and only a file the user owns.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from checker import __version__

FORMAT = 1          # bump when what is pickled changes shape in a way the code fingerprint would not show
_KEEP = 8           # cache files kept: a few rule-path combinations (with and without a province's rules)
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


def _code_fingerprint() -> bytes:
    """report-lint's own code as it is now: name, size and modification time of every module."""
    digest = hashlib.sha256()
    stack = [_PACKAGE]
    while stack:
        for entry in sorted(os.scandir(stack.pop()), key=lambda e: e.name):
            if entry.is_dir() and entry.name != "__pycache__":
                stack.append(entry.path)
            elif entry.name.endswith(".py"):
                info = entry.stat()
                digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.digest()


def key_for(packs: list[tuple[str, bytes]]) -> str:
    """The cache key of these packs (path as given and content), with report-lint's version and code."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    digest.update(_code_fingerprint())
    for name, content in packs:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def load(key: str) -> Any | None:
    """The object stored under `key`, or None when there is none or it cannot be read back."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"rules-{key[:40]}.pickle"
    try:
        with open(path, "rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None
            stored_key, value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:   # a truncated, corrupt or foreign file: ignored, and replaced by store()
        return None
    return value if stored_key == key else None


def store(key: str, value: Any) -> None:
    """Keep `value` under `key` (atomically: a reader sees the old file or the new one). A cache that cannot
    be written is no error: the next run loads the packs again."""
    folder = cache_dir()
    if folder is None:
        return
    path = folder / f"rules-{key[:40]}.pickle"
    try:
        data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        import tempfile   # only when storing

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    """Keep the most recently written cache files only."""
    files = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[_KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
