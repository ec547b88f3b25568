"""Who and what is mentioned where, across all published briefings: the data of the actor
pages, the sources page and the global chronology."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.model.citations import cited_ids
from generator.model.contract import Briefing, Event, Figure, Quote, Site
from generator.model.figures import figure_value, measures


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


def _sources_of(listed: list[str], *texts: str | None) -> list[str]:
    return list(dict.fromkeys([*listed, *(i for text in texts for i in cited_ids(text))]))


def build_references(site: Site) -> References:
    """Index the published briefings by actor and by source, and merge their timelines."""
    actors: dict[str, ActorRefs] = defaultdict(ActorRefs)
    sources: dict[str, list[Citing]] = defaultdict(list)
    chronology: list[tuple[Briefing, Event]] = []
    briefings = sorted(site.published, key=lambda b: b.slug)
    for briefing in briefings:
        mentioned: set[str] = {a.id for a in briefing.actors}

        def cite(ids: list[str], kind: str, anchor: str, label: str, briefing: Briefing = briefing) -> None:
            for source_id in ids:
                sources[source_id].append(Citing(briefing, kind, anchor, label))

        cite(_sources_of([], briefing.meta.summary), "summary", "summary", "Summary")
        for number, point in enumerate(briefing.meta.key_points, 1):
            cite(_sources_of(point.sources, point.text), "key point", "key-points", f"Key point {number}")
        for event in briefing.events:
            chronology.append((briefing, event))
            for actor_id in event.actors:
                actors[actor_id].events.append((briefing, event))
                mentioned.add(actor_id)
            cite(_sources_of(event.sources, event.summary), "event", event.id, event.title)
        for quote in briefing.quotes:
            actors[quote.speaker].quotes.append((briefing, quote))
            mentioned.add(quote.speaker)
            speaker = site.actors[quote.speaker].name
            original = quote.original.text if quote.original else None
            cite(_sources_of(quote.sources, quote.text, original), "quote", quote.id, f"Quote by {speaker}")
        labels = {m.key: m.label for m in measures(briefing.figures)}
        for figure in briefing.figures:
            if figure.claimed_by:
                actors[figure.claimed_by].figures.append((briefing, figure, labels[figure.measure]))
                mentioned.add(figure.claimed_by)
            cite(figure.sources, "figure", figure.id, f"{labels[figure.measure]}: {figure_value(figure)}")
        for change in briefing.meta.changes:
            cite(_sources_of([], change.note), "what changed", "what-changed", change.date.words())
        for actor_id in sorted(mentioned):
            actors[actor_id].briefings.append(briefing)
    # Stable sort: events on the same date keep their briefing's order.
    chronology.sort(key=lambda pair: pair[1].date.sort_key)
    return References(dict(actors), dict(sources), chronology)
