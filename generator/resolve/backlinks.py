"""Who and what is mentioned where, across all published briefings: the data of the actor
pages, the sources page and the global chronology.

Each briefing's share of the index is worked out on its own and then merged, in slug order. The
preview (a site with drafts shown, resolved again on every save) keeps each share while its
briefing is the very same object (validate/reuse.py) and its quotes' speakers keep their names:
a save works out again only the shares of the briefings it changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter

from pydantic_core import to_json

from generator.kept import Kept
from generator.model.briefing import Briefing, Site
from generator.model.citing import CitingItem
from generator.model.contract import Actor, Event, Figure, Quote
from generator.model.figures import measures


@dataclass
class ActorRefs:
    """Everything that names one actor."""

    # With the ids of the sources each cites, in its fields and its original's (repeats kept).
    quotes: list[tuple[Briefing, Quote, list[str]]] = field(default_factory=list)
    events: list[tuple[Briefing, Event]] = field(default_factory=list)
    figures: list[tuple[Briefing, Figure, str]] = field(default_factory=list)  # with the measure's label
    briefings: list[Briefing] = field(default_factory=list)


@dataclass
class Citing:
    """One item that cites a source: its briefing, its kind and anchor, and a short label."""

    briefing: Briefing
    kind: str
    anchor: str
    label: str
    words: str = ""  # a quote's words (Markdown): render/environment.quote_label shows the first of them


@dataclass
class References:
    """The cross-index of a site's published briefings."""

    actors: dict[str, ActorRefs]
    sources: dict[str, list[Citing]]
    chronology: list[tuple[Briefing, Event]]
    # Place id -> the events that name it, in date order, with their briefings.
    places: dict[str, list[tuple[Briefing, Event]]] = field(default_factory=dict)
    # Slug -> what the briefing shows on each actor's page and under each source it cites (_mentions);
    # not the preview's.
    mentions: dict[str, Mentions] = field(default_factory=dict)


# The sources page lists a briefing's figures after its quotes, as it always has (the briefing
# page, and so the citing items, put figures first); a stable sort keeps the rest in page order.
_LISTED_LATER = {"figure": 1, "what changed": 2}
# Where ActorRefs keeps an entry naming an actor, by the kind of record; None: the actor is only counted.
_KINDS: dict[type, str] = {Event: "events", Quote: "quotes", Figure: "figures"}


# An event with its briefing, after its date's sort key: worked out once, sorted on every merge.
_Dated = tuple[tuple[int, int, int, int, int], tuple[Briefing, Event]]


@dataclass(frozen=True)
class _Share:
    """One briefing's share of the index, with what it read besides the briefing: its speakers' names."""

    briefing: Briefing
    speakers: tuple[tuple[str, str | None], ...]  # (actor id, name) of each speaker a label names
    named: tuple[tuple[str, str | None, tuple[object, ...]], ...]  # (actor id, ActorRefs list, entry), item order
    mentioned: tuple[str, ...]  # the actors it defines or names, sorted
    places: tuple[tuple[str, _Dated], ...]  # every place an event names, site's or not
    citing: tuple[tuple[str, Citing], ...]  # (source id, who cites it), in the sources page's order
    chronology: tuple[_Dated, ...]

    def still_for(self, briefing: Briefing, actors: Mapping[str, Actor]) -> bool:
        """True while the share is that of this very briefing, its speakers named as before."""
        return self.briefing is briefing and all(actor_name(actors, i) == name for i, name in self.speakers)


def actor_name(actors: Mapping[str, Actor], actor_id: str) -> str | None:
    """The name of the actor actor_id names, or None for an id no actor has."""
    actor = actors.get(actor_id)
    return actor.name if actor else None


def _share(briefing: Briefing, actors: Mapping[str, Actor]) -> _Share:
    """What one briefing adds to the index."""
    # What an actor's page says each figure is of, its unit with it: the page shows the value alone.
    labels = {m.key: m.titled for m in measures(briefing.figures)}
    mentioned: set[str] = {a.id for a in briefing.actors}
    named: list[tuple[str, str | None, tuple[object, ...]]] = []
    places: list[tuple[str, _Dated]] = []
    chronology = tuple((event.date.sort_key, (briefing, event)) for event in briefing.events)
    dated = {id(pair[1][1]): pair for pair in chronology}
    # A quote's original is part of the quote: one entry, each source listed once.
    entries: dict[tuple[str | int | None, ...], tuple[CitingItem, list[str]]] = {}
    for item, item_ids in zip(briefing.citing_items(), briefing.cited_ids_by_item(), strict=True):
        record = item.record
        cited = entries.setdefault(item.entry, (item, []))[1]
        cited.extend(item_ids)
        if isinstance(record, Event):
            places += [(m.ref, dated[id(record)]) for m in item.mentions if m.kind == "places"]
        if not item.actor_ids:
            continue
        kind = _KINDS.get(type(record))
        entry: tuple[object, ...] = (briefing, record)
        if isinstance(record, Figure):
            entry = (briefing, record, labels[record.measure])
        elif isinstance(record, Quote):
            entry = (briefing, record, cited)  # the original's sources join the list when it comes next
        for actor_id in item.actor_ids:
            mentioned.add(actor_id)
            named.append((actor_id, kind, entry))
    citing: list[tuple[str, Citing]] = []
    speakers: dict[str, str | None] = {}
    for item, ids in sorted(entries.values(), key=lambda entry: _LISTED_LATER.get(entry[0].kind, 0)):
        if ids:
            if item.speaker:
                speakers[item.speaker] = actor_name(actors, item.speaker)
            words = (item.markdown.get("text") or "") if item.kind == "quote" else ""
            shown = Citing(briefing, item.kind, item.anchor, item.label(actors), words)
            citing += [(source_id, shown) for source_id in dict.fromkeys(ids)]
    return _Share(briefing, tuple(speakers.items()), tuple(named), tuple(sorted(mentioned)), tuple(places),
                  tuple(citing), chronology)


def _shown(use: Citing) -> tuple[str, str, str, str, str, str]:
    """All that the sources pages show of a use: its briefing's slug and title, its kind, anchor, label and words."""
    return use.briefing.slug, use.briefing.meta.title, use.kind, use.anchor, use.label, use.words


def _as_before(fresh: _Share, last: _Share) -> _Share:
    """fresh, each use showing what one of last's showed being last's very object.

    The preview keeps a publisher's page while its uses are the same objects (render/reuse.py): an edit
    to one quote of a briefing would otherwise make again every page that lists one of its sources.
    """
    kept = {(source_id, *_shown(use)): use for source_id, use in last.citing}
    citing = tuple((source_id, kept.get((source_id, *_shown(use)), use)) for source_id, use in fresh.citing)
    return dataclasses.replace(fresh, citing=citing)


# The digest of what one briefing shows on a page of the site, by the page's part it shows it in:
# "actor\0<id>", an actor's page (its quotes with the ids each cites, events and figures with their
# measures' labels that name the actor), with the briefing's slug and title; "source\0<id>", under a
# source on its publisher's page (_shown of each item citing it).
Mentions = dict[str, bytes]


def _mentions(share: _Share) -> Mentions:
    """What the share's briefing shows on the actors' and publishers' pages, each part as a digest.

    Those pages are keyed by these (render/inputs.py) instead of by their entries written out: at
    1,000 briefings, writing them out for 4,000 actor pages and 100 publisher pages cost every run 2 s.
    """
    named: dict[str, tuple[list[object], list[object], list[object]]] = {a: ([], [], []) for a in share.mentioned}
    for actor_id, kind, entry in share.named:
        if kind is not None:  # in the order ActorRefs lists them: quotes, events, figures
            named[actor_id][("quotes", "events", "figures").index(kind)].append(entry[1:])
    cites: dict[str, list[tuple[str, str, str, str, str, str]]] = {}
    for source_id, use in share.citing:
        cites.setdefault(source_id, []).append(_shown(use))
    head = to_json([share.briefing.slug, share.briefing.meta.title])
    return {**{f"actor\0{i}": hashlib.sha256(head + to_json(lists)).digest() for i, lists in named.items()},
            **{f"source\0{i}": hashlib.sha256(to_json(uses)).digest() for i, uses in cites.items()}}


# The preview's shares by slug, as last worked out (see the module's docstring).
_SHARES: dict[str, _Share] = {}


def build_references(site: Site, kept: Kept | None = None,
                     recalled: Mapping[str, Mentions] | None = None) -> References:
    """Index the published briefings by actor and by source, and merge their timelines.

    kept: where a one-off run keeps what each briefing's items cite and what it shows on each actor's page
    (mentions), by the digest of its files (Site.keys); recalled: what recall() already read from it.
    """
    actors: dict[str, ActorRefs] = defaultdict(ActorRefs)
    sources: dict[str, list[Citing]] = defaultdict(list)
    chronology: list[_Dated] = []
    places: dict[str, list[_Dated]] = defaultdict(list)
    briefings = sorted(site.published, key=lambda b: b.slug)
    mentions = dict(recalled) if recalled is not None else recall(site, kept) if kept is not None else {}
    for briefing in briefings:
        share = _SHARES.get(briefing.slug) if site.show_drafts else None
        if share is None or not share.still_for(briefing, site.actors):
            share = _share(briefing, site.actors) if share is None else _as_before(_share(briefing, site.actors), share)
        chronology += share.chronology
        for place_id, dated in share.places:
            if place_id in site.places:
                places[place_id].append(dated)
        for actor_id, kind, entry in share.named:
            refs = actors[actor_id]
            if kind is not None:
                getattr(refs, kind).append(entry)
        for source_id, shown in share.citing:
            sources[source_id].append(shown)
        for actor_id in share.mentioned:
            actors[actor_id].briefings.append(briefing)
        if not site.show_drafts and briefing.slug not in mentions:  # the preview keys no actor's page by them
            mentions[briefing.slug] = _mentions(share)
            if kept is not None and (key := site.keys.get(briefing.slug)) is not None:
                kept.put(key, (briefing.cited_ids_by_item(), mentions[briefing.slug], share.speakers))
        if site.show_drafts:
            _SHARES[briefing.slug] = share
    if site.show_drafts:
        for gone in _SHARES.keys() - {b.slug for b in briefings}:
            del _SHARES[gone]
    else:  # a one-off run indexes once: it keeps nothing
        _SHARES.clear()
    # Stable sorts: events on the same date keep their briefing's order. An actor's events too, in date order
    # across the briefings naming them, as a place's are: one briefing's after another's jumped back in time.
    for refs in actors.values():
        if len(refs.briefings) > 1:
            refs.events.sort(key=_event_date)
    return References(dict(actors), dict(sources), _in_date_order(chronology),
                      {place_id: _in_date_order(named) for place_id, named in places.items()}, mentions)


def recall(site: Site, kept: Kept) -> dict[str, Mentions]:
    """Give each published briefing what its items cite as kept for its files; return what each such briefing
    shows on the actors' and publishers' pages, kept while its quotes' speakers keep their names (a quote's
    label names its speaker). build_references works both out for the others, and keeps them.

    The page of every briefing lists the sources it cites, so every one is asked, edited or not. A one-off
    run recalls them before it forks the child making the open data, which lists them too (2.2 s of finding
    citations in every text again at 1,000 briefings).
    """
    found = {}
    for briefing in site.published:
        key = site.keys.get(briefing.slug)
        value = kept.get(key) if key is not None else None
        if (isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], dict)
                and all(isinstance(k, str) and isinstance(v, bytes) for k, v in value[1].items())
                and isinstance(value[2], tuple) and all(actor_name(site.actors, i) == name for i, name in value[2])
                and briefing.take_cited_ids(value[0])):
            found[briefing.slug] = value[1]
    return found


def _event_date(entry: tuple[Briefing, Event]) -> tuple[int, int, int, int, int]:
    return entry[1].date.sort_key


def _in_date_order(dated: list[_Dated]) -> list[tuple[Briefing, Event]]:
    dated.sort(key=itemgetter(0))
    return [pair for _, pair in dated]
