"""Rendering on more than one core: the pages shared out between this process and forked children."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

# Below this many pages a child costs more to start and to send its pages back than it saves.
WORTH_A_CHILD = 200


@runtime_checkable
class SharedStore(Protocol):
    """A page cache whose work in a child can be told to the parent (generator.cache.PageStore)."""

    def tally(self) -> Any:
        """What this process's renders used and found, to be absorbed by another's store."""
        ...

    def absorb(self, tally: Any) -> None:
        """Count a child's renders as this store's own (the entries it used are kept by prune)."""
        ...


Job = tuple[str, Callable[[], str]]


def processes_for(jobs: int, wanted: int | None = None) -> int:
    """How many processes render jobs pages: wanted, or (None) one per core when there are enough pages."""
    if "fork" not in multiprocessing.get_all_start_methods():  # not on Windows
        return 1
    if wanted is not None:
        return max(1, min(wanted, jobs))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs // WORTH_A_CHILD))


def render(jobs: Sequence[Job], store: object | None, processes: int) -> dict[str, str]:
    """Every job's page, {path: text}, in the order of jobs; with processes > 1, children render their share.

    Children are forked, so they start with this process's site and templates and are sent nothing;
    each sends its pages back. An error in a child is raised here, as if rendered here.
    """
    if processes <= 1:
        return {path: make() for path, make in jobs}
    context = multiprocessing.get_context("fork")
    children = []
    for index in range(1, processes):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(jobs[index::processes], store, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    done: dict[str, str] = {}
    try:
        done.update((path, make()) for path, make in jobs[0::processes])
        for child, receive in children:
            outcome, value, tally = receive.recv()  # before join: a child blocks until its pages are read
            child.join()
            if outcome == "error":
                raise value
            done.update(value)
            if tally is not None and isinstance(store, SharedStore):
                store.absorb(tally)
    finally:
        for child, receive in children:
            receive.close()
            if child.is_alive():
                child.terminate()
                child.join()
    return {path: done[path] for path, _ in jobs}


def _child(jobs: Sequence[Job], store: object | None, send: Any) -> None:
    """A forked child's share: render, send the pages (or the error) back, and leave without cleaning up."""
    try:
        pages = {path: make() for path, make in jobs}
        tally = store.tally() if isinstance(store, SharedStore) else None
        message: tuple[str, Any, Any] = ("done", pages, tally)
    except BaseException as err:  # raised again in the parent, with its message
        message = ("error", err, None)
    try:
        send.send(message)
    except Exception as err:  # an error that cannot be pickled: its text still reaches the parent
        send.send(("error", RuntimeError(f"{type(err).__name__}: {err}"), None))
    send.close()
    sys.stdout.flush()
