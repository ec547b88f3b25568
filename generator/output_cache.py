"""The cache of outputs, under .cache/briefing/: rendered pages and resized pictures (see cache.py).

Each declared page (a briefing's, an actor's, a month's, a publisher's, the home page and the
site-wide lists) is kept as rendered, keyed by its
template's source and by everything the template is given (render/pages.py declares it once per
kind of page): an edit renders again the pages it changes, not all, and a template edit only its
pages. A process that generates again and again (the preview) also keeps the pages it used in
memory. Each width of each picture is kept by the picture's digest.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic_core import to_json

from generator.cache import cache_dir, code_version, prune_entries, read_entry, write_entry, write_entry_bytes
from generator.model.briefing import Site

KEPT_MODES = 4  # kinds of run whose pages are kept: build, build --pdf, the preview, and one more


class PageStore:
    """Rendered pages by the digest of what they are made of: an edit renders what it changes.

    mode names the kind of run (the preview shows drafts, `build --pdf` links the PDFs): the
    pages each of the last few kinds used are kept, so that switching between them does not
    render everything again, and the folder holds no more than a few sites' worth of pages.
    """

    def __init__(self, root: Path, mode: str = "", remember: bool = False,
                 holds: Callable[[str, str], bool] | None = None):
        self.folder = cache_dir(root) / "pages"
        # Whether the file at a path holds the page of an entry already (write.PageWriter.holds, which notes
        # the entry for the next run's): then the page is neither read from here nor written.
        self.holds = holds
        # Kept in memory too (the preview's long-running process): not by a one-off run, which
        # writes each page as it is made and must not hold the whole site's pages.
        self.remember = remember
        self.mode = hashlib.sha256(mode.encode()).hexdigest()[:16]
        self.used: set[str] = set()
        self.serialised: set[int] = set()  # the ids of the objects of _SERIALISED this run keyed pages on
        self.keyed: set[int] = set()  # the ids of the contexts of _KEYED this run used
        self.hits = 0
        self.misses = 0

    def key_by_files(self, site: Site) -> None:
        """Key the pages showing a briefing on the digest of its files (Site.keys), not on all it holds.

        Writing each briefing's content out for the key of its page cost a one-off run 0.2 s at 1,000
        briefings (500 published); its files' digest, known since loading, names the same content.
        """
        for briefing in site.briefings:
            key = site.keys.get(briefing.slug)
            if key is not None:
                _SERIALISED[id(briefing)] = (briefing, hashlib.sha256(f"files\0{key}".encode()).digest())

    def page(self, template: str, context: Mapping[str, Any], make: Callable[[], str],
             path: str | None = None) -> str | None:
        """The page a template makes from context: remembered, or made now and remembered.

        template is the digest of the template's source and of those it imports; context is all
        the template is given, so nothing the page shows is left out of its key. path: where the
        page goes under docs/; None is returned when the file there holds it already (holds).
        """
        prefix = f"{code_version(with_page_templates=False)}\0{template}\0"
        known = _KEYED.get(id(context)) if self.remember else None
        if known is not None and known[0] is context and known[1] == prefix:
            name = known[2]  # the very context keyed last time (render/reuse.py): no need to hash it again
        else:
            digest = hashlib.sha256(prefix.encode())
            for key, value in context.items():
                digest.update(f"\0{key}\0".encode() + _serialised(value, self.serialised))
            name = digest.hexdigest() + ".pickle"
        if self.remember:
            _KEYED[id(context)] = (context, prefix, name)
            self.keyed.add(id(context))
        self.used.add(name)
        if path is not None and self.holds is not None and self.holds(path, name):
            self.hits += 1
            return None
        file = self.folder / name
        # The entry's file is still checked for: a deleted cache is deleted for this process too.
        entry = _REMEMBERED.get(file) if file.exists() else None
        if entry is None:
            entry = read_entry(file)
        if isinstance(entry, str):
            self.hits += 1
            if self.remember:
                _REMEMBERED[file] = entry
            return entry
        self.misses += 1
        text = make()
        write_entry(file, text)
        if self.remember:
            _REMEMBERED[file] = text
        return text

    def tally(self) -> tuple[set[str], int, int]:
        """The entries used, hits and misses: what a forked child that rendered pages tells its parent."""
        return self.used, self.hits, self.misses

    def absorb(self, tally: tuple[set[str], int, int]) -> None:
        """Count a child's renders as this run's: prune keeps the entries it used."""
        used, hits, misses = tally
        self.used |= used
        self.hits += hits
        self.misses += misses

    def prune(self) -> None:
        """Delete the pages that neither this run nor the last runs of other kinds used."""
        keep = set(self.used)
        with contextlib.suppress(OSError):
            write_entry_bytes(self.folder / f"used-{self.mode}.txt", "\n".join(sorted(self.used)).encode())
            records = sorted(self.folder.glob("used-*.txt"), key=lambda f: f.stat().st_mtime, reverse=True)
            for stale in records[KEPT_MODES:]:
                stale.unlink(missing_ok=True)
            for other in records[:KEPT_MODES]:
                keep.update(other.read_text(encoding="utf-8").split())
        prune_entries(self.folder, keep)
        for file in [f for f in _REMEMBERED if f.parent == self.folder and f.name not in self.used]:
            del _REMEMBERED[file]  # memory holds one kind of run's pages: the preview's, while it runs
        for number in _SERIALISED.keys() - self.serialised:
            del _SERIALISED[number]
        for number in _KEYED.keys() - self.keyed:
            del _KEYED[number]


def _serialised(value: Any, used: set[int]) -> bytes:
    """value as JSON, for a page's key: pydantic's serializer writes models, dataclasses and lists
    in one pass, fast enough to key 200 briefings in a tenth of a second; repr stands in for
    anything else.

    A frozen dataclass (a briefing) is written once per process, and the digest of that
    remembered by its identity: the preview's unchanged briefings are the same objects save
    after save (validate/reuse.py). Smaller values cost more to walk than to write again.
    """
    params = getattr(value, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return to_json(value, fallback=repr)
    used.add(id(value))
    known = _SERIALISED.get(id(value))
    if known is None or known[0] is not value:
        known = _SERIALISED[id(value)] = (value, hashlib.sha256(to_json(value, fallback=repr)).digest())
    return known[1]


# The preview generates again in one process on every save: the pages it used last time stay in
# memory, so a save costs unpickling only the pages it changed (a third of a second at 200 briefings).
_REMEMBERED: dict[Path, str] = {}
# Frozen dataclasses keyed on by id, with their JSON: see _serialised.
_SERIALISED: dict[int, tuple[object, bytes]] = {}
# The preview's page contexts by id, with the code and template keyed and the entry's name (never changed once made).
_KEYED: dict[int, tuple[Mapping[str, Any], str, str]] = {}


# --- Resized pictures -----------------------------------------------------------------------

class PictureStore:
    """Each width of each picture by its file's digest: a picture is resized once, not on every generation."""

    def __init__(self, root: Path):
        self.folder = cache_dir(root) / "pictures"
        self.used: set[str] = set()

    def picture(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes key names (the file's digest, the width): remembered, or made now and remembered."""
        name = hashlib.sha256(f"{code_version(with_page_templates=False)}\0{key}".encode()).hexdigest() + ".pickle"
        self.used.add(name)
        entry = read_entry(self.folder / name)
        if isinstance(entry, bytes):
            return entry
        data = make()
        write_entry(self.folder / name, data)
        return data

    def prune(self) -> None:
        """Delete the pictures this run did not use (a replaced or removed picture's)."""
        prune_entries(self.folder, self.used)
