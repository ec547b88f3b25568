"""Untrusted text never becomes markup: the real build of a briefing full of hostile text.

Every field of tests/fixtures/hostile holds script tags, event handlers, template code or
Markdown/HTML punctuation. The site is built once with the real `briefing build` (Jinja2,
Python-Markdown, nh3, MkDocs, Material), and each built page is parsed as HTML: the tests look
at real elements and attributes, not at substrings of the source.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.render import markup
from generator.validate.text_links import link_problem, markdown_links

from conftest import FIXTURES, make_project, run_cli

HOSTILE_TITLE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} * [ < &lt;b&gt;"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements the hostile text tries to create (Material's own page has none of them).
FOREIGN_TAGS = {"iframe", "object", "embed", "img", "base", "style"}


class Page(HTMLParser):
    """A built page as the browser sees it: elements with attributes, script bodies, text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text_parts: list[str] = []
        self._script: tuple[dict[str, str], list[str]] | None = None
        self._open: list[str] = []
        self.texts_in: dict[str, list[str]] = {"title": [], "h1": []}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = (attributes, [])
        if tag in self.texts_in:
            self._open.append(tag)
            self.texts_in[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.text_parts.append(data)
        if self._open:
            self.texts_in[self._open[-1]][-1] += data

    @property
    def text(self) -> str:
        """The text a reader sees (and what is in <title>), with runs of space collapsed."""
        return re.sub(r"\s+", " ", "".join(self.text_parts))

    def by_class(self, name: str) -> list[dict[str, str]]:
        """Attributes of the elements that carry class name."""
        return [a for _, a in self.elements if name in a.get("class", "").split()]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """Build the hostile fixture once with the real CLI; every built HTML page, parsed."""
    project = make_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "hostile" / "briefings")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    pages = {p.relative_to(project / "site").as_posix(): Page(p.read_text(encoding="utf-8"))
             for p in (project / "site").rglob("*.html")}
    assert "briefings/hostile.html" in pages
    return pages


def test_no_script_element_carries_contributor_text(site: dict[str, Page]) -> None:
    for name, page in site.items():
        for attributes, body in page.scripts:
            if "alert(" not in body:
                continue
            # Only data blocks may hold contributor text, and then as valid JSON with '<' escaped.
            assert attributes.get("type") in ("application/ld+json", "application/json"), (name, body)
            assert "<" not in body, (name, body)
            json.loads(body)


def test_no_event_handler_attribute_reaches_a_page(site: dict[str, Page]) -> None:
    for name, page in site.items():
        handlers = [(tag, attr) for tag, attrs in page.elements for attr in attrs if attr.startswith("on")]
        assert handlers == [], name


def test_no_link_runs_script(site: dict[str, Page]) -> None:
    for name, page in site.items():
        for tag, attrs in page.elements:
            for attr, value in attrs.items():
                if attr in URL_ATTRIBUTES:
                    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                    assert not cleaned.startswith(BAD_SCHEMES), (name, tag, attr, value)


def test_contributor_html_is_not_rendered_as_elements(site: dict[str, Page]) -> None:
    page = site["briefings/hostile.html"]
    tags = {tag for tag, _ in page.elements}
    assert not tags & FOREIGN_TAGS
    # Material draws its icons as <svg>; the contributor's <svg onload> must not be one of them.
    assert all(not any(a.startswith("on") for a in attrs) for tag, attrs in page.elements if tag == "svg")
    links = [attrs for tag, attrs in page.elements if tag == "a" and attrs.get("href") == "https://example.org/"]
    assert links and all(set(attrs) <= {"href", "rel", "title"} for attrs in links)


def test_hostile_title_shows_as_written(site: dict[str, Page]) -> None:
    page = site["briefings/hostile.html"]
    assert page.texts_in["title"][0].startswith(HOSTILE_TITLE)
    assert page.texts_in["h1"][0].strip().startswith(HOSTILE_TITLE)


def test_template_code_shows_as_written_and_is_never_evaluated(site: dict[str, Page]) -> None:
    for name in ("briefings/hostile.html", "actors/hostile-actor.html", "sources.html", "index.html"):
        text = site[name].text
        assert "{{ 7*7 }}" in text, name
        assert "49" not in text, name
    assert "{% raw %}" in site["briefings/hostile.html"].text


@pytest.mark.parametrize("text", [
    "* [ < &lt;b&gt;",                                        # briefing title
    "<img src=x onerror=alert(1)> \"double\" 'single' {{ 7*7 }}",  # subtitle
    "\"><svg onload=alert(1)> {% raw %}",                      # event location, actor role
    "<img src=x onerror=alert(1)> {% raw %} * [ <",            # quote context
    "\"><svg onload=alert(1)> {{ 7*7 }}",                      # figure note
    "<img src=x onerror=alert(1)> * [ <",                      # source publisher
    "</script><script>alert(1)</script>",                      # publisher meant to end a script
    "<img src=x onerror=alert(1)> 김정은",                      # native name
])
def test_plain_text_fields_show_as_written(site: dict[str, Page], text: str) -> None:
    assert text in site["briefings/hostile.html"].text


def test_markdown_fields_are_sanitized_but_keep_their_text(site: dict[str, Page]) -> None:
    page = site["briefings/hostile.html"]
    summary = page.text
    # Raw HTML in Markdown is removed as markup; the words around it stay.
    assert "a link" in summary and "Cited" in summary
    assert "{{ 7*7 }}" in summary


def test_attribute_values_keep_their_quotes_inside_the_attribute(site: dict[str, Page]) -> None:
    page = site["briefings/hostile.html"]
    titles = [a["title"] for t, a in page.elements if t == "a" and "title" in a]
    assert "' onmouseover='alert(1)' x='" in titles
    assert '"><svg onload=alert(1)> <script>alert(1)</script> {{ 7*7 }}' in titles
    # The address as written, its '"', '<' and '>' percent-encoded (a URL may not hold them as such).
    hrefs = [a["href"] for t, a in page.elements if t == "a"]
    assert "https://example.org/a?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E" in hrefs
    assert 'https://example.org/a?q="><script>alert(1)</script>' in page.text


def test_json_ld_is_json_and_holds_the_text_as_written(site: dict[str, Page]) -> None:
    blocks = [body for attrs, body in site["briefings/hostile.html"].scripts
              if attrs.get("type") == "application/ld+json"]
    if not blocks:
        pytest.skip("this build has no JSON-LD")
    for body in blocks:
        assert "<" not in body and ">" not in body.replace("->", "")
        data = json.loads(body)
        assert HOSTILE_TITLE in json.dumps(data, ensure_ascii=False)


def test_line_breaks_in_plain_text_do_not_let_markdown_in(site: dict[str, Page]) -> None:
    page = site["briefings/hostile.html"]
    assert "[click](javascript:alert(1))" in page.text
    assert not [a for t, a in page.elements if t == "a" and "javascript" in a.get("href", "")]


# The sanitizer itself, for what validation refuses before it gets there.

@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
])
def test_sanitizer_drops_script_links(source: str) -> None:
    html = str(markup.markdown_html(source, lambda ids: ""))
    page = Page(html)
    for _, attrs in page.elements:
        assert not attrs.get("href", "").lower().startswith(BAD_SCHEMES), html


@pytest.mark.parametrize(("text", "allowed"), [
    ("[a](https://example.org)", True),
    ("[a](http://example.org)", True),
    ("[a](mailto:desk@example.org)", True),
    ("[a](#ev-one)", True),
    ("[a](javascript:alert(1))", False),
    ("[a](java\tscript:alert(1))", False),
    ("[a](&#106;avascript:alert(1))", False),
    ("[a](data:text/html,x)", False),
    ("[a](page.html)", False),
    ("[r]: vbscript:x", False),
    ("<a href='javascript:x'>a</a>", False),
    ("see [@src-a] and [1] and \\[x\\](javascript:y)", True),
])
def test_markdown_link_check(text: str, allowed: bool) -> None:
    problems = [link_problem(url) for url in markdown_links(text)]
    assert (not any(problems)) is allowed, problems


def test_md_text_keeps_plain_text_on_one_line() -> None:
    assert "\n" not in markup.md_text("a\n\n# b\n[c]: javascript:d")
    assert str(markup.md_text("Seoul: talks = 1 ^ 2")) == "Seoul: talks = 1 ^ 2"


def test_text_report_does_not_pass_terminal_escapes(tmp_path: Path) -> None:
    from generator.diagnostics import format_github, format_text
    from generator.exceptions import Problem

    problem = Problem("briefings/a/briefing.yaml", 1, 1, "bad value '\x1b[2J\x1b]0;pwned\x07'", "hint \u202e")
    text = format_text([problem], tmp_path)
    github = format_github([problem])
    for out in (text, github):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


@pytest.mark.parametrize("kind", ["secret", "device"])
def test_a_report_never_shows_what_a_committed_link_points_at(tmp_path: Path, kind: str) -> None:
    """The loader refuses a link; its report must not print the target (a CI job's secrets) nor read forever."""
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    secret = tmp_path / "environ"
    secret.write_text("CI_TOKEN=not-a-real-secret-123\n", encoding="utf-8")  # line 1: the line a report shows
    target = secret if kind == "secret" else Path("/dev/zero")
    slug = next(p.name for p in sorted((project / "briefings").iterdir()) if p.is_dir())
    (project / "briefings" / slug / "figures.yaml").unlink(missing_ok=True)
    (project / "briefings" / slug / "figures.yaml").symlink_to(target)
    (project / "briefings" / "actors.yaml").unlink()
    (project / "briefings" / "actors.yaml").symlink_to(target)
    for args in (("check",), ("check", slug), ("check", "--format", "github")):
        result = run_cli(*args, cwd=project)
        out = result.stdout + result.stderr
        assert result.returncode == 1, out
        assert "symbolic link" in out and "Traceback" not in out
        assert "not-a-real-secret" not in out and "CI_TOKEN" not in out


def test_a_link_under_docs_to_a_file_outside_the_project_is_never_published(tmp_path: Path) -> None:
    """MkDocs copies what a link under docs/ leads to: a picture linked to a file elsewhere was published."""
    project = make_project(tmp_path / "project", FIXTURES / "valid" / "briefings")
    secret = tmp_path / "environ"
    secret.write_text("CI_TOKEN=not-a-real-secret-123\n", encoding="utf-8")
    (project / "docs" / "assets" / "leak.png").symlink_to(secret)
    (project / "docs" / "notes.md").symlink_to(secret)
    (project / "docs" / "assets" / "inside.css").symlink_to(project / "docs" / "assets" / "briefing.css")  # harmless
    result = run_cli("check", cwd=project)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert ("docs/assets/leak.png:1:1: error: docs/assets/leak.png is a symbolic link to a file outside the project: "
            "the site would publish that file") in out, out
    assert "docs/notes.md:1:1: error: docs/notes.md is a symbolic link" in out
    assert "inside.css" not in out and "CI_TOKEN" not in out and "Traceback" not in out
    for strict in ("--strict", "--no-strict"):
        built = run_cli("build", strict, "--site-dir", str(tmp_path / "site"), cwd=project)
        assert built.returncode == 1, built.stdout + built.stderr
        assert "leak.png is a symbolic link" in built.stderr and "CI_TOKEN" not in built.stdout + built.stderr
        assert not (tmp_path / "site").exists()
