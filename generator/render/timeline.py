"""A briefing's timeline as a reader needs it: what kind of date each entry has, long gaps, month headings.

Also the period a briefing covers, from its events, for the page's header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from generator.model.contract import Event
from generator.model.dates import MONTHS, DatePoint, FuzzyDate, spanning

# kind: (its line in the key, what a screen reader hears after the date). In this order in the key.
KINDS: dict[str, tuple[str, str]] = {
    "exact": ("Exact day", ""),
    "coarse": ("Month or year only", "date known only to the month or year"),
    "approximate": ("Approximate (c.)", "approximate date"),
    "uncertain": ("Uncertain (?)", "uncertain date"),
    "range": ("Period: from – to", "period"),
    "open": ("Period with an open end", "period with an unknown or open end"),
}
# Events further apart than this are marked with the time between them ("11 months later").
GAP_DAYS = 30
# A timeline with more dates than this, over more than one month, is grouped under month headings.
GROUPED_OVER = 12


@dataclass(frozen=True)
class Day:
    """One date of the timeline with its events, the kind of date it is, and what comes before it."""

    date: FuzzyDate
    events: list[Event]
    kind: str  # a key of KINDS
    gap: str  # '11 months later', or '' after a short time
    heading: str  # 'October 2024' where a new month starts in a grouped timeline, else ''

    @property
    def spoken(self) -> str:
        """What a screen reader hears of the kind of date, '' for an exact day."""
        return KINDS[self.kind][1]


@dataclass(frozen=True)
class Timeline:
    """The dates of a timeline in order, and the kinds of date it holds (for its key)."""

    days: list[Day]
    grouped: bool

    @property
    def kinds(self) -> list[tuple[str, str]]:
        """(kind, label) of each kind of date present, in the key's order; none when every date is exact."""
        present = {day.kind for day in self.days}
        if present <= {"exact"}:
            return []
        return [(kind, label) for kind, (label, _) in KINDS.items() if kind in present]


def date_kind(date: FuzzyDate) -> str:
    """exact, coarse, approximate, uncertain, range or open: how a timeline marker draws the date."""
    if date.is_interval:
        return "range" if date.start and date.end else "open"
    assert date.start is not None
    if date.start.qualifier in ("?", "%"):
        return "uncertain"
    if date.start.qualifier == "~":
        return "approximate"
    return "exact" if date.start.precision in ("day", "second") else "coarse"


def _known(date: FuzzyDate) -> tuple[dt.date, dt.date]:
    """The earliest and latest day a date may mean, an open end taken at its known end."""
    points = [p for p in (date.start, date.end) if p is not None]
    return min(p.lower for p in points), max(p.upper for p in points)


def gap_words(days: int) -> str:
    """The time between two events in words: '5 weeks later', '11 months later', '2 years later'."""
    months = round(days / 30.44)
    if months < 2:
        return f"{round(days / 7)} weeks later"
    if months < 12:
        return f"{months} months later"
    years, rest = divmod(months, 12)
    text = "1 year" if years == 1 else f"{years} years"
    if rest and years < 5:
        text += f" and {rest} month" + ("s" if rest > 1 else "")
    return text + " later"


def _month(date: FuzzyDate) -> tuple[int, int, str]:
    """The month (or, for a coarser date, the year) a date is listed under, with its heading."""
    point = date.start or date.end
    assert point is not None
    if point.precision in ("day", "second", "month"):
        return point.lower.year, point.lower.month, f"{MONTHS[point.lower.month]} {point.lower.year}"
    return point.lower.year, 0, str(point.lower.year)


def build_timeline(events: Sequence[Event]) -> Timeline:
    """The timeline of events already in date order: consecutive events of one date under it."""
    groups = [(list(group)) for _, group in groupby(events, key=lambda e: e.date.text)]
    months = {_month(group[0].date)[:2] for group in groups}
    grouped = len(groups) > GROUPED_OVER and len(months) > 1
    days: list[Day] = []
    latest: dt.date | None = None
    month: tuple[int, int] | None = None
    for group in groups:
        date = group[0].date
        lower, upper = _known(date)
        gap = ""
        if latest is not None and (lower - latest).days > GAP_DAYS:
            gap = gap_words((lower - latest).days)
        # A period with an open end ('from April 2025') has no known end: its month's last day is no time when
        # something happened, and a gap measured from it stood after '2 April' as '5 weeks later' for 8 weeks.
        known_end = lower if date.is_interval and date.end is None else upper
        latest = max(latest or known_end, known_end)
        key = _month(date)
        heading = key[2] if grouped and key[:2] != month else ""
        month = key[:2]
        days.append(Day(date, group, date_kind(date), gap, heading))
    return Timeline(days, grouped)


def coverage(events: Sequence[Event]) -> FuzzyDate | None:
    """The period a briefing's events cover: from the earliest day any may mean to the latest known day.

    The end is the date that starts last, not the one that may end last: with events on 28 and
    29 October and one in 'c. October', the story runs to 29 October, which 'c. October' hides.
    """
    points: list[DatePoint] = [p for e in events for p in (e.date.start, e.date.end) if p is not None]
    if not points:
        return None
    # Of two that tie, the more precise.
    first = min(points, key=lambda p: (p.lower, p.upper))
    last = max(points, key=lambda p: (p.lower, -p.upper.toordinal()))
    return spanning(first, last)  # an interval joins days, not times
