"""The cache of fetched data: files written atomically, each with a metadata file beside it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd

from maps import settings

BASELINES = "baselines"
BOUNDARIES = "boundaries"


def _folder(kind: str) -> Path:
    return settings.cache_dir() / kind


def store(kind: str, name: str, data: gpd.GeoDataFrame, meta: dict[str, Any]) -> Path:
    """Write ``<cache>/<kind>/<name>.geojson`` and its ``.json`` metadata, both or neither."""
    folder = _folder(kind)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".staging-"))
    try:
        geojson = staging / f"{name}.geojson"
        geojson.write_text(data.to_crs("EPSG:4326").to_json(drop_id=True), encoding="utf-8")
        digest = hashlib.sha256(geojson.read_bytes()).hexdigest()
        full = {**meta, "file": geojson.name, "sha256": digest}
        (staging / f"{name}.json").write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")
        os.replace(geojson, folder / geojson.name)
        os.replace(staging / f"{name}.json", folder / f"{name}.json")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder / f"{name}.geojson"


def entries(kind: str) -> dict[str, dict[str, Any]]:
    """Metadata of every complete cached item of a kind, by name."""
    folder = _folder(kind)
    found: dict[str, dict[str, Any]] = {}
    if not folder.is_dir():
        return found
    for meta_path in sorted(folder.glob("*.json")):
        data_path = meta_path.with_suffix(".geojson")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if data_path.is_file():
            found[meta_path.stem] = {**meta, "path": str(data_path)}
    return found


def find(kind: str, name: str) -> tuple[dict[str, Any], Path] | None:
    """Metadata and data path of one cached item, if present."""
    meta = entries(kind).get(name)
    return (meta, Path(meta["path"])) if meta else None
