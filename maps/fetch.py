"""Fetch authoritative boundaries and control snapshots, convert them, and cache them.

Sources: Natural Earth and geoBoundaries (admin-1 boundaries), DeepStateMap and ISW/CTP
(Russian-held territory). Every fetch tells the user the source's licence terms.

DeepStateMap polygons are classified by the ``geoJSON.*`` key that ends each name (Russian-held,
the grey zone, liberated); unknown keys and polygons abroad are dropped and reported. ISW/CTP's
layer is live only: it is paged through and labelled with the day it was fetched. Either way a
layer must be complete (Crimea held, plausible areas per region) to become a baseline.
"""

from __future__ import annotations

import datetime as dt
import io
import lzma
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from maps import cache, settings
from maps._http import Deadline, FetchError, get_bytes, get_json, is_web_url
from maps.control import CONTESTED, control_layer, front_between
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

RU = "RU"
LIBERATED = "liberated"
DEEPSTATE_KEYS: dict[str, str] = {
    "geoJSON.status.occupied": RU,
    "geoJSON.territories.ordlo": RU,
    "geoJSON.territories.crimea": RU,
    "geoJSON.territories.tuzla": RU,
    "geoJSON.status.unknown": CONTESTED,
    "geoJSON.status.dismissed": LIBERATED,
    "geoJSON.status.dismissed_at": LIBERATED,
}
"""What each key of a DeepStateMap polygon's name means: Russian-held, the grey zone, liberated.
Every other key (territories abroad, anything new) is dropped and reported."""
ARROWS = "geoJSON.status.attack_direction"
"""DeepStateMap's directions of attack: points and lines, not territory."""
CLASS_NAMES = {RU: "Russian-held", CONTESTED: "contested (grey zone)", LIBERATED: "liberated"}
MIN_INSIDE = 0.05
"""Smallest share of a polygon's area inside Ukraine for it to count: below it the polygon is
abroad (Transnistria along Odesa oblast adds only slivers where the borders are drawn apart)."""
HELD_KM2 = (40_000.0, 200_000.0)
"""Plausible Russian-held area of a complete layer: Crimea and ORDLO alone make over 43,000 km²;
at its widest, in March 2022, Russia held well under 200,000 km²."""
CRIMEA_SHARE = 0.95
"""Least share of the Crimean peninsula (Crimea and Sevastopol) a complete layer holds."""
DONBAS_SHARE = 0.25
"""Least share of Donetsk and of Luhansk oblast held since 2014 (ORDLO is about a third)."""
NEVER_HELD = (
    "cherkasy",
    "chernivtsi",
    "ivano-frankivsk",
    "khmelnytskyi",
    "kirovohrad",
    "kyiv-city",
    "lviv",
    "odesa",
    "poltava",
    "rivne",
    "ternopil",
    "vinnytsia",
    "volyn",
    "zakarpattia",
)
"""Regions no Russian force has held any real part of since 2014 (Zmiinyi island is tiny)."""
NEVER_HELD_SHARE = 0.02
OUTSIDE = "outside Ukraine (Natural Earth 10m regions)"
PAGE_SIZE = 1_000
"""Features asked for per page of an ArcGIS query (a service may answer fewer)."""
MAX_PAGES = 50
MAX_LISTED = 12
"""Dropped features named one by one in the fetch summary; the rest are counted."""
MAX_RECORDED = 100
"""Dropped features recorded in the cached baseline's metadata."""
MAX_TEXT = 60
"""Longest text from a feed (a feature's name or key) shown or recorded."""


@dataclass(frozen=True)
class Piece:
    """One polygon of a feed: its English label, its key, and what it shows."""

    label: str
    key: str
    kind: str
    """``RU``, ``contested`` or ``liberated``."""
    geometry: BaseGeometry


@dataclass
class Feed:
    """What a feed holds once read: kept polygons, dropped ones (and why), ignored features."""

    url: str
    pieces: list[Piece] = field(default_factory=list)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)
    """(label, key, reason) of each polygon left out."""
    ignored: Counter[str] = field(default_factory=Counter)
    """Points and lines (arrows, markers) by key."""
    lines: list[str] = field(default_factory=list)
    """What the fetch used (snapshot, date, pages), for the summary."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Provenance for the cached baseline's metadata."""


def fetch_control(
    source: str,
    *,
    date: dt.date | None = None,
    base_url: str | None = None,
    offline: bool = False,
    notice: Notice = _stderr,
) -> str:
    """Download Russian-held and contested territory, turn it into a named baseline, cache it;
    print what was kept and dropped; return the baseline's name."""
    url = _prepare(source, ("deepstate", "isw"), "control", base_url, offline)
    today = dt.date.today()
    if source == "isw" and date is not None and date not in (today, _utc_today()):
        raise FetchError(
            f"ISW/CTP's layer is live only (today's assessment, no archive): --date {date} "
            "cannot be honoured; leave --date out, or use --source deepstate for a past date"
        )
    clock = Deadline()
    if source == "deepstate":
        feed, day = _deepstate(url, date, clock)
        publisher = "DeepStateMap"
        title = f"DeepStateMap snapshot, {day}"
    else:
        feed, day = _isw(url, clock), date or today
        publisher = "ISW/CTP"
        title = f"ISW/CTP assessed Russian control, live layer fetched {day}"
    _keep_inside(feed)
    layer, km2 = _control(feed)
    name = f"{source}-{day.isoformat()}"
    meta = {
        "date": day.isoformat(),
        "title": title,
        "source": f"{publisher}: {feed.url}",
        "licence": SOURCES[source]["licence"],
        "publisher": publisher,
        "approximate": False,
        "accuracy": "as published by the source; cut to Natural Earth 10m regions",
        "url": feed.url,
        **feed.meta,
        "kept_km2": {k: round(v) for k, v in km2.items()},
        "dropped": [
            {"name": label, "key": key, "reason": why}
            for label, key, why in feed.dropped[:MAX_RECORDED]
        ],
        "dropped_count": len(feed.dropped),
        "fetched_at": _now(),
    }
    cache.store(cache.BASELINES, name, layer, meta)
    for line in [*feed.lines, *summary(feed, km2)]:
        notice(line)
    notice(f"licence: {SOURCES[source]['licence']}")
    return name


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# ---------------------------------------------------------------- DeepStateMap


def _deepstate(url: str, date: dt.date | None, clock: Deadline) -> tuple[Feed, dt.date]:
    snapshots = get_json(url, clock)
    if not isinstance(snapshots, list) or not snapshots:
        raise FetchError(f"{url}: expected a list of snapshots")
    try:
        chosen, day = nearest_snapshot(snapshots, date)
    except FetchError as exc:
        raise FetchError(f"{url}: {exc}") from None
    geo_url = url.rsplit("/public", 1)[0] + f"/{chosen['id']}/geojson"
    feed = Feed(geo_url)
    for feature in _polygons_and_others(_collection(get_json(geo_url, clock), geo_url), geo_url):
        _sort_deepstate(feature, feed)
    unpublished = sum(1 for s in snapshots if isinstance(s, dict) and not _published(s))
    when = _moment(chosen.get("datetime") or chosen.get("createdAt"))
    feed.lines.append(
        f"DeepStateMap snapshot {chosen['id']} of {when}: {_nearness(day, date)}"
        + (f"; {unpublished:,} unpublished snapshot(s) skipped" if unpublished else "")
    )
    feed.meta.update(
        {
            "snapshot_id": chosen["id"],
            "snapshot_datetime": when,
            "asked_date": date.isoformat() if date else None,
        }
    )
    return feed, day


def _moment(value: Any) -> str:
    """A snapshot's time as ``YYYY-MM-DD HH:MM UTC`` (its date was checked already)."""
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if moment.tzinfo else "")


def _nearness(day: dt.date, asked: dt.date | None) -> str:
    """How the snapshot's day relates to the asked one, in words."""
    if asked is None:
        return "the latest published"
    days = (day - asked).days
    if days == 0:
        return f"published on the asked date, {asked}"
    side = "after" if days > 0 else "before"
    return f"the published one nearest {asked}, {abs(days):,} day(s) {side} it"


def nearest_snapshot(snapshots: list[Any], date: dt.date | None) -> tuple[dict[str, Any], dt.date]:
    """The published snapshot closest to ``date`` (the latest when no date is given), and its
    date; snapshots without a usable id or date, or not published, are skipped."""
    usable = [(s, day) for s in snapshots if (day := _snapshot_date(s)) and _has_id(s)]
    usable = [(s, day) for s, day in usable if _published(s)]
    if not usable:
        raise FetchError(
            f"none of the {len(snapshots):,} snapshots is published with an id and a date"
        )
    if date is None:
        return max(usable, key=lambda pair: (pair[1], pair[0]["id"]))
    return min(usable, key=lambda pair: (abs((pair[1] - date).days), -pair[0]["id"]))


def _published(snapshot: dict[str, Any]) -> bool:
    """A snapshot is published when its ``status`` is true (an entry without one counts)."""
    return snapshot.get("status", True) is True


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


def name_key(text: str) -> tuple[str, str]:
    """The English label and the ``geoJSON.*`` key of a DeepStateMap name
    ``"<Ukrainian> /// <English> /// geoJSON.<key>"`` (the key is "" when there is none)."""
    parts = [p.strip() for p in text.split("///")]
    parts = [p for p in parts if p]
    key = parts.pop() if parts and parts[-1].startswith("geoJSON.") else ""
    label = parts[1] if len(parts) >= 2 else (parts[0] if parts else "")
    return _safe(label), _safe(key)


def _sort_deepstate(feature: dict[str, Any], feed: Feed) -> None:
    """File one feature of a snapshot by its key: kept, dropped or ignored."""
    props = feature.get("properties") or {}
    raw = props.get("name")
    label, key = name_key(raw if isinstance(raw, str) else "")
    if not _is_polygon(feature):
        feed.ignored[key or "(no key)"] += 1
        return
    kind = DEEPSTATE_KEYS.get(key)
    if kind is None:
        why = "no geoJSON key" if not key else ("not territory" if key == ARROWS else "unknown key")
        feed.dropped.append((label, key, why))
        return
    _add(feed, label, key, kind, feature)


def _add(feed: Feed, label: str, key: str, kind: str, feature: dict[str, Any]) -> None:
    """Add a polygon feature as a piece (the z dropped, made valid), or drop an empty one."""
    try:
        shape = shapely.geometry.shape(feature["geometry"])
    except Exception:  # malformed coordinates from a foreign service
        raise FetchError(f"{feed.url}: malformed GeoJSON coordinates") from None
    geometry = _polygonal(shapely.make_valid(shapely.force_2d(shape)))
    if geometry.is_empty:
        feed.dropped.append((label, key, "empty geometry"))
    else:
        feed.pieces.append(Piece(label, key, kind, geometry))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry (make_valid may leave lines and points beside them)."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


# ---------------------------------------------------------------- ISW/CTP


def _isw(url: str, clock: Deadline) -> Feed:
    """Every page of ISW/CTP's live layer: all its polygons are Russian-held."""
    features, pages = _arcgis_pages(url, clock)
    feed = Feed(url)
    edited: list[int] = []
    for number, feature in enumerate(_polygons_and_others(features, url), 1):
        props = feature.get("properties") or {}
        label = f"feature {_safe(str(props.get('OBJECTID', number)))}"
        if not _is_polygon(feature):
            feed.ignored[str((feature.get("geometry") or {}).get("type", "no geometry"))] += 1
            continue
        stamp = props.get("EditDate")
        if isinstance(stamp, int) and not isinstance(stamp, bool):
            edited.append(stamp)
        _add(feed, label, "", RU, feature)
    last = _edit_day(max(edited)) if edited else None
    feed.lines.append(
        f"ISW/CTP live layer fetched {dt.date.today()}: {len(features):,} feature(s) in "
        f"{pages} page(s)" + (f", last edited {last}" if last else "")
    )
    feed.meta.update({"live": True, "pages": pages, "features": len(features), "edited": last})
    return feed


def _edit_day(stamp: int) -> str | None:
    """The day of an ArcGIS ``EditDate`` (milliseconds since 1970), if it is a real one."""
    try:
        day = dt.datetime.fromtimestamp(stamp / 1000, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return day.isoformat() if FIRST_SNAPSHOT <= day <= _utc_today() else None


def page_url(url: str, offset: int) -> str:
    """An ArcGIS query URL asking for one page: ``resultOffset`` and ``resultRecordCount``."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in ("resultOffset", "resultRecordCount")
    ]
    query += [("resultOffset", str(offset)), ("resultRecordCount", str(PAGE_SIZE))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _arcgis_pages(url: str, clock: Deadline) -> tuple[list[dict[str, Any]], int]:
    """The features of every page of an ArcGIS query, paging while ``exceededTransferLimit``
    is true, within :data:`MAX_PAGES` pages and ``MAPS_MAX_FEATURES`` features in all."""
    features: list[dict[str, Any]] = []
    seen: set[int] = set()
    for page in range(1, MAX_PAGES + 1):
        address = page_url(url, len(features))
        data = get_json(address, clock)
        _arcgis_error(data, address)
        listed = _collection(data, address)
        ids = {i for f in listed if (i := _object_id(f)) is not None}
        if ids & seen:
            raise FetchError(
                f"{address}: page {page} repeats features of earlier pages (the service "
                "ignores resultOffset)"
            )
        seen |= ids
        features.extend(listed)
        _check_count(len(features), url)
        if not _more(data):
            return features, page
        if not listed:
            raise FetchError(f"{address}: page {page} is empty but says more results follow")
    raise FetchError(f"{url}: more than {MAX_PAGES} pages of results; refused")


def _arcgis_error(data: Any, url: str) -> None:
    """ArcGIS answers a failed query with HTTP 200 and ``{"error": {...}}``."""
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        error = data["error"]
        raise FetchError(
            f"{url}: the service answered with an error "
            f"({_safe(str(error.get('code', '?')))}: {_safe(str(error.get('message', '')))})"
        )


def _more(data: dict[str, Any]) -> bool:
    """Whether an ArcGIS page says more results follow (at the top or under properties)."""
    props = data.get("properties")
    nested = props.get("exceededTransferLimit") if isinstance(props, dict) else None
    return data.get("exceededTransferLimit") is True or nested is True


def _object_id(feature: dict[str, Any]) -> int | None:
    props = feature.get("properties") or {}
    value = feature.get("id", props.get("OBJECTID"))
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ---------------------------------------------------------------- GeoJSON


def _collection(data: Any, url: str) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection, each checked to be an object whose
    geometry and properties are objects or null, and their number bounded."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FetchError(f"{url}: not a GeoJSON FeatureCollection")
    listed = data.get("features")
    if not isinstance(listed, list):
        raise FetchError(f"{url}: not a GeoJSON FeatureCollection (no feature list)")
    _check_count(len(listed), url)
    for number, feature in enumerate(listed, 1):
        _check_feature(feature, number, url)
    return listed


def _check_count(count: int, url: str) -> None:
    if count > settings.max_features():
        raise FetchError(
            f"{url}: {count:,} features, over the limit of {settings.max_features():,} "
            "(MAPS_MAX_FEATURES)"
        )


def _polygons_and_others(features: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    """The features, once the polygons' vertices are counted against the limit."""
    _check_vertices([f for f in features if _is_polygon(f)], url)
    return features


def _features(data: Any, url: str) -> gpd.GeoDataFrame:
    """Polygon features of a GeoJSON FeatureCollection, z dropped, names made safe.

    The number of features and of polygon vertices is checked before any geometry is built.
    """
    features = [
        {"type": "Feature", "geometry": f["geometry"], "properties": _properties(f)}
        for f in _collection(data, url)
        if _is_polygon(f)
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


def clean_text(text: str) -> str:
    """A source's name field: the English part of 'uk///en///ru' names, no template braces."""
    parts = [p.strip() for p in text.split("///") if p.strip()]
    chosen = parts[1] if len(parts) >= 2 else (parts[0] if parts else "")
    return chosen.replace("{{", "{ {").replace("}}", "} }").replace("{%", "{ %")


def _safe(text: str) -> str:
    """Text from a feed made fit to print and record: one line, no control characters, no
    template braces, at most :data:`MAX_TEXT` characters."""
    shown = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    shown = " ".join(shown.split()).replace("{{", "{ {").replace("}}", "} }")
    shown = shown.replace("{%", "{ %")
    return shown if len(shown) <= MAX_TEXT else shown[: MAX_TEXT - 1] + "…"


# ---------------------------------------------------------------- the baseline


def _plausible(frame: gpd.GeoDataFrame | gpd.GeoSeries, what: str) -> None:
    lon0, lat0, lon1, lat1 = frame.total_bounds
    if lon0 < FRAME[0] or lat0 < FRAME[1] or lon1 > FRAME[2] or lat1 > FRAME[3]:
        raise FetchError(
            f"{what}: bounding box {frame.total_bounds.round(2).tolist()} is not around Ukraine"
        )


def _ukraine() -> BaseGeometry:
    return shapely.union_all(load_regions().geometry.values)


def _keep_inside(feed: Feed) -> None:
    """Drop the pieces that lie abroad: outside Ukraine, or with only a negligible share of
    their area (under :data:`MIN_INSIDE`) inside it; each is reported."""
    if not feed.pieces:
        return
    ukraine = _ukraine()
    shapely.prepare(ukraine)
    geoms = [p.geometry for p in feed.pieces]
    whole = area_km2(gpd.GeoSeries(geoms, crs="EPSG:4326")).to_numpy()
    within = shapely.within(geoms, ukraine)
    touching = shapely.intersects(geoms, ukraine)
    inside = [
        g if w else (g.intersection(ukraine) if t else shapely.Polygon())
        for g, w, t in zip(geoms, within, touching, strict=True)
    ]
    inside_km2 = area_km2(gpd.GeoSeries(inside, crs="EPSG:4326")).to_numpy()
    kept: list[Piece] = []
    for piece, total, part in zip(feed.pieces, whole, inside_km2, strict=True):
        share = part / total if total > 0 else 0.0
        if part <= 0:
            feed.dropped.append((piece.label, piece.key, OUTSIDE))
        elif share < MIN_INSIDE:
            feed.dropped.append(
                (piece.label, piece.key, f"abroad ({share:.1%} of its {total:,.0f} km² in Ukraine)")
            )
        else:
            kept.append(piece)
    feed.pieces = kept


def _control(feed: Feed) -> tuple[gpd.GeoDataFrame, dict[str, float]]:
    """The baseline's control parts and front line, checked for completeness; and the km² of
    each kind of ground kept."""
    held = [p.geometry for p in feed.pieces if p.kind == RU]
    if not held:
        raise FetchError(
            f"{feed.url}: no Russian-held polygon in Ukraine ({len(feed.dropped):,} dropped)"
        )
    kept = gpd.GeoSeries([p.geometry for p in feed.pieces if p.kind != LIBERATED], crs="EPSG:4326")
    _plausible(kept, feed.url)
    regions = load_regions()[["id", "geometry"]]
    grey = [p.geometry for p in feed.pieces if p.kind == CONTESTED]
    layer = control_layer(
        regions, shapely.union_all(held), shapely.union_all(grey) if grey else None
    )
    complete(layer, regions, feed.url)
    km2 = {kind: float(area_km2(layer[layer["party"] == kind]).sum()) for kind in (RU, CONTESTED)}
    freed = [p.geometry for p in feed.pieces if p.kind == LIBERATED]
    if freed:
        area = shapely.union_all(freed).intersection(_ukraine())
        km2[LIBERATED] = float(area_km2(gpd.GeoSeries([area], crs="EPSG:4326")).iloc[0])
    lines = layer.assign(party=layer["party"].replace(CONTESTED, "UA"))
    front = {"kind": "front", "party": None, "region": None, "geometry": front_between(lines)}
    rows = [*layer.to_dict("records"), front]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326"), km2


def complete(layer: gpd.GeoDataFrame, regions: gpd.GeoDataFrame, url: str) -> None:
    """Refuse a layer that is not a whole picture: Crimea missing, a total outside
    :data:`HELD_KM2`, Donbas barely held, or a real share of a never-held region held."""
    size = area_km2(regions.set_index("id").geometry)
    held = area_km2(layer[layer["party"] == RU]).groupby(layer["region"]).sum()
    held = held.reindex(size.index, fill_value=0.0)
    crimea = ("crimea", "sevastopol")
    share = held[list(crimea)].sum() / size[list(crimea)].sum()
    if share < CRIMEA_SHARE:
        raise FetchError(
            f"{url}: incomplete layer: {share:.0%} of the Crimean peninsula "
            f"({size[list(crimea)].sum():,.0f} km²) is Russian-held, under {CRIMEA_SHARE:.0%}; "
            "refused"
        )
    total = float(held.sum())
    if not HELD_KM2[0] <= total <= HELD_KM2[1]:
        raise FetchError(
            f"{url}: {total:,.0f} km² Russian-held is implausible for a complete layer "
            f"({HELD_KM2[0]:,.0f} to {HELD_KM2[1]:,.0f} km²); refused"
        )
    names = {r.id: r.name for r in REGIONS}
    for rid in ("donetsk", "luhansk"):
        if held[rid] / size[rid] < DONBAS_SHARE:
            raise FetchError(
                f"{url}: implausible: {held[rid] / size[rid]:.0%} of {names[rid]} oblast is "
                f"Russian-held (over {DONBAS_SHARE:.0%} has been since 2014); refused"
            )
    wrong = [
        (rid, held[rid] / size[rid])
        for rid in NEVER_HELD
        if held[rid] / size[rid] > NEVER_HELD_SHARE
    ]
    if wrong:
        listed = ", ".join(f"{names[rid]} {s:.0%}" for rid, s in wrong[:5])
        raise FetchError(
            f"{url}: implausible: Russian-held land in regions never held ({listed}); refused"
        )


def summary(feed: Feed, km2: dict[str, float]) -> list[str]:
    """The fetch summary: km² of each kind of ground kept, every dropped polygon (name, key,
    reason; the first :data:`MAX_LISTED` by name, the rest counted) and the ignored features."""
    kept = ", ".join(f"{CLASS_NAMES[k]} {v:,.0f} km²" for k, v in km2.items() if k != LIBERATED)
    lines = [f"kept: {kept}"]
    if LIBERATED in km2:
        lines.append(f"not held: liberated {km2[LIBERATED]:,.0f} km²")
    if feed.ignored:
        keys = sorted(feed.ignored.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{k} ×{n:,}" for k, n in keys[:5])
        more = f" and {len(keys) - 5:,} more key(s)" if len(keys) > 5 else ""
        lines.append(f"ignored {sum(feed.ignored.values()):,} point(s) and line(s): {shown}{more}")
    if feed.dropped:
        lines.append(f"dropped {len(feed.dropped):,} polygon(s):")
        lines += [
            f"  {label or '(no name)'} ({key or 'no key'}): {why}"
            for label, key, why in feed.dropped[:MAX_LISTED]
        ]
        if len(feed.dropped) > MAX_LISTED:
            lines.append(f"  and {len(feed.dropped) - MAX_LISTED:,} more")
    return lines


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
