"""A plain `pip install .` (a wheel, not the editable checkout) carries its schemas and rule packs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                             "--wheel-dir", str(out), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [built] = out.glob("report_lint-*.whl")
    return built


def test_wheel_carries_schemas_and_rules(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for schema in ("report-2019.schema.json", "report-2021.schema.json"):
        assert f"checker/_data/schemas/{schema}" in names
    shipped_rules = {n.rsplit("/", 1)[-1] for n in names if n.startswith("checker/_data/rules/")}
    assert shipped_rules >= {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert any(n.endswith("entry_points.txt") for n in names)
    # the reports `report-lint server` warms up on (checker/server.py)
    assert {"checker/_data/examples/mazhu-2020.txt", "checker/_data/examples/linxi-2022.txt"} <= set(names)


def test_installed_wheel_finds_its_data_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    code = ("import checker.resources as r, checker.schemas as s; "
            "print(r.data_dir('schemas')); print(r.data_dir('rules')); print(s.load_schema('2021')['title'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    schemas_dir, rules_dir, title = result.stdout.splitlines()
    assert schemas_dir.startswith(str(target)) and rules_dir.startswith(str(target))
    assert "30号" in title
