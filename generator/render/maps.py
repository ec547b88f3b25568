"""Locator maps: an inline SVG of the places events name, drawn at build time (no tiles, no script, no other host).

Places are numbered in timeline order (the number of the first event that names them); each
marker links to that event and each event's place line links back to the marker. Markers that
would cover one another (three places of one town) are set around their cluster, each joined to
its place by a line, far enough apart for a finger. Labels are set
in a 400-unit viewBox that a phone shows about 360 px wide, by trying positions around each
marker and leaving the label out (the number stays, and the caption lists every place) when none
is free. Colours come from presentation attributes (print, the PDF) that briefing.css overrides
through classes for dark mode.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.model.contract import Event, Place
from generator.render.charts import text_width
from generator.render.geo import Frame, frame_around, land_path

WIDTH, HEIGHT, MIN_HEIGHT = 400, 280, 190
FONT = 13  # label size in map units: about 12 px on a phone
PIN = 8  # radius of a numbered marker
# Radius of a marker's link target: the map is drawn 400 units wide and shown some 286 px wide on a
# 320 px phone, where 36 units make 26 px, above the 24 px a finger needs (14 made 20 px).
HIT = 18
# How far a marker's centre stays from the drawing's edge: a phone draws the pin 1.2 times larger (briefing.css),
# and a place at the edge of the whole world had its number cut in half.
EDGE = PIN * 1.2 + 2
NEAR = 10  # how close a label may come to another place's marker
DEFAULT_RADIUS_KM = 100  # of an approximate place that gives none
INSET_WIDTH = 96  # the world inset: 360° across, 84°N to 60°S down
INSET_HEIGHT = INSET_WIDTH * 144 / 360
GAP = 4  # between the drawing's edge and the inset or the scale bar
CREDIT = "Outlines: Natural Earth (public domain)"

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Pin:
    """A place on a map: its number, the place, and where its marker links (an event, or the place's page)."""

    number: int
    place: Place
    href: str
    events: tuple[str, ...] = ()  # ids of the events that name it, in timeline order

    @property
    def radius_km(self) -> float:
        """How far an approximate place reaches; 0 for an exact one."""
        return (self.place.radius_km or DEFAULT_RADIUS_KM) if self.place.approximate else 0.0


def marker_id(place_id: str, prefix: str = "") -> str:
    """The anchor of a place's marker on a page, which its events' place lines link to."""
    return f"{prefix}map-{place_id}"


def kind_words(place: Place) -> str:
    """What kind of place it is, in words ('border crossing'); '' for 'other', which tells a reader nothing."""
    return "" if place.kind == "other" else place.kind.replace("-", " ")


def timeline_pins(events: Sequence[Event], places: Mapping[str, Place], prefix: str = "") -> list[Pin]:
    """The places the events name, numbered in timeline order, each linking to the first event that names it."""
    named: dict[str, list[str]] = {}
    for event in events:
        for place_id in event.places:
            if place_id in places:
                named.setdefault(place_id, []).append(event.id)
    return [Pin(number, places[place_id], f"#{prefix}{ids[0]}", tuple(ids))
            for number, (place_id, ids) in enumerate(named.items(), start=1)]


def place_numbers(pins: Iterable[Pin]) -> dict[str, int]:
    """Each place's number on the map, by place id."""
    return {pin.place.id: pin.number for pin in pins}


def _grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, frame: Frame) -> bool:
    return box[0] >= 1 and box[1] >= 1 and box[2] <= frame.width - 1 and box[3] <= frame.height - 1


def _corner(name: str, width: float, height: float, frame: Frame) -> Box:
    left = GAP if name.endswith("left") else frame.width - GAP - width
    top = GAP if name.startswith("top") else frame.height - GAP - height
    return (left, top, left + width, top + height)


def _free_corner(names: Sequence[str], width: float, height: float, taken: Sequence[Box], frame: Frame) -> Box:
    """The first corner where a box of this size covers nothing already taken, else the one covering least."""
    boxes = [_corner(n, width, height, frame) for n in names]
    return min(boxes, key=lambda box: sum(_overlaps(box, t) for t in taken))


def _label_spots(x: float, y: float, r: float, w: float, h: float) -> list[Box]:
    """Where a label of w × h may stand around a marker of radius r, best first."""
    d = r + 5  # clear of the marker's white ring and the label's halo (at r + 3 they touched on a phone)
    return [(x + d, y - h / 2, x + d + w, y + h / 2), (x - d - w, y - h / 2, x - d, y + h / 2),
            (x - w / 2, y - d - h, x + w / 2, y - d), (x - w / 2, y + d, x + w / 2, y + d + h),
            (x + d * 0.7, y - d * 0.7 - h, x + d * 0.7 + w, y - d * 0.7),
            (x + d * 0.7, y + d * 0.7, x + d * 0.7 + w, y + d * 0.7 + h),
            (x - d * 0.7 - w, y - d * 0.7 - h, x - d * 0.7, y - d * 0.7),
            (x - d * 0.7 - w, y + d * 0.7, x - d * 0.7, y + d * 0.7 + h)]


def _spread(spots: Mapping[int, tuple[float, float]], frame: Frame) -> dict[int, tuple[float, float]]:
    """Where each numbered marker is drawn: at its place, or, where markers would cover one another, set
    around their cluster's centre in number order (from the top, clockwise), joined to the place by a line.

    Three places of one town drawn as one pin hid two of them, and their numbers with them.
    """
    touching, apart = 2 * PIN + 3, 2 * HIT  # set apart, their targets for a finger do not overlap either
    numbers = sorted(spots)
    cluster = {n: n for n in numbers}  # union-find: each marker's cluster, by its first number

    def root(n: int) -> int:
        while cluster[n] != n:
            n = cluster[n]
        return n

    for i, a in enumerate(numbers):
        for b in numbers[i + 1:]:
            if math.dist(spots[a], spots[b]) < touching:
                cluster[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for n in numbers:
        groups.setdefault(root(n), []).append(n)
    drawn = {n: _within(x, y, frame) for n, (x, y) in spots.items()}
    for members in groups.values():
        if len(members) == 1:
            continue
        cx = sum(spots[n][0] for n in members) / len(members)
        cy = sum(spots[n][1] for n in members) / len(members)
        # A ring whose neighbouring markers stand clear of each other: its chord between two is `apart`.
        radius = max(apart, apart / (2 * math.sin(math.pi / len(members))))
        for k, n in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * k / len(members)
            drawn[n] = _within(cx + radius * math.cos(angle), cy + radius * math.sin(angle), frame)
    return drawn


def _within(x: float, y: float, frame: Frame) -> tuple[float, float]:
    """A marker's centre moved inside the drawing, as far from its edge as the pin is wide."""
    return min(max(x, EDGE), frame.width - EDGE), min(max(y, EDGE), frame.height - EDGE)


def _nice(length: float) -> float:
    """The largest of 1, 2 or 5 times a power of ten not above length."""
    power = 10.0 ** math.floor(math.log10(length))
    return max(step * power for step in (1, 2, 5) if step * power <= length)


@functools.cache
def _world() -> str:
    """The inset's world, drawn once: only what shows at its size."""
    frame = Frame(-180, -60, 180, 84, INSET_WIDTH, INSET_HEIGHT)
    return land_path(frame, tolerance=0.6, margin=0, smallest=1.5).fill


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def locator(pins: Sequence[Pin], prefix: str = "", label: str = "Map of the places named in the timeline",
            css: str = "", around_km: float = 0) -> Markup:
    """The map of the pins as an inline <svg>: land, areas, numbered markers, labels, inset and scale.

    around_km: at least this much shown around each place (a place's own page: the country around it).
    """
    frame = frame_around(((p.place.longitude, p.place.latitude, max(p.radius_km, around_km)) for p in pins),
                         WIDTH, HEIGHT, MIN_HEIGHT)
    places = {p.number: frame.project(p.place.longitude, p.place.latitude) for p in pins}
    spots = _spread(places, frame)  # where each marker is drawn
    markers: list[Box] = [(x - PIN, y - PIN, x + PIN, y + PIN) for x, y in spots.values()]
    # A map of half the world needs no inset, and its scale changes too much across it for a bar.
    whole_world = frame.east - frame.west > 180
    inset = None if whole_world else _free_corner(("bottom-right", "top-right", "top-left", "bottom-left"),
                                                   INSET_WIDTH, INSET_HEIGHT, markers, frame)
    scale_km = _nice(90 / frame.km_to_units(1))
    scale_len = frame.km_to_units(scale_km)
    scale_text = f"{scale_km:,.0f} km" + (f" (at {abs(frame.middle):.0f}° {'N' if frame.middle >= 0 else 'S'})"
                                          if frame.north - frame.south > 20 else "")
    scale_box = None if whole_world else _free_corner(
        [c for c in ("bottom-left", "bottom-right", "top-left") if inset != _corner(c, INSET_WIDTH, INSET_HEIGHT,
                                                                                   frame)],
        max(scale_len, text_width(scale_text, 10)) + 8, 24, markers, frame)
    taken = [*markers, *(b for b in (inset, scale_box) if b)]
    # A document, not an image: its markers are links to reach (HTML allows an <svg> no "group" role).
    out = [Markup('<svg class="map" viewBox="0 0 {} {}" role="document" aria-label="{}" '
                  'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">').format(
        WIDTH, _num(frame.height), label)]
    if css:
        out.append(Markup("<style>{}</style>").format(css))
    out.append(Markup('<rect class="map-sea" width="{}" height="{}" fill="#dbe7f0"/>').format(
        WIDTH, _num(frame.height)))
    land = land_path(frame, tolerance=0.5)
    if land.edges:  # the outlines are cut at 180°, in sight: the land is filled whole and its edges drawn apart
        out.append(Markup('<path class="map-land-fill" fill="#f3f1ea" fill-rule="evenodd" d="{}"/>'
                          '<path class="map-edges" fill="none" stroke="#9a9a9a" stroke-width="0.6" d="{}"/>').format(
            land.fill, land.edges))
    else:
        out.append(Markup('<path class="map-land" fill="#f3f1ea" stroke="#9a9a9a" stroke-width="0.6" '
                          'fill-rule="evenodd" d="{}"/>').format(land.fill))
    for pin in pins:
        if pin.radius_km:
            x, y = places[pin.number]
            out.append(Markup('<circle class="map-area" cx="{}" cy="{}" r="{}" fill="#c2410c" fill-opacity="0.12" '
                              'stroke="#c2410c" stroke-width="1.2" stroke-dasharray="4 3"/>').format(
                _num(x), _num(y), _num(max(frame.km_to_units(pin.radius_km), PIN + 3))))
    labels: list[Markup] = []
    for pin in pins:
        x, y = spots[pin.number]
        name = pin.place.name
        w, h = text_width(name, FONT), FONT * 1.25
        # A label that passes near another place's marker could be read as that place's: it is left out
        # then too, and the number and the caption's list name the place.
        others = [m for other, m in zip(pins, markers, strict=True) if other is not pin]
        spot = next((b for b in _label_spots(x, y, PIN, w, h)
                     if _inside(b, frame) and not any(_overlaps(b, t) for t in taken)
                     and not any(_overlaps(_grown(b, NEAR), m) for m in others)), None)
        if spot is not None:
            taken.append(spot)
            baseline = _num(spot[3] - h * 0.25)
            for cls, paint in (("map-halo", 'fill="none" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'),
                               ("map-label", 'fill="#1a1a1a"')):
                labels.append(Markup('<text class="{}" x="{}" y="{}" font-size="{}" {}>{}</text>').format(
                    cls, _num(spot[0]), baseline, FONT, Markup(paint), name))
    out += labels
    for pin in pins:  # a marker moved off its place points to it
        (px, py), (x, y) = places[pin.number], spots[pin.number]
        if (px, py) != (x, y):
            out.append(Markup('<g class="map-leader"><path d="M{} {}L{} {}" stroke="#c2410c" stroke-width="1.2"/>'
                              '<circle cx="{}" cy="{}" r="2" fill="#c2410c"/></g>').format(
                _num(px), _num(py), _num(x), _num(y), _num(px), _num(py)))
    for pin in pins:
        x, y = spots[pin.number]
        kind = "approximate area" if pin.radius_km else kind_words(pin.place)
        out.append(Markup(
            '<a class="map-marker" id="{}" href="{}"><title>{}. {}{}</title>'
            '<circle cx="{}" cy="{}" r="{}" fill="transparent"/>'
            '<circle class="map-pin" cx="{}" cy="{}" r="{}" fill="#c2410c" stroke="#ffffff" stroke-width="1.5"/>'
            '<text class="map-pin-number" x="{}" y="{}" font-size="10" font-weight="bold" text-anchor="middle" '
            'fill="#ffffff">{}</text></a>').format(
            marker_id(pin.place.id, prefix), pin.href, pin.number, pin.place.name, f" ({kind})" if kind else "",
            _num(x), _num(y), HIT, _num(x), _num(y), PIN, _num(x), _num(y + 3.5), pin.number))
    if scale_box:
        left, bottom = scale_box[0] + 4, scale_box[3] - 6
        out.append(Markup('<g class="map-scale"><rect class="map-scale-back" x="{}" y="{}" width="{}" height="{}" '
                          'fill="#ffffff" fill-opacity="0.8"/><path d="M{} {}v4h{}v-4" fill="none" stroke="#1a1a1a" '
                          'stroke-width="1.2"/><text x="{}" y="{}" font-size="10" fill="#1a1a1a">{}</text></g>').format(
            _num(scale_box[0]), _num(scale_box[1]), _num(scale_box[2] - scale_box[0]),
            _num(scale_box[3] - scale_box[1]),
            _num(left), _num(bottom - 4), _num(scale_len), _num(left), _num(bottom - 8), scale_text))
    if inset:
        out.append(_inset(inset, frame))
    out.append(Markup("</svg>"))
    return Markup("").join(out)


def _inset(box: Box, frame: Frame) -> Markup:
    """The world in a corner, with the map's frame marked on it."""
    left, top = box[0], box[1]
    world = Frame(-180, -60, 180, 84, INSET_WIDTH, INSET_HEIGHT)
    # A frame across 180° is marked at both edges of the world, its two parts.
    spans = [(max(frame.west, -180), min(frame.east, 180))]
    spans += [(frame.west + 360, 180)] if frame.west < -180 else []
    spans += [(-180, frame.east - 360)] if frame.east > 180 else []
    marks = []
    for west, east in spans:
        x1, y1 = world.plot(west, min(frame.north, 84))
        x2, y2 = world.plot(east, max(frame.south, -60))
        wide = max(x2 - x1, 2)
        marks.append(Markup('<rect class="map-inset-frame" x="{}" y="{}" width="{}" height="{}" fill="none" '
                            'stroke="#c2410c" stroke-width="1.2"/>').format(
            _num(min(x1, INSET_WIDTH - wide)), _num(y1), _num(wide), _num(max(y2 - y1, 2))))
    return Markup(
        '<g class="map-inset" transform="translate({} {})"><title>Where the map is in the world</title>'
        '<rect class="map-sea" width="{}" height="{}" fill="#dbe7f0" stroke="#6e6e6e" stroke-width="0.8"/>'
        '<path class="map-land" fill="#f3f1ea" stroke="#9a9a9a" stroke-width="0.3" d="{}"/>{}</g>').format(
        _num(left), _num(top), _num(INSET_WIDTH), _num(INSET_HEIGHT), _world(), Markup("").join(marks))


def describe(pin: Pin) -> str:
    """A place as the map's caption lists it: 'Kursk region (approximate area)'."""
    return f"{pin.place.name} (approximate area)" if pin.place.approximate else pin.place.name



def map_view(events: Sequence[Event], places: Mapping[str, Place], prefix: str = "", css: str = "") -> dict[str, Any]:
    """What a page with a timeline needs for its map: the pins, the SVG, each place's number and marker anchor."""
    pins = timeline_pins(events, places, prefix)
    return {"map_pins": pins, "map_svg": locator(pins, prefix, css=css) if pins else Markup(""),
            "map_numbers": place_numbers(pins), "map_marker": functools.partial(marker_id, prefix=prefix),
            "places": places}


def site_map(places: Sequence[Place], href: Callable[[str], str]) -> tuple[list[Pin], Markup]:
    """The map of every place of the site, each marker linking to href(place id): its page."""
    pins = [Pin(number, place, href(place.id)) for number, place in enumerate(places, start=1)]
    return pins, locator(pins, label="Map of every place named in the briefings") if pins else Markup("")
