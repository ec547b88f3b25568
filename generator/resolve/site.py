"""Resolve stage: what validation found → the finished, read-only Site that every later stage reads.

What depends on the whole site is settled here, once: each briefing's events in date order, the
actor and source tables (shared registries, then each briefing's own), and which briefings the
build shows. The Site and its briefings are frozen dataclasses of tuples and read-only mappings
around the validated pydantic models (frozen too, and reused, not copied): a stage that tried to
change the site for the next one fails at once instead of changing it in secret.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor, Source
from generator.validate.fields import ValidSite


def resolve(valid: ValidSite, show_drafts: bool = False) -> Site:
    """The finished site; show_drafts (the local preview) lists drafts among the published briefings."""
    briefings = tuple(_in_date_order(b) for b in valid.briefings)
    actors: dict[str, Actor] = {a.id: a for a in valid.actors}
    sources: dict[str, Source] = {s.id: s for s in valid.sources}
    for briefing in briefings:
        actors.update((a.id, a) for a in briefing.actors)
        sources.update((s.id, s) for s in briefing.sources)
    return Site(briefings, MappingProxyType(actors), MappingProxyType(sources), show_drafts=show_drafts)


def _in_date_order(briefing: Briefing) -> Briefing:
    """The briefing with its events by date; events on one date keep the order they were written in."""
    return dataclasses.replace(briefing, events=tuple(sorted(briefing.events, key=lambda e: e.date.sort_key)))
