"""The catalogue of narrative phrases (rules/phrases/catalogue.yaml) and `said(text, 'name')`, which reads
the number a named phrase states.

A phrase is data: its pattern (the number in one group), the words that may not share its clause, and the
catalogue's common qualifiers (其中, 分别, 上年 … make a number partial or another year's), time words
and subjects (全市, 我局, 本机关 … the whole scope or the organ itself). This module turns an entry into
one regular expression, so a rule reads `said(section(1), '收到申请') == applications.new_received.total`
instead of repeating a 400-character regex, and a province edits words, not Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from checker.engine import stretches
from checker.engine.functions import _number_value, function, number
from checker.engine.literals import holds_one, required_literals
from checker.engine.nodes import Const
from checker.engine.packs import phrase_catalogue
from checker.engine.runtime import Context, ExprError, Num
from checker.errors import RuleError


@dataclass(frozen=True)
class Phrase:
    name: str
    means: str
    regex: str
    # the phrase's own pattern, which any match of `regex` contains (the clause, qualifier, time and subject
    # parts before it capture nothing): a text it is not found in holds no match, said without the slower
    # whole regex. None when the parts before it capture a group.
    needs: str | None = None


def catalogue_path():
    return phrase_catalogue()


def _words(value: Any, where: str, path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise RuleError(path, f"{where} must be a list of words")
    for word in value:
        try:
            re.compile(word)
        except re.error as exc:
            raise RuleError(path, f"{where}: {word!r} is not a valid regular expression: {exc}") from None
    return value


def build_catalogue(document: Any, path: str) -> dict[str, Phrase]:
    """Check the catalogue's shape and build each phrase's regular expression; RuleError names the file."""
    if not isinstance(document, dict) or not isinstance(document.get("phrases"), dict) or not document["phrases"]:
        raise RuleError(path, "the catalogue needs a 'phrases' table (name → pattern, means, not_in_clause)")
    clause = document.get("clause") or {}
    start, chars = clause.get("start"), clause.get("chars")
    if not isinstance(start, str) or not isinstance(chars, str):
        raise RuleError(path, "clause: needs 'start' and 'chars' (regular expressions)")
    qualifiers = _words(document.get("qualifiers"), "qualifiers", path)
    times = _words(document.get("times"), "times", path)
    subjects = document.get("subjects") or {}
    prefixes = _words(subjects.get("prefixes"), "subjects.prefixes", path)
    scopes = _words(subjects.get("scopes"), "subjects.scopes", path)
    time = f"(?:{'|'.join(times)})?"
    subject = f"(?:(?:{'|'.join(prefixes)})(?:{'|'.join(scopes)}))?"
    qualified = f"(?!{chars}*?(?:{'|'.join(qualifiers)}))"
    phrases = {}
    for name, entry in document["phrases"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise RuleError(path, f"phrase {name!r} needs a 'pattern' (a regular expression with the number in a group)")
        unknown = set(entry) - {"pattern", "means", "not_in_clause"}
        if unknown:
            raise RuleError(path, f"phrase {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
        excluded = ""
        if entry.get("not_in_clause"):
            words = _words(entry["not_in_clause"], f"{name}.not_in_clause", path)
            excluded = f"(?!{chars}*?(?:{'|'.join(words)}))"
        regex = start + excluded + qualified + time + subject + time + entry["pattern"]
        try:
            whole = re.compile(regex)
        except re.error as exc:
            raise RuleError(path, f"phrase {name!r}: the pattern is not a valid regular expression: {exc}") from None
        if whole.groups == 0:
            raise RuleError(path, f"phrase {name!r}: put the number in a group, e.g. '申请(\\d+)件'")
        phrases[name] = Phrase(name, str(entry.get("means", "")), regex, _needs(entry["pattern"], whole))
    return phrases


def _needs(pattern: str, whole: re.Pattern) -> str | None:
    """`pattern` when it stands alone as it stands at the end of `whole` (the same groups, the same flags)."""
    try:
        alone = re.compile(pattern, whole.flags)
    except re.error:
        return None
    return pattern if alone.groups == whole.groups and alone.flags == whole.flags else None


_NEEDED: dict[tuple[str, str], tuple[re.Pattern, tuple]] = {}


def _needed(phrase: Phrase) -> tuple[re.Pattern, tuple] | None:
    """The phrase's own pattern, compiled, and the plain text any match of it contains (literals.py)."""
    if phrase.needs is None:
        return None
    key = (phrase.needs, phrase.regex)
    found = _NEEDED.get(key)
    if found is None:
        compiled = re.compile(phrase.needs, re.compile(phrase.regex).flags)
        found = _NEEDED[key] = (compiled, required_literals(compiled))
    return found


_catalogue: dict[str, Phrase] | None = None


def catalogue() -> dict[str, Phrase]:
    """The catalogue, read once per process (or taken from the rule cache: `seed`)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = _read_catalogue()
    return _catalogue


def loaded() -> dict[str, Phrase] | None:
    """The catalogue if this process has read it (the rule cache keeps it beside the rules that use it)."""
    return _catalogue


def seed(phrases: dict[str, Phrase]) -> None:
    """Use the catalogue as the rule cache kept it (keyed by the catalogue file's content too)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = phrases


def _read_catalogue() -> dict[str, Phrase]:
    import yaml

    path = catalogue_path()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), f"cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(str(path), f"YAML syntax error: {exc}") from None
    return build_catalogue(document, str(path))


def _check_phrase(args: list[Any], keywords: dict[str, str], table: str | None) -> None:
    if not isinstance(args[1], Const):
        raise ExprError("said(text, '说法名'): the phrase is a quoted name from rules/phrases/catalogue.yaml")
    name = args[1].value
    if name not in catalogue():
        raise ExprError(f"said(): unknown phrase {name!r} (known: {', '.join(catalogue())})")


def _said_value(ctx: Context, args: list[Any], kw: dict) -> int | None:
    phrase = catalogue()[args[1]]
    needed = _needed(phrase)
    text = args[0]
    if needed is not None and isinstance(text, str):
        pattern, factors = needed
        if not holds_one(factors, text):
            return None   # no match of its own pattern, so none of the whole regex: not stated
        # no match of the whole regex either: not stated (what _number_value would say); not searched when
        # the whole regex is searched only in the clauses a match can be in (stretches.py): no shorter
        if stretches.windowed(phrase.regex) is None and pattern.search(text) is None:
            return None
    return _number_value(ctx, [args[0], phrase.regex], kw)


@function("said", ("str", "str"), "num", check=_check_phrase, fast=_said_value)
def said(ctx: Context, args: list[Any], kw: dict) -> Num:
    """said(text, '说法名'): the number the text states in a phrase of the catalogue
    (rules/phrases/catalogue.yaml: 收到申请, 办结申请, 结转下年度, 行政复议, 行政诉讼, 予以公开及部分公开), read
    only from a clause whose subject is the whole scope or the organ itself and that no qualifier (其中,
    分别, 上年, 同比, 累计 …) makes partial. Blank (not assessable) when the phrase is not there, or is there
    with different numbers; in a message it is the sentence it was read from."""
    text, name = args
    return number(ctx, [text, catalogue()[name].regex], kw)
