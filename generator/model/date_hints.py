"""What a contributor most likely meant by a date that is not EDTF, and how to write it: a message and a hint.

dates.py reads EDTF; this module only explains what it could not read, from the ways dates are
written elsewhere: '28 Oct 2024', '31/12/2024', '2024-10-28 - 2024-10-30', 'c. 2024', '~2024-10',
a date pasted in curly quotes; and from EDTF level 2, which dates.py refuses so as to read nothing the
`edtf` package does not read at level 0 or 1 ('2025-03-1X', '2004?-06-11', '19XX/2004', '2004-21~'):
what level 1 writes instead.
"""

from __future__ import annotations

import calendar
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
ZONE_HINT = "write Z for UTC, or an offset from -12:00 to +14:00 such as +02:00 or -03:30"
OPEN_HINT = ("write the end that is known, as in 2024-10/.. (from October 2024) or ../2024-10 (until October 2024): "
             "a page cannot show an interval with neither")
LEVEL_2 = "EDTF level 2, which is not supported"
QUALIFIED = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}

_OUT_OF_RANGE_YEAR = re.compile(r"Y-?\d|-\d|0000(?![\dX])")
_LOOSE_TIME = re.compile(r"(?P<date>\d{4}-\d\d-\d\d)[T ](?P<rest>.*)")
_EDTF_LIKE = re.compile(r"\d{4}(?:-\d\d){0,2}[~?%]?")
# Two dates joined as prose or with a dash: '2024-10-28 - 2024-10-30', '28 Oct 2024 to 30 Oct 2024'.
_RANGE = re.compile(r"(?P<a>.+?)\s*(?:\s-\s|[\u2013\u2014]|\.\.|\s(?:to|until|till|through)\s)\s*(?P<b>.+)", re.I)
_UNPADDED = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?P<q>[~?%]?)")
_SPACED_QUALIFIER = re.compile(r"(?P<date>\S+)\s+(?P<q>[~?%])")
_LEADING_QUALIFIER = re.compile(r"(?P<q>[~?%])\s*(?P<rest>\S.*)")
# A date said roughly: 'c. 2024', 'around 3 March 2025', 'late March 2025', 'mid-October 2024', 'early 2024'.
_VAGUE = re.compile(r"(?:c\.|ca\.?|circa|about|around|approx\.?|approximately|roughly|early|late|mid|"
                    r"(?:the\s+)?(?:beginning|start|middle|end)\s+of)(?![a-z])[\s-]*(?P<rest>\S.*)", re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})")
# Level 2, which says what level 1 can say another way: '2025-03-1X', '1X32', '2004?-06-11'.
_SOME_X = re.compile(r"(?P<year>[\dX]{4})(?:-(?P<month>[\dX]{2})(?:-(?P<day>[\dX]{2}))?)?(?P<q>[~?%]?)")
_LEVEL_1_X_YEAR = re.compile(r"\d{4}|\d{3}X|\d{2}XX|\dXXX")
_PART_QUALIFIED = re.compile(r"[~?%]?\d{4}[~?%]?(?:-[~?%]?\d\d[~?%]?){0,2}")
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


def qualified_season(text: str, season: str, months: str) -> tuple[str, str]:
    """A season alone with ~, ? or % ('2004-21~', level 2): the season plain, or its months qualified."""
    said = QUALIFIED[text[-1]]
    return (f"'{text}': a season alone cannot be {said} in EDTF level 1",
            f"write {text[:-1]} ({season}) and say in the text that it is {said}, or its months: {months}")


def month_of_some_year(text: str, year: str, words: Words) -> tuple[str, str]:
    """A month or day of a year with unknown digits ('156X-12-25', level 2): the year alone."""
    return (f"'{text}': a year with unknown digits (X) cannot have a month in EDTF level 1",
            f"write {year} ({words(year)}) and give the month or day in the text")


def day_of_some_month(text: str, year: str) -> tuple[str, str]:
    """A day of an unknown month ('1560-XX-25', level 2): the year alone."""
    return (f"'{text}': a day of an unknown month is {LEVEL_2}", f"write {year} and give the day in the text")


def _list_of_dates(text: str, is_date: IsDate) -> tuple[str, str] | None:
    """A list of dates ('[1667, 1670..1672]', '{1960, 1961-12}', level 2): the interval they span."""
    if text[:1] not in ("[", "{"):
        return None
    dates = list(dict.fromkeys(re.findall(r"\d{4}(?:-\d\d){0,2}", text)))
    span = f"{dates[0]}/{dates[-1]}" if len(dates) > 1 else ""
    return (f"'{text}': a list of dates is {LEVEL_2}",
            f"write one date, or the interval the dates span ({span}), and name them in the text"
            if span and is_date(span) else "write one date or an interval, and name the dates in the text")


def _without_x(end: str, latest: bool) -> str:
    """An interval's end without X: 2004-06-XX → 2004-06, 2004-XX → 2004; 19XX → 1900 at the start, 1999 at the end."""
    qualifier = end[-1] if end[-1:] in ("~", "?", "%") else ""
    date = end.removesuffix(qualifier)
    while date.endswith("-XX"):
        date = date[:-3]
    return date.replace("X", "9" if latest else "0") + qualifier


def unknown_digits_in_interval(left: str, right: str, is_date: IsDate) -> tuple[str, str]:
    """An interval with an end such as 19XX or 2004-06-XX (level 2): its ends as years, months or days."""
    suggestion = f"{_without_x(left, False)}/{_without_x(right, True)}"
    return (f"'{left}/{right}': unknown digits (X) in an interval's end are {LEVEL_2}",
            f"write each end without X: {suggestion}" if is_date(suggestion) else DATE_HINT)


def _some_x(text: str, is_date: IsDate, words: Words) -> tuple[str, str] | None:
    """A year, month or day with an unknown digit where level 1 has none: '1X32', '2025-1X', '2025-03-1X'."""
    parts = _SOME_X.fullmatch(text)
    if not parts or "X" not in text:
        return None
    year, month, day, qualifier = parts.group("year", "month", "day", "q")
    if not _LEVEL_1_X_YEAR.fullmatch(year):
        known = year[:year.index("X")]
        if not known:
            return (f"'{text}': a year without its first digit is {LEVEL_2}",
                    "write at least the year's first digit, as in 1XXX, or say in the text that the date is unknown")
        shown = known.ljust(4, "X")
        return (f"'{text}': a year with an unknown digit before a known one is {LEVEL_2}",
                f"write X only at the end of a year: {shown} ({words(shown)})")
    if month and "X" in month and month != "XX":
        unit, partial, whole, top = "month", month, year, 12
    elif day and "X" in day and day != "XX":
        unit, partial, whole = "day", day, f"{year}-{month}"
        known_month = is_date(whole) and "X" not in whole and int(month) <= 12  # not a season (2004-21)
        top = calendar.monthrange(int(year), int(month))[1] if known_month else 31
    else:
        return None
    some = f"{whole}-XX{qualifier}"
    options = [f"{some} (some {unit} of {words(whole)})"] if is_date(some) else []
    if partial[0] != "X":  # '1X': the interval from 10 to 19, as far as the month or the year goes
        low, high = max(int(partial[0] + "0"), 1), min(int(partial[0] + "9"), top)
        interval = f"{whole}-{low:02d}{qualifier}/{whole}-{high:02d}{qualifier}"
        options += [f"the interval {interval}"] if is_date(interval) else []
    return (f"'{text}': a {unit} with an unknown digit ({partial}) is {LEVEL_2}",
            "write " + " or ".join(options) if options else DATE_HINT)


def _part_qualified(text: str, is_date: IsDate) -> tuple[str, str] | None:
    """A qualifier on part of a date ('2004?-06-11', level 2): one at the end, for the whole date."""
    if not _PART_QUALIFIED.fullmatch(text) or not re.search(r"[~?%]", text[1:-1]):
        return None
    signs = set(re.findall(r"[~?%]", text))
    qualifier = "%" if "%" in signs or len(signs) > 1 else signs.pop()
    whole = re.sub(r"[~?%]", "", text) + qualifier
    inner = re.search(r"[~?%]", text[1:-1])
    assert inner is not None
    return (f"'{text}': a {inner[0]} on part of a date is {LEVEL_2}",
            f"write {whole}, which makes the whole date {QUALIFIED[qualifier]}, and say in the text which part is"
            if is_date(whole) else DATE_HINT)


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
    level_2 = _some_x(text, is_date, words) or _part_qualified(text, is_date) or _list_of_dates(text, is_date)
    if level_2:
        return level_2
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
