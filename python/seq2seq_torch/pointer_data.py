"""Point sets and convex-hull targets as @seq2seq/datasets makes them (geometry/sample.ts, hull/convex-hull.ts):
points uniform in [0, 1) x [0, 1), rounded to float32 (what the network reads); the hull's vertices as input
indices, counter-clockwise, starting from the lowest index, collinear boundary points excluded
(Vinyals et al. 2015, section 4.2). Orientation tests are exact (a Fraction when the float test is close)."""
from __future__ import annotations

import json
import math
import random
import struct
from fractions import Fraction


LARGEST_BELOW_ONE = 0.99999994039535522  # the largest float32 below 1


def fround(x: float) -> float:
    """The nearest float32 (JavaScript's Math.fround)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def random_points(rng: random.Random, n: int) -> list[list[float]]:
    """`n` points uniform in the unit square [0, 1) x [0, 1), each coordinate rounded to float32 (sample.ts)."""
    return [[min(fround(rng.random()), LARGEST_BELOW_ONE) for _ in range(2)] for _ in range(n)]


def _orient(a, b, c) -> float:
    d = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    if abs(d) > 1e-12:
        return d
    fa, fb, fc = [tuple(map(Fraction, p)) for p in (a, b, c)]
    return float((fb[0] - fa[0]) * (fc[1] - fa[1]) - (fb[1] - fa[1]) * (fc[0] - fa[0]))


def convex_hull(points: list[list[float]]) -> list[int]:
    """Hull vertices (input indices), counter-clockwise from the lowest index (Andrew's monotone chain)."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1], i))
    unique: list[int] = []
    for i in order:
        if unique and points[unique[-1]] == points[i]:
            continue
        unique.append(i)
    if len(unique) < 3:
        return sorted(unique)
    hull: list[int] = []
    for i in unique:
        while len(hull) >= 2 and not _orient(points[hull[-2]], points[hull[-1]], points[i]) > 0:
            hull.pop()
        hull.append(i)
    lower = len(hull) + 1
    for i in reversed(unique[:-1]):
        while len(hull) >= lower and not _orient(points[hull[-2]], points[hull[-1]], points[i]) > 0:
            hull.pop()
        hull.append(i)
    hull.pop()
    k = hull.index(min(hull))
    return hull[k:] + hull[:k]


def canonical(idx: list[int]) -> list[int]:
    """A cyclic index sequence rotated to start at its lowest index (the hull target's form)."""
    if not idx:
        return []
    k = idx.index(min(idx))
    return idx[k:] + idx[:k]


def orient_target(task: str, points: list[list[float]], target: list[int]) -> list[int]:
    """The training target in the geometric convention of apps/pointer (`orientTarget` in its train.ts):
    a network cannot see indices, so a hull starts at its lowest point (then the leftmost), still
    counter-clockwise; a tour goes first to the nearer neighbour of point 0; each Delaunay triangle is
    counter-clockwise from its leftmost vertex. The metrics do not depend on either choice."""
    t = list(target)
    if task == "tsp" and len(t) > 2:
        d = lambda i: math.hypot(points[i][0] - points[t[0]][0], points[i][1] - points[t[0]][1])  # noqa: E731
        return [t[0]] + t[1:][::-1] if d(t[1]) > d(t[-1]) else t
    if task == "convex-hull" and t:
        k = 0
        for j, i in enumerate(t):
            p, q = points[i], points[t[k]]
            if p[1] < q[1] or (p[1] == q[1] and p[0] < q[0]):
                k = j
        return t[k:] + t[:k]
    if task == "delaunay":
        out = []
        for g in range(0, len(t) - 2, 3):
            a, b, c = t[g:g + 3]
            pa, pb, pc = points[a], points[b], points[c]
            if (pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0]) < 0:
                b, c = c, b
            tri = [a, b, c]
            k = 0
            for j, i in enumerate(tri):
                if points[i][0] < points[tri[k]][0]:
                    k = j
            out += tri[k:] + tri[:k]
        return out
    return t


def hull_examples(seed: int, count: int, n_min: int, n_max: int) -> list[tuple[list[list[float]], list[int]]]:
    """`count` (points, hull) pairs of n_min..n_max points, seeded; the hull in the datasets' form
    (from the lowest index: orient it with `orient_target` to train)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        pts = random_points(rng, rng.randint(n_min, n_max))
        out.append((pts, convex_hull(pts)))
    return out


def read_examples(path: str) -> list[tuple[list[list[float]], list[int]]]:
    """JSON lines {"points": [[x, y], ...], "target": [i, ...]} (any task: hull, triangles, tours)."""
    with open(path) as f:
        return [(r["points"], r["target"]) for r in (json.loads(line) for line in f if line.strip())]


def polygon_area(points: list[list[float]], idx: list[int]) -> float:
    """Shoelace area of the polygon through points[idx] (0 for fewer than 3)."""
    if len(idx) < 3:
        return 0.0
    s = 0.0
    for k in range(len(idx)):
        a, b = points[idx[k]], points[idx[(k + 1) % len(idx)]]
        s += a[0] * b[1] - a[1] * b[0]
    return abs(s) / 2
