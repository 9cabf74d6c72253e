"""Render report-lint's HTML page in headless Chromium: take a screenshot and collect console messages.

    python benchmarks/screenshot_html.py PAGE.html OUT.png

The page has no script and a Content-Security-Policy forbidding every outside resource, so any console
line at all (a blocked font, image or stylesheet, a parse error) means the page is not self-contained;
the script prints those lines and exits 1. The test suite uses `screenshot()` the same way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Chromium logs page console output as `[pid:tid:date:INFO:CONSOLE:line] "message", source: url (line)`
# (older builds: `:CONSOLE(line)]`).
_CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]\s*(.*)")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2400, timeout: float = 90) -> list[str]:
    """Write `png`; return the console messages Chromium logged while loading `page`."""
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="report-lint-chromium-") as profile:
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-extensions", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                   f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if not png.exists():
        raise RuntimeError(f"Chromium wrote no screenshot (exit {completed.returncode}): {completed.stderr[-2000:]}")
    return [match.group(1) for match in map(_CONSOLE.search, completed.stderr.splitlines()) if match]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    messages = screenshot(Path(args[0]), Path(args[1]))
    for message in messages:
        print(f"console: {message}")
    print(f"wrote {args[1]}; {len(messages)} console message(s)")
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
