"""Settings for the whole suite: reproducible hypothesis runs, and no silent skip in CI.

Hypothesis profiles:
- `ci` (the default, and always under CI=…): `derandomize=True`, so every run draws the same examples and
  a test cannot fail by chance; no example database, so a run depends on nothing left by an earlier one.
- `explore` (`HYPOTHESIS_PROFILE=explore python -m pytest`, optionally `--hypothesis-seed=N`): random
  draws and the local example database, to look for failures the fixed examples miss.

Under CI (the environment variable CI set and not "false"/"0"), a skipped test fails the session: CI must
exercise everything, including the browser test (.ci/run installs Chromium for it).

Every `report-lint` a test runs runs in its own process (REPORT_LINT_SERVER=off): none is answered by a
server the developer has running, and none starts one that would outlive the test. The server's own tests
(tests/test_server.py, tests/test_server_start.py) give their commands a socket folder of their own.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

os.environ["REPORT_LINT_SERVER"] = "off"

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


_profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile("ci" if in_ci() else _profile)

_skipped: list[str] = []


def pytest_runtest_logreport(report) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus) -> None:
    if in_ci() and _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if in_ci() and _skipped:
        terminalreporter.write_line(f"CI: {len(_skipped)} test(s) skipped; no test may skip in CI, so the run "
                                    f"fails: " + ", ".join(_skipped), red=True)
