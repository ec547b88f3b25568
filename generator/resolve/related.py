"""Related briefings: each briefing's own related: list first, then those that share its actors and tags."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

from generator import forking
from generator.model.briefing import Briefing

# How many related briefings a page lists: enough to go on reading, few enough to read at a glance.
RELATED_LIMIT = 4
# Below this many briefings a child costs more to start than ranking its share saves.
WORTH_A_CHILD = 200


class Memo(Protocol):
    """Where a one-off run finds the lists the last run made (cache.Memo, on disk)."""

    def get(self, key: str) -> object: ...

    def put(self, key: str, value: object) -> None: ...


def _keys(briefing: Briefing) -> set[str]:
    """What a briefing is about, for comparing: the actors it names and the tags of it and its events."""
    return {f"actor:{a}" for a in briefing.actor_ids()} | {f"tag:{t}" for t in briefing.tags()}


def related_briefings(briefings: Sequence[Briefing], limit: int = RELATED_LIMIT,
                      processes: int = 1, memo: Memo | None = None) -> Mapping[str, tuple[str, ...]]:
    """For each briefing, the slugs of up to limit related briefings among briefings, best first.

    The briefing's related: list comes first, in its order (slugs not among briefings, such as
    drafts in a public build, are left out). The rest are ranked by what they share: each shared
    actor or tag counts 1 / (the number of briefings that have it), so that an actor named
    everywhere ('Russia') weighs less than one two briefings share. Ties go to the more recently
    updated, then by slug: the same data always gives the same list. processes: how many share the
    briefings (forked children; each briefing's list is worked out on its own). memo: the lists of
    the last run, kept while all they depend on is unchanged.
    """
    keys = {b.slug: _keys(b) for b in briefings}
    # All that the lists depend on: the preview's saves seldom change it (an edited quote or title
    # does not), and ranking every pair of briefings costs seconds at 1,000 briefings.
    what = (limit, tuple((b.slug, frozenset(keys[b.slug]), b.meta.related, b.meta.updated.sort_key) for b in briefings))
    if _LAST is not None and _LAST[0] == what:
        return _LAST[1]
    # The same, written the same way in every process (a frozenset's order is not): the memo's key.
    memo_key = repr((limit, [(slug, sorted(k), related, updated) for slug, k, related, updated in what[1]]))
    kept = memo.get(memo_key) if memo is not None else None
    if isinstance(kept, dict):
        _remember(what, MappingProxyType(kept))
        return MappingProxyType(kept)
    having: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(keys):
        for key in keys[slug]:
            having[key].append(slug)
    by_slug = {b.slug: b for b in briefings}
    older = {b.slug: [-n for n in b.meta.updated.sort_key] for b in briefings}  # the more recent first

    def ranked(share: Sequence[Briefing]) -> list[tuple[str, ...]]:
        lists = []
        for briefing in share:
            chosen = [s for s in dict.fromkeys(briefing.meta.related) if s in by_slug and s != briefing.slug]
            scores: dict[str, float] = defaultdict(float)
            for key in sorted(keys[briefing.slug]):
                if len(having[key]) > 1:
                    for other in having[key]:
                        if other != briefing.slug:
                            scores[other] += 1 / len(having[key])
            # The few best, not all the others in order: the same list as sorting them all, at a fraction of the cost.
            best = heapq.nsmallest(max(limit - len(chosen), 0), (s for s in scores if s not in chosen),
                                   key=lambda s: (-round(scores[s], 9), older[s], s))
            lists.append(tuple([*chosen, *best][:limit]))
        return lists

    # Ranking every pair is quadratic: a site with many briefings shares them out.
    shares = processes if len(briefings) >= WORTH_A_CHILD else 1
    out = dict(zip((b.slug for b in briefings), forking.in_shares(briefings, ranked, shares), strict=True))
    _remember(what, MappingProxyType(out))
    if memo is not None:
        memo.put(memo_key, out)
    return MappingProxyType(out)


# The last lists made, with all they were made from (in this process: the preview's).
_LAST: tuple[object, Mapping[str, tuple[str, ...]]] | None = None


def _remember(what: object, lists: Mapping[str, tuple[str, ...]]) -> None:
    global _LAST
    _LAST = (what, lists)
