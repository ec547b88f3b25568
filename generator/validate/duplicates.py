"""Actors and sources written twice: a briefing's own actor or source that the site-wide files already hold.

An actor matches by name (case, accents and script aside: 'Zelenskyy', 'ZELENSKYY' and 'Зеленський'
are compared by their slug), by any of the other spellings its 'also_known_as' lists, or by the id
its name would make; a source matches by its link, with 'https://www.' and a final '/' left aside.
`briefing check` warns about a match, and `briefing add` offers the matches before it creates a new
actor, source or place (places match by name and other spellings, as actors do).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from generator.exceptions import Problem
from generator.load.reader import Document, RawSite
from generator.urls import slugify

KEYED = {"actors": "name", "sources": "url", "places": "name"}  # the field an item is recognised by
OTHER_SPELLINGS = "also_known_as"  # an actor's or place's: matched as its name is


@functools.lru_cache(maxsize=1 << 16)  # every actor's, twice a check
def name_key(name: str) -> str:
    """What two spellings of one name share: their slug."""
    return slugify(name)


@functools.lru_cache(maxsize=1 << 16)  # every source's, on every save of the preview
def url_key(url: str) -> str:
    """What two spellings of one link share: host without 'www.', path without a final '/', query."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def key_of(kind: str, value: str) -> str:
    """The key an actor's or place's name or a source's url is compared by."""
    return url_key(value) if kind == "sources" else name_key(value)


@dataclass(frozen=True)
class Written:
    """One spelling of an actor, place or source as written: its id, key and text, where it stands, whose it is."""

    kind: str  # 'actors', 'places' or 'sources'
    item_id: str
    key: str
    spelling: str  # as written: the name (or url), or one of also_known_as
    name: str  # the item's name (or url)
    doc: Document
    path: tuple[str | int, ...]
    owner: str | None  # the briefing's slug, or None for briefings/actors.yaml and sources.yaml
    other: int | None = None  # the spelling's place in also_known_as; None for the name or url

    @property
    def line(self) -> int:
        return self.doc.where((*self.path, "id"))[0]

    @property
    def where(self) -> str:
        return f"{self.doc.path}:{self.line}"

    @property
    def field(self) -> tuple[str | int, ...]:
        """The path of the spelling in its document."""
        return (*self.path, KEYED[self.kind]) if self.other is None else (*self.path, OTHER_SPELLINGS, self.other)


def _spellings(kind: str, doc: Document, path: tuple[str | int, ...], item: Any,
               owner: str | None) -> Iterator[Written]:
    """An item's name (or url), then each other spelling whose key differs, if the item has a readable id and name."""
    value = item.get(KEYED[kind]) if isinstance(item, dict) else None
    if not (isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(value, str) and value.strip()):
        return
    key = key_of(kind, value)
    yield Written(kind, item["id"], key, value, value, doc, path, owner)
    seen = {key}
    others = item.get(OTHER_SPELLINGS) if kind != "sources" else None
    for i, other in enumerate(others if isinstance(others, list) else []):
        key = key_of(kind, other) if isinstance(other, str) else ""
        if key and key not in seen:
            seen.add(key)
            yield Written(kind, item["id"], key, other, value, doc, path, owner, i)


def written(raw: RawSite, kind: str) -> Iterator[Written]:
    """Every spelling of every actor, place or source (kind 'actors', 'places' or 'sources'), site-wide ones first."""
    def scan(doc: Document, base: tuple[str | int, ...], items: Any, owner: str | None) -> Iterator[Written]:
        for i, item in enumerate(items if isinstance(items, list) else []):
            yield from _spellings(kind, doc, (*base, i), item, owner)

    registry = raw.registries.get(kind)
    if registry is not None:
        yield from scan(registry, (), registry.data, None)
    for briefing in raw.briefings:
        own = briefing.documents.get(kind)
        main = briefing.documents.get("briefing")
        if own is not None:
            yield from scan(own, (), own.data, briefing.slug)
        elif main is not None and isinstance(main.data, dict):
            yield from scan(main, (kind,), main.data.get(kind), briefing.slug)


class Spellings:
    """The spellings of some items, looked up by key: the one place names and links are compared."""

    def __init__(self, items: Iterable[Written]) -> None:
        self.by_key: dict[str, list[Written]] = {}
        self.names: dict[str, Written] = {}  # each item's name by its id: a new name may make that id
        self.order: dict[tuple[str, tuple[str | int, ...]], int] = {}  # each item's place in the order written
        for w in items:
            self.by_key.setdefault(w.key, []).append(w)
            self.order.setdefault((w.doc.path, w.path), len(self.order))
            if w.other is None:
                self.names.setdefault(w.item_id, w)

    def find(self, key: str, by_id: bool = False) -> list[Written]:
        """The items with a spelling of this key (or, by_id, whose id it is), once each, in the order written."""
        hits = list(self.by_key.get(key, ()))  # one spelling an item at most: _spellings yields each key once
        named = self.names.get(key) if by_id else None
        if named is not None and all((w.doc.path, w.path) != (named.doc.path, named.path) for w in hits):
            hits.append(named)
            hits.sort(key=lambda w: self.order[w.doc.path, w.path])
        return hits


def matches(raw: RawSite, kind: str, value: str) -> list[Written]:
    """The actors, sources or places of the whole site that a new one with this name or url would repeat."""
    key = key_of(kind, value)
    return Spellings(written(raw, kind)).find(key, by_id=kind != "sources") if key else []


def _spelled(twin: Written) -> str:
    """Which spelling of the site's item matched, when it is not its name: "'Zelenskyy' is another spelling of …"."""
    return f"'{twin.spelling}' is another spelling of '{twin.name}' ({twin.item_id}), {twin.where}"


def advice(kind: str, twin: Written, slug: str | None) -> str:
    """How to use an existing actor or source instead of writing it again."""
    noun = kind[:-1]
    if twin.other is not None:
        use = "use that id" if twin.owner in (None, slug) else (
            f"move that {noun} to briefings/{kind}.yaml, where every briefing can use it, and use its id")
        return f"{_spelled(twin)}: {use}"
    if twin.owner in (None, slug):
        return f"use the {noun} '{twin.item_id}' ({twin.where})"
    return (f"move the {noun} '{twin.item_id}' ({twin.where}) to briefings/{kind}.yaml, where every "
            "briefing can use it, and use its id")


def _message(actor: Written, twin: Written) -> str:
    """Which spelling of a briefing's actor is which of a site-wide one's (each whole, as the guide quotes it)."""
    ours, theirs = actor.item_id, f"({twin.item_id}), {twin.where}"
    if actor.other is None and twin.other is None:
        return f"the actor '{ours}' has the name of the site-wide actor '{twin.item_id}' ({twin.where})"
    if actor.other is None:
        return (f"the actor '{ours}': '"
                f"{actor.spelling}' is another spelling of the site-wide actor '{twin.name}' {theirs}")
    if twin.other is None:
        return (f"the actor '{ours}': its other spelling '"
                f"{actor.spelling}' is the name of the site-wide actor '{twin.item_id}' ({twin.where})")
    return (f"the actor '{ours}': its other spelling '"
            f"{actor.spelling}' is another spelling of the site-wide actor '{twin.name}' {theirs}")


def check(raw: RawSite) -> list[Problem]:
    """Warn about each briefing actor one of whose spellings is one of a site-wide actor with another id."""
    actors = list(written(raw, "actors"))
    site_wide = Spellings(w for w in actors if w.owner is None)
    problems = []
    for _, spellings_of_one in groupby(actors, key=lambda w: (w.doc.path, w.path)):
        for actor in spellings_of_one:  # its name first: one warning an actor, of the first spelling matched
            if actor.owner is None:
                break
            twin = next(iter(site_wide.find(actor.key, by_id=actor.other is None)), None)
            if twin is None or twin.item_id == actor.item_id:
                continue  # the same id twice is an error of its own (references.py)
            line, column = actor.doc.where(actor.field)
            problems.append(Problem(
                actor.doc.path, line, column, _message(actor, twin),
                f"use '{twin.item_id}' wherever this briefing names '{actor.item_id}', and delete this actor; "
                "if they are two people, tell their names apart",
                field=KEYED["actors"] if actor.other is None else OTHER_SPELLINGS,
                severity="warning", code="duplicate_actor"))
            break
    return problems
