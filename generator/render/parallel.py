"""Generating on more than one core: the pages shared out between this process and forked children."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from generator.forking import Shared, collect, cores, start, stop

# Below this many pages a child costs more to start and to send its pages back than it saves.
WORTH_A_CHILD = 200

# A page's path and what renders it: None when the file there holds the page already (output_cache.PageStore).
Job = tuple[str, Callable[[], str | None]]


class Writer(Shared, Protocol):
    """Where each page goes as soon as it is made (write.PageWriter), so that no process holds them all."""

    def put(self, relative: str, text: str | bytes) -> None:
        """Write one page."""
        ...


def processes_for(jobs: int, wanted: int | None = None) -> int:
    """How many processes render jobs pages: wanted, or (None) one per core when there are enough pages."""
    if cores() == 1:
        return 1
    if wanted is not None:
        return max(1, min(wanted, jobs))
    return max(1, min(cores(), jobs // WORTH_A_CHILD))


@contextmanager
def alongside(work: Callable[[], object] | None, writer: Writer, fork: bool = True) -> Iterator[None]:
    """Run work, which writes through writer, in a forked child while the with-block runs here.

    With one core, no work or fork False it runs here, after the block. Its error is raised when the
    block ends, and writer absorbs what the child's copy wrote.
    """
    if work is None or not fork or cores() == 1:
        yield
        if work is not None:
            work()
        return
    child, receive = start(lambda: (work(), {})[1], writer)
    try:
        yield
        collect(child, receive, (writer,))
    finally:
        stop(child, receive)


def render(jobs: Sequence[Job], store: object | None, processes: int,
           writer: Writer | None = None) -> dict[str, str]:
    """Every job's page, {path: text} in the order of jobs; with processes > 1, children render their share.

    Children are forked, so they start with this process's site and templates and are sent nothing;
    an error in a child is raised here, as if rendered here. Without a writer each child sends its
    pages back. With one, every process writes each page as it is made and keeps none: nothing is
    returned, and the parent's writer, like its store, absorbs what the children's copies did.
    """
    if processes <= 1:
        return _render(jobs, writer)
    children = [start(functools.partial(_render, jobs[index::processes], writer), store, writer)
                for index in range(1, processes)]
    done: dict[str, str] = {}
    try:
        done.update(_render(jobs[0::processes], writer))
        for child, receive in children:
            done.update(collect(child, receive, (store, writer)))
    finally:
        for child, receive in children:
            stop(child, receive)
    return {path: done[path] for path, _ in jobs if path in done}


def _render(jobs: Sequence[Job], writer: Writer | None) -> dict[str, str]:
    """The pages of jobs: kept, or written one by one and dropped."""
    if writer is None:
        return {path: text for path, make in jobs if (text := make()) is not None}
    for path, make in jobs:
        text = make()
        if text is not None:
            writer.put(path, text)
    return {}
