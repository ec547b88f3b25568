"""Actors and sources written twice: a briefing's own actor or source that the site-wide files already hold.

An actor matches by name (case, accents and script aside: 'Zelenskyy', 'ZELENSKYY' and 'Зеленський'
are compared by their slug) or by the id its name would make; a source matches by its link, with
'https://www.' and a final '/' left aside. `briefing check` warns about a match, and `briefing add`
offers the matches before it creates a new actor, source or place (places match by name, as actors do).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.exceptions import Problem
from generator.load.reader import Document, RawSite
from generator.urls import slugify

KEYED = {"actors": "name", "sources": "url", "places": "name"}  # the field an item is recognised by


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
    """One actor or source as written: its id, its key, where it stands, and whose it is."""

    item_id: str
    key: str
    doc: Document
    path: tuple[str | int, ...]
    owner: str | None  # the briefing's slug, or None for briefings/actors.yaml and sources.yaml

    @property
    def line(self) -> int:
        return self.doc.where((*self.path, "id"))[0]

    @property
    def where(self) -> str:
        return f"{self.doc.path}:{self.line}"


def written(raw: RawSite, kind: str) -> Iterator[Written]:
    """Every actor or source (kind 'actors' or 'sources') with a readable id and key, site-wide ones first."""
    def scan(doc: Document, base: tuple[str | int, ...], items: Any, owner: str | None) -> Iterator[Written]:
        for i, item in enumerate(items if isinstance(items, list) else []):
            value = item.get(KEYED[kind]) if isinstance(item, dict) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(value, str) and value.strip():
                yield Written(item["id"], key_of(kind, value), doc, (*base, i), owner)

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


def matches(raw: RawSite, kind: str, value: str) -> list[Written]:
    """The actors, sources or places of the whole site that a new one with this name or url would repeat."""
    key = key_of(kind, value)
    by_name = kind != "sources"
    return [w for w in written(raw, kind) if key and (w.key == key or (by_name and w.item_id == key))]


def advice(kind: str, twin: Written, slug: str | None) -> str:
    """How to use an existing actor or source instead of writing it again."""
    noun = kind[:-1]
    if twin.owner in (None, slug):
        return f"use the {noun} '{twin.item_id}' ({twin.where})"
    return (f"move the {noun} '{twin.item_id}' ({twin.where}) to briefings/{kind}.yaml, where every "
            "briefing can use it, and use its id")


def check(raw: RawSite) -> list[Problem]:
    """Warn about each briefing actor whose name is that of a site-wide actor with another id."""
    actors = list(written(raw, "actors"))
    site_wide = {w.key: w for w in reversed(actors) if w.owner is None}
    site_ids = {w.item_id: w for w in site_wide.values()}
    problems = []
    for actor in actors:
        twin = site_wide.get(actor.key) or site_ids.get(actor.key)
        if actor.owner is None or twin is None or twin.item_id == actor.item_id:
            continue  # the same id twice is an error of its own (references.py)
        line, column = actor.doc.where((*actor.path, "name"))
        problems.append(Problem(
            actor.doc.path, line, column,
            f"the actor '{actor.item_id}' has the name of the site-wide actor '{twin.item_id}' ({twin.where})",
            f"use '{twin.item_id}' wherever this briefing names '{actor.item_id}', and delete this actor; "
            "if they are two people, tell their names apart",
            field="name", severity="warning", code="duplicate_actor"))
    return problems

