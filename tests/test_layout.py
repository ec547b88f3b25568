"""Long site-wide lists are split: sources by publisher, the chronology by month, links intact.

The synthetic corpus of 12 briefings has 360 sources and 600 events, past what one page holds
(generator/resolve/pagination.py); the small fixture sites of the other tests keep one page for each.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pipeline
from generator.model.contract import Event, Source
from generator.resolve import pagination as layout

from test_build import Page
from test_incremental import build, corpus, synthetic_project
from test_site_pages import broken_links

COUNT = 12


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 12 synthetic briefings, generated and built with the real MkDocs."""
    tmp = tmp_path_factory.mktemp("layout")
    project = synthetic_project(tmp, COUNT)
    pipeline.generate(project)
    build(project, tmp / "site")
    return tmp / "site"


def page(site: Path, name: str) -> Page:
    return Page((site / name).read_text(encoding="utf-8"))


def test_the_corpus_is_past_both_limits() -> None:
    briefings = [corpus.briefing(i) for i in range(COUNT)]
    assert sum(len(b["sources"]) for b in briefings) > layout.MAX_SOURCES_ON_ONE_PAGE
    assert sum(len(b["events"]) for b in briefings) > layout.MAX_EVENTS_ON_ONE_PAGE


def test_every_link_and_anchor_resolves_across_the_split_pages(site: Path) -> None:
    broken = broken_links(site)
    assert not broken, "\n".join(broken[:20])


def test_sources_are_listed_by_publisher_each_source_on_one_page(site: Path) -> None:
    index = page(site, "sources.html")
    publisher_pages = [href for _, href in index.links if href.startswith("sources/")]
    assert len(publisher_pages) == len({s["publisher"] for i in range(COUNT) for s in corpus.briefing(i)["sources"]})
    expected = sorted(s["id"] for i in range(COUNT) for s in corpus.briefing(i)["sources"])
    seen = [i for href in publisher_pages for i in page(site, href).ids if i in expected]
    assert sorted(seen) == expected  # every source once, on its publisher's page


def test_a_briefing_links_each_source_to_its_publisher_page(site: Path) -> None:
    briefing = page(site, f"briefings/{corpus.slug_of(0)}.html")
    uses = [href for _, href in briefing.links if href.startswith("../sources") and "#" in href]
    assert uses and all(re.fullmatch(r"\.\./sources/[a-z0-9-]+\.html#[\w-]+", href) for href in uses), uses[:3]


def test_the_chronology_is_split_by_month_in_date_order_with_every_event_once(site: Path) -> None:
    index = page(site, "chronology.html")
    months = [href for _, href in index.links if href.startswith("chronology/")]
    assert months == sorted(months) and len(months) > 1
    events: list[str] = []
    dates: list[str] = []
    for number, href in enumerate(months):
        month = page(site, href)
        dates += re.findall(r'<time datetime="([^"]+)"', (site / href).read_text(encoding="utf-8"))
        events += [h.split("#")[1] for _, h in month.links if h.startswith("../briefings/") and "#" in h]
        neighbours = {h for _, h in month.links if re.fullmatch(r"\.\./chronology/\d{4}-\d{2}\.html", h)}
        # Each month links to the one before and the one after.
        assert neighbours == {f"../{m}" for m in months[max(number - 1, 0):number + 2] if m != href}
    expected = [e["id"] for i in range(COUNT) for e in corpus.briefing(i)["events"]]
    assert sorted(events) == sorted(expected)
    assert len(events) == len(set(events))
    # Earliest first, across the months; each date once, its events under it.
    assert dates == sorted(dates) and len(dates) == len(set(dates)) < len(events)


def test_a_publisher_or_month_longer_than_a_page_continues_on_further_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "MAX_SOURCES_ON_ONE_PAGE", 4)
    monkeypatch.setattr(layout, "MAX_EVENTS_ON_ONE_PAGE", 10)
    project = synthetic_project(tmp_path, 3)
    pipeline.generate(project)
    build(project, tmp_path / "site")
    site = tmp_path / "site"
    assert not broken_links(site)

    sources = page(site, "sources.html")
    parts = [href for _, href in sources.links if re.fullmatch(r"sources/[a-z0-9-]+-\d+\.html", href)]
    assert parts, "no publisher continued on a second page"
    second = (site / parts[0]).read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Sources: [^<]+ \(2 of \d+\)<", second)
    assert 'rel="prev"' in second  # back to the publisher's first page
    expected = sorted(s["id"] for i in range(3) for s in corpus.briefing(i)["sources"])
    listed = [i for _, href in sources.links if href.startswith("sources/") for i in page(site, href).ids
              if i in expected]
    assert sorted(listed) == expected
    assert all(page(site, href).ids.count("b0000-s00") <= 1 for _, href in sources.links if href.startswith("sources/"))

    chronology = page(site, "chronology.html")
    months = [href for _, href in chronology.links if href.startswith("chronology/")]
    events = [h.split("#")[1] for href in months for _, h in page(site, href).links
              if h.startswith("../briefings/") and "#" in h]
    assert sorted(events) == sorted(e["id"] for i in range(3) for e in corpus.briefing(i)["events"])
    assert all(len([h for _, h in page(site, href).links if h.startswith("../briefings/") and "#" in h]) <= 10
               for href in months)


def test_a_publisher_page_address_depends_on_its_name_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "MAX_SOURCES_ON_ONE_PAGE", 2)

    def paths(names: list[str]) -> dict[str, list[str]]:
        groups = [(name, [Source(id=f"s{n}-{i}", title=f"T{i}", publisher=name) for i in range(3)])
                  for n, name in enumerate(names)]
        out: dict[str, list[str]] = {}
        for p in layout.source_pages(groups):
            out.setdefault(p.publishers[0][0], []).append(p.path)
        return out

    few = paths(["Reuters", "Интерфакс"])
    many = paths(["(Reuters) 2", "Associated Press", "Reuters", "REUTERS", "Reuters 2", "Интерфакс", "日本放送協会"])
    assert few["Reuters"] == many["Reuters"] == ["sources/reuters.md", "sources/reuters--2.md"]
    assert few["Интерфакс"] == many["Интерфакс"]  # a name in another script: a hash, not a position
    every = [path for group in many.values() for path in group]
    assert len(every) == len(set(every))  # "Reuters 2" is not Reuters' second page, "REUTERS" not "Reuters"


@pytest.mark.parametrize(("date", "path", "title"), [
    ("2024-10-05", "chronology/2024-10.md", "October 2024"),
    ("../2024-10", "chronology/2024-10.md", "October 2024"),  # open at its start: where it ends
    ("2024", "chronology/2024.md", "2024, month not known"),
    ("2024~", "chronology/2024.md", "2024, month not known"),
    ("202X", "chronology/2020s.md", "The 2020s"),
    ("19XX", "chronology/1900-1999.md", "1900–1999"),
    ("1XXX", "chronology/1000-1999.md", "1000–1999"),
    ("2024-21", "chronology/2024-03.md", "March 2024"),  # a season: under its first month
    ("2024-10-05T09:30:00Z", "chronology/2024-10.md", "October 2024"),
])
def test_an_event_dated_no_closer_than_a_year_is_not_filed_under_january(
        monkeypatch: pytest.MonkeyPatch, date: str, path: str, title: str) -> None:
    monkeypatch.setattr(layout, "MAX_EVENTS_ON_ONE_PAGE", 1)
    filler = [(None, Event(id=f"f{i}", date="2030-01-01", title="filler")) for i in range(2)]
    pages = layout.month_pages([(None, Event(id="e", date=date, title="x")), *filler])  # type: ignore[list-item]
    assert pages is not None
    page = next(p for p in pages if any(e.id == "e" for _, e in p.events))
    assert (page.path, page.title) == (path, title)
