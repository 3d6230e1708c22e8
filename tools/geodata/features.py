"""Build geodata/features.geojson: named features scenario files refer to by id.

``dnipro`` (the river through Ukraine, from the Belarus border to the Kinburn strait, from the
waypoints of ``dnipro-river.csv``), ``znpp`` (the Zaporizhzhia nuclear power plant),
``kakhovka-dam`` (destroyed on 6 June 2023) and ``kinburn-spit`` (the Mykolaiv oblast part of
the Kinburn peninsula, from ``regions.geojson``). Every feature carries ``id, name, name_uk,
kind, source, date, licence, accuracy``; ``geodata/SOURCES.md`` explains them.

The build checks the river against the gazetteer: each bank town of :data:`BANKS` must lie on
its side of the line and within :data:`NEAR_KM` of it. Run: ``python tools/geodata/features.py``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, box

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from common import ROOT, round_geometry, write_geojson  # noqa: E402

WAYPOINTS = HERE / "dnipro-river.csv"
COMPILED = "2026-11-27"
KINBURN_BOX = box(31.45, 46.40, 31.90, 46.60)
"""Holds the Mykolaiv oblast part of the Kinburn peninsula, apart from the rest of the oblast."""

BANKS: dict[str, list[tuple[str, str]]] = {
    "right": [
        ("Kyiv", "kyiv-city"),
        ("Trypillia", "kyiv"),
        ("Rzhyshchiv", "kyiv"),
        ("Kaniv", "cherkasy"),
        ("Cherkasy", "cherkasy"),
        ("Svitlovodsk", "kirovohrad"),
        ("Kamyanske", "dnipropetrovsk"),
        ("Dnipro", "dnipropetrovsk"),
        ("Marhanets", "dnipropetrovsk"),
        ("Nikopol", "dnipropetrovsk"),
        ("Beryslav", "kherson"),
        ("Kozatske", "kherson"),
        ("Antonivka", "kherson"),
        ("Kherson", "kherson"),
        ("Ochakiv", "mykolaiv"),
    ],
    "left": [
        ("Liubech", "chernihiv"),
        ("Pereiaslav", "kyiv"),
        ("Kremenchuk", "poltava"),
        ("Horishni Plavni", "poltava"),
        ("Zaporizhzhya", "zaporizhzhia"),
        ("Enerhodar", "zaporizhzhia"),
        ("Kamyanka-Dniprovska", "zaporizhzhia"),
        ("Kakhovka", "kherson"),
        ("Nova Kakhovka", "kherson"),
        ("Krynky", "kherson"),
        ("Kozachi Laheri", "kherson"),
        ("Oleshky", "kherson"),
        ("Hola Prystan", "kherson"),
    ],
}
"""Towns on each bank (right = west/north, looking downstream), by GeoNames name and region."""
NEAR_KM = 12.0
"""Every bank town lies within this distance of the line (Enerhodar, across the former
reservoir, is the farthest at about 9 km)."""

GEOD = Geod(ellps="WGS84")


def waypoints() -> list[tuple[float, float]]:
    """The river's waypoints in flow order."""
    with WAYPOINTS.open(encoding="utf-8") as f:
        return [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]


def side(line: LineString, point: Point) -> str:
    """``right`` or ``left`` of the line, looking downstream."""
    at = line.project(point)
    a = line.interpolate(max(at - 1e-4, 0.0))
    b = line.interpolate(min(at + 1e-4, line.length))
    cross = (b.x - a.x) * (point.y - a.y) - (b.y - a.y) * (point.x - a.x)
    return "left" if cross > 0 else "right"


def distance_km(line: LineString, point: Point) -> float:
    """Geodesic distance from ``point`` to the nearest point of ``line``."""
    near = line.interpolate(line.project(point))
    return float(GEOD.inv(point.x, point.y, near.x, near.y)[2]) / 1000


def check_banks(line: LineString) -> None:
    """Fail the build when a bank town is on the wrong side or far from the line."""
    places = pd.read_csv(ROOT / "gazetteer.csv")
    problems = []
    for bank, towns in BANKS.items():
        for name, region in towns:
            row = places[(places["name"] == name) & (places["region"] == region)].iloc[0]
            point = Point(float(row["lon"]), float(row["lat"]))
            got, km = side(line, point), distance_km(line, point)
            print(f"  {name} ({bank} bank): {got}, {km:.1f} km from the line")
            if got != bank or km > NEAR_KM:
                problems.append(f"{name}: {got} bank, {km:.1f} km")
    if problems:
        raise SystemExit(f"bank check failed: {problems}")


def dnipro() -> dict[str, object]:
    """The river, from the waypoints."""
    line = LineString(waypoints())
    if not line.is_simple:
        raise SystemExit("the Dnipro line crosses itself")
    check_banks(line)
    length = GEOD.geometry_length(line) / 1000
    print(f"  dnipro: {len(line.coords)} waypoints, {length:,.0f} km")
    return {
        "id": "dnipro",
        "name": "Dnipro",
        "name_uk": "Дніпро",
        "kind": "river",
        "source": "Waypoints in tools/geodata/dnipro-river.csv: the Belarus-Ukraine border "
        "from Natural Earth 10m boundary lines; the middle of the Kyiv, Kaniv, Kremenchuk and "
        "Kamianske reservoirs and of the Dnipro-Buh estuary from Natural Earth 10m lakes and "
        "ocean; elsewhere hand-traced between bank towns (GeoNames) and the Kakhovka dam, "
        "Tiahynka and Krynky (Wikipedia)",
        "date": COMPILED,
        "licence": "Natural Earth: public domain; GeoNames: CC BY 4.0; tracing: CC BY 4.0",
        "accuracy": "approximate: about 1-2 km from the main channel below the Kakhovka dam; "
        "about 2-3 km elsewhere, in the former Kakhovka reservoir (the old channel, drained "
        "since June 2023) and in the Dnipro reservoir above Zaporizhzhia; the Kyiv, Kaniv, "
        "Kremenchuk and Kamianske reservoirs and the estuary along their middle, not the old "
        "channel",
        "geometry": line,
    }


def znpp() -> dict[str, object]:
    """The Zaporizhzhia nuclear power plant."""
    return {
        "id": "znpp",
        "name": "Zaporizhzhia Nuclear Power Plant",
        "name_uk": "Запорізька атомна електростанція",
        "kind": "nuclear-plant",
        "source": "Wikipedia, Zaporizhzhia Nuclear Power Plant (47°30′44″N 34°35′09″E); "
        "checked against Enerhodar in GeoNames (the plant 6 km west-north-west of the town "
        "centre, on the left bank)",
        "date": COMPILED,
        "licence": "coordinates are facts; Wikipedia text CC BY-SA 4.0 (not copied)",
        "accuracy": "about 0.5 km (the site is about 2 km across)",
        "geometry": Point(34.58583, 47.51222),
    }


def kakhovka_dam() -> dict[str, object]:
    """The Kakhovka dam at Nova Kakhovka, destroyed on 6 June 2023."""
    return {
        "id": "kakhovka-dam",
        "name": "Kakhovka dam (destroyed 6 June 2023)",
        "name_uk": "Каховська ГЕС",
        "kind": "dam",
        "source": "Wikipedia, Kakhovka Dam (46°46′34″N 33°22′18″E); the dam's downstream end "
        "of the river line",
        "date": COMPILED,
        "licence": "coordinates are facts",
        "accuracy": "about 0.5 km (the dam was 3.3 km long)",
        "geometry": Point(33.37167, 46.77611),
    }


def kinburn_spit() -> dict[str, object]:
    """The Mykolaiv oblast part of the Kinburn peninsula, the spit included."""
    regions = gpd.read_file(ROOT / "regions.geojson")
    mykolaiv = regions[regions["id"] == "mykolaiv"].geometry.iloc[0]
    parts = [p for p in shapely.get_parts(mykolaiv) if KINBURN_BOX.contains(p)]
    if len(parts) != 1:
        raise SystemExit(f"expected one Kinburn part of Mykolaiv oblast, found {len(parts)}")
    return {
        "id": "kinburn-spit",
        "name": "Kinburn Spit (Mykolaiv oblast part of the Kinburn peninsula)",
        "name_uk": "Кінбурнська коса",
        "kind": "spit",
        "source": "The Kinburn peninsula's part of Mykolaiv oblast in regions.geojson (Natural "
        "Earth 10m admin-1): the spit and the villages of Pokrovka, Pokrovske and Vasylivka; "
        "the peninsula's east end (Heroiske) is Kherson oblast. Held by Russia since 2022 "
        "(the spit taken on 10 June 2022)",
        "date": COMPILED,
        "licence": "Natural Earth: public domain",
        "accuracy": "approximate: Natural Earth 1:10 million outline, about 1 km; it draws the "
        "spit coarsely (the real spit narrows to about 100 m)",
        "geometry": parts[0],
    }


def build() -> gpd.GeoDataFrame:
    """All named features, snapped to 5 decimals."""
    rows = [dnipro(), znpp(), kakhovka_dam(), kinburn_spit()]
    return round_geometry(gpd.GeoDataFrame(rows, crs="EPSG:4326"))


if __name__ == "__main__":
    write_geojson(build(), ROOT / "features.geojson")
