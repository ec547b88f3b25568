"""Dates after today: which day counts as today, and every date an item holds, wherever it is.

A date in the future is almost always a typo (2031 for 2013), and a future `updated` would also
put its briefing at the top of the home page. Tests and reproducible builds fix "today" with
`--today` or the BRIEFING_TODAY environment variable.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from pydantic import BaseModel

from generator.exceptions import UsageError
from generator.model.contract import Figure
from generator.model.dates import FuzzyDate

TODAY_VARIABLE = "BRIEFING_TODAY"
PathT = tuple[str | int, ...]
# Fields holding other items, each checked where it is written rather than inside briefing.yaml.
_OWN_ITEMS = frozenset({"events", "quotes", "figures", "sources", "actors", "assessments"})
# A forecast may be about a day to come: that date of a projection is no mistake.
_FORECASTS = frozenset({"projection", "expectation"})


def reference_day(today: dt.date | None = None) -> dt.date:
    """The day dates are checked against: today as given, else BRIEFING_TODAY, else the clock's."""
    if today is not None:
        return today
    written = os.environ.get(TODAY_VARIABLE, "").strip()
    if not written:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(written)
    except ValueError:
        raise UsageError(f"{TODAY_VARIABLE}={written!r} is not a date: write it as 2026-11-30") from None


def dates_in(record: BaseModel, path: PathT = ()) -> Iterator[tuple[PathT, FuzzyDate]]:
    """Every date a record holds, with the path of its field, in field order."""
    for name in type(record).model_fields:
        if not path and name in _OWN_ITEMS:
            continue
        value = getattr(record, name)
        if name == "refers_to" and isinstance(record, Figure) and record.kind in _FORECASTS:
            continue
        yield from _dates((*path, name), value)


def _dates(path: PathT, value: object) -> Iterator[tuple[PathT, FuzzyDate]]:
    if isinstance(value, FuzzyDate):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from dates_in(value, path)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _dates((*path, i), item)


def future_message(date: FuzzyDate, today: dt.date) -> tuple[str, str]:
    """The warning and hint for a date after today."""
    return (f"the date {date.text} ({date.words()}) is after today ({today.day} {today:%B %Y})",
            "check the year and the month; events still to come belong in the text, not in a date "
            "(run with --today YYYY-MM-DD to check against another day)")
