"""The figure chart in a real browser: no label clipped at 320, 390 or 1280 px, every point reachable by name."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)

# Every text box of each chart against the chart's own box, and each point's target size.
MEASURE_JS = """() => [...document.querySelectorAll('svg.figure-chart')].map((svg, n) => {
  const box = svg.getBoundingClientRect();
  const clipped = [];
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    const out = r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
                r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
    if (out) clipped.push(`chart ${n}: "${t.textContent}" at ${Math.round(r.left - box.left)}..` +
                          `${Math.round(r.right - box.left)} of ${Math.round(box.width)}px`);
  }
  const label = svg.querySelector('.chart-label');
  const px = parseFloat(getComputedStyle(label).fontSize) * box.width / svg.viewBox.baseVal.width;
  const small = [...svg.querySelectorAll('.chart-hit')].map(h => h.getBoundingClientRect())
    .filter(r => r.width < 24 || r.height < 24).map(r => `${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
  return {clipped, px, small};
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_label_is_inside_the_chart_and_legible(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(site.briefing))
    charts = page.evaluate(MEASURE_JS)
    assert charts, "no figure chart on the briefing page"
    problems = [c for chart in charts for c in chart["clipped"]]
    problems += [f"labels are {chart['px']:.1f}px" for chart in charts if chart["px"] < 10]
    problems += [f"point targets of {', '.join(chart['small'])} px (under 24 x 24)"
                 for chart in charts if chart["small"]]
    assert not problems, f"at {width}px:\n" + "\n".join(problems)


def test_chart_points_are_named_links_a_keyboard_reaches(site, page):
    page.goto(site.url(site.briefing))
    points = page.locator("svg.figure-chart .chart-point")
    count = points.count()
    assert count >= 2
    for n in range(count):
        name = points.nth(n).get_attribute("aria-label") or ""
        assert "claimed by" in name or "unattributed" in name, name
    # Tab from the element just before the first chart: each point takes the focus in turn.
    page.locator("svg.figure-chart").first.evaluate(
        "svg => { const b = document.createElement('button'); b.id = 'before-chart'; svg.before(b); }")
    page.focus("#before-chart")
    focused = []
    for _ in range(count):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
    first_chart = page.locator("svg.figure-chart").first.locator(".chart-point")
    expected = [first_chart.nth(n).get_attribute("aria-label") for n in range(first_chart.count())]
    assert focused[:len(expected)] == expected
    # Enter follows the link to the claim's row of the table.
    target = first_chart.first.get_attribute("href")
    first_chart.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    assert page.locator(f"tr{target}").count() == 1


def test_the_chart_accessibility_tree_names_each_point(site, page):
    page.goto(site.url(site.briefing))
    svg = page.locator("svg.figure-chart").first
    tree = svg.aria_snapshot()
    for name in svg.locator(".chart-point").evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))"):
        assert f'link "{name}"' in tree, tree


def _crowd(briefings):
    """valid-minimal with 45 claims of outage hours over 1–28 January from three claimants (issue 3/15)."""
    claimants = ("grid-operator", "energy-ministry", "outage-monitor")
    with (briefings / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.writelines(f"- id: {c}\n  name: {c.replace('-', ' ').capitalize()}\n  kind: organization\n"
                          for c in claimants)
    with (briefings / "alpha" / "figures.yaml").open("a", encoding="utf-8") as figures:
        figures.writelines(f"- id: out-{n}\n  measure: outage-hours\n  label: Outage hours\n  value: {6 + n % 4 / 2}\n"
                           f"  claimed_by: {claimants[n % 3]}\n  as_of: 2025-01-{1 + n * 28 // 45:02d}\n"
                           "  sources: [src-a]\n" for n in range(45))


@pytest.fixture(scope="module")
def crowded_site(site, tmp_path_factory):
    from .conftest import built_and_served

    yield from built_and_served("valid-minimal", tmp_path_factory, _crowd)


# Each point's mark against the plot (its gridlines' run): none cut off or beyond the axis.
MARKS_JS = """() => { const svg = document.querySelector('svg.figure-chart');
  const plot = svg.querySelector('.chart-grid').getBoundingClientRect();
  return [...svg.querySelectorAll('.chart-point')].map(p => { const r = p.querySelector('.chart-mark')
    .getBoundingClientRect(); return {id: p.dataset.figure, left: r.left - plot.left, right: plot.right - r.right}; });
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_crowded_chart_draws_every_claim_inside_the_plot(crowded_site, page, width):
    """Points were pushed 34 units apart up to 20 times: off the phone's screen, left of the axis."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{crowded_site}/briefings/alpha.html")
    marks = page.evaluate(MARKS_JS)
    assert len(marks) == 45
    outside = [m for m in marks if m["left"] < 0 or m["right"] < 0]
    assert not outside, f"at {width}px, outside the plot: {outside}"
    assert page.locator("svg.figure-chart .chart-count").count() > 0, "piles of claims are counted"
