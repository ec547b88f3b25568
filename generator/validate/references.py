"""Cross-reference checks: ids unique site-wide, every reference known, every claim cited.

Also the editorial warnings a reviewer would otherwise have to spot (uncited sources, a source
with no link, a measure without a label, an event dated after the source that reports it), and
the links inside Markdown text (their rules are in text_links.py); also a citation or Markdown written
in a plain-text field (plain_text.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import ChainMap, Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.exceptions import Problem
from generator.load.reader import LIST_FILES, REGISTRY_FILES, Document, RawSite
from generator.model.briefing import Briefing
from generator.model.citations import citation_groups, citation_problems, cited_ids
from generator.model.citing import REFERENCE_FIELDS, CitingItem, raw_references
from generator.model.contract import KIND_NAMES, RESERVED_IDS, Actor, Assessment, Event, Figure, Quote, Source
from generator.model.dates import FuzzyDate
from generator.urls import slugify
from generator.validate import future, plain_text, reuse, source_links, spots
from generator.validate.ids import PathT, Place, Places, item_at, site_places
from generator.validate.site_index import Unloaded
from generator.validate.text_links import link_problem, markdown_links


class Checker:
    """Collects the problems of one site's cross-references."""

    def __init__(self, registry: dict[str, list[Any]], raw: RawSite, today: dt.date | None = None,
                 unloaded: Unloaded | None = None):
        self.raw = raw
        self.raw_briefings = {b.slug: b for b in raw.briefings}
        self.unloaded = unloaded or Unloaded(tuple(b.slug for b in raw.briefings))
        self.failed = {b.slug: b.failed for b in raw.briefings}
        self.incomplete: frozenset[str] = frozenset()
        self.stand_ins: frozenset[str] = frozenset()  # briefings whose meta failed: a stand-in holds its place
        self.problems: list[Problem] = []
        others = {slug: summary.defined for slug, summary in self.unloaded.summaries.items()}
        self.places = Places(self.unloaded.order, others)
        self.figures_written: Counter[str | None] = Counter()
        # Each file's own items, even those whose id another took first: a problem with one is
        # reported where it is written, not in the other file.
        self.own: dict[str | None, dict[str, Place]] = {}
        # The files one of whose ids another file took first (cross_check reuses no check of theirs).
        self.second_to_an_id: set[str | None] = set()
        for item_id, place in site_places(raw):
            self.own.setdefault(place.owner, {}).setdefault(item_id, place)
            first = self.places.earlier(item_id, place.owner)
            if first is not None:
                self.second_to_an_id.add(place.owner)
                self._used_twice(item_id, place, first)
                if place.owner is not None and first.owner not in (None, place.owner):
                    # Two briefings: each is told, whichever sorts first (the newer may be either).
                    self._used_twice(item_id, first, place)
                continue
            later = self.places.later(item_id, place.owner)  # `check SLUG`: a briefing it did not load
            if later is not None:
                self._used_twice(item_id, place, later)
            self.places[item_id] = place
            self.figures_written[place.owner] += place.kind == "figures"
            if item_id in RESERVED_IDS:
                self.error(place, ("id",), f"the id '{item_id}' is reserved for a page heading",
                           f"choose a more specific id, e.g. '{item_id}-1'")
        self.cited_anywhere: Counter[str] = Counter()
        for summary in self.unloaded.summaries.values():
            self.cited_anywhere.update(summary.cited)
        self.briefing_docs = {b.slug: b.documents["briefing"] for b in raw.briefings if "briefing" in b.documents}
        self.any_doc = {b.slug: next(iter(b.documents.values())) for b in raw.briefings if b.documents}
        self.registry_actors: list[Actor] = registry.get("actors", [])
        self.registry_sources: list[Source] = registry.get("sources", [])
        # Looked up once per briefing: built once, not copied for each briefing (quadratic).
        self.shared_actors = {a.id: a for a in self.registry_actors}
        self.shared_places = {p.id: p for p in registry.get("places", [])}  # places are site-wide only
        self.shared_sources = {s.id: s for s in self.registry_sources}
        self.registry_basis = _registry_basis(self.shared_actors, self.shared_places, self.shared_sources)
        self.today = future.reference_day(today)
        self.outside = False  # whether a check looked up an id beyond its briefing and the site-wide files

    def _used_twice(self, item_id: str, place: Place, other: Place) -> None:
        """The error at place of an id that other uses too."""
        line, _ = other.doc.where((*other.path, "id"))
        shared = other.owner is None and place.owner is not None and other.kind == place.kind
        self.error(place, ("id",), f"the id '{item_id}' is also used by "
                   f"{_article(KIND_NAMES[other.kind])} in {other.doc.path}:{line}",
                   f"the site already has this {KIND_NAMES[other.kind]}: use the site-wide one "
                   f"({other.doc.path}:{line}) and delete this one" if shared else
                   "ids are unique across the site: rename the one you are adding (renaming one "
                   "that is already published breaks links to it)")

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

    def future_dates(self, place: Place, dated: Iterator[tuple[PathT, FuzzyDate]]) -> None:
        """Warn about each date after today."""
        for sub, date in dated:
            if date.lower > self.today:
                self.warn(place, sub, *future.future_message(date, self.today))

    def reference(self, place: Place, sub: PathT, ref: str, kind: str, visible: Mapping[str, Any],
                  slug: str | None, at: tuple[int, int] | None = None) -> None:
        """Check that ref names an item of this kind the briefing may use."""
        if ref in visible:
            return
        self.outside = True
        # [@https://…]; a link in a 'sources' list is not an id, and fails validation (field_messages) first.
        if kind == "sources" and source_links.is_link(ref):
            self.error(place, sub, source_links.message(ref, inline=True),
                       source_links.hint(self.raw, ref, slug, inline=True), at=at)
            return
        name = KIND_NAMES[kind]
        other = self.own_or_first(slug, ref) or self.written_as(slug, ref)
        if other is not None and other.kind == kind and other.owner in (None, slug):
            return  # the item exists but is invalid, and that is reported where it stands
        failed = self.failed.get(slug or "", set())
        if other is None and (kind in self.raw.failed or kind in failed):
            return  # the file that may define it (its own, or briefing.yaml's list) could not be read: reported
        if other is not None and other.kind != kind:
            self.error(place, sub, f"'{ref}' is {_article(KIND_NAMES[other.kind])}, not {_article(name)}",
                       f"use the id of {_article(name)} here", at=at)
            return
        if other is not None and other.owner not in (None, slug):
            hint = (f"to share it, move it to briefings/{kind}.yaml" if kind in REGISTRY_FILES else
                    f"{_article(name)} can only be used in its own briefing")
            self.error(place, sub, f"the {name} '{ref}' belongs to the briefing '{other.owner}'", hint, at=at)
            return
        close = difflib.get_close_matches(ref, list(visible), n=1, cutoff=0.6)
        home, also = f"briefings/{kind}.yaml", ""
        if slug and kind in LIST_FILES:  # its own file, or the list in its briefing.yaml; or the site-wide file
            own = self.raw_briefings.get(slug)
            home = own.lists(kind) if own else f"briefings/{slug}/{kind}.yaml"
            also = f" or briefings/{kind}.yaml" if kind in REGISTRY_FILES else ""
        hint = f"did you mean '{close[0]}'?" if close else f"add {_article(name)} with 'id: {ref}' to {home}{also}"
        self.error(place, sub, f"unknown {name} '{ref}'", hint, at=at)

    def check_links(self, place: Place, sub: PathT, text: str | None) -> None:
        """Refuse links in Markdown text other than http(s), mailto and #anchors on the page."""
        urls = markdown_links(text or "")
        field = str(sub[-1]) if sub else "text"
        if not any(link_problem(url, field) for url in urls):
            return  # the positions are only needed to point at a refused link
        found = spots.positions(place.doc, (*place.path, *sub), [re.escape(u) for u in urls])
        for url, at in zip(urls, found, strict=True):
            message = link_problem(url, field)
            if message:
                self.error(place, sub, message,
                           "links in Markdown text must start with https://, http:// or mailto:, "
                           "or be an #anchor on the page, e.g. [report](https://example.org/report)",
                           at=at)

    def item_refs(self, place: Place, sub: PathT, refs: Sequence[str], kinds: tuple[str, ...],
                  briefing: Briefing) -> None:
        """Check ids that may each name an item of one of several kinds (an assessment's evidence)."""
        own = {r.id for kind in kinds for r in getattr(briefing, kind)}
        wanted = ", ".join(_article(KIND_NAMES[k]) for k in kinds[:-1]) + f" or {_article(KIND_NAMES[kinds[-1]])}"
        for i, ref in enumerate(refs):
            if ref in own:
                continue
            other = self.own_or_first(briefing.slug, ref) or self.written_as(briefing.slug, ref)
            self.outside = True
            if other is not None and other.kind in kinds and other.owner == briefing.slug:
                continue  # an item that failed, reported where it stands
            if other is not None and other.kind in kinds:
                self.error(place, (*sub, i), f"the {KIND_NAMES[other.kind]} '{ref}' belongs to the briefing "
                           f"'{other.owner}'", f"name only items of this briefing here: {wanted}")
            elif other is not None:
                self.error(place, (*sub, i), f"'{ref}' is {_article(KIND_NAMES[other.kind])}, not {wanted}",
                           "list it under 'sources: […]'" if other.kind == "sources" and sub[-1] == "evidence"
                           else f"use the id of {wanted} here")
            elif not (set(kinds) & self.failed.get(briefing.slug, set())):
                close = difflib.get_close_matches(ref, sorted(own), n=1, cutoff=0.6)
                self.error(place, (*sub, i), f"unknown {'/'.join(KIND_NAMES[k] for k in kinds)} '{ref}'",
                           f"did you mean '{close[0]}'?" if close else f"use the id of {wanted} of this briefing")

    def place_of(self, owner: str | None, item_id: str) -> Place:
        """Where the item with this id of owner (a briefing, or None: the site-wide files) is written."""
        found = self.own_or_first(owner, item_id)
        return found if found is not None else self.places[item_id]

    def own_or_first(self, owner: str | None, item_id: str) -> Place | None:
        """Owner's own item with this id, else the first anywhere with it (None if there is none)."""
        own = self.own.get(owner)
        if own and item_id in own:
            return own[item_id]
        if owner is not None:  # a look-up beyond the briefing: its checks now depend on another file
            self.outside = True
        return self.places.get(item_id)

    def written_as(self, owner: str | None, ref: str) -> Place | None:
        """The owner's item whose invalid id the id hint would make ref ('Ev one', 'ev_one'): it failed there."""
        for items in (self.own.get(owner) or {}, self.own.get(None) or {} if owner is not None else {}):
            for written, place in items.items():
                if written != ref and slugify(written) == ref:
                    return place
        return None

    def item_place(self, item: CitingItem, meta_place: Place) -> Place:
        """Where a citing item is written: in briefing.yaml, or in (or under) the listed item with its id."""
        if item.item_id is None:
            return Place(meta_place.doc, item.path, str(item.path[0]) if item.path else "briefing", meta_place.owner)
        owner = self.place_of(meta_place.owner, item.item_id)
        return Place(owner.doc, (*owner.path, *item.path), owner.kind, meta_place.owner) if item.path else owner

    def check_briefing(self, briefing: Briefing) -> Counter[str]:
        """Check one briefing's references, citations and editorial warnings; return the ids it cites."""
        slug = briefing.slug
        actors = ChainMap({a.id: a for a in briefing.actors}, self.shared_actors)
        sources = ChainMap({s.id: s for s in briefing.sources}, self.shared_sources)
        events = {e.id: e for e in briefing.events}
        cited: Counter[str] = Counter()
        meta_doc = self.briefing_docs.get(slug) or self.any_doc.get(slug)
        if meta_doc is None:
            return cited
        meta_place = Place(meta_doc, (), "briefing", slug)

        def cites(place: Place, listed: Sequence[str], markdown: Mapping[str, str | None], what: str = "") -> None:
            for i, ref in enumerate(listed):
                self.reference(place, ("sources", i), ref, "sources", sources, slug)
            inline = []
            for field, text in markdown.items():
                refs = cited_ids(text)
                inline += refs
                unreadable = citation_problems(text)
                # Finding a citation's line and column costs a search: done only for one to report.
                if unreadable or any(ref not in sources for ref in refs):
                    items = [item for group in citation_groups(text) for item in group.items]
                    marks = sorted({item.at for item in items} | {problem.offset for problem in unreadable})
                    found = spots.offsets(place.doc, (*place.path, field), text or "", marks)
                    spot_at = dict(zip(marks, found, strict=True))
                    for item in items:
                        self.reference(place, (field,), item.id, "sources", sources, slug, at=spot_at[item.at])
                    for problem in unreadable:
                        self.error(place, (field,), problem.message, problem.hint, at=spot_at[problem.offset])
                self.check_links(place, (field,), text)
            cited.update([*listed, *inline])
            if what and not listed and not inline:
                where = " in its text as [@source-id]" if markdown else ""
                self.error(place, (), f"{what} cites no source",
                           "add 'sources: [source-id]' listing the sources that report it"
                           + (f", or cite inline{where}" if where else ""))

        named: dict[str, Mapping[str, Any]] = {"actors": actors, "events": events, "places": self.shared_places}
        for item in briefing.citing_items():
            place = self.item_place(item, meta_place)
            for mention in item.mentions:
                self.reference(place, mention.path, mention.ref, mention.kind, named[mention.kind], slug)
            # The summary, a change note or a quote's original may cite, but need not.
            cites(place, item.sources, item.markdown, item.description if item.required else "")
            for sub, message, hint, at in plain_text.warnings(place.doc, place.path, item):
                self.error(place, sub, message, hint, "warning", at)
        self.check_failed_items(briefing, {**named, "sources": sources})
        for event in briefing.events:
            place = self.place_of(slug, event.id)
            for ref in event.sources:
                source = sources.get(ref)
                if source and source.published and event.date.lower > source.published.upper:
                    self.warn(place, ("date",), f"the event is dated after the source '{ref}' that reports it",
                              f"the source was published {source.published.words()}; check both dates")
        for quote in briefing.quotes:
            place = self.place_of(slug, quote.id)
            quoted_from = [*quote.sources, *cited_ids(quote.text)]
            languages = {sources[s].language for s in quoted_from if s in sources}
            # A quote reported only in translation says why its original is missing (original_unavailable).
            has_original = quote.original or quote.original_unavailable
            if not has_original and languages and all(lang and not lang.startswith("en") for lang in languages):
                self.warn(place, ("text",), "the quote comes from a non-English source but has no 'original'",
                          "add original: {lang: …, text: …} with the words as said, or "
                          "original_unavailable: with the reason they were not published")
        labels = {f.measure for f in briefing.figures if f.label}
        # A figure that failed validation may carry the label: then no "no label" warning.
        if self.figures_written[slug] != len(briefing.figures):
            labels.update(f.measure for f in briefing.figures)
        for figure in briefing.figures:
            place = self.place_of(slug, figure.id)
            if figure.measure not in labels:
                labels.add(figure.measure)
                self.warn(place, ("measure",), f"the measure '{figure.measure}' has no label",
                          "add 'label: …' (e.g. 'North Korean soldiers in Russia') to one of its figures")
        meta = briefing.meta
        if meta.created and meta.created.lower > meta.updated.upper:
            self.error(meta_place, ("created",),
                       f"'created' ({meta.created}) is later than 'updated' ({meta.updated})",
                       "a briefing is created before it is updated: check both dates")
        if slug not in self.stand_ins:
            self.future_dates(meta_place, future.dates_in(meta))
        for assessment in briefing.assessments:
            place = self.place_of(slug, assessment.id)
            self.item_refs(place, ("evidence",), assessment.evidence, ("events", "figures", "quotes"), briefing)
            if not assessment.evidence and not assessment.sources and not cited_ids(assessment.text):
                self.error(place, (), f"the assessment '{assessment.id}' rests on no evidence",
                           "add 'evidence: [event-id, figure-id, quote-id]' or 'sources: [source-id]'")
        dated: list[Event | Quote | Figure | Assessment] = [*briefing.events, *briefing.quotes, *briefing.figures,
                                                            *briefing.assessments]
        for record in dated:
            self.future_dates(self.place_of(slug, record.id), future.dates_in(record))
        for i, change in enumerate(meta.changes):
            self.item_refs(meta_place, ("changes", i, "added"), change.added, ("events", "quotes", "figures"),
                           briefing)
            if change.date.lower > meta.updated.upper:
                self.error(meta_place, ("changes", i, "date"), "this change is dated after 'updated'",
                           f"set 'updated' to {change.date} or later")
        for source in briefing.sources:
            place = self.place_of(slug, source.id)
            # In a briefing with errors, the citing item may be the one that failed.
            if source.id not in cited and slug not in self.incomplete:
                self.warn(place, ("id",), f"the source '{source.id}' is never cited",
                          "cite it from an item's sources, or remove it")
            self.source_warnings(source, place)
        if not cited and briefing.published and slug not in self.incomplete:  # as hand-made, before its items
            self.warn(meta_place, ("summary",), "nothing in this briefing cites a source: readers cannot check it",
                      "add its events, quotes or figures with the sources that report them, or cite the summary "
                      "as [@source-id]; until then 'status: draft' keeps it off the public site")
        self.cited_anywhere.update(cited)
        return cited

    def check_failed_items(self, briefing: Briefing, visible: Mapping[str, Mapping[str, Any]]) -> None:
        """Check the ids that the briefing's items that failed validation name in their valid fields.

        A contributor learns every problem of an item at once: a broken date and an unknown speaker.
        """
        valid = {record.id for name in REFERENCE_FIELDS for record in getattr(briefing, name)}
        for item_id, place in self.own.get(briefing.slug, {}).items():
            if item_id not in valid and place.kind in REFERENCE_FIELDS:
                for sub, ref, kind in raw_references(place.kind, item_at(place)):
                    self.reference(place, sub, ref, kind, visible[kind], briefing.slug)

    def source_warnings(self, source: Source, place: Place) -> None:
        """Warn about a source a reader cannot follow, and about its dates after today."""
        self.source_dates(source, place)
        if not source.url and not source.archive_url:
            self.warn(place, ("id",), f"the source '{source.id}' has no url and no archive_url",
                      "add a link, or an archived copy, so readers can check it")

    def source_dates(self, source: Source, place: Place) -> None:
        """Warn about a source's dates after today; in the preview, as last time while nothing they read changed."""
        last = _SOURCE_DATES.get(source.id)
        if (last is not None and last[0] is source and last[1] is place.doc and last[2] == place.path
                and last[3] == self.today):
            self.problems.extend(last[4])
            return
        before = len(self.problems)
        self.future_dates(place, future.dates_in(source))
        _SOURCE_DATES[source.id] = (source, place.doc, place.path, self.today, self.problems[before:])


def _registry_basis(actors: Mapping[str, Actor], places: Mapping[str, Any], sources: Mapping[str, Source]) -> object:
    """All that a briefing's checks read of the site-wide files: which ids they hold, and of each source the
    end of its publication date and its language (an event dated after its source; a quote's languages).

    Any other look-up beyond the briefing marks the check as one the preview cannot reuse (outside).
    The value of the last call is handed back while equal: the preview compares it by identity.
    """
    basis = (frozenset(actors), frozenset(places),
             frozenset((s.id, s.published.upper if s.published else None, s.language) for s in sources.values()))
    if _LAST_BASIS and _LAST_BASIS[0] == basis:
        return _LAST_BASIS[0]
    _LAST_BASIS[:] = [basis]
    return basis


_LAST_BASIS: list[object] = []
reuse.on_forget(_LAST_BASIS.clear)


# Each source's future-date warnings as last found (Checker.source_dates): the preview's unchanged
# sources are the same objects in the same documents save after save (validate/reuse.py).
_SOURCE_DATES: dict[str, tuple[Source, Document, PathT, dt.date, list[Problem]]] = {}
reuse.on_forget(_SOURCE_DATES.clear)


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun
