"""Every item of a briefing that can cite a source or name another item, in page order.

This is the one list of citing fields: the reference checks, the backlinks (actor and source
pages), the cited sources of a page, the open data and the JSON-LD all read it. A new field that
cites sources or names actors is added here, and only here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from pydantic import TypeAdapter, ValidationError

from generator.model import citations
from generator.model.annotations import holds
from generator.model.contract import (
    ITEM_MODELS,
    LIST_MODELS,
    Actor,
    Assessment,
    BriefingFile,
    Event,
    Figure,
    Quote,
    Record,
    Text,
)
from generator.model.figures import figure_value, measures

PathT = tuple[str | int, ...]

# The fields of each list's items that name other items by id, and the list each names. citing_items()
# below reads them from valid records; the checks of an item that failed validation read them from its
# YAML (validate/references.py), so that a wrong speaker is reported with a wrong date, not after it is
# mended. Not here: an assessment's evidence and a change's added items (checked on valid records only),
# and inline [@id] citations in text (a failed item's text may be what failed).
REFERENCE_FIELDS: Mapping[str, Mapping[str, str]] = {
    "events": {"actors": "actors", "places": "places", "sources": "sources"},
    "quotes": {"speaker": "actors", "event": "events", "sources": "sources"},
    "figures": {"claimed_by": "actors", "sources": "sources"},
    "assessments": {"sources": "sources"},
}


class Mention(NamedTuple):
    """An id an item names in one of its fields: an actor, a place, or the event a quote was said at."""

    kind: str  # the list the id belongs to: "actors", "places" or "events"
    ref: str
    path: PathT  # the field inside the item, e.g. ("actors", 0) or ("speaker",)


class CitingItem(NamedTuple):
    """One item that can cite sources: where it stands on the page and in the YAML, and what it cites."""

    kind: str  # "summary", "key point", "event", "figure", "quote", "quote original", "assessment", "what changed"
    anchor: str  # its id on the briefing page
    title: str  # its label on the sources page (a quote's is made from its speaker's name)
    # Where it is written: inside the listed item with this id (found wherever that item is
    # written), or, when None, in briefing.yaml; path leads from there to the item.
    item_id: str | None
    path: PathT
    sources: tuple[str, ...]  # the ids listed in its 'sources:'
    markdown: Mapping[str, str | None]  # its Markdown fields, which may cite inline as [@id]
    required: bool  # True when it must cite at least one source
    record: Record  # the model object it stands for
    mentions: tuple[Mention, ...] = ()
    speaker: str | None = None  # the actor id a quote's label names

    @property
    def entry(self) -> tuple[str | int | None, ...]:
        """The page entry it belongs to: a quote's original is part of its quote."""
        return (self.item_id,) if self.item_id else (None, *self.path)

    @property
    def description(self) -> str:
        """How a problem names it: 'this key point', "the event 'x'"."""
        return f"the {self.kind} '{self.item_id}'" if self.item_id else f"this {self.kind}"

    @property
    def actor_ids(self) -> list[str]:
        """The ids of the actors it names, in field order."""
        return [m.ref for m in self.mentions if m.kind == "actors"]

    def cited_ids(self) -> list[str]:
        """Every source id it cites, listed ones first, then inline ones in field order (repeats kept)."""
        return [*self.sources, *(i for text in self.markdown.values() for i in citations.cited_ids(text))]

    def label(self, actors: Mapping[str, Actor]) -> str:
        """Its label on the sources page: 'Summary', 'Key point 2', an event's title, 'Quote by …'."""
        return f"Quote by {actors[self.speaker].name}" if self.speaker else self.title


def citing_items(meta: BriefingFile, events: Sequence[Event], figures: Sequence[Figure],
                 quotes: Sequence[Quote], assessments: Sequence[Assessment] = ()) -> Iterator[CitingItem]:
    """Every item of a briefing that can cite or name something, in the order of its page."""
    yield CitingItem("summary", "summary", "Summary", None, (), (), {"summary": meta.summary},
                     required=False, record=meta)
    for i, point in enumerate(meta.key_points):
        yield CitingItem("key point", "key-points", f"Key point {i + 1}", None, ("key_points", i),
                         tuple(point.sources), {"text": point.text}, required=True, record=point)
    for event in events:
        yield CitingItem("event", event.id, event.title, event.id, (), tuple(event.sources),
                         {"summary": event.summary}, required=True, record=event,
                         mentions=(*(Mention("actors", a, ("actors", i)) for i, a in enumerate(event.actors)),
                                   *(Mention("places", p, ("places", i)) for i, p in enumerate(event.places))))
    labels = {m.key: m.label for m in measures(figures)}
    for figure in figures:
        claimant = (Mention("actors", figure.claimed_by, ("claimed_by",)),) if figure.claimed_by else ()
        yield CitingItem("figure", figure.id, f"{labels[figure.measure]}: {figure_value(figure)}", figure.id, (),
                         tuple(figure.sources), {}, required=True, record=figure, mentions=claimant)
    for quote in quotes:
        at_event = (Mention("events", quote.event, ("event",)),) if quote.event else ()
        yield CitingItem("quote", quote.id, "", quote.id, (), tuple(quote.sources), {"text": quote.text},
                         required=True, record=quote, speaker=quote.speaker,
                         mentions=(Mention("actors", quote.speaker, ("speaker",)), *at_event))
        if quote.original:
            yield CitingItem("quote original", quote.id, "", quote.id, ("original",), (),
                             {"text": quote.original.text}, required=False, record=quote.original,
                             speaker=quote.speaker)
    # An assessment's evidence (events, figures, quotes) is checked with its sources (validate/references.py).
    for assessment in assessments:
        grade = f"{assessment.likelihood.capitalize()}, {assessment.confidence} confidence"
        yield CitingItem("assessment", assessment.id, grade, assessment.id, (), tuple(assessment.sources),
                         {"text": assessment.text}, required=False, record=assessment)
    for i, change in enumerate(meta.changes):
        yield CitingItem("what changed", "what-changed", change.date.words(), None, ("changes", i), (),
                         {"note": change.note}, required=False, record=change)


# The fields holding records that are items of their own: citing_items() yields them, or the briefing keeps
# them apart from briefing.yaml's record (its events, sources, …).
_OWN_ITEMS = frozenset({"key_points", "changes", "original", *ITEM_MODELS})


def plain_texts(record: Record) -> Iterator[tuple[PathT, str]]:
    """Every plain-text value of a citing item's record (the contract's Text: shown as written, not Markdown),
    with its path; with those of the records it holds that are not items of their own (a briefing's pictures)."""
    texts, held = _plain_fields(type(record))
    for name in texts:
        value = getattr(record, name)
        if isinstance(value, str):
            yield (name,), value
        elif isinstance(value, list):
            yield from (((name, i), text) for i, text in enumerate(value))
    for name in held:
        value = getattr(record, name)
        held_items = [((name, i), v) for i, v in enumerate(value)] if isinstance(value, list) else [((name,), value)]
        for base, inner in held_items:
            if isinstance(inner, Record):
                yield from (((*base, *path), text) for path, text in plain_texts(inner))


@functools.cache
def _plain_fields(model: type[Record]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of model's fields of plain text (Text, optional or a list of it), and of those holding records."""
    annotations = {name: field.rebuild_annotation() for name, field in model.model_fields.items()}
    return (tuple(name for name, annotation in annotations.items() if holds(annotation, Text)),
            tuple(name for name, annotation in annotations.items()
                  if name not in _OWN_ITEMS and holds(annotation, Record)))


_FIELD_TYPES: dict[tuple[str, str], TypeAdapter[Any]] = {}


def raw_references(kind: str, item: Any) -> Iterator[tuple[PathT, str, str]]:
    """The ids an item of a list (events, quotes, …) names, read from its YAML as written: (field path, id, list).

    For an item that failed validation: each field is validated alone, and one that is invalid (so
    reported already) is passed over.
    """
    if not isinstance(item, dict):
        return
    for field, names in REFERENCE_FIELDS.get(kind, {}).items():
        if item.get(field) is None:
            continue
        key = (kind, field)
        if key not in _FIELD_TYPES:
            # With its constraints (an id's pattern), which pydantic keeps apart from the bare type.
            field_type: Any = LIST_MODELS[kind].model_fields[field].rebuild_annotation()
            _FIELD_TYPES[key] = TypeAdapter(field_type, config=Record.model_config)  # as the model reads it
        try:
            value = _FIELD_TYPES[key].validate_python(item[field])
        except ValidationError:
            continue
        if isinstance(value, str):
            yield (field,), value, names
        else:
            yield from (((field, i), ref, names) for i, ref in enumerate(value))
