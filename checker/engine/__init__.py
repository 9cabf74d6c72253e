"""The rules engine: YAML rule packs, a safe expression language, rule kinds, evaluation, suspect cells."""

from checker.engine.evaluate import evaluate
from checker.engine.rules import Rule, RuleSet, load_rule_file, load_rules

__all__ = ["Rule", "RuleSet", "evaluate", "load_rule_file", "load_rules"]
