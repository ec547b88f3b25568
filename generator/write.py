"""Write stage: put generated pages under docs/, touching only files whose content changed.

The generator owns exactly the files listed in its manifest (docs/.generated.json): it removes
those it no longer generates (a deleted briefing's page disappears) and never overwrites a
hand-written file. Each file is written to a temporary name and renamed, so none is half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator.exceptions import BuildError

MANIFEST = ".generated.json"
# The new files of a generation not finished yet, one a line, noted before each is written: a run
# stopped midway (Ctrl-C, a full disk, an error) leaves files the next run may replace, not refuse.
PENDING = ".generated-pending"


@dataclass
class WriteReport:
    """What a write did: files written, left alone because unchanged, and removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Files and folders made through a temporary name get the permissions open() and mkdir() would
# give them: tempfile makes them private (0600, 0700), and a web server reading site/ as another
# user would then refuse every page and PDF.
_MASK = _umask()
FILE_MODE = 0o666 & ~_MASK
FOLDER_MODE = 0o777 & ~_MASK


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write data (bytes, or a function that writes to a file) to path through a temporary file
    in the same folder and a rename; BuildError if the disk says no."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise BuildError(f"cannot write {path}: {err.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            os.chmod(temporary, FILE_MODE)
            # A large PDF is streamed to the file by its writer rather than held as bytes first.
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
        os.replace(temporary, path)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise BuildError(f"cannot write {path}: {err.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _inside(base: Path, relative: str, folders: dict[str, Path] | None = None) -> Path:
    """base/relative with its folder resolved (links followed); BuildError if that is outside base.

    folders remembers the folders resolved so far: a write resolves each once, not once a file.
    The file itself is replaced by a rename, never written through, so a link there leads nowhere.
    """
    folders = {} if folders is None else folders
    parent, _, name = relative.rpartition("/")
    for folder in {"", parent} - folders.keys():
        folders[folder] = (base / folder).resolve()
    if name in ("", ".", "..") or not folders[parent].is_relative_to(folders[""]):
        raise BuildError(f"refusing to write outside {base}: {relative}")  # slugs are validated; a second lock
    return folders[parent] / name


def read_manifest(docs: Path) -> list[str]:
    """The files the generator wrote last time, and those a generation stopped midway wrote since."""
    try:
        pending = (docs / PENDING).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        pending = []
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        files = [str(p) for p in data.get("files", [])]
    except (OSError, ValueError, AttributeError):
        files = []
    listed = set(files)
    return [*files, *(name for name in dict.fromkeys(pending) if name and name not in listed)]


def write_pages(docs: Path, pages: Mapping[str, str | bytes], keep: Collection[str] = ()) -> WriteReport:
    """Bring docs/ in line with pages (text, or bytes such as pictures): write changed files, remove
    ones no longer generated. keep: generated files left as they are, neither written nor removed."""
    writer = PageWriter(docs, keep)
    for relative, text in sorted(pages.items()):
        writer.put(relative, text)
    return writer.finish()


# Size, mtime, ctime (ns) and inode: a file rewritten or replaced has another. The ctime too, because
# a copy or `touch -r` can put an old mtime back on a file edited in place; nothing can set the ctime.
FileState = tuple[int, int, int, int]


def file_state(path: str | Path) -> FileState | None:
    """The state of the file at path, or None when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


# The preview's last writes by docs/ folder: each file's text, where it is and its state just after.
_LAST: dict[Path, dict[str, tuple[str | bytes, str, FileState | None]]] = {}


class PageWriter:
    """write_pages one page at a time, so that no process holds the whole site's pages at once.

    put() writes a page as soon as it is made (a forked renderer writes its own, then tells the
    parent's writer what it did: tally, absorb); finish() removes what is no longer generated.
    states holds the state of each file this process put, as generation's record wants it.
    remember (the preview, which writes again on every save): keep each file's text and state
    after the run, so that a file the next run puts with the same text, still in that state, is
    known to be unchanged without being read (at 1,000 briefings, 8,000 files a save).
    """

    def __init__(self, docs: Path, keep: Collection[str] = (), remember: bool = False,
                 pages: Mapping[str, tuple[str, FileState]] | None = None):
        self.docs = docs
        self.keep = keep
        # Each page the last generation wrote: the page store's entry it was made from, and the file's state after.
        self.pages = pages or {}
        self.owned = set(read_manifest(docs))
        self.names: set[str] = set()
        self.report = WriteReport()
        self.folders: dict[str, Path] = {}
        self.states: dict[str, FileState | None] = {}
        # The entry each file asked about (holds) is made from: the next run's holds compares it.
        self.entries: dict[str, str] = {}
        if remember:
            self.last: dict[str, tuple[str | bytes, str, FileState | None]] | None = _LAST.setdefault(docs, {})
        else:
            self.last = None
            _LAST.pop(docs, None)  # another kind of run writes here: what the preview kept may be wrong

    def put(self, relative: str, text: str | bytes) -> None:
        """Write one generated file, unless it already holds these bytes."""
        last = self.last.get(relative) if self.last is not None else None
        if last is not None and (last[0] is text or last[0] == text) and relative in self.owned:
            state = file_state(last[1])
            if state is not None and state == last[2]:  # as this process left it
                self.names.add(relative)
                self.report.unchanged.append(relative)
                self.states[relative] = state
                return
        target = _inside(self.docs, relative, self.folders)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if target.exists() and relative not in self.owned:
            raise BuildError(f"docs/{relative} exists and was not generated: move or rename it, "
                             "the generator writes that page")
        self.names.add(relative)
        if target.is_file() and target.read_bytes() == data:
            self.report.unchanged.append(relative)
            self._note(relative, text, target)
            return
        if relative not in self.owned:  # noted first: every process appends its own lines
            try:
                self.docs.mkdir(parents=True, exist_ok=True)
                with open(self.docs / PENDING, "a", encoding="utf-8") as pending:
                    pending.write(f"{relative}\n")
            except OSError as err:
                raise BuildError(f"cannot write {self.docs / PENDING}: {err.strerror}") from None
        atomic_write(target, data)
        self.report.written.append(relative)
        self._note(relative, text, target)

    def holds(self, relative: str, entry: str) -> bool:
        """Whether the file at relative holds the page made from entry, as the last generation left it.

        If so it counts as put, unchanged: neither the entry nor the file is read (at 1,000 briefings, a
        one-off run after an edit read 5,300 pages twice to find most of them unchanged).
        """
        self.entries[relative] = entry
        last = self.pages.get(relative)
        if last is None or last[0] != entry or relative not in self.owned or relative in self.keep:
            return False
        state = file_state(self.docs / relative)
        if state is None or state != last[1]:  # edited, replaced or removed since
            return False
        self.names.add(relative)
        self.report.unchanged.append(relative)
        self.states[relative] = state
        return True

    def _note(self, relative: str, text: str | bytes, target: Path) -> None:
        """Note the state of the file just put, and in the preview its text."""
        where = str(target)
        self.states[relative] = state = file_state(where)
        if self.last is not None:
            self.last[relative] = (text, where, state)

    def put_all(self, pages: Iterable[tuple[str, str | bytes]]) -> None:
        """put() each (path, text) as it comes."""
        for relative, text in pages:
            self.put(relative, text)

    def tally(self) -> tuple[set[str], list[str], list[str], dict[str, FileState | None], dict[str, str]]:
        """What this writer wrote: what a forked renderer tells its parent's writer."""
        return self.names, self.report.written, self.report.unchanged, self.states, self.entries

    def absorb(self, tally: tuple[set[str], list[str], list[str], dict[str, FileState | None], dict[str, str]]
               ) -> None:
        """Count another process's writes as this writer's, with the states it left its files in."""
        names, written, unchanged, states, entries = tally
        fresh = names - self.names
        self.names |= fresh
        self.states.update((name, states[name]) for name in fresh if name in states)
        self.entries.update(entries)
        self.report.written += [n for n in written if n in fresh]
        self.report.unchanged += [n for n in unchanged if n in fresh]

    def finish(self) -> WriteReport:
        """Remove the files no longer generated, and write the manifest of those that are."""
        kept = self.owned.intersection(self.keep) - self.names
        for relative in sorted(self.owned - self.names - kept):
            target = _inside(self.docs, relative, self.folders)
            if target.is_file():
                target.unlink()
                self.report.removed.append(relative)
                _prune_empty(target.parent, self.docs)
        manifest = json.dumps({"files": sorted([*self.names, *kept])}, indent=1).encode("utf-8") + b"\n"
        if not (self.docs / MANIFEST).is_file() or (self.docs / MANIFEST).read_bytes() != manifest:
            atomic_write(self.docs / MANIFEST, manifest)
        (self.docs / PENDING).unlink(missing_ok=True)
        if self.last is not None:
            for gone in self.last.keys() - self.names:
                del self.last[gone]
        self.report.written.sort()
        self.report.unchanged.sort()
        return self.report


def _prune_empty(folder: Path, docs: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
