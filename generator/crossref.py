"""Cross-reference checks: ids unique site-wide, every reference known, every claim cited.

Also the editorial warnings a reviewer would otherwise have to spot (uncited sources, a source
with no link, a measure without a label, an event dated after the source that reports it).
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .citations import cited_ids
from .exceptions import Problem
from .load import LIST_FILES, Document, RawSite
from .model import KIND_NAMES, RESERVED_IDS, Actor, Briefing, Site, Source

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Place:
    """Where an item was written: its document and path, and the briefing that owns it."""

    doc: Document
    path: PathT
    kind: str  # events, quotes, figures, sources, actors
    owner: str | None  # briefing slug, or None for the site-wide registries


def _places(raw: RawSite) -> list[tuple[str, Place]]:
    """Every item with an id in the raw data, in file order."""
    found: list[tuple[str, Place]] = []

    def scan(doc: Document, base: PathT, items: Any, kind: str, owner: str | None) -> None:
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    found.append((item["id"], Place(doc, (*base, i), kind, owner)))

    for kind, doc in raw.registries.items():
        scan(doc, (), doc.data, kind, None)
    for briefing in raw.briefings:
        main = briefing.documents.get("briefing")
        for kind in LIST_FILES:
            sibling = briefing.documents.get(kind)
            if sibling is not None:
                scan(sibling, (), sibling.data, kind, briefing.slug)
            elif main is not None and isinstance(main.data, dict):
                scan(main, (kind,), main.data.get(kind), kind, briefing.slug)
    return found


class Checker:
    """Collects the problems of one site's cross-references."""

    def __init__(self, site: Site, registry: dict[str, list[Any]], raw: RawSite):
        self.site = site
        self.problems: list[Problem] = []
        self.places: dict[str, Place] = {}
        self.kinds: dict[str, Place] = {}
        for item_id, place in _places(raw):
            if item_id in self.places:
                first = self.places[item_id]
                line, _ = first.doc.where((*first.path, "id"))
                self.error(place, ("id",), f"the id '{item_id}' is already used",
                           f"ids are unique across the site; the first is a {KIND_NAMES[first.kind]} "
                           f"in {first.doc.path}:{line}")
                continue
            self.places[item_id] = place
            if item_id in RESERVED_IDS:
                self.error(place, ("id",), f"the id '{item_id}' is reserved for a page heading",
                           f"choose a more specific id, e.g. '{item_id}-1'")
        self.cited_anywhere: Counter[str] = Counter()
        self.briefing_docs = {b.slug: b.documents["briefing"] for b in raw.briefings if "briefing" in b.documents}
        self.registry_actors: list[Actor] = registry.get("actors", [])
        self.registry_sources: list[Source] = registry.get("sources", [])

    def error(self, place: Place, sub: PathT, message: str, hint: str = "", severity: str = "error",
              at: tuple[int, int] | None = None) -> None:
        """Record a problem at a field of an item."""
        line, column = at or place.doc.where((*place.path, *sub))
        self.problems.append(Problem(place.doc.path, line, column, message, hint,
                                     field=str(sub[0]) if sub else "", severity=severity,  # type: ignore[arg-type]
                                     code="reference"))

    def warn(self, place: Place, sub: PathT, message: str, hint: str = "") -> None:
        """Record a warning at a field of an item."""
        self.error(place, sub, message, hint, severity="warning")

    def reference(self, place: Place, sub: PathT, ref: str, kind: str, visible: dict[str, Any],
                  slug: str | None, at: tuple[int, int] | None = None) -> None:
        """Check that ref names an item of this kind the briefing may use."""
        if ref in visible:
            return
        name = KIND_NAMES[kind]
        other = self.places.get(ref)
        if other is not None and other.kind != kind:
            self.error(place, sub, f"'{ref}' is {_article(KIND_NAMES[other.kind])}, not {_article(name)}",
                       f"use the id of {_article(name)} here", at=at)
            return
        if other is not None and other.owner not in (None, slug):
            self.error(place, sub, f"the {name} '{ref}' belongs to the briefing '{other.owner}'",
                       f"to share it, move it to briefings/{kind}.yaml", at=at)
            return
        close = difflib.get_close_matches(ref, list(visible), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"define it in {kind}.yaml or briefings/{kind}.yaml"
        self.error(place, sub, f"unknown {name} '{ref}'", hint, at=at)

    def cite_position(self, place: Place, sub: PathT, ref: str) -> tuple[int, int]:
        """The line and column of an inline '@ref' in a Markdown field."""
        line, column = place.doc.where((*place.path, *sub))
        for number in range(line, min(line + 200, len(place.doc.lines)) + 1):
            text = place.doc.lines[number - 1]
            start = column - 1 if number == line else 0
            found = text.find("@" + ref, start)
            if found >= 0:
                return number, found + 1
        return line, column

    def check_briefing(self, briefing: Briefing) -> None:
        """Check one briefing's references, citations and editorial warnings."""
        slug = briefing.slug
        actors = {a.id: a for a in (*self.registry_actors, *briefing.actors)}
        sources = {s.id: s for s in (*self.registry_sources, *briefing.sources)}
        events = {e.id: e for e in briefing.events}
        cited: Counter[str] = Counter()
        meta_place = Place(self.briefing_docs[briefing.slug], (), "briefing", slug)

        def cites(place: Place, listed: list[str], markdown: dict[str, str | None], what: str = "") -> None:
            for i, ref in enumerate(listed):
                self.reference(place, ("sources", i), ref, "sources", sources, slug)
            inline = []
            for field, text in markdown.items():
                for ref in cited_ids(text):
                    inline.append(ref)
                    at = self.cite_position(place, (field,), ref)
                    self.reference(place, (field,), ref, "sources", sources, slug, at=at)
            cited.update(listed + inline)
            if what and not listed and not inline:
                self.error(place, (), f"{what} cites no source",
                           "add 'sources: [source-id]', or cite inline in its text as [@source-id]")

        cites(meta_place, [], {"summary": briefing.meta.summary})  # the summary needs no citation
        for i, point in enumerate(briefing.meta.key_points):
            cites(Place(meta_place.doc, ("key_points", i), "key_points", slug), point.sources,
                  {"text": point.text}, "this key point")
        for event in briefing.events:
            place = self.places[event.id]
            for i, ref in enumerate(event.actors):
                self.reference(place, ("actors", i), ref, "actors", actors, slug)
            cites(place, event.sources, {"summary": event.summary}, f"the event '{event.id}'")
            for ref in event.sources:
                source = sources.get(ref)
                if source and source.published and event.date.lower > source.published.upper:
                    self.warn(place, ("date",), f"the event is dated after the source '{ref}' that reports it",
                              f"the source was published {source.published.words()}; check both dates")
        for quote in briefing.quotes:
            place = self.places[quote.id]
            self.reference(place, ("speaker",), quote.speaker, "actors", actors, slug)
            if quote.event:
                self.reference(place, ("event",), quote.event, "events", events, slug)
            cites(place, quote.sources, {"text": quote.text}, f"the quote '{quote.id}'")
            languages = {sources[s].language for s in quote.sources if s in sources}
            if not quote.original and languages and all(lang and not lang.startswith("en") for lang in languages):
                self.warn(place, ("text",), "the quote comes from a non-English source but has no 'original'",
                          "add original: {lang: …, text: …} with the words as said")
        labels = {f.measure for f in briefing.figures if f.label}
        for figure in briefing.figures:
            place = self.places[figure.id]
            if figure.claimed_by:
                self.reference(place, ("claimed_by",), figure.claimed_by, "actors", actors, slug)
            cites(place, figure.sources, {}, f"the figure '{figure.id}'")
            if figure.measure not in labels:
                labels.add(figure.measure)
                self.warn(place, ("measure",), f"the measure '{figure.measure}' has no label",
                          "add 'label: …' (e.g. 'North Korean soldiers in Russia') to one of its figures")
        meta = briefing.meta
        if meta.created and meta.created.lower > meta.updated.upper:
            self.error(meta_place, ("created",), "the briefing is created after it was updated",
                       f"'updated' is {meta.updated.words()}")
        for i, change in enumerate(meta.changes):
            if change.date.lower > meta.updated.upper:
                self.error(meta_place, ("changes", i, "date"), "this change is dated after 'updated'",
                           f"set 'updated' to {change.date} or later")
        for source in briefing.sources:
            if source.id not in cited:
                self.warn(self.places[source.id], ("id",), f"the source '{source.id}' is never cited",
                          "cite it from an item's sources, or remove it")
        self.cited_anywhere.update(cited)

    def check_sources(self, sources: list[Source]) -> None:
        """Warn about sources a reader cannot follow, and duplicates of one URL."""
        by_url: dict[str, str] = {}
        for source in sources:
            place = self.places[source.id]
            if not source.url and not source.archive_url:
                self.warn(place, ("id",), f"the source '{source.id}' has no url and no archive_url",
                          "add a link, or an archived copy, so readers can check it")
            if source.url:
                if source.url in by_url:
                    self.warn(place, ("url",), f"the source '{source.id}' has the same url as '{by_url[source.url]}'",
                              "merge the two sources into one")
                by_url.setdefault(source.url, source.id)


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def check(site: Site, registry: dict[str, list[Any]], raw: RawSite) -> list[Problem]:
    """Check every cross-reference of the site; fill its actor and source tables."""
    checker = Checker(site, registry, raw)
    all_sources = list(checker.registry_sources)
    for briefing in site.briefings:
        checker.check_briefing(briefing)
        all_sources.extend(briefing.sources)
    for source in checker.registry_sources:
        if source.id not in checker.cited_anywhere:
            checker.warn(checker.places[source.id], ("id",), f"the source '{source.id}' is never cited",
                         "cite it from a briefing, or remove it")
    checker.check_sources(all_sources)
    site.actors = {a.id: a for a in checker.registry_actors}
    site.sources = {s.id: s for s in checker.registry_sources}
    for briefing in site.briefings:
        site.actors.update({a.id: a for a in briefing.actors})
        site.sources.update({s.id: s for s in briefing.sources})
    return checker.problems
