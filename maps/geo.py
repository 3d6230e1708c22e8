"""Pure geometry helpers: equal-area measurement and cleaning. No I/O."""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

EQUAL_AREA_CRS = "+proj=laea +lat_0=48.5 +lon_0=32 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
"""Lambert azimuthal equal-area projection centred on Ukraine: areas in m² are true."""

GRID = 1e-5
"""Coordinate precision of shipped and resolved geometry in degrees (about 1 m)."""


def area_km2(data: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.pd.Series:
    """Area of each geometry in km², measured in an equal-area projection (never in degrees)."""
    geoms = data.geometry if isinstance(data, gpd.GeoDataFrame) else data
    if geoms.crs is None:
        raise ValueError("geometry has no CRS; set EPSG:4326 for longitude/latitude data")
    return geoms.to_crs(EQUAL_AREA_CRS).area / 1e6


def geometry_area_km2(geom: BaseGeometry) -> float:
    """Area in km² of one geometry given in EPSG:4326 longitude/latitude."""
    return float(area_km2(gpd.GeoSeries([geom], crs="EPSG:4326")).iloc[0])


def clean(geom: BaseGeometry, grid: float = GRID) -> BaseGeometry:
    """Make a geometry valid, snap it to the grid and keep only its polygonal parts."""
    geom = shapely.make_valid(shapely.set_precision(shapely.make_valid(geom), grid))
    if geom.geom_type == "GeometryCollection":
        parts = shapely.get_parts(geom)
        geom = shapely.union_all([g for g in parts if g.geom_type.endswith("Polygon")])
    return geom


FRAME = (20.0, 43.0, 42.0, 54.0)
"""Longitudes and latitudes plausible around Ukraine (lon0, lat0, lon1, lat1)."""
SLIVER_KM2 = 0.01
"""Parts smaller than this are artefacts of cutting, not territory."""

Compass = Literal["north", "south", "east", "west"]
COMPASS: tuple[Compass, ...] = ("north", "south", "east", "west")
OPPOSITE: dict[str, str] = {"north": "south", "south": "north", "east": "west", "west": "east"}


class LineSideError(ValueError):
    """A line whose compass sides cannot be told apart (e.g. north/south of a north-south line)."""


def extend_line(line: LineString, distance: float) -> LineString:
    """Prolong both ends of a projected line straight on by ``distance`` (units of the CRS)."""
    coords = np.asarray(line.coords)
    start = coords[0] + _unit(coords[0] - coords[1]) * distance
    end = coords[-1] + _unit(coords[-1] - coords[-2]) * distance
    return LineString(np.vstack([start, coords, end]))


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.hypot(*vector))
    return vector / norm if norm else vector


def left_side(line: LineString, compass: str) -> bool:
    """Whether ``compass`` (north/south/east/west) is the left side of the line's direction.

    Raises :class:`LineSideError` when the line runs along that axis, so the side is ambiguous.
    """
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    dx, dy = x1 - x0, y1 - y0
    length = float(np.hypot(dx, dy)) or 1.0
    if compass in ("north", "south"):
        if abs(dx) < 0.3 * length:
            raise LineSideError("the line runs north–south; name its east and west sides")
        left_is_north = dx > 0
        return left_is_north == (compass == "north")
    if abs(dy) < 0.3 * length:
        raise LineSideError("the line runs east–west; name its north and south sides")
    left_is_west = dy > 0
    return left_is_west == (compass == "west")


def split_by_line(
    polygon: BaseGeometry, line: LineString, reach: float = 2e6
) -> tuple[BaseGeometry, BaseGeometry]:
    """Split a projected polygon by a line prolonged to cross it; return (left, right) parts.

    A part lies left or right of the line as seen walking from its first to its last point.
    Either part may be empty when the line does not cross the polygon.
    """
    cut = extend_line(line, reach)
    pieces = shapely.get_parts(shapely.ops.split(polygon, cut))
    left: list[BaseGeometry] = []
    right: list[BaseGeometry] = []
    for piece in pieces:
        (left if _is_left(cut, piece.representative_point()) else right).append(piece)
    return shapely.union_all(left), shapely.union_all(right)


def _is_left(line: LineString, point: Point) -> bool:
    """Whether a point lies left of the nearest segment of the line."""
    coords = np.asarray(line.coords)
    position = line.project(point)
    lengths = np.cumsum(np.hypot(*np.diff(coords, axis=0).T))
    i = min(int(np.searchsorted(lengths, position)), len(coords) - 2)
    (ax, ay), (bx, by) = coords[i], coords[i + 1]
    return bool((bx - ax) * (point.y - ay) - (by - ay) * (point.x - ax) > 0)


def line_zone(line: BaseGeometry, width: float, side: str = "both") -> BaseGeometry:
    """A zone along a projected line: ``width`` in total for both sides, or on one side only.

    ``side`` is ``both``, ``left`` or ``right`` (of the line's direction).
    """
    if side == "both":
        return line.buffer(width / 2, cap_style="flat")
    distance = width if side == "left" else -width
    return line.buffer(distance, single_sided=True)
