"""Named features (the Dnipro, ZNPP, the Kakhovka dam, the Kinburn spit) and the place lookup:
valid geometries with provenance, the river between its bank towns, honest suggestions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from maps.errors import UnknownNameError
from maps.geo import EQUAL_AREA_CRS, split_by_line
from maps.load import find_place, load_cities, load_features, load_regions

ROOT = Path(__file__).parents[1]
FEATURES = ROOT / "geodata" / "features.geojson"
WAYPOINTS = ROOT / "tools" / "geodata" / "dnipro-river.csv"
COLUMNS = ["id", "name", "name_uk", "kind", "source", "date", "licence", "accuracy"]
KINDS = {"dnipro": "river", "znpp": "nuclear-plant", "kakhovka-dam": "dam", "kinburn-spit": "spit"}
GEOMETRIES = {"dnipro": "LineString", "znpp": "Point", "kakhovka-dam": "Point"}

RIGHT_BANK = [
    ("Kyiv", "kyiv-city"),
    ("Trypillia", "kyiv"),
    ("Kaniv", "cherkasy"),
    ("Cherkasy", "cherkasy"),
    ("Svitlovodsk", "kirovohrad"),
    ("Kamyanske", "dnipropetrovsk"),
    ("Dnipro", "dnipropetrovsk"),
    ("Marhanets", "dnipropetrovsk"),
    ("Nikopol", "dnipropetrovsk"),
    ("Beryslav", "kherson"),
    ("Kherson", "kherson"),
    ("Ochakiv", "mykolaiv"),
]
"""West/north bank, looking downstream; each checked in public reporting (Kherson and Beryslav
held by Ukraine across the river from Oleshky and Nova Kakhovka since November 2022; Nikopol and
Marhanets across the former reservoir from Enerhodar)."""
LEFT_BANK = [
    ("Liubech", "chernihiv"),
    ("Pereiaslav", "kyiv"),
    ("Kremenchuk", "poltava"),
    ("Zaporizhzhya", "zaporizhzhia"),
    ("Enerhodar", "zaporizhzhia"),
    ("Kamyanka-Dniprovska", "zaporizhzhia"),
    ("Kakhovka", "kherson"),
    ("Nova Kakhovka", "kherson"),
    ("Krynky", "kherson"),
    ("Oleshky", "kherson"),
    ("Hola Prystan", "kherson"),
]
"""East/south bank (Kremenchuk's centre; its Kryukiv district is on the right bank)."""


@pytest.fixture(scope="module")
def features() -> gpd.GeoDataFrame:
    return load_features().set_index("id", drop=False)


@pytest.fixture(scope="module")
def shapes(features: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Each feature's geometry by id."""
    return dict(zip(features["id"].tolist(), features.geometry.tolist(), strict=True))


@pytest.fixture(scope="module")
def river(shapes: dict[str, BaseGeometry]) -> LineString:
    line = shapes["dnipro"]
    assert isinstance(line, LineString)
    return line


def _town(name: str, region: str) -> Point:
    places = pd.read_csv(ROOT / "geodata" / "gazetteer.csv")
    row = places[(places["name"] == name) & (places["region"] == region)].iloc[0]
    return Point(float(row["lon"]), float(row["lat"]))


def _km(a: Point, b: Point) -> float:
    points = gpd.GeoSeries([a, b], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    return float(points.iloc[0].distance(points.iloc[1])) / 1000


def _to_line_km(line: LineString, point: Point) -> float:
    return _km(point, line.interpolate(line.project(point)))


def test_features_load_with_provenance(
    features: gpd.GeoDataFrame, shapes: dict[str, BaseGeometry]
) -> None:
    assert list(features.columns) == [*COLUMNS, "geometry"]
    assert features.crs is not None and features.crs.to_epsg() == 4326
    assert dict(zip(features["id"], features["kind"], strict=True)) == KINDS
    for fid, kind in GEOMETRIES.items():
        assert shapes[fid].geom_type == kind
    assert shapes["kinburn-spit"].geom_type in {"Polygon", "MultiPolygon"}
    assert features.geometry.is_valid.all() and not features.geometry.is_empty.any()
    for column in ["name", "name_uk", "source", "licence", "accuracy"]:
        assert (features[column].str.len() > 5).all(), column
    assert features["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert features["accuracy"].str.contains("km").all()
    accuracy = dict(zip(features["id"], features["accuracy"], strict=True))
    assert str(accuracy["dnipro"]).startswith("approximate")


def test_file_is_rounded_to_five_decimals() -> None:
    text = FEATURES.read_text(encoding="utf-8")
    json.loads(text)
    assert not re.search(r"\d\.\d{6,}", text)


def test_river_follows_its_waypoints_in_flow_order(river: LineString) -> None:
    waypoints = pd.read_csv(WAYPOINTS)
    assert list(waypoints.columns) == ["lon", "lat", "note", "source"]
    assert len(river.coords) == len(waypoints) >= 300
    assert waypoints["source"].str.len().gt(10).all()
    assert river.is_simple
    start, end = Point(river.coords[0]), Point(river.coords[-1])
    assert start.y > 51.9  # the Sozh mouth at Loyew, where the border starts to follow the river
    ochakiv, spit_tip = _town("Ochakiv", "mykolaiv"), Point(31.50831, 46.58759)
    assert _km(end, ochakiv) < 6 and _km(end, spit_tip) < 6  # the Kinburn strait


@pytest.mark.parametrize(("name", "region"), RIGHT_BANK)
def test_right_bank_towns(river: LineString, name: str, region: str) -> None:
    left, right = _sides(river)
    town = gpd.GeoSeries([_town(name, region)], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).iloc[0]
    assert right.contains(town) and not left.contains(town)
    assert _to_line_km(river, _town(name, region)) < 10


@pytest.mark.parametrize(("name", "region"), LEFT_BANK)
def test_left_bank_towns(river: LineString, name: str, region: str) -> None:
    left, right = _sides(river)
    town = gpd.GeoSeries([_town(name, region)], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).iloc[0]
    assert left.contains(town) and not right.contains(town)
    assert _to_line_km(river, _town(name, region)) < 10


_SIDES: dict[str, tuple[BaseGeometry, BaseGeometry]] = {}


def _sides(river: LineString) -> tuple[BaseGeometry, BaseGeometry]:
    """The frame split by the river in the equal-area projection: (left, right)."""
    if "frame" not in _SIDES:
        frame = gpd.GeoSeries([box(20.0, 43.0, 42.0, 54.0), river], crs="EPSG:4326")
        projected = frame.to_crs(EQUAL_AREA_CRS)
        line = projected.iloc[1]
        assert isinstance(line, LineString)
        _SIDES["frame"] = split_by_line(projected.iloc[0], line)
    return _SIDES["frame"]


def test_sites_on_their_bank(shapes: dict[str, BaseGeometry], river: LineString) -> None:
    left, _ = _sides(river)
    plant, dam = shapes["znpp"], shapes["kakhovka-dam"]
    assert isinstance(plant, Point) and isinstance(dam, Point)
    sites = gpd.GeoSeries([plant, shapes["kinburn-spit"].representative_point()], crs="EPSG:4326")
    assert left.contains(sites.to_crs(EQUAL_AREA_CRS)).all()
    assert 4 < _km(plant, _town("Enerhodar", "zaporizhzhia")) < 8
    assert _to_line_km(river, dam) < 0.5


def test_kinburn_spit_is_the_mykolaiv_part_of_the_peninsula(
    shapes: dict[str, BaseGeometry],
) -> None:
    spit = shapes["kinburn-spit"]
    mykolaiv = load_regions(["mykolaiv"]).geometry.iloc[0]
    kherson = load_regions(["kherson"]).geometry.iloc[0]
    assert spit.difference(mykolaiv).area < 1e-6
    assert spit.intersection(kherson).area < 1e-6
    area = float(gpd.GeoSeries([spit], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.iloc[0])
    assert 80 < area / 1e6 < 250  # km²; the spit alone is about 10 km by up to 1 km
    minx, _, maxx, maxy = spit.bounds
    assert 31.45 < minx < 31.55 and maxx < 31.9 and maxy < 46.6


@pytest.mark.parametrize(
    "name", ["znpp", "ZNPP", "Zaporizhzhia Nuclear Power Plant", "Запорізька атомна електростанція"]
)
def test_find_place_finds_the_plant(shapes: dict[str, BaseGeometry], name: str) -> None:
    point = shapes["znpp"]
    assert isinstance(point, Point)
    assert find_place(name) == pytest.approx((point.x, point.y))


def test_find_place_gives_areas_and_lines_a_point_on_them(
    shapes: dict[str, BaseGeometry],
) -> None:
    for fid in ["kinburn-spit", "dnipro", "kakhovka-dam"]:
        lon, lat = find_place(fid)
        assert shapes[fid].distance(Point(lon, lat)) < 1e-9
    assert find_place("Kinburn spit") == find_place("kinburn-spit")


def test_find_place_keeps_the_labelled_cities() -> None:
    cities = load_cities()
    kherson = cities[cities["name"] == "Kherson"].iloc[0]
    assert find_place("Kherson") == (kherson["lon"], kherson["lat"])
    assert find_place("  kherson ") == find_place("Херсон")
    assert find_place("Kam'yanske") == find_place("Kamyanske")


def test_find_place_finds_gazetteer_villages() -> None:
    assert "Krynky" not in set(load_cities()["name"])
    krynky = _town("Krynky", "kherson")
    assert find_place("Krynky") == (krynky.x, krynky.y)


def test_a_shared_name_is_the_most_populous_unless_the_region_is_given() -> None:
    places = pd.read_csv(ROOT / "geodata" / "gazetteer.csv")
    vasylivka = places[places["name"] == "Vasylivka"].sort_values("population")
    assert len(vasylivka) > 3
    largest = vasylivka.iloc[-1]
    assert find_place("Vasylivka") == (largest["lon"], largest["lat"])
    other = vasylivka[vasylivka["region"] != largest["region"]].iloc[-1]
    named = find_place(f"Vasylivka ({other['region']})")
    assert named == (other["lon"], other["lat"]) != find_place("Vasylivka")


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("Kinburn", "kinburn-spit"),  # a longer name starting with it, never Kurman in Crimea
        ("Khersn", "Kherson"),
        ("Zaporizhia", "Zaporizhzhia"),
        ("Nova Kahovka", "Nova Kakhovka"),
    ],
)
def test_unknown_places_get_close_suggestions_only(name: str, hint: str) -> None:
    with pytest.raises(UnknownNameError) as caught:
        find_place(name)
    message = str(caught.value)
    assert "\n" not in message
    assert message == f"unknown place {name!r} (did you mean {hint}?)"


@pytest.mark.parametrize("name", ["Xanadu", "Kurmanbek", "Mordor", "Kin"])
def test_far_fetched_names_get_no_suggestion(name: str) -> None:
    with pytest.raises(UnknownNameError, match=r"^unknown place '[^']+'$"):
        find_place(name)
