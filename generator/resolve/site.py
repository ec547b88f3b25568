"""Resolve stage: what validation found → the finished, read-only Site that every later stage reads.

What depends on the whole site is settled here, once: the
actor and source tables (shared registries, then each briefing's own), each claimant's chart
colour, and which briefings the build shows. The Site and its briefings are frozen dataclasses of
tuples and read-only mappings around the validated pydantic models (frozen too, and reused, not
copied): a stage that tried to change the site for the next one fails at once instead of changing
it in secret.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from generator.model.briefing import Site
from generator.model.contract import Actor, Source
from generator.model.figures import claimant_slots
from generator.resolve.related import Memo, related_briefings
from generator.validate.fields import ValidSite


def resolve(valid: ValidSite, show_drafts: bool = False, related: bool = True, processes: int = 1,
            memo: Memo | None = None) -> Site:
    """The finished site; show_drafts (the local preview) lists drafts among the published briefings.

    related=False leaves out the related briefings' ranking (`briefing check` shows no page);
    processes share it out, and memo keeps it for the next run (related_briefings).
    """
    briefings = tuple(valid.briefings)  # reused as validated: read-only, events already in date order
    actors: dict[str, Actor] = {a.id: a for a in valid.actors}
    sources: dict[str, Source] = {s.id: s for s in valid.sources}
    for briefing in briefings:
        actors.update((a.id, a) for a in briefing.actors)
        sources.update((s.id, s) for s in briefing.sources)
    # Oldest briefing first, so a new briefing's claimants never change the colours of older charts.
    oldest_first = sorted(briefings, key=lambda b: ((b.meta.created or b.meta.updated).sort_key, b.slug))
    slots = claimant_slots(b.figures for b in oldest_first)
    site = Site(briefings, MappingProxyType(actors), MappingProxyType(sources), show_drafts=show_drafts,
                claimant_slots=MappingProxyType(slots), places=MappingProxyType({p.id: p for p in valid.places}),
                tag_names=MappingProxyType({t.id: t.name for t in valid.tags}), keys=valid.keys)
    return with_related(site, processes, memo) if related else site


def with_related(site: Site, processes: int = 1, memo: Memo | None = None) -> Site:
    """The site with each briefing's related briefings ranked (related_briefings: processes and memo)."""
    # Among the briefings the build shows: a public page never links to a draft.
    return dataclasses.replace(site, related=related_briefings(site.published, processes=processes, memo=memo))

