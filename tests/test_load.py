"""The load stage: YAML read the way contributors mean it, with every value's line and column."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.exceptions import DataError, Problem
from generator.load import reader as load
from generator.load.reader import Document, load_document, load_site
from generator.pipeline import resolved_site
from generator.validate.fields import validate_site

from conftest import FIXTURES, make_project, run_cli

PLAIN = "title: Alpha\nsummary: >-\n  Two lines\n  of text.\ntags: [a, b]\nkey_points:\n  - text: One\n"


def _load(tmp_path: Path, content: str | bytes, name: str = "briefing.yaml") -> tuple[Document | None, list[Problem]]:
    file = tmp_path / name
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content, encoding="utf-8", newline="")
    problems: list[Problem] = []
    return load_document(file, name, problems), problems


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf", "cr"])
def test_bom_and_line_endings_load_like_the_plain_file(tmp_path: Path, variant: str) -> None:
    plain, _ = _load(tmp_path, PLAIN, "plain.yaml")
    text = PLAIN.replace("\n", "\r\n") if "crlf" in variant else PLAIN
    text = text.replace("\n", "\r") if variant == "cr" else text
    raw = ("\ufeff" if "bom" in variant else "").encode() + text.encode()
    other, problems = _load(tmp_path, raw)
    assert problems == []
    assert plain is not None and other is not None
    assert other.data == plain.data
    assert other.value_at == plain.value_at and other.key_at == plain.key_at
    assert other.lines == plain.lines


def test_a_project_saved_with_bom_and_crlf_checks_and_validates_like_the_original(tmp_path: Path) -> None:
    original = make_project(tmp_path / "a", FIXTURES / "valid-minimal" / "briefings")
    converted = make_project(tmp_path / "b", FIXTURES / "valid-minimal" / "briefings")
    for file in (converted / "briefings").rglob("*.yaml"):
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli("check", cwd=converted)
    assert result.returncode == 0, result.stderr
    site_a, warnings_a = resolved_site(original)
    site_b, warnings_b = resolved_site(converted)
    assert warnings_a == warnings_b
    assert [b.meta for b in site_a.briefings] == [b.meta for b in site_b.briefings]
    assert [b.events for b in site_a.briefings] == [b.events for b in site_b.briefings]
    assert site_a.sources == site_b.sources and site_a.actors == site_b.actors


@pytest.mark.parametrize(("written", "value"), [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("12:30", "12:30"), ("1:20:30", "1:20:30"), ("2024-11-01", "2024-11-01"), ("2024-11-01T12:00", "2024-11-01T12:00"),
    ("010", "010"), ("0x1F", "0x1F"), ("0o17", "0o17"), ("1_000", 1000), ("12000", 12000), ("-3", -3),
    ("2.5", 2.5), ("1e3", 1000.0), ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    ("'yes'", "yes"), ('"12:30"', "12:30"), ("'010'", "010"), ("Seoul", "Seoul"), ("김정은", "김정은"),
])
def test_plain_values_follow_yaml_1_2(tmp_path: Path, written: str, value: object) -> None:
    doc, problems = _load(tmp_path, f"value: {written}\n")
    assert problems == [] and doc is not None
    assert doc.data == {"value": value}
    assert type(doc.data["value"]) is type(value)


def test_every_value_and_key_keeps_its_line_and_column(tmp_path: Path) -> None:
    doc, _ = _load(tmp_path, "- id: ev-one\n  sources: [src-a, src-b]\n  original:\n    text: 말\n")
    assert doc is not None
    assert doc.where((0, "id")) == (1, 7)
    assert doc.where((0, "id"), key=True) == (1, 3)
    assert doc.where((0, "sources", 1)) == (2, 20)
    assert doc.where((0, "original", "text")) == (4, 11)
    # A field that is not there is located at the item that lacks it.
    assert doc.where((0, "date")) == (1, 3)


def test_duplicate_keys_are_refused_at_the_second(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "title: A\nsummary: S\ntitle: B\n")
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "given twice" in problems[0].message and "line 1" in problems[0].hint


def test_aliases_are_capped_and_refused_without_expanding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_ALIASES", 3)
    text = "a: &x [1, 2]\nb: [*x, *x, *x, *x]\n"
    _, problems = _load(tmp_path, text)
    assert [(p.line, p.column, p.message) for p in problems] == [(1, 4, "more than 3 aliases (*name) in one file")]


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "a: &x\n  b: *x\n")
    assert len(problems) == 1 and problems[0].line >= 1 and problems[0].hint


def test_the_number_of_values_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 100)
    _, problems = _load(tmp_path, "tags: [" + ", ".join(["a"] * 200) + "]\n")
    assert len(problems) == 1
    assert problems[0].message == "the file has more than 100 values" and problems[0].line == 1


@pytest.mark.parametrize("text", [
    "title: !!binary aGVsbG8=\n", "title: !!python/name:os.system x\n", "title: !custom x\n",
    "title: !<tag:example.com,2024:thing> x\n", "tags: !!set {a, b}\n",
])
def test_tags_other_than_plain_values_are_refused(tmp_path: Path, text: str) -> None:
    _, problems = _load(tmp_path, text)
    assert len(problems) == 1 and "is not allowed" in problems[0].message
    assert (problems[0].line, problems[0].column) == (1, text.index("!") + 1)


def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid-minimal" / "briefings")
    secret = tmp_path / "secret.yaml"
    secret.write_text("- id: stolen\n  name: contents of a file outside the project\n")
    figures = project / "briefings" / "alpha" / "figures.yaml"
    figures.unlink()
    os.symlink(secret, figures)
    raw = load_site(project)
    assert [(p.file, p.message) for p in raw.problems] == [
        ("briefings/alpha/figures.yaml", "this is a symbolic link, and links are not followed")]
    assert all("stolen" not in "\n".join(d.lines) for d in raw.all_documents())


def test_a_control_character_is_located_after_wide_characters(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "title: 김정은\x01\n")
    assert [(p.line, p.column) for p in problems] == [(1, 11)]


class TestWithoutLibyaml:
    """PyYAML's pure-Python parser, used where PyYAML was built without libyaml, answers alike."""

    @pytest.fixture(autouse=True)
    def pure_python(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
        monkeypatch.setattr(load, "HAS_LIBYAML", False)

    def test_deep_nesting_is_a_located_problem_not_a_recursion_error(self, tmp_path: Path) -> None:
        _, problems = _load(tmp_path, "tags: " + "[a, " * 5000 + "\n")
        assert len(problems) == 1
        assert problems[0].message.startswith("values are nested")
        assert problems[0].line == 1 and problems[0].column > 1

    def test_syntax_errors_read_the_same(self, tmp_path: Path) -> None:
        for text, where in [('title: "Alpha\nsummary: x\n', (1, 8)), ("title: Seoul: talks\n", (1, 13)),
                            ("title: 김정은\x01\n", (1, 11)), ("tags: " + "[" * 1000 + "\n", (1, 47))]:
            _, problems = _load(tmp_path, text)
            assert [(p.line, p.column) for p in problems] == [where], text[:40]

    def test_the_bundled_briefings_load_the_same(self, tmp_path: Path) -> None:
        project = make_project(tmp_path)
        raw = load_site(project)
        assert [p for p in raw.problems if p.is_error] == []


def test_the_bundled_briefings_load_without_problems(project: Path) -> None:
    raw = load_site(project)
    assert [p for p in raw.problems if p.is_error] == []
    validate_site(raw)


def test_an_unreadable_registry_does_not_cascade(tmp_path: Path) -> None:
    briefings = tmp_path / "src"
    shutil.copytree(FIXTURES / "valid-minimal" / "briefings", briefings)
    (briefings / "actors.yaml").write_text("- id: kim-jong-un\n  name: 'Kim Jong Un\n")
    (briefings / "sources.yaml").write_text("- id: src-shared\n  title: Shared\n  publisher: Wire\n  url: ftp://x\n")
    with pytest.raises(DataError) as caught:
        validate_site(load_site(make_project(tmp_path, briefings)))
    assert [(p.file, p.line, p.column) for p in caught.value.problems] == [
        ("briefings/actors.yaml", 2, 9), ("briefings/sources.yaml", 4, 8)]
