"""Memory settings for the allocation-heavy stages (load, validate, render)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the cyclic garbage collector triggered far less often.

    Loading, validating and rendering allocate millions of objects that live until the end, and
    by default each 700 allocations start a collection that walks them all again: at 200
    briefings that is a third of the load stage. Reference counting still frees everything else.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def set_aside_survivors() -> None:
    """Collect what the run left as garbage, then leave the survivors out of every later collection.

    For a process that generates again and again (the preview): what it keeps between saves (the
    loaded files, the checked briefings, the rendered pages: millions of objects at 1,000
    briefings) would otherwise be walked by each full collection, a second and a half every few
    saves. Only the objects made since the last call are walked here; an object set aside is still
    freed when nothing refers to it, unless it is part of a cycle (the preview makes almost none).
    """
    gc.collect()
    gc.freeze()
