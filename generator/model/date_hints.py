"""What a contributor most likely meant by a date that is not EDTF, and how to write it: a message and a hint.

dates.py reads EDTF; this module only explains what it could not read, from the ways dates are
written elsewhere: '28 Oct 2024', '31/12/2024', '2024-10-28 - 2024-10-30', 'c. 2024', '~2024-10',
a date pasted in curly quotes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

IsDate = Callable[[str], bool]  # whether a text is a date dates.py reads: every suggestion is one
Words = Callable[[str], str]  # a date dates.py reads, as readers see it: '2025-03~' → 'c. March 2025'

DATE_HINT = (
    "write dates as 2024, 2024-10 or 2024-10-28, add ~ (approximate) or ? (uncertain) at the end, "
    "and intervals as 2024-10-28/2024-10-30"
)
YEAR_RANGE_HINT = "write a year from 0001 to 9999; say an earlier or later year in the text instead"

_OUT_OF_RANGE_YEAR = re.compile(r"Y-?\d|-\d|0000(?![\dX])")
_LOOSE_TIME = re.compile(r"(?P<date>\d{4}-\d\d-\d\d)[T ](?P<rest>.*)")
_EDTF_LIKE = re.compile(r"\d{4}(?:-\d\d){0,2}[~?%]?")
# Two dates joined as prose or with a dash: '2024-10-28 - 2024-10-30', '28 Oct 2024 to 30 Oct 2024'.
_RANGE = re.compile(r"(?P<a>.+?)\s*(?:\s-\s|[\u2013\u2014]|\s(?:to|until|till|through)\s)\s*(?P<b>.+)", re.I)
_UNPADDED = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?P<q>[~?%]?)")
_SPACED_QUALIFIER = re.compile(r"(?P<date>\S+)\s+(?P<q>[~?%])")
_LEADING_QUALIFIER = re.compile(r"(?P<q>[~?%])\s*(?P<rest>\S.*)")
# A date said roughly: 'c. 2024', 'around 3 March 2025', 'late March 2025', 'mid-October 2024', 'early 2024'.
_VAGUE = re.compile(r"(?:c\.|ca\.?|circa|about|around|approx\.?|approximately|roughly|early|late|mid|"
                    r"(?:the\s+)?(?:beginning|start|middle|end)\s+of)(?![a-z])[\s-]*(?P<rest>\S.*)", re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})")
_CURLY = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
_FORMATS = (("%B %Y", "%Y-%m"), ("%b %Y", "%Y-%m"), ("%d %B %Y", "%Y-%m-%d"), ("%d %b %Y", "%Y-%m-%d"),
            ("%B %d %Y", "%Y-%m-%d"), ("%b %d %Y", "%Y-%m-%d"), ("%Y/%m/%d", "%Y-%m-%d"), ("%m/%Y", "%Y-%m"))


def as_edtf(text: str, is_date: IsDate) -> str | None:
    """text as EDTF when it is a date written another common way (or already EDTF-like); else None."""
    text = text.strip()
    if _EDTF_LIKE.fullmatch(text):
        return text if is_date(text) else None
    short = _UNPADDED.fullmatch(text)  # 2024-10-5: a month or day written without its 0
    if short:
        padded = short["year"] + "".join(f"-{int(part):02d}" for part in (short["month"], short["day"]) if part)
        return padded + short["q"] if is_date(padded + short["q"]) else None
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        first, second, year = int(numeric["a"]), int(numeric["b"]), numeric["year"]
        day_first, month_first = f"{year}-{second:02d}-{first:02d}", f"{year}-{first:02d}-{second:02d}"
        readings = [d for d in dict.fromkeys((day_first, month_first)) if is_date(d)]
        return readings[0] if len(readings) == 1 else None  # 03/04/2024: either; 31/31/2024: neither
    cleaned = re.sub(r"\s+", " ", re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(",", " ")).strip()
    for pattern, shown in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).strftime(shown)
        except ValueError:
            continue
    return None


def _write(edtf: str) -> str:
    """'write 2024-10-28 (year-month-day, the EDTF form)', naming the parts the date has."""
    parts = ("year", "year-month", "year-month-day")[min(edtf.count("-"), 2)]
    return f"write {edtf} ({parts}, the EDTF form)"


def slashes_hint(text: str, is_date: IsDate) -> str:
    """The hint for a date with '/' that is not an interval: '31/12/2024', '2024/10/28', the ambiguous '03/04/2024'."""
    edtf = as_edtf(text, is_date)
    if edtf:
        return _write(edtf)
    numeric = _NUMERIC.fullmatch(text.strip())
    if not numeric:
        return DATE_HINT
    first, second, year = int(numeric["a"]), int(numeric["b"]), numeric["year"]
    if not (is_date(f"{year}-{second:02d}-{first:02d}") and is_date(f"{year}-{first:02d}-{second:02d}")):
        return DATE_HINT
    return (f"write {year}-{second:02d}-{first:02d} if it is day/month/year, or {year}-{first:02d}-{second:02d} "
            "if it is month/day/year (year-month-day, the EDTF form)")


def _roughly(text: str, is_date: IsDate) -> str | None:
    """A date said roughly as EDTF: 'late March 2025' → '2025-03~' (EDTF has no 'late': about the month)."""
    vague = _VAGUE.fullmatch(text.strip())
    found = as_edtf(vague["rest"], is_date) if vague else None
    if not found:
        return None
    # Said roughly of a date already uncertain ('around 2024?'): approximate and uncertain, %.
    roughly = found.rstrip("~?%") + ("%" if found[-1] in "?%" else "~")
    return roughly if is_date(roughly) else None


def unreadable(text: str, is_date: IsDate, words: Words) -> tuple[str, str]:
    """The message and hint for a date that does not match EDTF, as specific as the text allows."""
    def edtf(part: str) -> str | None:
        return as_edtf(part, is_date) or _roughly(part, is_date)

    if text[:1] in _CURLY or text[-1:] in _CURLY:
        inner = text.strip(_CURLY + " ")
        return (f"'{text}' is in curly quotes, which are kept as part of the date",
                f"write it without them: {inner if is_date(inner) else edtf(inner)}"
                if is_date(inner) or edtf(inner) else DATE_HINT)
    if _OUT_OF_RANGE_YEAR.match(text):
        return f"'{text}': years before 1 and 'Y' years are not supported", YEAR_RANGE_HINT
    if re.fullmatch(r"\d{4}(?:-\d\d){0,2}S\d+", text):
        return (f"'{text}': significant digits (S) are EDTF level 2, which is not supported",
                f"write unknown digits as X ({text[:2]}XX) or the year as approximate ({text[:4]}~)")
    years = re.fullmatch(r"(\d{4})-(\d{4})", text)  # 2024-2025
    if years and years[1] < years[2]:
        return f"'{text}' is not a date I can read", f"write an interval with '/': {years[1]}/{years[2]}"
    joined = _RANGE.fullmatch(text)
    if joined and edtf(joined["a"]) and edtf(joined["b"]):
        return (f"'{text}' is not a date I can read",
                f"write an interval with '/': {edtf(joined['a'])}/{edtf(joined['b'])}")
    spaced = _SPACED_QUALIFIER.fullmatch(text)  # '2024-10-05 ~', which reads like a time of day
    if spaced and edtf(spaced["date"]):
        return (f"'{text}': the {spaced['q']} goes right after the date, with no space",
                f"write {edtf(spaced['date'])}{spaced['q']}")
    loose = _LOOSE_TIME.fullmatch(text)
    if loose and is_date(loose["date"]):
        rest = loose["rest"]
        example = loose["date"] + "T" + (rest + ":00" if re.fullmatch(r"\d\d:\d\d", rest) else "09:30:00")
        example = example if is_date(example) else loose["date"] + "T09:30:00"
        return (f"'{text}': times of day are not supported in this form",
                f"write hours, minutes and seconds after a T, like {example} (with Z or +01:00 at the end "
                "for a time zone), or only the date part")
    leading = _LEADING_QUALIFIER.fullmatch(text)
    if leading and edtf(leading["rest"]):
        return (f"'{text}': in EDTF, {leading['q']} comes after the date",
                f"write {edtf(leading['rest'])}{leading['q']}")
    roughly = _roughly(text, is_date)
    if roughly:  # its reading shows what the ~ says
        return f"'{text}' is not a date I can read", f'write {roughly} ("{words(roughly)}")'
    found = edtf(text)
    return f"'{text}' is not a date I can read", _write(found) if found else DATE_HINT
