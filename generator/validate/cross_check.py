"""The cross-reference checks run over a site: each briefing's, then those that span the site.

Each briefing's checks (references.Checker.check_briefing) are reused in the preview while nothing
they read changed, and shared out among forked children in a one-off run; the site-wide checks
(sources never cited, one link cited as two sources, related briefings) run once, here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence
from typing import Any

from generator import forking
from generator.exceptions import Problem
from generator.load.reader import RawSite
from generator.model.briefing import Briefing
from generator.model.contract import Source
from generator.validate import reuse
from generator.validate.references import Checker
from generator.validate.site_index import Summary, Unloaded

# The preview's briefings' checks as last made (see reuse.py): reused while the briefing is the same object,
# what it reads of the site-wide files is unchanged (Checker.registry_basis) and it looked up no id beyond them.
_CHECKED: reuse.Remembered[tuple[list[Problem], Counter[str]]] = reuse.Remembered()


def _check_briefing(checker: Checker, briefing: Briefing) -> Counter[str]:
    """checker.check_briefing, or the problems and citations it found last time; the ids it cites."""
    slug, raw = briefing.slug, checker.raw
    objects = (briefing, checker.registry_basis)  # not the site-wide files: what the checks read of them
    values = (tuple(raw.registries), checker.today, slug in checker.incomplete, slug in checker.stand_ins,
              checker.figures_written[slug], frozenset(checker.failed.get(slug, ())), frozenset(raw.failed))
    own = [item.id for kind in ("events", "quotes", "figures", "sources", "actors", "assessments")
           for item in getattr(briefing, kind)]
    # An id another file took first ties the result to the rest of the site: checked again, whether the
    # other file took it before this check was kept or since.
    taken = any(checker.places[i].owner != slug for i in own if i in checker.places)
    last = None if taken else _CHECKED.get(slug, objects, values)
    if last is not None:
        checker.problems.extend(last[0])
        checker.cited_anywhere.update(last[1])
        return last[1]
    before, checker.outside = len(checker.problems), False
    cited = checker.check_briefing(briefing)
    # So does an id looked up beyond the briefing.
    if checker.outside or taken:
        _CHECKED.forget(slug)
    else:
        _CHECKED.put(slug, objects, values, (checker.problems[before:], cited))
    return cited


def _check_share(checker: Checker, share: Sequence[Briefing]) -> list[tuple[list[Problem], Counter[str]]]:
    """Each briefing's problems and the ids it cites, checked in turn by this process's copy of checker."""
    found = []
    for briefing in share:
        before = len(checker.problems)
        cited = _check_briefing(checker, briefing)
        found.append((checker.problems[before:], cited))
    return found


# Below this many briefings a child costs more to start than checking its share saves.
WORTH_A_CHILD = 50


def check(briefings: Sequence[Briefing], registry: dict[str, list[Any]], raw: RawSite,
          incomplete: frozenset[str] = frozenset(), partial: list[Briefing] | None = None,
          today: dt.date | None = None, unloaded: Unloaded | None = None,
          cited_by: dict[str, frozenset[str]] | None = None, processes: int = 1) -> list[Problem]:
    """Check every cross-reference of the site's briefings; return the problems found.

    incomplete names the briefings with errors of their own: their sources are not reported as
    uncited, since the item citing them may be the one that failed. partial are briefings whose
    briefing.yaml is invalid: only their items are checked. Dates after today (by default the
    clock's, or BRIEFING_TODAY's) are warned about. unloaded: the briefings a scoped check took
    from the site index, not checked but looked up. cited_by receives what each checked briefing cites.
    processes: how many share the briefings' own checks (forked children; the site-wide ones run here).
    """
    checker = Checker(registry, raw, today, unloaded)
    checker.incomplete = incomplete
    checker.stand_ins = frozenset(b.slug for b in partial or [])
    checked = [*briefings, *(partial or [])]
    # Each briefing's checks read the site and write only their own findings: shared out, then put
    # back in reading order, they are what one process would have found.
    before, cited_before = len(checker.problems), Counter(checker.cited_anywhere)
    shares = processes if len(checked) >= WORTH_A_CHILD else 1
    found = forking.in_shares(checked, functools.partial(_check_share, checker), shares)
    del checker.problems[before:]
    checker.cited_anywhere = cited_before
    for briefing, (problems, cited) in zip(checked, found, strict=True):
        checker.problems.extend(problems)
        checker.cited_anywhere.update(cited)
        if cited_by is not None:
            cited_by[briefing.slug] = frozenset(cited)
    _CHECKED.keep(b.slug for b in raw.briefings)
    # Every briefing's sources in reading order, the valid briefings' first: the first of one link is kept.
    position = {slug: i for i, slug in enumerate(checker.unloaded.order)}
    summaries = checker.unloaded.summaries.values()
    all_sources: list[tuple[str | None, Source | tuple[str, str]]] = [(None, s) for s in checker.registry_sources]
    groups: tuple[list[Briefing | Summary], ...] = ([*briefings, *(s for s in summaries if s.state == "valid")],
                                                    [*(partial or []), *(s for s in summaries if s.state == "partial")])
    for group in groups:
        for item in sorted(group, key=lambda b: position[b.slug]):
            all_sources.extend((item.slug, s) for s in (item.sources if isinstance(item, Briefing)
                                                       else item.source_urls))
    for source in checker.registry_sources:
        if source.id not in checker.cited_anywhere and not incomplete:
            checker.warn(checker.place_of(None, source.id), ("id",), f"the source '{source.id}' is never cited",
                         "cite it from a briefing, or remove it")
    checker.check_sources(all_sources)
    slugs = checker.unloaded.order
    for briefing in [*briefings, *(partial or [])]:
        checker.check_related(briefing, slugs)
    return checker.problems
