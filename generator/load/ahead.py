"""Loading on two cores: a forked child parses the briefings' files from the last one back while this process loads
from the first.

The child only fills the document cache (cache.DocumentCache): each file it parses is stored there,
and this process, reaching that file, reads the stored entry instead of parsing it (unpickling a
file costs about a fifth of parsing it). Nothing is sent between the two and neither waits for the
other: where they meet, a file may be parsed twice, and the child is stopped as soon as this
process has loaded everything. An entry the child was writing when stopped is a temporary file that
the cache never reads.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.forking import cores
from generator.load.reader import BRIEFING_FILES, SLUG

# Below this many files the child costs more to start than it saves.
WORTH_A_CHILD = 100

Prepare = Callable[[Path, str], None]


def _briefing_files(base: Path) -> list[tuple[Path, str]]:
    """The briefing files load_site reads, each with the name it is shown by, last briefing first."""
    found = []
    for folder in sorted((p for p in base.iterdir() if SLUG.fullmatch(p.name)), reverse=True):
        for name in BRIEFING_FILES:
            file = folder / name
            # The loader refuses symbolic links (one could point outside the project): never read one here.
            if not folder.is_symlink() and file.is_file() and not file.is_symlink():
                found.append((file, f"briefings/{folder.name}/{name}"))
    return found


@contextlib.contextmanager
def parsing_ahead(base: Path, prepare: Prepare) -> Iterator[None]:
    """Run the block (which loads base's files through the cache) while a child calls prepare on them, last first."""
    files = _briefing_files(base) if base.is_dir() and cores() > 1 else []
    if len(files) < WORTH_A_CHILD:
        yield
        return
    child = multiprocessing.get_context("fork").Process(target=_prepare_all, args=(files, prepare), daemon=True)
    child.start()
    try:
        yield
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _prepare_all(files: list[tuple[Path, str]], prepare: Prepare) -> None:
    """The child: prepare every file; any failure is the parent's to meet again when it loads that file."""
    for file, shown in files:
        with contextlib.suppress(Exception):
            prepare(file, shown)
