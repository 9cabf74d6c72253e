"""The suite's own settings (tests/conftest.py): a skip fails a CI run; hypothesis is derandomized in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

CONFTEST = Path(__file__).with_name("conftest.py")


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_one.py").write_text("import pytest\n\n\ndef test_ok():\n    pass\n\n\n"
                                          "@pytest.mark.skip(reason='not here')\ndef test_skipped():\n    pass\n")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_a_skipped_test_fails_the_run_under_ci(tmp_path):
    run = _run(tmp_path, "true")
    assert run.returncode == 1, run.stdout
    assert "no test may skip in CI" in run.stdout


def test_a_skipped_test_is_only_reported_outside_ci(tmp_path):
    run = _run(tmp_path, None)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 skipped" in run.stdout


def test_hypothesis_runs_are_derandomized_unless_exploring():
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" or os.environ.get("CI"):
        assert settings.default.derandomize and settings.default.database is None
    else:
        assert not settings.default.derandomize
