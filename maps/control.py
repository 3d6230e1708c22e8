"""Build a control layer (who holds which part of each region) from an occupied area. Pure."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from maps.geo import EQUAL_AREA_CRS, GRID, SLIVER_KM2, clean


def _without_slivers(geom: BaseGeometry) -> BaseGeometry:
    """Drop polygon parts smaller than :data:`SLIVER_KM2`, measured in the equal-area CRS."""
    parts = shapely.get_parts(geom)
    if len(parts) == 0:
        return shapely.Polygon()
    km2 = gpd.GeoSeries(parts, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area / 1e6
    return shapely.union_all([p for p, a in zip(parts, km2, strict=True) if a >= SLIVER_KM2])


CONTESTED = "contested"
"""The ``party`` of contested ground (a grey zone neither side holds)."""


def control_layer(
    regions: gpd.GeoDataFrame, occupied: BaseGeometry, contested: BaseGeometry | None = None
) -> gpd.GeoDataFrame:
    """For each region, its Russian-held part (inside ``occupied``), its contested part
    (inside ``contested`` and not occupied) and the Ukrainian-held rest.

    Parameters
    ----------
    regions
        Regions with ``id`` and geometry in EPSG:4326.
    occupied
        The Russian-held area in EPSG:4326 (may extend beyond Ukraine).
    contested
        The contested area (grey zone) in EPSG:4326, if the source has one.

    Returns
    -------
    GeoDataFrame with ``kind`` ("control"), ``party`` ("RU", "contested" or "UA"),
    ``region`` and geometry; the parts of a region are disjoint and together make the region.
    """
    rows = []
    for rid, region in zip(regions["id"], regions.geometry, strict=True):
        ru = _without_slivers(clean(region.intersection(occupied), GRID))
        grey: BaseGeometry = shapely.Polygon()
        if contested is not None:
            grey = _without_slivers(clean(region.intersection(contested).difference(ru), GRID))
        rest = region.difference(ru)
        ua = _without_slivers(clean(rest.difference(grey) if not grey.is_empty else rest, GRID))
        for party, part in (("RU", ru), (CONTESTED, grey), ("UA", ua)):
            if not part.is_empty:
                rows.append({"kind": "control", "party": party, "region": rid, "geometry": part})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def front_between(control: gpd.GeoDataFrame) -> BaseGeometry:
    """The boundary shared by the Russian-held and the Ukrainian-held territory."""
    ru = shapely.union_all(control[control["party"] == "RU"].geometry.values)
    ua = shapely.union_all(control[control["party"] == "UA"].geometry.values)
    shared = ru.boundary.intersection(ua.boundary)
    return shapely.line_merge(
        shapely.union_all(
            [
                g
                for g in shapely.get_parts(shared)
                if g.geom_type in ("LineString", "MultiLineString")
            ]
        )
    )
