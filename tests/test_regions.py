"""Regions: ids, names, aliases, geometry and areas against official figures."""

from __future__ import annotations

import pytest
import shapely

import maps
from maps.errors import UnknownNameError
from maps.regions import FOCUS, REGIONS, Region, expand, region_id

# Official areas (km², State Statistics Service of Ukraine) of the focus regions and the
# tolerance of Natural Earth 10m geometry against them, with the reason for each.
OFFICIAL_KM2 = {
    "donetsk": (26_517, 0.02, "land area; NE within ~0.3%"),
    "luhansk": (26_684, 0.02, "land area; NE within ~1.4%"),
    "zaporizhzhia": (27_180, 0.02, "NE within ~0.4%"),
    "crimea": (26_081, 0.02, "NE within ~1.0%"),
    "kherson": (28_461, 0.10, "official figure counts water (Kakhovka, Dnipro); NE ~8% low"),
    "sevastopol": (864, 0.15, "official figure counts bays; 10m coastline is coarse; NE ~13% low"),
}
UKRAINE_KM2 = 603_628


def test_27_units_with_unique_ids_and_iso_codes() -> None:
    regions = maps.load_regions()
    assert len(regions) == 27
    assert regions["id"].is_unique and regions["iso"].is_unique
    assert set(FOCUS) <= set(regions["id"])
    assert regions.crs is not None
    assert regions.crs.to_epsg() == 4326
    assert regions["focus"].sum() == len(FOCUS)


def test_geometries_valid_without_gaps_or_overlaps() -> None:
    regions = maps.load_regions()
    assert regions.is_valid.all()
    union_km2 = maps.area_km2(maps.load_regions().dissolve().geometry).iloc[0]
    assert union_km2 == pytest.approx(regions["area_km2"].sum(), rel=1e-6)
    ukraine = shapely.union_all(regions.geometry.values)
    holes = sum(len(p.interiors) for p in getattr(ukraine, "geoms", [ukraine]))
    assert holes == 0


@pytest.mark.parametrize("region", sorted(OFFICIAL_KM2))
def test_area_against_official(region: str) -> None:
    official, tolerance, _why = OFFICIAL_KM2[region]
    area = maps.load_regions([region] if region != "crimea" else ["UA-43"])["area_km2"].iloc[0]
    assert area == pytest.approx(official, rel=tolerance)


def test_ukraine_total_area() -> None:
    assert maps.load_regions()["area_km2"].sum() == pytest.approx(UKRAINE_KM2, rel=0.01)


def test_crimea_selects_the_peninsula() -> None:
    assert expand(["crimea"]) == ["crimea", "sevastopol"]
    assert expand(["AR Crimea"]) == ["crimea"]
    merged = maps.load_regions(["crimea"], peninsula=True)
    assert list(merged["id"]) == ["crimea"]
    assert merged["area_km2"].iloc[0] == pytest.approx(26_346 + 750, rel=0.01)


@pytest.mark.parametrize(
    "alias",
    [
        "zaporizhzhia",
        "Zaporizhzhya",
        "Zaporozhye",
        "UA-23",
        "Запорізька область",
        "Запорізька",
        "zaporizhzhia oblast",
        "ZAPORIZHZHIA",
    ],
)
def test_aliases(alias: str) -> None:
    assert region_id(alias) == "zaporizhzhia"


@pytest.mark.parametrize("region", REGIONS, ids=[r.id for r in REGIONS])
def test_every_iso_code_and_name_finds_its_region(region: Region) -> None:
    # ISO codes must win over look-alike GeoNames codes (UA-14 is Donetsk, UA.14 Luhansk).
    assert region_id(region.iso) == region.id
    assert region_id(region.name_uk) == region.id
    if region.id not in ("crimea",):
        assert region_id(region.name) == region.id


def test_groups() -> None:
    assert expand(["donbas"]) == ["donetsk", "luhansk"]
    assert len(expand(["ukraine"])) == 27


def test_unknown_name_suggests() -> None:
    with pytest.raises(UnknownNameError, match="did you mean zaporizhzhia"):
        region_id("zaporizhia_oblst")
    with pytest.raises(UnknownNameError, match=r"unknown region 'Atlantis'$"):
        region_id("Atlantis")


def test_area_km2_refuses_missing_crs() -> None:
    regions = maps.load_regions()
    with pytest.raises(ValueError, match="no CRS"):
        # geopandas drops the CRS on None; its stubs do not allow None.
        maps.area_km2(regions.geometry.set_crs(None, allow_override=True))  # type: ignore[call-overload]


def test_area_km2_is_equal_area() -> None:
    # A 1°x1° cell at 48.5N has a true area of about 111.2 * 73.7 km² ≈ 8,200 km².
    cell = shapely.box(32, 48, 33, 49)
    import geopandas as gpd

    area = maps.area_km2(gpd.GeoSeries([cell], crs="EPSG:4326")).iloc[0]
    assert area == pytest.approx(8_200, rel=0.01)
