"""The committed same-report fixtures of the HTML, Markdown and flat-text readers, and how each is made.

`python -m tests.support.forms` rewrites them; tests/readers check that the committed bytes are what the
renderers make now, so a fixture never drifts from the code that documents it."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "tests" / "data" / "forms"


def _same_2021_html() -> bytes:
    from tests.support.html_forms import official_page
    from tests.support.samples import linxi_2022

    return official_page(linxi_2022()).encode("utf-8")


def _same_2021_word_html() -> bytes:
    from tests.support.html_forms import word_page
    from tests.support.samples import linxi_2022

    return word_page(linxi_2022(), charset="gb2312").encode("gbk")


def _same_2021_md() -> bytes:
    from tests.support.markdown_forms import render
    from tests.support.samples import linxi_2022

    return render(linxi_2022(), shape="gfm").encode("utf-8")


def _same_2021_flat() -> bytes:
    from tests.support.flat_forms import render
    from tests.support.samples import linxi_2022

    return render(linxi_2022()).encode("utf-8")


FIXTURES: dict[str, Callable[[], bytes]] = {
    "same-2021.html": _same_2021_html,
    "same-2021-word.html": _same_2021_word_html,
    "same-2021.md": _same_2021_md,
    "same-2021-flat.txt": _same_2021_flat,
}


def main() -> None:
    FORMS.mkdir(parents=True, exist_ok=True)
    for name, make in FIXTURES.items():
        (FORMS / name).write_bytes(make())
        print(f"wrote {FORMS / name}")


if __name__ == "__main__":
    main()
