"""Fetch authoritative boundaries and control snapshots, convert them, and cache them.

Sources: Natural Earth and geoBoundaries (admin-1 boundaries), DeepStateMap and ISW/CTP
(Russian-held territory). Every fetch tells the user the source's licence terms.
"""

from __future__ import annotations

import datetime as dt
import io
import lzma
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import geopandas as gpd
import shapely

from maps import cache, settings
from maps._http import Deadline, FetchError, get_bytes, get_json, is_web_url
from maps.control import control_layer, front_between
from maps.errors import UnknownNameError
from maps.geo import FRAME, area_km2
from maps.load import load_regions
from maps.regions import REGIONS, region_id

SOURCES: dict[str, dict[str, str]] = {
    "naturalearth": {
        "url": "https://naciscdn.org/naturalearth/10m/cultural/ne_10m_admin_1_states_provinces.zip",
        "licence": "Natural Earth: public domain (no permission needed; credit appreciated).",
    },
    "geoboundaries": {
        "url": "https://www.geoboundaries.org/api/current/gbOpen/UKR/ADM1/",
        "licence": "geoBoundaries gbOpen: CC BY 4.0; credit geoBoundaries (Runfola et al. 2020).",
    },
    "deepstate": {
        "url": "https://deepstatemap.live/api/history/public",
        "licence": "DeepStateMap: the site's own terms of use, not an open licence; ask DeepState "
        "before publishing maps made from it, and credit DeepStateMap.",
    },
    "isw": {
        "url": "https://services5.arcgis.com/SaBe5HMtmnbqSWlu/arcgis/rest/services/"
        "VIEW_RussiaCoTinUkraine_V3/FeatureServer/49/query?where=1%3D1&outFields=*&f=geojson",
        "licence": "ISW/CTP maps: their terms of use; attribution to the Institute for the Study "
        "of War and AEI's Critical Threats Project is required.",
    },
}
OCCUPIED_KM2 = (1_000.0, 300_000.0)
"""Plausible size of the Russian-held area; anything else is not what we asked for."""
FIRST_SNAPSHOT = dt.date(2014, 2, 20)
"""No snapshot of this war predates it; an earlier date is not a real date."""
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
MAX_MEMBERS = 1_000
"""Most members a boundary archive may list (Natural Earth's has seven)."""
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)
"""What a corrupt, encrypted or exotic archive raises while it is read."""

Notice = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def with_base(url: str, base_url: str | None) -> str:
    """Point a source URL at a mirror: replace its scheme and host (and prefix its path)."""
    if not base_url:
        return url
    base = urlsplit(base_url)
    parts = urlsplit(url)
    path = base.path.rstrip("/") + parts.path
    return urlunsplit((base.scheme, base.netloc, path, parts.query, parts.fragment))


def _offline(what: str) -> FetchError:
    return FetchError(
        f"offline: not fetching {what}; the embedded data (baseline contact-line-2025-08, "
        "Natural Earth regions) is used instead"
    )


def _prepare(
    source: str, allowed: tuple[str, ...], what: str, base_url: str | None, offline: bool
) -> str:
    """Check the source, the offline flag, the settings and the cache; return the URL."""
    if source not in allowed:
        raise UnknownNameError(f"unknown {what} source {source!r} ({', '.join(allowed)})")
    if offline:
        raise _offline(f"{source} {what}")
    settings.check()
    cache.check_writable()
    return with_base(SOURCES[source]["url"], base_url)


# ---------------------------------------------------------------- boundaries


def fetch_boundaries(
    source: str, *, base_url: str | None = None, offline: bool = False, notice: Notice = _stderr
) -> Path:
    """Download admin-1 boundaries, convert them to the project's region ids, and cache them."""
    url = _prepare(source, ("naturalearth", "geoboundaries"), "boundaries", base_url, offline)
    clock = Deadline()
    raw, used = (
        _naturalearth(url, clock)
        if source == "naturalearth"
        else _geoboundaries(url, base_url, clock)
    )
    regions = to_regions(raw)
    meta = {
        "source": source,
        "url": used,
        "licence": SOURCES[source]["licence"],
        "fetched_at": _now(),
    }
    path = cache.store(cache.BOUNDARIES, source, regions, meta)
    notice(f"licence: {SOURCES[source]['licence']}")
    return path


def _naturalearth(url: str, clock: Deadline) -> tuple[gpd.GeoDataFrame, str]:
    frame = read_zipped_shapefile(get_bytes(url, deadline=clock), url)
    if "adm0_a3" not in frame or "name" not in frame:
        raise FetchError(f"{url}: not Natural Earth admin-1 (no adm0_a3 or name column)")
    frame = frame[frame["adm0_a3"] == "UKR"]
    by_code = {r.geonames: r.id for r in REGIONS}
    codes = frame["gn_a1_code"] if "gn_a1_code" in frame else [None] * len(frame)
    ids: list[Any] = [
        by_code.get(c) or _match(n) for c, n in zip(codes, frame["name"], strict=True)
    ]
    return frame.assign(id=ids), url


def read_zipped_shapefile(body: bytes, url: str) -> gpd.GeoDataFrame:
    """The shapefile in a zip archive: only its parts unpacked, within the size limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = _shapefile_parts(archive, url)
            with tempfile.TemporaryDirectory(prefix="maps-shapefile-") as tmp:
                shp = _unpack(archive, parts, Path(tmp), url)
                return _read_shapefile(shp, url)
    except ZIP_ERRORS:
        raise FetchError(f"{url}: not a readable zip archive") from None
    except OSError as exc:
        raise FetchError(f"{url}: cannot unpack the archive ({exc.strerror or exc})") from None


def _shapefile_parts(archive: zipfile.ZipFile, url: str) -> list[zipfile.ZipInfo]:
    """The members that make up the archive's first shapefile, their sizes checked."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise FetchError(f"{url}: the archive lists {len(members):,} members, over {MAX_MEMBERS:,}")
    unsafe = next((m.filename for m in members if not _safe_member(m.filename)), None)
    if unsafe is not None:
        raise FetchError(f"{url}: the archive holds an unsafe path {unsafe[:80]!r}")
    shp = next((m for m in members if m.filename.lower().endswith(".shp")), None)
    if shp is None:
        raise FetchError(f"{url}: the archive holds no shapefile")
    stem = PurePosixPath(shp.filename).with_suffix("")
    parts = [
        m
        for m in members
        if PurePosixPath(m.filename).with_suffix("") == stem
        and PurePosixPath(m.filename).suffix.lower() in SHAPEFILE_PARTS
    ]
    _check_unpacked_size(sum(m.file_size for m in parts), url)
    return parts


def _safe_member(name: str) -> bool:
    """A member name that stays inside the folder it is unpacked to."""
    path = PurePosixPath(name.replace("\\", "/"))
    return not (path.is_absolute() or ".." in path.parts or ":" in name or not path.name)


def _check_unpacked_size(size: int, url: str) -> None:
    limit = settings.max_unzipped_bytes()
    if size > limit:
        raise FetchError(
            f"{url}: the shapefile unpacks to over {limit:,} bytes (MAPS_MAX_UNZIPPED_BYTES)"
        )


def _unpack(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], folder: Path, url: str) -> Path:
    """Copy the parts into ``folder`` (by base name), counting the bytes actually unpacked."""
    unpacked = 0
    for member in parts:
        target = folder / PurePosixPath(member.filename).name
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(1 << 20):
                unpacked += len(chunk)
                _check_unpacked_size(unpacked, url)
                out.write(chunk)
    shp = next(p for p in parts if p.filename.lower().endswith(".shp"))
    return folder / PurePosixPath(shp.filename).name


def _read_shapefile(path: Path, url: str) -> gpd.GeoDataFrame:
    try:
        return gpd.read_file(path, engine="pyogrio")
    except cache.READ_ERRORS:
        raise FetchError(f"{url}: the archive's shapefile is not readable") from None


def _geoboundaries(url: str, base_url: str | None, clock: Deadline) -> tuple[gpd.GeoDataFrame, str]:
    meta = get_json(url, clock)
    link = meta.get("gjDownloadURL") if isinstance(meta, dict) else None
    if not isinstance(link, str) or not is_web_url(link):
        raise FetchError(f"{url}: not a geoBoundaries API answer (no gjDownloadURL)")
    download = with_base(link, base_url)
    frame = _features(get_json(download, clock), download)
    if "shapeName" not in frame:
        raise FetchError(f"{download}: not geoBoundaries data (no shapeName)")
    names = [
        iso if isinstance(iso, str) and iso.startswith("UA-") else name
        for iso, name in zip(
            frame.get("shapeISO", [None] * len(frame)), frame["shapeName"], strict=True
        )
    ]
    ids: list[Any] = [_match(n) for n in names]
    return frame.assign(id=ids), download


def _match(name: Any) -> str | None:
    try:
        rid = region_id(str(name).replace(" Oblast", "").replace(" oblast", ""))
    except UnknownNameError:
        return None
    return rid if rid in {r.id for r in REGIONS} else None


def to_regions(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The project's 27 regions (id, name, name_uk, iso) from a matched boundary frame."""
    missing = sorted({r.id for r in REGIONS} - set(frame["id"].dropna()))
    if missing:
        raise FetchError(f"boundaries lack {len(missing)} region(s): {', '.join(missing)}")
    frame = frame.dropna(subset=["id"]).dissolve(by="id", as_index=False)
    _plausible(frame, "boundaries")
    by_id = {r.id: r for r in REGIONS}
    rows = [
        {
            "id": rid,
            "name": by_id[rid].name,
            "name_uk": by_id[rid].name_uk,
            "iso": by_id[rid].iso,
            "geometry": shapely.make_valid(shapely.force_2d(g)),
        }
        for rid, g in zip(frame["id"], frame.geometry, strict=True)
    ]
    return gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("id").reset_index(drop=True)


# ---------------------------------------------------------------- control


def fetch_control(
    source: str,
    *,
    date: dt.date | None = None,
    base_url: str | None = None,
    offline: bool = False,
    notice: Notice = _stderr,
) -> str:
    """Download Russian-held territory, turn it into a named baseline, cache it; return the name."""
    url = _prepare(source, ("deepstate", "isw"), "control", base_url, offline)
    clock = Deadline()
    if source == "deepstate":
        occupied, day, used = _deepstate(url, date, clock)
    else:
        occupied, day, used = _features(get_json(url, clock), url), date or dt.date.today(), url
    name = f"{source}-{day.isoformat()}"
    layer = _control(occupied, used)
    meta = {
        "date": day.isoformat(),
        "title": f"{'DeepStateMap' if source == 'deepstate' else 'ISW/CTP'} snapshot, {day}",
        "source": f"{'DeepStateMap' if source == 'deepstate' else 'ISW/CTP'}: {used}",
        "licence": SOURCES[source]["licence"],
        "publisher": "DeepStateMap" if source == "deepstate" else "ISW/CTP",
        "approximate": False,
        "accuracy": "as published by the source; cut to Natural Earth 10m regions",
        "url": used,
        "fetched_at": _now(),
    }
    cache.store(cache.BASELINES, name, layer, meta)
    notice(f"licence: {SOURCES[source]['licence']}")
    return name


def _deepstate(
    url: str, date: dt.date | None, clock: Deadline
) -> tuple[gpd.GeoDataFrame, dt.date, str]:
    snapshots = get_json(url, clock)
    if not isinstance(snapshots, list) or not snapshots:
        raise FetchError(f"{url}: expected a list of snapshots")
    try:
        chosen, day = nearest_snapshot(snapshots, date)
    except FetchError as exc:
        raise FetchError(f"{url}: {exc}") from None
    geo_url = url.rsplit("/public", 1)[0] + f"/{chosen['id']}/geojson"
    return _features(get_json(geo_url, clock), geo_url), day, geo_url


def nearest_snapshot(snapshots: list[Any], date: dt.date | None) -> tuple[dict[str, Any], dt.date]:
    """The published snapshot closest to ``date`` (the latest when no date is given), and its
    date; snapshots without a usable id or date, or not published, are skipped."""
    usable = [(s, day) for s in snapshots if (day := _snapshot_date(s)) and _has_id(s)]
    usable = [(s, day) for s, day in usable if s.get("status", True) is not False]
    if not usable:
        raise FetchError(
            f"none of the {len(snapshots):,} snapshots is published with an id and a date"
        )
    if date is None:
        return max(usable, key=lambda pair: (pair[1], pair[0]["id"]))
    return min(usable, key=lambda pair: (abs((pair[1] - date).days), -pair[0]["id"]))


def _has_id(snapshot: dict[str, Any]) -> bool:
    """A snapshot id is a positive whole number (it becomes part of a URL)."""
    value = snapshot.get("id")
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _snapshot_date(snapshot: Any) -> dt.date | None:
    """The day of a snapshot, or None unless it has a real date during the war."""
    if not isinstance(snapshot, dict):
        return None
    value = snapshot.get("datetime") or snapshot.get("createdAt")
    if not isinstance(value, str):
        return None
    try:
        day = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
    latest = dt.date.today() + dt.timedelta(days=1)
    return day if FIRST_SNAPSHOT <= day <= latest else None


def _features(data: Any, url: str) -> gpd.GeoDataFrame:
    """Polygon features of a GeoJSON FeatureCollection, z dropped, names made safe.

    The number of features and of polygon vertices is checked before any geometry is built.
    """
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FetchError(f"{url}: not a GeoJSON FeatureCollection")
    listed = data.get("features")
    if not isinstance(listed, list):
        raise FetchError(f"{url}: not a GeoJSON FeatureCollection (no feature list)")
    if len(listed) > settings.max_features():
        raise FetchError(
            f"{url}: {len(listed):,} features, over the limit of {settings.max_features():,} "
            "(MAPS_MAX_FEATURES)"
        )
    for number, feature in enumerate(listed, 1):
        _check_feature(feature, number, url)
    features = [
        {"type": "Feature", "geometry": f["geometry"], "properties": _properties(f)}
        for f in listed
        if _is_polygon(f) and not _not_held(str((f.get("properties") or {}).get("name", "")))
    ]
    if not features:
        raise FetchError(f"{url}: no polygons in the data")
    _check_vertices(features, url)
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except Exception:  # malformed coordinates from a foreign service
        raise FetchError(f"{url}: malformed GeoJSON coordinates") from None
    frame["geometry"] = shapely.make_valid(shapely.force_2d(frame.geometry.values))
    return frame


def _check_feature(feature: Any, number: int, url: str) -> None:
    """A feature is an object whose geometry and properties are objects or null."""
    if not isinstance(feature, dict):
        raise FetchError(f"{url}: feature {number} is not a JSON object")
    for part in ("geometry", "properties"):
        if not isinstance(feature.get(part), dict | None):
            raise FetchError(f"{url}: feature {number}: {part} is not a JSON object")


def _is_polygon(feature: dict[str, Any]) -> bool:
    geometry = feature.get("geometry") or {}
    return geometry.get("type") in ("Polygon", "MultiPolygon")


def _properties(feature: dict[str, Any]) -> dict[str, Any]:
    """A feature's properties, text made safe."""
    props = feature.get("properties") or {}
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in props.items()}


def _check_vertices(features: list[dict[str, Any]], url: str) -> None:
    limit = settings.max_vertices()
    count = 0
    for feature in features:
        count += count_positions(feature["geometry"].get("coordinates"))
        if count > limit:
            raise FetchError(f"{url}: more than {limit:,} polygon vertices (MAPS_MAX_VERTICES)")


def count_positions(coordinates: Any) -> int:
    """How many positions (lists of numbers) GeoJSON coordinates hold, at any nesting."""
    count, stack = 0, [coordinates]
    while stack:
        item = stack.pop()
        if isinstance(item, list) and item:
            if isinstance(item[0], int | float):
                count += 1
            else:
                stack.extend(item)
    return count


NOT_HELD = ("liberated", "звільн", "освобожд", "grey zone", "сіра зона", "серая зона")
"""Words in a polygon's name that mark it as not Russian-held (liberated or contested)."""


def _not_held(name: str) -> bool:
    return any(word in name.lower() for word in NOT_HELD)


def clean_text(text: str) -> str:
    """A source's name field: the English part of 'uk///en///ru' names, no template braces."""
    parts = [p.strip() for p in text.split("///") if p.strip()]
    chosen = parts[1] if len(parts) >= 2 else (parts[0] if parts else "")
    return chosen.replace("{{", "{ {").replace("}}", "} }").replace("{%", "{ %")


def _plausible(frame: gpd.GeoDataFrame, what: str) -> None:
    lon0, lat0, lon1, lat1 = frame.total_bounds
    if lon0 < FRAME[0] or lat0 < FRAME[1] or lon1 > FRAME[2] or lat1 > FRAME[3]:
        raise FetchError(
            f"{what}: bounding box {frame.total_bounds.round(2).tolist()} is not around Ukraine"
        )


def _control(occupied: gpd.GeoDataFrame, url: str) -> gpd.GeoDataFrame:
    _plausible(occupied, url)
    regions = load_regions()[["id", "geometry"]]
    ukraine = shapely.union_all(regions.geometry.values)
    area = shapely.union_all(occupied.geometry.values).intersection(ukraine)
    km2 = float(area_km2(gpd.GeoSeries([area], crs="EPSG:4326")).iloc[0])
    if not OCCUPIED_KM2[0] <= km2 <= OCCUPIED_KM2[1]:
        raise FetchError(f"{url}: {km2:,.0f} km² held is implausible for Ukraine")
    layer = control_layer(regions, area)
    front = gpd.GeoDataFrame(
        [{"kind": "front", "party": None, "region": None, "geometry": front_between(layer)}],
        crs="EPSG:4326",
    )
    return gpd.GeoDataFrame([*layer.to_dict("records"), *front.to_dict("records")], crs="EPSG:4326")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
