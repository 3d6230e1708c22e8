"""Display data for the maps: simplified, quantised GeoJSON with style keys and tooltip lines.

Statistics are always computed on full geometry (``maps.resolve``); this module only makes
compact copies for drawing. Polygons that share borders are simplified together
(``shapely.coverage_simplify``) so no gaps open between neighbours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from maps import style
from maps.geo import EQUAL_AREA_CRS
from maps.load import load_cities, load_contact_line, load_context, load_regions
from maps.memo import memo
from maps.regions import FOCUS

TOLERANCE_M = 1000.0
"""Display simplification in metres: invisible at the zoom levels the maps allow."""
DECIMALS = 3
"""Display coordinate precision in degrees (about 100 m)."""

Feature = dict[str, Any]


def simplify_coverage(geoms: gpd.GeoSeries, tolerance_m: float = TOLERANCE_M) -> gpd.GeoSeries:
    """Simplify polygons that tile an area together, keeping shared edges shared."""
    projected = geoms.to_crs(EQUAL_AREA_CRS)
    simplified = shapely.coverage_simplify(projected.values, tolerance_m)
    return gpd.GeoSeries(simplified, index=geoms.index, crs=EQUAL_AREA_CRS).to_crs(_crs(geoms))


def simplify_lines(geoms: gpd.GeoSeries, tolerance_m: float = TOLERANCE_M) -> gpd.GeoSeries:
    """Simplify lines in metres."""
    projected = geoms.to_crs(EQUAL_AREA_CRS).simplify(tolerance_m)
    return projected.to_crs(_crs(geoms))


def _crs(geoms: gpd.GeoSeries) -> Any:
    """The CRS of a series that must have one."""
    if geoms.crs is None:
        raise ValueError("geometry without a CRS")
    return geoms.crs


def quantise(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Round coordinates for display; drop parts that collapse."""
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    if rounded.geom_type.endswith("Polygon"):
        rounded = shapely.make_valid(rounded)
        parts = [p for p in shapely.get_parts(rounded) if p.geom_type == "Polygon" and p.area > 0]
        return shapely.union_all(parts) if parts else shapely.Polygon()
    return rounded


def collection(
    features: Iterable[tuple[BaseGeometry, str, list[str]]], regions: list[str] | None = None
) -> dict[str, Any]:
    """A FeatureCollection of (geometry, style key, tooltip lines), empty geometries dropped;
    ``regions`` gives each feature's region id (``r``) where the map needs it."""
    out: list[Feature] = []
    for i, (geom, key, tip) in enumerate(features):
        shape = quantise(geom)
        if shape.is_empty:
            continue
        props: dict[str, Any] = {"s": key}
        if regions is not None:
            props["r"] = regions[i]
        if tip:
            props["t"] = tip
        out.append({"type": "Feature", "properties": props, "geometry": mapping(shape)})
    return {"type": "FeatureCollection", "features": out}


CONTEXT_TOLERANCE_M = 2000.0
"""Context is drawn under Ukraine's own areas, so it can be simplified more."""


@memo
def context_collection() -> dict[str, Any]:
    """Neighbours, seas, reservoirs and the Dnipro, styled by kind."""
    ctx = load_context()
    shapes = ctx.to_crs(EQUAL_AREA_CRS).simplify(CONTEXT_TOLERANCE_M).to_crs("EPSG:4326")
    rivers = ctx["kind"] == "river"
    shapes[rivers] = ctx.geometry[rivers]
    return collection((g, k, []) for g, k in zip(shapes, ctx["kind"], strict=True))


CONTEXT_STYLES: dict[str, dict[str, Any]] = {
    "country": {"fillColor": style.NEIGHBOUR_COLOR, "fillOpacity": 1, "stroke": False},
    "sea": {"fillColor": style.WATER_COLOR, "fillOpacity": 1, "stroke": False},
    "reservoir": {
        "fillColor": style.WATER_COLOR,
        "fillOpacity": 0.9,
        "color": style.RIVER_COLOR,
        "weight": 0.5,
        "dashArray": "2 2",
    },
    "lagoon": {"fillColor": style.WATER_COLOR, "fillOpacity": 0.9, "stroke": False},
    "river": {"color": style.RIVER_COLOR, "weight": style.LINE_WIDTHS["river"], "fill": False},
}


@memo
def contact_line_collection(baseline: str) -> dict[str, Any]:
    """The baseline's line of contact."""
    line = load_contact_line(baseline)
    simplified = simplify_lines(line.geometry, 300.0)
    return collection((g, "contact", []) for g in simplified)


def contact_style() -> dict[str, dict[str, Any]]:
    """Style of the line of contact."""
    return {
        "contact": {
            "color": style.CONTACT_LINE_COLOR,
            "weight": style.LINE_WIDTHS["contact"],
            "dashArray": style.CONTACT_DASH,
            "fill": False,
            "opacity": 0.9,
        }
    }


def style_key(party: str, status: str) -> str:
    """Style-table key of a control area."""
    return f"{party}|{status}"


def control_styles(pairs: Iterable[tuple[str, str]], parties: list[str]) -> dict[str, Any]:
    """Leaflet styles for (party, status) pairs; patterned statuses fill with an SVG pattern."""
    styles: dict[str, Any] = {}
    for party, status in sorted(set(pairs)):
        pattern = style.STATUS_PATTERNS.get(status)
        fill = style.party_color(party, parties)
        styles[style_key(party, status)] = {
            "fillColor": f"url(#{pattern_id(party, status)})" if pattern else fill,
            "fillOpacity": 1 if pattern else style.FILL_OPACITY,
            "color": style.BORDER_COLOR,
            "weight": style.LINE_WIDTHS["border"],
        }
    return styles


def pattern_id(party: str, status: str) -> str:
    """Id of the SVG pattern for a party and status."""
    return f"mk-{party}-{status}".lower()


def pattern_definitions(
    pairs: Iterable[tuple[str, str]], parties: list[str]
) -> list[dict[str, Any]]:
    """SVG pattern specs for the patterned statuses among ``pairs``."""
    out = []
    for party, status in sorted(set(pairs)):
        pattern = style.STATUS_PATTERNS.get(status)
        if pattern:
            out.append(
                {
                    "id": pattern_id(party, status),
                    "kind": pattern.kind,
                    "color": style.party_color(party, parties),
                    "opacity": style.FILL_OPACITY,
                    "ink": "#ffffff" if pattern.kind != "dots" else "#222222",
                }
            )
    return out


def control_collection(
    control: gpd.GeoDataFrame, tooltip: Callable[[Any], list[str]]
) -> dict[str, Any]:
    """Control areas (party, status, region) simplified together as one coverage."""
    if control.empty:
        return {"type": "FeatureCollection", "features": []}
    shapes = simplify_coverage(control.geometry)
    rows: list[Any] = list(control.assign(geometry=shapes).itertuples())
    return collection(
        ((r.geometry, style_key(r.party, r.status), tooltip(r)) for r in rows),
        regions=[r.region for r in rows],
    )


def same_regions(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> set[str]:
    """Regions whose control is identical in two control layers."""

    def signature(control: gpd.GeoDataFrame) -> dict[str, list[tuple[str, str, float]]]:
        sig: dict[str, list[tuple[str, str, float]]] = {}
        rows: list[Any] = list(control.itertuples())
        for r in rows:
            sig.setdefault(r.region, []).append((r.party, r.status, round(r.area_km2, 1)))
        return {k: sorted(v) for k, v in sig.items()}

    left, right = signature(a), signature(b)
    return {rid for rid in left if left[rid] == right.get(rid)}


def changes_collection(
    changes: gpd.GeoDataFrame, tooltip: Callable[[Any], list[str]]
) -> dict[str, Any]:
    """Areas changing hands, outlined."""
    if changes.empty:
        return {"type": "FeatureCollection", "features": []}
    shapes = simplify_coverage(changes.geometry)
    rows = changes.assign(geometry=shapes)
    return collection((r.geometry, "change", tooltip(r)) for _, r in rows.iterrows())


def changes_style() -> dict[str, dict[str, Any]]:
    """Outline of territory changing hands."""
    return {
        "change": {
            "color": style.CHANGE_COLOR,
            "weight": style.LINE_WIDTHS["change"],
            "fillColor": "#ffd400",
            "fillOpacity": 0.25,
        }
    }


@memo
def region_labels() -> list[list[Any]]:
    """Oblast names at a point inside each region; focus regions in bold."""
    regions = load_regions()
    projected = regions.to_crs(EQUAL_AREA_CRS)
    centres = shapely.get_point(shapely.maximum_inscribed_circle(projected.geometry.values), 0)
    points = gpd.GeoSeries(centres, crs=EQUAL_AREA_CRS).to_crs("EPSG:4326")
    rows = []
    for rid, name, x, y in zip(regions["id"], regions["name"], points.x, points.y, strict=True):
        label = "Crimea" if rid == "crimea" else name
        cls = "mk-focus" if rid in FOCUS else "mk-region"
        rows.append([round(float(x), 3), round(float(y), 3), label, cls])
    return rows


CONTEXT_LABELS = [
    [34.2, 43.7, "Black Sea", "mk-sea"],
    [36.6, 46.2, "Sea of Azov", "mk-sea"],
    [39.6, 50.6, "Russia", "mk-country"],
    [28.3, 52.4, "Belarus", "mk-country"],
    [28.6, 47.2, "Moldova", "mk-country"],
]


@memo
def city_rows(min_population: int = 40_000) -> list[list[Any]]:
    """Ukrainian cities: lon, lat, radius, popup lines; large ones labelled permanently."""
    cities = load_cities()
    cities = cities[(cities["country"] == "UA") & (cities["population"] >= min_population)]
    cities = cities.sort_values("population", ascending=False)
    rows = []
    listed: list[Any] = list(cities.itertuples())
    for c in listed:
        source = "" if c.population_source == "GeoNames" else " (corrected)"
        popup = [c.name, f"Pre-war population: {int(c.population):,}{source}"]
        permanent = (
            1 if c.population >= 200_000 or (c.region in FOCUS and c.population >= 90_000) else 0
        )
        rows.append(
            [
                c.name,
                round(c.lon, 3),
                round(c.lat, 3),
                round(style.city_radius(int(c.population)), 1),
                popup,
                permanent,
            ]
        )
    return rows


def focus_bounds() -> tuple[float, float, float, float]:
    """Bounds of the focus regions with a little room for the panel."""
    lon0, lat0, lon1, lat1 = load_regions(list(FOCUS)).total_bounds
    return (float(lon0) - 1.5, float(lat0) - 0.2, float(lon1) + 0.3, float(lat1) + 0.3)
