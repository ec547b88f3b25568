"""Pagefind's index packed again for readers: its words regrouped into smaller chunks, its files gzipped smaller.

What a reader's browser fetches for a query is Pagefind's WebAssembly and meta index, then for each word the
index chunk that holds it. Pagefind closes a chunk once it holds 20,000 entries (a word's positions on each
page), a constant in its indexer: a rare word (a name, a place) costs a 30 KB chunk of other words, and two
common words of about 15,000 entries share one chunk of 50 KB, fetched for either. Regrouped at 5,000
entries, a common word comes alone and a rare one with few neighbours (1,000 briefings: a name 87 to 27 KB,
a place 29 to 4 KB, a four-word quote at most 166 to 131 KB). The words and their entries are Pagefind's,
unchanged: only which file holds which words, and the meta index's list of files, are written again.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cbor2
import deflate

SIGNATURE = b"pagefind_dcd"  # Pagefind's files start with it, once inflated
CHUNK_ENTRIES = 5_000
# A cut falls only between words sharing at most two letters, so that every word that starts with what a
# reader has typed (three letters or more) is in one chunk, as Pagefind's search expects of a prefix.
SHARED_AT_A_CUT = 2

# libdeflate's strongest level makes Pagefind's gzip 4 to 10% smaller (1,000 briefings: its WebAssembly
# 72.2 to 69.7 KB, the meta index 32.9 to 29.6 KB, an index chunk 36.1 to 35.2 KB); Pagefind's script
# inflates any gzip stream. The fragments, one per page, stay as Pagefind wrote them: 6% smaller, three
# results' texts would be 1 KB less a query, for 3 s more at 1,000 briefings.
LEVEL = 12


def pack(folder: Path) -> None:
    """Regroup the index chunks of each language in folder (Pagefind's output), and gzip its files smaller."""
    entry_file = folder / "pagefind-entry.json"
    if not entry_file.exists():  # Pagefind found no page to index
        return
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    # libdeflate lets go of the GIL while it compresses: threads use every core.
    with ThreadPoolExecutor() as pool:
        for language in entry["languages"].values():
            language["hash"] = _regroup(folder, language["hash"], pool)
        entry_file.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        list(pool.map(_recompress, [*folder.glob("*.pagefind"), *folder.glob("filter/*.pf_filter")]))


def _recompress(path: Path) -> None:
    packed = path.read_bytes()
    smaller = deflate.gzip_compress(gzip.decompress(packed), LEVEL)
    if len(smaller) < len(packed):
        path.write_bytes(smaller)


def _read(path: Path) -> Any:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE):])


def _write(path: Path, content: bytes) -> None:
    path.write_bytes(deflate.gzip_compress(SIGNATURE + content, LEVEL))


def _regroup(folder: Path, meta_hash: str, pool: ThreadPoolExecutor) -> str:
    """Regroup one language's chunks; return the new name of its meta index (Pagefind's, for its content)."""
    meta_file = folder / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_file)
    # The meta index: [version, pages, chunks, filters, sorts, ...]; a chunk: [from, to, hash]; a chunk's
    # file: [[word, pages, ...], ...] in the words' order.
    old = [folder / "index" / f"{hash_}.pf_index" for _, _, hash_ in meta[2]]
    words = [word for path in old for word in _read(path)[0]]
    groups = _groups(words)
    language = meta_hash.split("_")[0]
    contents = [cbor2.dumps([group]) for group in groups]
    length = 7
    names = [_name(language, content, length) for content in contents]
    while len(set(names)) < len(names):  # two names alike: longer names for all, as Pagefind does for one
        length += 1
        names = [_name(language, content, length) for content in contents]
    for path in old:
        path.unlink()
    list(pool.map(_write, [folder / "index" / f"{name}.pf_index" for name in names], contents))
    bounds = [[group[0][0], group[-1][0]] for group in groups]
    for before, after in itertools.pairwise(bounds):
        before[1], after[0] = _prefixes(before[1], after[0])
    meta[2] = [[start, end, name] for (start, end), name in zip(bounds, names, strict=True)]
    content = cbor2.dumps(meta)
    new_hash = _name(language, content, 10)
    meta_file.unlink()
    _write(folder / f"pagefind.{new_hash}.pf_meta", content)
    return new_hash


def _groups(words: list[Any]) -> list[list[Any]]:
    """Words in chunks of about CHUNK_ENTRIES entries; a word with more comes alone, cut only where allowed."""
    groups: list[list[Any]] = []
    group: list[Any] = []
    entries = 0
    for word in words:
        size = sum(len(page[1]) + 1 for page in word[1])  # Pagefind's measure of a chunk
        if group and entries + size > CHUNK_ENTRIES and _cuttable(group[-1][0], word[0]):
            groups.append(group)
            group, entries = [], 0
        group.append(word)
        entries += size
    if group:
        groups.append(group)
    return groups


def _cuttable(before: str, after: str) -> bool:
    """Whether two chunks may part between these words: they share at most two letters, and the first is
    not the start of the second (or a search for "300" fetches the chunk ending with "30" too)."""
    shared = _shared(before, after)
    return shared <= SHARED_AT_A_CUT and shared < len(before)


def _shared(a: str, b: str) -> int:
    """How many letters a and b begin with alike."""
    return len(os.path.commonprefix([a, b]))  # noqa: RUF071 (letters are what is compared here)


def _prefixes(end: str, start: str) -> tuple[str, str]:
    """The bounds Pagefind writes between two chunks: each word cut one letter past what they share."""
    shared = _shared(end, start)
    return end[:shared + 1], start[:shared + 1]


def _name(language: str, content: bytes, length: int) -> str:
    """A file's name from its content, as Pagefind names its own: a changed file never takes a cached one's name."""
    return f"{language}_{hashlib.sha256(content).hexdigest()[:length]}"
