"""The shipped baseline (line of contact, mid-August 2025) against the published picture."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

import maps
from maps.data import list_baselines

# (name, lon, lat, side reported in mid-August 2025); coordinates from GeoNames.
SETTLEMENTS = [
    ("Kupiansk", 37.61581, 49.71003, "UA"),
    ("Dvorichna", 37.68482, 49.85099, "RU"),
    ("Borova", 37.61931, 49.38047, "UA"),
    ("Lyman", 37.80843, 48.99012, "UA"),
    ("Kreminna", 38.21552, 49.04811, "RU"),
    ("Svatove", 38.15534, 49.40926, "RU"),
    ("Siversk", 38.09683, 48.86476, "UA"),
    ("Soledar", 38.07098, 48.6921, "RU"),
    ("Bakhmut", 37.99886, 48.59419, "RU"),
    ("Chasiv Yar", 37.83409, 48.58768, "RU"),
    ("Kostiantynivka", 37.70594, 48.52728, "UA"),
    ("Toretsk", 37.8478, 48.39477, "RU"),
    ("Dobropillia", 37.08567, 48.46674, "UA"),
    ("Pokrovsk", 37.17706, 48.28014, "UA"),
    ("Myrnohrad", 37.26513, 48.3099, "UA"),
    ("Novohrodivka", 37.33883, 48.20052, "RU"),
    ("Selydove", 37.3022, 48.1465, "RU"),
    ("Novopavlivka", 36.78654, 48.13816, "UA"),
    ("Kurakhove", 37.28069, 47.9847, "RU"),
    ("Huliaipole", 36.25576, 47.66685, "UA"),
    ("Velyka Novosilka", 36.83627, 47.84281, "RU"),
    ("Polohy", 36.25463, 47.47865, "RU"),
    ("Orikhiv", 35.78333, 47.57613, "UA"),
    ("Mala Tokmachka", 35.90066, 47.5344, "UA"),
    ("Robotyne", 35.8380, 47.4450, "RU"),
    ("Tokmak", 35.70836, 47.25554, "RU"),
    ("Stepnohirsk", 35.36399, 47.59015, "UA"),
    ("Vasylivka", 35.28213, 47.44218, "RU"),
    ("Nikopol", 34.39126, 47.56826, "UA"),
    ("Marhanets", 34.6245, 47.63088, "UA"),
    ("Enerhodar", 34.66199, 47.49048, "RU"),
    ("Kamianka-Dniprovska", 34.41026, 47.49629, "RU"),
    ("Beryslav", 33.42664, 46.83851, "UA"),
    ("Nova Kakhovka", 33.35591, 46.75966, "RU"),
    ("Kakhovka", 33.47862, 46.81601, "RU"),
    ("Kherson", 32.61458, 46.63695, "UA"),
    ("Oleshky", 32.72426, 46.62553, "RU"),
    ("Hola Prystan", 32.52408, 46.52973, "RU"),
    ("Ochakiv", 31.54505, 46.61472, "UA"),
    ("Kinburn spit", 31.6500, 46.5300, "RU"),
    ("Vovchansk (south bank)", 36.94108, 50.2800, "UA"),
    ("Yunakivka", 35.0385, 51.12262, "UA"),
    ("Donetsk", 37.80224, 48.023, "RU"),
    ("Luhansk", 39.30781, 48.56705, "RU"),
    ("Mariupol", 37.54131, 47.09514, "RU"),
    ("Melitopol", 35.36688, 46.84891, "RU"),
    ("Berdiansk", 36.78361, 46.75451, "RU"),
    ("Simferopol", 34.10279, 44.95719, "RU"),
    ("Sevastopol", 33.52167, 44.60083, "RU"),
    ("Kramatorsk", 37.56779, 48.73106, "UA"),
    ("Sloviansk", 37.59739, 48.84974, "UA"),
    ("Druzhkivka", 37.52537, 48.61995, "UA"),
    ("Zaporizhzhia", 35.11714, 47.85167, "UA"),
    ("Dnipro", 35.04066, 48.4593, "UA"),
    ("Kharkiv", 36.25272, 49.98081, "UA"),
    ("Sumy", 34.79829, 50.9216, "UA"),
    ("Mykolaiv", 31.99812, 46.96591, "UA"),
]

# Published picture (GUIDE: public reporting, mid-August 2025) and the band we hold the trace to.
REGION_BANDS = {
    "crimea": (99.9, 100.0),
    "sevastopol": (99.9, 100.0),
    "luhansk": (98.0, 99.9),
    "donetsk": (70.0, 78.0),
    "zaporizhzhia": (70.0, 78.0),
    "kherson": (70.0, 78.0),
    "kharkiv": (3.0, 8.0),
    "sumy": (0.05, 1.0),
    "dnipropetrovsk": (0.05, 1.0),
    "mykolaiv": (0.1, 1.5),
}
PUBLISHED_TOTAL_KM2 = 114_500


@pytest.fixture(scope="module")
def baseline():
    return maps.load_baseline()


@pytest.mark.parametrize(
    ("name", "lon", "lat", "side"), SETTLEMENTS, ids=[s[0] for s in SETTLEMENTS]
)
def test_settlement_on_reported_side(
    baseline, name: str, lon: float, lat: float, side: str
) -> None:
    # Coastal and riverside towns may sit just outside the 10m coastline: take the nearest
    # part within 3 km, and require the settlement to be at least 1 km from the other side.
    projected = baseline.to_crs(maps.EQUAL_AREA_CRS)
    point = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(maps.EQUAL_AREA_CRS).iloc[0]
    distance = projected.distance(point)
    nearest = projected.loc[distance.idxmin()]
    assert distance.min() < 3_000, f"{name} is not near Ukraine's territory"
    assert nearest.party == side, name
    other = projected[projected.party != side]
    assert other.distance(point).min() > 1_000, f"{name} is within 1 km of the line"


def test_total_near_published_figure(baseline) -> None:
    ru = baseline[baseline.party == "RU"].area_km2.sum()
    assert ru == pytest.approx(PUBLISHED_TOTAL_KM2, rel=0.03)
    assert 100 * ru / baseline.area_km2.sum() == pytest.approx(19, abs=1)


@pytest.mark.parametrize("region", sorted(REGION_BANDS))
def test_region_shares(baseline, region: str) -> None:
    low, high = REGION_BANDS[region]
    part = baseline[baseline.region == region]
    share = 100 * part[part.party == "RU"].area_km2.sum() / part.area_km2.sum()
    assert low <= share <= high


def test_parts_make_up_each_region(baseline) -> None:
    regions = maps.load_regions().set_index("id")
    assert baseline.is_valid.all()
    assert set(baseline.party) == {"RU", "UA"}
    for rid, part in baseline.groupby("region"):
        assert part.area_km2.sum() == pytest.approx(regions.area_km2[rid], rel=1e-4), rid
        if len(part) == 2:
            overlap = part.geometry.iloc[0].intersection(part.geometry.iloc[1])
            overlap_km2 = maps.area_km2(gpd.GeoSeries([overlap], crs="EPSG:4326")).iloc[0]
            assert overlap_km2 < 0.01, rid  # shared edges only, up to coordinate rounding
    assert set(baseline.region) == set(regions.index)


def test_front_line_inside_ukraine() -> None:
    front = maps.load_contact_line()
    ukraine = shapely.union_all(maps.load_regions().geometry.values).buffer(1e-4)
    assert ukraine.contains(front.geometry.iloc[0])
    km = front.to_crs(maps.EQUAL_AREA_CRS).length.sum() / 1000
    # The trace smooths the real front (about 1,200 km with every bend) into straight runs.
    assert 700 < km < 1_300


def test_metadata_says_approximate(baseline) -> None:
    meta = list_baselines()["contact-line-2025-08"]
    assert meta["approximate"] is True
    assert meta["date"] == "2025-08-17"
    assert baseline.attrs["baseline"]["licence"]
    assert baseline.approximate.all()
