"""The geometry of locator maps: the outlines shipped with the package, a frame around places, clipping, simplifying.

The outlines are Natural Earth's 1:110m countries (public domain; maps_data/README.md says where
they come from and how they were made), read from the package: a map never asks another host.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

Point = tuple[float, float]
Ring = tuple[Point, ...]

KM_PER_DEGREE = 111.32  # of latitude, and of longitude at the equator
MIN_SPAN = 6.0  # degrees of latitude a frame shows at least: one city alone is not a street map
PAD = 0.18  # of the places' spread, added on each side, so no place sits at the edge
MAX_LAT = 84.0  # Natural Earth's outlines end here in the north, and Antarctica is never a locator
MIN_LAT = -60.0


@dataclass(frozen=True)
class Outline:
    """A country's rings (lon, lat), with their bounds, for a quick test against a frame."""

    name: str
    rings: tuple[Ring, ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north


@functools.cache
def outlines() -> tuple[Outline, ...]:
    """The country outlines shipped in maps_data/countries.json, read once."""
    text = resources.files("generator.render").joinpath("maps_data/countries.json").read_text(encoding="utf-8")
    found = []
    for country in json.loads(text)["countries"]:
        rings = tuple(tuple((r[i] / 100, r[i + 1] / 100) for i in range(0, len(r), 2)) for r in country["rings"])
        lons = [p[0] for ring in rings for p in ring]
        lats = [p[1] for ring in rings for p in ring]
        found.append(Outline(country["name"], rings, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(found)


@dataclass(frozen=True)
class Frame:
    """The part of the world a map shows, and how it is drawn: equirectangular, true to scale at its middle latitude."""

    west: float
    south: float
    east: float
    north: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        """The latitude at which the map's scale is true."""
        return (self.south + self.north) / 2

    @property
    def units_per_degree(self) -> float:
        """Map units per degree of latitude."""
        return self.height / (self.north - self.south)

    def unwrap(self, lon: float) -> float:
        """A longitude the way round the frame shows it: -178.5 is 181.5 on a map from 170° to 190°."""
        for turn in (0.0, 360.0, -360.0):
            if self.west <= lon + turn <= self.east:
                return lon + turn
        return lon

    def project(self, lon: float, lat: float) -> Point:
        """A place's position on the map, in map units from the top left."""
        return self.plot(self.unwrap(lon), lat)

    def plot(self, lon: float, lat: float) -> Point:
        """A point's position with its longitude as given: an outline is turned by 360° whole, not point by point."""
        return ((lon - self.west) / (self.east - self.west) * self.width,
                (self.north - lat) / (self.north - self.south) * self.height)

    def km_to_units(self, km: float) -> float:
        """A distance on the ground as map units (at the middle latitude)."""
        return km / KM_PER_DEGREE * self.units_per_degree

    def contains(self, lon: float, lat: float) -> bool:
        """True when the point lies inside the frame."""
        return self.west <= self.unwrap(lon) <= self.east and self.south <= lat <= self.north

    def meets(self, bounds: tuple[float, float, float, float]) -> bool:
        """True when a box (west, south, east, north) overlaps the frame."""
        west, south, east, north = bounds
        return west <= self.east and east >= self.west and south <= self.north and north >= self.south


def frame_around(points: Iterable[tuple[float, float, float]], width: float, height: float,
                 min_height: float | None = None) -> Frame:
    """The frame that shows every (lon, lat, radius_km) with padding, the whole world at most.

    The drawing is width across and height down, or, given min_height, as tall between the two as
    the places' spread needs: a row of places from Iceland to Korea is not padded with Africa.
    """
    points = list(points)
    turn_below = _short_way([lon for lon, _, _ in points])
    west = south = math.inf
    east = north = -math.inf
    for lon, lat, radius in points:
        lon += 360 if lon < turn_below else 0
        dlat = radius / KM_PER_DEGREE
        dlon = dlat / max(math.cos(math.radians(lat)), 0.1)
        west, east = min(west, lon - dlon), max(east, lon + dlon)
        south, north = min(south, lat - dlat), max(north, lat + dlat)
    if west == math.inf:
        return Frame(-180, MIN_LAT, 180, MAX_LAT, width, height)
    pad_lat = max(north - south, MIN_SPAN) * PAD + 1
    south, north = south - pad_lat, north + pad_lat
    if north - south < MIN_SPAN:
        south, north = (south + north - MIN_SPAN) / 2, (south + north + MIN_SPAN) / 2
    scale = max(math.cos(math.radians((south + north) / 2)), 0.2)
    pad_lon = max(east - west, MIN_SPAN / scale) * PAD + 1 / scale
    west, east = west - pad_lon, east + pad_lon
    if min_height is not None:
        height = min(max(width * (north - south) / ((east - west) * scale), min_height), height)
    # Widen the shorter side to the drawing's shape, so that a degree is as long across as up and down.
    if (east - west) * scale / (north - south) < width / height:
        grow = ((north - south) * width / height / scale - (east - west)) / 2
        west, east = west - grow, east + grow
    else:
        grow = ((east - west) * scale * height / width - (north - south)) / 2
        south, north = south - grow, north + grow
    if north > MAX_LAT:
        south, north = south - (north - MAX_LAT), MAX_LAT
    if south < MIN_LAT:
        south, north = MIN_LAT, min(north + (MIN_LAT - south), MAX_LAT)
    if east - west >= 360:
        return Frame(-180, MIN_LAT, 180, MAX_LAT, width, height)
    if west + east > 360:  # named by its middle's own longitude: from 170°W, not from 190°E
        west, east = west - 360, east - 360
    return Frame(west, south, east, north, width, height)


def _short_way(lons: Sequence[float]) -> float:
    """The longitude below which places count 360° further east, for a frame that goes round the short way.

    -180 (none) while the widest gap between the places lies across 180°; Suva (178°E) and Apia (172°W)
    are 10° apart across it, and a min/max of their longitudes framed the 350° the other way round.
    """
    ordered = sorted(lons)
    if not ordered:
        return -180.0
    across = ordered[0] + 360 - ordered[-1]
    gap, after = max(((b - a, b) for a, b in itertools.pairwise(ordered)), default=(0.0, -180.0))
    return after if gap > across else -180.0


def clip(points: Sequence[Point], left: float, top: float, right: float, bottom: float) -> list[Point]:
    """A polygon cut to a box (Sutherland–Hodgman): what lies outside is never written into the SVG."""
    def cut(pts: list[Point], inside: Callable[[Point], bool], cross: Callable[[Point, Point], Point]) -> list[Point]:
        out: list[Point] = []
        for i, current in enumerate(pts):
            previous = pts[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x: float) -> Callable[[Point, Point], Point]:
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y: float) -> Callable[[Point, Point], Point]:
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    edges: list[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]]] = [
        (lambda p: p[0] >= left, at_x(left)), (lambda p: p[0] <= right, at_x(right)),
        (lambda p: p[1] >= top, at_y(top)), (lambda p: p[1] <= bottom, at_y(bottom))]
    result = list(points)
    for inside, cross in edges:
        if not result:
            break
        result = cut(result, inside, cross)
    return result


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points a line needs at this tolerance, its first and last always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


@dataclass(frozen=True)
class Land:
    """The SVG path data of the land in a frame: its fill, and its coasts and borders where they differ from it."""

    fill: str
    edges: str = ""  # "" when the fill's own outline is every edge there is: no cut at 180° in sight


def land_path(frame: Frame, tolerance: float, margin: float = 4.0, smallest: float = 0.0) -> Land:
    """The land inside a frame: clipped just outside it, simplified, rounded to 0.1 unit.

    A frame across 180° draws the outlines a turn east or west too (Natural Earth cuts them there), and
    leaves their cut out of the edges: Fiji and Chukotka are land on both sides, with no line down the middle.
    """
    turns = [0.0, *([360.0] if frame.east > 180 else []), *([-360.0] if frame.west < -180 else [])]
    cuts = [x for x in (frame.plot(-180, 0)[0], frame.plot(180, 0)[0]) if 0 < x < frame.width]
    fills: list[str] = []
    edges: list[str] = []
    for outline in outlines():
        for turn in turns:
            west, south, east, north = outline.bounds
            if not frame.meets((west + turn, south, east + turn, north)):
                continue
            for ring in outline.rings:
                pts = clip([frame.plot(lon + turn, lat) for lon, lat in ring],
                           -margin, -margin, frame.width + margin, frame.height + margin)
                pts = simplify(pts + pts[:1], tolerance)[:-1] if len(pts) > 2 else []
                if len(pts) < 3:
                    continue
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                if max(xs) - min(xs) < smallest and max(ys) - min(ys) < smallest:
                    continue
                fills.append("M" + _line(pts) + "Z")
                edges.append(_uncut(pts, cuts) if cuts else fills[-1])
    fill = "".join(fills)
    return Land(fill, "" if not cuts or "".join(edges) == fill else "".join(edges))


def _uncut(pts: Sequence[Point], cuts: Sequence[float]) -> str:
    """A ring's edges as open lines, leaving out each side that runs along a cut (x in cuts)."""
    n = len(pts)
    cut = [any(abs(pts[i][0] - x) < 1e-6 and abs(pts[(i + 1) % n][0] - x) < 1e-6 for x in cuts) for i in range(n)]
    if not any(cut):
        return "M" + _line(pts) + "Z"
    start = cut.index(True) + 1  # just after a cut side, so each line runs from one cut to the next
    lines: list[str] = []
    run: list[Point] = []
    for k in range(n):
        i = (start + k) % n
        run.append(pts[i])
        if cut[i]:
            if len(run) > 1:
                lines.append("M" + _line(run))
            run = []
    return "".join(lines)


def _line(pts: Iterable[Point]) -> str:
    return " ".join(f"{_num(x)} {_num(y)}" for x, y in pts)


def _num(value: float) -> str:
    """A coordinate as short as it can be written: 12.0 → '12', 3.25 → '3.2'."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
