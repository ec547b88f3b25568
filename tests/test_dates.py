"""Fuzzy dates: parsing, words that keep their precision, and sort order."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.model.dates import DateSyntaxError, parse_date


@pytest.mark.parametrize(("written", "words"), [
    ("2024", "2024"),
    ("2024-10", "October 2024"),
    ("2024-10-28", "28 October 2024"),
    ("2024-10~", "c. October 2024"),
    ("2024-10-28?", "28 October 2024?"),
    ("2024-10%", "c. October 2024?"),
    ("2024-10-28/2024-10-30", "28–30 October 2024"),
    ("2024-10-28/2024-11-02", "28 October – 2 November 2024"),
    ("2024-10/2024-12", "October–December 2024"),
    ("2023-12-30/2024-01-02", "30 December 2023 – 2 January 2024"),
    ("2024-10-28/2024-10-30~", "28 October 2024 – c. 30 October 2024"),
    ("../2024-10", "until October 2024"),
    ("2024-10-28/..", "from 28 October 2024"),
    ("202X", "2020s"),
    ("20XX", "2000–2099"),
    ("2024-XX", "2024"),
    ("1XXX", "1000–1999"),
    ("2001-02-03T09:30:01", "3 February 2001, 09:30:01"),
    ("2004-01-01T10:10:10Z", "1 January 2004, 10:10:10 UTC"),
    ("2004-01-01T10:10:10+05:00", "1 January 2004, 10:10:10 UTC+5"),
    # Seconds only when there are some; the zone as an offset from UTC, never a bare '+01:00'.
    ("2025-03-14T03:40:00+01:00", "14 March 2025, 03:40 UTC+1"),
    ("2025-03-14T22:15:00-03:30", "14 March 2025, 22:15 UTC−3:30"),
    ("2025-03-14T22:15:00+14:00", "14 March 2025, 22:15 UTC+14"),  # the offsets in use: -12:00 to +14:00
    ("2025-03-14T22:15:00-12", "14 March 2025, 22:15 UTC−12"),
    ("2025-03-14T09:05:00Z", "14 March 2025, 09:05 UTC"),
    ("2001-21", "spring 2001"),
    ("2001-22", "summer 2001"),
    ("2001-23", "autumn 2001"),
    ("2001-24", "winter 2001"),
    ("2001-21/2001-23", "spring 2001 – autumn 2001"),
    ("2001-21~/2001-23", "c. spring 2001 – autumn 2001"),  # level 1 in an interval, though not alone
])
def test_words_keep_the_precision(written: str, words: str) -> None:
    assert parse_date(written).words() == words


@pytest.mark.parametrize(("written", "message"), [
    ("2024-13", "there is no month 13"),
    ("2024-02-30", "February 2024 has no day 30"),
    ("2023-02-29", "February 2023 has no day 29"),
    ("2024-10-30/2024-10-28", "the interval ends before it starts"),
    ("2024-10-28T10:00", "times of day are not supported"),
    ("28 October 2024", "is not a date I can read"),
    ("../..", "needs at least one known end"),
    ("2024-29", "there is no month 29"),
    ("2024-10-28T24:00:00", "there is no time 24:00:00"),
    ("2024-10-28T10:00:00+15:00", "there is no time zone"),
    ("2024-10-28T10:00:00~", "a time of day cannot be approximate"),
    ("2024-10T10:00:00", "a time of day needs a known day"),
    ("2024-10-28T10:00:00/2024-10-29", "never times of day"),
    ("2024-21-05", "a season has no days"),
    ("-0999", "years before 1 and 'Y' years are not supported"),
    ("0000", "years before 1 and 'Y' years are not supported"),
    ("Y170000002", "years before 1 and 'Y' years are not supported"),
    ("1950S2", "significant digits"),
    # Wider than the edtf package reads at level 0/1 (a reviewer's): each refused, saying why.
    ("2025-03-14T10:00:00+00:00", "EDTF writes UTC as Z, never +00:00"),
    ("2025-03-14T10:00:00-00:00", "EDTF writes UTC as Z, never -00:00"),
    ("2025-03-14T10:00:00+00", "EDTF writes UTC as Z, never +00"),
    ("2025-03-14T10:00:00+14:30", "there is no time zone +14:30"),
    ("2025-03-14T10:00:00-13:00", "there is no time zone -13:00"),
    ("2025-03-14T10:00:00+14", "EDTF writes this offset as +14:00"),
    ("2004-21~", "a season alone cannot be approximate in EDTF level 1"),
    ("2004-21?", "a season alone cannot be uncertain in EDTF level 1"),
    ("19XX/2004", "unknown digits (X) in an interval's end are EDTF level 2"),
    ("2004-06-XX/2004-07", "unknown digits (X) in an interval's end are EDTF level 2"),
    ("../199X~", "unknown digits (X) in an interval's end are EDTF level 2"),
    ("2025-03-1X", "a day with an unknown digit (1X) is EDTF level 2, which is not supported"),
    ("2025-1X", "a month with an unknown digit (1X) is EDTF level 2"),
    ("1X32", "a year with an unknown digit before a known one is EDTF level 2"),
    ("2004?-06-11", "a ? on part of a date is EDTF level 2"),
    ("156X-12-25", "a year with unknown digits (X) cannot have a month in EDTF level 1"),
    ("1560-XX-25", "a day of an unknown month is EDTF level 2"),
    ("{1960, 1961-12}", "a list of dates is EDTF level 2"),
])
def test_impossible_dates_are_refused_with_a_reason(written: str, message: str) -> None:
    with pytest.raises(DateSyntaxError, match=re.escape(message)):
        parse_date(written)


def test_leap_day_is_accepted() -> None:
    assert parse_date("2024-02-29").words() == "29 February 2024"


def test_sort_by_earliest_day_then_coarser_first() -> None:
    written = ["2024-10-28", "2024-10~", "2024", "2024-10-01", "2024-09-30/2024-10-02", "2024-10"]
    ordered = sorted(written, key=lambda text: parse_date(text).sort_key)
    assert ordered == ["2024", "2024-09-30/2024-10-02", "2024-10~", "2024-10", "2024-10-01", "2024-10-28"]


def test_seasons_are_the_northern_meteorological_months() -> None:
    assert (parse_date("2024-21").lower, parse_date("2024-21").upper) == (dt.date(2024, 3, 1), dt.date(2024, 5, 31))
    assert (parse_date("2024-24").lower, parse_date("2024-24").upper) == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))


def test_times_order_events_within_their_day_by_instant() -> None:
    written = ["2004-01-01T10:10:10Z", "2004-01-02", "2004-01-01T10:10:10+05:00", "2004-01-01", "2004-01-01T09:00:00",
               "2004-01"]
    ordered = sorted(written, key=lambda text: parse_date(text).sort_key)
    assert ordered == ["2004-01", "2004-01-01", "2004-01-01T10:10:10+05:00", "2004-01-01T09:00:00",
                       "2004-01-01T10:10:10Z", "2004-01-02"]
    assert not parse_date("2004-01-01T10:10:10Z").is_fuzzy


def test_html_datetime_keeps_the_known_precision() -> None:
    assert parse_date("2024-10~").iso == "2024-10"
    assert parse_date("2024").iso == "2024"
    assert parse_date("2024-10-28/2024-10-30").iso == "2024-10-28"
    assert parse_date("../2024-10").iso == "2024-10"
    assert parse_date("2024-21").iso == "2024"
    assert parse_date("2001-02-03T09:30:01").iso == "2001-02-03T09:30:01"
    assert parse_date("2004-01-01T10:10:10Z").iso == "2004-01-01T10:10:10Z"
    assert parse_date("2004-01-01T10:10:10+05").iso == "2004-01-01T10:10:10+05:00"  # HTML wants ±hh:mm


@pytest.mark.parametrize(("written", "hint"), [
    ("March 2024", "write 2024-03"),
    ("28 October 2024", "write 2024-10-28"),
    ("October 28th, 2024", "write 2024-10-28"),
    ("28.10.2024", "write 2024-10-28"),
    ("Dec 2024", "write 2024-12 (year-month, the EDTF form)"),  # not "(year-month-day…)"
    # As a reviewer found them: each had the general hint, or a wrong one.
    ("2024-10-28 - 2024-10-30", "write an interval with '/': 2024-10-28/2024-10-30"),  # was: times of day
    ("2024-10-28 to 2024-10-30", "write an interval with '/': 2024-10-28/2024-10-30"),
    ("28 Oct 2024 \u2013 30 Oct 2024", "write an interval with '/': 2024-10-28/2024-10-30"),
    ("2024-2025", "write an interval with '/': 2024/2025"),
    ("31/12/2024", "write 2024-12-31 (year-month-day"),  # day first
    ("10/28/2024", "write 2024-10-28 (year-month-day"),  # month first
    ("03/04/2024", "write 2024-04-03 if it is day/month/year, or 2024-03-04 if it is month/day/year"),
    ("2024/10/28", "write 2024-10-28"),
    ("12/2024", "write 2024-12 (year-month"),
    ("~2024-10", "write 2024-10~"),  # as the guide promises
    ("c. 2024", "write 2024~"),
    ("\u201c2024-10-28\u201d", "write it without them: 2024-10-28"),
    # No suggestion that is not itself a date (a reviewer found these).
    ("31/31/2024", "write dates as 2024"),
    ("30/02/2024", "write dates as 2024"),
    ("\u201csoon\u201d", "write dates as 2024"),
    ("\u201c28 Oct 2024\u201d", "write it without them: 2024-10-28"),
    # A reviewer's: a space before the qualifier read as a time of day; a day without its 0, the general hint.
    ("2024-10-05 ~", "write 2024-10-05~"),
    ("2024 ?", "write 2024?"),
    ("2024-10-5", "write 2024-10-05 (year-month-day"),
    ("2024-3~", "write 2024-03~ (year-month"),
    ("2024-13-5", "write dates as 2024"),
    # What to write instead of a form wider than the edtf package reads at level 0/1 (a reviewer's).
    ("2025-03-14T10:00:00+00:00", "write 2025-03-14T10:00:00Z"),
    ("2025-03-14T10:00:00+14", "write 2025-03-14T10:00:00+14:00"),
    ("2025-03-14T10:00:00+25:00", "write Z for UTC, or an offset from -12:00 to +14:00"),  # as accepted
    ("2025-03-14T10:00:00-13:00", "write Z for UTC, or an offset from -12:00 to +14:00"),
    ("2004-21~", "write 2004-21 (spring 2004) and say in the text that it is approximate, or its months: "
                 "2004-03~/2004-05~"),
    ("2004-24?", "write 2004-24 (winter 2004) and say in the text that it is uncertain, or its months: "
                 "2004-12?/2005-02?"),
    ("19XX/2004", "write each end without X: 1900/2004"),
    ("2004-06-XX/2004-07", "write each end without X: 2004-06/2004-07"),
    ("1995/199X~", "write each end without X: 1995/1999~"),  # an unknown digit at the end as its latest
    ("2025-03-1X", "write 2025-03-XX (some day of March 2025) or the interval 2025-03-10/2025-03-19"),
    ("2025-02-3X", "write 2025-02-XX (some day of February 2025)"),
    ("2025-1X", "write 2025-XX (some month of 2025) or the interval 2025-10/2025-12"),
    ("1X32", "write X only at the end of a year: 1XXX (1000–1999)"),
    ("2004?-06-11", "write 2004-06-11?, which makes the whole date uncertain, and say in the text which part is"),
    ("2004?-06~-11", "write 2004-06-11%, which makes the whole date approximate and uncertain"),
    ("156X-12-25", "write 156X (1560s) and give the month or day in the text"),
    ("[1667, 1668, 1670..1672]", "write one date, or the interval the dates span (1667/1672)"),
    ("2004..2006", "write an interval with '/': 2004/2006"),
    ("../..", "write the end that is known, as in 2024-10/.. (from October 2024) or ../2024-10"),
])
def test_dates_written_other_ways_get_their_edtf_form_as_a_hint(written: str, hint: str) -> None:
    with pytest.raises(DateSyntaxError) as caught:
        parse_date(written)
    assert caught.value.hint.startswith(hint), caught.value.hint
