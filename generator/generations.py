"""What a generation reads and what it wrote: the digests of its inputs, and the record of the last generation.

The record lets a one-off run that nothing changed for write nothing (unchanged_generation), tells
the next run which files changed since (Inputs.little_change) and which pages their files still
hold (Generation.written_pages). It lives in the cache folder (cache.py): deleting that folder only
makes the next run do everything again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from generator.cache import cache_dir, code_version, file_digest, forget_digests, read_entry, write_entry
from generator.exceptions import PROBLEM_FIELDS, Problem
from generator.write import FileState, file_state

# At most this many files of briefings/ changed since the last generation (with the same settings and
# code): a one-off run then does its work in one process (with the open data beside it). Forking a child
# per core to find that nearly every page, check and document is cached costs more than it saves: at
# 1,000 briefings, one file edited, 12–14 s of CPU in 8–10 s against 9–10 s of CPU in 7–8 s.
LITTLE_CHANGE = 25


@dataclass(frozen=True)
class Inputs:
    """What a generation reads, as found before it starts (read_inputs)."""

    key: str  # the digest of all of it: the code, the options, mkdocs.yml and briefings/ (names, kinds, bytes)
    settings: str  # the digest of all but briefings/: when it differs, any page may differ
    files: Mapping[str, bytes]  # each file under briefings/ by the path it is shown by -> the sha256 of its bytes

    def changed_since(self, last: Generation | None) -> set[str] | None:
        """The files under briefings/ added, changed or removed since last; None when last read other
        settings or code (or there is no last), so that any output may change."""
        if last is None or not last.settings or last.settings != self.settings:
            return None
        return {path for path in self.files.keys() | last.files.keys() if self.files.get(path) != last.files.get(path)}

    def little_change(self, last: Generation | None) -> bool:
        """Whether so few files changed since last that the caches answer nearly all of a run (LITTLE_CHANGE)."""
        changed = self.changed_since(last)
        return changed is not None and len(changed) <= LITTLE_CHANGE


def read_inputs(root: Path, remember: bool = False, **options: object) -> Inputs:
    """The digests of everything a generation reads: briefings/ (names, kinds, bytes), mkdocs.yml.

    remember: the preview's (see file_digest); options go into the key.
    """
    settings = hashlib.sha256(f"{code_version()}\0{sorted(options.items())!r}".encode())
    config = root / "mkdocs.yml"
    settings.update(b"\0mkdocs.yml\0" + (config.read_bytes() if config.is_file() else b"-"))
    digest = settings.copy()
    files: dict[str, bytes] = {}
    base = root / "briefings"
    seen = set()
    # Plain strings and one lstat per entry: at 1,000 briefings the walk is most of the preview's key.
    for folder, dirs, names in os.walk(base):
        dirs.sort()
        under = Path(folder).relative_to(root).as_posix()
        for name in sorted(dirs + names):
            path, shown = os.path.join(folder, name), f"{under}/{name}"
            try:
                info = os.lstat(path)
            except FileNotFoundError:  # removed since the folder was listed
                digest.update(f"\0gone {shown}".encode())
                continue
            if stat.S_ISLNK(info.st_mode):  # load.py refuses links: their target is not an input
                digest.update(f"\0link {shown}\0{os.readlink(path)}".encode())
            elif stat.S_ISREG(info.st_mode):
                files[shown] = file_digest(Path(path), remember, info)
                digest.update(f"\0file {shown}\0".encode() + files[shown])
                seen.add(path)
            else:
                digest.update(f"\0{'dir' if stat.S_ISDIR(info.st_mode) else 'other'} {shown}".encode())
    if not base.is_dir():
        digest.update(b"\0no briefings")
    if remember:
        forget_digests(base, seen)
    return Inputs(digest.hexdigest(), settings.hexdigest(), files)


@dataclass(frozen=True)
class Generation:
    """What the last generation read (its key), returned (warnings) and wrote (file states)."""

    key: str
    # Each warning's fields as a tuple: pickling 55,000 Problem objects cost a generation 0.8 s at 1,000 briefings.
    warnings: list[tuple[Any, ...]]
    outputs: dict[str, FileState]  # path under docs/ -> its state as this generation left it
    # Path under docs/ -> the page store's entry its page was made from (output_cache.PageStore.names).
    pages: dict[str, str] = field(default_factory=dict)
    settings: str = ""  # Inputs.settings
    files: Mapping[str, bytes] = field(default_factory=dict)  # Inputs.files: what changed_since compares

    def written_pages(self) -> dict[str, tuple[str, FileState]]:
        """Each page's entry with the state its file was left in: what write.PageWriter.holds compares."""
        return {path: (name, self.outputs[path]) for path, name in self.pages.items() if path in self.outputs}


def last_generation(root: Path) -> Generation | None:
    """The record of the last generation that finished, whatever it read; None if there is none."""
    record = read_entry(cache_dir(root) / "generation.pickle")
    # A record pickled by an older version of this code may lack a field: as good as none.
    return record if isinstance(record, Generation) and all(hasattr(record, f.name) for f in fields(record)) else None


def unchanged_generation(record: Generation | None, docs: Path, key: str) -> list[Problem] | None:
    """The last generation's warnings (record: last_generation) if it had this key and its files are as it left them."""
    if record is None or record.key != key:
        return None
    if any(file_state(docs / path) != state for path, state in record.outputs.items()):
        return None  # a generated file was edited or removed: write it again
    try:
        return [Problem(*fields) for fields in record.warnings]
    except TypeError:  # written by another version of this code
        return None


def record_generation(root: Path, docs: Path, inputs: Inputs, warnings: list[Problem],
                      written: Iterable[str], states: Mapping[str, FileState | None] | None = None,
                      pages: Mapping[str, str] | None = None) -> None:
    """Remember this generation: what it read (inputs), its warnings, the state of the files under docs/
    and the entries its pages were made from (pages).

    states: those of the files known already (write.PageWriter.states); the others are looked at.
    """
    known = states or {}
    outputs = {}
    for path in written:
        state = known.get(path) or file_state(docs / path)
        if state is None:
            return  # something removed a file meanwhile: better no record than a wrong one
        outputs[path] = state
    write_entry(cache_dir(root) / "generation.pickle",
                Generation(inputs.key, [PROBLEM_FIELDS(w) for w in warnings], outputs, dict(pages or {}),
                           inputs.settings, dict(inputs.files)))
