"""Work shared out to forked children, for every stage that has independent parts: on every core, nothing sent.

A child is forked, so it starts with all this process holds (the loaded site, compiled templates)
and is sent nothing; it sends back only what its work returns, pickled. An error in a child is
raised in the parent, as if raised there; a child that dies is a BuildError. The preview, which
keeps what it made in memory from one save to the next, forks nothing.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from generator.exceptions import BuildError

T = TypeVar("T")
R = TypeVar("R")


@runtime_checkable
class Shared(Protocol):
    """What a child's copy of an object did, told to the parent's (the page cache, the page writer)."""

    def tally(self) -> Any:
        """What this process's copy used, found or wrote, to be absorbed by another's."""
        ...

    def absorb(self, tally: Any) -> None:
        """Count a child's work as this object's own."""
        ...


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cores() -> int:
    """The cores this process may fork children onto: 1 where fork is missing (Windows) or unsafe (macOS)."""
    # On macOS, system libraries may hold locks in a forked child.
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return 1
    return available_cores()


def in_shares(items: Sequence[T], work: Callable[[Sequence[T]], list[R]], processes: int) -> list[R]:
    """work's result for each of items, in their order: every processes-th item from the k-th done by child k.

    Taking every n-th item, not n runs of items, gives each process its share of large and small ones.
    """
    if processes <= 1 or len(items) < 2:
        return work(items)
    processes = min(processes, len(items))
    children = [start(functools.partial(work, items[k::processes])) for k in range(1, processes)]
    results: list[Any] = [None] * len(items)
    try:
        results[0::processes] = work(items[0::processes])
        for k, (child, receive) in enumerate(children, 1):
            results[k::processes] = collect(child, receive)
    finally:
        for child, receive in children:
            stop(child, receive)
    return results


def start(work: Callable[[], Any], *shared: object) -> tuple[Any, Any]:
    """A forked child doing work; it sends back what work returns and the tallies of its copies of shared."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_child, args=(work, shared, send), daemon=True)
    child.start()
    send.close()
    return child, receive


def collect(child: Any, receive: Any, shared: tuple[object | None, ...] = ()) -> Any:
    """What a child's work returned; its error raised here; its copies' tallies absorbed by shared."""
    try:
        outcome, value, tallies = receive.recv()  # before join: a child blocks until what it sends is read
    except EOFError:  # killed (out of memory, a signal) before it could say anything
        child.join()
        raise BuildError(f"a process generating the site stopped (exit status {child.exitcode}) "
                         "before it finished") from None
    child.join()
    if outcome == "error":
        raise value
    for mine, tally in zip(shared, tallies or [None] * len(shared), strict=True):
        if isinstance(mine, Shared) and tally is not None:
            mine.absorb(tally)
    return value


def stop(child: Any, receive: Any) -> None:
    """Stop a child whose result is no longer wanted (the parent failed first)."""
    receive.close()
    if child.is_alive():
        child.terminate()
        child.join()


def _child(work: Callable[[], Any], shared: tuple[object | None, ...], send: Any) -> None:
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
