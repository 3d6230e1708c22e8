"""The cache of fetched data: files written atomically, each with a metadata file beside it.

A damaged item (unreadable or invalid metadata, a missing, changed or unreadable data file) is
listed apart from the good ones, so it breaks only the commands that use it; those get one
line naming the item and the command that fetches it again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio.errors

from maps.errors import DataError, OutputError
from maps.files import write_files
from maps.settings import cache_dir

BASELINES = "baselines"
BOUNDARIES = "boundaries"
REQUIRED = {BASELINES: ("date", "source", "sha256"), BOUNDARIES: ("source", "sha256")}
"""Metadata fields each kind of item must have (all strings)."""
MAX_META_BYTES = 1 << 20
READ_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FeatureError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.FieldError,
    pyogrio.errors.CRSError,
    ValueError,
)


class CacheError(DataError):
    """A cache folder that cannot be used, or a cached item that is damaged."""


@dataclass(frozen=True)
class Listing:
    """What a cache folder holds: good items (metadata by name) and damaged ones (reasons)."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    """Why the folder itself cannot be read, if it cannot."""


def _folder(kind: str) -> Path:
    return cache_dir() / kind


def check_writable() -> None:
    """Raise :class:`CacheError` unless the cache folder can be written (before a download)."""
    root = cache_dir()
    for folder in (root / BASELINES, root / BOUNDARIES):
        if _exists(folder):
            _check_folder(folder)
    _check_folder(next(p for p in (root, *root.parents) if _exists(p)))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as exc:
        raise CacheError(f"cache folder {path}: {exc.strerror} (MAPS_CACHE_DIR)") from None


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise CacheError(f"cache folder {folder} is not a folder (MAPS_CACHE_DIR)")
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        raise CacheError(f"cache folder {folder} is not readable and writable (MAPS_CACHE_DIR)")


def store(kind: str, name: str, data: gpd.GeoDataFrame, meta: dict[str, Any]) -> Path:
    """Write ``<cache>/<kind>/<name>.geojson`` and its ``.json`` metadata, both or neither."""
    folder = _folder(kind)
    text = data.to_crs("EPSG:4326").to_json(drop_id=True).encode("utf-8")
    full = {**meta, "file": f"{name}.geojson", "sha256": hashlib.sha256(text).hexdigest()}
    try:  # the metadata, which vouches for the data by its SHA-256, is renamed last
        write_files(
            {
                folder / f"{name}.geojson": text,
                folder / f"{name}.json": json.dumps(full, indent=2) + "\n",
            }
        )
    except OutputError as exc:
        raise CacheError(f"the cache: {exc}") from None
    return folder / f"{name}.geojson"


def scan(kind: str) -> Listing:
    """Every item of a kind: the good ones and, apart, the damaged ones with the reason."""
    folder = _folder(kind)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return Listing()
    except OSError as exc:
        return Listing(problem=f"cannot read the cache folder {folder}: {exc.strerror}")
    entries: dict[str, dict[str, Any]] = {}
    broken: dict[str, str] = {}
    stems = {n.rsplit(".", 1)[0] for n in names if n.endswith((".json", ".geojson"))}
    for stem in sorted(s for s in stems if not s.startswith(".")):
        meta, reason = _metadata(kind, folder / f"{stem}.json", folder / f"{stem}.geojson")
        if meta is None:
            broken[stem] = reason
        else:
            entries[stem] = meta
    return Listing(entries, broken)


def _metadata(kind: str, meta_path: Path, data_path: Path) -> tuple[dict[str, Any] | None, str]:
    """An item's metadata with its data path, or None and what is wrong with it."""
    try:
        if not data_path.is_file():
            return None, "its data file is missing"
        if meta_path.stat().st_size > MAX_META_BYTES:
            return None, "its metadata file is too large"
        meta = json.loads(meta_path.read_bytes())
    except FileNotFoundError:
        return None, "its metadata file is missing"
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror})"
    except (ValueError, RecursionError):
        return None, "its metadata is not valid JSON"
    if not isinstance(meta, dict):
        return None, "its metadata is not a JSON object"
    missing = [k for k in REQUIRED[kind] if not isinstance(meta.get(k), str)]
    if missing:
        return None, f"its metadata lacks {', '.join(missing)}"
    return {**meta, "path": str(data_path)}, ""


def entries(kind: str) -> dict[str, dict[str, Any]]:
    """Metadata of every good cached item of a kind, by name (damaged ones are left out)."""
    return scan(kind).entries


def find(kind: str, name: str) -> tuple[dict[str, Any], Path] | None:
    """Metadata and data path of one cached item; None if absent, CacheError if damaged."""
    listing = scan(kind)
    if name in listing.broken:
        raise damaged(kind, name, listing.broken[name])
    meta = listing.entries.get(name)
    return (meta, Path(meta["path"])) if meta else None


def stamp(kind: str, name: str) -> tuple[int, int]:
    """Modification times of an item's data and metadata files (0 when unreadable)."""
    folder = _folder(kind)
    times = []
    for path in (folder / f"{name}.geojson", folder / f"{name}.json"):
        try:
            times.append(path.stat().st_mtime_ns)
        except OSError:
            times.append(0)
    return times[0], times[1]


def load(kind: str, name: str) -> gpd.GeoDataFrame:
    """The data of one cached item, checked against its recorded SHA-256."""
    found = find(kind, name)
    if found is None:
        raise damaged(kind, name, "it is no longer in the cache")
    raw, reason = _checked_data(*found)
    if raw is None:
        raise damaged(kind, name, reason)
    try:
        return gpd.read_file(io.BytesIO(raw), engine="pyogrio")
    except READ_ERRORS:
        raise damaged(kind, name, "its data is not readable GeoJSON") from None


def check_data(meta: dict[str, Any]) -> str | None:
    """What is wrong with a listed item's data file (unreadable, changed), if anything."""
    raw, reason = _checked_data(meta, Path(meta["path"]))
    return None if raw is not None else reason


def _checked_data(meta: dict[str, Any], path: Path) -> tuple[bytes | None, str]:
    """The data file's bytes if they match the recorded SHA-256, else None and why not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"its data cannot be read ({exc.strerror})"
    if hashlib.sha256(raw).hexdigest() != meta["sha256"]:
        return None, "its data file was changed or cut short"
    return raw, ""


def damaged(kind: str, name: str, reason: str) -> CacheError:
    """The error for a damaged item, telling how to fetch it again."""
    what = "baseline" if kind == BASELINES else "boundaries"
    return CacheError(f"cached {what} {name} is damaged: {reason}; {refetch(kind, name)}")


def refetch(kind: str, name: str) -> str:
    """The advice that replaces a damaged item."""
    if kind == BOUNDARIES:
        return f"fetch it again with `maps fetch boundaries --source {name}`"
    source, _, day = name.partition("-")
    if source not in ("deepstate", "isw"):
        return "remove it or fetch a baseline again with `maps fetch control`"
    when = f" --date {day}" if source == "deepstate" and day else ""
    return f"fetch it again with `maps fetch control --source {source}{when}`"
