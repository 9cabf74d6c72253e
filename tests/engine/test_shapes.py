"""The tables of a report read by the reader of a shape seen before (shapes._Reader) are what the walk
(shapes.read_by_walk, the definition) finds: the same numbers by pointer in the same order, the same blank
cells, the same shared memo; and a report the walk would not put on the shared path is not put there. What
a check keeps in a shape's memo (D5's layouts) is what it would find on each report of the shape."""

from __future__ import annotations

import copy
import math

from hypothesis import given, settings, strategies as st

from checker.engine import shapes
from checker.engine.checks import Run
from checker.engine.checks.template_layout import _layouts
from checker.template import applications_layout, disclosure_layout
from tests.engine.test_compiled import MODELS

ODD = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from([0.5, 2.0, math.inf, -0.0]), st.booleans(),
                st.text(max_size=2), st.just([]), st.just({}), st.just({"total": 1}), st.just({"a/b": 1}))


def _agree(data: dict) -> None:
    for _ in range(3):   # the second walk of a shape makes its reader; the third read is the reader's
        walked = shapes.read_by_walk(copy.deepcopy(data))
        read = shapes.read_tables(data)
        if walked is None:
            assert read is None
            continue
        assert read is not None
        assert list(read.values.items()) == list(walked.values.items())
        assert read.blanks == walked.blanks
        assert read.shared is walked.shared
        # the first report of a shape fills its memo; every later one must find there what it would find
        assert _layouts(Run(data, None, None)) == (applications_layout(data), disclosure_layout(data))


def test_the_projects_reports_are_read_alike():
    for model in MODELS:
        _agree(model)
    assert shapes._READERS   # the readers were tried


@settings(max_examples=150)
@given(data=st.data())
def test_changed_reports_are_read_alike(data):
    """Cells set to other values or kinds, rows and keys removed or added: shapes seen before and new ones."""
    model = copy.deepcopy(data.draw(st.sampled_from(MODELS)))
    _agree(model)   # its reader is made, then the changed model is read by it or by the walk
    tables = [t for t in ("applications", "review_litigation", "active_disclosure") if isinstance(model.get(t), dict)]
    for _ in range(data.draw(st.integers(1, 4))):
        if not tables:
            break
        node = model[data.draw(st.sampled_from(tables))]
        while isinstance(node, dict) and node and any(isinstance(v, dict) for v in node.values()) \
                and data.draw(st.integers(0, 4)):   # mostly down to a row
            node = node[data.draw(st.sampled_from(sorted(node, key=str)))]
        if not isinstance(node, dict) or not node:
            continue
        key = data.draw(st.sampled_from(sorted(node, key=str)))
        action = data.draw(st.sampled_from(["set", "set", "delete", "add"]))
        if action == "set":
            node[key] = data.draw(ODD)
        elif action == "delete":
            del node[key]
        else:
            node[data.draw(st.sampled_from(["extra", "total", 3, "a/b"]))] = data.draw(ODD)
    _agree(model)


ODD_CELLS = [None, -1, 0.5, True, "三", [], {}, {"total": 1}]


def test_a_cell_of_each_kind_in_a_known_shape_is_read_alike():
    for model in MODELS:
        _agree(model)   # the model's shape gets its reader
        for table in ("applications", "review_litigation", "active_disclosure"):
            row = model.get(table)
            path = []
            while isinstance(row, dict) and row and all(isinstance(v, dict) for v in row.values()):
                path.append(next(iter(row)))
                row = row[path[-1]]
            if not isinstance(row, dict) or not row:
                continue
            for odd in ODD_CELLS:
                changed = copy.deepcopy(model)
                node = changed[table]
                for key in path:
                    node = node[key]
                node[next(iter(node))] = copy.deepcopy(odd)
                _agree(changed)
