"""Rendering on more than one core: the pages shared out between this process and forked children."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from generator.exceptions import BuildError

# Below this many pages a child costs more to start and to send its pages back than it saves.
WORTH_A_CHILD = 200

Job = tuple[str, Callable[[], str]]


@runtime_checkable
class Shared(Protocol):
    """What a child's copy did, told to the parent's: the page cache (cache.PageStore), the writer (PageWriter)."""

    def tally(self) -> Any:
        """What this process's copy used, found or wrote, to be absorbed by another's."""
        ...

    def absorb(self, tally: Any) -> None:
        """Count a child's work as this object's own."""
        ...


class Writer(Shared, Protocol):
    """Where each page goes as soon as it is made (write.PageWriter), so that no process holds them all."""

    def put(self, relative: str, text: str | bytes) -> None:
        """Write one page."""
        ...


def processes_for(jobs: int, wanted: int | None = None) -> int:
    """How many processes render jobs pages: wanted, or (None) one per core when there are enough pages."""
    # Fork is missing on Windows and unsafe on macOS (its system libraries may hold locks in a child).
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return 1
    if wanted is not None:
        return max(1, min(wanted, jobs))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs // WORTH_A_CHILD))


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
    context = multiprocessing.get_context("fork")
    children = []
    for index in range(1, processes):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(jobs[index::processes], store, writer, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    done: dict[str, str] = {}
    try:
        done.update(_render(jobs[0::processes], writer))
        for child, receive in children:
            try:
                outcome, value, tallies = receive.recv()  # before join: a child blocks until its pages are read
            except EOFError:  # killed (out of memory, a signal) before it could say anything
                child.join()
                raise BuildError(f"a process rendering pages stopped (exit status {child.exitcode}) "
                                 "before it finished") from None
            child.join()
            if outcome == "error":
                raise value
            done.update(value)
            for shared, tally in zip((store, writer), tallies, strict=True):
                if isinstance(shared, Shared) and tally is not None:
                    shared.absorb(tally)
    finally:
        for child, receive in children:
            receive.close()
            if child.is_alive():
                child.terminate()
                child.join()
    return {path: done[path] for path, _ in jobs if path in done}


def _render(jobs: Sequence[Job], writer: Writer | None) -> dict[str, str]:
    """The pages of jobs: kept, or written one by one and dropped."""
    if writer is None:
        return {path: make() for path, make in jobs}
    for path, make in jobs:
        writer.put(path, make())
    return {}


def _child(jobs: Sequence[Job], store: object | None, writer: Writer | None, send: Any) -> None:
    """A forked child's share: render, send the pages (or the error) back, and leave without cleaning up."""
    try:
        pages = _render(jobs, writer)
        tallies = [shared.tally() if isinstance(shared, Shared) else None for shared in (store, writer)]
        message: tuple[str, Any, Any] = ("done", pages, tallies)
    except BaseException as err:  # raised again in the parent, with its message
        try:
            pickle.loads(pickle.dumps(err))  # the parent must be able to read it, not only this process send it
        except Exception:
            err = RuntimeError(f"{type(err).__name__}: {err}")
        message = ("error", err, None)
    try:
        send.send(message)
    except Exception as err:  # an error that cannot be pickled: its text still reaches the parent
        send.send(("error", RuntimeError(f"{type(err).__name__}: {err}"), None))
    send.close()
    sys.stdout.flush()
