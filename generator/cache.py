"""A cache keyed on file content, under .cache/briefing/: regenerating costs what changed.

Three things are kept, each keyed by sha256 of bytes plus the generator's own version (its
source files and templates, and the libraries that shape its output), so an edit anywhere
invalidates what it must:

- the last generation: the key of every input (briefings/, mkdocs.yml, options) and the size and
  mtime of every file it wrote. When neither the inputs nor those files changed, generating again
  would write nothing, so it is skipped and the warnings are returned as they were.
- each YAML file as loaded (its Document, or the problems that stopped it): an edit to one file
  parses that one file again, not the whole site.
- each page of a briefing, an actor, a month or a publisher as rendered, keyed by its template's
  source and by everything the template is given (render/pages.py declares it once per kind of
  page): an edit renders again the pages it changes, not all, and a template edit only its pages.
  A process that generates again and again (the preview) also keeps the pages it used in memory.

The cache is only ever an optimisation: the folder can be deleted at any time, an entry that
cannot be read is treated as missing, and a cache that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic_core import to_json

from generator.exceptions import BuildError, Problem
from generator.load import reader
from generator.write import atomic_write

CACHE_DIR = Path(".cache") / "briefing"
FORMAT = 1  # bump when the layout of an entry changes
# Libraries whose version can change what a generation writes.
LIBRARIES = ("pyyaml", "pydantic", "pydantic-core", "jinja2", "markupsafe", "markdown",
             "pymdown-extensions", "nh3", "feedgen", "pillow")
_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")
# Page templates: PageStore keys each page on its own template's source, not on all of them.
PAGE_TEMPLATES = Path("render") / "templates"
KEPT_MODES = 4  # kinds of run whose pages are kept: build, build --pdf, the preview, and one more

log = logging.getLogger("generator")


def cache_dir(root: Path) -> Path:
    """Where root's cache lives: root/.cache/briefing (gitignored; safe to delete)."""
    return root / CACHE_DIR


@functools.cache
def code_version(with_page_templates: bool = True) -> str:
    """A digest of the generator's own files, Python's version and the libraries' versions."""
    digest = hashlib.sha256(f"format {FORMAT}\0{sys.version}\0{reader.HAS_LIBYAML}".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"\0{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{name} -".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            if not with_page_templates and path.relative_to(package).is_relative_to(PAGE_TEMPLATES):
                continue
            digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_key(root: Path, remember: bool = False, **options: object) -> str:
    """The digest of everything a generation reads: briefings/ (names, kinds, bytes), mkdocs.yml.

    remember: the preview's (see file_digest); options go into the key.
    """
    digest = hashlib.sha256(f"{code_version()}\0{sorted(options.items())!r}".encode())
    config = root / "mkdocs.yml"
    digest.update(b"\0mkdocs.yml\0" + (config.read_bytes() if config.is_file() else b"-"))
    base = root / "briefings"
    seen = set()
    # Plain strings and one lstat per entry: at 1,000 briefings the walk is most of the preview's key.
    for folder, dirs, files in os.walk(base):
        dirs.sort()
        under = Path(folder).relative_to(root).as_posix()
        for name in sorted(dirs + files):
            path, shown = os.path.join(folder, name), f"{under}/{name}"
            try:
                info = os.lstat(path)
            except FileNotFoundError:  # removed since the folder was listed
                digest.update(f"\0gone {shown}".encode())
                continue
            if stat.S_ISLNK(info.st_mode):  # load.py refuses links: their target is not an input
                digest.update(f"\0link {shown}\0{os.readlink(path)}".encode())
            elif stat.S_ISREG(info.st_mode):
                digest.update(f"\0file {shown}\0".encode() + file_digest(Path(path), remember, info))
                seen.add(path)
            else:
                digest.update(f"\0{'dir' if stat.S_ISDIR(info.st_mode) else 'other'} {shown}".encode())
    if not base.is_dir():
        digest.update(b"\0no briefings")
    for gone in [f for f in _DIGESTS if f not in seen and f.startswith(f"{base}{os.sep}")] if remember else []:
        del _DIGESTS[gone]
    return digest.hexdigest()


def file_digest(file: Path, remember: bool = False, info: os.stat_result | None = None) -> bytes:
    """sha256 of file's bytes; with remember (the preview), taken again from memory while its state is unchanged.

    info: the file's stat, when the caller has it. Raises OSError when the file cannot be read.
    """
    if not remember:  # a one-off run reads bytes: a checkout or a copy can keep a file's mtime
        return hashlib.sha256(file.read_bytes()).digest()
    info = info or file.stat()
    # Safe enough for the preview alone: an editor's save, even one keeping size and mtime, gives the
    # file a new ctime (and a rename a new inode). A state the clock has not moved past can still
    # hide a second write within the timestamps' granularity, so a file changed in the last two
    # seconds is read again (as git does with a "racily clean" file).
    state = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    known = _DIGESTS.get(str(file))
    if known is not None and known[0] == state:
        return known[1]
    digest = hashlib.sha256(file.read_bytes()).digest()
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > _SETTLED_NS:
        _DIGESTS[str(file)] = (state, digest)
    else:
        _DIGESTS.pop(str(file), None)
    return digest


# The preview's digests of the files under briefings/, with the state each had when read (file_digest).
_DIGESTS: dict[str, tuple[tuple[int, int, int, int, int], bytes]] = {}
_SETTLED_NS = 2_000_000_000


def _read(path: Path) -> Any:
    """The object pickled at path, or None when it is missing or unreadable for any reason."""
    try:
        return pickle.loads(path.read_bytes())  # our own file, under the project's .cache/
    except Exception:  # a corrupt or foreign entry is a miss, never a failure
        return None


def _write(path: Path, value: Any) -> None:
    """Pickle value to path through a temporary file; give up quietly if the disk says no."""
    _write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write_bytes(path: Path, data: bytes) -> None:
    """write.atomic_write, except that a cache that cannot be written is skipped, not an error."""
    try:
        atomic_write(path, data)
    except BuildError as err:
        log.debug("cache not written: %s", err)


# --- The last generation ------------------------------------------------------------------

@dataclass(frozen=True)
class Generation:
    """What the last generation read (its key), returned (warnings) and wrote (file states)."""

    key: str
    warnings: list[Problem]
    outputs: dict[str, tuple[int, int, int]]  # path under docs/ -> (size, mtime_ns, inode)


def _state(file: Path) -> tuple[int, int, int] | None:
    try:
        info = file.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def unchanged_generation(root: Path, docs: Path, key: str) -> list[Problem] | None:
    """The last generation's warnings if it had this key and its files are as it left them."""
    record = _read(cache_dir(root) / "generation.pickle")
    if not isinstance(record, Generation) or record.key != key:
        return None
    if any(_state(docs / path) != state for path, state in record.outputs.items()):
        return None  # a generated file was edited or removed: write it again
    return list(record.warnings)


def record_generation(root: Path, docs: Path, key: str, warnings: list[Problem],
                      written: Iterable[str], states: Mapping[str, tuple[int, int, int] | None] | None = None) -> None:
    """Remember this generation: its key, its warnings and the state of the files under docs/.

    states: those of the files known already (write.PageWriter.states); the others are looked at.
    """
    known = states or {}
    outputs = {}
    for path in written:
        state = known.get(path) or _state(docs / path)
        if state is None:
            return  # something removed a file meanwhile: better no record than a wrong one
        outputs[path] = state
    _write(cache_dir(root) / "generation.pickle", Generation(key, list(warnings), outputs))


# --- Loaded documents ---------------------------------------------------------------------

class DocumentCache:
    """reader.load_document with a memory, for load_site(read=...): known bytes are not parsed again."""

    def __init__(self, root: Path, remember: bool = False):
        self.folder = cache_dir(root) / "documents"
        self.remember = remember  # the preview's: see file_digest
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.parse = reader.load_document

    def __call__(self, file: Path, shown_as: str, problems: list[Problem]) -> reader.Document | None:
        """Same contract as reader.load_document."""
        try:
            name = self._entry(shown_as, file_digest(file, self.remember))
        except OSError:
            return self.parse(file, shown_as, problems)  # which reports why the file cannot be read
        self.used.add(name)
        # The entry's file is still checked for: a deleted cache is deleted for this process too.
        entry = _LOADED.get(name) if (self.folder / name).exists() else None
        if entry is None:
            entry = _read(self.folder / name)
        if (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)
                and (entry[0] is None or isinstance(entry[0], reader.Document))):
            self.hits += 1
            _LOADED[name] = entry
            problems.extend(entry[1])
            return entry[0]
        self.misses += 1
        found: list[Problem] = []
        document = self.parse(file, shown_as, found)
        problems.extend(found)
        _write(self.folder / name, (document, found))
        _LOADED[name] = (document, found)
        return document

    @staticmethod
    def _entry(shown_as: str, digest: bytes) -> str:
        """The entry of a file shown as shown_as whose bytes have this sha256."""
        return hashlib.sha256(f"{code_version()}\0{shown_as}\0".encode() + digest).hexdigest() + ".pickle"

    def prepare(self, file: Path, shown_as: str) -> None:
        """Parse file into the cache unless its entry is there (load/ahead.py's child); keep nothing in memory."""
        path = self.folder / self._entry(shown_as, file_digest(file))
        if not path.exists():
            found: list[Problem] = []
            _write(path, (self.parse(file, shown_as, found), found))

    @staticmethod
    def forget() -> None:
        """Drop the documents kept in memory: a run that loads once must not hold them to its end."""
        _LOADED.clear()

    def prune(self) -> None:
        """Delete the entries of files this site no longer has (older versions of edited files)."""
        _prune(self.folder, self.used)
        for name in [n for n in _LOADED if n not in self.used]:
            del _LOADED[name]


# The preview loads again in one process on every save: an unchanged file's Document is the very
# object it was last time, so validation can tell, by identity, what it has already checked
# (validate/fields.py, references.py) and nothing is unpickled again.
_LOADED: dict[str, tuple[reader.Document | None, list[Problem]]] = {}


# --- Rendered pages -----------------------------------------------------------------------

class PageStore:
    """Rendered pages by the digest of what they are made of: an edit renders what it changes.

    mode names the kind of run (the preview shows drafts, `build --pdf` links the PDFs): the
    pages each of the last few kinds used are kept, so that switching between them does not
    render everything again, and the folder holds no more than a few sites' worth of pages.
    """

    def __init__(self, root: Path, mode: str = "", remember: bool = False):
        self.folder = cache_dir(root) / "pages"
        # Kept in memory too (the preview's long-running process): not by a one-off run, which
        # writes each page as it is made and must not hold the whole site's pages.
        self.remember = remember
        self.mode = hashlib.sha256(mode.encode()).hexdigest()[:16]
        self.used: set[str] = set()
        self.serialised: set[int] = set()  # the ids of the objects of _SERIALISED this run keyed pages on
        self.keyed: set[int] = set()  # the ids of the contexts of _KEYED this run used
        self.hits = 0
        self.misses = 0

    def page(self, template: str, context: Mapping[str, Any], make: Callable[[], str]) -> str:
        """The page a template makes from context: remembered, or made now and remembered.

        template is the digest of the template's source and of those it imports; context is all
        the template is given, so nothing the page shows is left out of its key.
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
        file = self.folder / name
        # The entry's file is still checked for: a deleted cache is deleted for this process too.
        entry = _REMEMBERED.get(file) if file.exists() else None
        if entry is None:
            entry = _read(file)
        if isinstance(entry, str):
            self.hits += 1
            if self.remember:
                _REMEMBERED[file] = entry
            return entry
        self.misses += 1
        text = make()
        _write(file, text)
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
            _write_bytes(self.folder / f"used-{self.mode}.txt", "\n".join(sorted(self.used)).encode())
            records = sorted(self.folder.glob("used-*.txt"), key=lambda f: f.stat().st_mtime, reverse=True)
            for stale in records[KEPT_MODES:]:
                stale.unlink(missing_ok=True)
            for other in records[:KEPT_MODES]:
                keep.update(other.read_text(encoding="utf-8").split())
        _prune(self.folder, keep)
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
        entry = _read(self.folder / name)
        if isinstance(entry, bytes):
            return entry
        data = make()
        _write(self.folder / name, data)
        return data

    def prune(self) -> None:
        """Delete the pictures this run did not use (a replaced or removed picture's)."""
        _prune(self.folder, self.used)


def _prune(folder: Path, used: set[str]) -> None:
    """Delete the entries not in used, and temporary files a killed run left behind."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            unused = _ENTRY.fullmatch(entry.name) and entry.name not in used
            # atomic_write's temporary files start with a dot; one an hour old was left by a killed run.
            abandoned = entry.name.startswith(".") and time.time() - entry.stat().st_mtime > 3600
            if unused or abandoned:
                entry.unlink(missing_ok=True)

