"""The front through time as shared geometry: pure, no I/O.

Every baseline splits each region into Russian-held, Ukrainian-held and contested parts. Laying
the splits of all dates over one another gives one planar partition of Ukraine into *atoms*:
pieces whose holder never changes within a date. Each atom carries its region, its area and a
*holder string* with one character per date (``R`` Russian-held, ``U`` Ukrainian-held, ``c``
contested, ``-`` no data), so a page draws the atoms once and restyles them per date, and any
two dates compare by their characters.

Areas are measured on the full geometry in an equal-area projection; only the drawing copy is
simplified (coverage simplification, so neighbours keep their shared edges) and rounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from maps.geo import EQUAL_AREA_CRS, GRID

CODES = {"RU": "R", "UA": "U", "contested": "c"}
"""One character per holder in an atom's holder string."""
NO_DATA = "-"
PARTY_OF = {code: party for party, code in CODES.items()}

TOLERANCE_M = 250.0
"""Simplification of the drawing copy, in metres."""
DECIMALS = 4
"""Coordinates of the drawing copy are whole multiples of 10**-DECIMALS degrees (about 10 m)."""


@dataclass(frozen=True)
class Snapshot:
    """One dated baseline: its metadata, control parts and line of contact (EPSG:4326)."""

    name: str
    meta: Mapping[str, Any]
    control: gpd.GeoDataFrame
    """Rows with ``party`` (RU, UA, contested), ``region`` and a polygonal geometry."""
    front: gpd.GeoSeries

    @property
    def date(self) -> str:
        """ISO date of the baseline."""
        return str(self.meta.get("date", ""))


def order(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """Snapshots by date, then by name."""
    return sorted(snapshots, key=lambda s: (s.date, s.name))


def _project(geoms: Any) -> np.ndarray[Any, Any]:
    return np.asarray(gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).values)


def _unproject(geoms: Any) -> np.ndarray[Any, Any]:
    return np.asarray(gpd.GeoSeries(geoms, crs=EQUAL_AREA_CRS).to_crs("EPSG:4326").values)


def _linework(regions: gpd.GeoDataFrame, snapshots: Sequence[Snapshot]) -> BaseGeometry:
    """Region borders and, for each date, the outline of each holder's whole territory,
    noded together on the data's grid (snap rounding: lines closer than the grid meet)."""
    lines = [shapely.boundary(shapely.union_all(regions.geometry.values))]
    lines += list(shapely.boundary(regions.geometry.values))
    for snap in snapshots:
        control = snap.control
        for party in ("RU", "contested"):
            held = control[control["party"] == party].geometry.values
            if len(held):
                lines.append(shapely.boundary(shapely.union_all(held)))
    return shapely.union_all(lines, grid_size=GRID)


def _holder_of(
    points: np.ndarray[Any, Any], regions: np.ndarray[Any, Any], control: gpd.GeoDataFrame
) -> np.ndarray[Any, Any]:
    """The holder code of the part each point is in. A point on no part (a face thinner than
    the grid) takes the nearest part of its own region; ``-`` if the date has none there."""
    codes = np.full(len(points), NO_DATA, dtype="<U1")
    if control.empty:
        return codes
    parts = control.geometry.values
    part_regions = control["region"].astype(str).to_numpy()
    party_codes = np.array([CODES.get(str(p), NO_DATA) for p in control["party"]], dtype="<U1")
    where, which = shapely.STRtree(parts).query(points, predicate="within")
    codes[where] = party_codes[which]
    found = np.zeros(len(points), dtype=bool)
    found[where] = True
    for lost in np.flatnonzero(~found):
        mine = np.flatnonzero(part_regions == regions[lost])
        if len(mine):
            nearest = mine[np.argmin(shapely.distance(parts[mine], points[lost]))]
            codes[lost] = party_codes[nearest]
    return codes


def atoms(regions: gpd.GeoDataFrame, snapshots: Sequence[Snapshot]) -> gpd.GeoDataFrame:
    """The planar partition of the regions by every date's control.

    Parameters
    ----------
    regions
        Regions with ``id`` and geometry (EPSG:4326); they must not overlap.
    snapshots
        The dates, in the order their characters take in the holder strings.

    Returns
    -------
    GeoDataFrame (EPSG:4326) with ``region``, ``holders`` (one character per snapshot) and
    ``km2`` (equal-area), one row per region and holder string, sorted by region and holders.
    """
    faces = np.asarray(
        shapely.get_parts(shapely.polygonize(shapely.get_parts(_linework(regions, snapshots))))
    )
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(regions.geometry.values)
    where, which = tree.query(points, predicate="within")
    region_of = np.full(len(faces), "", dtype=object)
    region_of[where] = regions["id"].to_numpy()[which]
    inside = region_of != ""
    faces, points, region_of = faces[inside], points[inside], region_of[inside]
    columns = [_holder_of(points, region_of, s.control) for s in snapshots]
    holders = (
        ["".join(chars) for chars in zip(*columns, strict=True)] if columns else [""] * len(faces)
    )
    table = pd.DataFrame(
        {"region": region_of, "holders": holders, "km2": shapely.area(_project(faces)) / 1e6}
    )
    table["face"] = np.arange(len(faces))
    rows = []
    for (region, held), group in table.groupby(["region", "holders"], sort=True):
        parts = faces[group["face"].to_numpy()]
        rows.append(
            {
                "region": region,
                "holders": held,
                "km2": float(group["km2"].sum()),
                "geometry": shapely.coverage_union_all(parts),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _rows(table: gpd.GeoDataFrame | pd.DataFrame) -> zip[tuple[str, str, float]]:
    regions = [str(r) for r in table["region"]]
    holders = [str(h) for h in table["holders"]]
    return zip(regions, holders, [float(k) for k in table["km2"]], strict=True)


def held(table: gpd.GeoDataFrame | pd.DataFrame, date: int) -> dict[str, dict[str, float]]:
    """km² per region and holder (``RU``, ``UA``, ``contested``) at the ``date``-th snapshot."""
    out: dict[str, dict[str, float]] = {}
    for region, holders, km2 in _rows(table):
        parts = out.setdefault(region, {})
        party = PARTY_OF.get(holders[date], NO_DATA)
        parts[party] = parts.get(party, 0.0) + km2
    return out


def changed(table: gpd.GeoDataFrame | pd.DataFrame, a: int, b: int) -> dict[tuple[str, str], float]:
    """km² that changed hands between the ``a``-th and ``b``-th snapshot, by (from, to)."""
    out: dict[tuple[str, str], float] = {}
    for _, holders, km2 in _rows(table):
        if holders[a] != holders[b]:
            key = (PARTY_OF.get(holders[a], NO_DATA), PARTY_OF.get(holders[b], NO_DATA))
            out[key] = out.get(key, 0.0) + km2
    return out


def _ring(coords: np.ndarray[Any, Any], scale: float) -> list[int]:
    """A ring or line as integers: the first point, then differences (x, y interleaved)."""
    ints = np.round(np.asarray(coords)[:, :2] * scale).astype(np.int64)
    keep = np.ones(len(ints), dtype=bool)
    keep[1:] = np.any(np.diff(ints, axis=0) != 0, axis=1)  # repeated points after rounding
    ints = ints[keep]
    deltas = np.vstack([ints[:1], np.diff(ints, axis=0)])
    return [int(v) for v in deltas.ravel()]


def encode(geom: BaseGeometry, decimals: int = DECIMALS) -> list[list[list[int]]]:
    """Polygons as lists of rings, lines as one-ring lists, each ring delta-encoded integers in
    units of 10**-decimals degrees; rings that collapse to fewer than 3 points are dropped."""
    scale = 10.0**decimals
    out: list[list[list[int]]] = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            rings = [part.exterior, *part.interiors]
            encoded = [_ring(np.asarray(r.coords), scale) for r in rings]
            encoded = [r for r in encoded if len(r) >= 8]  # a closed ring of 3+ points
            if encoded and len(encoded[0]) >= 8:
                out.append(encoded)
        elif part.geom_type == "LineString":
            line = _ring(np.asarray(part.coords), scale)
            if len(line) >= 4:
                out.append([line])
    return out


def simplified(geoms: gpd.GeoSeries, tolerance_m: float = TOLERANCE_M) -> np.ndarray[Any, Any]:
    """The drawing copy of polygons that tile an area: shared edges stay shared."""
    return _unproject(shapely.coverage_simplify(_project(geoms.values), tolerance_m))


def simplified_lines(geoms: Any, tolerance_m: float = TOLERANCE_M) -> np.ndarray[Any, Any]:
    """The drawing copy of lines."""
    return _unproject(shapely.simplify(_project(geoms), tolerance_m))


def _borders(shapes: np.ndarray[Any, Any], regions: Sequence[str]) -> BaseGeometry:
    """Region borders (each shared border once) from the drawing copy of the atoms."""
    by_region: dict[str, list[Any]] = {}
    for shape, region in zip(shapes, regions, strict=True):
        by_region.setdefault(region, []).append(shape)
    outlines = [shapely.boundary(shapely.coverage_union_all(s)) for s in by_region.values()]
    return shapely.line_merge(shapely.union_all(outlines))


def _places(places: pd.DataFrame, table: gpd.GeoDataFrame, regions: list[str]) -> list[list[Any]]:
    """Places inside atoms that change hands at some date: name, region index, population,
    atom index, lon, lat; most populous first."""
    varying = np.flatnonzero([len(set(h)) > 1 for h in table["holders"]])
    if not len(varying) or places.empty:
        return []
    points = shapely.points(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    tree = shapely.STRtree(table.geometry.values[varying])
    where, which = tree.query(points, predicate="within")
    rows: list[list[Any]] = []
    for p, a in zip(where, which, strict=True):
        atom = int(varying[a])
        region = str(table["region"].iloc[atom])
        rows.append(
            [
                str(places["name"].iloc[p]),
                regions.index(region),
                int(places["population"].iloc[p]),
                atom,
                round(float(places["lon"].iloc[p]), 3),
                round(float(places["lat"].iloc[p]), 3),
            ]
        )
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows


CONTEXT_TOLERANCE_M = 1000.0
"""Neighbours and seas are drawn under Ukraine's own areas: simplified more."""


def _context(context: gpd.GeoDataFrame | None, decimals: int) -> list[list[Any]]:
    """Neighbours, seas, reservoirs and rivers: [kind, encoded geometry]."""
    if context is None or context.empty:
        return []
    shapes = simplified_lines(context.geometry.values, CONTEXT_TOLERANCE_M)
    return [
        [str(kind), encode(shape, decimals)]
        for kind, shape in zip(context["kind"], shapes, strict=True)
    ]


def _labels(regions: gpd.GeoDataFrame) -> list[list[Any]]:
    """Each region's name at the centre of the largest circle inside it: [lon, lat, name]."""
    projected = _project(regions.geometry.values)
    points = _unproject(shapely.get_point(shapely.maximum_inscribed_circle(projected), 0))
    ids = regions["id"].tolist()
    names = [
        "Crimea" if i == "crimea" else str(n) for i, n in zip(ids, regions["name"], strict=True)
    ]
    return [
        [round(float(p.x), 3), round(float(p.y), 3), name]
        for p, name in zip(points, names, strict=True)
    ]


def _bounds(table: gpd.GeoDataFrame, pad: float = 0.3) -> list[float]:
    """Bounds (lon0, lat0, lon1, lat1) of the atoms not always Ukrainian-held, padded."""
    moving = table[[bool(set(h) - {CODES["UA"]}) for h in table["holders"]]]
    lon0, lat0, lon1, lat1 = (moving if not moving.empty else table).total_bounds
    corners = [float(lon0) - pad, float(lat0) - pad, float(lon1) + pad, float(lat1) + pad]
    return [round(c, 3) for c in corners]


def _date_info(snap: Snapshot, label: str) -> dict[str, Any]:
    meta = snap.meta
    return {
        "name": snap.name,
        "date": snap.date,
        "label": label,
        "title": str(meta.get("title", "")),
        "source": str(meta.get("source", "")),
        "licence": str(meta.get("licence", "")),
        "accuracy": str(meta.get("accuracy", "")),
        "approximate": bool(meta.get("approximate", True)),
    }


def _date_labels(snapshots: Sequence[Snapshot]) -> list[str]:
    """Each date, with the baseline's name where two baselines share a date."""
    dates = [s.date for s in snapshots]
    return [s.date if dates.count(s.date) == 1 else f"{s.date} ({s.name})" for s in snapshots]


def timeline_data(
    regions: gpd.GeoDataFrame,
    snapshots: Sequence[Snapshot],
    places: pd.DataFrame,
    context: gpd.GeoDataFrame | None = None,
    *,
    tolerance_m: float = TOLERANCE_M,
    decimals: int = DECIMALS,
) -> dict[str, Any]:
    """Everything a timeline page shows, as plain JSON-able data.

    Parameters
    ----------
    regions
        ``id``, ``name`` and geometry of every region.
    snapshots
        The baselines; they are put in date order.
    places
        Named places with ``name``, ``lon``, ``lat`` and ``population`` (the gazetteer).
    context
        Neighbours, seas, reservoirs and rivers with ``kind`` and geometry, drawn under the map.

    Returns
    -------
    ``dates`` (name, date, label, title, source, licence, accuracy, approximate), ``regions``
    ([id, name, km²]), ``atoms`` ([region index, holders, km², encoded polygons]), ``fronts``
    (encoded lines per date), ``borders`` (encoded lines), ``places`` (see ``_places``),
    ``parties`` (holder code -> party), ``precision`` (decimals, tolerance in metres),
    ``context`` ([kind, encoded]), ``labels`` ([lon, lat, region name]) and ``bounds`` (of
    the ground that changes hands).
    """
    snaps = order(snapshots)
    table = atoms(regions, snaps)
    ids = [str(i) for i in regions["id"]]
    names = dict(zip(ids, (str(n) for n in regions["name"]), strict=True))
    region_km2 = table.groupby("region")["km2"].sum()
    shapes = simplified(table.geometry, tolerance_m)
    atom_rows = [
        [ids.index(str(r)), str(h), round(float(k), 3), encode(s, decimals)]
        for r, h, k, s in zip(table["region"], table["holders"], table["km2"], shapes, strict=True)
    ]
    fronts = []
    for snap in snaps:
        line = shapely.union_all(simplified_lines(snap.front.values, tolerance_m))
        fronts.append(encode(line, decimals))
    return {
        "dates": [
            _date_info(s, label) for s, label in zip(snaps, _date_labels(snaps), strict=True)
        ],
        "regions": [[i, names[i], round(float(region_km2.get(i, 0.0)), 3)] for i in ids],
        "atoms": atom_rows,
        "fronts": fronts,
        "borders": encode(_borders(shapes, [str(r) for r in table["region"]]), decimals),
        "places": _places(places, table, ids),
        "parties": {code: party for code, party in PARTY_OF.items()},
        "precision": {"decimals": decimals, "tolerance_m": tolerance_m},
        "context": _context(context, decimals),
        "labels": _labels(regions),
        "bounds": _bounds(table),
    }
