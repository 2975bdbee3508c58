"""Reference coordinates from independent implementations, for geo-core's CRS tests.

pyproj (PROJ) for the EPSG systems; coordtransform (the widely used Python port of the
published GCJ-02/BD-09 formulas, Krasovsky a = 6378245 m) for GCJ-02 and BD-09. Writes JSON to stdout:
    python tests/reference/crs_reference.py > geo-core/tests/fixtures/crs_reference.json
scripts/test.sh runs it with --check FILE: it recomputes and fails if FILE differs.
"""
import json
import sys

import pyproj
from coordTransform import coordTransform as ct

# Points across Fujian: Xiamen, Fuzhou, Quanzhou, Zhangzhou, Longyan, Nanping, Ningde,
# Sanming, Putian, and the province's corners.
POINTS = [
    (118.0894, 24.4798), (119.2965, 26.0745), (118.6757, 24.8741), (117.6471, 24.5130),
    (117.0174, 25.0759), (118.1780, 26.6418), (119.5479, 26.6657), (117.6389, 26.2638),
    (119.0078, 25.4540), (115.85, 23.55), (120.7, 28.3), (116.4, 27.9), (120.1, 23.6),
]

# The grids that cover Fujian (115.8–120.7 E), in each EPSG family.
GRIDS = [
    4526, 4527, 4528,        # CGCS2000 3° zones 38–40 with the zone prefix (CM 114, 117, 120)
    4547, 4548, 4549,        # CGCS2000 3° CM 114, 117, 120 without prefix
    4498, 4499,              # CGCS2000 6° zones 20, 21 with prefix (CM 117, 123)
    4509, 4510,              # CGCS2000 6° CM 117, 123 without prefix
    32649, 32650, 32651,     # WGS84 UTM 49N–51N
    3857,                    # Web Mercator
]


def main():
    wgs = pyproj.CRS.from_epsg(4326)
    out = {"generator": f"pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str}), coordtransform",
           "points": POINTS, "epsg": {}, "gcj02": [], "bd09": []}
    for code in GRIDS:
        crs = pyproj.CRS.from_epsg(code)
        t = pyproj.Transformer.from_crs(wgs, crs, always_xy=True)
        out["epsg"][str(code)] = {"name": crs.name, "xy": [list(t.transform(lon, lat)) for lon, lat in POINTS]}
    for lon, lat in POINTS:
        glon, glat = ct.wgs84_to_gcj02(lon, lat)
        out["gcj02"].append([glon, glat])
        out["bd09"].append(list(ct.gcj02_to_bd09(glon, glat)))
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(out, json.load(open(sys.argv[2], encoding="utf-8")), sys.argv[2])
    else:
        print(json.dumps(out, indent=1, ensure_ascii=False))


def flatten(v):
    if isinstance(v, dict):
        for k in sorted(v):
            if k != "generator":
                yield from flatten(v[k])
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from flatten(x)
    else:
        yield v


def check(fresh, committed, path):
    a, b = list(flatten(fresh)), list(flatten(committed))
    bad = [(x, y) for x, y in zip(a, b) if x != y and not (isinstance(x, float) and abs(x - y) < 1e-6)]
    if len(a) != len(b) or bad:
        sys.exit(f"{path} is stale: {len(bad)} values differ (first {bad[:3]}); regenerate it")
    print(f"{path}: {len(a)} reference values match {fresh['generator']}")


if __name__ == "__main__":
    main()
