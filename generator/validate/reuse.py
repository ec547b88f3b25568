"""What validation remembers between generations of one process (the preview), by briefing.

The preview validates again on every save, and the document cache (cache.DocumentCache) hands
back the very Document objects of the files that did not change. A briefing's checks are a pure
function of its documents and of a few site-wide facts, so a result is reused while those are the
same objects (compared by identity: an object the cache still holds cannot have been edited) and
the same values. Runs that load afresh (check, build, tests) hold new objects and reuse nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


_FORGETTERS: list[Callable[[], None]] = []


def on_forget(forget: Callable[[], None]) -> None:
    """Register what forget_all() clears besides the Remembered stores."""
    _FORGETTERS.append(forget)


def forget_all() -> None:
    """Drop everything remembered: a run that validates once must not hold every document to the end."""
    for forget in _FORGETTERS:
        forget()


class Remembered(Generic[T]):
    """One result per briefing slug, with the objects and values it was made from."""

    def __init__(self) -> None:
        self.results: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], T]] = {}
        on_forget(self.results.clear)

    def get(self, slug: str, objects: tuple[Any, ...], values: tuple[Any, ...]) -> T | None:
        """The result made from these very objects and equal values, or None."""
        last = self.results.get(slug)
        if last is None or len(last[0]) != len(objects) or last[1] != values:
            return None
        if not all(old is new for old, new in zip(last[0], objects, strict=True)):
            return None
        return last[2]

    def put(self, slug: str, objects: tuple[Any, ...], values: tuple[Any, ...], result: T) -> None:
        """Remember result as made from objects and values."""
        self.results[slug] = (objects, values, result)

    def forget(self, slug: str) -> None:
        """Drop what is remembered for slug (its result depends on more than its key)."""
        self.results.pop(slug, None)

    def keep(self, slugs: Iterable[str]) -> None:
        """Drop the results of briefings the site no longer has."""
        for gone in self.results.keys() - set(slugs):
            del self.results[gone]

