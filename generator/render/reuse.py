"""The preview's page inputs, kept between saves while what each page is made from is unchanged.

The preview renders again on every save, and most pages of actors, places, months and publishers,
and the site-wide lists, are made from what no save touched. Their inputs (render/inputs.py
PageInputs) are kept by page, with their basis: every object they were made from. While the
basis holds the same things, the very same inputs come back, neither built nor hashed again (the
page store remembers the key of a context it has seen). Runs that render once keep nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from pydantic_core import to_json

T = TypeVar("T")


def unchanged(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    """True when two bases hold the same things: the very same objects, or equal values that are not dataclasses.

    A briefing (a dataclass) counts only as itself: the preview's unchanged briefings are the same
    objects save after save (validate/reuse.py). Values are compared as JSON, which tells 1 from
    1.0 and True from 1, as a page would.
    """
    if len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        if a is b:
            continue
        if type(a) is not type(b) or hasattr(a, "__dataclass_fields__"):
            return False
        if type(a) in _PLAIN:  # written the same as JSON when equal
            if a != b:
                return False
            continue
        if to_json(a, fallback=repr) != to_json(b, fallback=repr):
            return False
    return True


def flat_basis(context: Mapping[str, Any], **instead: object) -> tuple[object, ...]:
    """A page's context as a basis: each dict's and list's items one by one (a tuple's fields, after its type).

    unchanged() then compares the objects inside; instead gives a value's stand-in (a dataclass made each run).
    """
    basis: list[object] = []
    for key, value in context.items():
        basis.append(key)
        if key in instead:
            basis.append(instead[key])
        elif isinstance(value, dict):
            basis += [len(value), *(x for pair in value.items() for x in pair)]
        elif isinstance(value, list):
            basis += [len(value), *(x for item in value for x in ((type(item), *item) if isinstance(item, tuple)
                                                                  else (item,)))]
        else:
            basis.append(value)
    return tuple(basis)


# Values equal exactly when their JSON is (not float: -0.0 == 0.0).
_PLAIN = (str, int, bool, bytes, type(None))


class KeptInputs(Generic[T]):
    """Each page's inputs by path, with their basis; one run's paths in used."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[tuple[object, ...], T]] = {}

    def get(self, path: str, basis: tuple[object, ...], make: Callable[[], T], used: set[str]) -> T:
        """The inputs kept for path if basis is unchanged, else make()'s, kept; path is noted in used.

        basis must hold everything make() reads: the inputs are a function of it alone.
        """
        used.add(path)
        last = self.kept.get(path)
        if last is not None and unchanged(last[0], basis):
            return last[1]
        inputs = make()
        self.kept[path] = (basis, inputs)
        return inputs

    def keep_only(self, used: set[str]) -> None:
        """Drop the inputs of pages this run did not make (the site no longer has them)."""
        for gone in self.kept.keys() - used:
            del self.kept[gone]
