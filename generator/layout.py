"""Where the site-wide lists go: on one page while they are short, split once they are long.

The sources page and the chronology list the whole site. On one page they grow with every
briefing (at 200 briefings, 11 MB and 4 MB of Markdown), every edit changes them, and the live
preview spends most of a rebuild on them. Past a size, the sources are split into one page per
publisher and the chronology into one page per month, each listed on the index page, and a
publisher or month with more than a page holds is continued on further pages: no page grows with
the site, and an edit changes the few pages it touches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TypeVar

from .model import Briefing, Event, Source

# Past these, a list is split: a page of about 300 sources (with what cites each) or 500 events
# is some 500 KB of HTML, which a phone still opens quickly.
MAX_SOURCES_ON_ONE_PAGE = 300
MAX_EVENTS_ON_ONE_PAGE = 500
SOURCES_PAGE = "sources.md"
CHRONOLOGY_PAGE = "chronology.md"
T = TypeVar("T")
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
        return self.path.removesuffix(".md") + ".html"


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


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _paths(folder: str, stem: str, parts: int, taken: set[str]) -> list[str]:
    """'folder/stem.md', then 'folder/stem-2.md' …, none of them taken before."""
    names = [stem if part == 1 else f"{stem}-{part}" for part in range(1, parts + 1)]
    if taken.intersection(names):  # two publishers with one slug: the second gets another
        return _paths(folder, f"{stem}-{len(taken) + 1}", parts, taken)
    taken.update(names)
    return [f"{folder}/{name}.md" for name in names]


def source_pages(publishers: list[tuple[str, list[Source]]]) -> list[PublisherPage]:
    """One page for every source while they are few; else pages per publisher, none too long."""
    if sum(len(group) for _, group in publishers) <= MAX_SOURCES_ON_ONE_PAGE:
        return [PublisherPage(SOURCES_PAGE, "Sources", publishers=publishers)]
    pages: list[PublisherPage] = []
    taken: set[str] = set()
    for number, (publisher, group) in enumerate(publishers, 1):
        chunks = _chunks(group, MAX_SOURCES_ON_ONE_PAGE)
        # A name in another script has no ASCII slug: it still gets a page of its own.
        paths = _paths("sources", _slug(publisher) or f"publisher-{number}", len(chunks), taken)
        pages += [PublisherPage(path, publisher, part, len(chunks), publishers=[(publisher, chunk)])
                  for part, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1)]
    return pages


def _month(event: Event) -> tuple[int, int]:
    # An interval open at its start ("..2024-10") belongs to the month it ends in.
    day = event.date.lower if event.date.start else event.date.upper
    return day.year, day.month


def month_pages(chronology: list[tuple[Briefing, Event]]) -> list[MonthPage] | None:
    """The chronology by month (a long month on several pages), or None when it fits on one page."""
    if len(chronology) <= MAX_EVENTS_ON_ONE_PAGE:
        return None
    months: dict[tuple[int, int], list[tuple[Briefing, Event]]] = {}
    for pair in chronology:  # already in date order
        months.setdefault(_month(pair[1]), []).append(pair)
    pages: list[MonthPage] = []
    taken: set[str] = set()
    for (year, month), events in sorted(months.items()):
        chunks = _chunks(events, MAX_EVENTS_ON_ONE_PAGE)
        paths = _paths("chronology", f"{year:04d}-{month:02d}", len(chunks), taken)
        pages += [MonthPage(path, f"{MONTHS[month - 1]} {year}", part, len(chunks), year=year, events=chunk)
                  for part, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1)]
    return pages
