"""The site index: what `briefing check SLUG` needs to know of every other briefing, without loading it.

Each run that validates a briefing (generate, check, the preview) keeps a small summary of it under
.cache/briefing/index/, keyed by the bytes of its files: the ids it defines and where, whether it
had errors of its own, what it cites, its sources' links. A scoped check loads the named briefings
and the site-wide files, and takes every other briefing whose files are unchanged from its summary;
a briefing without one (edited since, or never validated) is loaded as before. A briefing that
shows pictures is always loaded: its key would have to read the pictures too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.exceptions import BuildError
from generator.load.reader import BRIEFING_FILES, RawBriefing, RawSite, Reader, load_site
from generator.model.briefing import Briefing
from generator.validate import reuse
from generator.validate.duplicates import url_key
from generator.validate.ids import Defined, defined, ids_of, site_places
from generator.write import atomic_write

FORMAT = 1  # bump when Summary changes
_FILES = frozenset(BRIEFING_FILES)


@dataclass(frozen=True)
class Summary:
    """What a scoped check needs of one briefing it does not load."""

    slug: str
    defined: Defined  # its ids in reading order, and where each stands
    state: str  # "valid"; "partial" (briefing.yaml invalid, its items checked); "none" (nothing readable)
    incomplete: bool  # errors of its own (loading, fields): the site-wide sources' "never cited" is not said
    cited: frozenset[str]  # every source id it cites
    source_urls: tuple[tuple[str, str], ...]  # (id, url key) of each valid source with a url, in order


@dataclass(frozen=True)
class Unloaded:
    """The briefings a scoped check took from the index: every slug in reading order, and their summaries."""

    order: tuple[str, ...]
    summaries: Mapping[str, Summary] = field(default_factory=dict)


class SiteIndex:
    """The summaries under folder, one file per briefing, named by the digest of its files."""

    def __init__(self, folder: Path, version: str):
        self.folder = folder
        self.version = version  # the generator's code version: a summary is what this code made
        self.used: set[str] = set()
        self.keys: dict[str, str] = {}  # slug → the key of its files in this run
        self._present: set[str] | None = None
        # shown path → the sha256 of the bytes loaded (cache.DocumentCache.digests): a summary is filed
        # under the bytes it was made from, not those on disk when it is kept (a save may come between).
        self.loaded: Mapping[str, bytes] | None = None
        self._counted: tuple[Mapping[str, bytes], int, Counter[str]] | None = None

    def key(self, folder: Path, loaded: Mapping[str, bytes] | None = None) -> str | None:
        """The key of a briefing's summary: files_digest, for this code."""
        files = self.files_digest(folder, loaded)
        if files is None:
            return None
        self.keys[folder.name] = name = hashlib.sha256(f"{FORMAT}\0{self.version}\0{files}".encode()).hexdigest()
        return name

    def files_digest(self, folder: Path, loaded: Mapping[str, bytes] | None = None) -> str | None:
        """The digest of a briefing folder's names and of the bytes of the files loading reads.

        loaded: those bytes' digests as loaded; None (the digest is not known) when the folder's files
        are no longer those that were loaded.
        """
        digest = hashlib.sha256(folder.name.encode())
        shown, matched = f"briefings/{folder.name}/", 0
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                digest.update(f"\0{entry.name}".encode())
                if entry.name in _FILES and entry.is_file(follow_symlinks=False):
                    if loaded is not None:
                        known = loaded.get(shown + entry.name)
                        if known is None:  # added since, or unreadable when loaded
                            return None
                        digest.update(known)
                        matched += 1
                        continue
                    with contextlib.suppress(OSError), open(entry.path, "rb") as file:
                        digest.update(hashlib.sha256(file.read()).digest())
        if loaded is not None and matched != self._loaded_in(loaded).get(shown, 0):
            return None  # a file loaded is gone since
        return digest.hexdigest()

    def _loaded_in(self, loaded: Mapping[str, bytes]) -> Counter[str]:
        """How many files loading read in each briefing's folder ('briefings/slug/'), counted once per run."""
        # Counting them for each folder in turn read every loaded path once per briefing: 0.9 s at 1,000.
        if self._counted is None or self._counted[0] is not loaded or self._counted[1] != len(loaded):
            counts: Counter[str] = Counter()
            for path in loaded:
                parts = path.split("/", 2)
                if len(parts) == 3:
                    counts[f"{parts[0]}/{parts[1]}/"] += 1
            self._counted = (loaded, len(loaded), counts)
        return self._counted[2]

    def get(self, folder: Path) -> Summary | None:
        """The summary of the briefing in folder as its files are now, or None."""
        try:
            name = self.key(folder)
        except OSError:
            return None
        if name is None:
            return None
        try:
            summary = pickle.loads((self.folder / f"{name}.pickle").read_bytes())  # our own file, under .cache/
        except Exception:  # missing, corrupt or foreign: the briefing is loaded
            return None
        if not isinstance(summary, Summary) or summary.slug != folder.name:
            return None
        self.used.add(name)
        return summary

    def put(self, folder: Path, summary: Callable[[], Summary]) -> str | None:
        """Keep summary() for the briefing in folder, unless one is kept for its files already; return its key.

        Made only when needed: finding every id of 1,000 unchanged briefings again cost a run 0.4 s.
        """
        try:
            name = self.key(folder, self.loaded) if self.loaded is not None else (
                self.keys.get(folder.name) or self.key(folder))
        except OSError:
            return None
        if name is None:
            return None
        self.used.add(name)
        if self._present is None:
            try:
                self._present = {p.removesuffix(".pickle") for p in os.listdir(self.folder)}
            except OSError:
                self._present = set()
        if name not in self._present:
            with contextlib.suppress(BuildError):  # the index is only an optimisation
                atomic_write(self.folder / f"{name}.pickle", pickle.dumps(summary(), protocol=pickle.HIGHEST_PROTOCOL))
                self._present.add(name)
        return name

    def prune(self) -> None:
        """Delete the summaries of files this site no longer has (a run that validated every briefing)."""
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.endswith(".pickle") and entry.name.removesuffix(".pickle") not in self.used:
                    os.unlink(entry.path)


def content_keys(index: SiteIndex, raw: RawSite, briefings: Iterable[Briefing]) -> dict[str, str]:
    """Each briefing's digest of all it is made from: its folder's names, the bytes loaded, its pictures' files.

    A validated Briefing is a function of these and of the generator's code alone, so a cache may key on
    this (with the code's digest: the key leaves it out, so that an edited page template does not change
    it) instead of the briefing's content. A briefing whose files changed since they were loaded has none.
    """
    if index.loaded is None:  # the bytes on disk may not be those loaded
        return {}
    folders = {b.slug: raw.root / b.folder for b in raw.briefings}
    keys = {}
    for briefing in briefings:
        try:
            key = index.files_digest(folders[briefing.slug], index.loaded) if briefing.slug in folders else None
        except OSError:
            key = None
        if key is None:
            continue
        if briefing.images:  # read from their own files, which the folder's key does not read
            pictures = sorted((name, f.path, f.digest, f.width, f.height, f.format)
                              for name, f in briefing.images.items())
            key = hashlib.sha256(f"{key}\0{pictures!r}".encode()).hexdigest()
        keys[briefing.slug] = key
    return keys


def load_scoped(root: Path, named: Iterable[str], read: Reader, index: SiteIndex) -> tuple[RawSite, Unloaded]:
    """load_site, without the briefings the index summarises (except named ones, and those that share an id
    with a named briefing or a site-wide file: their checks may report there)."""
    named = set(named)
    base = root / "briefings"
    summaries: dict[str, Summary] = {}
    with os.scandir(base) as entries:
        for entry in entries:
            if entry.name not in named and entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                summary = index.get(Path(entry.path))
                if summary is not None:
                    summaries[entry.name] = summary
    raw = load_site(root, read=read, skip=summaries)
    order = tuple(b.slug for b in raw.briefings)
    near = {item_id for item_id, place in site_places(raw) if place.owner is None or place.owner in named}
    neighbours = {slug for slug, s in summaries.items() if not near.isdisjoint(ids_of(s.defined))}
    if neighbours:  # loaded as load_site would have (their folders' own problems come last)
        again = load_site(root, read=read, skip=summaries.keys() - neighbours)
        folders = tuple(f"briefings/{slug}/" for slug in neighbours)
        raw.problems.extend(p for p in again.problems if p.file.startswith(folders))
        whole = {b.slug: b for b in again.briefings if b.slug in neighbours}
        raw.briefings = [whole.get(b.slug, b) for b in raw.briefings]
    unloaded = {slug: s for slug, s in summaries.items() if slug in order and slug not in neighbours}
    raw.briefings = [b for b in raw.briefings if b.slug not in unloaded]
    return raw, Unloaded(order, unloaded)


def record(index: SiteIndex, raw: RawSite, states: Mapping[str, tuple[str, Briefing | None]],
           incomplete: Iterable[str], cited_by: Mapping[str, frozenset[str]]) -> None:
    """Keep a summary of each briefing validated (states: validate_site's verdict and the briefing it made)."""
    failed = set(incomplete)
    for loaded in raw.briefings:
        main = loaded.documents.get("briefing")
        if main is not None and isinstance(main.data, dict) and main.data.get("images"):
            continue  # its errors depend on its pictures, which the key does not read
        # The preview's unchanged briefing: the same Document objects as last time (reuse.py), so the same bytes.
        objects, values = tuple(loaded.documents.values()), (loaded.folder, tuple(loaded.documents), index.folder)
        name = _RECORDED.get(loaded.slug, objects, values)
        if name is not None:
            index.used.add(name)
            continue
        name = index.put(raw.root / loaded.folder, functools.partial(_summary, loaded, states, failed, cited_by))
        if name is not None and not loaded.failed:  # a file that failed to load is no object to compare
            _RECORDED.put(loaded.slug, objects, values, name)
    _RECORDED.keep(b.slug for b in raw.briefings)


def _summary(loaded: RawBriefing, states: Mapping[str, tuple[str, Briefing | None]], failed: set[str],
             cited_by: Mapping[str, frozenset[str]]) -> Summary:
    """What the index keeps of one briefing validated."""
    state, briefing = states.get(loaded.slug, ("none", None))
    urls = tuple((s.id, url_key(s.url)) for s in briefing.sources if s.url) if briefing is not None else ()
    return Summary(loaded.slug, defined(loaded), state, loaded.slug in failed, cited_by.get(loaded.slug, frozenset()),
                   urls)


# The preview's briefings as last recorded, by their documents' identity: a save keys only what changed.
_RECORDED: reuse.Remembered[str] = reuse.Remembered()
