"""The validated site, read-only: each briefing with its items, and the whole site by id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from generator.model.citing import CitingItem, citing_items
from generator.model.contract import Actor, Assessment, BriefingFile, Event, Figure, Place, Quote, Source
from generator.urls import slugify

# A phone's width, a column's, and a column's on a sharp screen: the browser picks from srcset.
PICTURE_WIDTHS = (480, 960, 1600)


@dataclass(frozen=True)
class ImageFile:
    """A picture's file as checked: where it is, its size, and the digest that keys what shows it."""

    path: str  # absolute, to read the pixels from
    digest: str  # sha256 of the file's bytes: a replaced picture renders its pages again
    width: int
    height: int
    format: str  # JPEG, PNG or WEBP

    def widths(self) -> tuple[int, ...]:
        """The widths the build writes: those of PICTURE_WIDTHS narrower than the file, and its own up to the last."""
        own = min(self.width, PICTURE_WIDTHS[-1])
        return (*(w for w in PICTURE_WIDTHS if w < own), own)

    def height_at(self, width: int) -> int:
        """The height of the picture drawn width pixels across."""
        return max(1, round(self.height * width / self.width))


@dataclass(frozen=True)
class Briefing:
    """A validated briefing, read-only: its metadata and every item (events in date order once resolved)."""

    slug: str
    meta: BriefingFile
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    # list name -> file it came from
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    assessments: tuple[Assessment, ...] = ()
    # meta.images' files by their `file:` value, each checked (validate/images.py).
    images: Mapping[str, ImageFile] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def published(self) -> bool:
        """True when the briefing belongs in the public build."""
        return self.meta.status != "draft"

    def citing_items(self) -> tuple[CitingItem, ...]:
        """Every item that can cite a source or name an actor, in page order (see citing.py)."""
        return self._citing_items

    @cached_property
    def _citing_items(self) -> tuple[CitingItem, ...]:
        # Made once: the briefing is read-only, and every stage reads the list several times.
        return tuple(citing_items(self.meta, self.events, self.figures, self.quotes, self.assessments))

    def actor_ids(self) -> set[str]:
        """Ids of the actors the briefing defines or names (event actors, speakers, claimants)."""
        return set(self._actor_ids)

    def tags(self) -> list[str]:
        """Its own tags and its events', sorted, once each: what it is about, for its page and its related briefings."""
        return sorted({*self.meta.tags, *(tag for event in self.events for tag in event.tags)})

    def cited_source_ids(self) -> list[str]:
        """Ids of every source the briefing cites, in lists or inline, in page order, once each."""
        return list(self._cited_source_ids)

    def cited_ids_by_item(self) -> tuple[tuple[str, ...], ...]:
        """What each of citing_items() cites (CitingItem.cited_ids), in the same order."""
        return self._cited_ids_by_item

    def sources_of(self, record: object) -> list[str]:
        """What one of its items (an event, key point, figure, quote) cites: listed, then inline, once each."""
        return list(self._sources_by_record.get(id(record), ()))

    def take_cited_ids(self, kept: object) -> bool:
        """Take cited_ids_by_item() as a run before this one worked it out from the same files; False if unfit.

        Finding the citations in every text is most of indexing an unchanged site again (1.8 s at
        1,000 briefings): a one-off run keeps them by the digest of the files (resolve/backlinks.py).
        """
        fits = (isinstance(kept, tuple) and len(kept) == len(self.citing_items())
                and all(isinstance(ids, tuple) and all(isinstance(i, str) for i in ids) for ids in kept))
        if fits and "_cited_ids_by_item" not in self.__dict__:
            self.__dict__["_cited_ids_by_item"] = kept  # a cached_property's own slot: as if worked out here
        return fits

    # Worked out once, like the items: checks, backlinks and each page's inputs all ask.
    @cached_property
    def _actor_ids(self) -> frozenset[str]:
        return frozenset({a.id for a in self.actors} | {i for item in self.citing_items() for i in item.actor_ids})

    @cached_property
    def _cited_ids_by_item(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(item.cited_ids()) for item in self.citing_items())

    @cached_property
    def _sources_by_record(self) -> dict[int, tuple[str, ...]]:
        # By the record's identity: the briefing holds its records for its whole life.
        return {id(item.record): tuple(dict.fromkeys(ids))
                for item, ids in zip(self.citing_items(), self.cited_ids_by_item(), strict=True)}

    @cached_property
    def _cited_source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for ids in self.cited_ids_by_item() for i in ids))


@dataclass(frozen=True)
class Site:
    """The finished site, read-only: briefings plus every actor and source by id (see resolve/site.py)."""

    briefings: tuple[Briefing, ...]
    actors: Mapping[str, Actor]
    sources: Mapping[str, Source]
    show_drafts: bool = False  # the local preview shows drafts; the public build never does
    # Claimant id -> colour-and-shape slot of the charts, the same on every page (figures.claimant_slots).
    claimant_slots: Mapping[str, int] = field(default_factory=dict)
    # Slug -> slugs of its related briefings, best first (resolve/related.py); only briefings of the build.
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Every place of briefings/places.yaml by id (the briefings' events name them).
    places: Mapping[str, Place] = field(default_factory=dict)
    # Tag -> the name readers see it by, from briefings/tags.yaml (tag_labels).
    tag_names: Mapping[str, str] = field(default_factory=dict)
    # Slug -> the digest of the files its briefing was made from, where known (validate/site_index.py):
    # caches key a briefing on it instead of on all it holds.
    keys: Mapping[str, str] = field(default_factory=dict)
    # Briefings of the build (drafts only in a preview), most recently updated first.
    published: tuple[Briefing, ...] = field(init=False)

    def __post_init__(self) -> None:
        # Read-only containers whatever the caller passed: no stage can change what another reads.
        object.__setattr__(self, "briefings", tuple(self.briefings))
        object.__setattr__(self, "actors", _read_only(self.actors))
        object.__setattr__(self, "sources", _read_only(self.sources))
        object.__setattr__(self, "claimant_slots", _read_only(self.claimant_slots))
        object.__setattr__(self, "related", _read_only(self.related))
        object.__setattr__(self, "places", _read_only(self.places))
        object.__setattr__(self, "tag_names", _read_only(self.tag_names))
        object.__setattr__(self, "keys", _read_only(self.keys))
        public = [b for b in self.briefings if b.published or self.show_drafts]
        # Most recently updated first, and those updated the same day in their slugs' order (a reverse sort
        # of both put them backwards: 'copy-9' … 'copy-2', 'copy-19' …); sorted stays stable when reversed.
        object.__setattr__(self, "published", tuple(sorted(
            sorted(public, key=lambda b: b.slug), key=lambda b: b.meta.updated.sort_key, reverse=True)))

    def tag_labels(self, tags: Iterable[str]) -> dict[str, str]:
        """Each of tags as pages show it (tag_labels), by the tag."""
        return {tag: self._tag_labels.get(tag, tag) for tag in tags}

    @cached_property
    def _tag_labels(self) -> dict[str, str]:
        names = {**{i: p.name for i, p in self.places.items()}, **{i: a.name for i, a in self.actors.items()},
                 **self.tag_names}
        tags = {tag for briefing in self.briefings for tag in briefing.tags()}
        return tag_labels(tags, names)


def tag_labels(tags: Iterable[str], names: Mapping[str, str]) -> dict[str, str]:
    """How pages show each tag: by its name in names, which holds the names briefings/tags.yaml gives tags
    and, for a tag that is an actor's or place's id, that name ('nato' reads 'NATO'); any other as it is
    written. Words are not guessed at ('eu-sanctions' is not 'Eu sanctions', 'covid-19' not 'Covid 19').

    Two tags that would read alike (two ids named 'Ukraine'; 'United States' beside 'united-states')
    are shown as written, or the tags page (whose anchors are its labels' slugs) and the search's filter
    would make them one. Data files and feeds keep the tag: it is the id.
    """
    labels = {tag: names.get(tag, tag) for tag in tags}
    while True:
        readers: dict[str, list[str]] = {}
        for tag, label in labels.items():
            readers.setdefault(slugify(label), []).append(tag)
        alike = [tag for group in readers.values() if len(group) > 1 for tag in group if labels[tag] != tag]
        if not alike:
            return labels
        labels.update((tag, tag) for tag in alike)


def _read_only(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """table as a read-only mapping, without copying one that already is."""
    return table if isinstance(table, MappingProxyType) else MappingProxyType(dict(table))
