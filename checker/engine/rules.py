"""Rule files: YAML, validated against schemas/rules.schema.json, expressions compiled once when loaded.

Every mistake in a rule file is a RuleError naming the file and line (exit code 2): a misspelt key, an
unknown cell path, an expression that does not parse or mixes types, an unknown message placeholder, a
duplicate id. A rule never turns its own mistakes into findings about a report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from checker.diagnostics import Severity
# functions_reports registers its functions, which compiled rules call, whether they come from the cache or
# the parser (checker.engine.expr, imported only to compile a pack)
from checker.engine import cache as rule_cache, functions_reports as _functions_reports, phrases
from checker.engine.checks import CHECK_KINDS, Check
from checker.engine.packs import key_material, pack_contents, rule_files
from checker.engine.runtime import ExprError
from checker.engine.yaml_lines import LineDict, line_at, load_yaml
from checker.errors import RuleError
from checker.resources import schema_path

if TYPE_CHECKING:
    import jsonschema

_NAMES_OTHER_REPORT = re.compile(r"\b(?:previous2?|twin)\b")

# keys that describe the rule; every other key of a rule is a key of its (single) check
META_KEYS = ("id", "title", "severity", "source", "explanation", "soften_when", "examples", "checks")


@dataclass
class Rule:
    id: str
    title: str
    severity: Severity
    source: str
    explanation: str
    checks: list[Check]
    file: str
    line: int
    soften_when: Any = None          # compiled expression: when true the rule reports a warning at most
    soften_text: str | None = None
    examples: dict[str, list[dict]] = field(default_factory=dict)
    check_specs: list[dict] = field(default_factory=list)   # the checks as written, for `explain`

    @cached_property
    def compares_reports(self) -> bool:
        """It names another report (previous.…, twin.…, of='previous'): checker.years runs it on a batch.
        Asked for every report; worked out once (from the checks as written, which do not change)."""
        return any(_NAMES_OTHER_REPORT.search(str(spec)) for spec in self.check_specs)


@dataclass
class RuleSet:
    rules: list[Rule]
    phrases: dict | None = None   # the phrase catalogue as the rules' said() read it (kept in the rule cache)

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id.upper() == rule_id.upper()), None)

    def in_id_order(self) -> list[Rule]:
        """D1 … D11, R1 … R9: letters first, then the number as a number."""
        def key(rule: Rule) -> tuple:
            head = rule.id.rstrip("0123456789")
            tail = rule.id[len(head):]
            return (head, int(tail) if tail else -1, rule.id)
        return sorted(self.rules, key=key)


@cache
def _meta_schema() -> dict:
    return json.loads(schema_path("rules.schema.json").read_text(encoding="utf-8"))


def load_rules(extra: Iterable[Path] = (), cache: bool = True) -> RuleSet:
    """The shipped packs and the extra ones, from the rule cache when they have not changed (cache.py)."""
    files = rule_files(extra)
    if not cache:
        return _load(files, {})
    contents = pack_contents(files, phrases.catalogue_path())   # said()'s phrases are compiled into the rules
    if contents is None:
        return _load(files, {})   # the unreadable file gets its own error there
    key = rule_cache.key_for(key_material(contents))
    ruleset = rule_cache.load(key)
    if isinstance(ruleset, RuleSet):
        if ruleset.phrases is not None:
            phrases.seed(ruleset.phrases)
        return ruleset
    ruleset = _load(files, contents)
    ruleset.phrases = phrases.loaded()
    rule_cache.store(key, ruleset)
    return ruleset


def _load(files: list[Path], contents: dict[Path, bytes]) -> RuleSet:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for path in files:
        for rule in load_rule_file(path, contents.get(path)):
            if rule.id in seen:
                first = seen[rule.id]
                raise RuleError(rule.file, f"规则 {rule.id} 定义了两次（rule {rule.id} is defined twice (first at {first.file}:{first.line})）",
                                line=rule.line)
            seen[rule.id] = rule
            rules.append(rule)
    return RuleSet(rules)


def load_rule_file(path: Path, content: bytes | None = None) -> list[Rule]:
    name = str(path)
    try:
        if content is None:
            content = Path(path).read_bytes()
        # as read_text would: UTF-8, and \r\n or \r line ends read as \n
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, f"无法读取（cannot be read: {exc}）") from None
    document = load_yaml(text, name)
    import jsonschema   # heavy (~90 ms): only when a rule file is actually read

    validator = jsonschema.Draft202012Validator(_meta_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        error = _most_useful(errors)
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise RuleError(name, f"不符合规则文件的格式：{error.message} (at {where})", line=_error_line(document, error))
    return [_build_rule(spec, name) for spec in document["rules"]]


def _error_line(document: Any, error: jsonschema.ValidationError) -> int | None:
    """The line of a misspelt key itself, not of the rule that holds it."""
    line = line_at(document, error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, LineDict):
        allowed = set(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        if extra:
            return error.instance.line_of(extra[0])
    return line


def _most_useful(errors: list[jsonschema.ValidationError]) -> jsonschema.ValidationError:
    """A misspelt key first (it also explains the 'required' key that seems missing), deepest first;
    otherwise jsonschema's own pick."""
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    if unknown:
        return max(unknown, key=lambda e: len(e.absolute_path))
    from jsonschema.exceptions import best_match

    return best_match(errors)


def _build_rule(spec: LineDict, file: str) -> Rule:
    check_specs = spec["checks"] if "checks" in spec else [LineDict(
        {k: v for k, v in spec.items() if k not in META_KEYS})]
    if "checks" not in spec:
        check_specs[0].line = spec.line
        check_specs[0].key_lines = {k: spec.line_of(k) for k in check_specs[0]}
    checks = [_build_check(c, spec["id"], file) for c in check_specs]
    soften = None
    if "soften_when" in spec:
        soften = _compile_or_raise(spec["soften_when"], {}, file, spec.line_of("soften_when"), "bool")
    return Rule(id=spec["id"], title=spec["title"], severity=Severity.parse(spec["severity"]),
                source=spec["source"], explanation=spec["explanation"].strip(), checks=checks, file=file,
                line=spec.line, soften_when=soften, soften_text=spec.get("soften_when"),
                examples=spec.get("examples") or {}, check_specs=list(check_specs))


def _build_check(spec: LineDict, rule_id: str, file: str) -> Check:
    kind = spec.get("kind", "assert")
    try:
        return CHECK_KINDS[kind].build(spec)
    except ExprError as exc:
        line = getattr(exc, "line", None) or spec.line
        raise RuleError(file, f"规则 {rule_id} 的表达式有误（rule {rule_id}: {exc}）", line=line) from None


def _compile_or_raise(source: str, variables: dict, file: str, line: int, expected: str):
    from checker.engine.expr import Compiler

    try:
        node = Compiler(variables).compile(source)
    except ExprError as exc:
        raise RuleError(file, str(exc), line=line) from None
    if node.type != expected:
        raise RuleError(file, f"表达式的类型不对（expression must be a {expected}, not a {node.type.split(':')[0]}）", line=line)
    return node

