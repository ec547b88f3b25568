"""Fuzzy dates: EDTF levels 0 and 1, parsed, sorted and shown in words.

We parse EDTF ourselves rather than with the `edtf` package: measured here it takes ~5 ms a
parse (pyparsing), which alone would cost seconds on a large site, it crashes on open intervals
(`../2024`), and its errors cannot tell a contributor which part of the date is wrong.
tests/test_edtf_conformance.py checks us against that package's own level 0 and 1 examples.

Beyond plain dates, fuzzy dates and intervals:
- A time of day (level 0: `2001-02-03T09:30:01`, with `Z` or `+05:00` for its zone) is shown as
  written and orders events within their day by the instant it names; a time without a zone is
  taken as UTC for that. EDTF allows no time in an interval, nor a qualifier on a time, and writes
  UTC only as `Z` (never `+00:00`); we read offsets from -12:00 to +14:00, the ones in use.
- Nothing wider than the `edtf` package reads at level 0 or 1 (tests/test_edtf_conformance.py): our
  exports carry dates as written. So a season alone takes no qualifier (`2004-21~`; in an interval
  it may) and an interval's ends no X (`19XX/2004`): both are level 2.
- Seasons 21–24 (level 1) mean the meteorological seasons of the northern hemisphere: spring is
  March–May, summer June–August, autumn September–November, and winter December to February
  of the next year (`2024-24` ends on the last day of February 2025).
- Years before 1 (`-0999`, `0000`) and 'Y' years (`Y170000002`) are refused with a message that
  says so: Python's dates, which the pages, feeds and charts use, hold years 1 to 9999.
- An interval whose start is unknown (`/2006`, unlike the open `../2006`) sorts ten years
  before its end, as the `edtf` package places it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from generator.model import date_hints
from generator.model.date_hints import DATE_HINT, YEAR_RANGE_HINT, ZONE_HINT

MONTHS = [calendar.month_name[m] for m in range(13)]
PRECISIONS = ("millennium", "century", "decade", "year", "season", "month", "day", "second")
QUALIFIER_WORDS = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}
SEASONS = {21: ("spring", 3), 22: ("summer", 6), 23: ("autumn", 9), 24: ("winter", 12)}  # name, first month
SEASON_NAMES = {first: name for name, first in SEASONS.values()}
UNKNOWN_START_YEARS = 10  # how far before its end an interval of unknown start sorts, as in `edtf`

_POINT = re.compile(
    r"(?P<year>\d{3}[\dX]|\d{2}XX|\dXXX)(?:-(?P<month>\d\d|XX)(?:-(?P<day>\d\d|XX))?)?"
    r"(?:T(?P<clock>\d\d:\d\d:\d\d)(?P<zone>Z|[+-]\d\d(?::\d\d)?)?)?(?P<q>[~?%])?"
)


class DateSyntaxError(ValueError):
    """A date string that is not in the supported EDTF form; carries a hint for the fix."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class DatePoint:
    """One end of a date: its earliest and latest possible day, precision, qualifier and time of day."""

    text: str
    lower: dt.date
    upper: dt.date
    precision: str  # one of PRECISIONS
    qualifier: str  # "", "~", "?" or "%"
    time: dt.time | None = None  # with tzinfo when a zone is written

    @property
    def clock(self) -> str:
        """The time of day as readers write it: '09:30:01', '03:40 UTC+1', '10:10 UTC', '22:15 UTC−3:30'.

        Seconds only when there are some, and the zone as an offset from UTC (a raw '+01:00' read as an
        addition): the written time itself, never converted.
        """
        written = self.text.partition("T")[2]
        clock, zone = written[:8], written[8:]
        if clock.endswith(":00"):
            clock = clock[:5]
        if zone == "Z":
            return f"{clock} UTC"
        if not zone:
            return clock
        hours, _, minutes = zone[1:].partition(":")
        offset = str(int(hours)) + (f":{minutes}" if minutes and minutes != "00" else "")
        return f"{clock} UTC{'−' if zone[0] == '-' else '+'}{offset}"

    def words(self, with_year: bool = True, with_month: bool = True) -> str:
        """This point in words, keeping its precision: '28 October 2024', 'c. October 2024'."""
        if self.precision == "decade":
            text = f"{self.lower.year}s"
        elif self.precision in ("century", "millennium"):
            text = f"{self.lower.year}–{self.upper.year}"
        elif self.precision == "year":
            text = str(self.lower.year)
        elif self.precision == "season":
            text = f"{SEASON_NAMES[self.lower.month]} {self.lower.year}"
        else:
            parts = []
            if self.precision in ("day", "second"):
                parts.append(str(self.lower.day))
            if with_month or self.precision == "month":
                parts.append(MONTHS[self.lower.month])
            if with_year:
                parts.append(str(self.lower.year))
            text = " ".join(parts)
            if self.time is not None:
                text += ", " + self.clock
        if self.qualifier in ("~", "%"):
            text = "c. " + text
        if self.qualifier in ("?", "%"):
            text += "?"
        return text

    def described(self, alone: bool = True) -> str:
        """This point in plain words, its qualifier spelled out: 'approximately February 2031'.

        alone, a month or a year is 'some time in' it; as the end of an interval it is itself.
        """
        text = replace(self, qualifier="").words()
        if self.precision == "decade":
            text = "the " + text
        if self.qualifier in ("~", "%"):
            text = "approximately " + text
        elif alone and not self.qualifier and self.precision not in ("day", "second"):
            text = "some time in " + text
        return text + (" (uncertain)" if self.qualifier in ("?", "%") else "")

    @property
    def seconds(self) -> int:
        """Seconds from midnight UTC of its day to the instant it names (a time without a zone taken as UTC)."""
        assert self.time is not None
        offset = self.time.utcoffset() or dt.timedelta()
        return self.time.hour * 3600 + self.time.minute * 60 + self.time.second - int(offset.total_seconds())


@dataclass(frozen=True)
class FuzzyDate:
    """An EDTF date or interval as written, with the range of days it may mean."""

    text: str
    start: DatePoint | None
    end: DatePoint | None  # None for a single date; for an open interval start or end is None
    is_interval: bool = False

    @property
    def lower(self) -> dt.date:
        """The earliest day this date may mean."""
        return self.start.lower if self.start else dt.date.min

    @property
    def upper(self) -> dt.date:
        """The latest day this date may mean."""
        point = self.end if self.is_interval else self.start
        return point.upper if point else dt.date.max

    @property
    def precision(self) -> str:
        """The precision of the first known end."""
        point = self.start or self.end
        assert point is not None
        return point.precision

    @property
    def is_fuzzy(self) -> bool:
        """True unless this is one exact, certain day (or time of day)."""
        point = self.start
        return (self.is_interval or point is None or point.precision not in ("day", "second")
                or bool(point.qualifier))

    @property
    def sort_key(self) -> tuple[int, int, int, int, int]:
        """Earliest day first; in a day, dates before times and times by instant; then coarser, then shorter."""
        day = self.lower
        if self.start is None and self.text.startswith("/"):
            day = _years_before(self.upper, UNKNOWN_START_YEARS)
        timed = self.start is not None and self.start.time is not None
        instant = self.start.seconds if self.start is not None and timed else 0
        rank = PRECISIONS.index(self.precision)
        return (day.toordinal(), int(timed), instant, rank, self.upper.toordinal())

    @property
    def iso(self) -> str:
        """A value for HTML's <time datetime>: the known start at its own precision."""
        point = self.start or self.end
        assert point is not None
        if point.precision in ("millennium", "century", "decade", "year", "season"):
            return f"{point.lower.year:04d}"
        if point.precision == "month":
            return f"{point.lower.year:04d}-{point.lower.month:02d}"
        if point.time is not None:
            return f"{point.lower.isoformat()}T{_html_time(point)}"
        return point.lower.isoformat()

    def words(self) -> str:
        """The date in words, keeping its precision: '28–30 October 2024', 'c. 2024'."""
        if not self.is_interval:
            assert self.start is not None
            return self.start.words()
        start, end = self.start, self.end
        if start is None:
            assert end is not None
            return "until " + end.words()
        if end is None:
            return "from " + start.words()
        same_year = start.lower.year == end.lower.year and start.precision in ("month", "day")
        same_month = same_year and start.lower.month == end.lower.month
        plain = not start.qualifier and not end.qualifier and start.precision == end.precision
        if plain and same_month and start.precision == "day":
            return f"{start.lower.day}–{end.words()}"
        if plain and same_year:
            short = start.words(with_year=False)
            separator = "–" if start.precision == "month" else " – "
            return f"{short}{separator}{end.words()}"
        return f"{start.words()} – {end.words()}"

    @cached_property
    def described(self) -> str:
        """The date in plain words, no EDTF signs, for tooltips: 'approximately February 2031', 'from 2024 on'."""
        if not self.is_interval:
            assert self.start is not None
            return self.start.described()
        start, end = self.start, self.end
        if start is None:
            assert end is not None
            return f"until {end.described(False)}" + ("" if self.text.startswith("..") else ", start unknown")
        if end is None:
            return f"from {start.described(False)}" + (" on" if self.text.endswith("..") else ", end unknown")
        return f"from {start.described(False)} to {end.described(False)}"

    def __str__(self) -> str:
        return self.text


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day some years earlier (28 February for 29 February), as dateutil's relativedelta counts."""
    year = max(day.year - years, 1)
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _html_time(point: DatePoint) -> str:
    """The time for <time datetime>: HTML wants a zone as Z or ±hh:mm, never EDTF's short ±hh."""
    written = point.text.partition("T")[2]
    zone = written[8:]
    return written[:8] + (zone + ":00" if len(zone) == 3 else zone)


def _time(text: str, clock: str, zone: str | None) -> dt.time:
    hour, minute, second = (int(part) for part in clock.split(":"))
    if hour > 23 or minute > 59 or second > 59:
        raise DateSyntaxError(f"'{text}': there is no time {clock}",
                              "hours run from 00 to 23, minutes and seconds from 00 to 59")
    if not zone:
        return dt.time(hour, minute, second)
    if zone == "Z":
        return dt.time(hour, minute, second, tzinfo=dt.UTC)
    zone_hours, zone_minutes = int(zone[1:3]), int(zone[4:6] or 0)
    offset = dt.timedelta(hours=zone_hours, minutes=zone_minutes) * (-1 if zone[0] == "-" else 1)
    if not offset:  # the edtf package (its grammar) reads only Z for UTC
        raise DateSyntaxError(f"'{text}': EDTF writes UTC as Z, never {zone}", f"write {text[:-len(zone)]}Z")
    if zone_minutes > 59 or not -12 <= offset / dt.timedelta(hours=1) <= 14:
        raise DateSyntaxError(f"'{text}': there is no time zone {zone}", ZONE_HINT)
    if zone == "+14":  # its grammar reads +01 to +13 alone, but +14 only as +14:00
        raise DateSyntaxError(f"'{text}': EDTF writes this offset as +14:00", f"write {text}:00")
    return dt.time(hour, minute, second, tzinfo=dt.timezone(offset))


def _point(text: str) -> DatePoint:
    match = _POINT.fullmatch(text)
    if not match:
        raise DateSyntaxError(*date_hints.unreadable(text, _is_date, _words))
    year_text, month_text, day_text, qualifier = match.group("year", "month", "day", "q")
    clock, zone = match.group("clock", "zone")
    if clock and (day_text in (None, "XX") or month_text == "XX"):
        raise DateSyntaxError(f"'{text}': a time of day needs a known day", "write e.g. 2024-10-28T09:30:00")
    if clock and qualifier:
        raise DateSyntaxError(f"'{text}': a time of day cannot be approximate or uncertain in EDTF",
                              f"drop the {qualifier}, or the time: {text[:10]}{qualifier}")
    if "X" in year_text:
        if month_text:  # 156X-12-25: level 2
            raise DateSyntaxError(*date_hints.month_of_some_year(text, year_text, _words))
        low = int(year_text.replace("X", "0"))
        high = int(year_text.replace("X", "9"))
        precision = PRECISIONS[PRECISIONS.index("year") - year_text.count("X")]
        return DatePoint(text, dt.date(max(low, 1), 1, 1), dt.date(high, 12, 31), precision, qualifier or "")
    year = int(year_text)
    if year < 1:
        raise DateSyntaxError(f"'{text}': years before 1 and 'Y' years are not supported", YEAR_RANGE_HINT)
    if month_text is None or month_text == "XX":
        if day_text not in (None, "XX"):
            raise DateSyntaxError(*date_hints.day_of_some_month(text, year_text))
        return DatePoint(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", qualifier or "")
    month = int(month_text)
    if month in SEASONS:
        return _season(text, year, month, day_text, qualifier or "")
    if not 1 <= month <= 12:
        hint = "months run from 01 to 12, and seasons from 21 (spring) to 24 (winter)"
        raise DateSyntaxError(f"'{text}': there is no month {month}", hint if month > 20 else DATE_HINT)
    last_day = calendar.monthrange(year, month)[1]
    if day_text is None or day_text == "XX":
        return DatePoint(
            text, dt.date(year, month, 1), dt.date(year, month, last_day), "month", qualifier or ""
        )
    day = int(day_text)
    if not 1 <= day <= last_day:
        raise DateSyntaxError(
            f"'{text}': {MONTHS[month]} {year} has no day {day}",
            f"{MONTHS[month]} {year} has {last_day} days",
        )
    when = dt.date(year, month, day)
    if clock:
        return DatePoint(text, when, when, "second", "", _time(text, clock, zone))
    return DatePoint(text, when, when, "day", qualifier or "")


def _season(text: str, year: int, code: int, day_text: str | None, qualifier: str) -> DatePoint:
    """Seasons 21–24 as the meteorological northern-hemisphere months; winter ends in the next year."""
    if day_text is not None:
        raise DateSyntaxError(f"'{text}': a season has no days", f"write {text[:7]} alone")
    first_month = SEASONS[code][1]
    last_year, last_month = (year, first_month + 2) if first_month < 12 else (year + 1, 2)
    if last_year > dt.MAXYEAR:
        raise DateSyntaxError(f"'{text}': winter 9999 ends after the last year supported", YEAR_RANGE_HINT)
    last = dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return DatePoint(text, dt.date(year, first_month, 1), last, "season", qualifier)


def _is_date(text: str) -> bool:
    """Whether parse_date reads text: a hint suggests only dates that are."""
    try:
        parse_date(text)
    except DateSyntaxError:
        return False
    return True


def _words(text: str) -> str:
    """A date parse_date reads, as readers see it: '2025-03~' → 'c. March 2025'."""
    return parse_date(text).words()


def spanning(first: DatePoint, last: DatePoint) -> FuzzyDate:
    """The period from first to last in days (their times left out): made from the two, not read from a text.

    A briefing's events may span '201X~' to '2024-21~', which a contributor may not write as one interval
    (X in an end is level 2, a qualified season alone too), yet its period is those two ends.
    """
    start, end = (replace(p, text=p.text.partition("T")[0], time=None) for p in (first, last))
    if start.text == end.text:
        return FuzzyDate(start.text, start, None)
    return FuzzyDate(f"{start.text}/{end.text}", start, end, is_interval=True)


@lru_cache(maxsize=8192)
def parse_date(text: str) -> FuzzyDate:
    """Parse an EDTF level-0/1 date or interval, raising DateSyntaxError with a hint."""
    text = text.strip()
    if not text:
        raise DateSyntaxError("the date is empty", DATE_HINT)
    if "/" not in text:
        point = _point(text)
        if point.precision == "season" and point.qualifier:  # level 2 alone, though level 1 in an interval
            months = "/".join(f"{day:%Y-%m}{point.qualifier}" for day in (point.lower, point.upper))
            raise DateSyntaxError(*date_hints.qualified_season(text, replace(point, qualifier="").words(), months))
        return FuzzyDate(text, point, None)
    if text.count("/") > 1:
        raise DateSyntaxError(f"'{text}' has more than one '/'", date_hints.slashes_hint(text, _is_date))
    left, right = text.split("/")
    try:
        start = None if left in ("", "..") else _point(left)
        end = None if right in ("", "..") else _point(right)
    except DateSyntaxError:
        if date_hints.as_edtf(text, _is_date):  # 12/2024: a month, not an interval
            raise DateSyntaxError(f"'{text}' is not a date I can read", date_hints.slashes_hint(text, _is_date)) \
                from None
        raise
    if start is None and end is None:
        raise DateSyntaxError(f"'{text}': an interval needs at least one known end", date_hints.OPEN_HINT)
    if "X" in text:  # level 2: an end with unknown digits
        raise DateSyntaxError(*date_hints.unknown_digits_in_interval(left, right, _is_date))
    if any(point and point.time for point in (start, end)):
        raise DateSyntaxError(f"'{text}': an EDTF interval joins dates, never times of day",
                              "write the days alone (2024-10-28/2024-10-29) and give the times in the text")
    if start and end and start.lower > end.upper:
        raise DateSyntaxError(
            f"'{text}': the interval ends before it starts",
            f"swap the ends: {right}/{left}",
        )
    return FuzzyDate(text, start, end, is_interval=True)
