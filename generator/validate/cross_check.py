"""The cross-reference checks run over a site: each briefing's, then those that span the site.

Each briefing's checks (references.Checker.check_briefing) are reused in the preview while nothing
they read changed, and shared out among forked children in a one-off run; the site-wide checks
(sources never cited, one link cited as two sources, related briefings) run once, here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, cast

from generator import forking
from generator.exceptions import PROBLEM_FIELDS, Problem
from generator.kept import Kept
from generator.load.reader import RawSite
from generator.model.briefing import Briefing
from generator.model.contract import Source
from generator.validate import duplicates, reuse
from generator.validate.ids import Place
from generator.validate.references import Checker
from generator.validate.site_index import Summary, Unloaded

# The preview's briefings' checks as last made (see reuse.py): reused while the briefing is the same object,
# what it reads of the site-wide files is unchanged (Checker.registry_basis) and it looked up no id beyond them.
# The name of each one's entry in StoredChecks is kept with it: the entry is kept from pruning, not read again.
_CHECKED: reuse.Remembered[tuple[list[Problem], Counter[str], str | None]] = reuse.Remembered()


class StoredChecks:
    """Each briefing's checks kept between runs (in kept), by the digest of its files, of what they read of
    the site-wide files, and of the few site-wide facts they depend on: a run after an edit checks again
    only the briefings it changed. The preview's memory (_CHECKED) answers first.
    """

    def __init__(self, kept: Kept, keys: Mapping[str, str]):
        self.kept = kept
        self.keys = keys  # slug → the digest of its files (site_index.content_keys)
        self._basis: tuple[object, str] | None = None

    def name(self, checker: Checker, slug: str, values: tuple[Any, ...]) -> str | None:
        """The key of a briefing's checks as they would be made now; None when its files are not known."""
        key = self.keys.get(slug)
        if key is None:
            return None
        if self._basis is None or self._basis[0] is not checker.registry_basis:
            # Its digest, not its text: every site-wide id is in it, and each name is hashed again (Entries).
            digest = hashlib.sha256(_canonical(checker.registry_basis).encode()).hexdigest()
            self._basis = (checker.registry_basis, digest)
        return f"checks\0{key}\0{self._basis[1]}\0{_canonical(values)}"

    def get(self, name: str) -> tuple[list[Problem], Counter[str]] | None:
        """The problems and citations kept under name, or None."""
        try:
            problems, cited = cast("tuple[list[tuple[Any, ...]], dict[str, int]]", self.kept.get(name))
            return [Problem(*p) for p in problems], Counter(cited)
        except Exception:  # missing, or not what this code keeps: the briefing is checked
            return None

    def put(self, name: str, problems: list[Problem], cited: Counter[str]) -> None:
        """Keep a briefing's problems (as plain tuples: a fifth of the time to read) and citations."""
        self.kept.put(name, ([PROBLEM_FIELDS(p) for p in problems], dict(cited)))


def _canonical(value: object) -> str:
    """A text that is the same for equal values in any process (sets sorted: their order is the hash seed's)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    return repr(value)


def _check_briefing(checker: Checker, briefing: Briefing,
                    stored: StoredChecks | None = None) -> tuple[Counter[str], str | None]:
    """checker.check_briefing, or the problems and citations it found last time; the ids it cites, and the
    name of its entry in stored (None when it is not kept)."""
    slug = briefing.slug
    objects = (briefing, checker.registry_basis)  # not the site-wide files: what the checks read of them
    values = _values(checker, slug)
    taken = _taken(checker, briefing)
    remembered = None if taken else _CHECKED.get(slug, objects, values)
    if remembered is not None:  # the preview's unchanged briefing
        checker.problems.extend(remembered[0])
        checker.cited_anywhere.update(remembered[1])
        return remembered[1], remembered[2]
    name = None if taken or stored is None else stored.name(checker, slug, values)
    last = None if name is None or stored is None else stored.get(name)
    if last is None:
        before, checker.outside = len(checker.problems), False
        cited = checker.check_briefing(briefing)
        # So does an id looked up beyond the briefing.
        if checker.outside or taken:
            _CHECKED.forget(slug)
            return cited, None
        last = (checker.problems[before:], cited)
        if name is not None and stored is not None:
            stored.put(name, *last)
    else:
        checker.problems.extend(last[0])
        checker.cited_anywhere.update(last[1])
    _CHECKED.put(slug, objects, values, (*last, name))
    return last[1], name


def _taken(checker: Checker, briefing: Briefing) -> bool:
    """Whether another file took one of the briefing's ids first: that ties its checks to the rest of the
    site, so they are made again, whether the other file took it before they were kept or since."""
    # Found once for the whole site as the ids were placed: asking each briefing's ids again cost a save
    # 0.1 s at 1,000 briefings. An id written in an item that failed validation counts too.
    return briefing.slug in checker.second_to_an_id


def _values(checker: Checker, slug: str) -> tuple[Any, ...]:
    """The site-wide facts a briefing's checks depend on besides its files and the site-wide ids."""
    raw = checker.raw
    return (tuple(raw.registries), checker.today, slug in checker.incomplete, slug in checker.stand_ins,
            checker.figures_written[slug], frozenset(checker.failed.get(slug, ())), frozenset(raw.failed))


def _check_share(checker: Checker, stored: StoredChecks | None,
                 share: Sequence[Briefing]) -> list[tuple[list[Problem], Counter[str], str | None]]:
    """Each briefing's problems, the ids it cites and its entry in stored, checked in turn by this process's
    copy of checker."""
    found = []
    for briefing in share:
        before = len(checker.problems)
        cited, name = _check_briefing(checker, briefing, stored)
        found.append((checker.problems[before:], cited, name))
    return found


# Below this many briefings a child costs more to start than checking its share saves.
WORTH_A_CHILD = 50


def check(briefings: Sequence[Briefing], registry: dict[str, list[Any]], raw: RawSite,
          incomplete: frozenset[str] = frozenset(), partial: list[Briefing] | None = None,
          today: dt.date | None = None, unloaded: Unloaded | None = None,
          cited_by: dict[str, frozenset[str]] | None = None, processes: int = 1,
          stored: StoredChecks | None = None) -> list[Problem]:
    """Check every cross-reference of the site's briefings; return the problems found.

    incomplete names the briefings with errors of their own: their sources are not reported as
    uncited, since the item citing them may be the one that failed. partial are briefings whose
    briefing.yaml is invalid: only their items are checked. Dates after today (by default the
    clock's, or BRIEFING_TODAY's) are warned about. unloaded: the briefings a scoped check took
    from the site index, not checked but looked up. cited_by receives what each checked briefing cites.
    processes: how many share the briefings' own checks (forked children; the site-wide ones run here).
    stored: where each briefing's checks are kept between runs.
    """
    checker = Checker(registry, raw, today, unloaded)
    checker.incomplete = incomplete
    checker.stand_ins = frozenset(b.slug for b in partial or [])
    checked = [*briefings, *(partial or [])]
    # Each briefing's checks read the site and write only their own findings: shared out, then put
    # back in reading order, they are what one process would have found.
    before, cited_before = len(checker.problems), Counter(checker.cited_anywhere)
    shares = processes if len(checked) >= WORTH_A_CHILD else 1
    found = forking.in_shares(checked, functools.partial(_check_share, checker, stored), shares)
    del checker.problems[before:]
    checker.cited_anywhere = cited_before
    for briefing, (problems, cited, name) in zip(checked, found, strict=True):
        checker.problems.extend(problems)
        checker.cited_anywhere.update(cited)
        if cited_by is not None:
            cited_by[briefing.slug] = frozenset(cited)
        if name is not None and stored is not None:
            stored.kept.keep(name)
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
    _check_sources(checker, all_sources)
    slugs = checker.unloaded.order
    for briefing in [*briefings, *(partial or [])]:
        _check_related(checker, briefing, slugs)
    return checker.problems


def _check_sources(checker: Checker, sources: list[tuple[str | None, Source | tuple[str, str]]]) -> None:
    """Warn about the site-wide files' sources a reader cannot follow, and duplicates of one URL.

    Each source comes with its owner (a briefing's slug, or None: the site-wide files); a
    briefing's own are warned about with its checks (check_briefing), which are kept. A pair
    (id, url key) is a source of a briefing the index summarises: only its link counts.
    """
    by_url: dict[str, tuple[str | None, str]] = {}
    for owner, source in sources:
        if isinstance(source, tuple):
            by_url.setdefault(source[1], (owner, source[0]))
            continue
        place = checker.place_of(owner, source.id)
        if owner is None:
            checker.source_warnings(source, place)
        if source.url:
            key = duplicates.url_key(source.url)
            if key in by_url:
                first_owner, first_id = by_url[key]
                if first_owner is None and owner is not None:  # the site-wide files hold it
                    first = checker.place_of(None, first_id)
                    line = first.doc.where((*first.path, "id"))[0]
                    hint = f"use the site-wide source '{first_id}' ({first.doc.path}:{line}) and delete this one"
                else:
                    hint = "merge the two sources into one"
                checker.warn(place, ("url",), f"the source '{source.id}' has the same url as '{first_id}'", hint)
            by_url.setdefault(key, (owner, source.id))


def _check_related(checker: Checker, briefing: Briefing, slugs: Sequence[str]) -> None:
    """Every slug of a briefing's related: list names another briefing of the site."""
    doc = checker.briefing_docs.get(briefing.slug)
    if doc is None:
        return
    place = Place(doc, (), "briefing", briefing.slug)
    for i, ref in enumerate(briefing.meta.related):
        if ref == briefing.slug:
            checker.error(place, ("related", i), "a briefing cannot be related to itself",
                          "list other briefings' folder names here")
        elif ref not in slugs:
            close = difflib.get_close_matches(ref, [s for s in slugs if s != briefing.slug], n=1, cutoff=0.6)
            checker.error(place, ("related", i), f"unknown briefing '{ref}'",
                          f"did you mean '{close[0]}'?" if close else
                          "use the folder name of a briefing in briefings/, e.g. north-korean-troops-in-russia")
