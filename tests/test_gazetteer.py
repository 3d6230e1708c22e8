"""Settlement gazetteer and official populations: one row per place, no districts, right regions,
cited corrections, per-region sums consistent with the official totals."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from maps.geo import EQUAL_AREA_CRS
from maps.regions import BY_ID

ROOT = Path(__file__).parents[1]
GAZETTEER = ROOT / "geodata" / "gazetteer.csv"
POPULATION = ROOT / "geodata" / "population.csv"
CORRECTIONS = ROOT / "tools" / "geodata" / "population_corrections.csv"

COLUMNS = [
    "geonameid",
    "name",
    "name_uk",
    "lon",
    "lat",
    "region",
    "population",
    "population_source",
    "snapped_m",
]
TOLERANCE = 0.10
"""How far a region's gazetteer sum may exceed its official total: GeoNames' village figures are
mostly 2001 census counts, 5-10% above 2022 where the population has fallen since (Chernivtsi
oblast sums to 104%)."""
SERIES_TOTAL = 41_167_335
"""Ukraine's present population on 1 January 2022 without Crimea and Sevastopol."""
KNOWN_DISTRICTS = {
    6722148: "Saltivka (Kharkiv)",
    13561808: "Rayon KTZ (Kharkiv)",
    12500938: "Oleksiyivka (Kharkiv)",
    13561145: "Kyivskyi (Donetsk)",
    13607722: "Tsentralnyi (Mariupol)",
    13580034: "Pravyi Bereh (Mariupol)",
    13607660: "Verhunskyi (Luhansk)",
    13607655: "Khanzhonkivskyi (Makiivka)",
    9983718: "Cheremushky (Odesa)",
    700022: "Nyzhnodniprovsk (Dnipro)",
    693821: "Sykhiv (Lviv)",
    707601: "Inhulets (Kryvyi Rih)",
    8519916: "Obolon (Kyiv)",
    13580119: "Lisovyi Masyv (Kyiv)",
    11902776: "Dnipro Quarter (Slavutych)",
}
"""GeoNames entries for parts of a city whose people the city's own figure already counts."""


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return pd.read_csv(GAZETTEER, keep_default_na=False)


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    return pd.read_csv(POPULATION, keep_default_na=False)


def row(places: pd.DataFrame, name: str, region: str) -> pd.Series:
    """The most populous place of that name in the region."""
    hits = places[(places.name == name) & (places.region == region)]
    assert len(hits), f"{name} not in {region}"
    return hits.sort_values("population").iloc[-1]


def test_schema_one_row_per_place_and_compact(places: pd.DataFrame) -> None:
    assert list(places.columns) == COLUMNS
    assert places.geonameid.is_unique
    assert (places.population >= 500).all()
    assert GAZETTEER.stat().st_size < 1_000_000
    assert np.allclose(places.lon, places.lon.round(5)) and places.lon.between(22, 41).all()
    assert places.lat.between(44, 52.5).all()


def test_no_city_districts(places: pd.DataFrame) -> None:
    named = places.name.str.contains(r"\b(?:raion|rayon|masyv|quarter|mikrorayon)\b", case=False)
    assert places.name[named].tolist() == []
    assert set(KNOWN_DISTRICTS).isdisjoint(places.geonameid), "a known district is back"
    assert places.name[places.region == "kyiv-city"].tolist() == ["Kyiv"]
    assert places.name[places.region == "sevastopol"].tolist() == ["Sevastopol"]


def test_no_sizeable_place_inside_a_big_city(places: pd.DataFrame) -> None:
    """No place of 10,000+ within 4 km of a larger city of 100,000+ (Perevalsk, a town of its
    own next to Alchevsk, is the closest at 4.0 km)."""
    points = gpd.GeoSeries.from_xy(places.lon, places.lat, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    close = []
    for city in places.index[places.population >= 100_000]:
        near = (points.distance(points[city]) < 4_000) & (places.population >= 10_000)
        near &= places.population < places.population[city]
        close += [f"{name} ({places.name[city]})" for name in places.name[near]]
    assert close == []


def test_every_row_in_a_known_region(places: pd.DataFrame, official: pd.DataFrame) -> None:
    assert set(places.region) == set(BY_ID) == set(official.region)
    assert (places.snapped_m.between(0, 3_000)).all()


@pytest.mark.parametrize(
    ("name", "region"),
    [("Kherson", "kherson"), ("Skadovsk", "kherson"), ("Ochakiv", "mykolaiv")],
)
def test_coastal_places_snap_to_their_oblast(places: pd.DataFrame, name: str, region: str) -> None:
    place = row(places, name, region)
    assert 0 < place.snapped_m <= 3_000


@pytest.mark.parametrize("name", ["Irpin", "Vyshneve", "Slavutych"])
def test_geonames_admin1_decides_where_outlines_are_coarse(places: pd.DataFrame, name: str) -> None:
    """Irpin and Vyshneve lie in Natural Earth's oversized Kyiv City polygon, Slavutych in the
    Kyiv oblast exclave it does not draw: all three are Kyiv oblast's."""
    assert row(places, name, "kyiv").population > 10_000


def test_parts_of_sevastopol_not_counted_twice(places: pd.DataFrame) -> None:
    """Balaklava and Inkerman are in Sevastopol's figure, the whole city region's."""
    assert {"Balaklava", "Inkerman"}.isdisjoint(places.name)


def test_corrections_applied_and_cited(places: pd.DataFrame) -> None:
    fixes = pd.read_csv(CORRECTIONS)
    assert fixes.geonameid.is_unique and (fixes.source.str.len() > 40).all()
    shipped = places.set_index("geonameid").loc[fixes.geonameid]
    assert shipped.population.tolist() == fixes.population.tolist()
    assert shipped.population_source.tolist() == fixes.source.tolist()
    assert row(places, "Kherson", "kherson").population == 283_649
    assert row(places, "Mariupol", "donetsk").population == 431_859
    vinnytsia = row(places, "Vinnytsya", "vinnytsia")
    assert vinnytsia.population == 370_600 and "430,091" in vinnytsia.population_source


def test_names_in_ukrainian(places: pd.DataFrame) -> None:
    assert row(places, "Skadovsk", "kherson").name_uk == "Скадовськ"
    assert row(places, "Sevastopol", "sevastopol").name_uk == "Севастополь"
    assert not re.search("[ыэёъ]", "".join(places.name_uk))
    assert (places.name_uk != "").mean() > 0.85


def test_region_sums_within_official_totals(places: pd.DataFrame, official: pd.DataFrame) -> None:
    sums = places.groupby("region").population.sum()
    totals = official.set_index("region").population
    share = sums / totals
    over = share[share > 1 + TOLERANCE]
    assert over.to_dict() == {}
    assert sums["kyiv-city"] == totals["kyiv-city"]
    assert sums["sevastopol"] == totals["sevastopol"]
    assert share.min() > 0.4


def test_every_official_row_is_sourced(official: pd.DataFrame) -> None:
    assert official.region.is_unique
    assert (official.source.str.len() > 20).all()
    assert official.url.str.startswith("https://").all()
    assert (official.note.str.len() > 10).all()
    series = official[official.date == "2022-01-01"]
    assert len(series) == 25 and series.population.sum() == SERIES_TOTAL
    others = official[official.date != "2022-01-01"]
    assert set(others.region) == {"crimea", "sevastopol"}
    assert others.note.str.contains("not in Ukraine's 2022 series").all()
    assert official.set_index("region").population["donetsk"] == 4_059_372
