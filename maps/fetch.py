"""Fetch authoritative boundaries and control snapshots, convert them, and cache them.

Sources: Natural Earth and geoBoundaries (admin-1 boundaries), DeepStateMap and ISW/CTP
(Russian-held territory). Every fetch tells the user the source's licence terms.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import geopandas as gpd
import shapely

from maps import cache
from maps._http import FetchError, get_bytes, get_json
from maps.control import control_layer, front_between
from maps.data import load_regions
from maps.errors import UnknownNameError
from maps.geo import area_km2
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
FRAME = (20.0, 43.0, 42.0, 54.0)
OCCUPIED_KM2 = (1_000.0, 300_000.0)
"""Plausible size of the Russian-held area; anything else is not what we asked for."""

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
    source: str,
    allowed: tuple[str, ...],
    what: str,
    base_url: str | None,
    offline: bool,
    notice: Notice,
) -> str:
    """Check the source and the offline flag, tell the licence; return the URL to fetch."""
    if source not in allowed:
        raise UnknownNameError(f"unknown {what} source {source!r} ({', '.join(allowed)})")
    if offline:
        raise _offline(f"{source} {what}")
    notice(f"licence: {SOURCES[source]['licence']}")
    return with_base(SOURCES[source]["url"], base_url)


# ---------------------------------------------------------------- boundaries


def fetch_boundaries(
    source: str, *, base_url: str | None = None, offline: bool = False, notice: Notice = _stderr
) -> Path:
    """Download admin-1 boundaries, convert them to the project's region ids, and cache them."""
    url = _prepare(
        source, ("naturalearth", "geoboundaries"), "boundaries", base_url, offline, notice
    )
    raw, used = _naturalearth(url) if source == "naturalearth" else _geoboundaries(url, base_url)
    regions = to_regions(raw)
    meta = {
        "source": source,
        "url": used,
        "licence": SOURCES[source]["licence"],
        "fetched_at": _now(),
    }
    return cache.store(cache.BOUNDARIES, source, regions, meta)


def _naturalearth(url: str) -> tuple[gpd.GeoDataFrame, str]:
    body = get_bytes(url)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            shp = next((n for n in archive.namelist() if n.endswith(".shp")), None)
            if shp is None:
                raise FetchError(f"{url}: the archive holds no shapefile")
            with tempfile.TemporaryDirectory() as tmp:
                archive.extractall(tmp)
                frame = gpd.read_file(Path(tmp) / shp)
    except zipfile.BadZipFile:
        raise FetchError(f"{url}: not a zip archive") from None
    if "adm0_a3" not in frame:
        raise FetchError(f"{url}: not Natural Earth admin-1 (no adm0_a3 column)")
    frame = frame[frame["adm0_a3"] == "UKR"]
    by_code = {r.geonames: r.id for r in REGIONS}
    frame = frame.assign(
        id=[
            by_code.get(c) or _match(n)
            for c, n in zip(frame.get("gn_a1_code"), frame["name"], strict=True)
        ]
    )
    return frame, url


def _geoboundaries(url: str, base_url: str | None) -> tuple[gpd.GeoDataFrame, str]:
    meta = get_json(url)
    if not isinstance(meta, dict) or "gjDownloadURL" not in meta:
        raise FetchError(f"{url}: not a geoBoundaries API answer (no gjDownloadURL)")
    download = with_base(str(meta["gjDownloadURL"]), base_url)
    frame = _features(get_json(download), download)
    names = [
        iso if isinstance(iso, str) and iso.startswith("UA-") else name
        for iso, name in zip(
            frame.get("shapeISO", [None] * len(frame)), frame["shapeName"], strict=True
        )
    ]
    return frame.assign(id=[_match(n) for n in names]), download


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
    url = _prepare(source, ("deepstate", "isw"), "control", base_url, offline, notice)
    if source == "deepstate":
        occupied, day, used = _deepstate(url, date)
    else:
        occupied, day, used = _features(get_json(url), url), date or dt.date.today(), url
    name = f"{source}-{day.isoformat()}"
    layer = _control(occupied, used)
    meta = {
        "date": day.isoformat(),
        "title": f"{'DeepStateMap' if source == 'deepstate' else 'ISW/CTP'} snapshot, {day}",
        "source": f"{'DeepStateMap' if source == 'deepstate' else 'ISW/CTP'}: {used}",
        "licence": SOURCES[source]["licence"],
        "approximate": False,
        "accuracy": "as published by the source; cut to Natural Earth 10m regions",
        "url": used,
        "fetched_at": _now(),
    }
    cache.store(cache.BASELINES, name, layer, meta)
    return name


def _deepstate(url: str, date: dt.date | None) -> tuple[gpd.GeoDataFrame, dt.date, str]:
    snapshots = get_json(url)
    if not isinstance(snapshots, list) or not snapshots:
        raise FetchError(f"{url}: expected a list of snapshots")
    chosen = nearest_snapshot(snapshots, date)
    day = _snapshot_date(chosen)
    geo_url = url.rsplit("/public", 1)[0] + f"/{chosen['id']}/geojson"
    return _features(get_json(geo_url), geo_url), day, geo_url


def nearest_snapshot(snapshots: list[dict[str, Any]], date: dt.date | None) -> dict[str, Any]:
    """The snapshot closest to ``date`` (the latest when no date is given)."""
    dated = [s for s in snapshots if isinstance(s, dict) and "id" in s and _snapshot_date(s)]
    if not dated:
        raise FetchError("the snapshot list has no dated snapshots")
    if date is None:
        return max(dated, key=_snapshot_date)
    return min(dated, key=lambda s: (abs((_snapshot_date(s) - date).days), -s["id"]))


def _snapshot_date(snapshot: dict[str, Any]) -> dt.date:
    value = str(snapshot.get("datetime") or snapshot.get("createdAt") or "")
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return dt.date.min


def _features(data: Any, url: str) -> gpd.GeoDataFrame:
    """Polygon features of a GeoJSON FeatureCollection, z dropped, names made safe."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FetchError(f"{url}: not a GeoJSON FeatureCollection")
    features = [
        f
        for f in data.get("features", [])
        if isinstance(f, dict)
        and f.get("geometry")
        and f["geometry"].get("type") in ("Polygon", "MultiPolygon")
        and not _not_held(str((f.get("properties") or {}).get("name", "")))
    ]
    if not features:
        raise FetchError(f"{url}: no polygons in the data")
    for f in features:
        props = f.setdefault("properties", {}) or {}
        f["properties"] = {k: clean_text(v) if isinstance(v, str) else v for k, v in props.items()}
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except Exception as exc:  # malformed coordinates from a foreign service
        raise FetchError(f"{url}: malformed GeoJSON ({exc})") from None
    frame["geometry"] = shapely.make_valid(shapely.force_2d(frame.geometry.values))
    return frame


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
