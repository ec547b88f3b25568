"""What the search index (Pagefind's) holds after a real build: what readers search for, once, and no more.

Every quote, original, title and event line is findable; event summaries on a small site or when
the site asks (`extra: search_event_summaries`); what repeats other pages (source addresses and grades, the
home page's cards, actor pages' lists) is left out with data-pagefind-ignore. Each briefing page carries
the filters readers narrow by: briefing, tag, actor, year. The index is read from Pagefind's fragments:
one gzip-compressed JSON document per page. Packed for readers (generator/search_packing.py), the index
holds Pagefind's own words in smaller chunks, each where Pagefind's search looks for it, gzipped smaller.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
from pathlib import Path
from typing import Any, get_args

import pytest

from generator.config import SiteConfig
from generator.model.briefing import Site
from generator.model.contract import Actor
from generator.pipeline import resolved_site
from generator.render import pages as render
from generator.render.markup import plain_text
from generator.render.pages import render_site

from conftest import FIXTURES, ROOT, make_project, run_cli

SETTING_OFF = "extra:\n  search_event_summaries: false\n"


def build(tmp: Path, extra: str = "") -> Path:
    """The valid fixture built with the real `briefing build`; extra is put first in mkdocs.yml's extra:."""
    project = make_project(tmp, FIXTURES / "valid" / "briefings")
    if extra:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "\nextra:\n" in text
        config.write_text(text.replace("\nextra:\n", "\n" + extra, 1), encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def entries(project: Path) -> list[dict[str, Any]]:
    """Each indexed page: location (site path), title, text, filters, anchors."""
    docs = []
    for fragment in (project / "site" / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data[data.index(b"{"):])  # after Pagefind's signature
        docs.append({"location": page["url"].lstrip("/"), "title": page["meta"]["title"], "text": page["content"],
                     "filters": page["filters"], "anchors": page["anchors"]})
    return docs


def normal(text: str) -> str:
    """Index text made comparable: whitespace collapsed (Pagefind's text is plain text, not HTML)."""
    return " ".join(html.unescape(text).split())


def searchable(docs: list[dict[str, Any]], page: str = "") -> str:
    """All titles and texts of the entries of one page (or of every page), as comparable text."""
    return normal(" ".join(f"{d['title']} {d['text']}" for d in docs if d["location"].startswith(page)))


def opening(markdown: str, words: int = 6) -> str:
    """The first words of a Markdown field as plain text: enough to tell whether it was indexed."""
    return " ".join(plain_text(markdown).split()[:words])


@pytest.fixture(scope="module")
def site() -> Site:
    return resolved_site(FIXTURES / "valid")[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("search"))


@pytest.fixture(scope="module")
def default(built: Path) -> list[dict[str, Any]]:
    return entries(built)


@pytest.fixture(scope="module")
def without_summaries(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return entries(build(tmp_path_factory.mktemp("search-summaries"), SETTING_OFF))


def test_every_quote_and_original_is_found_on_its_briefing(site: Site, default: list[dict[str, Any]]) -> None:
    quotes = 0
    for briefing in site.published:
        text = searchable(default, f"briefings/{briefing.slug}.html")
        for quote in briefing.quotes:
            quotes += 1
            assert plain_text(quote.text) in text, quote.id
            if quote.original:
                assert plain_text(quote.original.text) in text, f"original of {quote.id}"
    assert quotes >= 3


def test_an_event_is_indexed_once_not_again_in_the_quotes_that_link_it(
        site: Site, default: list[dict[str, Any]]) -> None:
    # A quote's "Event:" link repeats the event's title: left out, so its words open the event itself.
    linked = 0
    for briefing in site.published:
        text = searchable(default, f"briefings/{briefing.slug}.html")
        titles = {e.id: e.title for e in briefing.events}
        for quote in briefing.quotes:
            if quote.event in titles:
                linked += 1
                assert f"Event: {titles[quote.event]}" not in text, quote.id
                assert titles[quote.event] in text, quote.event
    assert linked


def test_titles_summaries_key_points_and_event_lines_are_found(site: Site, default: list[dict[str, Any]]) -> None:
    for briefing in site.published:
        text = searchable(default, f"briefings/{briefing.slug}.html")
        assert briefing.meta.title in text
        assert opening(briefing.meta.summary) in text
        for point in briefing.meta.key_points:
            assert opening(point.text) in text
        for event in briefing.events:
            assert event.title in text, event.id
            assert event.date.words() in text, event.id
            if event.location:
                assert event.location in text, event.id
            for actor_id in event.actors:
                assert site.actors[actor_id].name in text, (event.id, actor_id)


def test_event_summaries_are_found_on_a_small_site_unless_turned_off(
        site: Site, default: list[dict[str, Any]], without_summaries: list[dict[str, Any]]) -> None:
    summaries = [opening(e.summary) for b in site.published for e in b.events if e.summary]
    assert summaries
    kept, left_out = searchable(default), searchable(without_summaries)
    for summary in summaries:
        assert summary in kept
        assert summary not in left_out


@pytest.mark.parametrize(("setting", "limit", "indexed"), [
    (None, 1000, True),  # a small site: its summaries are searchable
    (None, 2, False),  # past the limit: left out
    (True, 2, True),  # the site asks for them
    (False, 1000, False),  # the site turns them off
])
def test_a_site_past_the_limit_leaves_event_summaries_out_unless_it_asks(
        site: Site, monkeypatch: pytest.MonkeyPatch, setting: bool | None, limit: int, indexed: bool) -> None:
    monkeypatch.setattr(render, "SUMMARIES_INDEXED_UP_TO", limit)
    pages = render_site(site, SiteConfig(search_event_summaries=setting))
    divs = re.findall(r'<div class="timeline-summary"[^>]*>', "".join(pages.values()))
    assert divs and all(("data-pagefind-ignore" in d) != indexed for d in divs)


def test_a_source_is_found_by_title_and_date_once_not_by_address_or_grade(
        site: Site, default: list[dict[str, Any]]) -> None:
    everything = searchable(default)
    sources = [site.sources[i] for i in {i for b in site.published for i in b.cited_source_ids()}]
    assert sources
    for source in sources:
        assert everything.count(source.title) == 1, source.id
        assert source.publisher in searchable(default, "sources"), source.id  # the heading above it
        for hidden in (source.url, source.archive_url):
            if hidden:
                assert hidden not in everything, source.id
    # The kind and grade badges ("Official", "A2") are left out, as are the access dates.
    source_text = " ".join(d["text"] for d in default if d["location"].startswith("sources"))
    for source in sources:
        if source.reliability:
            assert not re.search(rf"\b{source.reliability}\b", source_text), source.id
        if source.kind:
            assert source.kind.capitalize() not in source_text, source.id
        assert "accessed" not in source_text.lower()


def test_actor_pages_are_found_by_name_and_do_not_list_briefings(default: list[dict[str, Any]]) -> None:
    actor_entries = [d for d in default if d["location"].startswith("actors/")]
    assert actor_entries
    assert "Mentioned in" not in searchable(default, "actors/")
    ukraine = searchable(default, "actors/ukraine.html")
    assert ukraine.startswith("Ukraine") and "Україна" in ukraine


def test_actor_page_headings_stay_in_the_table_of_contents(built: Path) -> None:
    page = (built / "site" / "actors" / "ukraine.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 data-pagefind-ignore[^>]* id="quotes"', page)
    assert 'href="#quotes"' in page and 'href="#events"' in page  # the table of contents links them


def test_home_page_leaves_its_cards_to_the_briefings(site: Site, default: list[dict[str, Any]]) -> None:
    home = searchable(default, "index.html")
    for briefing in site.published:
        assert opening(briefing.meta.summary) not in home
    assert "As of" not in home


def test_pages_listing_the_briefings_titles_again_leave_them_to_the_briefings(
        site: Site, built: Path, default: list[dict[str, Any]]) -> None:
    # The tags page and the open-data page name every briefing again: as results they were noise
    # beside the briefing itself, and at 1,000 briefings texts of 27 and 17 KB to fetch.
    assert {d["location"] for d in default} >= {"index.html", "data/index.html", "sources.html"}
    assert not [d for d in default if d["location"] in ("tags.html", "404.html")]
    data = searchable(default, "data/index.html")
    assert "Open data" in data and "Per briefing" in data
    for briefing in site.published:
        assert briefing.meta.title not in data
    # The search's glob leaves out the root pages starting with 4 or t: those two, and no other.
    assert sorted(p.name for p in (built / "site").glob("[4t]*.html")) == ["404.html", "tags.html"]


def test_briefing_pages_carry_the_filters_readers_narrow_by(site: Site, default: list[dict[str, Any]]) -> None:
    for briefing in site.published:
        page = next(d for d in default if d["location"] == f"briefings/{briefing.slug}.html")
        filters = page["filters"]
        assert filters["briefing"] == [briefing.meta.title]
        assert sorted(filters.get("tag", [])) == sorted(site.tag_labels(briefing.meta.tags).values())
        assert {site.actors[a].name for e in briefing.events for a in e.actors} <= set(filters["actor"])
        assert {str(e.date.lower.year) for e in briefing.events} == set(filters["year"])


def test_the_search_dialog_names_every_filter_the_index_holds(default: list[dict[str, Any]]) -> None:
    # The dialog shows the filters by name before their values are fetched (docs/assets/pagefind-lazy/).
    partial = (ROOT / "generator" / "theme" / "partials" / "site-search.html").read_text(encoding="utf-8")
    named = re.search(r'data-filters="([^"]*)"', partial)
    assert named, "site-search.html names no filters"
    assert set(named.group(1).split()) == {name for d in default for name in d["filters"]}


def test_excerpts_read_as_the_page_without_marks_or_gaps(default: list[dict[str, Any]]) -> None:
    everything = " ".join(d["title"] + " " + d["text"] for d in default)
    generated = " ".join(d["title"] + " " + d["text"] for d in default if not d["location"].startswith("guide/"))
    assert "¶" not in generated, "a heading's permalink mark was indexed"
    assert not re.search(r"\w \.", generated), "a space before a full stop: a left-out citation mark's trace"
    assert "Skip to content" not in everything and "Back to top" not in everything
    # A label that repeats on every actor's page reads as noise in an excerpt ("… of parliament Person.").
    kinds = "|".join(k.capitalize() for k in get_args(get_args(Actor.model_fields["kind"].annotation)[0]))
    assert not re.search(rf"\b({kinds})\.", generated), "an actor's kind label was indexed"
    assert not [d for d in default if d["location"] == "404.html"]


def test_the_benchmarks_naive_variant_indexes_everything(site: Site) -> None:
    """benchmarks/measure.py measures against an index of everything: its rewrite must keep up."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from measure import VARIANTS
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    naive, summaries = VARIANTS["naive"], VARIANTS["with-event-summaries"]
    assert naive and summaries
    pages = render_site(site)
    assert any("data-pagefind-ignore" in text for text in pages.values())
    for path, text in pages.items():
        rewritten = naive(text)
        assert "data-pagefind-ignore" not in rewritten, path
        assert "\nsearch:" not in rewritten.split("\n---\n", 1)[0], path  # the front matter
    briefing = next(t for p, t in pages.items() if p.startswith("briefings/") and "timeline-summary" in t)
    assert '<div class="timeline-summary">' in summaries(briefing)


def test_the_preview_indexes_at_the_lowest_cpu_priority(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Pagefind takes every core for seconds while the analyst goes on saving: the next save's
    # regeneration must not wait for it (the preview's saves at 1,000 briefings waited 0.9 s).

    from generator import hooks, search_index

    commands: list[list[str]] = []

    class Run:
        """Pagefind's process as index_search starts it, finishing at once."""

        returncode = 0

        def __init__(self, command: list[str], **_: Any) -> None:
            commands.append(command)

        def communicate(self, timeout: float | None = None) -> tuple[str, str]:
            return "", ""

    monkeypatch.setattr(search_index.subprocess, "Popen", Run)
    hooks._search_index.request(tmp_path)  # what the preview does after each rebuild
    worker = hooks._search_index.worker
    if worker is not None:
        worker.join(timeout=60)
    search_index.index_search(tmp_path)  # what `briefing build` does
    assert commands[0][1:3] == ["-n", "19"] and Path(commands[0][0]).name == "nice"
    assert commands[0][3:] == commands[1]  # the same Pagefind run, only lower in priority
    assert commands[1][0] == sys.executable



def _index_words(folder: Path) -> tuple[list[list[Any]], list[list[str]]]:
    """A Pagefind folder's words, chunk by chunk, and the chunks' bounds as its meta index lists them."""
    from generator import search_packing

    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    meta = search_packing._read(folder / f"pagefind.{language['hash']}.pf_meta")
    chunks = [search_packing._read(folder / "index" / f"{name}.pf_index")[0] for _, _, name in meta[2]]
    assert sorted(p.stem for p in (folder / "index").iterdir()) == sorted(name for _, _, name in meta[2])
    return chunks, [[start, end] for start, end, _ in meta[2]]


def _chunks_searched(term: str, bounds: list[list[str]]) -> set[int]:
    """The chunks Pagefind's search (1.5, pagefind_web's request_indexes) fetches for a term."""
    strict = {i for i, (start, end) in enumerate(bounds) if start <= term <= end}
    if strict:
        return strict
    return {i for i, (start, end) in enumerate(bounds)
            if term[:len(start)] >= start[:len(term)] and term[:len(end)] <= end[:len(term)]}


def test_packed_chunks_hold_pagefinds_words_where_its_search_looks(built: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Pagefind's own index of the site, then packed in chunks small enough for this small site to
    # need many: the same words with the same entries, in the same order, and whatever a reader has
    # typed (three letters or more) fetches the one chunk that holds every word starting with it.
    import shutil
    import subprocess

    from generator import search_index, search_packing

    own = tmp_path / "own"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(built / "site"), "--output-path", str(own),
                    *search_index.PAGEFIND_ARGS], check=True, capture_output=True)
    packed = tmp_path / "packed"
    shutil.copytree(own, packed)
    monkeypatch.setattr(search_packing, "CHUNK_ENTRIES", 300)
    search_packing.pack(packed)
    own_chunks, _ = _index_words(own)
    chunks, bounds = _index_words(packed)
    assert len(chunks) > 4 * len(own_chunks)
    assert [w for chunk in chunks for w in chunk] == [w for chunk in own_chunks for w in chunk]
    where = {word[0]: i for i, chunk in enumerate(chunks) for word in chunk}
    for word in where:
        for length in range(3, len(word) + 1):
            typed = word[:length]
            holding = {i for w, i in where.items() if w.startswith(typed)}
            assert _chunks_searched(typed, bounds) == holding, (typed, bounds[min(holding)])


def test_the_index_is_gzipped_again_smaller_with_the_same_content(built: Path) -> None:
    # Every reader who searches downloads Pagefind's WebAssembly, its meta index and a chunk per
    # word: each as libdeflate's strongest level makes it (4 to 10% under Pagefind's own gzip).
    import deflate

    folder = built / "site" / "pagefind"
    files = [p for p in folder.rglob("*") if p.suffix in (".pf_meta", ".pf_index", ".pf_filter", ".pagefind")]
    assert {p.suffix for p in files} == {".pf_meta", ".pf_index", ".pf_filter", ".pagefind"}
    for path in files:
        packed = path.read_bytes()
        content = gzip.decompress(packed)
        assert content.startswith(b"pagefind_dcd") or path.suffix == ".pagefind", path
        assert len(packed) <= len(deflate.gzip_compress(content, 12)), path  # zlib's default makes it 4-10% larger
