"""Dates, quotes and citations as a reader meets them: the timeline's key, gaps and tooltips, tap targets.

Besides the bundled briefing, a fixture with every kind of date (tests/fixtures/timeline) is built
and served: the bundled one has only exact and approximate dates, no gap and no original quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import _root_conftest, served

pytestmark = pytest.mark.browser

KINDS_PAGE = "briefings/kinds-of-date.html"
EDTF = re.compile(r"[~?%]|\.\.|\d{4}-\d\d|\d/\d")


@pytest.fixture(scope="module")
def kinds_site(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture with every kind of date, built on a fixed day and served; its base address."""
    shared = _root_conftest()
    project = shared.make_project(tmp_path_factory.mktemp("kinds"), shared.FIXTURES / "timeline" / "briefings")
    out = project.parent / "site"
    result = shared.run_cli("build", "--today", "2026-11-30", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    with served(out) as address:
        yield address


# The marker of each kind of date: its ::before box, as the timeline and its key draw it.
MARKERS_JS = """() => {
  const look = el => {
    const s = getComputedStyle(el, '::before');
    return [s.width, s.height, s.borderTopStyle, s.borderRadius, s.backgroundColor, s.content].join(' | ');
  };
  const days = {}, key = {};
  for (const day of document.querySelectorAll('.timeline-day')) {
    const kind = [...day.classList].find(c => c.startsWith('timeline-') && c !== 'timeline-day').slice(9);
    days[kind] = days[kind] || look(day);
  }
  for (const item of document.querySelectorAll('.timeline-key li')) key[item.className.slice(13)] = look(item);
  return {days, key, keyText: [...document.querySelectorAll('.timeline-key li')].map(li => li.textContent.trim())};
}"""


def test_the_key_names_each_kind_present_and_each_kind_is_drawn_apart(kinds_site, page):
    page.goto(f"{kinds_site}/{KINDS_PAGE}")
    key = page.locator("ul.timeline-key")
    assert key.is_visible()
    timeline = page.locator("ol.timeline")
    assert key.bounding_box()["y"] < timeline.bounding_box()["y"], "the key stands above the timeline"
    found = page.evaluate(MARKERS_JS)
    kinds = ["exact", "coarse", "approximate", "uncertain", "range", "open"]
    assert sorted(found["days"]) == sorted(kinds)
    assert sorted(found["key"]) == sorted(kinds)
    assert len(set(found["days"].values())) == len(kinds), f"two kinds share a marker: {found['days']}"
    assert len(set(found["key"].values())) == len(kinds), f"two kinds share a key marker: {found['key']}"
    # Screen readers hear the kind in words after each date that is not an exact day.
    spoken = page.locator(".timeline-day .visually-hidden").all_text_contents()
    assert "(approximate date)" in [s.strip() for s in spoken]
    assert page.locator(".timeline-day").count() - len(spoken) == page.locator(".timeline-exact").count()


def test_the_bundled_briefing_has_a_key_of_its_kinds_only(site, page):
    page.goto(site.url(site.briefing))
    present = {c for day in page.locator(".timeline-day").evaluate_all("ds => ds.map(d => d.className)")
               for c in day.split() if c not in ("timeline-day",)}
    listed = {f"timeline-{c.removeprefix('timeline-key-')}"
              for c in page.locator(".timeline-key li").evaluate_all("ls => ls.map(l => l.className)")}
    assert listed == present


def test_tooltips_and_hidden_texts_never_show_edtf(site, kinds_site, page):
    for url in (site.url(site.briefing), f"{kinds_site}/{KINDS_PAGE}", site.url("chronology.html")):
        page.goto(url)
        titles = page.locator("time[title]").evaluate_all("ts => ts.map(t => t.title)")
        assert titles, f"{url}: no fuzzy date with a tooltip"
        raw = [t for t in titles if EDTF.search(t)]
        assert not raw, f"{url}: tooltips in EDTF: {raw}"


def test_long_gaps_are_marked_where_they_fall(kinds_site, page):
    page.goto(f"{kinds_site}/{KINDS_PAGE}")
    gaps = page.locator("li.timeline-gap")
    assert gaps.all_text_contents() == ["11 months later"]
    assert gaps.first.is_visible()
    following = gaps.first.evaluate("g => g.nextElementSibling.nextElementSibling.querySelector('time').textContent")
    assert following == "15 January 2025"
    # The month headings of a long timeline, and a filter hides the gaps it would falsify.
    assert "January 2025" in page.locator(".timeline-month").all_text_contents()
    page.select_option(".timeline-filter select", index=1)
    assert not gaps.first.is_visible()


ALIGNMENT_JS = """() => [...document.querySelectorAll('.timeline-day')].map(day => {
  const s = getComputedStyle(day), b = getComputedStyle(day, '::before');
  const r = day.getBoundingClientRect();
  return {kind: day.className, line: r.left + parseFloat(s.borderLeftWidth) / 2,
          marker: r.left + parseFloat(s.borderLeftWidth) + parseFloat(b.left) + parseFloat(b.width) / 2,
          date: day.querySelector('.timeline-date').getBoundingClientRect().left};
})"""


def test_every_entry_is_aligned_the_range_included(kinds_site, page):
    page.goto(f"{kinds_site}/{KINDS_PAGE}")
    entries = page.evaluate(ALIGNMENT_JS)
    for what in ("line", "marker", "date"):
        spread = max(e[what] for e in entries) - min(e[what] for e in entries)
        assert spread < 0.5, f"{what}s are {spread:.1f}px apart: {entries}"


TARGETS_JS = """sel => [...document.querySelectorAll(sel)].map(a => {
  const r = a.getBoundingClientRect();
  return {text: a.textContent, width: r.width, height: r.height};
})"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_citation_marks_back_links_and_source_links_are_24px_targets(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(site.briefing))
    for selector in ("sup.cite a", "a.cite-back", "a.source-reliability", "a.source-page", "a.place-link"):
        targets = page.evaluate(TARGETS_JS, selector)
        assert targets, f"no {selector}"
        small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
        assert not small, f"{selector} smaller than 24 × 24 px at {width}px: {small[:5]}"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_map_markers_are_24px_targets(site, page, width):
    """The map shrinks with the screen: on the narrowest phone its markers are still a fingertip wide."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(site.briefing))
    targets = page.evaluate(TARGETS_JS, "a.map-marker")
    assert targets, "no map markers"
    small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
    assert not small, f"map markers smaller than 24 × 24 px at {width}px: {small[:5]}"
    # The numbers in the pins, which the list under the map explains, stay 8 px tall or more.
    numbers = page.locator(".map-pin-number").evaluate_all(
        "ns => ns.map(n => parseFloat(getComputedStyle(n).fontSize) * n.getScreenCTM().a)")
    assert numbers and min(numbers) >= 8, f"pin numbers in {min(numbers):.1f} px type at {width}px"


# For each citation mark, whether it sits on the line of the text just before it.
ALONE_JS = """() => {
  const out = [];
  for (const sup of document.querySelectorAll('sup.cite')) {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    let before = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (sup.contains(node)) break;
      if (node.textContent.trim() && (sup.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING))
        before = node;
    }
    if (!before) continue;
    const text = before.textContent, end = text.trimEnd().length;
    const range = document.createRange();
    range.setStart(before, end - 1); range.setEnd(before, end);
    const word = [...range.getClientRects()].pop(), mark = sup.getClientRects()[0];
    if (!word || !mark || !sup.offsetParent) continue;
    const sameLine = mark.top < word.bottom && mark.bottom > word.top && mark.left >= word.right - 1;
    out.push({mark: sup.textContent, after: text.trimEnd().slice(-20), sameLine});
  }
  return out;
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_a_citation_mark_never_starts_a_line(site, kinds_site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in (site.url(site.briefing), f"{kinds_site}/{KINDS_PAGE}"):
        page.goto(url)
        marks = page.evaluate(ALONE_JS)
        assert len(marks) > 10, f"{url}: too few citation marks measured"
        alone = [m for m in marks if not m["sameLine"]]
        assert not alone, f"{url} at {width}px: marks on a line of their own: {alone}"


def test_quotes_read_as_evidence(kinds_site, page):
    page.goto(f"{kinds_site}/{KINDS_PAGE}")
    quote = page.locator("figure.quote").first
    body = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")
    assert quote.locator(".quote-text").evaluate("q => getComputedStyle(q).color") == body
    assert quote.locator(".quote-original-label").text_content() == "Original (Korean):"
    original = quote.locator(".quote-original blockquote")
    assert original.get_attribute("lang") == "ko"
    assert original.evaluate("q => getComputedStyle(q).color") == body
    event = quote.locator(".quote-event a")
    assert event.text_content() == "An agreement is signed after a long pause in the talks"
    assert event.get_attribute("href") == "#agreement"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_the_timeline_quotes_and_sources(kinds_site, site, page, screenshot_dir, width, scheme):
    page.add_init_script("localStorage.clear()")
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    for name, url, selector in (("timeline", f"{kinds_site}/{KINDS_PAGE}", "ol.timeline"),
                                ("quotes", f"{kinds_site}/{KINDS_PAGE}", "figure.quote"),
                                ("sources", site.url(site.briefing), "ol.sources"),
                                ("header", site.url(site.briefing), ".briefing-header")):
        page.goto(url)
        page.wait_for_selector(f"body[data-md-color-scheme={'slate' if scheme == 'dark' else 'default'}]")
        page.add_style_tag(content=".md-header, .md-tabs { position: static !important; }")
        box = page.locator(selector).first.bounding_box()
        shot = screenshot_dir / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True,
                        clip={"x": 0, "y": max(box["y"] - 40, 0), "width": width, "height": box["height"] + 60})
        assert shot.stat().st_size > 0
