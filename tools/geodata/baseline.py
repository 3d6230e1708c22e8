"""Build geodata/baseline-contact-line-2025-08.geojson from the hand-traced front line.

The waypoints in ``contact-line-2025-08.csv`` trace the line of contact of mid-August 2025
from public reporting, placed between settlements reported on either side (GeoNames
coordinates). Each segment starts and ends outside Ukraine; it is closed into a polygon through
Russia or the sea, the polygons are united with Crimea and Sevastopol, and the result is cut
by region into Russian-held and Ukrainian-held parts (``maps.control.control_layer``).
Run: ``python tools/geodata/baseline.py``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from common import ROOT, write_geojson  # noqa: E402

from maps.control import control_layer  # noqa: E402

WAYPOINTS = HERE / "contact-line-2025-08.csv"
OUTPUT = ROOT / "baseline-contact-line-2025-08.geojson"

CLOSING: dict[str, list[tuple[float, float]]] = {
    "sumy": [(35.30, 51.60), (34.85, 51.60)],
    "vovchansk": [(37.12, 50.70), (36.30, 50.70)],
    "main": [(31.00, 44.00), (42.00, 44.00), (42.00, 51.50), (38.50, 51.50)],
}
"""For each segment, the way back to its start through Russia or the sea (never Ukraine)."""

WHOLLY_HELD = ("crimea", "sevastopol")
"""Regions Russia has held entirely since 2014."""


def read_segments(path: Path = WAYPOINTS) -> dict[str, list[tuple[float, float]]]:
    """The traced lines by segment name, points in order."""
    rows: dict[str, list[tuple[int, float, float]]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["segment"], []).append(
                (int(row["order"]), float(row["lon"]), float(row["lat"]))
            )
    return {name: [(x, y) for _, x, y in sorted(pts)] for name, pts in rows.items()}


def occupied_area(
    segments: dict[str, list[tuple[float, float]]], regions: gpd.GeoDataFrame
) -> shapely.Geometry:
    """Russian-held territory: the closed segments plus Crimea and Sevastopol."""
    polygons = [Polygon(points + CLOSING[name]) for name, points in segments.items()]
    held = regions[regions["id"].isin(WHOLLY_HELD)].geometry
    return shapely.union_all([*polygons, *held])


def front_line(
    segments: dict[str, list[tuple[float, float]]], regions: gpd.GeoDataFrame
) -> shapely.Geometry:
    """The traced lines where they cross Ukraine's territory."""
    ukraine = shapely.union_all(regions.geometry.values)
    lines = shapely.union_all([LineString(points) for points in segments.values()])
    return shapely.set_precision(lines.intersection(ukraine), 1e-5)


def build() -> gpd.GeoDataFrame:
    """The baseline file's rows: control parts per region and party, then the front line."""
    regions = gpd.read_file(ROOT / "regions.geojson")
    segments = read_segments()
    layer = control_layer(regions, occupied_area(segments, regions))
    front = gpd.GeoDataFrame(
        [
            {
                "kind": "front",
                "party": None,
                "region": None,
                "geometry": front_line(segments, regions),
            }
        ],
        crs="EPSG:4326",
    )
    return gpd.GeoDataFrame([*layer.to_dict("records"), *front.to_dict("records")], crs="EPSG:4326")


def report(baseline: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> None:
    """Print Russian-held km² and share per region and in total."""
    from maps.geo import area_km2

    control = baseline[baseline["kind"] == "control"].copy()
    control["km2"] = area_km2(control)
    region_km2 = dict(zip(regions["id"], area_km2(regions), strict=True))
    ru = control[control["party"] == "RU"].groupby("region")["km2"].sum()
    for rid, km2 in ru.sort_values(ascending=False).items():
        print(f"{rid:16s} {km2:10,.0f} km²  {100 * km2 / region_km2[rid]:5.1f}%")
    total = sum(region_km2.values())
    print(f"{'total':16s} {ru.sum():10,.0f} km²  {100 * ru.sum() / total:5.1f}% of Ukraine")


if __name__ == "__main__":
    result = build()
    write_geojson(result, OUTPUT)
    report(result, gpd.read_file(ROOT / "regions.geojson"))
