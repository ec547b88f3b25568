"""Feed autodiscovery links cost the reader nothing: no failed request, nothing fetched elsewhere.

Material takes every <link rel="alternate"> for a language version of the site and fetches
sitemap.xml beside its address; the theme writes rel="alternate feed", which it does not match.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FEED_LINKS_JS = """() => [...document.querySelectorAll('head link[type]')]
  .filter(l => l.relList.contains('alternate') && l.relList.contains('feed')).map(l => [l.type, l.href])"""


def _requests(page):
    """Every address the page asks for, recorded from now on."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


def test_feed_links_make_no_request_fail_or_leave_the_machine(site, page, watch):
    asked = _requests(page)
    # The site's Atom and JSON feeds everywhere, and on a briefing's page its own two as well.
    for path, count in (("index.html", 1), (site.briefing, 2), ("guide/methodology.html", 1)):
        page.goto(site.url(path), wait_until="networkidle")
        # Material reads the alternate links when its document$ first emits; once that has
        # happened and the wire is quiet again, any sitemap request it made is in `asked`.
        page.wait_for_function("() => window.document$ !== undefined")
        page.evaluate("() => new Promise(done => window.document$.subscribe(() => done(true)))")
        page.wait_for_load_state("networkidle")
        feeds = page.evaluate(FEED_LINKS_JS)
        assert sorted(kind for kind, _ in feeds) == sorted(["application/atom+xml", "application/feed+json"] * count)
        for _, href in feeds:
            assert href.startswith(site.base) and page.request.get(href).status == 200, href
    assert watch.problems() == []
    assert not [url for url in asked if url.endswith("sitemap.xml")], asked


def test_the_watch_catches_materials_sitemap_request_for_a_plain_alternate_link(site, page, watch):
    # Guards the guard: the same page with rel="alternate" alone makes Material fetch
    # feeds/sitemap.xml, which does not exist, and the watch reports it.
    html = (site.root / site.briefing).read_text(encoding="utf-8").replace('rel="alternate feed"', 'rel="alternate"')
    page.route(site.url(site.briefing), lambda route: route.fulfill(body=html, content_type="text/html"))
    # Material asks once its bundle has run, which on a busy machine can come after networkidle:
    # wait for that answer itself rather than for a quiet moment.
    with page.expect_response(lambda response: response.url.endswith("feeds/sitemap.xml"), timeout=15_000):
        page.goto(site.url(site.briefing))
    assert any("sitemap.xml" in problem for problem in watch.problems()), watch.problems()
