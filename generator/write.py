"""Write stage: put generated pages under docs/, touching only files whose content changed.

The generator owns exactly the files listed in its manifest (docs/.generated.json): it removes
those it no longer generates (a deleted briefing's page disappears) and never overwrites a
hand-written file. Each file is written to a temporary name and renamed, so none is half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator.exceptions import BuildError

MANIFEST = ".generated.json"


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
    """The files the generator wrote last time."""
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        return [str(p) for p in data.get("files", [])]
    except (OSError, ValueError, AttributeError):
        return []


def write_pages(docs: Path, pages: Mapping[str, str | bytes], keep: Collection[str] = ()) -> WriteReport:
    """Bring docs/ in line with pages (text, or bytes such as pictures): write changed files, remove
    ones no longer generated. keep: generated files left as they are, neither written nor removed."""
    report = WriteReport()
    owned = set(read_manifest(docs))
    kept = owned.intersection(keep) - set(pages)
    folders: dict[str, Path] = {}
    for relative, text in sorted(pages.items()):
        target = _inside(docs, relative, folders)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if target.exists() and relative not in owned:
            raise BuildError(f"docs/{relative} exists and was not generated: move or rename it, "
                             "the generator writes that page")
        if target.is_file() and target.read_bytes() == data:
            report.unchanged.append(relative)
            continue
        atomic_write(target, data)
        report.written.append(relative)
    for relative in sorted(owned - set(pages) - kept):
        target = _inside(docs, relative, folders)
        if target.is_file():
            target.unlink()
            report.removed.append(relative)
            _prune_empty(target.parent, docs)
    manifest = json.dumps({"files": sorted([*pages, *kept])}, indent=1).encode("utf-8") + b"\n"
    if not (docs / MANIFEST).is_file() or (docs / MANIFEST).read_bytes() != manifest:
        atomic_write(docs / MANIFEST, manifest)
    return report


def _prune_empty(folder: Path, docs: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
