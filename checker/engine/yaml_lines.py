"""YAML loading that remembers the line of every mapping key and list item.

A rule error must name the file and line, so the loader keeps the marks PyYAML already has instead of
throwing them away: mappings become `LineDict`, sequences `LineList`, each knowing its own line and the
line of each of its keys or items.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Iterable

from checker.errors import RuleError

if TYPE_CHECKING:
    import yaml


class LineDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


MAX_DEPTH = 64   # a rule file is a few levels deep; deeper is hostile (and Python's recursion has a limit)


@cache
def _line_loader() -> type:
    """SafeLoader that builds LineDict/LineList (lines are 1-based, as editors show them). No aliases (a
    rule file needs none, and "billion laughs" multiplies data through them) and at most MAX_DEPTH levels.
    Made on first use: PyYAML (and its regular expressions) costs a run that finds its rules in the cache
    for nothing."""
    import yaml

    class _LineLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent):
                raise RuleError(self.name, "规则文件中不允许使用 YAML 别名（*name），请直接写出取值"
                                           "（rule files may not use YAML aliases）", line=event.start_mark.line + 1)
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise RuleError(self.name, f"嵌套超过 {MAX_DEPTH} 层（nested more than {MAX_DEPTH} levels deep）",
                                    line=event.start_mark.line + 1)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    return _LineLoader


def _mapping(loader: "yaml.SafeLoader", node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise RuleError(loader.name, f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: "yaml.SafeLoader", node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result




def load_yaml(text: str, name: str) -> Any:
    """Parse YAML text; a syntax error becomes a RuleError with the line PyYAML reports."""
    import yaml

    loader = _line_loader()(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise RuleError(name, f"YAML syntax error: {exc.problem or exc}{context}", line=line) from None
    except yaml.YAMLError as exc:
        raise RuleError(name, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


def line_at(document: Any, path: Iterable[Any]) -> int | None:
    """The line of the deepest node on `path` that carries one (a JSON-Schema error's absolute_path)."""
    line = getattr(document, "line", None)
    node = document
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.line_of(step)
            node = node[step]
        else:
            break
    return line
