"""Checks every traced baseline's tests share: settlements on their side, parts that tile the
regions, a front line inside Ukraine, waypoints that cite their evidence."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

import maps

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "geodata"


def assert_on_side(
    baseline: gpd.GeoDataFrame, name: str, lon: float, lat: float, side: str, evidence: str = ""
) -> None:
    """The settlement lies in territory of ``side``, at least 1 km from the other side.

    Coastal and riverside towns may sit just outside the 10m coastline: take the nearest part
    within 3 km.
    """
    projected = baseline.to_crs(maps.EQUAL_AREA_CRS)
    point = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(maps.EQUAL_AREA_CRS).iloc[0]
    distance = projected.distance(point)
    assert distance.min() < 3_000, f"{name} is not near Ukraine's territory"
    assert projected.party.iloc[distance.argmin()] == side, f"{name}: {evidence}".rstrip(": ")
    other = projected[projected.party != side]
    assert other.distance(point).min() > 1_000, f"{name} is within 1 km of the line"


def assert_parts_make_up_regions(baseline: gpd.GeoDataFrame) -> None:
    """Valid parts covering every region, adding up to its area."""
    regions = maps.load_regions().set_index("id")
    assert baseline.is_valid.all()
    assert set(baseline.region) == set(regions.index)
    for rid, part in baseline.groupby("region"):
        assert part.area_km2.sum() == pytest.approx(regions.area_km2[rid], rel=1e-4), rid


def russian_km2(baseline: gpd.GeoDataFrame, region: str | None = None) -> float:
    """Russian-held km² of ``region`` (of all Ukraine when None)."""
    ru = baseline[baseline.party == "RU"]
    if region is not None:
        ru = ru[ru.region == region]
    return float(ru.area_km2.sum())


def russian_share(baseline: gpd.GeoDataFrame, region: str) -> float:
    """Russian-held share of ``region`` in %, rounded past the last bit of a float sum."""
    area = float(baseline[baseline.region == region].area_km2.sum())
    return round(100 * russian_km2(baseline, region) / area, 9)


def russian_area(baseline: gpd.GeoDataFrame) -> BaseGeometry:
    """The Russian-held area of a baseline, in the equal-area projection."""
    ru = baseline[baseline.party == "RU"].to_crs(maps.EQUAL_AREA_CRS)
    return shapely.union_all(ru.geometry.values)


def front_km(name: str) -> float:
    """Length of a baseline's front line in km, after checking it lies inside Ukraine."""
    front = maps.load_contact_line(name)
    ukraine = shapely.union_all(maps.load_regions().geometry.values).buffer(1e-4)
    assert ukraine.contains(front.geometry.iloc[0])
    return float(front.to_crs(maps.EQUAL_AREA_CRS).length.sum()) / 1000


def waypoints(name: str) -> list[dict[str, str]]:
    """The rows of a traced line's CSV."""
    with (TOOLS / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def assert_waypoints_cite_evidence(name: str, at_least: int) -> None:
    """At least ``at_least`` waypoints inside Ukraine, each naming the settlement on either
    side, a source and a date; each segment numbered 1, 2, 3, ..."""
    rows = waypoints(name)
    ukraine = shapely.union_all(maps.load_regions().geometry.values)
    inside = [r for r in rows if ukraine.contains(Point(float(r["lon"]), float(r["lat"])))]
    assert len(inside) >= at_least
    for row in inside:
        for column in ("ua_side", "ru_side", "source", "date"):
            assert row[column].strip(), f"{row['segment']} {row['order']} has no {column}"
    for segment in {r["segment"] for r in rows}:
        orders = [int(r["order"]) for r in rows if r["segment"] == segment]
        assert orders == list(range(1, len(orders) + 1)), segment


def main_points(name: str) -> list[tuple[float, float]]:
    """The waypoints of a traced line's main segment, in order."""
    return [(float(r["lon"]), float(r["lat"])) for r in waypoints(name) if r["segment"] == "main"]
