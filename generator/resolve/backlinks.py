"""Who and what is mentioned where, across all published briefings: the data of the actor
pages, the sources page and the global chronology."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.model.briefing import Briefing, Site
from generator.model.citing import CitingItem
from generator.model.contract import Event, Figure, Quote
from generator.model.figures import measures


@dataclass
class ActorRefs:
    """Everything that names one actor."""

    quotes: list[tuple[Briefing, Quote]] = field(default_factory=list)
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


@dataclass
class References:
    """The cross-index of a site's published briefings."""

    actors: dict[str, ActorRefs]
    sources: dict[str, list[Citing]]
    chronology: list[tuple[Briefing, Event]]
    # Place id -> the events that name it, in date order, with their briefings.
    places: dict[str, list[tuple[Briefing, Event]]] = field(default_factory=dict)


# The sources page lists a briefing's figures after its quotes, as it always has (the briefing
# page, and so the citing items, put figures first); a stable sort keeps the rest in page order.
_LISTED_LATER = {"figure": 1, "what changed": 2}


def build_references(site: Site) -> References:
    """Index the published briefings by actor and by source, and merge their timelines."""
    actors: dict[str, ActorRefs] = defaultdict(ActorRefs)
    sources: dict[str, list[Citing]] = defaultdict(list)
    chronology: list[tuple[Briefing, Event]] = []
    places: dict[str, list[tuple[Briefing, Event]]] = defaultdict(list)
    briefings = sorted(site.published, key=lambda b: b.slug)
    for briefing in briefings:
        chronology.extend((briefing, event) for event in briefing.events)
        mentioned: set[str] = {a.id for a in briefing.actors}
        labels = {m.key: m.label for m in measures(briefing.figures)}
        # A quote's original is part of the quote: one entry, each source listed once.
        entries: dict[tuple[str | int | None, ...], tuple[CitingItem, list[str]]] = {}
        for item in briefing.citing_items():
            entries.setdefault(item.entry, (item, []))[1].extend(item.cited_ids())
            for mention in item.mentions:
                if mention.kind == "places" and isinstance(item.record, Event) and mention.ref in site.places:
                    places[mention.ref].append((briefing, item.record))
            for actor_id in item.actor_ids:
                mentioned.add(actor_id)
                refs, record = actors[actor_id], item.record
                if isinstance(record, Event):
                    refs.events.append((briefing, record))
                elif isinstance(record, Quote):
                    refs.quotes.append((briefing, record))
                elif isinstance(record, Figure):
                    refs.figures.append((briefing, record, labels[record.measure]))
        for item, ids in sorted(entries.values(), key=lambda entry: _LISTED_LATER.get(entry[0].kind, 0)):
            if ids:
                label = item.label(site.actors)
                for source_id in dict.fromkeys(ids):
                    sources[source_id].append(Citing(briefing, item.kind, item.anchor, label))
        for actor_id in sorted(mentioned):
            actors[actor_id].briefings.append(briefing)
    # Stable sort: events on the same date keep their briefing's order.
    chronology.sort(key=lambda pair: pair[1].date.sort_key)
    for named in places.values():
        named.sort(key=lambda pair: pair[1].date.sort_key)
    return References(dict(actors), dict(sources), chronology, dict(places))
