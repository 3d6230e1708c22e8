"""Payloads in the shapes the real services answer with, made hostile on purpose.

DeepStateMap: ``/api/history/public`` lists snapshots (``id`` is a Unix time, ``datetime``,
``status`` true when published); ``/api/history/<id>/geojson`` is a FeatureCollection whose
names read ``"<Ukrainian> /// <English> /// geoJSON.<key>"`` and whose positions carry a z.
geoBoundaries: the API answers an object whose ``gjDownloadURL`` points at the GeoJSON.
Natural Earth: a zip of a shapefile ``ne_10m_admin_1_states_provinces.*``.
Everything large is generated here, nothing large is committed.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path
from typing import Any

NE_STEM = "ne_10m_admin_1_states_provinces"
OCCUPIED = "Окупована територія /// Occupied territory /// geoJSON.status.occupied"
FEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
"""Small feeds in the real shapes (see ``tests/fixtures/feeds/README.md``)."""


def snapshot(snapshot_id: Any, when: Any, *, status: Any = True) -> dict[str, Any]:
    """One entry of DeepState's snapshot list."""
    return {
        "id": snapshot_id,
        "description": "Оновлення карти /// Map update",
        "datetime": when,
        "status": status,
        "createdAt": when,
        "updatedAt": when,
    }


SNAPSHOTS = [
    snapshot(1755201600, "2025-08-14T20:00:00.000Z"),
    snapshot(1756756800, "2025-09-01T20:00:00.000Z"),
]


def as_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def ring(lon: float, lat: float, radius: float, vertices: int) -> list[list[float]]:
    """A closed ring of ``vertices`` positions with a z, around (lon, lat)."""
    points = [
        [
            round(lon + radius * math.cos(2 * math.pi * i / vertices), 6),
            round(lat + radius * math.sin(2 * math.pi * i / vertices), 6),
            0,
        ]
        for i in range(vertices)
    ]
    return [*points, points[0]]


def occupied_feature(geometry: Any, name: str = OCCUPIED) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"name": name}, "geometry": geometry}


def collection(features: list[Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def crimea_feature() -> dict[str, Any]:
    """DeepStateMap's Crimea (``geoJSON.territories.crimea``) from the fixture snapshot."""
    features = json.loads((FEEDS / "deepstate-geojson.json").read_text(encoding="utf-8"))
    return next(
        f for f in features["features"] if "geoJSON.territories.crimea" in f["properties"]["name"]
    )


def held_collection(*extra: Any) -> dict[str, Any]:
    """A complete snapshot: Crimea and an occupied Donbas, and any extra features."""
    return collection([crimea_feature(), occupied_feature(donbas_polygon()), *extra])


def ring_polygon(lon: float, lat: float, radius: float, vertices: int = 16) -> dict[str, Any]:
    """A small round polygon with z coordinates around (lon, lat)."""
    return {"type": "Polygon", "coordinates": [ring(lon, lat, radius, vertices)]}


def donbas_polygon(vertices: int = 64) -> dict[str, Any]:
    """A polygon of the right size and place for Russian-held land (about 60,000 km²)."""
    return {"type": "Polygon", "coordinates": [ring(38.6, 48.0, 1.3, vertices)]}


def million_vertex_geojson(vertices: int = 1_000_000) -> bytes:
    """One held-territory polygon with a million positions: about 26 MB of text."""
    step = 2 * math.pi / vertices
    positions = ",".join(
        f"[{38.6 + 1.3 * math.cos(i * step):.6f},{48.0 + 1.3 * math.sin(i * step):.6f},0]"
        for i in range(vertices)
    )
    first = f"[{38.6 + 1.3:.6f},{48.0:.6f},0]"
    geometry = f'{{"type":"Polygon","coordinates":[[{positions},{first}]]}}'
    feature = f'{{"type":"Feature","properties":{json.dumps({"name": OCCUPIED})},"geometry":'
    return f'{{"type":"FeatureCollection","features":[{feature}{geometry}}}]}}'.encode()


def nested(depth: int) -> bytes:
    """Arrays nested ``depth`` deep: ``[[[...]]]``."""
    return b"[" * depth + b"]" * depth


def zipped(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive of the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(size: int) -> bytes:
    """A Natural Earth-named archive whose .shp unpacks to ``size`` zero bytes (~1/1000 zipped)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(f"{NE_STEM}.shp", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(size // len(block)):
                member.write(block)
            member.write(bytes(size % len(block)))
        archive.writestr(f"{NE_STEM}.shx", bytes(100))
        archive.writestr(f"{NE_STEM}.dbf", bytes(100))
    return buffer.getvalue()


def garbage_shapefile() -> bytes:
    """A Natural Earth-named archive whose shapefile parts are not a shapefile."""
    return zipped(
        {
            f"{NE_STEM}.shp": b"this is not a shapefile " * 40,
            f"{NE_STEM}.shx": b"\x00\x01garbage",
            f"{NE_STEM}.dbf": b"\xff" * 64,
            f"{NE_STEM}.prj": b'GEOGCS["WGS 84"]',
        }
    )


def geoboundaries_api(download: str) -> dict[str, Any]:
    """The geoBoundaries API's answer for UKR ADM1."""
    return {
        "boundaryID": "UKR-ADM1-74417347",
        "boundaryName": "Ukraine",
        "boundaryISO": "UKR",
        "boundaryType": "ADM1",
        "boundaryLicense": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "gjDownloadURL": download,
        "simplifiedGeometryGeoJSON": download,
    }
