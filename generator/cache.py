"""A cache keyed on file content, under .cache/briefing/: regenerating costs what changed.

These are kept, each keyed by sha256 of bytes plus the generator's own version (its
source files and templates, and the libraries that shape its output), so an edit anywhere
invalidates what it must:

- the last generation: the key of every input (briefings/, mkdocs.yml, options) and the size and
  mtime of every file it wrote. When neither the inputs nor those files changed, generating again
  would write nothing, so it is skipped and the warnings are returned as they were.
- each YAML file as loaded (its Document, or the problems that stopped it): an edit to one file
  parses that one file again, not the whole site.
- each page and resized picture (output_cache.py, with the helpers here); each briefing's
  cross-reference checks and share of the open data (Entries, named by validate/cross_check.py
  and outputs/open_data.py).
- the site engine's templates as Jinja compiled them (compiled_templates).

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
import shutil
import sys
import time
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from generator.exceptions import BuildError, Problem
from generator.load import reader
from generator.write import atomic_write

CACHE_DIR = Path(".cache") / "briefing"
FORMAT = 1  # bump when the layout of an entry changes
# Libraries whose version can change what a generation writes.
LIBRARIES = ("pyyaml", "pydantic", "pydantic-core", "jinja2", "markupsafe", "markdown",
             "pymdown-extensions", "nh3", "feedgen", "lxml", "pillow")
_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")
# Page templates: PageStore keys each page on its own template's source, not on all of them.
PAGE_TEMPLATES = Path("render") / "templates"

log = logging.getLogger("generator")


def cache_dir(root: Path) -> Path:
    """Where root's cache lives: root/.cache/briefing (gitignored; safe to delete)."""
    return root / CACHE_DIR


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, only ever an optimisation: unreadable entries compile again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """The entry's code, or none (a torn or foreign file is compiled again, not an error)."""
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the entry if the folder can take it (a full disk or a deleted cache fails no build)."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


# The libraries whose upgrade can change what a compiled template does without changing its source.
TEMPLATE_LIBRARIES = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material")


def compiled_templates(root: Path) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, for MkDocs' theme: each build makes a new environment.

    Compiling Material's templates cost a sixth of a second on every save in the preview at
    1,000 briefings. Jinja checks each entry against its template's source, so an edited
    template is compiled again; the folder is named by the libraries' versions, and the
    folders of other versions are deleted. None when it cannot be made (then each build compiles).
    """
    versions = hashlib.sha256(f"{sys.version}\0{_versions(TEMPLATE_LIBRARIES)}".encode()).hexdigest()[:16]
    parent = cache_dir(root) / "templates"
    try:
        (parent / versions).mkdir(parents=True, exist_ok=True)
        for other in parent.iterdir():
            if other.name != versions:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return _CompiledTemplates(str(parent / versions))


def _versions(names: Iterable[str]) -> str:
    """Each library's name and installed version ('-' when it is not installed), one per line."""
    lines = []
    for name in names:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} -")
    return "\n".join(lines)


@functools.cache
def code_version(with_page_templates: bool = True) -> str:
    """A digest of the generator's own files, Python's version and the libraries' versions."""
    digest = hashlib.sha256(f"format {FORMAT}\0{sys.version}\0{reader.HAS_LIBYAML}".encode())
    digest.update(f"\0{_versions(LIBRARIES)}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            if not with_page_templates and path.relative_to(package).is_relative_to(PAGE_TEMPLATES):
                continue
            digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
            digest.update(path.read_bytes())
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


def forget_digests(base: Path, seen: set[str]) -> None:
    """Drop the preview's digests of files under base that are not in seen (removed since)."""
    for gone in [f for f in _DIGESTS if f not in seen and f.startswith(f"{base}{os.sep}")]:
        del _DIGESTS[gone]


def read_entry(path: Path) -> Any:
    """The object pickled at path, or None when it is missing or unreadable for any reason."""
    try:
        return pickle.loads(path.read_bytes())  # our own file, under the project's .cache/
    except Exception:  # a corrupt or foreign entry is a miss, never a failure
        return None


def write_entry(path: Path, value: Any) -> None:
    """Pickle value to path through a temporary file; give up quietly if the disk says no."""
    write_entry_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def write_entry_bytes(path: Path, data: bytes) -> None:
    """write.atomic_write, except that a cache that cannot be written is skipped, not an error."""
    try:
        atomic_write(path, data)
    except BuildError as err:
        log.debug("cache not written: %s", err)


# --- Loaded documents ---------------------------------------------------------------------

class DocumentCache:
    """reader.load_document with a memory, for load_site(read=...): known bytes are not parsed again."""

    def __init__(self, root: Path, remember: bool = False, known: Mapping[str, bytes] | None = None):
        self.folder = cache_dir(root) / "documents"
        self.remember = remember  # the preview's: see file_digest
        # The digests of the files as this run's Inputs found them: not read and hashed a second time. A file
        # saved since is the file of that digest for this run, as its key says; _parsed files what it parses
        # under the digest of the bytes parsed.
        self.known = known or {}
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.parse = reader.load_document
        self.digests: dict[str, bytes] = {}  # shown_as → the sha256 of the bytes its document was made from

    def __call__(self, file: Path, shown_as: str, problems: list[Problem]) -> reader.Document | None:
        """Same contract as reader.load_document."""
        try:
            digest = self.known.get(shown_as) or file_digest(file, self.remember)
        except OSError:
            return self.parse(file, shown_as, problems)  # which reports why the file cannot be read
        name = self._entry(shown_as, digest)
        # The entry's file is still checked for: a deleted cache is deleted for this process too.
        entry = _LOADED.get(name) if (self.folder / name).exists() else None
        if entry is None:
            entry = read_entry(self.folder / name)
        if (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)
                and (entry[0] is None or isinstance(entry[0], reader.Document))):
            self.hits += 1
            self.used.add(name)
            self.digests[shown_as] = digest
            _LOADED[name] = entry
            problems.extend(entry[1])
            return entry[0]
        self.misses += 1
        found: list[Problem] = []
        try:
            name, document = self._parsed(file, shown_as, found)
        except OSError:
            return self.parse(file, shown_as, problems)
        problems.extend(found)
        self.used.add(name)
        _LOADED[name] = (document, found)
        return document

    def _parsed(self, file: Path, shown_as: str, found: list[Problem]) -> tuple[str, reader.Document | None]:
        """Parse file's bytes, read once, into the entry named by their digest: a file saved meanwhile is
        filed under its new bytes, never the old ones. Raises OSError when the file cannot be read."""
        raw = file.read_bytes()
        digest = hashlib.sha256(raw).digest()
        name = self._entry(shown_as, digest)
        document = self.parse(file, shown_as, found, raw)
        write_entry(self.folder / name, (document, found))
        self.digests[shown_as] = digest
        return name, document

    @staticmethod
    def _entry(shown_as: str, digest: bytes) -> str:
        """The entry of a file shown as shown_as whose bytes have this sha256."""
        return hashlib.sha256(f"{code_version()}\0{shown_as}\0".encode() + digest).hexdigest() + ".pickle"

    def prepare(self, file: Path, shown_as: str) -> None:
        """Parse file into the cache unless its entry is there (load/ahead.py's child); keep nothing in memory."""
        if not (self.folder / self._entry(shown_as, self.known.get(shown_as) or file_digest(file))).exists():
            self._parsed(file, shown_as, [])

    @staticmethod
    def forget() -> None:
        """Drop the documents kept in memory: a run that loads once must not hold them to its end."""
        _LOADED.clear()

    def prune(self) -> None:
        """Delete the entries of files this site no longer has (older versions of edited files)."""
        prune_entries(self.folder, self.used)
        for name in [n for n in _LOADED if n not in self.used]:
            del _LOADED[name]


# The preview loads again in one process on every save: an unchanged file's Document is the very
# object it was last time, so validation can tell, by identity, what it has already checked
# (validate/fields.py, references.py) and nothing is unpickled again.
_LOADED: dict[str, tuple[reader.Document | None, list[Problem]]] = {}


class Memo:
    """One value kept on disk under folder, by a key its caller derives from all the value depends on.

    Only the last value is kept: a key is asked for again when nothing it names has changed.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def _entry(self, key: str) -> str:
        return hashlib.sha256(f"{code_version()}\0{key}".encode()).hexdigest() + ".pickle"

    def get(self, key: str) -> Any:
        """The value put under key, or None."""
        return read_entry(self.folder / self._entry(key))

    def put(self, key: str, value: Any) -> None:
        """Keep value under key, in place of the last."""
        write_entry(self.folder / self._entry(key), value)
        prune_entries(self.folder, {self._entry(key)})


class Entries:
    """Values kept on disk under folder, each by a key its caller derives from all the value depends on
    (the generator's code is added here); the entries a run did not use are pruned after it.

    A forked child's copy records what it used in its own copy only: its parent marks those keys (keep).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def _entry(self, key: str) -> str:
        return hashlib.sha256(f"{code_version(with_page_templates=False)}\0{key}".encode()).hexdigest() + ".pickle"

    def name(self, key: str) -> str:
        """The name of key's entry: the value's key, with the generator's code."""
        return self._entry(key)

    def get(self, key: str) -> Any:
        """The value kept under key, or None."""
        self.keep(key)
        return read_entry(self.folder / self._entry(key))

    def put(self, key: str, value: Any) -> None:
        """Keep value under key."""
        self.keep(key)
        write_entry(self.folder / self._entry(key), value)

    def keep(self, key: str) -> None:
        """Count key's entry as used by this run: prune leaves it."""
        self.used.add(self._entry(key))

    def prune(self) -> None:
        """Delete the entries this run did not use."""
        prune_entries(self.folder, self.used)


def prune_entries(folder: Path, used: set[str]) -> None:
    """Delete the entries not in used, and temporary files a killed run left behind."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            unused = _ENTRY.fullmatch(entry.name) and entry.name not in used
            # atomic_write's temporary files start with a dot; one an hour old was left by a killed run.
            abandoned = entry.name.startswith(".") and time.time() - entry.stat().st_mtime > 3600
            if unused or abandoned:
                entry.unlink(missing_ok=True)

