"""Fuzzy dates: the EDTF level-0/1 subset briefings use, parsed, sorted and shown in words.

We parse EDTF ourselves rather than with the `edtf` package: measured here it takes ~5 ms a
parse (pyparsing), which alone would cost seconds on a large site, it crashes on open intervals
(`../2024`), and its errors cannot tell a contributor which part of the date is wrong.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = [calendar.month_name[m] for m in range(13)]
PRECISIONS = ("century", "decade", "year", "month", "day")
QUALIFIER_WORDS = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}

_POINT = re.compile(
    r"(?P<year>\d{3}[\dX]|\d{2}XX)(?:-(?P<month>\d\d|XX)(?:-(?P<day>\d\d|XX))?)?(?P<q>[~?%])?"
)


class DateSyntaxError(ValueError):
    """A date string that is not in the supported EDTF form; carries a hint for the fix."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


DATE_HINT = (
    "write dates as 2024, 2024-10 or 2024-10-28, add ~ (approximate) or ? (uncertain) at the end, "
    "and intervals as 2024-10-28/2024-10-30"
)


@dataclass(frozen=True)
class DatePoint:
    """One end of a date: its earliest and latest possible day, precision and qualifier."""

    text: str
    lower: dt.date
    upper: dt.date
    precision: str  # one of PRECISIONS
    qualifier: str  # "", "~", "?" or "%"

    def words(self, with_year: bool = True, with_month: bool = True) -> str:
        """This point in words, keeping its precision: '28 October 2024', 'c. October 2024'."""
        if self.precision == "decade":
            text = f"{self.lower.year}s"
        elif self.precision == "century":
            text = f"{self.lower.year}–{self.upper.year}"
        elif self.precision == "year":
            text = str(self.lower.year)
        else:
            parts = []
            if self.precision == "day":
                parts.append(str(self.lower.day))
            if with_month or self.precision == "month":
                parts.append(MONTHS[self.lower.month])
            if with_year:
                parts.append(str(self.lower.year))
            text = " ".join(parts)
        if self.qualifier in ("~", "%"):
            text = "c. " + text
        if self.qualifier in ("?", "%"):
            text += "?"
        return text


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
        """True unless this is one exact, certain day."""
        point = self.start
        return self.is_interval or point is None or point.precision != "day" or bool(point.qualifier)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Earliest possible day first; at the same day the coarser date first, then the shorter."""
        rank = PRECISIONS.index(self.precision)
        return (self.lower.toordinal(), rank, self.upper.toordinal())

    @property
    def iso(self) -> str:
        """A value for HTML's <time datetime>: the known start at its own precision."""
        point = self.start or self.end
        assert point is not None
        if point.precision in ("century", "decade", "year"):
            return f"{point.lower.year:04d}"
        if point.precision == "month":
            return f"{point.lower.year:04d}-{point.lower.month:02d}"
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

    def __str__(self) -> str:
        return self.text


def _point(text: str) -> DatePoint:
    match = _POINT.fullmatch(text)
    if not match:
        raise DateSyntaxError(f"'{text}' is not a date I can read", _suggest(text) or DATE_HINT)
    year_text, month_text, day_text, qualifier = match.group("year", "month", "day", "q")
    if "X" in year_text:
        if month_text:
            raise DateSyntaxError(
                f"'{text}': a year with unknown digits cannot have a month", "write e.g. 202X"
            )
        low = int(year_text.replace("X", "0"))
        high = int(year_text.replace("X", "9"))
        precision = "decade" if year_text.count("X") == 1 else "century"
        return DatePoint(text, dt.date(max(low, 1), 1, 1), dt.date(high, 12, 31), precision, qualifier or "")
    year = int(year_text)
    if year < 1:
        raise DateSyntaxError(f"'{text}': year 0 does not exist", DATE_HINT)
    if month_text is None or month_text == "XX":
        if day_text not in (None, "XX"):
            raise DateSyntaxError(f"'{text}': a day needs a known month", DATE_HINT)
        return DatePoint(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", qualifier or "")
    month = int(month_text)
    if not 1 <= month <= 12:
        hint = "seasons (21–24) are not supported: write a month interval such as 2024-03/2024-05"
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
    return DatePoint(text, when, when, "day", qualifier or "")


def _suggest(text: str) -> str:
    """'write 2024-03' for 'March 2024', '28 Oct 2024' or 'October 28, 2024'."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip()).replace(",", " ")
    cleaned = re.sub(r"\s+", " ", cleaned)
    for pattern, shown in (("%B %Y", "%Y-%m"), ("%b %Y", "%Y-%m"), ("%d %B %Y", "%Y-%m-%d"),
                           ("%d %b %Y", "%Y-%m-%d"), ("%B %d %Y", "%Y-%m-%d"), ("%b %d %Y", "%Y-%m-%d"),
                           ("%d.%m.%Y", "%Y-%m-%d"), ("%d/%m/%Y", "%Y-%m-%d")):
        try:
            parsed = dt.datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return f"write {parsed.strftime(shown)} (year-month-day, the EDTF form)"
    return ""


@lru_cache(maxsize=8192)
def parse_date(text: str) -> FuzzyDate:
    """Parse an EDTF level-0/1 date or interval, raising DateSyntaxError with a hint."""
    text = text.strip()
    if not text:
        raise DateSyntaxError("the date is empty", DATE_HINT)
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ].*", text):
        raise DateSyntaxError(f"'{text}': times of day are not supported", "write only the date part")
    if "/" not in text:
        return FuzzyDate(text, _point(text), None)
    if text.count("/") > 1:
        raise DateSyntaxError(f"'{text}' has more than one '/'", DATE_HINT)
    left, right = text.split("/")
    start = None if left in ("", "..") else _point(left)
    end = None if right in ("", "..") else _point(right)
    if start is None and end is None:
        raise DateSyntaxError(f"'{text}': an interval needs at least one known end", DATE_HINT)
    if start and end and start.lower > end.upper:
        raise DateSyntaxError(
            f"'{text}': the interval ends before it starts",
            f"swap the ends: {right}/{left}",
        )
    return FuzzyDate(text, start, end, is_interval=True)
