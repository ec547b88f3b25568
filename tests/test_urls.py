"""Every address is spelled once, in generator/urls.py: pages, data, feeds, PDFs, and the slugs that name them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator import urls
from generator.load.reader import SLUG
from generator.model.contract import Source
from generator.outputs.feeds import build_feeds
from generator.outputs.open_data import build_exports
from generator.pipeline import resolved_site
from generator.render.pages import render_site
from generator.resolve import pagination

from conftest import FIXTURES, ROOT

GENERATOR = ROOT / "generator"
# What an address of the built site looks like inside a string: a page, a feed, a data file, a PDF.
# (An f-string is read with '{}' for each value: f"{slug}.pdf" is '{}.pdf'.)
ADDRESS = re.compile(r"\.html(?!\.j2)|\.atom\.xml|\b(?:data|feeds|pdf|actors|sources|chronology)/"
                     r"|\bbriefings/(?:\{[^}]*\}|[\w-]+)\.(?:md|html|json)|(?<![\w.}])(?:briefings|schema|feed)\.(?:json|pdf)"
                     r"|^\{\}\.(?:md|html|json|pdf)$")
# Strings that name addresses without building one: a glob over the built site, and command help.
ALLOWED = {
    ("hooks.py", "*.html"),
    ("engines.py", "*.html"),  # the Zensical preview's pages, watched for a finished build
    ("mkdocs_build.py", "briefing-skipped.html"),  # a template's name, not a page
    ("mkdocs_build.py", "{}.json"),  # a part's report in its work folder, not in the site
    ("cli.py", "Also render each briefing and the whole site as PDFs into pdf/ (takes longer)."),
    ("cli.py", "Where to write the PDFs [default: site/pdf/ under the root]."),
    ("cli.py", "Skip briefings.pdf: the briefings' own PDFs only."),
}


def _strings(tree: ast.AST) -> list[str]:
    """The string literals of a module, docstrings left out, each f-string whole with '{}' for its values."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found.append("".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings | inside_fstrings):
            found.append(node.value)
    return found


def test_no_module_but_urls_spells_an_address() -> None:
    spelled = []
    for path in sorted(GENERATOR.rglob("*.py")):
        if path == GENERATOR / "urls.py":
            continue
        for text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if ADDRESS.search(text) and (path.name, text) not in ALLOWED:
                spelled.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert spelled == [], "spell these with generator/urls.py"


@pytest.mark.parametrize("folder", ["render/templates", "outputs/pdf/templates"])
def test_no_template_spells_an_address(folder: str) -> None:
    spelled = [f"{path.name}: {line.strip()[:120]}" for path in sorted((GENERATOR / folder).glob("*.j2"))
               for line in path.read_text(encoding="utf-8").splitlines()
               if ADDRESS.search(re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", line))]
    assert spelled == [], "spell these with the template global `urls`"


def test_the_addresses_are_todays() -> None:
    assert urls.briefing_md("alpha") == "briefings/alpha.md"
    assert urls.briefing_page("alpha") == "briefings/alpha.html"
    assert urls.briefing_page("alpha", "event-1") == "briefings/alpha.html#event-1"
    assert (urls.actor_md("kim"), urls.actor_page("kim")) == ("actors/kim.md", "actors/kim.html")
    assert (urls.HOME_PAGE, urls.SOURCES_PAGE, urls.CHRONOLOGY_PAGE) == ("index.html", "sources.html",
                                                                       "chronology.html")
    assert (urls.ACTORS_PAGE, urls.DATA_PAGE) == ("actors/index.html", "data/index.html")
    assert (urls.publisher_md("reuters"), urls.publisher_md("reuters", 2)) == ("sources/reuters.md",
                                                                               "sources/reuters--2.md")
    assert (urls.month_md("2024-10"), urls.month_md("2024-10", 2)) == ("chronology/2024-10.md",
                                                                       "chronology/2024-10-2.md")
    assert (urls.briefing_data("alpha"), urls.SITE_DATA, urls.SCHEMA_DATA, urls.table_data("events")) == (
        "data/alpha.json", "data/briefings.json", "data/schema.json", "data/events.csv")
    assert (urls.briefing_atom("alpha"), urls.briefing_json_feed("alpha")) == ("feeds/alpha.atom.xml",
                                                                               "feeds/alpha.json")
    assert (urls.SITE_ATOM, urls.SITE_JSON_FEED) == ("feeds/atom.xml", "feeds/feed.json")
    assert (urls.briefing_pdf("alpha"), urls.SITE_PDF) == ("pdf/alpha.pdf", "pdf/briefings.pdf")
    assert urls.citation_anchor(3) == "cite-3"
    assert urls.edit_page("https://github.com/acme/briefs/", "main", "briefings/a/briefing.yaml") == (
        "https://github.com/acme/briefs/edit/main/briefings/a/briefing.yaml")


def test_relative_and_absolute_forms() -> None:
    assert (urls.up(urls.HOME_MD), urls.up(urls.briefing_md("a")), urls.up(urls.month_md("2024-10"))) == (
        "", "../", "../")
    assert urls.relative(urls.briefing_page("a"), urls.SITE_ATOM) == "../briefings/a.html"
    assert urls.relative(urls.SITE_JSON_FEED, urls.briefing_atom("a")) == "feed.json"
    assert urls.relative(urls.actor_page("kim"), urls.ACTORS_PAGE) == "kim.html"
    assert urls.relative(urls.DATA_PAGE, urls.HOME_PAGE) == "data/index.html"
    # With or without a trailing slash, site_url keeps its last segment.
    for site_url in ("https://example.org/briefs", "https://example.org/briefs/"):
        assert urls.absolute(site_url, urls.briefing_page("a")) == "https://example.org/briefs/briefings/a.html"


@pytest.mark.parametrize(("name", "slug"), [
    ("Café Kyiv (2024)", "cafe-kyiv-2024"),  # Latin names as before
    ("Beta Briefing", "beta-briefing"),
    ("Reuters", "reuters"),
    ("Известия", "izvestiia"),  # Cyrillic, transliterated
    ("연합뉴스", "yeonhabnyuseu"),  # Hangul, romanized
    ("日本放送協会", "ri-ben-fang-song-xie-hui"),
    ("—", ""),  # no letter or digit in any script
])
def test_slugify_writes_every_script_in_latin_letters(name: str, slug: str) -> None:
    assert urls.slugify(name) == slug


def test_two_names_never_share_an_address() -> None:
    names = ["Reuters", "REUTERS", "Известия", "ИЗВЕСТИЯ", "연합뉴스", "—", "?!"]
    stems = urls.unique_slugs(names, empty="publisher")
    assert stems["Reuters"] == "reuters" and stems["REUTERS"].startswith("reuters--")
    assert stems["Известия"] == "izvestiia" and stems["연합뉴스"] == "yeonhabnyuseu"
    assert stems["—"].startswith("publisher-") and stems["?!"].startswith("publisher-")
    assert len(set(stems.values())) == len(names)
    assert all(SLUG.fullmatch(part) for stem in stems.values() for part in stem.split("--"))


def test_publishers_in_other_scripts_get_their_own_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "MAX_SOURCES_ON_ONE_PAGE", 1)
    names = ["Reuters", "REUTERS", "Известия", "Интерфакс", "연합뉴스", "조선일보"]
    groups = [(name, [Source(id=f"s{n}", title="T", publisher=name)]) for n, name in enumerate(names)]
    paths = {page.publishers[0][0]: page.path for page in pagination.source_pages(groups)}
    assert paths["Известия"] == "sources/izvestiia.md"
    assert paths["연합뉴스"] == "sources/yeonhabnyuseu.md"
    assert paths["Reuters"] == "sources/reuters.md" and paths["REUTERS"] != paths["Reuters"]
    assert len(set(paths.values())) == len(names)


def test_the_reserved_slugs_are_collected_from_every_output() -> None:
    assert frozenset().union(*urls.RESERVED_BY_OUTPUT.values()) == urls.RESERVED_SLUGS
    assert {"briefings", "schema", "datapackage", "feed"} == urls.RESERVED_SLUGS
    # Every site-wide file an output writes: a briefing whose own file would have its name is refused.
    site, _ = resolved_site(FIXTURES / "valid")
    slugs = {b.slug for b in site.published}
    files = {*build_exports(site), *build_feeds(site, None), *render_site(site), urls.SITE_PDF}
    own = {f(slug) for slug in slugs for f in (urls.briefing_data, urls.briefing_atom, urls.briefing_json_feed,
                                                urls.briefing_md, urls.briefing_pdf)}
    for path in files - own:
        stem = urls.file_name(path).partition(".")[0]
        for per_briefing in (urls.briefing_data, urls.briefing_atom, urls.briefing_json_feed, urls.briefing_md,
                             urls.briefing_pdf):
            if per_briefing(stem) == path:
                assert stem in urls.RESERVED_SLUGS, f"a briefing called '{stem}' would overwrite {path}"


def test_the_theme_spells_only_the_addresses_of_urls_py() -> None:
    """The theme cannot import urls.py: each address it spells out (through MkDocs' url filter, which
    also serves the 404 page at any depth) must stay equal to urls.py's."""
    theme = Path(__file__).resolve().parents[1] / "generator" / "theme"
    known = {urls.CORRECTIONS_GUIDE.split("#")[0], urls.HOME_PAGE, urls.CHRONOLOGY_PAGE, urls.ACTORS_PAGE,
             urls.PLACES_PAGE, urls.SOURCES_PAGE, urls.SITE_ATOM, urls.SITE_JSON_FEED, f"{urls.SEARCH}/",
             "assets/pagefind-lazy/", "assets/search-marks.js"}
    spelled = {(path.name, address) for path in theme.rglob("*.html")
               for address in re.findall(r"'([^'{}]+)'\|url", path.read_text(encoding="utf-8"))}
    assert spelled and {a for _, a in spelled} <= known, sorted(spelled)
    footer = (theme / "partials" / "copyright.html").read_text(encoding="utf-8")
    assert f"{{{{ '{urls.CORRECTIONS_GUIDE.split('#')[0]}'|url|e }}}}#{urls.CORRECTIONS_GUIDE.split('#')[1]}" in footer
    # Nothing is joined to base_url by hand: on the 404 page it is "/", and "/" + "/pagefind/" names a host.
    assert not [p.name for p in theme.rglob("*.html") if re.search(r"base_url[^}]*}}/", p.read_text(encoding="utf-8"))]
