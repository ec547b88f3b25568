"""What each kind of page is made from: its declared inputs (PageInputs) and the small values they hold.

A page's inputs are both what its template is given and its key in the page store: the values
here hold what a page shows, so that its key changes whenever the page would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from generator.model.briefing import Site
from generator.model.contract import Actor
from generator.model.dates import FuzzyDate
from generator.resolve import pagination


class PageStore(Protocol):
    """What rendering asks of a page cache (generator.output_cache.PageStore is one): the stage knows no cache."""

    def page(self, template: str, context: Mapping[str, Any], make: Callable[[], str],
             path: str | None = None) -> str | None:
        """The page template makes from context: remembered, or make() now; None if the file at path holds it."""
        ...

    def key_by_files(self, site: Site) -> None:
        """Key the site's briefings by the digests of their files (Site.keys) rather than their content."""
        ...


@dataclass(frozen=True)
class PageInputs:
    """One page as its kind declares it: a template, and all that the template is given.

    context is both what the page shows and its key in the PageStore, so a page cannot show
    what its key leaves out; view adds helpers (Markdown, citations) made from context alone.
    """

    template: str
    context: dict[str, Any]
    view: Callable[[dict[str, Any]], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Title:
    """The one field of a briefing's meta that a page linking to it shows."""

    title: str


@dataclass(frozen=True)
class BriefingLink:
    """What a page shows of a briefing it links to: its slug and title (b.slug, b.meta.title)."""

    slug: str
    meta: Title


class Neighbour(NamedTuple):
    """The previous or next page of a list split into pages: its address and its name."""

    url: str
    name: str


class Use(NamedTuple):
    """An item citing a source, as a publisher's page shows it."""

    briefing: BriefingLink
    kind: str
    anchor: str
    label: str
    words: str = ""  # a quote's words: its label shows the first of them (environment.quote_label)


class Related(NamedTuple):
    """A related briefing, as the end of a briefing's page lists it."""

    slug: str
    title: str
    subtitle: str | None


class Card(NamedTuple):
    """A briefing as the home page lists it: its title and summary, the period its events cover, its counts."""

    slug: str
    title: str
    subtitle: str | None
    status: str
    summary: str
    updated: FuzzyDate
    covered: FuzzyDate | None
    events: int
    quotes: int
    figures: int


class Named(NamedTuple):
    """An actor as the list of everyone named lists them: with the number of briefings naming them."""

    actor: Actor
    briefings: int


def neighbour(page: pagination.ListPage | None) -> Neighbour | None:
    """A page's neighbour as its list links to it."""
    return Neighbour(page.url, page.name) if page else None
