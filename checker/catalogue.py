"""`report-lint rules` and `explain ID` served from the rule cache folder.

What they print depends only on the rule packs, the phrase catalogue and report-lint's code (and, for
`explain`, on the working folder, against which it shows a rule file's path). So the text is kept under the
same key as the compiled rules (checker/engine/cache.py: the packs' paths and bytes, report-lint's version
and code), as its own small entry, and a later run prints it without loading the engine or a rule. Only
output is kept: a command that fails (an unknown id, a bad rule file) runs in full every time, and says so
as before. `--no-cache` computes it afresh and keeps nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


def cached_output(rule_paths: list[Path], name: str, make: Callable[[], str]) -> str:
    """The output called `name` for these rule paths: from the cache when it holds it, else `make()`'s,
    kept for the next run."""
    from checker.engine import cache, packs

    files = packs.rule_files(rule_paths)   # a missing rule path: the same RuleError as loading the rules
    contents = packs.pack_contents(files, packs.phrase_catalogue())
    if contents is None:
        return make()   # an unreadable pack: loading the rules says which
    key = cache.key_for(packs.key_material(contents))
    stored = cache.load(key, kind="catalogue")
    outputs = stored if isinstance(stored, dict) else {}
    text = outputs.get(name)
    if isinstance(text, str):
        return text
    text = make()
    outputs[name] = text
    cache.store(key, outputs, kind="catalogue")
    return text


def explain_name(rule_id: str) -> str | None:
    """The entry of `explain ID` in this working folder; None when there is no working folder to name."""
    try:
        return f"explain\0{os.getcwd()}\0{rule_id}"
    except OSError:
        return None
