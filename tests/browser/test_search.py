"""The site's search (Pagefind) as a reader uses it: what they type, the first result, filters, keys.

Two sites: the bundled briefing (names, places, numbers, quotes) and the valid fixture, whose quotes
carry originals in Ukrainian and Korean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import BRIEFING, built_and_served

pytestmark = pytest.mark.browser

GRAIN = "briefings/grain-corridor.html"
BALTIC = "briefings/baltic-cable-damage.html"

# (query, the first result's address: its page, and the section it must open where one is given)
BUNDLED = [
    ('"essentially there as mercenaries"', f"{BRIEFING}#q-lee-mercenaries-volunteers"),  # a quoted phrase
    ("goodwill mission as volunteers", f"{BRIEFING}#q-lee-mercenaries-volunteers"),
    ("psychological warfare agents", f"{BRIEFING}#q-ahn-psychological-warfare"),
    ("suffer from food shortages", f"{BRIEFING}#q-ahn-food-shortages"),
    ("cannon fodder", f"{BRIEFING}#q-lee-morale"),  # words of a quote's context
    ("Lee Min-bok", "actors/lee-min-bok.html"),  # a hyphenated name, as typed
    ("Ahn Chan-il", "actors/ahn-chan-il.html"),
    ("Sabrina Singh", "actors/sabrina-singh.html"),
    ("12,000", BRIEFING),  # a number with its separator
    ("10,000 soldiers", f"{BRIEFING}#2024-10-28-pentagon-10000"),
    # A place's name finds its page first: it lists every event there, across briefings.
    ("Kursk", "places/kursk-region.html"),
    ("Seoul", "places/seoul.html"),
    ("Iceland", "places/thingvellir.html"),  # a place found by its country
    ("Thingvellir", "places/thingvellir.html"),  # "Þingvellir" as a keyboard without Þ types it
    ("Путин", "actors/vladimir-putin.html"),  # Cyrillic
    ("이민복", "actors/lee-min-bok.html"),  # Hangul
    ("Zelenskiy", "actors/volodymyr-zelensky.html"),  # another spelling (also_known_as)
    ("Zelenskyy", "actors/volodymyr-zelensky.html"),  # Ukraine's own transliteration: found nothing without it
    ("Kursk oblast", "places/kursk-region.html"),  # a place's other name
    ("mercenarys", f"{BRIEFING}#q-lee-mercenaries-volunteers"),  # another
]
FIXTURE = [
    ("Коридор відкритий", f"{GRAIN}#q-ua-corridor"),  # the Ukrainian original of a quote
    ("한국 항만들은", f"{GRAIN}#q-kim-ports"),  # the Korean original of a quote
    ('"The corridor is open for civilian ships"', f"{GRAIN}#q-ua-corridor"),
    ("Kim Min-ji", "actors/kim-min-ji.html"),
    ("Balticconnector pressure", f"{BALTIC}#balticconnector-pressure-drop"),
    ("Gulf of Finland", BALTIC),
]


@pytest.fixture(scope="module")
def fixture_site(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The valid fixture, built and served like the bundled site."""
    yield from built_and_served("valid", tmp_path_factory)


@pytest.fixture(scope="module")
def hostile_site(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile fixture (markup, template syntax and scripts in every text field), built and served."""
    yield from built_and_served("hostile", tmp_path_factory)


def search(page: Any, query: str) -> list[str]:
    """Open the search with its key, type query, and return the results' addresses (no highlight query)."""
    if not page.locator(".site-search__dialog[open]").count():
        page.keyboard.press("/")
    box = page.locator(".site-search__input")
    box.fill("")
    box.press_sequentially(query, delay=10)
    message = page.locator(".site-search__status")
    message.filter(has_text=re.compile(rf"results? for {re.escape(query)}$")).wait_for(timeout=15_000)
    hrefs = page.locator(".site-search__result > a.site-search__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return [re.sub(r"\?[^#]*", "", h).lstrip("/") for h in hrefs]


def check(page: Any, base: str, queries: list[tuple[str, str]]) -> list[str]:
    page.goto(f"{base}/index.html")
    wrong = []
    for query, expected in queries:
        found = search(page, query)
        # An expected page without a section: any section of it (an actor's page opens at its name).
        if not found or (found[0] if "#" in expected else found[0].split("#")[0]) != expected:
            wrong.append(f"{query!r}: first result {found[:1]}, expected {expected}")
    return wrong


def test_reader_queries_open_the_expected_first_result(site, page, watch):
    wrong = check(page, site.base, BUNDLED)
    assert not wrong, "\n".join(wrong)
    assert not watch.problems(), watch.problems()


def test_originals_and_phrases_of_the_fixture_are_found(fixture_site, page, watch):
    wrong = check(page, fixture_site, FIXTURE)
    assert not wrong, "\n".join(wrong)
    assert not watch.problems(), watch.problems()


def test_filters_narrow_the_results_to_a_briefing(fixture_site, page):
    page.goto(f"{fixture_site}/index.html")
    assert {GRAIN, BALTIC} <= {h.split("#")[0] for h in search(page, "2023")}, "unfiltered, both are found"
    page.locator(".site-search__filter-name", has_text="Briefing").click()
    page.get_by_label(re.compile("^The Black Sea grain corridor")).check()
    page.wait_for_timeout(800)
    hrefs = page.locator(".site-search__result-link").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert any(GRAIN in h for h in hrefs) and not any(BALTIC in h for h in hrefs), hrefs
    for name in ("Actor", "Tag", "Year"):
        assert page.locator(".site-search__filter-name", has_text=name).count() == 1, name


def test_values_ticked_in_one_filter_widen_it(fixture_site, page):
    """Ticking a briefing keeps the others offered, with their own counts; ticking a second adds its results."""
    page.goto(f"{fixture_site}/index.html")
    search(page, "2023")
    page.locator(".site-search__filter-name", has_text="Briefing").click()
    status = page.locator(".site-search__status")
    page.get_by_label(re.compile("^The Black Sea grain corridor")).check()
    status.filter(has_text=re.compile(r"^\d+ results? for 2023$")).wait_for()
    baltic = page.get_by_label(re.compile(r"^Damage to Baltic Sea cables .* \([1-9]\d*\)$"))
    baltic.wait_for(timeout=5_000)  # not hidden at 0 results, as when ticked values all had to be on a page
    page.wait_for_timeout(500)
    grain_only = int(status.inner_text().split()[0])
    baltic.check()
    page.wait_for_function(
        "n => parseInt(document.querySelector('.site-search__status').textContent) > n", arg=grain_only)
    assert page.locator(".site-search__filter[data-filter='briefing'] input:checked").count() == 2


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_the_filters_take_two_rows_and_one_opened_the_width(site, page, width):
    """A reader came for the results: four filters, one under another, pushed them down a phone's screen."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{site.base}/index.html")
    search(page, "Rutte")
    names = page.locator(".site-search__filter-name")
    rows = {round(box["y"]) for box in (names.nth(i).bounding_box() for i in range(names.count()))}
    assert len(rows) == 2, rows
    assert all(names.nth(i).bounding_box()["height"] >= 24 for i in range(names.count()))  # a tap target still
    page.locator(".site-search__filter-name", has_text="Briefing").click()
    opened = page.locator(".site-search__filter[open]").bounding_box()
    panel = page.locator(".site-search__filters").bounding_box()
    assert opened["width"] == pytest.approx(panel["width"], abs=1), (opened, panel)
    order = names.evaluate_all("ns => ns.map(n => [n.textContent, n.getBoundingClientRect().y])")
    assert [name for name, _ in sorted(order, key=lambda pair: pair[1])][:2] == ["Actor", "Briefing"], order


def test_filters_are_fetched_only_when_a_reader_opens_one(fixture_site, page):
    """Every filter's values weigh more than the rest of a query at 1,000 briefings: none until asked for."""
    page.goto(f"{fixture_site}/index.html")
    search(page, "2023")
    fetched = "performance.getEntriesByType('resource').map(e => e.name).filter(u => u.endsWith('.pf_filter'))"
    page.wait_for_load_state("networkidle")
    assert not page.evaluate(fetched)
    names = page.locator(".site-search__filter-name").all_text_contents()
    assert {"Actor", "Briefing", "Tag", "Year"} <= set(names), names  # the filters are offered by name
    page.locator(".site-search__filter-name", has_text="Year").click()
    page.get_by_label(re.compile("^2023")).first.wait_for()
    assert page.evaluate(fetched)
    assert page.locator(".site-search__filter[open]").count() == 1  # it stays open with its values


@pytest.mark.parametrize(("query", "marked"), [("Lee Min-bok", "Min-bok"), ("12,000", "12,000")])
def test_the_words_found_are_marked_as_they_are_written(site, page, query, marked):
    # Pagefind searches "minbok" and "12000": the marks on the page must skip the dash and the comma too.
    page.goto(site.url("index.html"))
    search(page, query)
    href = page.locator(".site-search__result-link").first.get_attribute("href")
    page.goto(site.url(href.lstrip("/")))
    page.locator("article mark").first.wait_for(timeout=10_000)
    assert marked in page.locator("article mark").all_text_contents()


@pytest.mark.parametrize("query", ["zelenskaya", "xyzzy"])  # (zelenskyy is Zelensky's also_known_as now)
def test_a_word_no_page_holds_finds_nothing_rather_than_its_first_letter(site, page, query):
    # Pagefind answers a word its index lacks with the longest start of it the index holds: the "Z" of
    # the guide's "Add Z for UTC" for a misspelt name (a reviewer's), the "X" of "2024-XX" for a made-up word.
    page.goto(site.url("index.html"))
    assert search(page, query) == []
    assert page.locator(".site-search__status").inner_text() == f"No results for {query}"


def test_keyboard_alone_opens_searches_follows_and_closes(site, page):
    page.goto(site.url("index.html"))
    page.keyboard.press("/")
    dialog = page.locator(".site-search__dialog")
    box = dialog.locator(".site-search__input")
    box.wait_for()
    page.wait_for_function("document.activeElement?.matches('.site-search__input')")
    page.keyboard.type("Kursk")
    dialog.locator(".site-search__result-link").first.wait_for()
    page.keyboard.press("Escape")  # the search box clears on the first Escape, the dialog closes on the next
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.locator(".site-search__open").focus()
    page.keyboard.press("Enter")
    box.wait_for()
    # The dialog moves the focus into its box once it is open: typing before that would go elsewhere.
    page.wait_for_function("document.activeElement?.matches('.site-search__input')")
    # Under load the first Escape may close the dialog before the box is cleared: the last
    # query is then still there, as a reader would find it, and is replaced, not typed onto.
    page.keyboard.press("Control+A")
    page.keyboard.type("Kursk")
    first = dialog.locator(".site-search__result-link").first
    first.wait_for()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('site-search__result-link')"):
            break
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href.split("#")[0])))
    page.locator("article mark").first.wait_for(timeout=10_000)  # the words searched for, highlighted


def test_excerpts_leave_out_what_is_there_for_screen_readers(site, page):
    """A map's place links say "Map place 1 Seoul" to screen readers; an excerpt reads "Seoul"."""
    page.goto(site.url("index.html"))
    search(page, "Seoul")
    excerpts = " ".join(page.locator(".site-search__excerpt").all_text_contents())
    assert "Seoul" in excerpts and "Map place" not in excerpts, excerpts


# Names of actors and places with letters Pagefind folds ('ü', 'ó', 'ö': found as 'u', 'o') and letters it
# does not ('Ł', 'Þ'), added to the minimal fixture: (id, name, what a plain keyboard types, its page).
NAMES = [
    ("anna-muller", "Anna Müller", "Anna Muller", "actors/anna-muller.html"),
    ("lukasz-wojcik", "Łukasz Wójcik", "Lukasz Wojcik", "actors/lukasz-wojcik.html"),
    ("zurich", "Zürich", "Zurich", "places/zurich.html"),
    ("thorshofn", "Þórshöfn, Iceland", "Thorshofn, Iceland", "places/thorshofn.html"),
]


def _with_names(briefings: Path) -> None:
    """The minimal fixture with NAMES' actors and places, named by an event of its briefing."""
    with (briefings / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write("".join(f"- id: {i}\n  name: {name}\n  kind: person\n" for i, name, _, page in NAMES
                             if page.startswith("actors/")))
    (briefings / "places.yaml").write_text("".join(
        f"- id: {i}\n  name: {name}\n  latitude: 47.4\n  longitude: 8.5\n  kind: city\n"
        for i, name, _, page in NAMES if page.startswith("places/")), encoding="utf-8")
    with (briefings / "alpha" / "events.yaml").open("a", encoding="utf-8") as events:
        events.write("\n- id: ev-names\n  date: 2024-10-29\n  title: A meeting\n"
                     "  actors: [anna-muller, lukasz-wojcik]\n  places: [zurich, thorshofn]\n  sources: [src-a]\n")


@pytest.fixture(scope="module")
def names_site(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal fixture with NAMES added, built and served."""
    yield from built_and_served("valid-minimal", tmp_path_factory, _with_names)


@pytest.mark.parametrize(("name", "typed", "expected"), [(n, t, p) for _, n, t, p in NAMES])
def test_a_name_typed_on_a_plain_keyboard_finds_its_page_whose_excerpt_spells_it_once(
        names_site, page, name, typed, expected):
    """'Thorshofn' finds Þórshöfn's page, its excerpt the page's own words ('Þórshöfn, Iceland. 47.400° N…'):
    not the name again as typed, which a hidden copy of it showed. Pagefind finds 'Muller' by itself."""
    page.goto(f"{names_site}/index.html")
    for query in (typed, f'"{typed}"'):  # its words, and the name as a phrase
        found = search(page, query)
        assert found and found[0].split("#")[0] == expected, (query, found)
        excerpt = page.locator(".site-search__result").first.locator(".site-search__excerpt").first.inner_text()
        assert name in excerpt, (query, excerpt)
        typed_words = {w.strip(",") for w in typed.split()} - {w.strip(",") for w in name.split()}
        assert not [w for w in typed_words if w in excerpt], f"{query!r}: the name spelled again in {excerpt!r}"


# Each mark on the page opened with the letters just before and after it.
MARKS_IN_WORDS = """() => [...document.querySelectorAll('article mark')].map(m => {
  const before = m.previousSibling ? m.previousSibling.textContent.slice(-1) : '';
  const after = m.nextSibling ? m.nextSibling.textContent.slice(0, 1) : '';
  return [before, m.textContent, after];
})"""


@pytest.mark.parametrize(("query", "marked"), [
    ('"essentially there as mercenaries"', {"essentially there as mercenaries"}),  # the phrase, not its words
    ("goodwill mission as volunteers", {"goodwill", "mission", "volunteers"}),  # not "as" (in "embassy")
    ("Pentag", {"Pentagon"}),  # whole words that begin with a word typed
])
def test_a_result_opens_its_page_with_what_was_found_marked(site, page, query, marked):
    page.goto(site.url("index.html"))
    search(page, query)
    page.locator(".site-search__result-link").first.click()
    page.locator("article mark").first.wait_for(timeout=10_000)
    marks = page.evaluate(MARKS_IN_WORDS)
    assert {m for _, m, _ in marks} == marked, marks
    inside = [m for m in marks if re.match(r"\w", m[0]) or re.match(r"\w", m[2])]
    assert not inside, f"marked inside a word: {inside}"


def test_a_long_filter_lists_a_few_values_and_finds_the_others_by_name(site, page):
    """The bundled briefing names 22 actors: twelve are listed, the others found by the filter's own box."""
    page.goto(site.url("index.html"))
    search(page, "Kursk")
    page.locator(".site-search__filter-name", has_text="Actor").click()
    actors = page.locator(".site-search__filter[data-filter='actor']")
    values = actors.locator(".site-search__value")
    values.first.wait_for()
    assert values.count() == 12, values.all_text_contents()
    rest = actors.locator(".site-search__rest").inner_text()
    assert re.fullmatch(r"\d+ more: type in \u201cFind an actor\u201d above to find one", rest), rest
    assert "Vladimir Putin (1)" not in values.all_text_contents()
    actors.locator(".site-search__find").fill("putin")
    assert values.all_text_contents() == ["Vladimir Putin (1)"]
    page.get_by_label("Vladimir Putin (1)").check()
    page.locator(".site-search__status").filter(has_text="1 result for Kursk").wait_for()
    assert values.all_text_contents() == ["Vladimir Putin (1)"]  # ticked, it stays listed
    assert page.get_by_label("Vladimir Putin (1)").is_checked()


# Pagefind's API answering one result whose excerpts open on a separator, as a window of a timeline may.
SEPARATOR_API = """
export async function options() {}
export async function preload() {}
export async function filters() { return {}; }
export async function search() {
  const data = async () => ({url: "/x.html", meta: {title: "X"},
    excerpt: "\u00b7 Choi Yu-na <mark>said</mark> \u00b7 it",
    sub_results: [{url: "/x.html#e1", title: "Event", excerpt: "<mark>said</mark>", rank: 2},
                  {url: "/x.html#e2", title: "Event", excerpt: ", - <mark>said</mark>, then", rank: 1}]});
  return {results: [{id: "x", data}], filters: {}};
}
"""


def test_an_excerpt_does_not_open_on_a_separator(site, page):
    answer = SEPARATOR_API
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(body=answer, content_type="text/javascript"))
    page.goto(site.url("index.html"))
    page.keyboard.press("/")
    page.locator(".site-search__input").fill("said")
    page.locator(".site-search__result-link").first.wait_for()
    excerpts = page.locator(".site-search__excerpt").all_text_contents()
    assert excerpts == ["Choi Yu-na said \u00b7 it", "said, then"], excerpts


def test_load_more_adds_three_results_and_takes_the_keyboard_there(site, page):
    page.goto(site.url("index.html"))
    search(page, "North Korea")
    results = page.locator(".site-search__result")
    assert results.count() == 3
    page.locator(".site-search__more").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.site-search__result').length === 6")
    assert page.evaluate("document.activeElement === document.querySelectorAll('.site-search__result-link')[3]")


def test_a_failed_fetch_is_said_not_left_searching(site, page):
    """Offline a moment, the results' texts do not come: the reader is told what to do, and doing it works."""
    page.route("**/*.pf_fragment", lambda route: route.abort())
    page.goto(site.url("index.html"))
    page.keyboard.press("/")
    page.locator(".site-search__input").press_sequentially("Kursk", delay=10)
    status = page.locator(".site-search__status")
    status.filter(has_text="could not be made. Check the connection, then reload the page.").wait_for()
    page.unroute("**/*.pf_fragment")
    page.reload()
    assert search(page, "Kursk")


def test_a_filter_counts_each_result_once(site, page):
    """An actor's page links a briefing once for each of their quotes: the briefing is counted once."""
    page.goto(site.url("index.html"))
    search(page, "Lee Min-bok")
    results = int(page.locator(".site-search__status").inner_text().split()[0])
    page.locator(".site-search__filter-name", has_text="Briefing").click()
    values = page.locator(".site-search__filter[data-filter='briefing'] .site-search__value")
    values.first.wait_for()
    counts = {v: int(re.search(r"\((\d+)\)$", v).group(1)) for v in values.all_text_contents()}
    assert counts and all(n <= results for n in counts.values()), (results, counts)


def test_the_open_search_with_results_and_a_filter_is_axe_clean(site, page, axe_script):
    from .test_hygiene import _serious_violations

    page.goto(site.url(BRIEFING))
    search(page, "Kursk")
    page.locator(".site-search__filter-name", has_text="Actor").click()
    page.locator(".site-search__value").first.wait_for()
    problems = _serious_violations(page, axe_script, "search dialog")
    assert not problems, "\n".join(problems)


def test_an_excerpt_of_hostile_text_is_shown_as_text(hostile_site, page, watch):
    """A contributor's markup in the indexed text is shown as the characters written, never as markup."""
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_site}/index.html")
    search(page, "onerror alert")
    excerpts = page.locator(".site-search__excerpt")
    assert excerpts.count() >= 1
    assert not page.locator(".site-search__results :is(img, script, iframe, svg, a:not([class]))").count()
    assert any("onerror" in text for text in excerpts.all_inner_texts())  # the markup is there, as text
    page.wait_for_timeout(500)
    assert alerts == []


def test_search_stays_on_the_site_and_hides_itself_from_disk(site, page, watch, screenshot_dir):
    page.goto(site.url(BRIEFING))
    search(page, "North Korea")
    page.screenshot(path=str(screenshot_dir / "search-results.png"))
    assert not watch.external, watch.external
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any("/pagefind/" in url for url in fetched)
    # Opened from disk, browsers refuse the index: the button is not offered there.
    page.goto(Path(site.root / "index.html").as_uri())
    assert page.locator(".site-search__open").is_hidden()


def test_the_not_found_page_searches_too(site, page, watch):
    # A dead link's page is served at any address, its links root-absolute: the search's own too.
    page.goto(site.url("briefings/no-such-briefing.html"))
    assert page.locator("h1").inner_text() == "Page not found"
    assert search(page, "Kursk"), "no results on the 404 page"
    assert not watch.failed, watch.failed


def test_what_a_reader_types_while_the_search_loads_is_searched_for(site, page):
    """Opened and typed into at once, before Pagefind's API has come (held back here): no letter is lost."""
    def held_back(route):
        page.wait_for_timeout(1500)
        route.continue_()

    page.route("**/pagefind/pagefind.js", held_back)
    page.goto(site.url("index.html"))
    page.keyboard.press("/")
    # 'n' and 'p' are also Material's keys for the next and previous page: the page must stay.
    page.keyboard.type("Pentagonx")
    page.keyboard.press("Backspace")
    box = page.locator(".site-search__input")
    box.wait_for()
    page.locator(".site-search__dialog .site-search__result-link").first.wait_for()
    assert page.url == site.url("index.html")
    assert box.input_value() == "Pentagon"
    assert page.evaluate("document.activeElement?.matches('.site-search__input')")


def _fetched_for(browser: Any, base: str, query: str, delay: int) -> set[str]:
    """The index chunks and result texts one query fetched in a fresh context (empty cache), typed at delay ms a key."""
    context = browser.new_context(base_url=base)
    try:
        page = context.new_page()
        page.goto("index.html")
        page.keyboard.press("/")
        box = page.locator(".site-search__input")
        if delay:
            box.press_sequentially(query, delay=delay)
        else:
            box.fill(query)
        page.locator(".site-search__dialog .site-search__result-link").first.wait_for()
        page.wait_for_timeout(1500)  # a search the typing would still start comes within this
        page.wait_for_load_state("networkidle")
        names = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        return {n.rsplit("/", 1)[-1] for n in names if n.endswith((".pf_index", ".pf_fragment"))}
    finally:
        context.close()


@pytest.mark.parametrize("query", ["Pentagon", "goodwill mission as volunteers"])
def test_a_slow_typist_fetches_what_the_query_needs_and_no_more(site, browser, query):
    """At 450 ms a key (a slow typist, or a phone) no search starts mid-word: nothing is fetched for "P",
    "Pe", "Pen"... (the index chunk of each, and the text of each result shown), only what the query
    needs, as when it is pasted."""
    pasted = _fetched_for(browser, site.base, query, 0)
    typed = _fetched_for(browser, site.base, query, 450)
    assert typed == pasted, f"typed slowly, also fetched {sorted(typed - pasted)}"


# Pagefind's API as the site's wrapper (docs/assets/pagefind-lazy/) sees it, recording what it is asked.
STUB_API = """
export const calls = [];
export async function preload(term) { calls.push(["preload", term]); }
export async function search(term) {
  calls.push(["search", term]);
  await new Promise((resolve) => setTimeout(resolve, 50));  // a search takes time
  return {results: [{id: term}], filters: {}};
}
export async function filters() { return {}; }
"""


def _with_stub_api(site: Any, page: Any) -> None:
    """Open the home page with Pagefind's API replaced by the stub, for the wrapper to be imported alone."""
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(body=STUB_API, content_type="text/javascript"))
    page.goto(site.url("index.html"))


def test_only_finished_words_are_fetched_ahead(site, page):
    """search.js preloads at every key: the wrapper passes on the words finished, each set once."""
    _with_stub_api(site, page)
    calls = page.evaluate("""async (url) => {
        const api = await import(url);
        for (const term of ["P", "Pe", "Pentagon", "Pentagon ", "Pentagon s", "Pentagon so", "Pentagon soldiers"])
            await api.preload(term);
        return api.calls;
    }""", site.url("assets/pagefind-lazy/pagefind.js"))
    assert calls == [["preload", "Pentagon"]]


def test_a_search_overtaken_or_typed_past_is_never_shown(site, page):
    """A search asked while the reader types on waits; overtaken, it answers nothing; an answer typed past
    waits for the next search; an input event that leaves the box as it was holds nothing back."""
    _with_stub_api(site, page)
    got = page.evaluate("""async (url) => {
        const api = await import(url);
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        const ids = (answer) => answer.results.map((r) => r.id);
        const out = {};
        // Typed at 200 ms a key: a search asked 100 ms after a key waits for 400 ms of quiet.
        for (const value of ["S", "Se", "Seo"]) { api.typed(value, "insertText", value.slice(-1)); await sleep(200); }
        const early = api.search("Seo");
        await sleep(100);
        api.typed("Seou", "insertText", "u");
        const later = api.search("Seou");
        out.overtaken = ids(await early);
        out.later = ids(await later);
        // The same value again (a paste over the same words): nothing held back.
        api.typed("Seou", "insertFromPaste", null);
        out.same = ids(await api.search("Seou"));
        // A key while a search runs: that answer waits, empty, for the next search.
        const running = api.search("Seou");
        await sleep(10);
        api.typed("Seoul", "insertText", "l");
        let settled = false;
        running.then(() => { settled = true; });
        await sleep(1200);
        out.held = !settled;
        const next = api.search("Seoul");
        out.released = ids(await running);
        out.next = ids(await next);
        return out;
    }""", site.url("assets/pagefind-lazy/pagefind.js"))
    assert got == {"overtaken": [], "later": ["Seou"], "same": ["Seou"], "held": True, "released": [],
                   "next": ["Seoul"]}, got


def test_the_guides_made_up_examples_are_not_found_and_its_pages_say_they_are_the_guide(site, page):
    """A reader's search finds the briefings' words, not the guide's example YAML, and tells a guide page apart."""
    page.goto(f"{site.base}/index.html")
    # Words only the guide's example of an update holds (docs/guide/writing-a-briefing.md, in a code block).
    assert not [href for href in search(page, "Yong-bok") if href.startswith("guide/")]
    search(page, "Admiralty")
    titles = page.locator(".site-search__result > a.site-search__result-link").evaluate_all(
        "links => links.map(a => [a.getAttribute('href').replace(/^\\//, ''), a.textContent])")
    guide = [title for href, title in titles if href.startswith("guide/")]
    assert guide and all(title.startswith("Guide: ") for title in guide), titles
    assert all(not title.startswith("Guide: ") for href, title in titles if not href.startswith("guide/")), titles


# A ferry's briefing added to the bundled site, its captain's words also added to the bundled briefing (a long
# page, where each word weighs less): a quote of words the guide uses too ("engines", "running").
SHIP = "briefings/hanbit-7.html"
SHIP_BRIEFING = {
    "briefing.yaml": "title: The Hanbit-7 adrift in the Yellow Sea\n"
                     "summary: A ferry lost power off Incheon and was towed to port [@src-coast].\n"
                     "updated: 2024-11-02\n"
                     "key_points:\n  - text: The ferry was towed to port [@src-coast].\n    sources: [src-coast]\n",
    "sources.yaml": "- id: src-coast\n  title: Coast guard statement\n  publisher: Korea Coast Guard\n"
                    "  url: https://example.org/coast\n",
    "events.yaml": "- id: ev-power-lost\n  date: 2024-11-01\n  title: The Hanbit-7 loses power off Incheon\n"
                   "  summary: The ferry drifted for six hours before a tug reached it [@src-coast].\n"
                   "  sources: [src-coast]\n",
    "quotes.yaml": "- id: q-park-safe\n  speaker: park-jae-won\n"
                   "  text: Everyone aboard is safe and the engines are running.\n  sources: [src-coast]\n",
    "figures.yaml": "- id: f-people-aboard\n  measure: people-aboard\n  label: People aboard the Hanbit-7\n"
                    "  value: 212\n  as_of: 2024-11-01\n  sources: [src-coast]\n",
}


def _with_a_ship(briefings: Path) -> None:
    """The bundled briefings with the Hanbit-7's, and its captain's words in the bundled briefing too."""
    with (briefings / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write("\n- id: park-jae-won\n  name: Park Jae-won\n  kind: person\n")
    (briefings / "hanbit-7").mkdir()
    for name, text in SHIP_BRIEFING.items():
        (briefings / "hanbit-7" / name).write_text(text, encoding="utf-8")
    with (briefings / "north-korean-troops-in-russia" / "quotes.yaml").open("a", encoding="utf-8") as quotes:
        quotes.write("\n- id: q-engines-running\n  speaker: volodymyr-zelensky\n"
                     "  text: Everyone aboard is safe and the engines are running.\n"
                     "  sources: [src-zelensky-press-conference-2024-10-28]\n")


@pytest.fixture(scope="module")
def ship_site(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled briefings with the Hanbit-7's added, built and served."""
    yield from built_and_served(None, tmp_path_factory, _with_a_ship)


def test_a_quotes_words_typed_without_quote_marks_find_the_briefings_before_the_guide(ship_site, page):
    """The guide is indexed on purpose, but a reader's search puts the briefings first. Its pages on engines
    and on the command line ranked above both briefings (Pagefind's scores 17.76 and 17.09; the short
    briefing 16.97, the long one 11.06)."""
    page.goto(f"{ship_site}/index.html")
    found = search(page, "engines are running")
    assert set(found[:2]) == {f"{SHIP}#q-park-safe", f"{BRIEFING}#q-engines-running"}, found
    assert found[2:] and all(href.startswith("guide/") for href in found[2:]), found  # found still, after


@pytest.mark.parametrize(("query", "expected"), [
    ("people aboard", f"{SHIP}#people-aboard-the-hanbit-7"),  # the figure's heading holds both, the quote one
    ("aboard is safe", f"{SHIP}#q-park-safe"),
    ("Hanbit-7 drifted", f"{SHIP}#ev-power-lost"),  # an event's title and summary, as they hold both
])
def test_a_result_opens_the_part_that_holds_most_of_the_words_whatever_its_kind(ship_site, page, query, expected):
    page.goto(f"{ship_site}/index.html")
    found = search(page, query)
    assert found[:1] == [expected], found


# Pagefind's API answering one page whose two events hold "troops": the first three times, as "troop" and in a
# word joined by a dash (Pagefind indexes its parts), the second once beside "Kursk".
FORMS_API = """
export async function options() {}
export async function preload() {}
export async function filters() { return {}; }
export async function search() {
  const data = async () => ({url: "/x.html", meta: {title: "X"}, excerpt: "<mark>Troops</mark>",
    raw_content: "Timeline. Troops and troop 2024-troops moved. Troops reached Kursk.",
    anchors: [{element: "h2", id: "timeline", location: 0}, {element: "li", id: "e1", location: 1},
              {element: "li", id: "e2", location: 6}],
    sub_results: [{url: "/x.html#timeline", title: "Timeline", excerpt: "<mark>Troops</mark>",
      weighted_locations: [1, 3, 4, 6, 8].map((location) => ({weight: 1, location}))}]});
  return {results: [{id: "x", data}], filters: {}};
}
"""


def test_a_words_other_forms_count_as_the_word_typed_once(site, page):
    """'troop', 'troops' and '2024-troops' hold one word typed: the event holding 'troops' and 'Kursk' holds more."""
    answer = FORMS_API
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(body=answer, content_type="text/javascript"))
    page.goto(site.url("index.html"))
    assert search(page, "troops Kursk") == ["x.html#e2"]
