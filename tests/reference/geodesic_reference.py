"""Reference geodesic distances from an independent implementation, for geo-core's overlay tests.

GeographicLib (Karney's own Python package) on the WGS84 ellipsoid. Two kinds of case across
Fujian:

* point to point: geodesic distance, s12 of the inverse problem;
* point to segment: the shortest geodesic distance from a point to a segment whose points
  are the linear interpolation of its end points in lon/lat (that is how geo-core's overlay
  defines an edge, the same edge its point-in-polygon test sees). GeographicLib's intercept
  method solves the problem for geodesic segments, which are a different curve, so the
  minimum over the segment parameter t is found here by dense sampling and golden-section
  refinement of the best bracket, every evaluation a GeographicLib inverse.

Writes JSON to stdout:
    python tests/reference/geodesic_reference.py > geo-core/tests/fixtures/geodesic_reference.json
With --check FILE it recomputes and fails if FILE differs.
"""
import itertools
import json
import math
import sys

import geographiclib
from geographiclib.geodesic import Geodesic

WGS84 = Geodesic.WGS84

# Xiamen, Fuzhou, Quanzhou, Zhangzhou, Longyan, Nanping, Ningde, Sanming, Putian, and the
# province's corners (the same points as crs_reference.py).
POINTS = [
    (118.0894, 24.4798), (119.2965, 26.0745), (118.6757, 24.8741), (117.6471, 24.5130),
    (117.0174, 25.0759), (118.1780, 26.6418), (119.5479, 26.6657), (117.6389, 26.2638),
    (119.0078, 25.4540), (115.85, 23.55), (120.7, 28.3), (116.4, 27.9), (120.1, 23.6),
]

# Centres for the short cases: Xiamen, Fuzhou, Nanping and two corners.
CENTRES = [POINTS[0], POINTS[1], POINTS[5], POINTS[9], POINTS[10]]

# Offsets in degrees for short point-to-point pairs: about 1 m to 40 km.
OFFSETS = [(1e-5, 0.0), (0.0, 1e-5), (1e-4, 1e-4), (0.001, -0.002), (0.01, 0.005),
           (-0.05, 0.03), (0.3, -0.2)]

# Segment lengths in degrees (about 200 m to 50 km), directions in the lon/lat plane, and
# the site's offset from the segment, perpendicular in that plane (about 10 m to 30 km).
SEGMENT_LENGTHS = [0.002, 0.02, 0.2, 0.5]
SEGMENT_DIRECTIONS = [0.0, 90.0, 35.0, 125.0]
SITE_OFFSETS = [0.0001, 0.003, 0.05, 0.3]
# Where along the segment the site sits before the perpendicular offset.
SITE_T = 0.37


def distance(lon1, lat1, lon2, lat2):
    return WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


def point_segment(site, a, b):
    """(distance, t) of the nearest point of the lon/lat segment a-b to site."""
    def f(t):
        return distance(site[0], site[1], a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))

    n = 400
    samples = [f(i / n) for i in range(n + 1)]
    i = min(range(n + 1), key=samples.__getitem__)
    lo, hi = max(i - 1, 0) / n, min(i + 1, n) / n
    g = (math.sqrt(5.0) - 1.0) / 2.0
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = f(x1), f(x2)
    while hi - lo > 1e-15:
        if f1 <= f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - g * (hi - lo)
            f1 = f(x1)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + g * (hi - lo)
            f2 = f(x2)
    best = min([(f1, x1), (f2, x2), (f(0.0), 0.0), (f(1.0), 1.0)])
    return best


def point_pairs():
    pairs = [(p, q) for p, q in itertools.combinations(POINTS, 2)]
    for c in CENTRES:
        for dx, dy in OFFSETS:
            pairs.append((c, (round(c[0] + dx, 9), round(c[1] + dy, 9))))
    return pairs


def segment_cases():
    cases = []
    for c in CENTRES:
        for length in SEGMENT_LENGTHS:
            for direction in SEGMENT_DIRECTIONS:
                ux, uy = math.cos(math.radians(direction)), math.sin(math.radians(direction))
                a = (round(c[0] - 0.5 * length * ux, 9), round(c[1] - 0.5 * length * uy, 9))
                b = (round(c[0] + 0.5 * length * ux, 9), round(c[1] + 0.5 * length * uy, 9))
                for offset in SITE_OFFSETS:
                    on = (a[0] + SITE_T * (b[0] - a[0]), a[1] + SITE_T * (b[1] - a[1]))
                    site = (round(on[0] - offset * uy, 9), round(on[1] + offset * ux, 9))
                    cases.append((site, a, b))
    return cases


def main():
    out = {
        "generator": f"geographiclib {geographiclib.__version__} (Python), WGS84",
        "point_point": [],
        "point_segment": [],
    }
    for p, q in point_pairs():
        out["point_point"].append({"a": list(p), "b": list(q), "metres": distance(*p, *q)})
    for site, a, b in segment_cases():
        d, t = point_segment(site, a, b)
        out["point_segment"].append(
            {"site": list(site), "a": list(a), "b": list(b), "metres": d, "t": t})
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(out, json.load(open(sys.argv[2], encoding="utf-8")), sys.argv[2])
    else:
        print(json.dumps(out, indent=1))


def flatten(v, key=None):
    if isinstance(v, dict):
        for k in sorted(v):
            if k != "generator":
                yield from flatten(v[k], k)
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from flatten(x, key)
    else:
        yield key, v


def check(fresh, committed, path):
    a, b = list(flatten(fresh)), list(flatten(committed))
    # Metres to a micrometre; t (a fraction of the segment) to 1e-6, since the distance is
    # flat in t at its minimum and only the distance is asserted downstream.
    bad = [(x, y) for x, y in zip(a, b)
           if x != y and not (x[0] == y[0] and isinstance(x[1], float) and abs(x[1] - y[1]) < 1e-6)]
    if len(a) != len(b) or bad:
        sys.exit(f"{path} is stale: {len(bad)} values differ (first {bad[:3]}); regenerate it")
    print(f"{path}: {len(a)} reference values match {fresh['generator']}")


if __name__ == "__main__":
    main()
