"""Fuzzy dates: parsing, words that keep their precision, and sort order."""

from __future__ import annotations

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
    ("2024-21", "there is no month 21"),
])
def test_impossible_dates_are_refused_with_a_reason(written: str, message: str) -> None:
    with pytest.raises(DateSyntaxError, match=message):
        parse_date(written)


def test_leap_day_is_accepted() -> None:
    assert parse_date("2024-02-29").words() == "29 February 2024"


def test_sort_by_earliest_day_then_coarser_first() -> None:
    written = ["2024-10-28", "2024-10~", "2024", "2024-10-01", "2024-09-30/2024-10-02", "2024-10"]
    ordered = sorted(written, key=lambda text: parse_date(text).sort_key)
    assert ordered == ["2024", "2024-09-30/2024-10-02", "2024-10~", "2024-10", "2024-10-01", "2024-10-28"]


def test_html_datetime_keeps_the_known_precision() -> None:
    assert parse_date("2024-10~").iso == "2024-10"
    assert parse_date("2024").iso == "2024"
    assert parse_date("2024-10-28/2024-10-30").iso == "2024-10-28"
    assert parse_date("../2024-10").iso == "2024-10"


@pytest.mark.parametrize(("written", "hint"), [
    ("March 2024", "write 2024-03"),
    ("28 October 2024", "write 2024-10-28"),
    ("October 28th, 2024", "write 2024-10-28"),
    ("28.10.2024", "write 2024-10-28"),
])
def test_dates_in_words_get_their_edtf_form_as_a_hint(written: str, hint: str) -> None:
    with pytest.raises(DateSyntaxError) as caught:
        parse_date(written)
    assert caught.value.hint.startswith(hint)
