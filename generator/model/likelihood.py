"""The likelihood scale of assessments: ICD 203's seven bands, their terms and probability ranges."""

from __future__ import annotations

import difflib
from typing import Any, NamedTuple

from pydantic_core import PydanticCustomError


class Band(NamedTuple):
    """One band of the scale: its term, the paired term ICD 203 gives it, and its range in percent."""

    term: str
    paired: str
    low: int
    high: int

    @property
    def range(self) -> str:
        """Its probability range as readers see it: '55–80%'."""
        return f"{self.low}–{self.high}%"


# ICD 203 (Analytic Standards, 2015), section D.6.e.(2)(a): the seven terms, their pairs and ranges.
SCALE = (
    Band("almost no chance", "remote", 1, 5),
    Band("very unlikely", "highly improbable", 5, 20),
    Band("unlikely", "improbable", 20, 45),
    Band("roughly even chance", "roughly even odds", 45, 55),
    Band("likely", "probable", 55, 80),
    Band("very likely", "highly probable", 80, 95),
    Band("almost certain", "nearly certain", 95, 99),
)
BANDS = {name: band for band in SCALE for name in (band.term, band.paired)}
TERMS = tuple(b.term for b in SCALE)


def band(term: str) -> Band:
    """The band of a term of the scale (a main term or its pair)."""
    return BANDS[term]


def check_likelihood(value: Any) -> str:
    """Accept a term of the scale, either of a band's pair, as that band's main term."""
    if not isinstance(value, str):
        raise PydanticCustomError("likelihood_type", "a likelihood must be written as a term of the scale",
                                  {"hint": f"write one of: {', '.join(TERMS)}"})
    # Written exactly, in lowercase, as the editors' JSON Schema lists them.
    if value.strip() in BANDS:
        return BANDS[value.strip()].term
    close = difflib.get_close_matches(" ".join(value.lower().split()), list(BANDS), n=1, cutoff=0.6)
    # The band's main term, which pages show, with the pair matched: 'probably' suggested 'probable', which
    # the list of main terms after it did not hold.
    suggested = "" if not close else (
        f"did you mean '{close[0]}'? " if close[0] in TERMS
        else f"did you mean '{BANDS[close[0]].term}' (or its pair '{close[0]}')? ")
    hint = suggested + "the terms are: " + ", ".join(f"{b.term} (or {b.paired})" for b in SCALE)
    raise PydanticCustomError("likelihood", "'{value}' is not a term of the likelihood scale",
                              {"value": value[:40], "hint": hint})
