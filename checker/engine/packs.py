"""Which rule packs a run uses, and what their cache key is made of: the packs' paths and bytes and the
phrase catalogue's (said()'s phrases are compiled into the rules).

A light module (no YAML, no engine): `report-lint rules` and `explain` find their cached output with it
without loading a rule (checker/catalogue.py); engine/rules.py loads the rule set from the same list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from checker.errors import RuleError
from checker.resources import data_dir


def rule_files(extra: Iterable[Path] = ()) -> list[Path]:
    """The shipped packs (rules/*.yaml, in name order), then each extra file or every *.yaml in an extra folder."""
    files = sorted(data_dir("rules").glob("*.yaml"))
    for path in extra:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(str(path), "规则文件或文件夹不存在（no such rule file or folder）")
    return files


def phrase_catalogue() -> Path:
    return data_dir("rules") / "phrases" / "catalogue.yaml"


def pack_contents(files: list[Path], catalogue: Path) -> dict[Path, bytes] | None:
    """Every pack's bytes, then the phrase catalogue's; None when one cannot be read (loading it says why)."""
    try:
        contents = {path: Path(path).read_bytes() for path in files}
        contents[catalogue] = catalogue.read_bytes()
    except OSError:
        return None
    return contents


def key_material(contents: dict[Path, bytes]) -> list[tuple[str, bytes]]:
    """What engine/cache.py keys a cache entry by: each file's path as given, and its bytes."""
    return [(str(path), content) for path, content in contents.items()]
