"""Build the shipped baselines (``geodata/baseline-<name>.geojson``) from hand-traced lines.

Each baseline is a CSV of waypoints (``segment,order,lon,lat`` and notes) tracing a line of
contact from public reporting, placed between settlements reported on either side (GeoNames
coordinates). Each segment starts and ends outside Ukraine; it is closed into a polygon through
Russia or the sea, the polygons are united with Crimea and Sevastopol, and the result is cut
by region into Russian-held and Ukrainian-held parts (``maps.control.control_layer``).
Run: ``python tools/geodata/baseline.py [name ...]`` (all baselines when no name is given).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from common import ROOT, write_geojson  # noqa: E402

from maps.control import control_layer  # noqa: E402

Path2D = list[tuple[float, float]]


@dataclass(frozen=True)
class Baseline:
    """One shipped baseline: its name, its traced waypoints and how each segment closes."""

    name: str
    closing: dict[str, Path2D]
    """For each segment, the way back to its start through Russia or the sea (never Ukraine)."""

    @property
    def waypoints(self) -> Path:
        """The hand-traced CSV."""
        return HERE / f"{self.name}.csv"

    @property
    def contested(self) -> Path:
        """Optional CSV of contested areas (``area,order,lon,lat`` rings, with evidence)."""
        return HERE / f"{self.name}-contested.csv"

    @property
    def output(self) -> Path:
        """The GeoJSON file written into geodata/."""
        return ROOT / f"baseline-{self.name}.geojson"


BASELINES = (
    Baseline(
        "contact-line-2025-08",
        {
            "sumy": [(35.30, 51.60), (34.85, 51.60)],
            "vovchansk": [(37.12, 50.70), (36.30, 50.70)],
            "main": [(31.00, 44.00), (42.00, 44.00), (42.00, 51.50), (38.50, 51.50)],
        },
    ),
    Baseline(
        "contact-line-2022-02-23",
        {"donbas": [(40.50, 46.95), (40.50, 48.62)]},
    ),
    Baseline(
        "contact-line-2025-04-22",
        {
            "vovchansk": [(37.12, 50.70), (36.30, 50.70)],
            "main": [(31.00, 44.00), (42.00, 44.00), (42.00, 51.50), (38.50, 51.50)],
        },
    ),
    Baseline(
        "contact-line-2025-11-20",
        {
            "sumy": [(35.30, 51.60), (34.40, 51.60)],
            "vovchansk": [(37.12, 50.70), (36.30, 50.70)],
            "main": [(31.00, 44.00), (42.00, 44.00), (42.00, 51.50), (38.50, 51.50)],
        },
    ),
    Baseline(
        "contact-line-2025-06-02",
        {
            "sumy": [(35.30, 51.60), (34.40, 51.60)],
            "vovchansk": [(37.12, 50.70), (36.30, 50.70)],
            "main": [(31.00, 44.00), (42.00, 44.00), (42.00, 51.50), (38.50, 51.50)],
        },
    ),
)

WHOLLY_HELD = ("crimea", "sevastopol")
"""Regions Russia has held entirely since 2014."""


def read_segments(path: Path) -> dict[str, Path2D]:
    """The traced lines by segment name, points in order."""
    rows: dict[str, list[tuple[int, float, float]]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["segment"], []).append(
                (int(row["order"]), float(row["lon"]), float(row["lat"]))
            )
    return {name: [(x, y) for _, x, y in sorted(pts)] for name, pts in rows.items()}


def occupied_area(
    segments: dict[str, Path2D], closing: dict[str, Path2D], regions: gpd.GeoDataFrame
) -> BaseGeometry:
    """Russian-held territory: the closed segments plus Crimea and Sevastopol."""
    polygons = [Polygon(points + closing[name]) for name, points in segments.items()]
    held = regions[regions["id"].isin(WHOLLY_HELD)].geometry
    return shapely.union_all([*polygons, *held])


def front_line(segments: dict[str, Path2D], regions: gpd.GeoDataFrame) -> BaseGeometry:
    """The traced lines where they cross Ukraine's territory."""
    ukraine = shapely.union_all(regions.geometry.values)
    lines = shapely.union_all([LineString(points) for points in segments.values()])
    return shapely.set_precision(lines.intersection(ukraine), 1e-5)


def contested_area(path: Path) -> BaseGeometry | None:
    """Contested ground (a grey zone): the rings of the CSV's areas, or None without a file."""
    if not path.exists():
        return None
    rows: dict[str, list[tuple[int, float, float]]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["area"], []).append(
                (int(row["order"]), float(row["lon"]), float(row["lat"]))
            )
    rings = [Polygon([(x, y) for _, x, y in sorted(pts)]) for pts in rows.values()]
    return shapely.union_all([shapely.make_valid(r) for r in rings])


def build(baseline: Baseline, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The baseline file's rows: control parts per region and party (Russian-held, contested
    where the baseline has a contested-areas file, Ukrainian-held), then the front line."""
    segments = read_segments(baseline.waypoints)
    occupied = occupied_area(segments, baseline.closing, regions)
    layer = control_layer(regions, occupied, contested_area(baseline.contested))
    front = {
        "kind": "front",
        "party": None,
        "region": None,
        "geometry": front_line(segments, regions),
    }
    return gpd.GeoDataFrame([*layer.to_dict("records"), front], crs="EPSG:4326")


def report(result: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> None:
    """Print Russian-held km² and share per region and in total, and the front line's length."""
    from maps.geo import EQUAL_AREA_CRS, area_km2

    control = result[result["kind"] == "control"].copy()
    control["km2"] = area_km2(control)
    region_km2 = dict(zip(regions["id"], area_km2(regions), strict=True))
    ru = control[control["party"] == "RU"].groupby("region")["km2"].sum()
    for rid, km2 in ru.sort_values(ascending=False).items():
        print(f"{rid:16s} {km2:10,.0f} km²  {100 * km2 / region_km2[rid]:5.1f}%")
    grey = control[control["party"] == "contested"]["km2"].sum()
    if grey:
        print(f"{'contested':16s} {grey:10,.0f} km²")
    total = sum(region_km2.values())
    print(f"{'total':16s} {ru.sum():10,.0f} km²  {100 * ru.sum() / total:5.1f}% of Ukraine")
    front = result[result["kind"] == "front"].to_crs(EQUAL_AREA_CRS)
    print(f"{'front line':16s} {front.length.sum() / 1000:10,.0f} km inside Ukraine")


def main(names: list[str]) -> None:
    """Build, write and report the named baselines (all of them when none is named)."""
    regions = gpd.read_file(ROOT / "regions.geojson")
    chosen = [b for b in BASELINES if not names or b.name in names]
    unknown = set(names) - {b.name for b in BASELINES}
    if unknown:
        sys.exit(f"unknown baseline(s): {', '.join(sorted(unknown))}")
    for baseline in chosen:
        result = build(baseline, regions)
        write_geojson(result, baseline.output)
        report(result, regions)


if __name__ == "__main__":
    main(sys.argv[1:])
