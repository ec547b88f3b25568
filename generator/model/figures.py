"""Disputed figures as data: claims grouped by measure, and how a claimed value reads."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from generator.model.contract import Figure
from generator.model.dates import FuzzyDate

# Kinds of claim about what will be, drawn hollow and dashed apart from counts and estimates.
FORECASTS = frozenset({"projection", "expectation"})
KIND_WORDS = {"count": "count", "estimate": "estimate", "projection": "projected", "expectation": "expected"}
# How many claimant colours (and marker shapes) the charts have: claimants share them site-wide.
CLAIMANT_SLOTS = 8


@dataclass
class Measure:
    """The claims about one quantity, newest first, for a side-by-side table and a chart."""

    key: str
    label: str
    figures: list[Figure] = field(default_factory=list)
    unit: str = ""

    @property
    def titled(self) -> str:
        """Its label with its unit, as a chart's axis and an actor's page name it: 'Troops (soldiers)'."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


def measures(figures: Sequence[Figure]) -> list[Measure]:
    """Group figures by measure (in order of first appearance), newest claim first."""
    grouped: dict[str, Measure] = {}
    for figure in figures:
        measure = grouped.setdefault(figure.measure, Measure(figure.measure, ""))
        measure.figures.append(figure)
        if figure.label and not measure.label:
            measure.label = figure.label
        if figure.unit and not measure.unit:
            measure.unit = figure.unit
    for measure in grouped.values():
        measure.label = measure.label or measure.key.replace("-", " ").capitalize()
        # Newest first; claims without a date last; the order written breaks ties.
        measure.figures.sort(key=lambda f: -f.as_of.lower.toordinal() if f.as_of else math.inf)
    return list(grouped.values())


def plotted_date(figure: Figure) -> FuzzyDate | None:
    """The date a chart puts a figure at: the date it refers to, else the day it was claimed."""
    return figure.refers_to or figure.as_of


def day_span(date: FuzzyDate) -> tuple[dt.date, dt.date]:
    """The first and last day a date may mean; an open interval is taken at its known end."""
    low, high = date.lower, date.upper
    if low == dt.date.min:
        low = high
    if high == dt.date.max:
        high = low
    return low, high


def claimant_slots(figure_lists: Iterable[Sequence[Figure]]) -> dict[str, int]:
    """A colour-and-shape slot for every claimant of the site, so a claimant looks alike on every chart.

    figure_lists are the briefings' figures, in a fixed order. Claimants take slots in order of
    first claim; each takes the first slot no claimant sharing a chart with it holds yet, so adding
    a later claimant never changes an earlier one's. Past CLAIMANT_SLOTS rivals, slots repeat.
    """
    lists = list(figure_lists)
    slots: dict[str, int] = {}
    rivals: dict[str, set[str]] = {}
    for figure_list in lists:
        by_measure: dict[str, set[str]] = {}
        for figure in figure_list:
            if figure.claimed_by:
                by_measure.setdefault(figure.measure, set()).add(figure.claimed_by)
        for claimants in by_measure.values():
            for claimant in claimants:
                rivals.setdefault(claimant, set()).update(claimants - {claimant})
    order = [f.claimed_by for figure_list in lists for f in figure_list if f.claimed_by]
    for claimant in dict.fromkeys(order):
        taken = {slots[r] for r in rivals.get(claimant, ()) if r in slots}
        free = [slot for slot in range(CLAIMANT_SLOTS) if slot not in taken]
        slots[claimant] = free[0] if free else len(slots) % CLAIMANT_SLOTS
    return slots


def figure_value(figure: Figure) -> str:
    """'c. 12,000' or '10,000–12,000'."""
    return "–".join(figure_ends(figure))


def figure_ends(figure: Figure) -> list[str]:
    """The value as figure_value writes it, an end of a range at a time: ['c. 10,000', '12,000']."""
    value = figure.value
    ends = [format_number(v) for v in value] if isinstance(value, tuple) else [format_number(value)]
    return [f"c. {ends[0]}", *ends[1:]] if figure.approximate else ends


def format_number(value: float) -> str:
    """12000 → '12,000'; 2.5 → '2.5'; 0.0000001 → '0.0000001', never '1e-07'."""
    if isinstance(value, float) and not value.is_integer():
        # Its shortest decimal form (repr), written out in full: a reader is not shown an exponent.
        return f"{Decimal(repr(value)):,f}"
    return f"{int(value):,}"
