"""The canonical model itself, as JSON or YAML (what `report-lint extract` prints, or a pipeline makes).

The Document it hands on has no blocks: it carries the parsed model and its source_map, and the
assembler completes it into a Report. Where the file carries no source_map, every value is located at
its own line and column in the file, so findings still point at something a person can open."""

from __future__ import annotations

from typing import Any

from checker.document import Document, FormSpec
from checker.errors import InputError
from checker.readers.decoding import decode

_MODEL_KEYS = ("active_disclosure", "applications", "review_litigation", "sections")


def _start(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def sniff_json(head: bytes) -> bool:
    return _start(head).startswith(b"{")


def sniff_yaml(head: bytes) -> bool:
    text = _start(head)
    return text.startswith(b"report:") or text.startswith(b"---\nreport:")


def _load(text: str, name: str) -> tuple[Any, Any]:
    """(data, node tree with marks): YAML is a superset of JSON, so one loader serves both."""
    import yaml

    # the checks are loaded here, when a model is read: every file is sniffed by this module
    from checker.readers.data_checks import MAX_NODES, check_nodes, check_values

    # libyaml's C loader where PyYAML was built with it: the pure-Python one is ten times slower
    if text.count(",") + text.count("\n") > MAX_NODES:  # a quick bound before libyaml builds every node
        raise InputError(name, f"值的个数超过 {MAX_NODES}，不是报告模型")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:  # one parse: the node tree gives the marks, and the data is constructed from it
        node = loader.get_single_node()
        if node is not None:
            check_nodes(node, name)   # before constructing: aliases (billion laughs), depth, size
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列：" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(name, f"不是有效的 JSON/YAML：{where}{problem}") from None
    except (ValueError, OverflowError, TypeError) as exc:  # a value YAML cannot build: 2020-13-45, a huge int
        raise InputError(name, f"含有无法读取的值（{exc}）") from None
    finally:
        loader.dispose()
    return check_values(data, name), node


def _positions(root: Any, out: dict[str, dict[str, Any]]) -> None:
    """Where each table value is in the file, walked without recursion (aliases were refused already)."""
    import yaml

    stack = [(root, "")]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [(value_node, f"{ptr}/{key_node.value}") for key_node, value_node in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, f"{ptr}/{index}") for index, item in enumerate(node.value)]
        elif isinstance(node, yaml.ScalarNode) and ptr.startswith(_TABLE_POINTERS):
            out[ptr] = {"line": node.start_mark.line + 1, "column": node.start_mark.column + 1,
                        "page": None, "text": node.value}


_TABLE_POINTERS = ("/active_disclosure/", "/applications/", "/review_litigation/")


def read(raw: bytes, name: str) -> Document:
    from checker.readers.data_checks import check_shape

    text, _ = decode(raw, name)
    data, node = _load(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("report"), dict) \
            or not any(k in data for k in _MODEL_KEYS):
        raise InputError(name, "是 JSON/YAML，但不是 report-lint 的报告模型（需要 report 对象和各表；"
                               "参见 `report-lint extract` 的输出）")
    check_shape(data, name)
    source_map = data.pop("source_map", None)
    if not isinstance(source_map, dict) or not source_map:
        source_map = {}
        _positions(node, source_map)
    return Document(blocks=[], model=data, source_map=source_map, lines=text.splitlines())


FORM_SPECS = (
    FormSpec("json", (".json",), "line", read, sniff=sniff_json, content="data",
             summary="the canonical model as JSON (what `report-lint extract` prints)",
             libraries=("yaml", "checker.readers.data_checks")),
    FormSpec("yaml", (".yaml", ".yml"), "line", read, sniff=sniff_yaml, content="data",
             summary="the canonical model as YAML", libraries=("yaml", "checker.readers.data_checks")),
)
