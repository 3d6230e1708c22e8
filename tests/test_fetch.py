"""Fetching against a real HTTP server on 127.0.0.1 that answers in each source's shape."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import socket
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import maps
from maps import fetch, settings
from maps._http import json_depth
from maps.cli import main
from maps.errors import MapsError
from maps.load import list_baselines
from maps.parse import scenario_from_text
from maps.pipeline import resolve_scenario
from maps.regions import REGIONS
from maps.render import render_pages, write_pages

SNAPSHOTS = [
    {"id": 101, "datetime": "2025-08-10T21:00:00Z", "description": "a"},
    {"id": 102, "datetime": "2025-08-17T20:30:00Z", "description": "b"},
    {"id": 103, "datetime": "2025-09-01T20:00:00Z", "description": "c"},
]
NAME = (
    "Окупована територія {{ 7*7 }} /// Occupied territory {{ 7*7 }} /// geoJSON.status.occupied\n"
)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MAPS_CACHE_DIR", str(cache))
    monkeypatch.setenv("MAPS_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("MAPS_HTTP_BACKOFF", "0.01")
    return cache


def held_polygons() -> list[shapely.Geometry]:
    base = maps.load_baseline()
    held = shapely.union_all(base[base.party == "RU"].geometry.values)
    return list(shapely.get_parts(held.simplify(0.01)))


def with_z(geom: shapely.Geometry) -> dict[str, object]:
    data: dict[str, object] = json.loads(shapely.to_geojson(shapely.force_3d(geom, 0.0)))
    return data


def deepstate_geojson() -> dict[str, object]:
    features = [
        {"type": "Feature", "properties": {"name": NAME}, "geometry": with_z(p)}
        for p in held_polygons()
    ]
    features.append(
        {
            "type": "Feature",
            "properties": {
                "name": "Напрямок /// Direction {{x}} /// geoJSON.status.attack_direction"
            },
            "geometry": {"type": "Point", "coordinates": [37.5, 48.5, 0]},
        }
    )
    features.append(
        {
            "type": "Feature",
            "properties": {"name": "Звільнено /// Liberated\u00a0/// geoJSON.status.dismissed"},
            "geometry": with_z(shapely.box(36.2, 49.9, 36.3, 50.0)),
        }
    )
    return {"type": "FeatureCollection", "features": features}


def isw_geojson() -> dict[str, object]:
    features = [
        {
            "type": "Feature",
            "id": number,
            "properties": {"OBJECTID": number, "GlobalID_2": f"{{{number}}}", "EditDate": None},
            "geometry": json.loads(shapely.to_geojson(p)),
        }
        for number, p in enumerate(held_polygons(), 1)
    ]
    return {"type": "FeatureCollection", "features": features}


def regions_geojson() -> dict[str, object]:
    regions = maps.load_regions()
    iso = {r.id: r.iso for r in REGIONS}
    features = [
        {
            "type": "Feature",
            "properties": {"shapeName": f"{name} Oblast", "shapeISO": iso[rid]},
            "geometry": json.loads(shapely.to_geojson(geom.simplify(0.01))),
        }
        for rid, name, geom in zip(regions.id, regions.name, regions.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def naturalearth_zip(tmp: Path) -> bytes:
    regions = maps.load_regions()
    codes = {r.id: r.geonames for r in REGIONS}
    frame = gpd.GeoDataFrame(
        {
            "adm0_a3": [*(["UKR"] * len(regions)), "MDA"],
            "gn_a1_code": [*(codes[i] for i in regions.id), "MD.01"],
            "name": [*regions.name, "Chisinau"],
        },
        geometry=[*regions.geometry.simplify(0.005), shapely.box(28.7, 46.9, 29.0, 47.1)],
        crs="EPSG:4326",
    )
    folder = tmp / "ne"
    folder.mkdir()
    frame.to_file(folder / "ne_10m_admin_1_states_provinces.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for f in sorted(folder.iterdir()):
            archive.write(f, f.name)
    return buffer.getvalue()


def serve_deepstate(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/history/public").respond_with_json(SNAPSHOTS)
    for snapshot_id in (102, 103):
        httpserver.expect_request(f"/api/history/{snapshot_id}/geojson").respond_with_json(
            deepstate_geojson()
        )


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --------------------------------------------------------------- success paths


def test_deepstate_nearest_snapshot_becomes_a_baseline(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_deepstate(httpserver)
    code = main(
        [
            "fetch",
            "control",
            "--source",
            "deepstate",
            "--date",
            "2025-08-18",
            "--base-url",
            httpserver.url_for("/"),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "cached baseline deepstate-2025-08-17" in out.out
    assert "not an open licence" in out.err
    meta = list_baselines()["deepstate-2025-08-17"]
    assert meta["url"].endswith("/api/history/102/geojson")
    assert len(meta["sha256"]) == 64
    base = maps.load_baseline("deepstate-2025-08-17")
    ru = base[base.party == "RU"].area_km2.sum()
    assert ru == pytest.approx(115_476, rel=0.02)  # the served polygons, minus the liberated box
    front = maps.load_contact_line("deepstate-2025-08-17").to_crs(maps.EQUAL_AREA_CRS)
    assert front.length.sum() / 1000 > 500  # km of front between the RU and UA parts


def test_fetched_baseline_drives_stats_and_render(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_deepstate(httpserver)
    fetch.fetch_control(
        "deepstate", base_url=httpserver.url_for("/"), date=None, notice=lambda _: None
    )
    name = "deepstate-2025-09-01"
    scenario_file = tmp_path / "s.yaml"
    scenario_file.write_text(
        f"id: on-deepstate\ntitle: Donbas on DeepState data\ndate: 2025-09-02\nbaseline: {name}\n"
        "rules:\n  - {regions: [donbas], to: RU}\n"
    )
    assert main(["stats", str(scenario_file), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    flow = next(f for f in figures["flows"] if f["from"] == "UA")
    assert flow["area_km2"] > 5_000
    assert main(["render", str(scenario_file), "-o", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "on-deepstate.html").read_text()
    assert (
        "DeepStateMap" in html
        and "{{ 7*7 }}" not in html
        and "49" not in html.split("Occupied")[0][-5:]
    )


def test_isw_source(httpserver: HTTPServer) -> None:
    path = (
        "/SaBe5HMtmnbqSWlu/arcgis/rest/services/VIEW_RussiaCoTinUkraine_V3/FeatureServer/49/query"
    )
    httpserver.expect_request(path).respond_with_json(isw_geojson())
    name = fetch.fetch_control(
        "isw", base_url=httpserver.url_for("/arcgis").rsplit("/arcgis", 1)[0], notice=lambda _: None
    )
    assert name.startswith("isw-")
    assert "Institute for the Study of War" in list_baselines()[name]["licence"]


def test_geoboundaries_with_a_mirror(httpserver: HTTPServer) -> None:
    download = "https://github.com/wmgeolab/geoBoundaries/raw/9469f09/releaseData/gbOpen/UKR/ADM1/geoBoundaries-UKR-ADM1.geojson"
    httpserver.expect_request("/api/current/gbOpen/UKR/ADM1/").respond_with_json(
        {"boundaryISO": "UKR", "gjDownloadURL": download, "simplifiedGeometryGeoJSON": download}
    )
    httpserver.expect_request(
        "/wmgeolab/geoBoundaries/raw/9469f09/releaseData/gbOpen/UKR/ADM1/geoBoundaries-UKR-ADM1.geojson"
    ).respond_with_json(regions_geojson())
    path = fetch.fetch_boundaries(
        "geoboundaries", base_url=httpserver.url_for("/"), notice=lambda _: None
    )
    assert path.is_file()
    regions = maps.load_regions(source="geoboundaries")
    assert len(regions) == 27 and regions.is_valid.all()
    assert regions.set_index("id").area_km2["donetsk"] == pytest.approx(26_599, rel=0.02)


def test_naturalearth_zip(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        "/naturalearth/10m/cultural/ne_10m_admin_1_states_provinces.zip"
    ).respond_with_data(naturalearth_zip(tmp_path), content_type="application/zip")
    fetch.fetch_boundaries("naturalearth", base_url=httpserver.url_for("/"), notice=lambda _: None)
    regions = maps.load_regions(source="naturalearth")
    assert sorted(regions.id) == sorted(r.id for r in REGIONS)


def test_clean_text_handles_languages_and_braces() -> None:
    assert fetch.clean_text(NAME) == "Occupied territory { { 7*7 } }"
    assert fetch.clean_text("one") == "one"


# --------------------------------------------------------------- faults


def fails_cleanly(
    args: list[str], cache: Path, capsys: pytest.CaptureFixture[str], expected: str
) -> None:
    before = snapshot(cache)
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err, err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1
    assert snapshot(cache) == before


def deepstate_args(httpserver: HTTPServer) -> list[str]:
    return ["fetch", "control", "--source", "deepstate", "--base-url", httpserver.url_for("/")]


def test_404(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/history/public").respond_with_data("nope", status=404)
    fails_cleanly(deepstate_args(httpserver), isolated_cache, capsys, "not found (HTTP 404)")


def test_500_then_success(httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    calls = {"n": 0}

    def flaky(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("busy", status=500)
        return Response(json.dumps(SNAPSHOTS), content_type="application/json")

    httpserver.expect_request("/api/history/public").respond_with_handler(flaky)
    httpserver.expect_request("/api/history/103/geojson").respond_with_json(deepstate_geojson())
    assert main(deepstate_args(httpserver)) == 0
    assert calls["n"] == 2


def test_500_forever(
    httpserver: HTTPServer,
    isolated_cache: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAPS_HTTP_RETRIES", "2")
    httpserver.expect_request("/api/history/public").respond_with_data("down", status=503)
    fails_cleanly(deepstate_args(httpserver), isolated_cache, capsys, "HTTP 503")


def test_timeout(
    httpserver: HTTPServer,
    isolated_cache: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAPS_HTTP_RETRIES", "0")

    def slow(request: Request) -> Response:
        time.sleep(2.5)
        return Response(json.dumps(SNAPSHOTS), content_type="application/json")

    httpserver.expect_request("/api/history/public").respond_with_handler(slow)
    fails_cleanly(deepstate_args(httpserver), isolated_cache, capsys, "no answer within 1 s")


def test_truncated_body(isolated_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = server.getsockname()[1]

    def answer() -> None:
        for _ in range(4):
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 5000\r\n\r\n[{"id": 1, "datet'
            )
            conn.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        args = [
            "fetch",
            "control",
            "--source",
            "deepstate",
            "--base-url",
            f"http://127.0.0.1:{port}",
        ]
        fails_cleanly(args, isolated_cache, capsys, "cut short")
    finally:
        server.close()


def test_wrong_content_type(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/history/public").respond_with_data(
        "<html>login</html>", content_type="text/html"
    )
    fails_cleanly(
        deepstate_args(httpserver), isolated_cache, capsys, "unexpected content type 'text/html'"
    )


def test_oversized_body(
    httpserver: HTTPServer,
    isolated_cache: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAPS_HTTP_MAX_BYTES", "1000")
    httpserver.expect_request("/api/history/public").respond_with_json(SNAPSHOTS * 50)
    fails_cleanly(deepstate_args(httpserver), isolated_cache, capsys, "over the limit")


def test_not_geojson(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/history/public").respond_with_json(SNAPSHOTS)
    httpserver.expect_request("/api/history/103/geojson").respond_with_json({"features": "x"})
    fails_cleanly(
        deepstate_args(httpserver), isolated_cache, capsys, "not a GeoJSON FeatureCollection"
    )


def test_implausible_place(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    far = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": NAME},
                "geometry": json.loads(shapely.to_geojson(shapely.box(2, 48, 3, 49))),
            }
        ],
    }
    httpserver.expect_request("/api/history/public").respond_with_json(SNAPSHOTS)
    httpserver.expect_request("/api/history/103/geojson").respond_with_json(far)
    fails_cleanly(
        deepstate_args(httpserver), isolated_cache, capsys, "no Russian-held polygon in Ukraine"
    )


def test_unreachable_network(
    isolated_cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAPS_HTTP_RETRIES", "0")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ["fetch", "control", "--source", "deepstate", "--base-url", f"http://127.0.0.1:{port}"]
    fails_cleanly(args, isolated_cache, capsys, "network unreachable")


def test_offline_flag_touches_nothing(
    isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fails_cleanly(
        ["fetch", "control", "--source", "isw", "--offline"],
        isolated_cache,
        capsys,
        "offline: not fetching",
    )


def test_unknown_baseline_in_a_scenario_is_positioned() -> None:
    text = "id: t\ntitle: T\ndate: 2025-08-18\nbaseline: deepstate-2031-01-01\n"
    with pytest.raises(MapsError, match=r"<string>:4:11: unknown baseline"):
        resolve_scenario(scenario_from_text(text))


def test_missing_fetched_boundaries_are_explained() -> None:
    with pytest.raises(MapsError, match="maps fetch boundaries --source geoboundaries"):
        maps.load_regions(source="geoboundaries")


def test_render_pages_of_fetched_baseline_are_deterministic(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_deepstate(httpserver)
    name = fetch.fetch_control(
        "deepstate", date=None, base_url=httpserver.url_for("/"), notice=lambda _: None
    )
    text = f"id: d\ntitle: D\ndate: 2025-09-02\nbaseline: {name}\nrules: []\n"
    res = resolve_scenario(scenario_from_text(text))
    first = render_pages([res])
    assert [p.text for p in first] == [p.text for p in render_pages([res])]
    write_pages(first, tmp_path)


# --------------------------------------------------------------- settings and limits


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MAPS_HTTP_TIMEOUT", "abc"),
        ("MAPS_HTTP_TIMEOUT", "-5"),
        ("MAPS_HTTP_RETRIES", "x"),
        ("MAPS_HTTP_RETRIES", "2.5"),
        ("MAPS_HTTP_RETRIES", "11"),
        ("MAPS_HTTP_BACKOFF", "-1"),
        ("MAPS_HTTP_DEADLINE", "inf"),
        ("MAPS_HTTP_MAX_BYTES", "-5"),
        ("MAPS_MAX_UNZIPPED_BYTES", "big"),
        ("MAPS_MAX_FEATURES", "0"),
        ("MAPS_MAX_VERTICES", "1e9"),
        ("MAPS_MAX_JSON_DEPTH", "1"),
    ],
)
def test_each_setting_is_checked_and_named(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(MapsError, match=f"^{variable}='{re.escape(value)}' is (not|out of)"):
        settings.check()


def test_cache_folder_in_an_unknown_home(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAPS_CACHE_DIR", "~no-such-user-here/cache")
    assert main(["fetch", "list"]) == 1
    assert (
        "MAPS_CACHE_DIR='~no-such-user-here/cache': no such home folder" in capsys.readouterr().err
    )


def test_settings_have_sane_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("MAPS_HTTP_TIMEOUT", "MAPS_HTTP_RETRIES", "MAPS_HTTP_DEADLINE"):
        monkeypatch.delenv(variable, raising=False)
    settings.check()
    assert settings.deadline() == 120 and settings.retries() == 3
    assert settings.timeout() == (10.0, 60.0)


def test_retry_after_is_honoured_within_the_deadline(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[float] = []

    def busy_once(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("busy", status=503, headers={"Retry-After": "1"})
        return Response(json.dumps(SNAPSHOTS), content_type="application/json")

    httpserver.expect_request("/api/history/public").respond_with_handler(busy_once)
    httpserver.expect_request("/api/history/103/geojson").respond_with_json(deepstate_geojson())
    assert main(deepstate_args(httpserver)) == 0, capsys.readouterr().err
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.9


def test_snapshot_ids_must_be_whole_numbers() -> None:
    listed = [
        {"id": "../../evil", "datetime": "2025-09-01T20:00:00Z"},
        {"id": True, "datetime": "2025-09-01T20:00:00Z"},
        {"id": 1.5, "datetime": "2025-09-01T20:00:00Z"},
        {"id": 101, "datetime": "2025-08-10T21:00:00Z", "status": True},
    ]
    chosen, day = fetch.nearest_snapshot(listed, None)
    assert chosen["id"] == 101 and day.isoformat() == "2025-08-10"
    with pytest.raises(MapsError, match="none of the 3 snapshots is published"):
        fetch.nearest_snapshot(listed[:3], None)


def test_json_depth_and_positions() -> None:
    values: tuple[object, ...] = (1, [], {}, [[1]], {"a": [{"b": []}]})
    assert [json_depth(v) for v in values] == [0, 1, 1, 2, 4]
    polygon = [[[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0]]]
    assert fetch.count_positions(polygon) == 4
    assert fetch.count_positions([polygon, polygon]) == 8
    assert fetch.count_positions("x") == 0


def test_redirects_are_followed_a_few_times(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/history/public").respond_with_data(
        "", status=302, headers={"Location": "/moved/public"}
    )
    httpserver.expect_request("/moved/public").respond_with_json(SNAPSHOTS)
    httpserver.expect_request("/api/history/103/geojson").respond_with_json(deepstate_geojson())
    assert main(deepstate_args(httpserver)) == 0, capsys.readouterr().err


def test_a_redirect_loop_ends_soon(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/history/public").respond_with_data(
        "", status=302, headers={"Location": "/api/history/public"}
    )
    fails_cleanly(deepstate_args(httpserver), isolated_cache, capsys, "more than 5 redirects")


def test_a_redirect_to_a_file_is_refused(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/history/public").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    fails_cleanly(deepstate_args(httpserver), isolated_cache, capsys, "not an http(s) URL")


# --------------------------------------------------------------- the feeds in their real shapes

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
ISW_PATH = (
    "/SaBe5HMtmnbqSWlu/arcgis/rest/services/VIEW_RussiaCoTinUkraine_V3/FeatureServer/49/query"
)
TRANSNISTRIA = "Придністров'я /// Transnistria /// geoJSON.territories.transnistria"


def feed(name: str) -> Any:
    return json.loads((FEEDS / name).read_text(encoding="utf-8"))


def serve_feed(httpserver: HTTPServer, geojson: dict[str, Any] | None = None) -> list[Any]:
    """The fixture history list and, for every entry, the fixture snapshot (or ``geojson``)."""
    history = feed("deepstate-history.json")
    httpserver.expect_request("/api/history/public").respond_with_json(history)
    for entry in history:
        httpserver.expect_request(f"/api/history/{entry['id']}/geojson").respond_with_json(
            geojson or feed("deepstate-geojson.json")
        )
    return list(history)


def requested(httpserver: HTTPServer) -> list[str]:
    return [request.path for request, _ in httpserver.log]


def cached(name: str) -> gpd.GeoDataFrame:
    meta = list_baselines()[name]
    return gpd.read_file(meta["path"])


def held_km2(frame: gpd.GeoDataFrame, party: str, region: str | None = None) -> float:
    rows = frame[(frame["kind"] == "control") & (frame["party"] == party)]
    if region is not None:
        rows = rows[rows["region"] == region]
    return float(maps.area_km2(rows).sum())


def run_fetch(httpserver: HTTPServer, *extra: str) -> int:
    return main(["fetch", "control", *extra, "--base-url", httpserver.url_for("/")])


def test_the_fixtures_have_the_real_shapes() -> None:
    """Names with keys (some with a trailing newline or a no-break space), z coordinates,
    style fields, decoys abroad, arrows; history entries with all their fields."""
    features = feed("deepstate-geojson.json")["features"]
    names = [f["properties"]["name"] for f in features]
    assert all(n.count("///") >= 1 for n in names)
    assert any(n.endswith("\n") for n in names) and any("\u00a0///" in n for n in names)
    assert all(fetch.count_positions(f["geometry"]["coordinates"]) > 0 for f in features)
    polygon = next(f for f in features if f["geometry"]["type"] == "Polygon")
    assert len(polygon["geometry"]["coordinates"][0][0]) == 3
    assert {"fill", "stroke"} <= set(polygon["properties"])
    keys = {fetch.name_key(n)[1] for n in names}
    assert set(fetch.DEEPSTATE_KEYS) <= keys and fetch.ARROWS in keys
    history = feed("deepstate-history.json")
    assert {"id", "datetime", "createdAt", "updatedAt", "status"} <= set(history[0])
    assert [h["status"] for h in history].count(False) == 2


def test_deepstate_feed_is_classified_by_key(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    history = serve_feed(httpserver)
    assert run_fetch(httpserver, "--source", "deepstate", "--date", "2025-08-30") == 0
    out = capsys.readouterr()
    # 30 August is unpublished: the nearest published snapshot is 31 August, a day after
    assert "cached baseline deepstate-2025-08-31" in out.out, out.err
    used = history[2]["id"]
    assert requested(httpserver) == ["/api/history/public", f"/api/history/{used}/geojson"]
    assert (
        f"DeepStateMap snapshot {used} of 2025-08-31 20:10 UTC: the published one nearest "
        "2025-08-30, 1 day(s) after it; 2 unpublished snapshot(s) skipped" in out.err
    )
    base = cached("deepstate-2025-08-31")
    # the grey-zone strip west of Pokrovsk is contested ground of Donetsk oblast
    grey = base[base["party"] == "contested"]
    assert set(grey["region"]) == {"donetsk"}
    assert held_km2(base, "contested") == pytest.approx(258, rel=0.05)
    assert grey.geometry.union_all().intersects(shapely.Point(37.1, 48.3).buffer(0.1))
    # Crimea, ORDLO and the occupied south are Russian-held; liberated Kharkiv oblast is not
    assert held_km2(base, "RU", "crimea") / maps.area_km2(
        maps.load_regions().set_index("id").loc[["crimea"]]
    ).sum() == pytest.approx(1, abs=0.01)
    assert held_km2(base, "RU", "luhansk") > 20_000 and held_km2(base, "RU", "kharkiv") == 0
    # Transnistria adds nothing along Odesa oblast
    assert set(base[base["region"] == "odesa"]["party"]) == {"UA"}
    assert "kept: Russian-held 86,0" in out.err and "contested (grey zone) 258 km²" in out.err
    assert "not held: liberated 3,4" in out.err
    for line in (
        "  Transnistria (geoJSON.territories.transnistria): unknown key",
        "  Abkhazia (geoJSON.territories.abkhazia): unknown key",
        "  Temporarily occupied East Prussia (geoJSON.status.occupied): outside Ukraine",
        "  Temporarily occupied Southern Kurils (geoJSON.status.occupied): outside Ukraine",
        "  Status under review (geoJSON.status.frozen): unknown key",
        "  A marker without a key (no key): no geoJSON key",
        "ignored 2 point(s) and line(s): geoJSON.status.attack_direction ×2",
        "dropped 7 polygon(s):",
    ):
        assert line in out.err, out.err


def test_the_cached_baseline_keeps_its_provenance(httpserver: HTTPServer) -> None:
    history = serve_feed(httpserver)
    name = fetch.fetch_control("deepstate", base_url=httpserver.url_for("/"), notice=lambda _: None)
    assert name == "deepstate-2025-08-31"  # the latest published; 2 September is not
    meta = list_baselines()[name]
    assert meta["publisher"] == "DeepStateMap" and "not an open licence" in meta["licence"]
    assert meta["url"].endswith(f"/api/history/{history[2]['id']}/geojson")
    assert meta["snapshot_id"] == history[2]["id"]
    assert meta["snapshot_datetime"] == "2025-08-31 20:10 UTC" and meta["asked_date"] is None
    assert meta["fetched_at"].endswith("+00:00") and meta["date"] == "2025-08-31"
    assert meta["kept_km2"]["contested"] == pytest.approx(258, rel=0.05)
    assert meta["dropped_count"] == 7
    assert {"name": "Transnistria", "key": "geoJSON.territories.transnistria"}.items() <= (
        meta["dropped"][2].items()
    )


def test_style_fields_do_not_classify(httpserver: HTTPServer) -> None:
    data = feed("deepstate-geojson.json")
    for feature in data["features"]:
        feature["properties"].update({"fill": "#a52714", "stroke": "#a52714"})
    serve_feed(httpserver, data)
    name = fetch.fetch_control("deepstate", base_url=httpserver.url_for("/"), notice=lambda _: None)
    assert list_baselines()[name]["kept_km2"]["contested"] == pytest.approx(258, rel=0.05)
    assert list_baselines()[name]["dropped_count"] == 7


def test_a_decoy_keyed_as_occupied_is_dropped_by_its_place(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Transnistria drawn as occupied overlaps Odesa oblast by slivers only: it is dropped."""
    data = feed("deepstate-geojson.json")
    decoy = next(f for f in data["features"] if f["properties"]["name"] == TRANSNISTRIA)
    decoy["properties"]["name"] = "Придністров'я /// Transnistria /// geoJSON.status.occupied"
    serve_feed(httpserver, data)
    assert run_fetch(httpserver, "--source", "deepstate") == 0
    err = capsys.readouterr().err
    assert re.search(
        r"  Transnistria \(geoJSON.status.occupied\): abroad \(2\.\d% of its 3,7\d\d km² in", err
    ), err
    base = cached("deepstate-2025-08-31")
    assert set(base[base["region"].isin(["odesa", "vinnytsia"])]["party"]) == {"UA"}


def test_a_long_dropped_list_is_bounded(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = feed("deepstate-geojson.json")
    decoy = next(f for f in data["features"] if f["properties"]["name"] == TRANSNISTRIA)
    data["features"] += [
        {**decoy, "properties": {"name": f"x /// \x1b[31mKarelia {n} /// geoJSON.t.{n}"}}
        for n in range(200)
    ]
    serve_feed(httpserver, data)
    assert run_fetch(httpserver, "--source", "deepstate") == 0
    err = capsys.readouterr().err
    assert "dropped 207 polygon(s):" in err and "  and 195 more" in err
    assert "\x1b" not in err and len(err.splitlines()) < 30
    assert len(list_baselines()["deepstate-2025-08-31"]["dropped"]) == fetch.MAX_RECORDED


@pytest.mark.parametrize(
    ("name", "label", "key"),
    [
        (
            "Окупована /// Occupied /// geoJSON.status.occupied\n",
            "Occupied",
            "geoJSON.status.occupied",
        ),
        (
            "Сіра /// Unknown status\u00a0/// geoJSON.status.unknown",
            "Unknown status",
            "geoJSON.status.unknown",
        ),
        (
            "Occupied Abkhazia /// geoJSON.territories.abkhazia",
            "Occupied Abkhazia",
            "geoJSON.territories.abkhazia",
        ),
        ("Звільнено /// Liberated", "Liberated", ""),
        ("", "", ""),
        ("a /// b\x07{{ 7*7 }} /// geoJSON.x\x1b", "b { { 7*7 } }", "geoJSON.x"),
    ],
)
def test_name_and_key(name: str, label: str, key: str) -> None:
    assert fetch.name_key(name) == (label, key)


# ISW/CTP


def isw_handler(pages: list[dict[str, Any]]) -> Any:
    """Answer each ``resultOffset`` with the page that starts there."""
    starts, at = {}, 0
    for page in pages:
        starts[at] = page
        at += len(page["features"])

    def answer(request: Request) -> Response:
        offset = int(request.args.get("resultOffset", "0"))
        assert request.args.get("resultRecordCount") == str(fetch.PAGE_SIZE)
        assert request.args.get("f") == "geojson" and request.args.get("where") == "1=1"
        page = starts.get(offset, {"type": "FeatureCollection", "features": []})
        return Response(json.dumps(page), content_type="application/geo+json")

    return answer


def isw_args(httpserver: HTTPServer, *extra: str) -> list[str]:
    base = httpserver.url_for("/")
    return ["fetch", "control", "--source", "isw", *extra, "--base-url", base]


def test_isw_pages_are_all_collected(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = [feed("isw-page-1.json"), feed("isw-page-2.json")]
    httpserver.expect_request(ISW_PATH).respond_with_handler(isw_handler(pages))
    assert main(isw_args(httpserver)) == 0
    out = capsys.readouterr()
    today = dt.date.today().isoformat()
    assert f"cached baseline isw-{today}" in out.out, out.err
    assert [r.args["resultOffset"] for r, _ in httpserver.log] == ["0", "2"]
    assert (
        f"ISW/CTP live layer fetched {today}: 4 feature(s) in 2 page(s), last edited 2025-09-02"
        in out.err
    )
    meta = list_baselines()[f"isw-{today}"]
    assert meta["date"] == today and meta["live"] is True and meta["pages"] == 2
    assert meta["title"] == f"ISW/CTP assessed Russian control, live layer fetched {today}"
    assert "Institute for the Study of War" in meta["licence"]
    base = cached(f"isw-{today}")
    assert held_km2(base, "RU", "crimea") > 26_000  # Crimea came on the second page
    assert "contested" not in set(base["party"])


@pytest.mark.parametrize("asked", ["2025-08-31", "2031-01-01"])
def test_isw_refuses_a_date_it_cannot_honour(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str], asked: str
) -> None:
    fails_cleanly(
        isw_args(httpserver, "--date", asked),
        isolated_cache,
        capsys,
        f"ISW/CTP's layer is live only (today's assessment, no archive): --date {asked} "
        "cannot be honoured",
    )
    assert not httpserver.log


def test_isw_takes_todays_date(httpserver: HTTPServer) -> None:
    pages = [feed("isw-page-1.json"), feed("isw-page-2.json")]
    httpserver.expect_request(ISW_PATH).respond_with_handler(isw_handler(pages))
    assert main(isw_args(httpserver, "--date", dt.date.today().isoformat())) == 0


def test_a_layer_without_crimea_is_refused(
    httpserver: HTTPServer, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = feed("isw-page-1.json")
    first["properties"]["exceededTransferLimit"] = False  # the page with Crimea never comes
    httpserver.expect_request(ISW_PATH).respond_with_handler(isw_handler([first]))
    fails_cleanly(
        isw_args(httpserver),
        isolated_cache,
        capsys,
        "incomplete layer: 0% of the Crimean peninsula (27,096 km²) is Russian-held, under 95%",
    )


def polygon_feature(geometry: shapely.Geometry, number: int) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": number,
        "properties": {"OBJECTID": number},
        "geometry": json.loads(shapely.to_geojson(geometry)),
    }


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ([], "km² Russian-held is implausible for a complete layer (40,000 to 200,000 km²)"),
        (
            [shapely.box(37.5, 47.2, 39.6, 48.8), shapely.box(23.5, 49.5, 24.5, 50.2)],
            "implausible: Russian-held land in regions never held (Lviv 2",
        ),
        (
            [shapely.box(38.6, 47.2, 39.6, 48.2), shapely.box(32.0, 46.4, 35.0, 48.0)],
            "implausible: 4% of Donetsk oblast is Russian-held (over 25% has been since 2014)",
        ),
    ],
    ids=["crimea-only", "lviv", "no-donbas"],
)
def test_implausible_areas_are_refused(
    httpserver: HTTPServer,
    isolated_cache: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[shapely.Geometry],
    expected: str,
) -> None:
    crimea = next(f for f in feed("isw-page-2.json")["features"] if f["id"] == 4)
    layer = {
        "type": "FeatureCollection",
        "features": [crimea, *(polygon_feature(g, n) for n, g in enumerate(extra, 10))],
    }
    httpserver.expect_request(ISW_PATH).respond_with_handler(isw_handler([layer]))
    fails_cleanly(isw_args(httpserver), isolated_cache, capsys, expected)


def test_isw_paging_is_bounded(
    httpserver: HTTPServer,
    isolated_cache: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch, "MAX_PAGES", 3)

    def endless(request: Request) -> Response:
        start = int(request.args["resultOffset"])
        page = {
            "type": "FeatureCollection",
            "features": [polygon_feature(shapely.box(37, 48, 37.1, 48.1), start + 1)],
            "properties": {"exceededTransferLimit": True},
        }
        return Response(json.dumps(page), content_type="application/json")

    httpserver.expect_request(ISW_PATH).respond_with_handler(endless)
    fails_cleanly(isw_args(httpserver), isolated_cache, capsys, "more than 3 pages of results")
    assert len(httpserver.log) == 3


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            {"type": "FeatureCollection", "features": [], "exceededTransferLimit": True},
            "page 1 is empty but says more results follow",
        ),
        (
            {"error": {"code": 400, "message": "Invalid query\n\x1b[2J", "details": []}},
            "the service answered with an error (400: Invalid query [2J)",
        ),
        (
            {**feed("isw-page-1.json"), "features": feed("isw-page-1.json")["features"][:1]},
            "page 2 repeats features of earlier pages (the service ignores resultOffset)",
        ),
    ],
    ids=["empty-page", "arcgis-error", "offset-ignored"],
)
def test_isw_pages_that_lie(
    httpserver: HTTPServer,
    isolated_cache: Path,
    capsys: pytest.CaptureFixture[str],
    page: dict[str, Any],
    expected: str,
) -> None:
    httpserver.expect_request(ISW_PATH).respond_with_json(page)
    fails_cleanly(isw_args(httpserver), isolated_cache, capsys, expected)


def test_page_url_keeps_the_query() -> None:
    url = fetch.page_url(fetch.SOURCES["isw"]["url"] + "&resultOffset=9", 2000)
    assert url.endswith(
        "query?where=1%3D1&outFields=%2A&f=geojson&resultOffset=2000&resultRecordCount=1000"
    )
