"""What a stage is handed to keep values between runs, by key (cache.Entries is one): stages know no cache."""

from __future__ import annotations

from typing import Protocol


class Kept(Protocol):
    """Values kept between runs by a key that names all they were made from."""

    def get(self, key: str) -> object:
        """The value kept under key, or None."""
        ...

    def put(self, key: str, value: object) -> None:
        """Keep value under key."""
        ...

    def name(self, key: str) -> str:
        """What key's value is known by to this code: a file made from the value alone may be known by it too."""
        ...

    def keep(self, key: str) -> None:
        """Count key's value as used by this run (a forked child's get and put count in its copy only)."""
        ...
