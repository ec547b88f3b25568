"""How the pages look: nothing overflows a phone, dark mode stays legible, screenshots to look at."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Outermost elements that stick out past the right edge, ignoring anything inside a box that
# clips or scrolls (Material's table scroll wrapper, the off-canvas drawer, code blocks).
OVERFLOW_JS = """() => {
  const vw = window.innerWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  const clips = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= vw + 1 || getComputedStyle(el).visibility === 'hidden') continue;
    let a = el.parentElement, inside = false;
    for (; a && a !== document.body; a = a.parentElement) if (clips(a)) { inside = true; break; }
    if (inside || wide.some(w => w.el.contains(el))) continue;
    wide.push({el, text: `${name(el.parentElement)} > ${name(el)} (right edge at ${Math.round(r.right)}px)`});
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: vw,
          wide: wide.map(w => w.text)};
}"""

# WCAG contrast of each element's text (and of the timeline dots) against what is behind it.
CONTRAST_JS = """() => {
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const behind = el => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    let color = [255, 255, 255, 1];
    for (const e of chain.reverse()) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) color = over(c, color);
    }
    return color;
  };
  const lum = c => {
    const [r, g, b] = c.slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const out = [];
  for (const sel of ['.timeline-title', '.timeline-date', '.timeline-summary p', '.timeline-details']) {
    for (const el of document.querySelectorAll(sel)) {
      const bg = behind(el);
      out.push({what: sel, min: 4.5, ratio: ratio(over(parse(getComputedStyle(el).color), bg), bg)});
    }
  }
  for (const day of document.querySelectorAll('.timeline-day')) {
    const dot = getComputedStyle(day, '::before');
    const bg = behind(day);
    // An exact day or a period is filled; the other kinds are rings: their border is what shows.
    const fill = parse(dot.backgroundColor), ring = parse(dot.borderTopColor);
    const hollow = ['timeline-coarse', 'timeline-approximate', 'timeline-uncertain', 'timeline-open']
      .some(kind => day.classList.contains(kind));
    const shown = hollow ? ring : fill;
    out.push({what: 'timeline dot (' + day.className + ')', min: 3, ratio: ratio(over(shown, bg), bg)});
  }
  return out;
}"""


def _too_faint(page):
    """Contrast failures on the page, one line each."""
    results = page.evaluate(CONTRAST_JS)
    assert results, "no timeline found to measure"
    return sorted({f"{r['what']}: {r['ratio']:.2f} < {r['min']}" for r in results
                   if r["ratio"] < r["min"]})


def test_nothing_overflows_a_phone_screen(site, page):
    page.set_viewport_size(PHONE)
    problems = []
    for path in site.pages:
        page.goto(site.url(path))
        found = page.evaluate(OVERFLOW_JS)
        if found["scrollWidth"] > found["innerWidth"]:
            problems.append(f"{path}: page is {found['scrollWidth']}px wide on a "
                            f"{found['innerWidth']}px screen")
        problems += [f"{path}: {w}" for w in found["wide"]]
    assert not problems, "\n".join(problems)


READABLE_JS = r"""() => {
  const vw = window.innerWidth;
  const px = el => parseFloat(getComputedStyle(el).fontSize);
  const scrolls = el => {
    for (let a = el; a && a !== document.body; a = a.parentElement)
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return a;
    return null;
  };
  const bad = [];
  for (const t of document.querySelectorAll('.timeline-title')) {
    const w = t.getBoundingClientRect().width;
    if (w < 0.6 * vw || px(t) < 11 || t.scrollWidth > t.clientWidth + 1)
      bad.push(`timeline title "${t.textContent.slice(0, 40)}": ${Math.round(w)}px wide, ${px(t)}px text`);
  }
  for (const table of document.querySelectorAll('.md-typeset table')) {
    const r = table.getBoundingClientRect(), box = scrolls(table), name = table.className;
    if (r.right > vw + 1 && !box) bad.push(`table ${name} is ${Math.round(r.width)}px wide and does not scroll`);
    if (box && box.getBoundingClientRect().right > vw + 1) bad.push(`scroll box of table ${name} is too wide`);
    for (const cell of table.querySelectorAll('th, td')) {
      const head = cell.closest('thead');
      if (head && head.getBoundingClientRect().width <= 1) continue;  // there for screen readers only
      // A word broken in half ("unattrib / uted") by a column narrower than the word.
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of n.textContent.matchAll(/[^\s\u2010-\u2014-]+/g)) {  // a hyphen may end a line
          const range = document.createRange();
          range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          if (tops.size > 1) bad.push(`cell "${cell.textContent.trim().slice(0, 30)}": "${m[0]}" broken across lines`);
        }
      }
      // A long text squeezed into a narrow column reads a word or two per line.
      const squeezed = cell.textContent.trim().length > 60 && cell.clientWidth < 0.4 * vw;
      if (px(cell) < 11 || cell.scrollWidth > cell.clientWidth + 1 || squeezed)
        bad.push(`cell "${cell.textContent.trim().slice(0, 30)}": ${px(cell)}px text, ` +
                 `content ${cell.scrollWidth}px in a ${cell.clientWidth}px column`);
    }
  }
  return bad;
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_timeline_and_tables_stay_readable_on_a_phone(site, page, width):
    page.set_viewport_size({**PHONE, "width": width})
    problems = []
    for path in [site.briefing, *site.built("chronology.html")]:
        page.goto(site.url(path))
        assert page.locator(".timeline-title").count() > 0, f"{path} has no timeline"
        problems += [f"{path}: {p}" for p in page.evaluate(READABLE_JS)]
    assert not problems, "\n".join(problems)


def assert_code_spans_the_screen(page):
    """The page's first code block runs from the screen's left edge past the text's right edge, as wide as the
    text and its margins."""
    block = page.locator("article pre").first.bounding_box()
    text = page.locator("article").bounding_box()
    assert block and text and block["x"] == 0, (block, text)
    assert block["width"] == pytest.approx(text["width"] + 2 * text["x"], abs=1), (block, text)


def test_a_guides_code_block_is_the_width_of_a_phones_screen(site, page):
    """Material sets a code block the width of a phone's screen; the guide's text, wrapped for the search's
    weighting (partials/content.html), keeps it so."""
    page.set_viewport_size(PHONE)
    page.goto(site.url("guide/command-line.html"))
    assert_code_spans_the_screen(page)


def test_a_phone_opens_a_briefing_on_its_title_not_its_tags(site, page):
    """Eight tag chips took four rows above the title at 320 px; a 'Published' badge led the meta line."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url(site.briefing))
    tags = page.locator("nav.md-tags").bounding_box()
    chip = page.locator("nav.md-tags .md-tag").first.bounding_box()
    assert tags and chip and tags["height"] < 2 * chip["height"], (tags, chip)  # one row, scrolled sideways
    title = page.locator("article h1").bounding_box()
    assert title and title["y"] < 200, title
    assert not page.locator(".briefing-status").count()  # every public briefing is published: no badge


def test_the_timeline_filter_groups_tags_and_people(site, page):
    page.goto(site.url(site.briefing))
    groups = page.locator(".timeline-filter optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups == ["Tags", "People and organizations"], groups
    options = page.locator(".timeline-filter option").all_text_contents()
    assert not [o for o in options if o.startswith(("tag ", "#"))], options  # was "tag #international-reaction"
    # Tags read as the chips above the title do: an actor's id by its name, the others by theirs in tags.yaml.
    tags = page.locator(".timeline-filter optgroup[label=Tags] option").all_text_contents()
    assert {"NATO", "South Korea", "International reaction", "Troop numbers"} <= set(tags), tags
    chips = page.locator("nav.md-tags .md-tag").all_text_contents()
    assert "North Korea" in chips and "Military cooperation" in chips and "Russia–Ukraine war" in chips, chips
    assert chips == sorted(chips, key=str.casefold), chips  # not every name before every other tag


def test_dark_mode_toggle_keeps_the_timeline_legible(site, page):
    page.goto(site.url(site.briefing))
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    assert not _too_faint(page), f"light mode: {_too_faint(page)}"

    page.locator("label[for='__palette_1']").click()
    page.wait_for_selector("body[data-md-color-scheme='slate']")
    faint = _too_faint(page)
    assert not faint, "dark mode:\n" + "\n".join(faint)

    page.reload()  # Material remembers the choice
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


def _page_kinds(site):
    kinds = {"home": "index.html", "briefing": site.briefing}
    guides = [p for p in site.pages if p.startswith("guide/")]
    if guides:
        kinds["guide"] = guides[0]
    actors = site.built("actors/*.html")
    if actors:
        kinds["actor"] = next((a for a in actors if not a.endswith("/index.html")), actors[0])
    if site.built("chronology.html"):
        kinds["chronology"] = "chronology.html"
    return kinds


def test_screenshots_of_each_page_kind(site, page, screenshot_dir):
    # Material stores the palette it chose and prefers it to the reader's setting: forget it.
    page.add_init_script("localStorage.clear()")
    taken = []
    for kind, path in _page_kinds(site).items():
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            for scheme, attribute in (("light", "default"), ("dark", "slate")):
                page.set_viewport_size(size)
                page.emulate_media(color_scheme=scheme)
                page.goto(site.url(path))
                # Material applies the preference from its script, just after the load event.
                page.wait_for_selector(f"body[data-md-color-scheme={attribute}]", timeout=5_000)
                shot = screenshot_dir / f"{kind}-{size_name}-{scheme}.png"
                page.screenshot(path=str(shot), full_page=True)
                taken.append(shot)
    assert all(s.stat().st_size > 0 for s in taken)


@pytest.fixture(scope="module")
def long_words_site(site, tmp_path_factory):
    """tests/fixtures/long-words: a long compound in the title, a source and a tag, a long claimant name in a
    chart's legend, a 'New in the update of …' badge beside a range of trillions."""
    from .conftest import built_and_served

    yield from built_and_served("long-words", tmp_path_factory)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_long_words_and_names_never_widen_a_page(long_words_site, page, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{long_words_site}/briefings/long-words.html")
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= found["innerWidth"] and not found["wide"], found
    # The figures' table stays in the content column: at 1280 px it ran under the table of contents.
    content = page.locator("article.md-content__inner").bounding_box()
    table = page.locator("table.figures").bounding_box()
    assert table["x"] + table["width"] <= content["x"] + content["width"] + 1, (table, content)
    assert page.locator("table.figures .badge-new").count() == 1


def test_a_search_for_a_long_word_keeps_the_dialog_on_a_phone_screen(long_words_site, page):
    from .test_search import search

    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{long_words_site}/index.html")
    assert search(page, "Rechtsschutzversicherungsgesellschaftenzusammenschlussverhandlungen")
    dialog = page.evaluate("""() => { const d = document.querySelector('.site-search__dialog');
        return {scroll: d.scrollWidth, client: d.clientWidth}; }""")
    assert dialog["scroll"] <= dialog["client"] + 1, dialog
