"""The resolved scenario as GIS data: GeoJSON (RFC 7946), GeoPackage or CSV. Presentation.

Five layers with a fixed schema each, present even when empty: ``control`` (who administers
what, with sovereignty, recognition, regime and people), ``changes`` (land changing hands),
``zones`` (land under a regime or closed to some forces), ``sites`` and ``contact_line``.
List attributes are JSON arrays (CSV: JSON text), never Python reprs.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from maps.attributes import split_ids
from maps.files import write_atomic
from maps.provenance import AREAS, PEOPLE, Provenance

if TYPE_CHECKING:
    from maps.resolve import Resolution

FORMATS = ("geojson", "gpkg", "csv")
DECIMALS = 6
"""Coordinate decimals (about 0.1 m), as RFC 7946 recommends."""

SCHEMA: dict[str, dict[str, str]] = {
    "control": {
        "region": "str",
        "region_name": "str",
        "administered_by": "str",
        "administered_by_name": "str",
        "held_at_baseline": "str",
        "sovereign": "str",
        "recognition": "str",
        "recognised_as": "str",
        "recognised_by": "list",
        "regime": "list",
        "no_forces": "list",
        "area_km2": "float",
        "population": "int",
        "towns": "int",
        "rural": "int",
    },
    "changes": {
        "region": "str",
        "region_name": "str",
        "from": "str",
        "from_name": "str",
        "to": "str",
        "to_name": "str",
        "area_km2": "float",
        "population": "int",
        "towns": "int",
        "rural": "int",
        "places": "list",
    },
    "zones": {
        "regime": "list",
        "no_forces": "list",
        "administered_by": "str",
        "administered_by_name": "str",
        "area_km2": "float",
        "population": "int",
    },
    "sites": {
        "name": "str",
        "kind": "str",
        "feature": "str",
        "operated_by": "str",
        "sovereign": "str",
        "supervised_by": "str",
        "terms": "list",
        "note": "str",
    },
    "contact_line": {"baseline": "str", "date": "str", "source": "str", "accuracy": "str"},
}
"""Each layer's fields and their kinds; ``list`` fields are JSON arrays."""


def layers(res: Resolution) -> dict[str, gpd.GeoDataFrame]:
    """The five layers of a resolution, EPSG:4326, each with exactly its schema's columns."""
    from maps.load import load_contact_line, region_name

    names = res.scenario.party_names()
    control = res.control
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMA}
    for row in control.to_dict("records"):
        out["control"].append(
            {
                "region": row["region"],
                "region_name": region_name(row["region"]),
                "administered_by": row["party"],
                "administered_by_name": names.get(row["party"], row["party"]),
                "held_at_baseline": row["held"],
                "sovereign": row["sovereign"],
                "recognition": row["recognition"],
                "recognised_as": row["recognised_as"],
                "recognised_by": split_ids(row["recognised_by"]),
                "regime": split_ids(row["regime"]),
                "no_forces": split_ids(row["no_forces"]),
                "area_km2": round(float(row["area_km2"]), 3),
                "population": int(row.get("population", 0)),
                "towns": int(row.get("towns", 0)),
                "rural": int(row.get("rural", 0)),
                "geometry": row["geometry"],
            }
        )
    zoned = control[(control["regime"] != "") | (control["no_forces"] != "")]
    if not zoned.empty:
        keys = ["regime", "no_forces", "party"]
        dissolved = zoned.dissolve(by=keys, as_index=False, aggfunc={"area_km2": "sum"})
        people = zoned.groupby(keys)["population"].sum()
        for row in dissolved.to_dict("records"):
            key = (row["regime"], row["no_forces"], row["party"])
            out["zones"].append(
                {
                    "regime": split_ids(row["regime"]),
                    "no_forces": split_ids(row["no_forces"]),
                    "administered_by": row["party"],
                    "administered_by_name": names.get(row["party"], row["party"]),
                    "area_km2": round(float(row["area_km2"]), 3),
                    "population": int(people.get(key, 0)),
                    "geometry": row["geometry"],
                }
            )
    for row in res.changes.to_dict("records"):
        out["changes"].append(
            {
                "region": row["region"],
                "region_name": region_name(row["region"]),
                "from": row["from"],
                "from_name": names.get(row["from"], row["from"]),
                "to": row["to"],
                "to_name": names.get(row["to"], row["to"]),
                "area_km2": round(float(row["area_km2"]), 3),
                "population": int(row["population"]),
                "towns": int(row.get("towns", row["population"])),
                "rural": int(row.get("rural", 0)),
                "places": [c["name"] for c in row["cities"]],
                "geometry": row["geometry"],
            }
        )
    if res.sites is not None:
        for row in res.sites.to_dict("records"):
            out["sites"].append({k: row[k] for k in [*SCHEMA["sites"], "geometry"]})
    meta = Provenance.of(res.baseline)
    for geom in load_contact_line(res.scenario.baseline).geometry:
        out["contact_line"].append(
            {
                "baseline": res.scenario.baseline,
                "date": meta.date,
                "source": meta.source,
                "accuracy": meta.accuracy,
                "geometry": geom,
            }
        )
    return {name: _frame(name, rows) for name, rows in out.items()}


GEOMETRY_TYPES = {
    "control": "MultiPolygon",
    "changes": "MultiPolygon",
    "zones": "MultiPolygon",
    "sites": "Unknown",
    "contact_line": "MultiLineString",
}
"""Each layer's geometry type in a GeoPackage (sites mix points and lines)."""


def _frame(name: str, rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    columns = [*SCHEMA[name], "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def _rfc7946(geom: BaseGeometry) -> BaseGeometry:
    """Counter-clockwise exteriors, clockwise holes, coordinates to :data:`DECIMALS`."""
    snapped = shapely.set_precision(geom, 10**-DECIMALS)
    return shapely.orient_polygons(snapped, exterior_cw=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def geojson_text(res: Resolution, only: str | None = None) -> str:
    """One FeatureCollection of every layer (``layer`` says which), or of one layer."""
    features = []
    for name, frame in layers(res).items():
        if only is not None and name != only:
            continue
        for record, geom in zip(
            frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True
        ):
            props = {"layer": name, **{k: _jsonable(v) for k, v in record.items()}}
            shape = shapely.geometry.mapping(_rfc7946(geom))
            features.append({"type": "Feature", "properties": props, "geometry": shape})
    collection = {
        "type": "FeatureCollection",
        "name": res.scenario.id,
        "description": _credit(res),
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def _credit(res: Resolution) -> str:
    return f"{res.scenario.title}. {Provenance.of(res.baseline).sentence()} {AREAS}. {PEOPLE}."


def csv_text(res: Resolution) -> str:
    """One CSV of every layer: a ``layer`` column, the fields (lists as JSON) and ``wkt``."""
    frames = []
    for name, frame in layers(res).items():
        plain = pd.DataFrame(frame.drop(columns="geometry"))
        for column, kind in SCHEMA[name].items():
            if kind == "list":
                plain[column] = [json.dumps(v, ensure_ascii=False) for v in plain[column]]
        plain.insert(0, "layer", name)
        plain["wkt"] = [
            shapely.to_wkt(_rfc7946(g), rounding_precision=DECIMALS) for g in frame.geometry
        ]
        frames.append(plain)
    columns = ["layer", *dict.fromkeys(c for n in SCHEMA for c in SCHEMA[n]), "wkt"]
    table = pd.concat(frames, ignore_index=True).reindex(columns=columns)
    for name in SCHEMA:
        for column, kind in SCHEMA[name].items():
            if kind == "int":
                table[column] = table[column].astype("Int64")
    return str(table.to_csv(index=False, lineterminator="\n"))


def gpkg_bytes(res: Resolution) -> bytes:
    """A GeoPackage with the five layers (list fields as JSON text)."""
    with tempfile.TemporaryDirectory(prefix="maps-gpkg-") as folder:
        path = Path(folder) / "out.gpkg"
        for name, frame in layers(res).items():
            data = frame.copy()
            for column, kind in SCHEMA[name].items():
                if kind == "list":
                    data[column] = [json.dumps(v, ensure_ascii=False) for v in data[column]]
            data.to_file(
                path,
                layer=name,
                driver="GPKG",
                engine="pyogrio",
                geometry_type=GEOMETRY_TYPES[name],
                promote_to_multi=GEOMETRY_TYPES[name].startswith("Multi"),
            )
        return path.read_bytes()


WRITERS: dict[str, Callable[[Resolution], str | bytes]] = {
    "geojson": geojson_text,
    "gpkg": gpkg_bytes,
    "csv": csv_text,
}


def export_data(res: Resolution, path: Path, fmt: str) -> Path:
    """Write the layers to ``path`` as ``fmt`` (geojson, gpkg or csv), atomically."""
    if fmt not in WRITERS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    write_atomic(WRITERS[fmt](res), path)
    return path
