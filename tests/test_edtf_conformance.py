"""EDTF levels 0 and 1 against the `edtf` package's own test strings: read, refused and sorted as it does.

The strings are copied from the package's tests (tests/fixtures/edtf_strings.py, MIT); which of them
are level 0 or 1 is asked of the package's grammar, so this list is the package's, not ours. Years
before 1 and 'Y' years, and significant digits (level 2 by the EDTF specification, though the
package's grammar admits them at level 0), must be refused with a message that says so.

Nothing wider either: every string of a broad generated set that we read, the package's grammar reads
at level 0 or 1 (our exports carry dates as written, for data users to parse with it), and its level 2
examples are refused, each with a hint.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
from edtf import parse_edtf
from edtf.parser.grammar import level0Expression, level1Expression
from pyparsing import ParseException

from generator.model.dates import DateSyntaxError, parse_date

from fixtures.edtf_strings import BAD_EXAMPLES, EXAMPLES

LEVEL_0_AND_1 = level0Expression ^ level1Expression
YEARS_REFUSED = "years before 1 and 'Y' years are not supported"
SIGNIFICANT_DIGITS_REFUSED = "significant digits (S) are EDTF level 2"


def is_level_0_or_1(text: str) -> bool:
    try:
        LEVEL_0_AND_1.parse_string(text, parse_all=True)
    except ParseException:
        return False
    except TypeError:  # its parse actions fail on some strings ('../', '../19XX'): a data user could not read them
        return False
    return True


VALID = list(dict.fromkeys(text for text in EXAMPLES if is_level_0_or_1(text)))  # 19XX is listed twice


def refusal(text: str) -> str:
    """The reason we give for refusing a valid string, or '' for one we must read."""
    if re.match(r"Y|-|0000", text) or "/-" in text:
        return YEARS_REFUSED
    if re.search(r"S\d+$", text):
        return SIGNIFICANT_DIGITS_REFUSED
    return ""


ACCEPTED = [text for text in VALID if not refusal(text)]


def earliest(text: str) -> tuple[float, ...]:
    """The package's sort value: its lower strict date, as (year, month, day) or (-inf,)."""
    lower = parse_edtf(text).lower_strict()
    return (-math.inf,) if lower == -math.inf else tuple(lower[:3])


@pytest.mark.parametrize("text", VALID)
def test_every_level_0_and_1_string_is_read_or_refused_with_its_reason(text: str) -> None:
    reason = refusal(text)
    if not reason:
        parse_date(text)
        return
    with pytest.raises(DateSyntaxError, match=re.escape(reason)) as caught:
        parse_date(text)
    assert caught.value.hint


@pytest.mark.parametrize("text", BAD_EXAMPLES)
def test_every_invalid_string_is_refused(text: str) -> None:
    with pytest.raises(DateSyntaxError):
        parse_date(text)


def test_we_sort_as_the_package_sorts() -> None:
    ours = sorted(ACCEPTED, key=lambda text: parse_date(text).sort_key)
    # The package orders by the lower strict date alone; we break its ties (by time, then precision).
    assert [earliest(text) for text in ours] == sorted(earliest(text) for text in ours), ours


@pytest.mark.parametrize("text", ACCEPTED)
def test_the_earliest_day_is_the_package_s(text: str) -> None:
    date = parse_date(text)
    if date.start is None:  # open or unknown start: we keep date.min, the package -inf or ten years back
        return
    assert (date.lower.year, date.lower.month, date.lower.day) == earliest(text)


def test_the_figures_for_the_closing_note() -> None:
    accepted, invalid = len(ACCEPTED), len(BAD_EXAMPLES)
    print(f"EDTF: {accepted}/{len(VALID)} valid level 0/1 strings read, {len(VALID) - accepted} refused with "
          f"their reason; {invalid}/{invalid} invalid strings refused")
    assert (accepted, len(VALID), invalid) == (45, 59, 16)


# Near misses around every form we read: X in each place, seasons and their qualifiers, the edges of
# months, days, hours and time zones, and every pair of these as an interval's ends.
YEARS = ("2004", "0001", "9999", "0000", "-0999", "19XX", "199X", "1XXX", "1X9X", "XXXX", "2004S2")
MONTHS = ("", "-01", "-02", "-12", "-00", "-13", "-XX", "-1X", "-0X", "-21", "-24", "-25")
DAYS = ("", "-01", "-28", "-29", "-30", "-31", "-32", "-XX", "-1X", "-X1")
QUALIFIERS = ("", "~", "?", "%")
ZONES = ("", "Z", *(f"{sign}{hours:02d}{minutes}" for sign in "+-" for hours in range(16)
                    for minutes in ("", ":00", ":30", ":45", ":60")))
ENDS = ("", "..", "2004", "2005-06", "2004-06-11", "2004~", "2005-06?", "19XX", "199X~", "2004-XX", "2004-06-XX",
        "2004-21", "2004-21~", "2005-24?", "2004-06-11%", "2004-06-11T10:00:00", "2004?-06")
GENERATED = list(dict.fromkeys([
    *(y + m + d + q for y, m, d, q in itertools.product(YEARS, MONTHS, DAYS, QUALIFIERS) if m or not d),
    *(f"{day}T{clock}{zone}" for day in ("2004-06-11", "2004-06", "2004") for clock in ("10:00:00", "24:00:00")
      for zone in ZONES),
    *(f"{start}/{end}" for start in ENDS for end in ENDS),
    "2004?-06-11", "2004-06~-11", "2025-03-1X", "../..", "2004..2006", "[2004, 2006]", "2001-21^southernHemisphere",
]))
LEVEL_2 = list(dict.fromkeys(text for text in EXAMPLES if not is_level_0_or_1(text) and not refusal(text)))


def reads(text: str) -> bool:
    try:
        parse_date(text)
    except DateSyntaxError:
        return False
    return True


def test_every_string_we_read_the_package_reads_at_level_0_or_1() -> None:
    ours = [text for text in GENERATED if reads(text)]
    assert [text for text in ours if not is_level_0_or_1(text)] == []
    print(f"EDTF: {len(ours)} of {len(GENERATED)} generated strings read, each level 0 or 1 for the package")
    assert len(GENERATED) > 5000 and len(ours) > 400  # broad: a narrowed set would prove nothing


@pytest.mark.parametrize("text", LEVEL_2)
def test_every_level_2_example_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(DateSyntaxError) as caught:
        parse_date(text)
    assert caught.value.hint
