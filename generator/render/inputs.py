"""What each kind of page is made from: its declared inputs (PageInputs) and the small values they hold.

A page's inputs are both what its template is given and its key in the page store: the values
here hold what a page shows, so that its key changes whenever the page would.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from pydantic_core import to_json

from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor, Source
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
    # What stands for context in the page store, made from all that context is made from (actor_key,
    # publisher_key); None: context is the key.
    key: str | None = None
    # The rest of context, made only when it is asked for: when the page is rendered, or keyed without a key.
    # A one-off run keys every page and renders a few (a publisher's uses cost 0.4 s at 1,000 briefings).
    rest: Callable[[], dict[str, Any]] | None = None

    def whole_context(self) -> dict[str, Any]:
        """All that the template is given: the same mapping every time (the preview knows a page's key by it)."""
        return self._whole

    @functools.cached_property
    def _whole(self) -> dict[str, Any]:
        return {**self.context, **self.rest()} if self.rest else self.context


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


def actor_key(actor: Actor, briefings: Sequence[Briefing], mentions: Mapping[str, Mapping[str, bytes]],
              cited: Sequence[Sequence[Source]]) -> str | None:
    """An actor page's key, its inputs not written out: the actor, what each briefing naming them shows on
    it (resolve/backlinks.py's mentions), and the sources each of its quotes cites; None when a briefing's
    share is not known. Renderer._actor_inputs makes the page's inputs from exactly these.
    """
    digest = hashlib.sha256(b"actor\0" + to_json(actor))
    for briefing in briefings:
        shown = mentions.get(briefing.slug, {}).get(f"actor\0{actor.id}")
        if shown is None:
            return None
        digest.update(shown)
    for sources in cited:  # a site-wide source, or another briefing's: not in what the briefings show
        digest.update(b"\0" + to_json(list(sources)))
    return digest.hexdigest()


def publisher_key(page: pagination.PublisherPage, previous: Neighbour | None, following: Neighbour | None,
                  uses: Mapping[str, Sequence[Any]], mentions: Mapping[str, Mapping[str, bytes]]) -> str | None:
    """A publisher's page's key, its inputs not written out: its place in the list, its sources, and what
    each briefing citing each of them shows under it (resolve/backlinks.py's mentions); None when a
    briefing's share is not known. Renderer.publisher_inputs makes the page's inputs from exactly these.
    """
    digest = hashlib.sha256(b"publisher\0" + to_json([page.path, page.name, previous, following]))
    for publisher, sources in page.publishers:
        digest.update(b"\0" + to_json([publisher, sources]))
        for source in sources:
            last = None
            for use in uses.get(source.id, ()):  # each briefing's uses come together (build_references)
                if use.briefing.slug != last:
                    last = use.briefing.slug
                    shown = mentions.get(last, {}).get(f"source\0{source.id}")
                    if shown is None:
                        return None
                    digest.update(shown)
            digest.update(b"\0")
    return digest.hexdigest()
