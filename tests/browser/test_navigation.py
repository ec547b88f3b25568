"""What a reader does on a briefing: search, follow citations both ways, read the timeline, tab."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_search_for_words_of_a_quote_opens_the_quote_highlighted(site, page, in_view):
    page.goto(site.url(site.briefing))
    quote = page.locator(".quote-text").first
    quote_id = quote.evaluate("q => q.closest('figure').id")
    words = re.findall(r"[A-Za-z]{6,}", quote.inner_text())[:3]
    assert len(words) == 3, f"quote too short to search for: {quote.inner_text()!r}"

    page.goto(site.url("index.html"))
    page.locator(".site-search__open").click()
    page.locator(".site-search__input").press_sequentially(" ".join(words), delay=20)
    # Under load a pause between keys may show the results of the first words: wait for the whole query's.
    page.locator(".site-search__status").filter(has_text=re.compile(re.escape(" ".join(words)) + "$")).wait_for()
    first = page.locator(".site-search__result-link").first
    first.wait_for(state="visible", timeout=15_000)
    href = first.get_attribute("href")
    assert site.briefing in href, f"searching {words}: first result {href}"

    first.click()
    page.wait_for_url(re.compile(re.escape(site.briefing)))
    assert page.evaluate("location.hash") == f"#{quote_id}"
    assert in_view(page.locator(f"[id='{quote_id}']"))
    marks = page.locator(f"[id='{quote_id}'] mark")
    marks.first.wait_for(timeout=10_000)
    assert {m.lower() for m in marks.all_inner_texts()} >= {w.lower() for w in words}


def test_citations_jump_to_their_source_and_back(site, page, in_view):
    page.goto(site.url(site.briefing))
    cites = page.locator("sup.cite a").evaluate_all(
        "links => links.map(a => [a.id, a.getAttribute('href')])")
    assert cites, "the briefing has no citations"
    # The first and the last citation of each source: every source, in text, tables and quotes.
    per_source: dict[str, list[str]] = {}
    for cite_id, href in cites:
        per_source.setdefault(href, []).append(cite_id)
    chosen = {c for ids in per_source.values() for c in (ids[0], ids[-1])}
    for cite_id, href in cites:
        if cite_id not in chosen:
            continue
        assert re.fullmatch(r"cite-\d+", cite_id), f"citation link without a cite-N id: {cite_id!r}"
        page.locator(f"#{cite_id}").click()
        assert page.evaluate("location.hash") == href
        source = page.locator(f"li{href}")
        assert source.count() == 1, f"{cite_id} points at {href}, which is no source entry"
        assert in_view(source), f"after clicking {cite_id}, source {href} is not in view"

        back = source.locator(f"a.cite-back[href='#{cite_id}']")
        assert back.count() == 1, f"source {href} has no back link to {cite_id}"
        back.click()
        assert page.evaluate("location.hash") == f"#{cite_id}"
        assert in_view(page.locator(f"#{cite_id}")), f"back link did not bring {cite_id} into view"


def test_timeline_is_in_date_order_and_visible(site, page):
    pages = [site.briefing, *site.built("chronology.html")]
    for path in pages:
        page.goto(site.url(path))
        days = page.locator(".timeline-day")
        assert days.count() > 0, f"{path} has no timeline"
        dates = days.evaluate_all(
            "days => days.map(d => d.querySelector('time[datetime]').getAttribute('datetime'))")
        # ISO dates of any precision sort as strings: 2024-10 before 2024-10-28, start of a/b first.
        assert dates == sorted(dates), f"{path}: timeline days out of order: {dates}"
        # A briefing nests events in days; the chronology has one event per day: titles are common.
        titles = page.locator(".timeline-title")
        assert titles.count() >= days.count(), f"{path}: timeline days without a title"
        for i in range(titles.count()):
            title = titles.nth(i)
            assert title.is_visible() and title.inner_text().strip(), (
                f"{path}: timeline title {i + 1} is hidden or empty")


def test_loading_an_event_address_scrolls_it_into_view(site, page, in_view):
    page.goto(site.url(site.briefing))
    ids = page.locator(".timeline-event").evaluate_all("events => events.map(e => e.id)")
    assert all(ids), "every timeline event needs an id to be linked to"
    for event_id in (ids[-1], ids[len(ids) // 2]):
        page.goto(site.url(f"{site.briefing}#{event_id}"))
        page.wait_for_load_state("load")
        event = page.locator(f"[id='{event_id}']")
        assert in_view(event), f"{site.briefing}#{event_id}: the event is not in view (or under the header)"
        assert page.evaluate("document.querySelector(':target')?.id") == event_id


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_a_place_link_shows_its_marker_on_the_map_clear_of_the_header(site, page, width):
    """Tapping '2 Kursk region' scrolled its marker to the top, under the header and Material's 'Back to top'."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.url(site.briefing))
    link = page.locator("a.place-link").nth(1)
    target = link.get_attribute("href")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_timeout(600)  # Material shows 'Back to top' as the page scrolls up
    marker = page.locator(f"[id='{target[1:]}']").bounding_box()
    covers = page.evaluate("""() => [...document.querySelectorAll('.md-header, .md-top')]
        .filter(e => !e.hidden && getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).opacity !== '0')
        .map(e => e.getBoundingClientRect().bottom)""")
    assert marker["y"] >= max(covers) + 8, (target, marker, covers)
    assert marker["y"] + marker["height"] <= 800, (target, marker)


def test_tab_reaches_the_search_box_and_every_citation(site, page):
    page.goto(site.url(site.briefing))
    cite_ids = set(page.locator("sup.cite a").evaluate_all("links => links.map(a => a.id)"))
    focusable = page.evaluate("document.querySelectorAll('a[href], input, button, label[tabindex]').length")
    seen: list[str] = []
    page.locator("body").focus()
    for _ in range(focusable + 20):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'body';
          if (el.matches('.site-search__open')) return 'search';
          return el.id || el.getAttribute('href') || el.tagName;
        }"""))
        if cite_ids <= set(seen) and "search" in seen:
            break
    assert "search" in seen, f"Tab never reached the search box; focus went through {seen[:15]}…"
    missing = sorted(cite_ids - set(seen), key=lambda c: int(c.split("-")[1]))
    assert not missing, f"Tab never reached citations {missing}"


def test_pdf_and_data_download_links_resolve(site, page):
    page.goto(site.url(site.briefing))
    links = page.locator(".briefing-downloads a").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.href])")
    labels = [label for label, _ in links]
    assert "PDF" in labels and "data (JSON)" in labels, labels
    expected = {".pdf": b"%PDF", ".json": b"{", ".xml": b"<?xml", ".html": b"<!doctype html>"}
    for label, href in links:
        if "/edit/" in href:
            continue
        response = page.request.get(href)
        assert response.status == 200, f"{label}: {href} → {response.status}"
        body = response.body()
        start = next((v for k, v in expected.items() if href.split("#")[0].endswith(k)), b"")
        assert body.lstrip().lower().startswith(start.lower()), f"{label}: {href} starts {body[:20]!r}"
    # The open-data page links every download of the whole site too.
    page.goto(site.url("data/index.html"))
    own = site.url("")
    for href in page.locator(".data-files a").evaluate_all("links => links.map(a => a.href)"):
        if href.startswith(own):  # a link to a standard's own page explains a file; it is not one
            assert page.request.get(href).status == 200, href


# Where the focus is, and whether a reader can see it there (an off-screen or hidden element cannot be).
FOCUS_JS = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const seen = box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth
    && getComputedStyle(el).visibility !== 'hidden';
  return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40), seen,
          drawer: !!el.closest('.md-sidebar--primary'), menu: el.matches('.md-header .drawer-button')};
}"""


@pytest.mark.parametrize("width", [320, 390, 1024])
def test_on_a_narrow_screen_the_keyboard_opens_the_drawer_and_never_tabs_into_it_closed(site, page, width):
    """The navigation is a drawer below 1220 px: Tab skips its links while it is closed, reaches its button,
    Enter opens it with the focus on its first link, Escape closes it and gives the focus back, and tabbing past
    its last link closes it."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.url(site.briefing))
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_JS))
    unseen = [s for s in stops if s["drawer"] or not (s["seen"] or s["tag"] == "INPUT")]  # the palette's is 0×0
    assert not unseen, f"Tab went where a reader cannot see: {unseen}"
    assert any(s["menu"] for s in stops), "Tab never reached the navigation's button"
    page.locator("body").focus()
    while not page.evaluate(FOCUS_JS)["menu"]:
        page.keyboard.press("Tab")
    assert page.get_attribute('.md-header .drawer-button', "aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the drawer slides in
    opened = page.evaluate(FOCUS_JS)
    assert opened["drawer"] and opened["seen"], opened
    assert page.get_attribute('.md-header .drawer-button', "aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)["seen"]
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert page.evaluate(FOCUS_JS)["menu"]
    assert not page.locator(".md-sidebar--primary a[href]").first.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    for _ in range(page.locator(".md-sidebar--primary a[href]").count() + 1):
        page.keyboard.press("Tab")
        if not page.evaluate(FOCUS_JS)["drawer"]:
            break
    page.wait_for_timeout(400)
    assert page.evaluate(FOCUS_JS)["seen"], "the focus left the drawer for a spot no one can see"
    assert not page.evaluate("document.getElementById('__drawer').checked"), "the drawer stayed open over the page"
