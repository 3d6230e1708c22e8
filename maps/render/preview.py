"""A small static preview of a scenario for the index page: who would administer what, drawn
as a few SVG paths from the resolved control layer (simplified to about a pixel), and the land
that changes hands outlined. Presentation only; a few KB a scenario."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from maps import style
from maps.i18n import Lang, ui
from maps.resolve import Resolution
from maps.summary import party_name

WIDTH = 480
"""Width of the preview's coordinate space (its viewBox); the height follows the aspect."""
PAD = 4
"""A margin round the country, in viewBox units."""
TOLERANCE = 1.0
"""Simplification, in viewBox units (half a pixel at the size the index shows it)."""
OUTLINE = "#555555"

PATH_RE = re.compile(r"^[MLZmlz0-9 -]*$")
COLOR_RE = re.compile(r"^(#[0-9a-fA-F]{6}|none)$")


def _project(bounds: tuple[float, float, float, float]) -> tuple[Any, int]:
    """A function from (lon, lat) arrays to viewBox units, and the viewBox height."""
    lon0, lat0, lon1, lat1 = bounds
    stretch = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (WIDTH - 2 * PAD) / ((lon1 - lon0) * stretch)
    height = math.ceil((lat1 - lat0) * scale) + 2 * PAD

    def project(xy: Any) -> Any:
        out = xy.copy()
        out[:, 0] = PAD + (xy[:, 0] - lon0) * stretch * scale
        out[:, 1] = PAD + (lat1 - xy[:, 1]) * scale
        return out

    return project, height


def _numbers(values: list[int]) -> str:
    """Integers for SVG path data: a minus sign separates as well as a space does."""
    out = []
    for i, v in enumerate(values):
        out.append(str(v) if v < 0 or i == 0 else f" {v}")
    return "".join(out)


def _ring(coords: Any) -> str:
    points = [(round(x), round(y)) for x, y in coords]
    kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(kept) < 4:
        return ""
    x0, y0 = kept[0]
    steps: list[int] = []
    for (ax, ay), (bx, by) in itertools.pairwise(kept[:-1]):
        steps += [bx - ax, by - ay]
    return f"M{x0} {y0}l{_numbers(steps)}z"


def path_data(geom: BaseGeometry) -> str:
    """SVG path data of a (multi)polygon in viewBox units: integer, relative, closed rings."""
    rings = []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon":
            continue
        rings.append(_ring(polygon.exterior.coords))
        rings += [_ring(r.coords) for r in polygon.interiors]
    return "".join(r for r in rings if r)


def _shape(geom: BaseGeometry, fill: str, stroke: str, width: float) -> dict[str, Any]:
    return {"d": path_data(geom), "fill": fill, "stroke": stroke, "width": width}


def preview(res: Resolution, lang: Lang = "en") -> dict[str, Any]:
    """The preview as plain data: viewBox size, shapes (path data, fill, stroke, width) and a
    legend of [colour, label] for what it shows."""
    control: gpd.GeoDataFrame = res.control
    lon0, lat0, lon1, lat1 = (float(v) for v in control.total_bounds)
    project, height = _project((lon0, lat0, lon1, lat1))
    colors = style.scenario_colors(res.scenario)
    names = res.scenario.party_names(lang)
    shapes, legend = [], []
    areas = control.assign(km2=control["area_km2"]).groupby("party")["km2"].sum()
    for party in areas.sort_values(ascending=False).index:
        pieces = control.geometry[control["party"] == party]
        geom = shapely.transform(shapely.union_all(pieces.values), project)
        geom = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
        color = style.color_of(str(party), colors)
        # An outline in the fill's own colour closes the hairline gaps between neighbours
        # that simplifying each party on its own leaves.
        shapes.append(_shape(geom, color, color, 1.0))
        legend.append([color, party_name(str(party), names, lang)])
    whole = shapely.transform(shapely.union_all(control.geometry.values), project)
    shapes.append(_shape(shapely.simplify(whole, TOLERANCE), "none", OUTLINE, 0.8))
    if not res.changes.empty:
        moved = shapely.transform(shapely.union_all(res.changes.geometry.values), project)
        moved = shapely.simplify(moved, TOLERANCE, preserve_topology=True)
        shapes.append(_shape(moved, "none", style.CHANGE_COLOR, 2.0))
        legend.append([style.CHANGE_COLOR, ui("preview_changes", lang), "outline"])
    return {"size": [WIDTH, height], "shapes": shapes, "legend": legend}


def valid(data: Any) -> bool:
    """Whether preview data (e.g. read back from a manifest) is safe to draw as it is."""
    try:
        w, h = data["size"]
        ok = all(isinstance(v, int) and 0 < v <= 2000 for v in (w, h))
        for s in data["shapes"]:
            ok = ok and isinstance(s["d"], str) and bool(PATH_RE.match(s["d"]))
            ok = ok and all(
                isinstance(s[k], str) and COLOR_RE.match(s[k]) for k in ("fill", "stroke")
            )
            ok = ok and isinstance(s["width"], int | float) and 0 <= s["width"] <= 10
        for item in data["legend"]:
            ok = ok and isinstance(item[0], str) and bool(COLOR_RE.match(item[0]))
            ok = ok and isinstance(item[1], str)
        return bool(ok)
    except (KeyError, TypeError, ValueError):
        return False
