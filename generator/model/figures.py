"""Disputed figures as data: claims grouped by measure, and how a claimed value reads."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.model.contract import Figure


@dataclass
class Measure:
    """The claims about one quantity, newest first, for a side-by-side table and a chart."""

    key: str
    label: str
    figures: list[Figure] = field(default_factory=list)


def measures(figures: Sequence[Figure]) -> list[Measure]:
    """Group figures by measure (in order of first appearance), newest claim first."""
    grouped: dict[str, Measure] = {}
    for figure in figures:
        measure = grouped.setdefault(figure.measure, Measure(figure.measure, ""))
        measure.figures.append(figure)
        if figure.label and not measure.label:
            measure.label = figure.label
    for measure in grouped.values():
        measure.label = measure.label or measure.key.replace("-", " ").capitalize()
        # Newest first; claims without a date last; the order written breaks ties.
        measure.figures.sort(key=lambda f: -f.as_of.lower.toordinal() if f.as_of else math.inf)
    return list(grouped.values())


def figure_value(figure: Figure) -> str:
    """'c. 12,000' or '10,000–12,000'."""
    value = figure.value
    text = (f"{format_number(value[0])}–{format_number(value[1])}"
            if isinstance(value, tuple) else format_number(value))
    return f"c. {text}" if figure.approximate else text



def format_number(value: float) -> str:
    """12000 → '12,000'; 2.5 → '2.5'."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    return f"{int(value):,}"
