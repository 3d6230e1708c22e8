"""The line of contact of 22 April 2025 (the day the US "final offer" was reported) against the
published picture: DeepState's totals and oblast shares, and settlements reported on each side."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

import maps
from maps.load import list_baselines
from tests.baselines import (
    assert_on_side,
    assert_parts_make_up_regions,
    assert_waypoints_cite_evidence,
    front_km,
    main_points,
    russian_area,
    russian_share,
)

REPO = Path(__file__).resolve().parents[1]
NAME = "contact-line-2025-04-22"

# Published figures for 22 April 2025, derived from DeepState's own numbers (geodata/SOURCES.md):
# 116,165 km² held on 1 Jan 2026 less 4,336 km² taken in 2025 gives 111,829 km² on 1 Jan 2025;
# adding January 325, February 192, March 133 and 22/30 of April's 175 km² gives 112,607 km²;
# going back from 114,493 km² on 17 Aug 2025 by the monthly gains (8/30 of April, May 449, June
# 556, July 634, 17/31 of August's 464 km²) gives 112,553 km². Both round to 112,600 km².
PUBLISHED_TOTAL_KM2 = 112_600
TOTAL_TOLERANCE = 0.01

# Russian-held share of each oblast (%): DeepState's 1 Jan 2026 shares less the 2025 gains give
# 1 Jan 2025 (Donetsk 67.5, Luhansk 99.0, Kharkiv 3.4, Zaporizhzhia 72.7, Sumy and
# Dnipropetrovsk 0); about 650 of the 780 km² taken by 22 April were in Donetsk oblast (+2.5).
# The tolerance is the stated accuracy of the trace for that oblast (see SOURCES.md): the Donetsk
# trace runs about 2 points above the figure, as the August 2025 trace runs about 1 point above.
PUBLISHED_SHARES = {
    "donetsk": (70.0, 2.5),
    "luhansk": (99.1, 0.5),
    "kharkiv": (3.5, 1.0),
    "kherson": (72.0, 3.0),
}
ZAPORIZHZHIA_SHARE = 72.7
"""DeepState's share of Zaporizhzhia oblast, unchanged from 2022 to the start of 2025."""
ZAPORIZHZHIA_OFFICIAL_KM2 = 27_180

FRONT_KM_AUG_2024 = 1_040
"""Active front line, August 2024 (Syrskyi, via Ukrinform)."""
FRONT_KM_SEP_2025 = 1_250
"""Active front line, September 2025 (Syrskyi, via LIGA.net): 200 km longer than a year before."""

# (name, lon, lat, side on 22 April 2025, evidence). Positions from GeoNames (geodata/gazetteer.csv
# or geodata/cities.csv).
SETTLEMENTS = [
    ("Kupiansk", 37.61581, 49.71003, "UA", "held; Russian bridgehead to the north (UK DI)"),
    ("Borova", 37.61931, 49.38047, "UA", "Russian push towards it from the east (AFP, 30 Apr)"),
    ("Lyman", 37.80843, 48.99012, "UA", "Russians regaining ground in the sector (AFP, 30 Apr)"),
    ("Torske", 37.96133, 49.01725, "UA", "Russians take its centre only in August 2025"),
    ("Siversk", 38.09683, 48.86476, "UA", "claimed by Russia only in December 2025"),
    ("Serebrianka", 38.13543, 48.91963, "UA", "assaulted only in June 2025"),
    ("Chasiv Yar (centre)", 37.83409, 48.58768, "UA", "centre held (Luhansk OTG, 9 May)"),
    ("Kostiantynivka", 37.70594, 48.52728, "UA", "Russians reach its outskirts in August 2025"),
    ("Illinivka", 37.663, 48.494, "UA", "west of Kostiantynivka, far from the April front"),
    ("Ivanopillia", 37.763, 48.473, "UA", "Dyliivka, east of it, claimed by Russia 24 June"),
    ("Dobropillia", 37.08567, 48.46674, "UA", "Russian 10 km push towards it only in August 2025"),
    ("Shakhove", 37.350, 48.460, "UA", "inside the August 2025 salient, not yet reached"),
    ("Volodymyrivka", 37.349, 48.439, "UA", "inside the August 2025 salient, not yet reached"),
    ("Rodynske", 37.20641, 48.35415, "UA", "Russians close in from the north only in summer"),
    ("Pokrovsk", 37.17706, 48.28014, "UA", "Russian attacks south of the city (ISW, 2 Apr)"),
    ("Myrnohrad", 37.26513, 48.3099, "UA", "Russian attacks east of it (ISW, 2 Apr)"),
    ("Udachne", 36.99243, 48.24099, "UA", "Ukrainian counter-attacks (ISW, 4 Apr)"),
    ("Novopavlivka", 36.78654, 48.13816, "UA", "Russians 12 km away at Kotliarivka (KI, 29 Apr)"),
    ("Piddubne", 36.694, 48.011, "UA", "claimed by Russia on 6 July 2025"),
    ("Zelene Pole", 36.62275, 47.82673, "UA", "occupied on 4 May 2025 (DeepState)"),
    ("Malynivka", 36.48115, 47.67951, "UA", "Russian assaults towards it only from June 2025"),
    ("Huliaipole", 36.25576, 47.66685, "UA", "held; Russian attacks on the approaches (Voloshyn)"),
    ("Orikhiv", 35.78333, 47.57613, "UA", "front south of the town since 2023"),
    ("Stepnohirsk", 35.36399, 47.59015, "UA", "held; fighting at Stepove and Lobkove (Voloshyn)"),
    ("Marhanets", 34.6245, 47.63088, "UA", "north bank of the former reservoir"),
    ("Nikopol", 34.39126, 47.56826, "UA", "north bank of the former reservoir"),
    ("Beryslav", 33.42664, 46.83851, "UA", "right bank of the Dnipro since November 2022"),
    ("Kherson", 32.61458, 46.63695, "UA", "right bank of the Dnipro since November 2022"),
    ("Ochakiv", 31.54505, 46.61472, "UA", "north shore of the Dnipro-Buh estuary"),
    ("Yunakivka", 35.0385, 51.12262, "UA", "Sumy border: Russian attacks only"),
    ("Basivka", 35.08767, 51.18557, "UA", "grey zone on DeepState until 24 May 2025"),
    ("Vovchansk (south bank)", 36.94108, 50.2800, "UA", "front along the Vovcha (Kharkiv OTG)"),
    ("Dvorichna", 37.68482, 49.85099, "RU", "Russian bridgehead west of the Oskil (UK DI)"),
    ("Svatove", 38.15534, 49.40926, "RU", "held since 2022"),
    ("Kreminna", 38.21552, 49.04811, "RU", "held since 2022"),
    ("Soledar", 38.07098, 48.6921, "RU", "held since January 2023"),
    ("Bakhmut", 37.99886, 48.59419, "RU", "held since May 2023"),
    ("Kurdiumivka", 37.957, 48.470, "RU", "held since 2024"),
    ("Toretsk", 37.8478, 48.39477, "RU", "claimed by Russia on 7 February 2025"),
    ("Kalynove", 37.651, 48.297, "RU", "held since 2024"),
    ("Ocheretyne", 37.616, 48.244, "RU", "held since May 2024"),
    ("Hrodivka", 37.383, 48.261, "RU", "held since autumn 2024"),
    ("Novohrodivka", 37.33883, 48.20052, "RU", "held since September 2024"),
    ("Selydove", 37.3022, 48.1465, "RU", "held since October 2024"),
    ("Kurakhove", 37.28069, 47.9847, "RU", "taken at the turn of 2024-2025"),
    ("Kostiantynopil", 37.04042, 48.00079, "RU", "claimed by Russia in March 2025"),
    ("Velyka Novosilka", 36.83627, 47.84281, "RU", "taken in winter 2025 (Voloshyn)"),
    ("Novozlatopil", 36.56898, 47.66214, "RU", "held since 2022 (Zaporizhzhia administration)"),
    ("Polohy", 36.25463, 47.47865, "RU", "held since 2022"),
    ("Tokmak", 35.70836, 47.25554, "RU", "held since 2022"),
    ("Vasylivka", 35.28213, 47.44218, "RU", "held since 2022"),
    ("Enerhodar", 34.66199, 47.49048, "RU", "south bank of the former reservoir"),
    ("Kamianka-Dniprovska", 34.41026, 47.49629, "RU", "south bank of the former reservoir"),
    ("Velyka Lepetykha", 33.93147, 47.17138, "RU", "south bank of the former reservoir"),
    ("Hornostaivka", 33.72987, 47.01171, "RU", "south bank of the former reservoir"),
    ("Nova Kakhovka", 33.35591, 46.75966, "RU", "left bank of the Dnipro"),
    ("Oleshky", 32.72426, 46.62553, "RU", "left bank of the Dnipro"),
    ("Kinburn spit", 31.6500, 46.5300, "RU", "held since 2022"),
    ("Donetsk", 37.80224, 48.023, "RU", "held since 2014"),
    ("Luhansk", 39.30781, 48.56705, "RU", "held since 2014"),
    ("Mariupol", 37.54131, 47.09514, "RU", "held since May 2022"),
    ("Melitopol", 35.36688, 46.84891, "RU", "held since 2022"),
    ("Simferopol", 34.10279, 44.95719, "RU", "held since 2014"),
]


@pytest.fixture(scope="module")
def baseline() -> gpd.GeoDataFrame:
    return maps.load_baseline(NAME)


def test_metadata_says_approximate(baseline: gpd.GeoDataFrame) -> None:
    meta = list_baselines()[NAME]
    assert meta["date"] == "2025-04-22"
    assert meta["approximate"] is True
    assert meta["licence"] == "CC BY 4.0"
    assert "±" in meta["accuracy"]
    assert "(approximate)" in meta["title"]
    assert baseline.approximate.all()
    assert (baseline.date == "2025-04-22").all()


def test_parts_make_up_each_region(baseline: gpd.GeoDataFrame) -> None:
    assert_parts_make_up_regions(baseline)


@pytest.mark.parametrize(
    ("name", "lon", "lat", "side", "evidence"), SETTLEMENTS, ids=[s[0] for s in SETTLEMENTS]
)
def test_settlement_on_reported_side(
    baseline: gpd.GeoDataFrame, name: str, lon: float, lat: float, side: str, evidence: str
) -> None:
    assert evidence
    assert_on_side(baseline, name, lon, lat, side, evidence)


def test_total_near_published_figure(baseline: gpd.GeoDataFrame) -> None:
    ru = baseline[baseline.party == "RU"].area_km2.sum()
    assert ru == pytest.approx(PUBLISHED_TOTAL_KM2, rel=TOTAL_TOLERANCE)
    assert 100 * ru / baseline.area_km2.sum() == pytest.approx(18.7, abs=0.3)


@pytest.mark.parametrize("region", sorted(PUBLISHED_SHARES))
def test_region_share_near_published(baseline: gpd.GeoDataFrame, region: str) -> None:
    published, tolerance = PUBLISHED_SHARES[region]
    assert abs(russian_share(baseline, region) - published) <= tolerance


def test_zaporizhzhia_land_share_near_published(baseline: gpd.GeoDataFrame) -> None:
    """Russian-held land (the former Kakhovka reservoir's bed left out) over the official area.

    Natural Earth's oblast takes in 973 km² of the reservoir, 95 km² of it (side bays the line cuts
    across) south of the traced line; DeepState's share counts land against the official area.
    """
    context = gpd.read_file(REPO / "geodata" / "context.geojson")
    reservoirs = shapely.union_all(context[context.kind == "reservoir"].geometry.values)
    ru = baseline[(baseline.region == "zaporizhzhia") & (baseline.party == "RU")]
    land = gpd.GeoSeries(ru.geometry.difference(reservoirs).values, crs="EPSG:4326")
    land_share = 100 * maps.area_km2(land).sum() / ZAPORIZHZHIA_OFFICIAL_KM2
    assert abs(land_share - ZAPORIZHZHIA_SHARE) <= 1.0


def test_no_russian_held_land_in_sumy_or_dnipropetrovsk(baseline: gpd.GeoDataFrame) -> None:
    """Sumy: grey zone only (DeepState); Dnipropetrovsk: first Russian foothold in June 2025.

    The only Russian-held piece of Dnipropetrovsk oblast is a sliver of the former reservoir's bed
    (0.3 km²) off Kamianka-Dniprovska, where Natural Earth's oblast border reaches the south shore.
    """
    assert not ((baseline.region == "sumy") & (baseline.party == "RU")).any()
    ru = baseline[(baseline.region == "dnipropetrovsk") & (baseline.party == "RU")]
    assert ru.area_km2.sum() < 1
    context = gpd.read_file(REPO / "geodata" / "context.geojson")
    reservoirs = shapely.union_all(context[context.kind == "reservoir"].geometry.values)
    land = gpd.GeoSeries(ru.geometry.difference(reservoirs).values, crs="EPSG:4326")
    assert maps.area_km2(land).sum() < 0.5


def test_crimea_wholly_held(baseline: gpd.GeoDataFrame) -> None:
    for rid in ("crimea", "sevastopol"):
        assert set(baseline[baseline.region == rid].party) == {"RU"}, rid


def test_former_reservoir_bed_not_russian_held(baseline: gpd.GeoDataFrame) -> None:
    """As in August: the line runs on the former Kakhovka reservoir's south shore, not mid-bed."""
    context = gpd.read_file(REPO / "geodata" / "context.geojson")
    bed = context[context.name == "Kakhovka Reservoir (former)"].to_crs(maps.EQUAL_AREA_CRS)
    ru = baseline[baseline.party == "RU"].to_crs(maps.EQUAL_AREA_CRS)
    held = shapely.union_all(ru.geometry.values).intersection(bed.geometry.iloc[0])
    assert held.area / bed.geometry.iloc[0].area < 0.15


def test_unchanged_front_uses_august_waypoints() -> None:
    """From Huliaipole's south-west to the Black Sea the front did not move between April and
    August 2025 (DeepState: Kherson oblast unchanged through 2025), so both traces share those
    waypoints."""

    def southern(name: str) -> list[tuple[float, float]]:
        return [p for p in main_points(name) if p[0] < 36.35]

    april, august = southern(NAME), southern("contact-line-2025-08")
    assert len(april) >= 80
    assert april == august


def test_russia_held_less_than_in_august(baseline: gpd.GeoDataFrame) -> None:
    """The line moved west between April and August 2025: the April area lies inside the August
    one, short of about 1,940 km² (DeepState's gains from 23 April to 17 August)."""
    august = maps.load_baseline("contact-line-2025-08")

    april_ru, august_ru = russian_area(baseline), russian_area(august)
    assert april_ru.difference(august_ru).area / 1e6 < 5
    assert 1_500 < august_ru.difference(april_ru).area / 1e6 < 2_600


def test_front_line_inside_ukraine_and_plausibly_long() -> None:
    km = front_km(NAME)
    # Straight runs between waypoints cut the bends of the real front (as for the other traces).
    assert 0.6 * FRONT_KM_AUG_2024 < km < FRONT_KM_SEP_2025


def test_waypoints_cite_their_evidence() -> None:
    assert_waypoints_cite_evidence(NAME, 90)


def test_villages_south_of_myrnohrad_as_in_august() -> None:
    """Myrolubivka, Promin, Sukhyi Yar and western Lysivka were Ukrainian-held from April
    (DeepState, 7 Apr: Russians only in eastern Lysivka) until DeepState marked them occupied on
    8 Dec 2025, so the April line follows the August waypoints round them."""

    def pocket(name: str) -> list[tuple[float, float]]:
        return [p for p in main_points(name) if 37.16 < p[0] < 37.36 and 48.20 < p[1] < 48.30]

    april = pocket(NAME)
    assert len(april) >= 5
    assert april == pocket("contact-line-2025-08")
