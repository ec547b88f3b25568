"""A loaded document keeps every value's and key's line and column, packed, through the document cache's pickling."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.exceptions import Problem
from generator.load.document import Document, Lines
from generator.load.reader import load_document

# Every kind of key and value the loader takes: block and flow mappings and lists, quoted and plain
# keys, block scalars, an empty value, a value on the line below its key, comments and blank lines
# between, an anchor and its alias, a list of lists, deep nesting, keys after a nested block.
EVERY_KIND = """\
# a comment first
title: Alpha
"quoted key": 'quoted value'
'single': "x"
summary: >-
  Two lines
  of text.
notes: |
  Kept
  as written.
empty:
below:

  # a comment between the key and its value
  on the next line
flow_map: {a: 1, "b": [x, y], c: {d: e}}
flow_list: [1, 2.5, true, null, "s"]
anchor: &shared
  k: v
  list: [1, 2]
alias: *shared
items:
  - id: one
    tags: [a, b]
    nested:
      - - deep
        - er
      - {z: 26}
  -   id: two
      date: '2024-01-01'
  - plain
  - - x
last: end
"""


def _load(tmp_path: Path, text: str) -> Document:
    file = tmp_path / "doc.yaml"
    file.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    document = load_document(file, "doc.yaml", problems)
    assert document is not None, problems
    return document


def _expected(node: Any, path: tuple[str | int, ...], key: Any = None) -> dict[tuple[str | int, ...], tuple[Any, Any]]:
    """Each path's (value mark, key mark) as libyaml's node tree gives them."""
    out = {path: ((node.start_mark.line + 1, node.start_mark.column + 1),
                  None if key is None else (key.start_mark.line + 1, key.start_mark.column + 1))}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            out.update(_expected(value_node, (*path, key_node.value), key_node))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.update(_expected(item, (*path, index)))
    return out


def test_every_value_and_key_is_where_libyaml_saw_it_before_and_after_pickling(tmp_path: Path) -> None:
    document = _load(tmp_path, EVERY_KIND)
    expected = _expected(yaml.compose(EVERY_KIND, Loader=yaml.CSafeLoader), ())
    assert len(expected) == 50 and ("alias", "list", 1) in expected and ("items", 0, "nested", 0, 1) in expected
    again = pickle.loads(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.data == document.data and again.text == document.text and again.path == document.path
    for loaded in (document, again):
        for path, (value, key) in expected.items():
            assert loaded.where(path) == value, path
            # A list item has no key: asked for its key, it answers with the item's own position.
            assert loaded.where(path, key=True) == (key or value), path
        assert loaded.value_at == {path: value for path, (value, _) in expected.items()}
        assert loaded.key_at == {path: key for path, (_, key) in expected.items() if key is not None}


def test_a_path_not_in_the_data_falls_back_to_its_nearest_parent(tmp_path: Path) -> None:
    document = _load(tmp_path, EVERY_KIND)
    items = document.where(("items",))
    assert document.where(("items", 9, "id")) == items  # no such item
    assert document.where(("items", -1)) == items  # indexes are never counted from the end
    assert document.where(("items", 1, "missing"), key=True) == document.where(("items", 1), key=True)
    assert document.where(("items", 1, "missing"), key=True) == document.where(("items", 1))  # an item has no key
    assert document.where(("title", "deeper"), key=True) == (2, 1)  # a text holds nothing: its key then
    assert document.where(("flow_map", "b", "x")) == document.where(("flow_map", "b"))  # a list has no keys
    assert document.where(("nothing",)) == document.where(()) == (2, 1)  # the root mapping starts at its first key
    assert document.where(()) == document.where((), key=True)


def test_the_lines_are_cut_from_the_text_kept_once(tmp_path: Path) -> None:
    text = "a: 1\n\nb: |\n  two\n"
    document = _load(tmp_path, text)
    lines = document.lines
    assert lines == text.split("\n") and list(lines) == text.split("\n") and len(lines) == 5
    assert [lines[i] for i in range(-5, 5)] == text.split("\n") * 2
    assert lines[1:3] == ["", "b: |"] and lines[-1] == ""
    with pytest.raises(IndexError):
        lines[5]
    assert Lines("") == [""] and len(Lines("x")) == 1 and Lines("x\n") == ["x", ""]
    assert pickle.loads(pickle.dumps(document)).lines == lines
    assert document.lines is lines  # cut once per document, not per question


def test_a_document_standing_in_for_a_summarised_file_knows_its_few_positions() -> None:
    document = Document.standing_in("briefings/b/events.yaml", {(3, "id"): (40, 5)})
    assert document.where((3, "id")) == (40, 5) and document.where((3, "id"), key=True) == (40, 5)
    assert document.where((3, "id", "deeper")) == (40, 5)
    assert document.where((2, "id")) == (1, 1) and len(document.lines) == 1
    again = pickle.loads(pickle.dumps(document))
    assert again.where((3, "id")) == (40, 5)
