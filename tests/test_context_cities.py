"""Context layer and cities: valid, non-overlapping, corrected, usable for place lookup."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString

import maps
from maps.data import find_place
from maps.errors import UnknownNameError


@pytest.fixture(scope="module")
def context() -> gpd.GeoDataFrame:
    return maps.load_context()


@pytest.fixture(scope="module")
def cities() -> gpd.GeoDataFrame:
    return maps.load_cities()


def test_context_valid_and_complete(context) -> None:
    assert context.is_valid.all()
    names = set(context.name)
    assert {"Russia", "Belarus", "Moldova", "Romania", "Poland", "Hungary", "Slovakia"} <= names
    assert {"Black Sea", "Sea of Azov", "Kakhovka Reservoir (former)", "Dnipro"} <= names
    assert "2023" in context.set_index("name").note["Kakhovka Reservoir (former)"]


def test_neighbours_do_not_overlap_ukraine(context) -> None:
    ukraine = shapely.union_all(maps.load_regions().geometry.values)
    countries = context[context.kind.isin(["country", "sea"])]
    overlap = countries.geometry.intersection(ukraine)
    assert maps.area_km2(overlap).max() < 1.0


def test_dnipro_separates_kherson_from_oleshky(context) -> None:
    river = context.set_index("name").geometry["Dnipro"]
    kherson, oleshky = find_place("Kherson"), find_place("Oleshky")
    assert LineString([kherson, oleshky]).crosses(river)


def test_cities_unique_and_populated(cities) -> None:
    assert not cities.duplicated(["name", "country", "region"]).any()
    assert (cities.population > 0).all()
    assert cities.crs.to_epsg() == 4326


@pytest.mark.parametrize(("name", "population"), [("Kherson", 283_649), ("Mariupol", 431_859)])
def test_known_population_errors_corrected(cities, name: str, population: int) -> None:
    row = cities[cities.name == name].iloc[0]
    assert row.population == population
    assert "State Statistics Service" in row.population_source


def test_no_city_districts(cities) -> None:
    for district in ("Pravyi Bereh", "Saltivka", "Kyivskyi", "Voznesenskyi", "Tsentralnyi"):
        assert district not in set(cities.name)


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
    ],
)
def test_city_regions(cities, name: str, region: str) -> None:
    assert cities[cities.name == name].region.iloc[0] == region


def test_front_settlements_present(cities) -> None:
    for name in ("Pokrovsk", "Huliaipole", "Enerhodar", "Oleshky", "Siversk", "Stepnohirsk"):
        assert name in set(cities.name)


def test_find_place() -> None:
    assert find_place("kherson") == pytest.approx((32.61458, 46.63695))
    with pytest.raises(UnknownNameError, match="did you mean Zaporizhzhia"):
        find_place("Zaporizhzha")
