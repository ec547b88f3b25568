"""The real pipeline end to end: generation, the MkDocs build, and what readers get."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from generator.cache import compiled_templates
from generator.pipeline import resolved_site
from generator.render.pages import render_site
from generator.write import write_pages

from conftest import FIXTURES, make_project, run_cli

BALTIC = "briefings/baltic-cable-damage.html"


class Page(HTMLParser):
    """The parts of a built page the tests look at: ids, links, and the order of elements."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (class of the enclosing sup/a, href)
        self.times: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "a" and attributes.get("href"):
            self.links.append((str(attributes.get("id") or ""), str(attributes["href"])))
        if tag == "time" and "timeline-date" in str(attributes.get("class")):
            self.times.append(str(attributes.get("datetime")))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture built once with the real `briefing build`."""
    project = make_project(tmp_path_factory.mktemp("build"), FIXTURES / "valid" / "briefings")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def read(project: Path, page: str) -> Page:
    return Page((project / "site" / page).read_text(encoding="utf-8"))


def test_build_says_where_the_site_is(built: Path) -> None:
    assert (built / "site" / "index.html").is_file()
    assert (built / "site" / BALTIC).is_file()


def test_timeline_is_in_date_order_and_keeps_written_order_within_a_day(built: Path) -> None:
    page = read(built, BALTIC)
    events = [i for i in page.ids if i in {"earlier-reports", "balticconnector-pressure-drop",
                                           "same-day-second", "investigation-weeks", "anchor-found"}]
    # c. October (from 1 Oct) < 8 Oct (two events, in the order written) < 10–24 Oct < 24 Oct.
    assert events == ["earlier-reports", "balticconnector-pressure-drop", "same-day-second",
                      "investigation-weeks", "anchor-found"]
    assert page.times == ["2023-10", "2023-10-08", "2023-10-10", "2023-10-24"]
    text = "".join(page.text)
    assert "c.\u00a0October 2023" in text and "10–24 October 2023" in text  # "c." never ends a line


def test_every_citation_link_resolves_to_a_source_entry(built: Path) -> None:
    for html_page in (built / "site" / "briefings").glob("*.html"):
        page = read(built, f"briefings/{html_page.name}")
        citations = [(anchor, href) for anchor, href in page.links if anchor.startswith("cite-")]
        assert citations, f"{html_page.name} has no citations"
        for anchor, href in citations:
            assert href[1:] in page.ids, f"{html_page.name}: {anchor} → {href} goes nowhere"
        # And every back link from a source returns to a citation.
        backs = [href for _, href in page.links if href.startswith("#cite-")]
        assert backs and all(href[1:] in page.ids for href in backs)


def test_sources_are_numbered_in_order_of_first_citation(built: Path) -> None:
    page = read(built, BALTIC)
    order = [attrs.get("id") for tag, attrs in page.tags
             if tag == "li" and attrs.get("value") is not None]
    assert order == ["yle-2023-10-10", "fi-police-2023-10-24"]


def test_quotes_show_original_and_translation(built: Path) -> None:
    text = "".join(read(built, "briefings/grain-corridor.html").text)
    assert "Коридор відкритий для цивільних суден." in text
    assert "한국 항만들은 곡물 가격을 면밀히 지켜보고 있습니다." in text
    assert "The corridor is open for civilian ships." in text


def test_contributor_text_is_not_a_template_and_plain_text_is_escaped(built: Path) -> None:
    page = read(built, BALTIC)
    text = "".join(page.text)
    assert "{{ 7*7 }}" in text and "anchor 49" not in text
    assert "Damage to Baltic Sea cables <and> a *pipeline*" in text
    assert not any(tag == "and" for tag, _ in page.tags)


def test_search_index_contains_a_quote(built: Path) -> None:
    # Pagefind's fragments: one gzip-compressed JSON document per page, after a signature.
    texts = ""
    for fragment in (built / "site" / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        texts += json.loads(data[data.index(b"{"):])["content"]
    assert "The corridor is open for civilian ships." in texts


def test_drafts_are_left_out_and_the_home_page_lists_newest_first(built: Path) -> None:
    assert not (built / "site" / "briefings" / "unfinished-draft.html").exists()
    home = read(built, "index.html")
    listed = [href for _, href in home.links if href.startswith("briefings/")]
    assert listed == ["briefings/grain-corridor.html", "briefings/baltic-cable-damage.html"]


def test_pages_load_nothing_from_third_parties(built: Path) -> None:
    for html_page in (built / "site").rglob("*.html"):
        page = read(built, str(html_page.relative_to(built / "site")))
        for tag, attrs in page.tags:
            for name in ("src", "href"):
                value = str(attrs.get(name) or "")
                if tag in ("script", "link", "img", "iframe") and value.startswith(("http:", "https:", "//")):
                    pytest.fail(f"{html_page.name} loads {value}")


def test_no_op_generation_writes_nothing_and_deleted_briefing_disappears(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    site, _ = resolved_site(project)
    first = write_pages(project / "docs", render_site(site))
    assert "briefings/baltic-cable-damage.md" in first.written
    again = write_pages(project / "docs", render_site(resolved_site(project)[0]))
    assert again.written == [] and again.removed == []
    baltic = project / "briefings" / "baltic-cable-damage" / "briefing.yaml"
    baltic.write_text(baltic.read_text().replace("related: [grain-corridor]\n", ""))  # as a contributor must
    shutil.rmtree(project / "briefings" / "grain-corridor")
    after = write_pages(project / "docs", render_site(resolved_site(project)[0]))
    assert "briefings/grain-corridor.md" in after.removed
    assert not (project / "docs" / "briefings" / "grain-corridor.md").exists()
    assert "index.md" in after.written  # the home page no longer lists it
    assert "actors/estonia.md" in first.written and "actors/estonia.md" not in after.written  # untouched


def test_a_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    assert run_cli("build", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    events = project / "briefings" / "baltic-cable-damage" / "events.yaml"
    broken = "- id: broken\n  date: 2023-13-01\n  title: Broken\n  sources: [yle-2023-10-10]\n"
    events.write_text(events.read_text() + broken, encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "events.yaml:27:9: error: 'date' cannot be '2023-13-01': there is no month 13" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site.*")), "no staging folder is left behind"


def test_plain_mkdocs_build_generates_through_the_hook(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / BALTIC).is_file()


def test_the_theme_compiled_once_is_compiled_again_when_edited(tmp_path: Path) -> None:
    # MkDocs makes a new Jinja environment on every build (the preview's every save): the hook
    # gives it Jinja's cache of compiled templates, which must still see an edited template.
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    assert subprocess.run(build, cwd=project, capture_output=True, timeout=300).returncode == 0
    assert list((project / ".cache" / "briefing" / "templates").iterdir()), "no compiled template was kept"
    main = project / "generator" / "theme" / "main.html"
    main.write_text(main.read_text().replace("{% block extrahead %}", "{% block extrahead %}<!-- edited theme -->"))
    result = subprocess.run(build, cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "<!-- edited theme -->" in (project / "site" / BALTIC).read_text(encoding="utf-8")


def test_compiled_templates_that_cannot_be_read_or_kept_fail_no_build(tmp_path: Path) -> None:
    # The cache is only ever an optimisation: a torn entry is compiled again, a deleted folder skipped.
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "<p>{{ 6 * 7 }}</p>"}),
                             bytecode_cache=compiled_templates(tmp_path))
    assert env.get_template("page.html").render() == "<p>42</p>"
    entries = [p for p in (tmp_path / ".cache" / "briefing" / "templates").rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(jinja2.bccache.bc_magic + b"torn")  # Jinja's header, then no valid checksum
    fresh = env.overlay()
    fresh.cache = {}  # as MkDocs' next build: a new environment, which reads the entries again
    assert fresh.get_template("page.html").render() == "<p>42</p>"
    shutil.rmtree(tmp_path / ".cache")
    again = env.overlay()
    again.cache = {}
    assert again.get_template("page.html").render() == "<p>42</p>"

