"""``maps fetch`` against a hostile server, a bad environment and a damaged cache.

Each case runs the real command in a child process against a real HTTP server on 127.0.0.1
and checks that it ends in one clear error line, exit code 1, within bounded time and
memory, with the cache exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import stat
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.fetch import payloads as p
from tests.hostile.harness import Outcome, assert_clean_failure, run_maps, tree
from tests.hostile.server import HostileServer, Reply

DEADLINE = 3.0
STARTUP = 15.0
"""Generous time for the child to start and import its libraries on a busy machine."""
QUICK = DEADLINE + STARTUP
SMALL_MB = 450
"""Peak memory of a failing fetch of a small payload (it takes about 150 MB)."""
LIST = "/api/history/public"
LATEST = f"/api/history/{p.SNAPSHOTS[-1]['id']}/geojson"
NE_ZIP = "/naturalearth/10m/cultural/ne_10m_admin_1_states_provinces.zip"
GB_API = "/api/current/gbOpen/UKR/ADM1/"
GB_FILE = (
    "/wmgeolab/geoBoundaries/raw/9469f09/releaseData/gbOpen/UKR/ADM1/geoBoundaries-UKR-ADM1.geojson"
)
SHIPPED_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "ceasefire-current-line.yaml"


def mb(limit: float) -> float:
    """A bound on a child's peak memory. The child is forked from this test process, and the
    peak the harness reads includes what the child held before it started ``maps``: the size
    of this process, which grows over a long test session."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return max(limit, own + 50)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with HostileServer() as running:
        yield running


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache holding one good baseline, so that "unchanged" means something."""
    folder = tmp_path / "cache"
    data = json.dumps(p.collection([p.occupied_feature(p.donbas_polygon())])).encode()
    _store(folder, "deepstate-2025-08-14", data)
    return folder


def _store(folder: Path, name: str, data: bytes, meta: bytes | None = None) -> None:
    """Write a cached baseline the way ``maps fetch`` does, or with the given metadata."""
    (folder / "baselines").mkdir(parents=True, exist_ok=True)
    (folder / "baselines" / f"{name}.geojson").write_bytes(data)
    record = {
        "date": name.split("-", 1)[1],
        "title": f"DeepStateMap snapshot, {name}",
        "source": "DeepStateMap: http://127.0.0.1/",
        "licence": "DeepStateMap's terms",
        "approximate": False,
        "file": f"{name}.geojson",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    text = meta if meta is not None else json.dumps(record).encode()
    (folder / "baselines" / f"{name}.json").write_bytes(text)


def fetch(server: HostileServer, cache: Path, *extra: str, **env: str) -> Outcome:
    """Run ``maps fetch control --source deepstate`` against the server."""
    return _run(server, cache, "control", "--source", "deepstate", *extra, **env)


def fetch_boundaries(server: HostileServer, cache: Path, source: str, **env: str) -> Outcome:
    return _run(server, cache, "boundaries", "--source", source, **env)


def _run(server: HostileServer, cache: Path, *args: str, **env: str) -> Outcome:
    settings = {"MAPS_CACHE_DIR": str(cache), "MAPS_HTTP_DEADLINE": str(DEADLINE), **env}
    before = tree(cache)
    outcome = run_maps("fetch", *args, "--base-url", server.url, env=settings, seconds=60)
    assert tree(cache) == before, f"the cache changed\n{outcome}"
    return outcome


def serve_deepstate(server: HostileServer, snapshots: object, geojson: object) -> None:
    """The two DeepState endpoints: the snapshot list and the latest snapshot's GeoJSON."""
    server.replies[LIST] = Reply(p.as_json(snapshots))
    for entry in p.SNAPSHOTS:
        server.replies[f"/api/history/{entry['id']}/geojson"] = Reply(p.as_json(geojson))


def good_geojson() -> dict[str, object]:
    return p.held_collection()


# ----------------------------------------------------------------- time


def test_a_trickled_body_ends_at_the_deadline(server: HostileServer, cache: Path) -> None:
    server.replies[LIST] = Reply(p.as_json(p.SNAPSHOTS), trickle=1.0)
    outcome = fetch(server, cache)
    line = assert_clean_failure(
        outcome, "gave up downloading after", max_seconds=QUICK, max_memory_mb=mb(SMALL_MB)
    )
    assert f"deadline {DEADLINE:g} s, MAPS_HTTP_DEADLINE" in line


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("100", "the server asks to wait 100 s before retrying, longer than the 60 s allowed"),
        ("30", "retrying in 30 s would pass the deadline"),
        ("Fri, 31 Dec 2100 23:59:59 GMT", "the server asks to wait"),
    ],
)
def test_retry_after_never_waits_past_the_deadline(
    server: HostileServer, cache: Path, retry_after: str, expected: str
) -> None:
    server.replies[LIST] = Reply(b"busy", 503, "text/plain", headers={"Retry-After": retry_after})
    outcome = fetch(server, cache)
    line = assert_clean_failure(outcome, expected, max_seconds=QUICK, max_memory_mb=mb(SMALL_MB))
    assert "HTTP 503" in line and "MAPS_HTTP_DEADLINE" in line
    assert server.hits[LIST] == 1


def test_retries_stop_at_the_deadline(server: HostileServer, cache: Path) -> None:
    server.replies[LIST] = Reply(b"busy", 503, "text/plain", headers={"Retry-After": "1"})
    outcome = fetch(server, cache, MAPS_HTTP_RETRIES="10")
    assert_clean_failure(
        outcome, "would pass the deadline", max_seconds=QUICK, max_memory_mb=mb(SMALL_MB)
    )
    assert 2 <= server.hits[LIST] <= 4


# ----------------------------------------------------------------- JSON


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json(server: HostileServer, cache: Path, depth: int) -> None:
    server.replies[LIST] = Reply(p.nested(depth))
    outcome = fetch(server, cache)
    assert_clean_failure(
        outcome, "JSON nested deeper than 32 levels", max_seconds=QUICK, max_memory_mb=mb(SMALL_MB)
    )


@pytest.mark.parametrize(
    ("geojson", "expected"),
    [
        (
            p.collection([{"type": "Feature", "properties": {}, "geometry": [[37.5, 48.5, 0]]}]),
            "feature 1: geometry is not a JSON object",
        ),
        (
            p.collection([{"type": "Feature", "properties": ["x"], "geometry": None}]),
            "feature 1: properties is not a JSON object",
        ),
        (p.collection([p.donbas_polygon()["coordinates"]]), "feature 1 is not a JSON object"),
    ],
    ids=["geometry-list", "properties-list", "feature-list"],
)
def test_wrong_json_types(
    server: HostileServer, cache: Path, geojson: object, expected: str
) -> None:
    serve_deepstate(server, p.SNAPSHOTS, geojson)
    outcome = fetch(server, cache)
    assert_clean_failure(outcome, expected, max_seconds=QUICK, max_memory_mb=mb(SMALL_MB))


@pytest.mark.parametrize(
    "snapshots",
    [
        [p.snapshot("1756756800", "2025-09-01T20:00:00.000Z")],
        [p.snapshot(1756756800, "not a date"), p.snapshot(1755201600, None)],
        [p.snapshot(1756756800, "0001-01-01T00:00:00.000Z")],
        [p.snapshot(1756756800, "2025-09-01T20:00:00.000Z", status=False)],
        [["1756756800", "2025-09-01T20:00:00.000Z"]],
    ],
    ids=["string-id", "no-date", "year-one", "unpublished", "lists"],
)
def test_snapshots_without_id_date_or_publication_are_refused(
    server: HostileServer, cache: Path, snapshots: list[object]
) -> None:
    serve_deepstate(server, snapshots, good_geojson())
    outcome = fetch(server, cache, "--date", "2025-09-01")
    assert_clean_failure(
        outcome,
        "snapshots is published with an id and a date",
        max_seconds=QUICK,
        max_memory_mb=mb(SMALL_MB),
    )
    assert sum(server.hits.values()) == 1


def test_a_million_vertices_are_refused_before_building_geometry(
    server: HostileServer, cache: Path
) -> None:
    server.replies[LIST] = Reply(p.as_json(p.SNAPSHOTS))
    server.replies[LATEST] = Reply(p.million_vertex_geojson())
    outcome = fetch(server, cache, MAPS_HTTP_DEADLINE="60")
    assert_clean_failure(
        outcome,
        "more than 800,000 polygon vertices (MAPS_MAX_VERTICES)",
        max_seconds=90,
        max_memory_mb=mb(800),
    )


def test_too_many_features_are_refused(server: HostileServer, cache: Path) -> None:
    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point"}}
    geojson = p.collection([p.occupied_feature(p.donbas_polygon()), *[point] * 50_000])
    serve_deepstate(server, p.SNAPSHOTS, geojson)
    outcome = fetch(server, cache, MAPS_HTTP_DEADLINE="30")
    assert_clean_failure(
        outcome, "50,001 features, over the limit of 50,000", max_seconds=60, max_memory_mb=mb(600)
    )


def test_missing_shape_name(server: HostileServer, cache: Path) -> None:
    server.replies[GB_API] = Reply(p.as_json(p.geoboundaries_api(f"https://github.com{GB_FILE}")))
    feature = p.occupied_feature(p.donbas_polygon())
    feature["properties"] = {"shapeISO": "UA-14", "shapeGroup": "UKR", "shapeType": "ADM1"}
    server.replies[GB_FILE] = Reply(p.as_json(p.collection([feature])))
    outcome = fetch_boundaries(server, cache, "geoboundaries")
    assert_clean_failure(
        outcome,
        "not geoBoundaries data (no shapeName)",
        max_seconds=QUICK,
        max_memory_mb=mb(SMALL_MB),
    )


# ----------------------------------------------------------------- archives


def serve_zip(server: HostileServer, body: bytes) -> None:
    server.replies[NE_ZIP] = Reply(body, content_type="application/zip")


def test_a_zip_bomb_is_refused_before_unpacking(server: HostileServer, cache: Path) -> None:
    bomb = p.zip_bomb(301 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    serve_zip(server, bomb)
    outcome = fetch_boundaries(server, cache, "naturalearth")
    assert_clean_failure(
        outcome,
        "the shapefile unpacks to over 314,572,800 bytes (MAPS_MAX_UNZIPPED_BYTES)",
        max_seconds=QUICK,
        max_memory_mb=mb(SMALL_MB),
    )


def test_a_zip_that_lies_about_its_sizes(server: HostileServer, cache: Path) -> None:
    serve_zip(server, lying_zip(real=20 * 1024 * 1024, declared=1024))
    outcome = fetch_boundaries(server, cache, "naturalearth")
    assert_clean_failure(
        outcome, "not a readable zip archive", max_seconds=QUICK, max_memory_mb=mb(SMALL_MB)
    )


def lying_zip(real: int, declared: int) -> bytes:
    """An archive whose .shp declares ``declared`` bytes but unpacks to ``real`` zero bytes."""
    body = bytearray(p.zipped({f"{p.NE_STEM}.shp": bytes(real), f"{p.NE_STEM}.dbf": b"x"}))
    local = body.index(b"PK\x03\x04")
    struct.pack_into("<I", body, local + 22, declared)
    central = body.index(b"PK\x01\x02")
    struct.pack_into("<I", body, central + 24, declared)
    return bytes(body)


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil.txt"])
def test_unsafe_member_names_are_refused(server: HostileServer, cache: Path, name: str) -> None:
    serve_zip(server, p.zipped({f"{p.NE_STEM}.shp": b"x", name: b"owned"}))
    outcome = fetch_boundaries(server, cache, "naturalearth")
    assert_clean_failure(
        outcome, "the archive holds an unsafe path", max_seconds=QUICK, max_memory_mb=mb(SMALL_MB)
    )


def test_a_garbage_shapefile(server: HostileServer, cache: Path) -> None:
    serve_zip(server, p.garbage_shapefile())
    outcome = fetch_boundaries(server, cache, "naturalearth")
    assert_clean_failure(
        outcome,
        "the archive's shapefile is not readable",
        max_seconds=QUICK,
        max_memory_mb=mb(SMALL_MB),
    )


# ----------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MAPS_HTTP_TIMEOUT", "abc", "MAPS_HTTP_TIMEOUT='abc' is not a number"),
        ("MAPS_HTTP_RETRIES", "-1", "MAPS_HTTP_RETRIES='-1' is out of range (0 to 10)"),
        ("MAPS_HTTP_RETRIES", "1000000", "MAPS_HTTP_RETRIES='1000000' is out of range"),
        ("MAPS_HTTP_BACKOFF", "nan", "MAPS_HTTP_BACKOFF='nan' is out of range"),
        ("MAPS_HTTP_DEADLINE", "0", "MAPS_HTTP_DEADLINE='0' is out of range"),
        ("MAPS_MAX_VERTICES", "lots", "MAPS_MAX_VERTICES='lots' is not a whole number"),
    ],
)
def test_bad_settings_are_named_before_any_download(
    server: HostileServer, cache: Path, variable: str, value: str, expected: str
) -> None:
    serve_deepstate(server, p.SNAPSHOTS, good_geojson())
    outcome = fetch(server, cache, **{variable: value})
    assert_clean_failure(outcome, expected, max_seconds=STARTUP, max_memory_mb=mb(SMALL_MB))
    assert sum(server.hits.values()) == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "127.0.0.1:8000", "http://x:y/"])
def test_base_url_must_be_http(cache: Path, url: str) -> None:
    env = {"MAPS_CACHE_DIR": str(cache)}
    outcome = run_maps("fetch", "control", "--source", "deepstate", "--base-url", url, env=env)
    assert_clean_failure(
        outcome, "argument --base-url: ", max_seconds=STARTUP, max_memory_mb=mb(SMALL_MB)
    )
    assert "is not an http:// or https:// URL" in outcome.stderr, outcome


# ----------------------------------------------------------------- the cache folder


def test_cache_folder_that_is_a_file(server: HostileServer, tmp_path: Path) -> None:
    serve_deepstate(server, p.SNAPSHOTS, good_geojson())
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    outcome = fetch(server, blocker)
    assert_clean_failure(
        outcome, f"cache folder {blocker} is not a folder (MAPS_CACHE_DIR)", max_seconds=STARTUP
    )
    assert sum(server.hits.values()) == 0
    assert blocker.read_text() == "not a folder"


def test_cache_folder_below_a_file(server: HostileServer, tmp_path: Path) -> None:
    serve_deepstate(server, p.SNAPSHOTS, good_geojson())
    (tmp_path / "file").write_text("x")
    outcome = fetch(server, tmp_path / "file" / "cache")
    assert_clean_failure(outcome, "is not a folder (MAPS_CACHE_DIR)", max_seconds=STARTUP)
    assert sum(server.hits.values()) == 0


@pytest.fixture
def permissions(tmp_path: Path) -> None:
    """Skip unless folder permissions bind this user (they do not bind a full root)."""
    probe = tmp_path / "probe"
    probe.mkdir(mode=0)
    try:
        os.listdir(probe)
    except PermissionError:
        return
    finally:
        probe.chmod(stat.S_IRWXU)
    pytest.skip("this user reads and writes any folder")


@pytest.mark.usefixtures("permissions")
def test_unwritable_cache_folder(server: HostileServer, cache: Path) -> None:
    serve_deepstate(server, p.SNAPSHOTS, good_geojson())
    (cache / "baselines").chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        outcome = fetch(server, cache)
    finally:
        (cache / "baselines").chmod(stat.S_IRWXU)
    assert_clean_failure(outcome, "is not readable and writable (MAPS_CACHE_DIR)")
    assert sum(server.hits.values()) == 0


@pytest.mark.usefixtures("permissions")
def test_unreadable_cache_folder(cache: Path) -> None:
    (cache / "baselines").chmod(0)
    try:
        listed = run_maps("fetch", "list", env={"MAPS_CACHE_DIR": str(cache)})
        stats = run_maps("stats", str(SHIPPED_SCENARIO), env={"MAPS_CACHE_DIR": str(cache)})
    finally:
        (cache / "baselines").chmod(stat.S_IRWXU)
    assert_clean_failure(listed, "cannot read the cache folder")
    assert stats.code == 0, stats


# ----------------------------------------------------------------- a damaged cache


DAMAGE = {
    "deepstate-2025-09-01": (None, "its data file was changed or cut short"),
    "deepstate-2025-09-02": (b'{"date": "2025-09-02", "sour', "its metadata is not valid JSON"),
    "deepstate-2025-09-03": (b"[]", "its metadata is not a JSON object"),
    "deepstate-2025-09-04": (b"\xff\xfe{}", "its metadata is not valid JSON"),
    "deepstate-2025-09-05": (b'{"source": "x", "sha256": "0"}', "its metadata lacks date"),
}
"""Cached baselines damaged in different ways (None: the data file is cut in half)."""


@pytest.fixture
def damaged_cache(cache: Path) -> Path:
    data = json.dumps(good_geojson()).encode()
    for name, (meta, _) in DAMAGE.items():
        _store(cache, name, data, meta)
        if meta is None:
            (cache / "baselines" / f"{name}.geojson").write_bytes(data[: len(data) // 2])
    return cache


def test_a_damaged_cache_breaks_no_command_that_does_not_use_it(damaged_cache: Path) -> None:
    env = {"MAPS_CACHE_DIR": str(damaged_cache)}
    before = tree(damaged_cache)
    unrelated = run_maps("stats", str(SHIPPED_SCENARIO), env=env)
    listed = run_maps("fetch", "list", env=env)
    assert unrelated.code == 0 and "Traceback" not in unrelated.stderr, unrelated
    assert listed.code == 0 and "Traceback" not in listed.stderr, listed
    for name, (_, reason) in DAMAGE.items():
        assert f"{name}" in listed.stdout and f"damaged: {reason}" in listed.stdout, listed
    assert (
        "deepstate-2025-08-14 " in listed.stdout
        and "damaged" not in listed.stdout.split("deepstate-2025-08-14 ")[1].splitlines()[0]
    ), listed
    assert tree(damaged_cache) == before


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_a_command_using_a_damaged_entry_says_to_fetch_it_again(
    damaged_cache: Path, tmp_path: Path, name: str
) -> None:
    user = tmp_path / "uses-it.yaml"
    user.write_text(f"id: t\ntitle: T\ndate: 2025-09-09\nbaseline: {name}\nrules: []\n")
    before = tree(damaged_cache)
    failed = run_maps("stats", str(user), env={"MAPS_CACHE_DIR": str(damaged_cache)})
    reason = DAMAGE[name][1]
    line = assert_clean_failure(failed, f"cached baseline {name} is damaged: {reason}")
    day = name.split("-", 1)[1]
    assert f"`maps fetch control --source deepstate --date {day}`" in line
    assert tree(damaged_cache) == before


# ----------------------------------------------------------------- feeds that lie


ISW = "/SaBe5HMtmnbqSWlu/arcgis/rest/services/VIEW_RussiaCoTinUkraine_V3/FeatureServer/49/query"


def fetch_isw(server: HostileServer, cache: Path, *extra: str, **env: str) -> Outcome:
    """Run ``maps fetch control --source isw`` against the server."""
    return _run(server, cache, "control", "--source", "isw", *extra, **env)


def isw_page(features: list[object], more: bool) -> bytes:
    page = p.collection(features)
    page["properties"] = {"exceededTransferLimit": more}
    return p.as_json(page)


def test_isw_that_ignores_result_offset(server: HostileServer, cache: Path) -> None:
    """The same page with ``exceededTransferLimit`` on every offset: refused on page 2."""
    feature = {**p.crimea_feature(), "id": 1}
    server.replies[ISW] = Reply(isw_page([feature], True))
    outcome = fetch_isw(server, cache)
    assert_clean_failure(
        outcome, "page 2 repeats features", max_seconds=QUICK, max_memory_mb=mb(SMALL_MB)
    )
    assert server.hits[ISW] == 2


def test_isw_pages_without_end(server: HostileServer, cache: Path) -> None:
    """Features without ids, and always more to come: the paging stops at its bound."""
    server.replies[ISW] = Reply(isw_page([p.occupied_feature(p.donbas_polygon(8))], True))
    outcome = fetch_isw(server, cache, MAPS_HTTP_DEADLINE="30")
    assert_clean_failure(
        outcome, "more than 50 pages of results", max_seconds=45, max_memory_mb=mb(SMALL_MB)
    )
    assert server.hits[ISW] == 50


def test_isw_refuses_a_past_date_before_any_download(server: HostileServer, cache: Path) -> None:
    outcome = fetch_isw(server, cache, "--date", "2025-08-14")
    assert_clean_failure(outcome, "ISW/CTP's layer is live only", max_seconds=STARTUP)
    assert sum(server.hits.values()) == 0


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        ([p.occupied_feature(p.donbas_polygon())], "incomplete layer: 0% of the Crimean peninsula"),
        (
            [
                p.occupied_feature(
                    p.ring_polygon(21.0, 54.8, 0.8),
                    "x /// East Prussia /// geoJSON.status.occupied",
                )
            ],
            "no Russian-held polygon in Ukraine (1 dropped)",
        ),
    ],
    ids=["no-crimea", "held-only-abroad"],
)
def test_incomplete_snapshots_are_refused(
    server: HostileServer, cache: Path, features: list[object], expected: str
) -> None:
    serve_deepstate(server, p.SNAPSHOTS, p.collection(features))
    outcome = fetch(server, cache)
    assert_clean_failure(outcome, expected, max_seconds=QUICK, max_memory_mb=mb(SMALL_MB))


def test_a_flood_of_decoys_gives_a_bounded_summary(server: HostileServer, tmp_path: Path) -> None:
    """Thousands of polygons abroad with hostile names: dropped, counted, nothing printed raw."""
    name = "\x1b[2J\x1b[31m" + "Karelia {{ 7*7 }} " * 200 + "\r\n/// geoJSON.territories.x\x07"
    decoys = [
        p.occupied_feature(p.ring_polygon(33.0, 63.0 + i / 1000, 0.2, 6), name)
        for i in range(1_000)
    ]
    serve_deepstate(server, p.SNAPSHOTS, p.held_collection(*decoys))
    cache = tmp_path / "cache"
    settings = {"MAPS_CACHE_DIR": str(cache), "MAPS_HTTP_DEADLINE": "30"}
    outcome = run_maps(
        "fetch",
        "control",
        "--source",
        "deepstate",
        "--base-url",
        server.url,
        env=settings,
        seconds=60,
    )
    assert outcome.code == 0, outcome
    assert "dropped 1,000 polygon(s):" in outcome.stderr and "and 988 more" in outcome.stderr
    assert not any(c in outcome.stderr for c in ("\x1b", "\x07", "\r", "{{"))
    lines = outcome.stderr.splitlines()
    assert len(lines) < 30 and max(len(line) for line in lines) < 400, outcome
    meta = json.loads((cache / "baselines" / "deepstate-2025-09-01.json").read_text())
    assert meta["dropped_count"] == 1_000 and len(meta["dropped"]) == 100
    assert (cache / "baselines" / "deepstate-2025-09-01.json").stat().st_size < 50_000
