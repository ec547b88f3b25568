"""Build generator/render/maps_data/countries.json from Natural Earth's 1:110m admin-0 countries.

Run by hand when the outlines should change, never by the build (see maps_data/README.md):

    pip download --no-deps geopandas==0.14.4 pyshp -d /tmp/ne
    unzip /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    PYTHONPATH=/tmp/ne/pyshp python tools/build_map_data.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

(with pyshp unpacked or installed: `unzip /tmp/ne/pyshp-*.whl -d /tmp/ne/pyshp`).
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import shapefile  # pyshp: needed only here, never by the package

from generator.render.geo import simplify  # the same Douglas–Peucker the maps use

OUT = Path(__file__).resolve().parents[1] / "generator" / "render" / "maps_data" / "countries.json"
TOLERANCE = 0.05  # degrees: below what the 1:110m outlines resolve anyway
SOURCE = ("Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), from the copy "
          "geopandas 0.14.4 ships as naturalearth_lowres; simplified (Douglas-Peucker, 0.05 degrees) "
          "by tools/build_map_data.py")


def main(shp: str) -> None:
    """Write the simplified outlines as integers in hundredths of a degree: [lon, lat, lon, lat, …] per ring."""
    reader = shapefile.Reader(shp)
    names = [f[0] for f in reader.fields[1:]]
    countries = []
    total = 0
    for record in reader.shapeRecords():
        fields = dict(zip(names, record.record, strict=True))
        shape = record.shape
        bounds = [*shape.parts, len(shape.points)]
        rings = []
        for start, end in itertools.pairwise(bounds):
            ring = simplify([(round(x, 2), round(y, 2)) for x, y in shape.points[start:end]], TOLERANCE)
            if len(ring) >= 4:
                rings.append([round(v * 100) for point in ring for v in point])
                total += len(ring)
        if rings:
            countries.append({"name": fields["name"], "iso": fields["iso_a3"], "rings": rings})
    data = {"source": SOURCE, "licence": "public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
            "units": "hundredths of a degree, WGS 84", "countries": countries}
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {total} points, {OUT.stat().st_size} bytes → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
