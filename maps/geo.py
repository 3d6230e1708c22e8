"""Pure geometry helpers: equal-area measurement and cleaning. No I/O."""

from __future__ import annotations

import geopandas as gpd
import shapely
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
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type.endswith("Polygon")])
    return geom
