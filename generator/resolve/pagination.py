"""Where the site-wide lists go: on one page while they are short, split once they are long.

The sources page and the chronology list the whole site. On one page they grow with every
briefing (at 200 briefings, 11 MB and 4 MB of Markdown), every edit changes them, and the live
preview spends most of a rebuild on them. Past a size, the sources are split into one page per
publisher and the chronology into one page per month, each listed on the index page, and a
publisher or month with more than a page holds is continued on further pages: no page grows with
the site, and an edit changes the few pages it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from generator import urls
from generator.model.briefing import Briefing
from generator.model.contract import Event, Source
from generator.model.dates import PRECISIONS

# Past these, a list is split: a page of about 300 sources (with what cites each) or 500 events
# is some 500 KB of HTML, which a phone still opens quickly.
MAX_SOURCES_ON_ONE_PAGE = 300
MAX_EVENTS_ON_ONE_PAGE = 500
T = TypeVar("T")
MONTH_RANK = PRECISIONS.index("month")  # months and days are listed by month
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass
class ListPage:
    """One page of a split list: its path under docs/, and its place among its group's pages."""

    path: str  # e.g. "sources/reuters.md", "chronology/2024-10-2.md"
    title: str  # the publisher, or the month: "October 2024"
    part: int = 1
    parts: int = 1

    @property
    def name(self) -> str:
        """'October 2024', or 'October 2024 (2 of 3)' when the month needs several pages."""
        return self.title if self.parts == 1 else f"{self.title} ({self.part} of {self.parts})"

    @property
    def url(self) -> str:
        """The page's address relative to the site root."""
        return urls.page(self.path)


@dataclass
class PublisherPage(ListPage):
    """Sources of one publisher (or of every publisher, when they all fit on one page)."""

    publishers: list[tuple[str, list[Source]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many sources the page lists."""
        return sum(len(group) for _, group in self.publishers)


@dataclass
class MonthPage(ListPage):
    """Events of one month, earliest first."""

    year: int = 0
    events: list[tuple[Briefing, Event]] = field(default_factory=list)


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _parts(path: Callable[[str, int], str], stem: str, count: int) -> list[str]:
    """The paths of a list's pages: its first, then its continuations."""
    return [path(stem, part) for part in range(1, count + 1)]


def source_pages(publishers: list[tuple[str, list[Source]]]) -> list[PublisherPage]:
    """One page for every source while they are few; else pages per publisher, none too long."""
    if sum(len(group) for _, group in publishers) <= MAX_SOURCES_ON_ONE_PAGE:
        return [PublisherPage(urls.SOURCES_MD, "Sources", publishers=publishers)]
    pages: list[PublisherPage] = []
    # Two publishers never share a page, even when their names make the same slug.
    stems = urls.unique_slugs((publisher for publisher, _ in publishers), empty="publisher")
    for publisher, group in publishers:
        chunks = _chunks(group, MAX_SOURCES_ON_ONE_PAGE)
        paths = _parts(urls.publisher_md, stems[publisher], len(chunks))
        pages += [PublisherPage(path, publisher, part, len(chunks), publishers=[(publisher, chunk)])
                  for part, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1)]
    return pages


def _period(event: Event) -> tuple[int, int, int]:
    """(year, precision rank, month) of the page an event is listed on; month 0 when unknown."""
    # An interval open at its start ("../2024-10") belongs where it ends.
    point = event.date.start or event.date.end
    assert point is not None
    # A season ("2024-21") is listed under its first month, as an interval of months is.
    rank = MONTH_RANK if point.precision == "season" else min(PRECISIONS.index(point.precision), MONTH_RANK)
    return point.lower.year, rank, point.lower.month if rank == MONTH_RANK else 0


def _period_page(year: int, rank: int, month: int) -> tuple[str, str]:
    """The file name and title of a period: '2024-10', 'October 2024'; '2024', '2024, month not known'."""
    if rank == MONTH_RANK:
        return f"{year:04d}-{month:02d}", f"{MONTHS[month - 1]} {year}"
    if PRECISIONS[rank] == "year":
        return f"{year:04d}", f"{year}, month not known"
    if PRECISIONS[rank] == "decade":
        return f"{year:04d}s", f"The {year}s"
    last = year + (999 if PRECISIONS[rank] == "millennium" else 99)
    return f"{year:04d}-{last:04d}", f"{year}–{last}"


def month_pages(chronology: list[tuple[Briefing, Event]]) -> list[MonthPage] | None:
    """The chronology by month (a long month on several pages), or None when it fits on one page.

    Events dated no closer than a year ('2024', '202X') are listed before that year's months,
    on a page of their own, rather than under a January they may not belong to.
    """
    if len(chronology) <= MAX_EVENTS_ON_ONE_PAGE:
        return None
    periods: dict[tuple[int, int, int], list[tuple[Briefing, Event]]] = {}
    for pair in chronology:  # already in date order
        periods.setdefault(_period(pair[1]), []).append(pair)
    pages: list[MonthPage] = []
    for (year, rank, month), events in sorted(periods.items()):
        stem, title = _period_page(year, rank, month)
        chunks = _chunks(events, MAX_EVENTS_ON_ONE_PAGE)
        paths = _parts(urls.month_md, stem, len(chunks))
        pages += [MonthPage(path, title, part, len(chunks), year=year, events=chunk)
                  for part, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1)]
    return pages
