"""The timeline: atoms laid over every baseline, the figures they give, and the page."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

import maps.cache as fetched
from maps.errors import MapsError
from maps.geo import geometry_area_km2
from maps.load import load_baseline, load_regions
from maps.render.timeline import timeline_html
from maps.timeline import Snapshot, atoms, changed, encode, held, timeline_data
from maps.timeline_cli import add_timeline_parser, snapshots, timeline_page
from tests.browser import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHIPPED = [
    "contact-line-2022-02-23",
    "contact-line-2025-04-22",
    "contact-line-2025-08",
    "contact-line-2025-11-20",
]
XSS = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def shipped() -> list[Snapshot]:
    return snapshots(SHIPPED)


@pytest.fixture(scope="module")
def table(shipped: list[Snapshot]) -> gpd.GeoDataFrame:
    return atoms(load_regions(), shipped)


# ---- atoms of a made-up pair of regions: every figure known in advance ----


def square_snapshot(name: str, date: str, ru_east: float) -> Snapshot:
    """Region ``a`` (30..31°E) is Russian-held west of ``ru_east``; region ``b`` (31..32°E) is
    Ukrainian-held, with a contested strip 31.5..31.6°E on the later date."""
    rows = [
        {"party": "RU", "region": "a", "geometry": box(30, 48, ru_east, 49)},
        {"party": "UA", "region": "a", "geometry": box(ru_east, 48, 31, 49)},
    ]
    if date > "2020":
        rows += [
            {"party": "UA", "region": "b", "geometry": box(31, 48, 31.5, 49)},
            {"party": "contested", "region": "b", "geometry": box(31.5, 48, 31.6, 49)},
            {"party": "UA", "region": "b", "geometry": box(31.6, 48, 32, 49)},
        ]
    else:
        rows.append({"party": "UA", "region": "b", "geometry": box(31, 48, 32, 49)})
    control = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    front = gpd.GeoSeries([shapely.LineString([(ru_east, 48), (ru_east, 49)])], crs="EPSG:4326")
    return Snapshot(name, {"date": date, "title": name}, control, front)


SQUARES = gpd.GeoDataFrame(
    {"id": ["a", "b"], "name": ["A", "B"]},
    geometry=[box(30, 48, 31, 49), box(31, 48, 32, 49)],
    crs="EPSG:4326",
)


def km2(geom: BaseGeometry) -> float:
    return geometry_area_km2(geom)


def test_atoms_of_two_dates_are_the_pieces_between_their_lines() -> None:
    early, late = (
        square_snapshot("early", "2019-01-01", 30.5),
        square_snapshot("late", "2021-01-01", 30.75),
    )
    got = atoms(SQUARES, [early, late])
    assert list(zip(got["region"], got["holders"], strict=True)) == [
        ("a", "RR"),
        ("a", "UR"),
        ("a", "UU"),
        ("b", "UU"),
        ("b", "Uc"),
    ]
    expected = [
        km2(box(30, 48, 30.5, 49)),
        km2(box(30.5, 48, 30.75, 49)),
        km2(box(30.75, 48, 31, 49)),
        km2(box(31, 48, 31.5, 49)) + km2(box(31.6, 48, 32, 49)),
        km2(box(31.5, 48, 31.6, 49)),
    ]
    assert got["km2"].tolist() == pytest.approx(expected, rel=1e-9)
    assert changed(got, 0, 1) == pytest.approx(
        {("UA", "RU"): expected[1], ("UA", "contested"): expected[4]}
    )
    assert changed(got, 1, 0) == pytest.approx(
        {("RU", "UA"): expected[1], ("contested", "UA"): expected[4]}
    )
    assert held(got, 1)["b"] == pytest.approx({"UA": expected[3], "contested": expected[4]})


def test_a_date_without_data_for_a_region_says_so() -> None:
    early = square_snapshot("early", "2019-01-01", 30.5)
    partial = Snapshot(
        "partial",
        {"date": "2022-01-01"},
        early.control[early.control["region"] == "a"],
        early.front,
    )
    got = atoms(SQUARES, [early, partial])
    assert dict(zip(got["region"], got["holders"], strict=True))["b"] == "U-"


def test_encoding_is_first_point_then_differences_in_grid_units() -> None:
    line = shapely.LineString([(30.12341, 48.5), (30.12343, 48.5), (30.2, 48.6)])
    # the second point rounds onto the first and is dropped
    assert encode(line, 4) == [[[301234, 485000, 766, 1000]]]
    square = box(30, 48, 30.001, 48.001)
    assert encode(square, 3)[0][0][:2] == [30001, 48000]
    assert encode(box(30, 48, 30.00001, 48.00001), 3) == []  # collapses when rounded


# ---- the shipped baselines ----


def test_atoms_tile_ukraine_at_every_date(table: gpd.GeoDataFrame) -> None:
    regions = load_regions()
    ukraine = float(regions["area_km2"].sum())
    assert float(table["km2"].sum()) == pytest.approx(ukraine, rel=1e-6)
    by_region = table.groupby("region")["km2"].sum()
    expected = regions.set_index("id")["area_km2"]
    assert by_region.to_dict() == pytest.approx(expected.to_dict(), rel=1e-5)
    for date in range(len(SHIPPED)):
        total = sum(sum(parts.values()) for parts in held(table, date).values())
        assert total == pytest.approx(ukraine, rel=1e-6)
    assert all(len(h) == len(SHIPPED) and set(h) <= {"R", "U", "c"} for h in table["holders"])
    assert table.is_valid.all()
    union = shapely.union_all(table.geometry.values)
    assert km2(union) == pytest.approx(ukraine, rel=1e-5)  # no overlaps


@pytest.mark.parametrize("index", range(len(SHIPPED)))
def test_areas_per_date_match_the_baseline(table: gpd.GeoDataFrame, index: int) -> None:
    baseline = load_baseline(SHIPPED[index])
    expected: dict[tuple[str, str], float] = {}
    for region, party, area in zip(
        baseline["region"], baseline["party"], baseline["area_km2"], strict=True
    ):
        key = (str(region), str(party))
        expected[key] = expected.get(key, 0.0) + float(area)
    got = held(table, index)
    assert {(r, p): a for r, parts in got.items() for p, a in parts.items()} == pytest.approx(
        expected, rel=1e-5, abs=0.5
    )


def test_from_february_2022_to_august_2025_about_70000_km2_went_to_russia(
    table: gpd.GeoDataFrame,
) -> None:
    moved = changed(
        table, SHIPPED.index("contact-line-2022-02-23"), SHIPPED.index("contact-line-2025-08")
    )
    assert 68_000 < moved[("UA", "RU")] < 73_000
    assert moved.get(("RU", "UA"), 0.0) < 50


def test_snapshots_come_in_date_order(shipped: list[Snapshot]) -> None:
    data = timeline_data(load_regions(), list(reversed(shipped)), pd.DataFrame())
    assert [d["date"] for d in data["dates"]] == sorted(d["date"] for d in data["dates"])
    assert data["places"] == []


# ---- the page ----


@pytest.fixture(scope="module")
def page_text() -> str:
    return timeline_page(SHIPPED)


def page_json(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="mk-tl-data">(.*?)</script>', text, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_page_is_self_contained_and_small(page_text: str) -> None:
    assert len(page_text.encode("utf-8")) < 700_000
    assert "unpkg.com" not in page_text and "<link" not in page_text
    assert "L.map(" in page_text  # the page's script, inlined
    data = page_json(page_text)
    assert [d["name"] for d in data["dates"]] == SHIPPED
    assert len(data["fronts"]) == len(SHIPPED) and all(data["fronts"])
    assert all("approximate" in d["note"] for d in data["dates"])
    assert data["dates"][0]["source"].startswith("Traced by hand")


def test_page_lists_the_places_that_change_hands(page_text: str) -> None:
    data = page_json(page_text)
    names = [p[0] for p in data["places"]]
    assert "Mariupol" in names[:3]
    mariupol = data["places"][names.index("Mariupol")]
    assert data["atoms"][mariupol[3]][1] == "URRR"
    assert "Kyiv" not in names  # never changed hands: not shipped
    assert [p[2] for p in data["places"]] == sorted((p[2] for p in data["places"]), reverse=True)


def test_cdn_page_links_leaflet(shipped: list[Snapshot]) -> None:
    data = timeline_data(load_regions(), shipped[:2], pd.DataFrame())
    text = timeline_html(data, offline=False)
    assert "unpkg.com/leaflet@" in text
    assert len(text) < len(timeline_html(data)) - 100_000


def test_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_timeline_parser(parser.add_subparsers())
    args = parser.parse_args(["timeline", *SHIPPED[:2], "-o", str(tmp_path)])
    assert args.handler(args) == 0
    assert (tmp_path / "timeline.html").stat().st_size > 100_000
    assert "timeline.html" in capsys.readouterr().out
    with pytest.raises(MapsError, match="at least two"):
        timeline_page(SHIPPED[:1])


@pytest.fixture
def hostile_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fetched-style baseline in an isolated cache whose metadata is HTML."""
    monkeypatch.setenv("MAPS_CACHE_DIR", str(tmp_path / "cache"))
    source = (
        Path(__file__).resolve().parents[1] / "geodata" / "baseline-contact-line-2025-08.geojson"
    )
    meta = {"date": "2025-09-01", "title": XSS, "source": XSS, "accuracy": XSS, "approximate": True}
    fetched.store(fetched.BASELINES, "hostile", gpd.read_file(source), meta)
    return "hostile"


def test_metadata_is_never_markup(hostile_cache: str) -> None:
    text = timeline_page([*SHIPPED[:2], hostile_cache])
    assert "<img" not in text
    assert page_json(text)["dates"][-1]["title"] == XSS


# ---- in a real browser ----


def figures(page: Page) -> dict[str, str]:
    return {
        "date": page.inner_text(".mk-tl-date-big"),
        "ru": page.inner_text(".mk-tl-figure[data-holder='R'] strong"),
        "fills": page.eval_on_selector_all(
            ".leaflet-atoms-pane path", "els => els.map(e => e.getAttribute('fill')).join()"
        ),
        "note": page.inner_text(".mk-tl-note"),
    }


def test_slider_steps_through_the_dates(
    browser: Browser, page_text: str, table: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "timeline.html"
    path.write_text(page_text, encoding="utf-8")
    ru = [sum(parts.get("RU", 0.0) for parts in held(table, i).values()) for i in range(4)]
    with open_page(browser, path) as (page, log):
        page.wait_for_selector(".mk-tl-figure")
        last = figures(page)
        assert last["date"] == "2025-11-20"
        assert last["ru"] == f"{ru[3]:,.0f} km²"
        assert "approximate" in last["note"]
        page.focus("#mk-tl-slider")
        page.keyboard.press("Home")
        first = figures(page)
        assert first["date"] == "2022-02-23"
        assert first["ru"] == f"{ru[0]:,.0f} km²"
        assert first["fills"] != last["fills"]
        assert page.get_attribute("#mk-tl-slider", "aria-valuetext") == "2022-02-23"
        page.keyboard.press("ArrowRight")
        assert figures(page)["date"] == "2025-04-22"
        page.click(".mk-tl-bar[data-index='2']")
        assert figures(page)["date"] == "2025-08-17"
        assert page.is_visible(".mk-tl-chart") and page.is_visible(".mk-tl-legend")
        assert log.errors == [] and log.blocked == []


def test_change_between_two_dates(browser: Browser, page_text: str, tmp_path: Path) -> None:
    path = tmp_path / "timeline.html"
    path.write_text(page_text, encoding="utf-8")
    with open_page(browser, path) as (page, log):
        page.wait_for_selector(".mk-tl-pairs")
        page.select_option("#mk-tl-from", label="2022-02-23")
        page.select_option("#mk-tl-to", label="2025-08-17")
        moved = page.inner_text(".mk-tl-pairs li[data-pair='U>R'] strong")
        assert 68_000 < int(moved.replace(",", "").replace(" km²", "")) < 73_000
        places = page.inner_text(".mk-tl-places")
        assert places.splitlines()[0].startswith("Mariupol")
        assert len(places.splitlines()) == 20
        assert page.eval_on_selector_all(".leaflet-changed-pane path", "e => e.length") > 0
        page.select_option("#mk-tl-from", label="2025-08-17")
        page.select_option("#mk-tl-to", label="2025-11-20")
        after = page.inner_text(".mk-tl-pairs li[data-pair='U>R'] strong")
        assert after != moved
        assert "Pokrovsk" in page.inner_text(".mk-tl-places")
        assert log.errors == []


def test_hostile_metadata_shows_as_text(
    browser: Browser, hostile_cache: str, tmp_path: Path
) -> None:
    path = tmp_path / "timeline.html"
    path.write_text(timeline_page([*SHIPPED[:2], hostile_cache]), encoding="utf-8")
    with open_page(browser, path) as (page, log):
        page.wait_for_selector(".mk-tl-title")
        assert page.inner_text(".mk-tl-title") == XSS
        assert XSS in page.inner_text(".mk-tl-provenance")
        page.hover(".mk-tl-bar[data-index='2']")
        assert page.evaluate("window.__pwned") is None
        assert page.eval_on_selector_all("img", "els => els.length") == 0
        assert log.errors == [] and log.blocked == []
