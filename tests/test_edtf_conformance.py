"""EDTF levels 0 and 1 against the `edtf` package's own test strings: read, refused and sorted as it does.

The strings are copied from the package's tests (tests/fixtures/edtf_strings.py, MIT); which of them
are level 0 or 1 is asked of the package's grammar, so this list is the package's, not ours. Years
before 1 and 'Y' years, and significant digits (level 2 by the EDTF specification, though the
package's grammar admits them at level 0), must be refused with a message that says so.
"""

from __future__ import annotations

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
