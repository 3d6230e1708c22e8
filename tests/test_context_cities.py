"""Context layer and cities: valid, non-overlapping, corrected, usable for place lookup."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point

import maps
from maps.errors import UnknownNameError
from maps.geo import EQUAL_AREA_CRS, area_km2
from maps.load import find_place

GEODATA = Path(__file__).parents[1] / "geodata"
CORRECTIONS = Path(__file__).parents[1] / "tools" / "geodata" / "population_corrections.csv"
CITY_COLUMNS = [
    "name",
    "name_uk",
    "country",
    "region",
    "lon",
    "lat",
    "population",
    "population_year",
    "population_source",
    "geonameid",
]
FRONT_SETTLEMENTS = [
    "Kupiansk",
    "Lyman",
    "Kreminna",
    "Siversk",
    "Soledar",
    "Bakhmut",
    "Kostiantynivka",
    "Chasiv Yar",
    "Toretsk",
    "Pokrovsk",
    "Myrnohrad",
    "Selydove",
    "Novopavlivka",
    "Kurakhove",
    "Huliaipole",
    "Velyka Novosilka",
    "Polohy",
    "Orikhiv",
    "Tokmak",
    "Stepnohirsk",
    "Vasylivka",
    "Nikopol",
    "Marhanets",
    "Enerhodar",
    "Kamianka-Dniprovska",
    "Beryslav",
    "Nova Kakhovka",
    "Kherson",
    "Oleshky",
    "Hola Prystan",
]
"""Settlements either side of the line of contact (Robotyne is not in GeoNames' extract)."""
OBLAST_CAPITALS = [
    "Kyiv",
    "Vinnytsia",
    "Lutsk",
    "Dnipro",
    "Donetsk",
    "Zhytomyr",
    "Uzhhorod",
    "Zaporizhzhia",
    "Ivano-Frankivsk",
    "Kropyvnytskyi",
    "Luhansk",
    "Lviv",
    "Mykolaiv",
    "Odesa",
    "Poltava",
    "Rivne",
    "Sumy",
    "Ternopil",
    "Kharkiv",
    "Kherson",
    "Khmelnytskyi",
    "Cherkasy",
    "Chernivtsi",
    "Chernihiv",
    "Simferopol",
    "Sevastopol",
]


@pytest.fixture(scope="module")
def context_file() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA / "context.geojson")


@pytest.fixture(scope="module")
def cities_file() -> pd.DataFrame:
    return pd.read_csv(GEODATA / "cities.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def ukraine() -> shapely.Geometry:
    return shapely.union_all(gpd.read_file(GEODATA / "regions.geojson").geometry.values)


@pytest.fixture(scope="module")
def dnipro(context_file: gpd.GeoDataFrame) -> LineString:
    # test_dnipro_runs_from_zaporizhzhia_to_the_estuary checks that it is one line.
    return cast(LineString, context_file.set_index("name").geometry["Dnipro"])


# --- context.geojson -------------------------------------------------------------------------


def test_context_schema_and_validity(context_file: gpd.GeoDataFrame) -> None:
    assert list(context_file.columns) == ["kind", "name", "note", "geometry"]
    assert context_file.is_valid.all()
    assert not context_file.is_empty.any()
    assert context_file.name.is_unique
    assert set(context_file.kind) == {"country", "sea", "reservoir", "lagoon", "river"}


def test_context_file_is_small_with_5_decimals() -> None:
    text = (GEODATA / "context.geojson").read_text(encoding="utf-8")
    assert len(text.encode()) < 300_000
    assert not re.search(r"\d\.\d{6,}", text)
    assert json.loads(text)["type"] == "FeatureCollection"


def test_neighbours_present(context_file: gpd.GeoDataFrame) -> None:
    countries = set(context_file.name[context_file.kind == "country"])
    assert {"Russia", "Belarus", "Moldova", "Romania", "Poland", "Hungary", "Slovakia"} <= countries


def test_nothing_overlaps_ukraine(
    context_file: gpd.GeoDataFrame, ukraine: shapely.Geometry
) -> None:
    areas = context_file[context_file.kind.isin(["country", "sea"])]
    overlap = gpd.GeoSeries(areas.geometry.intersection(ukraine).values, crs="EPSG:4326")
    assert area_km2(overlap).max() < 1.0


def test_neighbours_stay_in_the_frame(context_file: gpd.GeoDataFrame) -> None:
    lon0, lat0, lon1, lat1 = context_file.total_bounds
    assert lon0 >= 20.0 - 1e-9 and lat0 >= 43.0 - 1e-9
    assert lon1 <= 42.0 + 1e-9 and lat1 <= 53.8 + 1e-9


def test_seas_split_at_the_kerch_strait(context_file: gpd.GeoDataFrame) -> None:
    seas = context_file[context_file.kind == "sea"].set_index("name")
    assert set(seas.index) == {"Black Sea", "Sea of Azov"}
    km2 = area_km2(seas)
    assert 150_000 < km2["Black Sea"] < 300_000
    assert 30_000 < km2["Sea of Azov"] < 45_000
    assert seas.geometry["Sea of Azov"].contains(Point(36.5, 46.5))
    assert seas.geometry["Black Sea"].contains(Point(32.0, 44.0))
    overlap = seas.geometry["Black Sea"].intersection(seas.geometry["Sea of Azov"])
    assert overlap.area < 1e-6


def test_kakhovka_reservoir_marked_former(context_file: gpd.GeoDataFrame) -> None:
    row = context_file.set_index("name").loc["Kakhovka Reservoir (former)"]
    assert row.kind == "reservoir"
    assert "6 June 2023" in row.note
    assert row.geometry.contains(Point(34.5, 47.53))
    assert "Syvash" in set(context_file.name)


def test_dnipro_runs_from_zaporizhzhia_to_the_estuary(
    context_file: gpd.GeoDataFrame, dnipro: LineString
) -> None:
    assert dnipro.geom_type == "LineString" and dnipro.is_simple
    assert Point(dnipro.coords[0]).distance(Point(35.08, 47.87)) < 0.03
    black_sea = context_file.set_index("name").geometry["Black Sea"]
    assert black_sea.contains(Point(dnipro.coords[-1]))
    length_km = gpd.GeoSeries([dnipro], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).length[0] / 1e3
    assert 250 < length_km < 400


@pytest.mark.parametrize(
    ("right_bank", "left_bank"),
    [
        ("Kherson", "Oleshky"),
        ("Kherson", "Hola Prystan"),
        ("Beryslav", "Nova Kakhovka"),
        ("Nikopol", "Kamianka-Dniprovska"),
        ("Marhanets", "Enerhodar"),
    ],
)
def test_dnipro_separates_the_banks(dnipro: LineString, right_bank: str, left_bank: str) -> None:
    crossing = LineString([find_place(right_bank), find_place(left_bank)])
    assert crossing.crosses(dnipro)
    assert len(shapely.get_parts(crossing.intersection(dnipro))) % 2 == 1


def test_load_context_matches_the_file(context_file: gpd.GeoDataFrame) -> None:
    loaded = maps.load_context()
    assert sorted(loaded.name) == sorted(context_file.name)
    assert loaded.crs is not None
    assert loaded.crs.to_epsg() == 4326


# --- cities.csv ------------------------------------------------------------------------------


def test_cities_schema(cities_file: pd.DataFrame) -> None:
    assert list(cities_file.columns) == CITY_COLUMNS
    assert cities_file.geonameid.is_unique
    assert (cities_file.population > 0).all()
    assert cities_file.lon.between(20, 42).all() and cities_file.lat.between(43, 53.8).all()
    assert (cities_file.lon.round(5) == cities_file.lon).all()


def test_city_names_unique_for_lookup(cities_file: pd.DataFrame) -> None:
    assert cities_file.name.str.casefold().is_unique


def test_regions_only_for_ukraine(cities_file: pd.DataFrame) -> None:
    region_ids = set(gpd.read_file(GEODATA / "regions.geojson")["id"])
    ua = cities_file.country == "UA"
    assert set(cities_file.region[ua]) <= region_ids
    assert (cities_file.region[~ua] == "").all()
    assert (cities_file.population[~ua] >= 100_000).all()


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("Melitopol", "zaporizhzhia"),
        ("Sevastopol", "sevastopol"),
        ("Simferopol", "crimea"),
        ("Horlivka", "donetsk"),
        ("Alchevsk", "luhansk"),
        ("Nova Kakhovka", "kherson"),
        ("Kupiansk", "kharkiv"),
        ("Nikopol", "dnipropetrovsk"),
        ("Mariupol", "donetsk"),
    ],
)
def test_city_regions(cities_file: pd.DataFrame, name: str, region: str) -> None:
    assert cities_file.set_index("name").region[name] == region


@pytest.mark.parametrize(("name", "population"), [("Kherson", 283_649), ("Mariupol", 431_859)])
def test_known_population_errors_corrected(
    cities_file: pd.DataFrame, name: str, population: int
) -> None:
    row = cities_file.set_index("name").loc[name]
    assert row.population == population
    assert str(row.population_year) == "2021"
    assert "State Statistics Service" in row.population_source


def test_every_correction_applied_and_cited(cities_file: pd.DataFrame) -> None:
    fixes = pd.read_csv(CORRECTIONS)
    assert fixes.geonameid.is_unique and fixes.source.str.len().gt(20).all()
    rows = cities_file.set_index("geonameid").loc[fixes.geonameid]
    assert (rows.population.to_numpy() == fixes.population.to_numpy()).all()
    assert (rows.population_source.to_numpy() == fixes.source.to_numpy()).all()
    others = cities_file[~cities_file.geonameid.isin(fixes.geonameid)]
    assert (others.population_source == "GeoNames").all()


def test_no_city_districts(cities_file: pd.DataFrame) -> None:
    for district in ("Pravyi Bereh", "Saltivka", "Kyivskyi", "Voznesenskyi", "Tsentralnyi"):
        assert district not in set(cities_file.name)
    assert not cities_file.name.str.contains(r"\b(?:Raion|Rayon|District)\b").any()
    points = gpd.GeoSeries(
        gpd.points_from_xy(cities_file.lon, cities_file.lat), crs="EPSG:4326"
    ).to_crs(EQUAL_AREA_CRS)
    nearest = gpd.GeoDataFrame(geometry=points).sjoin_nearest(
        gpd.GeoDataFrame(geometry=points), distance_col="d", exclusive=True
    )
    assert nearest.d.min() > 3_000


@pytest.mark.parametrize("name", FRONT_SETTLEMENTS + OBLAST_CAPITALS)
def test_named_settlements_findable(name: str) -> None:
    lon, lat = find_place(name.upper())
    assert 22 < lon < 41 and 44 < lat < 53


def test_load_cities_and_find_place(cities_file: pd.DataFrame) -> None:
    loaded = maps.load_cities()
    assert loaded.crs is not None
    assert len(loaded) == len(cities_file) and loaded.crs.to_epsg() == 4326
    assert find_place("kherson") == pytest.approx((32.61458, 46.63695))
    with pytest.raises(UnknownNameError, match="did you mean Zaporizhzhia"):
        find_place("Zaporizhzha")
