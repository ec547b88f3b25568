"""Disputed figures: claims grouped by measure, and a small inline SVG chart of them over time.

The chart is drawn at build time as SVG (no chart library in the reader's browser): it prints
cleanly, follows light and dark mode through CSS classes, and carries a text alternative.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from markupsafe import Markup, escape

from generator.model.contract import Actor, Figure
from generator.model.figures import Measure, figure_value, format_number

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 56, 16, 34
# Eight claimant colours that stay apart for common colour-vision deficiencies (Okabe–Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


def _bounds(figure: Figure) -> tuple[float, float]:
    value = figure.value
    return (float(value[0]), float(value[1])) if isinstance(value, tuple) else (float(value), float(value))


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def chart(measure: Measure, actors: Mapping[str, Actor], id_prefix: str = "", css: str = "") -> Markup:
    """An SVG chart of a measure's claims over time, one point per claim, coloured by claimant.

    id_prefix goes before the chart's ids (a PDF joins several briefings in one document); css is
    put inside the <svg>, for renderers that do not apply the page's stylesheets to it.
    """
    figures = measure.figures
    if len(figures) < 2:
        return Markup("")
    dated = [f.as_of for f in figures if f.as_of]
    first = min(d.lower for d in dated) if dated else dt.date(2000, 1, 1)
    last = max(d.upper for d in dated) if dated else first
    span = max((last - first).days, 1)
    undated_x = WIDTH - RIGHT + 30
    top_value = _nice_max(max(_bounds(f)[1] for f in figures))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(day: dt.date) -> float:
        return LEFT + plot_w / 2 if first == last else LEFT + (day - first).days / span * plot_w

    def x_of(figure: Figure) -> float:
        # A fuzzy date sits at the middle of the days it may mean, with a whisker across them.
        if not figure.as_of:
            return undated_x
        return (x_at(figure.as_of.lower) + x_at(figure.as_of.upper)) / 2

    def y_of(value: float) -> float:
        return TOP + plot_h - value / top_value * plot_h

    claimants: list[str] = []
    for figure in figures:
        name = _claimant(figure, actors)
        if name not in claimants:
            claimants.append(name)
    named = [name for name in claimants if name != "Unattributed"]
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(named)}
    colour["Unattributed"] = "#8a8a8a"  # always grey: no claimant, so no claimant colour
    title_id = f"{id_prefix}chart-{measure.key}-title"
    desc_id = f"{id_prefix}chart-{measure.key}-desc"
    out = [f'<svg class="figure-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">']
    if css:
        out.append(f"<style>{css}</style>")
    out.append(f'<title id="{title_id}">{escape(measure.label)}: claims over time</title>')
    described = []
    for figure in figures:
        who = _claimant(figure, actors)
        when = figure.as_of.words() if figure.as_of else "undated"
        described.append(f"{figure_value(figure)} ({who}, {when})")
    out.append(f'<desc id="{desc_id}">{escape("; ".join(described))}.</desc>')
    # Whole-number gridlines where the scale allows: 0, 10, 20 … rather than 0, 12.5, 25 ….
    steps = next((n for n in (4, 5, 2) if (top_value / n).is_integer()), 4)
    for tick in range(steps + 1):
        value = top_value * tick / steps
        y = y_of(value)
        out.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="chart-label" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{format_number(value)}</text>")
    if dated:
        out.append(f'<text class="chart-label" x="{LEFT}" y="{HEIGHT - 10}">{escape(_short(first))}</text>')
        if last != first:
            out.append(f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{HEIGHT - 10}" text-anchor="end">'
                       f"{escape(_short(last))}</text>")
    if len(dated) < len(figures):
        out.append(f'<text class="chart-label" x="{undated_x}" y="{HEIGHT - 10}" text-anchor="middle">undated</text>')
    taken: dict[tuple[int, int], int] = {}
    for figure in figures:
        name = _claimant(figure, actors)
        low, high = _bounds(figure)
        x = x_of(figure)
        # Claims at the same place are set side by side rather than drawn on top of each other.
        spot = (round(x), round(y_of((low + high) / 2)))
        x += 9 * taken.get(spot, 0)
        taken[spot] = taken.get(spot, 0) + 1
        label = escape(f"{figure_value(figure)} — {name}")
        out.append(f'<g class="chart-point" data-figure="{figure.id}"><title>{label}</title>')
        if figure.as_of and figure.as_of.upper > figure.as_of.lower:
            y_mid = y_of((low + high) / 2)
            out.append(f'<line class="chart-whisker" x1="{x_at(figure.as_of.lower):.1f}" '
                       f'x2="{x_at(figure.as_of.upper):.1f}" y1="{y_mid:.1f}" y2="{y_mid:.1f}" '
                       f'stroke="{colour[name]}" stroke-width="1.5" stroke-dasharray="3 2"/>')
        if high > low:
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y_of(low):.1f}" y2="{y_of(high):.1f}" '
                       f'stroke="{colour[name]}" stroke-width="4" stroke-linecap="round"/>')
        hollow = ' fill-opacity="0.25"' if figure.approximate else ""
        out.append(f'<circle cx="{x:.1f}" cy="{y_of((low + high) / 2):.1f}" r="5" fill="{colour[name]}"'
                   f'{hollow} stroke="{colour[name]}" stroke-width="2"/></g>')
    out.append("</svg>")
    # The legend is HTML, not SVG text: it wraps on a phone and long names stay whole.
    out.append('<ul class="chart-legend">')
    for name in claimants:
        out.append(f'<li><span class="chart-swatch" style="background:{colour[name]}"></span>{escape(name)}</li>')
    out.append("</ul>")
    return Markup("".join(out))


def _claimant(figure: Figure, actors: Mapping[str, Actor]) -> str:
    actor = actors.get(figure.claimed_by) if figure.claimed_by else None
    return actor.name if actor else "Unattributed"


def _short(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


