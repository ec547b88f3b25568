"""Where a chart's points go: at their dates, set apart where there is room, never far from their own date.

A claim drawn at another date misleads a reader about who claimed what when, so a point moves
sideways only within its bound: at most SEPARATION units, never past the edge of its area, and
never so far that its mark could cover one of the nearest other date's. Points that still cover
each other are left so (a pile), and the chart counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SEPARATION = 34  # how far apart claims at the same place are set: targets side by side, not on top
MARK = 12  # a marker's width: two points nearer than this cover each other


@dataclass(frozen=True)
class Point:
    """A point to place: the x of its date, its mark's top and bottom, and the area it must stay in."""

    home: float
    top: float
    bottom: float
    area: tuple[float, float]


def _bound(point: Point, homes: Sequence[float]) -> tuple[float, float]:
    """How far left and right the point may go: within its area, and less than half way to the nearest date."""
    # The same on both sides: a point moved away from its one neighbour would stand at a date of its own.
    gap = min((abs(h - point.home) for h in homes if abs(h - point.home) > 0.05), default=2 * SEPARATION + MARK)
    reach = max(0.0, min(SEPARATION, gap / 2 - MARK / 2))
    low, high = point.area
    return min(point.home, max(low, point.home - reach)), max(point.home, min(high, point.home + reach))


def _clearance(x: float, point: Point, placed: Sequence[tuple[float, Point]]) -> float:
    """How far x is from the nearest point drawn that it would cover at that height."""
    return min((abs(x - px) for px, other in placed if not (point.bottom < other.top or point.top > other.bottom)),
               default=float("inf"))


def place(points: Sequence[Point]) -> list[float]:
    """Each point's x: the nearest to its date, within its bound, that covers no point drawn before it."""
    # At its date, else SEPARATION left or right, as charts were drawn before (their maps stay the same);
    # where none is free, the spot within the bound furthest from the points it would cover.
    homes = sorted({round(p.home, 1) for p in points})
    placed: list[tuple[float, Point]] = []
    for point in points:
        low, high = _bound(point, homes)
        steps = (point.home + SEPARATION * k for k in (0, -1, 1))
        x = next((c for c in steps if low - 0.05 <= c <= high + 0.05 and _clearance(c, point, placed) >= SEPARATION),
                 None)
        if x is None:
            within = (point.home + d for d in range(-SEPARATION, SEPARATION + 1))
            fine = [low, high, *(c for c in within if low < c < high)]
            x = min(fine, key=lambda c: (-_clearance(c, point, placed), abs(c - point.home), c))
        placed.append((x, point))
    return [x for x, _ in placed]


def piles(points: Sequence[Point], xs: Sequence[float]) -> list[list[int]]:
    """Groups of two or more points of one date whose marks cover each other, by their index, in order."""
    group = list(range(len(points)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, a in enumerate(points):
        for j in range(i):
            b = points[j]
            if abs(a.home - b.home) < 0.05 and abs(xs[i] - xs[j]) < MARK and a.top < b.bottom and b.top < a.bottom:
                group[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(points)):
        members.setdefault(root(i), []).append(i)
    return [m for m in members.values() if len(m) > 1]
