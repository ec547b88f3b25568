"""Where each id of the site is written: every item with an id, in the order the site is read.

The reference checks (references.py) look ids up here. A briefing that `briefing check SLUG` did
not load stands here by what the site index kept of it (site_index.py): each id's file, path and
line. Its place is made only when an id is looked up, in a stand-in document that knows that line.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.load.reader import ITEM_REGISTRIES, LIST_FILES, Document, RawBriefing, RawSite
from generator.validate import reuse

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Place:
    """Where an item was written: its document and path, and the briefing that owns it."""

    doc: Document
    path: PathT
    kind: str  # events, quotes, figures, sources, actors
    owner: str | None  # briefing slug, or None for the site-wide registries


def item_at(place: Place) -> Any:
    """The value written at place (an item's mapping of fields, if well written; None where the path leads nowhere)."""
    data: Any = place.doc.data
    for part in place.path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# Where the index says an item with an id stands: (kind, file as shown, path, line and column of its id).
Where = tuple[str, str, PathT, tuple[int, int]]
# A briefing's ids in reading order (joined by NUL, which no loaded text holds), and where each stands,
# pickled: a scoped check reads the ids of every briefing (some 100,000 at 1,000 briefings) but looks
# up where only a few of them stand.
Defined = tuple[str, bytes]


def _scan(doc: Document, base: PathT, items: Any, kind: str, owner: str | None) -> Iterator[tuple[str, Place]]:
    if isinstance(items, list):
        for i, item in enumerate(items):
            item_id = model_id(item.get("id")) if isinstance(item, dict) else None
            if item_id is not None:
                yield item_id, Place(doc, (*base, i), kind, owner)


def model_id(written: Any) -> str | None:
    """An id as the models read it (contract.Record): its surrounding spaces dropped, a number as text.

    Placed as written, 'e1 ' and 2024 would be other ids than the items' own: a briefing's check would
    find another file's 'e1' for its own, and two files' 2024 would not be one id used twice.
    """
    if isinstance(written, str):
        return written.strip()
    if isinstance(written, (int, float)) and not isinstance(written, bool):
        return str(written)
    return None


def briefing_places(briefing: RawBriefing) -> Iterator[tuple[str, Place]]:
    """Every item with an id in one loaded briefing, in file order (a list file before briefing.yaml's list)."""
    main = briefing.documents.get("briefing")
    for kind in LIST_FILES:
        sibling = briefing.documents.get(kind)
        if sibling is not None:
            yield from _scan(sibling, (), sibling.data, kind, briefing.slug)
        elif main is not None and isinstance(main.data, dict):
            yield from _scan(main, (kind,), main.data.get(kind), kind, briefing.slug)


def defined(briefing: RawBriefing) -> Defined:
    """What the index keeps of a loaded briefing's ids."""
    places = list(briefing_places(briefing))
    where = tuple((p.kind, p.doc.path, p.path, p.doc.where((*p.path, "id"))) for _, p in places)
    return "\0".join(item_id for item_id, _ in places), pickle.dumps(where, protocol=pickle.HIGHEST_PROTOCOL)


def ids_of(summarised: Defined) -> list[str]:
    """The ids a summarised briefing defines, in reading order."""
    return summarised[0].split("\0") if summarised[0] else []


class Places(dict[str, Place]):
    """The first place of each id; those of briefings the index summarises are made when looked up.

    order and others: every briefing's slug in reading order, and what the index kept of those not loaded.
    """

    def __init__(self, order: Sequence[str] = (), others: Mapping[str, Defined] | None = None) -> None:
        super().__init__()
        self.position = {slug: i for i, slug in enumerate(order)}
        # id → its first summarised briefing's slug, where its ids stand (pickled), and its number among them.
        # Built from the last briefing to the first, so the first writer of an id is the one kept.
        self.summarised: dict[str, tuple[str, bytes, int]] = {}
        for slug in reversed(order):
            if others is not None and slug in others:
                ids = ids_of(others[slug])
                where = others[slug][1]
                self.summarised.update((ids[n], (slug, where, n)) for n in range(len(ids) - 1, -1, -1))
        self._unpickled: dict[bytes, tuple[Where, ...]] = {}

    def earlier(self, item_id: str, owner: str | None) -> Place | None:
        """The place of item_id written before the briefing owner's (None: a site-wide file's), if any."""
        if dict.__contains__(self, item_id):
            return dict.__getitem__(self, item_id)
        found = self.summarised.get(item_id)
        if found is None or owner is None or self.position[found[0]] > self.position[owner]:
            return None
        return self[item_id]

    def later(self, item_id: str, owner: str | None) -> Place | None:
        """The place of item_id in a briefing the index summarises, read after the briefing owner, if any."""
        found = self.summarised.get(item_id)
        if found is None or owner is None or self.position[found[0]] <= self.position[owner]:
            return None
        return self._stand_in(item_id)

    def __missing__(self, item_id: str) -> Place:
        place = self[item_id] = self._stand_in(item_id)
        return place

    def _stand_in(self, item_id: str) -> Place:
        slug, where, number = self.summarised[item_id]
        if where not in self._unpickled:
            self._unpickled[where] = pickle.loads(where)  # written by defined(), under the project's .cache/
        kind, file, path, at = self._unpickled[where][number]
        return Place(Document.standing_in(file, {(*path, "id"): at}), path, kind, slug)

    def __contains__(self, item_id: object) -> bool:
        return dict.__contains__(self, item_id) or item_id in self.summarised

    def get(self, item_id: str, default: Place | None = None) -> Place | None:  # type: ignore[override]
        # Not dict.get: it would not make a summarised id's place.
        return self[item_id] if item_id in self else default  # noqa: SIM401


def site_places(raw: RawSite) -> Iterator[tuple[str, Place]]:
    """Every loaded item with an id, in the order the site is read: the site-wide files, then each briefing."""
    for kind, doc in raw.registries.items():
        if kind in ITEM_REGISTRIES:  # a tag's name is no item: its id may be an actor's or a place's too
            yield from _scan(doc, (), doc.data, kind, None)
    for briefing in raw.briefings:
        objects, values = tuple(briefing.documents.values()), tuple(briefing.documents)
        places = _PLACES.get(briefing.slug, objects, values)
        if places is None:
            places = list(briefing_places(briefing))
            _PLACES.put(briefing.slug, objects, values, places)
        yield from places
    _PLACES.keep(b.slug for b in raw.briefings)


# Each briefing's places as last found, while its documents are the same objects (the preview's unchanged files).
_PLACES: reuse.Remembered[list[tuple[str, Place]]] = reuse.Remembered()
