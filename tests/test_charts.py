"""The figure chart's geometry: ranges as bars, forecasts apart, one colour per claimant, refers_to on the x axis."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.model.contract import Actor, Figure
from generator.model.figures import CLAIMANT_SLOTS, claimant_slots, measures
from generator.render import chart_layout, charts

ACTORS = {a: Actor(id=a, name=a.title()) for a in ("kyiv", "moscow", "pentagon", "nato")}
CSS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "briefing.css"


def fig(id: str, value: Any, claimed_by: str | None = "kyiv", **extra: Any) -> Figure:
    return Figure.model_validate({"id": id, "measure": "troops", "label": "Troops", "value": value,
                                  "claimed_by": claimed_by, "as_of": "2024-10-28", **extra})


def draw(*figures: Figure, slots: dict[str, int] | None = None) -> str:
    return str(charts.chart(measures(list(figures))[0], ACTORS, slots))


def point(svg: str, figure_id: str) -> str:
    found = re.search(rf'<a class="chart-point [^"]*" href="#{figure_id}".*?</a>', svg)
    assert found, f"no point for {figure_id}"
    return found.group(0)


def test_a_range_is_a_bar_from_low_to_high_with_no_point_between() -> None:
    svg = draw(fig("a", [30, 40]), fig("b", 35, "moscow"))
    bar = point(svg, "a")
    assert 'class="chart-mark chart-range"' in bar
    assert "<circle class=\"chart-mark" not in bar and "<rect class=\"chart-mark" not in bar
    ys = [float(y) for y in re.findall(r"V([\d.]+)", bar)] + [float(y) for y in re.findall(r"M[\d.]+ ([\d.]+)h", bar)]
    assert len(set(ys)) == 2, "the bar runs between two heights, 30 and 40"
    assert "Bar: a range" in svg
    assert "stroke-opacity" not in bar  # an exact range is drawn full


def test_an_approximate_range_is_pale_as_an_approximate_point_is() -> None:
    svg = draw(fig("a", [30, 40], approximate=True), fig("b", 35, "moscow"))
    assert 'stroke-opacity="0.45"' in point(svg, "a")
    assert 'Pale: approximate ("c.")' in svg


def test_projections_and_expectations_are_drawn_apart_and_named() -> None:
    svg = draw(fig("count", 10000, kind="count"), fig("soon", 12000, "moscow", kind="expectation"),
               fig("model", 15000, "nato", kind="projection"))
    assert "chart-solid" in point(svg, "count") and "chart-forecast" not in point(svg, "count")
    for figure_id in ("soon", "model"):
        assert "chart-forecast" in point(svg, figure_id) and "stroke-dasharray" in point(svg, figure_id)
    assert 'aria-label="12,000, expected, claimed by Moscow' in point(svg, "soon")
    assert "Hollow, dashed: expected or projected" in svg


def test_a_claimant_keeps_one_colour_and_shape_on_every_chart() -> None:
    first = [fig("a1", 1, "kyiv"), fig("a2", 2, "moscow")]
    second = [fig("b1", 1, "pentagon"), fig("b2", 2, "nato"), fig("b3", 3, "moscow")]
    slots = claimant_slots([first, second])
    colour = {}
    for figures in (first, second):
        svg = draw(*figures, slots=slots)
        for figure in figures:
            found = re.search(r'claimant-(\d)"[^>]*>.*?stroke="(#[0-9A-F]{6})"', point(svg, figure.id))
            assert found
            colour.setdefault(figure.claimed_by, set()).add(found.groups())
    assert all(len(seen) == 1 for seen in colour.values()), colour
    on_second = [next(iter(colour[c])) for c in ("pentagon", "nato", "moscow")]
    assert len(set(on_second)) == 3, "claimants on one chart never share a colour"


def test_claimant_slots_are_stable_when_a_later_briefing_adds_claimants() -> None:
    first = [fig("a1", 1, "kyiv"), fig("a2", 2, "moscow")]
    before = claimant_slots([first])
    after = claimant_slots([first, [fig("b1", 1, "moscow"), fig("b2", 1, "nato"), fig("b3", 1, "pentagon")]])
    assert {k: after[k] for k in before} == before
    assert len({after["moscow"], after["nato"], after["pentagon"]}) == 3
    assert max(after.values()) < CLAIMANT_SLOTS


def test_unattributed_claims_are_grey() -> None:
    svg = draw(fig("a", 1), fig("b", 2, None))
    assert "claimant-none" in point(svg, "b") and charts.UNATTRIBUTED.light in point(svg, "b")


def _x(svg: str, figure_id: str) -> float:
    found = re.search(r'class="chart-hit" (?:cx|x)="([-\d.]+)"', point(svg, figure_id))
    assert found
    return float(found.group(1))


def test_the_x_axis_plots_the_date_a_figure_refers_to() -> None:
    # Three counts of one day's march, claimed over a month: they line up on the day, side by side.
    svg = draw(fig("a", 25000, as_of="2023-06-24", refers_to="2023-06-24"),
               fig("b", 8000, "moscow", as_of="2023-07-10", refers_to="2023-06-24"),
               fig("c", 25000, "nato", as_of="2023-07-20", refers_to="2023-06-24"))
    xs = [_x(svg, i) for i in "abc"]
    assert xs[1] in (xs[0], xs[2]), "the same day, at different values: one column"
    assert abs(xs[2] - xs[0]) >= chart_layout.SEPARATION, "the same day and value: set side by side"
    labels = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert "Date the figures refer to" in labels and "24 Jun" in labels and not any("Jul" in t for t in labels)
    assert "for 24 June 2023, claimed by Moscow, 10 July 2023" in point(svg, "b")


def test_without_refers_to_the_x_axis_is_the_claim_date_with_dates_between_the_ends() -> None:
    svg = draw(fig("a", 1, as_of="2024-01-05"), fig("b", 2, "moscow", as_of="2024-06-20"))
    assert "Date claimed" in svg
    labels = re.findall(r'text-anchor="middle">([^<]+)</text>', svg)
    assert {"Feb", "Mar", "Apr", "May", "Jun"} & set(labels), labels
    assert _x(svg, "a") < _x(svg, "b")


def test_every_label_fits_the_view_box_by_its_measured_width() -> None:
    svg = draw(fig("a", 600000, as_of="2022-02-24"), fig("b", [150000, 300000], "moscow", as_of="2024-10-28"),
               fig("c", 1, "nato"), fig("d", 2, "pentagon", as_of=None))
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    for attributes, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg):
        x = float(re.search(r'x="([\d.]+)"', attributes).group(1))  # type: ignore[union-attr]
        anchor = re.search(r'text-anchor="(\w+)"', attributes)
        w = charts.text_width(text)
        left = x - {"end": w, "middle": w / 2}.get(anchor.group(1) if anchor else "start", 0)
        assert left >= 0 and left + w <= width, f"{text!r} runs out of the chart"


def test_dark_mode_colours_in_the_stylesheet_match_the_slots() -> None:
    css = CSS.read_text(encoding="utf-8")
    for number, slot in enumerate(charts.SLOTS):
        rule = f".claimant-{number} :is(.chart-mark, .chart-whisker) {{ fill: {slot.dark}; stroke: {slot.dark}; }}"
        assert rule in css


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_claimant_colours_keep_3_to_1_against_light_and_dark_pages() -> None:
    for slot in (*charts.SLOTS, charts.UNATTRIBUTED):
        assert _contrast(slot.light, "#FFFFFF") >= 3, slot
        assert _contrast(slot.dark, "#1E2129") >= 3, slot  # Material's slate background


def test_the_key_names_a_rough_date_by_one_the_chart_shows() -> None:
    """The dashed line's key gave 'c. October' whatever month a chart's rough date was."""
    svg = draw(fig("a", 100, as_of="2023-03~"), fig("b", 120, "moscow", as_of="2023-05-02"))
    assert "Dashed line: the days a date such as \u201cc. March 2023\u201d may mean" in svg, svg[-400:]
    assert "October" not in svg
    assert "Dashed line" not in draw(fig("a", 100), fig("b", 120, "moscow", as_of="2023-05-02"))


def _crowded(claimants: tuple[str, ...] = ("kyiv", "moscow", "nato")) -> list[Figure]:
    """45 claims of one measure over 1–28 January, from three claimants: the reviewer's outage hours."""
    return [fig(f"o{n}", 10 + n % 4 / 2, claimants[n % len(claimants)], measure="outage-hours",
                label="Outage hours", as_of=f"2025-01-{1 + n * 28 // 45:02d}") for n in range(45)]


def _plot(svg: str) -> tuple[float, float]:
    """The plot's left and right edges: where its gridlines run."""
    found = re.search(r'class="chart-grid" x1="([\d.]+)" x2="([\d.]+)"', svg)
    assert found
    return float(found.group(1)), float(found.group(2))


def _date_x(svg: str) -> dict[int, float]:
    """The x of each day of January 2025, from the ticks the chart labels ('1 Jan', '8 Jan' …)."""
    ticks = [(int(day), float(x)) for x, day in
             re.findall(r'class="chart-tick" x1="([\d.]+)"[^>]*/><text [^>]*>(\d+) Jan</text>', svg)]
    assert len(ticks) >= 2, ticks
    (d0, x0), (d1, x1) = ticks[0], ticks[-1]
    return {day: x0 + (day - d0) * (x1 - x0) / (d1 - d0) for day in range(1, 32)}


def test_crowded_points_stay_inside_the_plot_and_next_to_their_own_dates() -> None:
    """45 claims over 28 days were pushed 34 units apart, up to 20 times: left of the axis, past the last date."""
    figures = _crowded()
    svg = draw(*figures)
    left, right = _plot(svg)
    at = _date_x(svg)
    dates = sorted({at[int(str(f.as_of)[-2:])] for f in figures})
    for figure in figures:
        x, home = _x(svg, figure.id), at[int(str(figure.as_of)[-2:])]
        assert left + 6 <= x <= right - 6, f"{figure.id} at {x}, outside the plot {left}..{right}"
        gap = min(abs(home - d) for d in dates if abs(home - d) > 0.5)
        # The bound: never so far towards the next date that its mark would cover that date's column.
        bound = min(chart_layout.SEPARATION, max(0.0, gap / 2 - chart_layout.MARK / 2))
        assert abs(x - home) <= bound + 0.15, f"{figure.id} drawn {x - home:+.1f} from its date (bound {bound:.1f})"
    assert len(re.findall(r'<a class="chart-point', svg)) == 45, "every claim is drawn"


def test_claims_drawn_on_top_of_each_other_are_counted_and_keep_their_links() -> None:
    figures = [*_crowded(("kyiv", "moscow")),
               *(fig(f"same{n}", 3, "nato", measure="outage-hours", label="Outage hours", as_of="2025-01-15")
                 for n in range(3))]
    svg = draw(*figures)
    xs = {_x(svg, f"same{n}") for n in range(3)}
    assert len(xs) == 1, "one day, one value, no room to set them apart: one place"
    counts = re.findall(r'<text class="chart-label chart-count" x="([\d.]+)"[^>]*aria-hidden="true"[^>]*>×(\d+)</text>',
                        svg)
    assert ("3" in [n for _, n in counts]), counts
    boxes = [(float(x), float(y), charts.text_width(t) / 2) for x, y, t in
             re.findall(r'<text class="chart-label chart-count" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)</text>', svg)]
    assert len(boxes) > 1, "piles of this chart's own claims are counted too"
    assert "<li>×2, ×3 …: claims drawn over each other, the table lists each</li>" in svg, "the key says"
    for n, (x, y, half) in enumerate(boxes):
        for x2, y2, half2 in boxes[:n]:
            assert abs(x - x2) >= half + half2 or abs(y - y2) >= charts.FONT, "counts written over each other"
    for n in range(3):
        drawn = point(svg, f"same{n}")
        assert "<title>3, claimed by Nato, 15 January 2025</title>" in drawn and 'href="#same' in drawn


def test_undated_claims_stay_in_their_column_right_of_the_plot() -> None:
    figures = [fig("a", 5, as_of="2025-01-01"), fig("b", 6, "moscow", as_of="2025-01-28"),
               *(fig(f"u{n}", 5, ("kyiv", "nato")[n % 2], as_of=None) for n in range(6))]
    svg = draw(*figures)
    _, right = _plot(svg)
    for n in range(6):
        assert right + 6 <= _x(svg, f"u{n}") <= charts.WIDTH - 6, (n, _x(svg, f"u{n}"))


def test_points_of_one_day_are_set_apart_as_before_when_there_is_room() -> None:
    svg = draw(fig("a", 5, as_of="2025-03-01"), fig("b", 5, "moscow", as_of="2025-03-01"),
               fig("c", 5, "nato", as_of="2025-03-01"), fig("d", 9, "nato", as_of="2025-01-01"),
               fig("e", 9, "nato", as_of="2025-06-01"))
    xs = sorted(_x(svg, i) for i in "abc")
    assert xs[1] - xs[0] >= chart_layout.SEPARATION and xs[2] - xs[1] >= chart_layout.SEPARATION
    assert "chart-count" not in svg and "drawn over each other" not in svg
