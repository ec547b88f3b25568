"""Front matter is written by a YAML emitter: no value can break it, and titles reach the HTML escaped."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator.render.front_matter import front_matter

from conftest import FIXTURES, make_project, run_cli

HOSTILE_VALUES = [
    "Chair: NATO Military Committee",
    '"quoted" and \'single\'',
    "a: b # not a comment",
    "<script>alert(1)</script> & &amp;",
    "first line\n---\nafter a rule",
    "line\u2028separator\x85next",
    "- looks like a list",
    "{flow: mapping} [and, list]",
    "שלום עולם — مرحبا",
    "---",
    "...",
    "  leading and trailing spaces  ",
    "yes",
    "",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_every_value_reads_back_as_written(value: str) -> None:
    block = str(front_matter(title=value, description=value, note=value, tags=[value], search={"exclude": True}))
    body, meta = get_data(block + "\n\n# Body\n")  # as MkDocs reads a page
    assert body.strip() == "# Body"
    assert meta == {"title": html.escape(value), "description": html.escape(value), "note": value,
                    "tags": [value], "search": {"exclude": True}}
    assert yaml.safe_load(block.split("---\n", 1)[1].rsplit("---", 1)[0]) == meta
    # Only the two delimiters start a line with '---' or '...': nothing can end the block early.
    lines = block.splitlines()
    assert [n for n, line in enumerate(lines) if line.startswith(("---", "..."))] == [0, len(lines) - 1]


def test_none_leaves_a_field_out_and_order_is_kept() -> None:
    block = str(front_matter(title="T", description="D", tags=None, jsonld='{"a": "<"}'))
    assert block.splitlines() == ["---", "title: T", "description: D", "jsonld: '{\"a\": \"<\"}'", "---"]


class Head(HTMLParser):
    """The <title> text and the <meta> elements of a built page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.metas: list[dict[str, str]] = []
        self.text: list[str] = []
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.metas.append({name: value or "" for name, value in attrs})
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)

    def meta(self, key: str, name: str) -> list[str]:
        return [m.get("content", "") for m in self.metas if m.get(key) == name]


def test_an_actor_role_with_a_colon_and_quotes_gives_a_valid_head(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "hostile" / "briefings")
    actors = project / "briefings" / "actors.yaml"
    role = 'Chair: NATO Military Committee "MC" & <b>co</b> — שלום'
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  role: '\"><svg onload=alert(1)> {% raw %}'", "  role: " + yaml.safe_dump(role, allow_unicode=True)
        .removesuffix("\n...\n").strip()), encoding="utf-8")
    name = yaml.safe_load(actors.read_text(encoding="utf-8"))[0]["name"]
    assert yaml.safe_load(actors.read_text(encoding="utf-8"))[0]["role"] == role
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    head = Head((project / "site" / "actors" / "hostile-actor.html").read_text(encoding="utf-8"))
    description = f"{role} — quotes, events and figures that name {name}"
    assert head.title == f"{name} - Briefings"
    assert head.meta("name", "description") == [description]
    assert head.meta("property", "og:description") == [description]
    assert head.meta("property", "og:title") == [name]
    # A broken attribute would leave stray attributes (MC", co</b>) on a <meta> element.
    for meta in head.metas:
        assert set(meta) <= {"charset", "name", "property", "content", "http-equiv"}, meta
    assert "description:" not in "".join(head.text)  # the front matter did not leak into the page
