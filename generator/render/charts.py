"""Disputed figures: a small inline SVG chart of a measure's claims, drawn at build time.

The chart is SVG written here (no chart library in the reader's browser): it prints cleanly,
follows light and dark mode through CSS classes, and carries a text alternative. It is drawn in
a narrow viewBox that the page scales to its width, so every margin is computed from the length
of the labels it holds at the largest size the stylesheets give them (a phone's), and every point
is a link to its row of the table, with an accessible name and a target large enough to tap.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.model.contract import Actor, Figure
from generator.model.figures import FORECASTS, KIND_WORDS, Measure, day_span, figure_value, format_number, plotted_date
from generator.render import chart_layout

WIDTH = 400
FONT = 15  # label size in chart units at its largest (briefing.css on a phone): margins are made for it
LINE = FONT * 1.3
PLOT_HEIGHT = 150
INSET = 22  # room between the axes and the first and last dates, so no point sits on a label
HIT = 17  # radius of a point's target: 34 units are 24 CSS px on a 320 px phone (see test_chart.py)


@dataclass(frozen=True)
class Slot:
    """How one claimant is drawn: a colour for light pages (and print), one for dark, and a shape."""

    light: str
    dark: str
    shape: str


# Okabe–Ito hues, which stay apart for common colour-vision deficiencies, each darkened or
# lightened where needed to keep 3:1 against the page (white, and Material's dark slate); each
# with its own shape as well, so no claimant is told apart by colour alone.
SLOTS = (
    Slot("#0072B2", "#4FA3E0", "circle"),
    Slot("#C24F00", "#E8803A", "square"),
    Slot("#00855F", "#2FC79A", "diamond"),
    Slot("#B2478A", "#E391C3", "triangle"),
    Slot("#A86A00", "#E69F00", "triangle-down"),
    Slot("#2F7FB5", "#9CCFF2", "square"),
    Slot("#333333", "#E0E0E0", "diamond"),
    Slot("#8A7A00", "#F0E442", "circle"),
)
UNATTRIBUTED = Slot("#6E6E6E", "#9A9A9A", "circle")  # always grey: no claimant, so no claimant colour

# Widths of characters in em, of DejaVu Sans (the widest common sans-serif) rounded up, so that a
# label measured here is never wider on screen than the room made for it.
_NARROW, _WIDE = set("il.,:;'|!()[] ftjrI1"), set("mwMW@%—")


def text_width(text: str, size: float = FONT) -> float:
    """The width of a line of label text in chart units, at most."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.4
        elif char in _WIDE:
            em += 1.0
        elif char.isupper() or char.isdigit() or not char.isascii():
            em += 0.75
        else:
            em += 0.64
    return em * size


def wrap(text: str, width: float) -> list[str]:
    """text broken into lines no wider than width (a word longer than that gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


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


def _steps(top: float) -> int:
    """How many gridlines up to top: round steps (0, 100, 200 …) before whole ones (0, 125, 250 …)."""
    def mantissa(step: float) -> float:
        return round(step / 10.0 ** math.floor(math.log10(step)), 6)

    return next((n for n in (5, 4, 2) if mantissa(top / n) in (1, 2, 5)),
                next((n for n in (4, 5, 2) if (top / n).is_integer()), 4))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def date_ticks(first: dt.date, last: dt.date, room: float) -> list[tuple[dt.date, str, str]]:
    """Round dates from first to last, as many as fit in room units: (day, label, year line or '')."""
    candidates: list[tuple[str, int]] = [("day", n) for n in (1, 2, 7, 14)]
    candidates += [("month", n) for n in (1, 2, 3, 6)] + [("year", n) for n in (1, 2, 5, 10, 20, 50, 100)]
    ticks: list[tuple[dt.date, str, str]] = []
    for unit, step in candidates:
        days = _stepped(first, last, unit, step)
        ticks = _labelled(days, unit)
        widest = max((text_width(label) for _, label, _ in ticks), default=0)
        if len(ticks) <= max(1, room // (widest + FONT)):
            break
    return ticks


def _stepped(first: dt.date, last: dt.date, unit: str, step: int) -> list[dt.date]:
    if unit == "day":
        return [first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1, step)]
    if unit == "month":
        day = first if first.day == 1 else _add_months(first, 1)
        day = _add_months(day, -(day.month - 1) % step)
        out = []
        while day <= last:
            if day >= first:
                out.append(day)
            day = _add_months(day, step)
        return out
    year = first.year + (-first.year) % step
    if dt.date(year, 1, 1) < first:
        year += step
    return [dt.date(y, 1, 1) for y in range(year, last.year + 1, step) if y <= 9999]


def _labelled(days: list[dt.date], unit: str) -> list[tuple[dt.date, str, str]]:
    out, shown_year = [], 0
    for day in days:
        label = str(day.year) if unit == "year" else day.strftime("%b") if unit == "month" else \
            f"{day.day} {day.strftime('%b')}"
        year = str(day.year) if unit != "year" and day.year != shown_year else ""
        shown_year = day.year
        out.append((day, label, year))
    return out


def claimant_name(figure: Figure, actors: Mapping[str, Actor]) -> str:
    """The claimant's name, or 'Unattributed'."""
    actor = actors.get(figure.claimed_by) if figure.claimed_by else None
    return actor.name if actor else "Unattributed"


def point_name(figure: Figure, actors: Mapping[str, Actor], unit: str = "") -> str:
    """What a point says to a screen reader: '12,000 soldiers, expected, claimed by X, 28 October 2024'."""
    parts = [f"{figure_value(figure)} {unit}".strip()]
    if figure.kind in FORECASTS:
        parts.append(KIND_WORDS[figure.kind])
    if figure.refers_to:
        parts.append(f"for {figure.refers_to.words()}")
    who = claimant_name(figure, actors)
    claimed = "unattributed" if who == "Unattributed" else f"claimed by {who}"
    parts.append(f"{claimed}, {figure.as_of.words()}" if figure.as_of else claimed)
    return ", ".join(parts)


def axis_titles(measure: Measure) -> tuple[str, str]:
    """The value axis's title (measure and unit) and the date axis's (what the dates are)."""
    value = measure.titled
    referred = [f.refers_to is not None for f in measure.figures if plotted_date(f)]
    date = ("Date the figures refer to" if referred and all(referred) else
            "Date referred to, else date claimed" if any(referred) else "Date claimed")
    return value, date


def chart(measure: Measure, actors: Mapping[str, Actor], slots: Mapping[str, int] | None = None,
          id_prefix: str = "", css: str = "") -> Markup:
    """An SVG chart of a measure's claims by date, and its key, coloured by claimant as on every chart.

    slots are the site's claimant slots (Site.claimant_slots); id_prefix goes before the chart's
    ids and links (a PDF joins several briefings in one document); css is put inside the <svg>,
    for renderers that do not apply the page's stylesheets to it.
    """
    figures = measure.figures
    if len(figures) < 2:
        return Markup("")
    slots = slots or {}
    value_title, date_title = axis_titles(measure)
    spans = [day_span(d) for f in figures if (d := plotted_date(f))]
    first = min((low for low, _ in spans), default=dt.date(2000, 1, 1))
    last = max((high for _, high in spans), default=first)
    top_value = _nice_max(max(_bounds(f)[1] for f in figures))
    steps = _steps(top_value)
    values = [top_value * tick / steps for tick in range(steps + 1)]

    # Margins from what they hold: the widest value label on the left, the wrapped title on top.
    left = max(text_width(format_number(v)) for v in values) + 10
    undated = len(spans) < len(figures)
    right = 8 + (text_width("undated") + 8 if undated else 0)
    title_lines = wrap(value_title, WIDTH - 8)
    top = len(title_lines) * LINE + 12
    plot_left, plot_right = left, WIDTH - right
    x_first, x_last = plot_left + INSET, plot_right - INSET
    ticks = date_ticks(first, last, x_last - x_first) if spans else []
    two_line = any(year for _, _, year in ticks)
    bottom = 8 + LINE * (2 if two_line else 1) + LINE + 6
    height = round(top + PLOT_HEIGHT + bottom)
    span = max((last - first).days, 1)

    def x_at(day: dt.date) -> float:
        return (x_first + x_last) / 2 if first == last else x_first + (day - first).days / span * (x_last - x_first)

    def y_of(value: float) -> float:
        return top + PLOT_HEIGHT - value / top_value * PLOT_HEIGHT

    title_id = f"{id_prefix}chart-{measure.key}-title"
    desc_id = f"{id_prefix}chart-{measure.key}-desc"
    # A document, not an image: its points are links that a screen reader and a keyboard must reach
    # ('group' would say the same, but HTML allows an <svg> no such role: the Nu checker refuses it).
    out = [f'<svg class="figure-chart" viewBox="0 0 {WIDTH} {height}" role="document" '
           f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg">']
    if css:
        out.append(f"<style>{css}</style>")
    out.append(f'<title id="{title_id}">{escape(measure.label)}: the claims compared</title>')
    described = "; ".join(point_name(f, actors, measure.unit) for f in figures)
    out.append(f'<desc id="{desc_id}">{escape(described)}.</desc>')
    for number, line in enumerate(title_lines):
        out.append(f'<text class="chart-label chart-axis-title" x="2" y="{FONT + number * LINE:.1f}">'
                   f"{escape(line)}</text>")
    for value in values:
        y = y_of(value)
        out.append(f'<line class="chart-grid" x1="{plot_left:.1f}" x2="{plot_right:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="chart-label" x="{plot_left - 6:.1f}" y="{y + FONT * 0.35:.1f}" '
                   f'text-anchor="end">{format_number(value)}</text>')
    base = top + PLOT_HEIGHT
    for day, label, year in ticks:
        x = x_at(day)
        out.append(f'<line class="chart-tick" x1="{x:.1f}" x2="{x:.1f}" y1="{base:.1f}" y2="{base + 5:.1f}"/>')
        for row, text in enumerate((label, year)):
            if text:
                half = text_width(text) / 2
                at = min(max(x, half + 2), WIDTH - half - 2)
                out.append(f'<text class="chart-label" x="{at:.1f}" y="{base + 6 + FONT + row * LINE:.1f}" '
                           f'text-anchor="middle">{text}</text>')
    if undated:
        out.append(f'<text class="chart-label" x="{WIDTH - 4}" y="{base + 6 + FONT:.1f}" text-anchor="end">'
                   "undated</text>")
    out.append(f'<text class="chart-label chart-axis-title" x="{WIDTH - 2}" y="{height - 6:.1f}" '
               f'text-anchor="end">{escape(date_title)}</text>')

    points, drawn = [], []
    for figure in figures:
        low, high = _bounds(figure)
        date = plotted_date(figure)
        days = day_span(date) if date else None
        centre = (x_at(days[0]) + x_at(days[1])) / 2 if days else WIDTH - right / 2 - 4
        # A mark stays whole inside its area: the plot, or the undated column right of it.
        area = (plot_left + 9, plot_right - 9) if days else (plot_right + 9, WIDTH - 9)
        points.append(chart_layout.Point(centre, y_of(high) - 6, y_of(low) + 6, area))
        drawn.append((figure, low, high, days))
    xs = chart_layout.place(points)
    for x, (figure, low, high, days) in zip(xs, drawn, strict=True):
        out.append(_point(figure, actors, slots, measure.unit, id_prefix, x, y_of(low), y_of(high),
                          [x_at(d) for d in days] if days and days[1] > days[0] else []))
    counts = _counts(points, xs, (top, base))
    out.extend(counts)
    out.append("</svg>")
    out.append(_key(figures, actors, slots, piled=bool(counts)))
    return Markup("".join(out))


def _counts(points: list[chart_layout.Point], xs: list[float], plot: tuple[float, float]) -> list[str]:
    """How many claims each pile of points holds (one can hide another), above it or below, clear of other counts."""
    out: list[str] = []
    taken: list[tuple[float, float, float]] = []  # each count's middle, half width and baseline
    for pile in chart_layout.piles(points, xs):
        text = f"\u00d7{len(pile)}"
        half = text_width(text) * 1.1 / 2 + 2  # bold, and a little room either side
        x = min(max(sum(xs[i] for i in pile) / len(pile), half + 2), WIDTH - half - 2)
        above, below = min(points[i].top for i in pile) - 3, max(points[i].bottom for i in pile) + FONT
        heights = [y for y in (above, below, above - LINE, below + LINE) if plot[0] <= y - FONT and y <= plot[1]]
        y = next((y for y in heights if all(abs(x - tx) >= half + th or abs(y - ty) >= FONT for tx, th, ty in taken)),
                 heights[0] if heights else below)
        taken.append((x, half, y))
        # Hidden from screen readers, which name every point; and not in the way of a finger or pointer.
        out.append(f'<text class="chart-label chart-count" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                   f'aria-hidden="true" pointer-events="none">{text}</text>')
    return out


def _slot(figure: Figure, slots: Mapping[str, int]) -> tuple[str, Slot]:
    if figure.claimed_by is None:
        return "claimant-none", UNATTRIBUTED
    number = slots.get(figure.claimed_by, sum(map(ord, figure.claimed_by)) % len(SLOTS))
    return f"claimant-{number % len(SLOTS)}", SLOTS[number % len(SLOTS)]


def _point(figure: Figure, actors: Mapping[str, Actor], slots: Mapping[str, int], unit: str, id_prefix: str,
           x: float, y_low: float, y_high: float, whisker: list[float]) -> str:
    """One claim: a marker, or a bar from low to high, in a link to its row of the table."""
    cls, slot = _slot(figure, slots)
    name = escape(point_name(figure, actors, unit))
    forecast = figure.kind in FORECASTS
    style = "chart-forecast" if forecast else "chart-approximate" if figure.approximate else "chart-solid"
    out = [f'<a class="chart-point {cls}" href="#{id_prefix}{figure.id}" aria-label="{name}" '
           f'data-figure="{figure.id}"><title>{name}</title>']
    colour = f'stroke="{slot.light}"'
    if whisker:
        out.append(f'<line class="chart-whisker" x1="{whisker[0]:.1f}" x2="{whisker[1]:.1f}" '
                   f'y1="{(y_low + y_high) / 2:.1f}" y2="{(y_low + y_high) / 2:.1f}" {colour} '
                   'stroke-width="1.5" stroke-dasharray="3 2"/>')
    if y_low - y_high > 1:
        # As its points are drawn: dashed when a forecast, pale when approximate (the legend's "Pale").
        # No marker between its ends: a reader would take it for a value claimed.
        dash = ' stroke-dasharray="5 3"' if forecast else ' stroke-opacity="0.45"' if figure.approximate else ""
        out.append(f'<path class="chart-mark chart-range" d="M{x - 6:.1f} {y_high:.1f}h12M{x:.1f} {y_high:.1f}'
                   f'V{y_low:.1f}M{x - 6:.1f} {y_low:.1f}h12" fill="none" {colour} stroke-width="3"{dash}/>')
        reach = max(y_low - y_high + HIT, 2 * HIT)  # a short bar's target is as large as a point's
        out.append(f'<rect class="chart-hit" x="{x - HIT:.1f}" y="{(y_low + y_high - reach) / 2:.1f}" '
                   f'width="{2 * HIT}" height="{reach:.1f}" fill="transparent"/>')
    else:
        out.append(marker(slot, style, x, y_low))
        out.append(f'<circle class="chart-hit" cx="{x:.1f}" cy="{y_low:.1f}" r="{HIT}" fill="transparent"/>')
    out.append("</a>")
    return "".join(out)


def marker(slot: Slot, style: str, x: float, y: float, size: float = 6) -> str:
    """A claimant's marker: solid (count or estimate), pale (approximate) or hollow and dashed (forecast)."""
    paint = {"chart-solid": f'fill="{slot.light}"', "chart-approximate": f'fill="{slot.light}" fill-opacity="0.35"',
             "chart-forecast": 'fill="#ffffff" stroke-dasharray="2.5 1.5"'}[style]
    attributes = f'class="chart-mark {style}" {paint} stroke="{slot.light}" stroke-width="2"'
    s = size
    if slot.shape == "circle":
        return f'<circle {attributes} cx="{x:.1f}" cy="{y:.1f}" r="{s}"/>'
    if slot.shape == "square":
        return f'<rect {attributes} x="{x - s * 0.9:.1f}" y="{y - s * 0.9:.1f}" width="{s * 1.8:.1f}" ' \
               f'height="{s * 1.8:.1f}"/>'
    corners = {"diamond": [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)],
               "triangle": [(0, -1.3), (1.2, 0.85), (-1.2, 0.85)],
               "triangle-down": [(0, 1.3), (1.2, -0.85), (-1.2, -0.85)]}[slot.shape]
    points = " ".join(f"{x + dx * s:.1f},{y + dy * s:.1f}" for dx, dy in corners)
    return f'<polygon {attributes} points="{points}"/>'


def _swatch(cls: str, slot: Slot, style: str = "chart-solid") -> str:
    return (f'<svg class="chart-swatch {cls}" viewBox="0 0 18 18" aria-hidden="true">'
            f"{marker(slot, style, 9, 9, 5)}</svg>")


def _key(figures: list[Figure], actors: Mapping[str, Actor], slots: Mapping[str, int], piled: bool = False) -> str:
    """The key under the chart, in HTML so it wraps on a phone: each claimant, then each style used."""
    out = ['<figcaption class="chart-key"><ul class="chart-legend">']
    seen: dict[str, tuple[str, Slot]] = {}
    for figure in figures:
        seen.setdefault(claimant_name(figure, actors), _slot(figure, slots))
    for name, (cls, slot) in seen.items():
        out.append(f"<li>{_swatch(cls, slot)}{escape(name)}</li>")
    out.append('</ul><ul class="chart-legend chart-styles">')
    grey = ("claimant-none", UNATTRIBUTED)
    if any(f.kind not in FORECASTS and not f.approximate for f in figures):
        out.append(f"<li>{_swatch(*grey)}Solid: a count or estimate</li>")
    if any(f.approximate and f.kind not in FORECASTS for f in figures):
        out.append(f'<li>{_swatch(*grey, "chart-approximate")}Pale: approximate ("c.")</li>')
    kinds = sorted({KIND_WORDS[f.kind] for f in figures if f.kind in FORECASTS})
    if kinds:
        out.append(f'<li>{_swatch(*grey, "chart-forecast")}Hollow, dashed: {" or ".join(kinds)}, '
                   "not yet counted</li>")
    if any(isinstance(f.value, tuple) for f in figures):
        out.append("<li>Bar: a range, low to high</li>")
    rough = next((d for f in figures if (d := plotted_date(f)) and day_span(d)[1] > day_span(d)[0]), None)
    if rough is not None:  # named by one of its own ('c. October 2024'), not by a month it may not have
        out.append(f"<li>Dashed line: the days a date such as \u201c{escape(rough.words())}\u201d may mean</li>")
    if piled:
        out.append("<li>\u00d72, \u00d73 \u2026: claims drawn over each other, the table lists each</li>")
    out.append("</ul></figcaption>")
    return "".join(out)
