"""Generating on more than one core: the pages shared out between this process and forked children."""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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


def cores() -> int:
    """The cores this process may fork children onto: 1 where fork is missing (Windows) or unsafe (macOS)."""
    # On macOS, system libraries may hold locks in a forked child.
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
    child, receive = _start(lambda: (work(), {})[1], writer)
    try:
        yield
        _collect(child, receive, (writer,))
    finally:
        _stop(child, receive)


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
    children = [_start(functools.partial(_render, jobs[index::processes], writer), store, writer)
                for index in range(1, processes)]
    done: dict[str, str] = {}
    try:
        done.update(_render(jobs[0::processes], writer))
        for child, receive in children:
            done.update(_collect(child, receive, (store, writer)))
    finally:
        for child, receive in children:
            _stop(child, receive)
    return {path: done[path] for path, _ in jobs if path in done}


def _start(work: Callable[[], dict[str, str]], *shared: object) -> tuple[Any, Any]:
    """A forked child doing work; it sends back what work returns and the tallies of its copies of shared."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_child, args=(work, shared, send), daemon=True)
    child.start()
    send.close()
    return child, receive


def _collect(child: Any, receive: Any, shared: tuple[object | None, ...]) -> dict[str, str]:
    """What a child sent: its pages; its error raised here; its copies' tallies absorbed by shared."""
    try:
        outcome, value, tallies = receive.recv()  # before join: a child blocks until what it sends is read
    except EOFError:  # killed (out of memory, a signal) before it could say anything
        child.join()
        raise BuildError(f"a process generating pages stopped (exit status {child.exitcode}) "
                         "before it finished") from None
    child.join()
    if outcome == "error":
        raise value
    for mine, tally in zip(shared, tallies, strict=True):
        if isinstance(mine, Shared) and tally is not None:
            mine.absorb(tally)
    return value  # type: ignore[no-any-return]


def _stop(child: Any, receive: Any) -> None:
    receive.close()
    if child.is_alive():
        child.terminate()
        child.join()


def _render(jobs: Sequence[Job], writer: Writer | None) -> dict[str, str]:
    """The pages of jobs: kept, or written one by one and dropped."""
    if writer is None:
        return {path: make() for path, make in jobs}
    for path, make in jobs:
        writer.put(path, make())
    return {}


def _child(work: Callable[[], dict[str, str]], shared: tuple[object | None, ...], send: Any) -> None:
    """A forked child: do the work, send its result (or its error) back, and leave without cleaning up."""
    try:
        result = work()
        tallies = [mine.tally() if isinstance(mine, Shared) else None for mine in shared]
        message: tuple[str, Any, Any] = ("done", result, tallies)
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
