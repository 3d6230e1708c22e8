"""Resolve a scenario against a baseline: who holds what, and what changes hands.

Pure geometry: no file or network I/O and no presentation. All work happens in an
equal-area projection; results are returned in EPSG:4326 with areas in km².
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from maps.figures import Figures, compute_figures
from maps.geo import EQUAL_AREA_CRS, LineSideError, left_side, line_zone, split_by_line
from maps.scenario import FreezeRule, Scenario, SplitRule, TransferRule, ZoneRule
from maps.scenario_io import Problem, ScenarioError

GRID_M = 1.0
"""Precision of resolved geometry in the equal-area projection (metres)."""
SLIVER_KM2 = 0.01
"""Parts smaller than this are artefacts of cutting, not territory, and are dropped."""
DEFAULT_STATUS = "de-facto"
SIDES_HINT = "name the two sides the line actually separates"


@dataclass
class Piece:
    """A part of one region held by one party with one status (projected geometry)."""

    party: str
    status: str
    geometry: BaseGeometry


@dataclass
class Resolution:
    """The outcome of a scenario: control, changes against the baseline, and figures."""

    scenario: Scenario
    baseline: dict[str, Any]
    control: gpd.GeoDataFrame
    changes: gpd.GeoDataFrame
    figures: Figures
    touched: list[str] = field(default_factory=list)

    def figures_frame(self) -> pd.DataFrame:
        """Per-region, per-party figures as a DataFrame (for notebooks)."""
        return pd.DataFrame(self.figures.regions)

    def _repr_html_(self) -> str:
        """Show the scenario map in Jupyter."""
        from maps.render.notebook import map_iframe

        return map_iframe(self)


@dataclass
class _State:
    """Mutable control per region while rules are applied."""

    regions: dict[str, BaseGeometry]
    pieces: dict[str, list[Piece]]
    contact_line: BaseGeometry


def resolve(
    scenario: Scenario,
    regions: gpd.GeoDataFrame,
    baseline: gpd.GeoDataFrame,
    contact_line: gpd.GeoDataFrame,
    cities: gpd.GeoDataFrame | None = None,
) -> Resolution:
    """Apply the scenario's rules, in order, to the baseline's control of each region.

    Parameters
    ----------
    scenario
        A loaded scenario (region names already normalised to ids, places to coordinates).
    regions, baseline, contact_line
        As returned by ``load_regions()``, ``load_baseline()`` and ``load_contact_line()``.
    cities
        As returned by ``load_cities()``; used to count people in territory changing hands.

    Returns
    -------
    Resolution with ``control`` (party, status, region, area_km2), ``changes`` (from, to,
    region, area_km2, population, cities) and ``figures``.
    """
    base = _baseline_pieces(regions, baseline)
    state = _State(
        regions=dict(zip(regions["id"], regions.to_crs(EQUAL_AREA_CRS).geometry, strict=True)),
        pieces={rid: list(pieces) for rid, pieces in base.items()},
        contact_line=shapely.union_all(contact_line.to_crs(EQUAL_AREA_CRS).geometry.values),
    )
    touched: list[str] = []
    for index, rule in enumerate(scenario.rules):
        for rid in _apply(rule, index, state, base):
            if rid not in touched:
                touched.append(rid)
    control = _control_frame(state.pieces, base)
    changes = _changes_frame(base, state.pieces, touched, cities)
    meta = dict(baseline.attrs.get("baseline", {}))
    figures = compute_figures(control, changes, regions)
    return Resolution(scenario, meta, control, changes, figures, touched)


def _baseline_pieces(
    regions: gpd.GeoDataFrame, baseline: gpd.GeoDataFrame
) -> dict[str, list[Piece]]:
    projected = baseline.to_crs(EQUAL_AREA_CRS)
    pieces: dict[str, list[Piece]] = {rid: [] for rid in regions["id"]}
    for party, rid, geom in zip(
        projected["party"], projected["region"], projected.geometry, strict=True
    ):
        pieces[rid].append(Piece(party, DEFAULT_STATUS, geom))
    return pieces


def _apply(rule: Any, index: int, state: _State, base: dict[str, list[Piece]]) -> list[str]:
    """Apply one rule; return the ids of the regions it changed."""
    if isinstance(rule, TransferRule):
        for rid in rule.regions:
            state.pieces[rid] = [Piece(rule.to, rule.status, state.regions[rid])]
        return list(rule.regions)
    if isinstance(rule, FreezeRule):
        for rid in rule.regions:
            state.pieces[rid] = list(base[rid])
        return list(rule.regions)
    if isinstance(rule, SplitRule):
        return _apply_split(rule, index, state)
    if isinstance(rule, ZoneRule):
        return _apply_zone(rule, index, state)
    raise TypeError(f"unsupported rule {type(rule).__name__}")


def _projected_line(points: list[tuple[float, float]]) -> LineString:
    line = gpd.GeoSeries([LineString(points)], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    return line.iloc[0]


def _apply_split(rule: SplitRule, index: int, state: _State) -> list[str]:
    rid = rule.split
    line = _projected_line(rule.line_points())
    (side_a, party_a), (side_b, party_b) = rule.sides()
    try:
        a_is_left = left_side(line, side_a)
    except LineSideError as exc:
        raise _rule_error(rule, index, str(exc), SIDES_HINT) from None
    left, right = split_by_line(state.regions[rid], line)
    if left.is_empty or right.is_empty or min(left.area, right.area) < SLIVER_KM2 * 1e6:
        raise _rule_error(
            rule,
            index,
            f"the line does not cross region {rid!r}",
            "check the points are [lon, lat] and the line runs across the region from edge to edge",
        )
    parts = {side_a: left if a_is_left else right, side_b: right if a_is_left else left}
    state.pieces[rid] = [
        Piece(party_a, rule.status, parts[side_a]),
        Piece(party_b, rule.status, parts[side_b]),
    ]
    return [rid]


def _apply_zone(rule: ZoneRule, index: int, state: _State) -> list[str]:
    zone, holder = _zone_geometry(rule, index, state)
    wanted = set(rule.regions) if rule.regions else set(state.regions)
    changed: list[str] = []
    for rid in sorted(wanted):
        if not state.regions[rid].intersects(zone):
            continue
        new: list[Piece] = []
        for piece in state.pieces[rid]:
            if holder is not None and piece.party != holder:
                new.append(piece)
                continue
            inside = piece.geometry.intersection(zone)
            if inside.area < SLIVER_KM2 * 1e6:
                new.append(piece)
                continue
            new.append(Piece(piece.party, piece.status, piece.geometry.difference(zone)))
            new.append(Piece(rule.to or piece.party, rule.zone, inside))
        state.pieces[rid] = new
        changed.append(rid)
    if not changed:
        raise _rule_error(rule, index, "the zone does not cover any of its regions", None)
    return changed


def _zone_geometry(rule: ZoneRule, index: int, state: _State) -> tuple[BaseGeometry, str | None]:
    """The zone's projected geometry and, for a one-sided contact-line zone, the holder it takes."""
    width = rule.width_km * 1000
    if rule.along == "contact-line":
        if rule.side == "both":
            return line_zone(state.contact_line, width), None
        return line_zone(state.contact_line, 2 * width), rule.side
    line = _projected_line(rule.line_points())
    if rule.side == "both":
        return line_zone(line, width), None
    try:
        is_left = left_side(line, rule.side)
    except LineSideError as exc:
        raise _rule_error(rule, index, str(exc), SIDES_HINT) from None
    return line_zone(line, width, "left" if is_left else "right"), None


def _rule_error(rule: Any, index: int, message: str, hint: str | None) -> ScenarioError:
    where = getattr(rule, "where", None)
    return ScenarioError([Problem(where, f"rule {index + 1}: {message}", hint)])


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Union pieces with the same party and status; snap, validate and drop slivers."""
    groups: dict[tuple[str, str], list[BaseGeometry]] = defaultdict(list)
    for piece in pieces:
        groups[(piece.party, piece.status)].append(piece.geometry)
    merged = []
    for (party, status), geoms in sorted(groups.items()):
        geom = _polygonal(shapely.set_precision(shapely.union_all(geoms), GRID_M))
        parts = [p for p in shapely.get_parts(geom) if p.area >= SLIVER_KM2 * 1e6]
        if parts:
            merged.append(Piece(party, status, shapely.union_all(parts)))
    return merged


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    geom = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _control_frame(
    pieces: dict[str, list[Piece]], base: dict[str, list[Piece]]
) -> gpd.GeoDataFrame:
    """One row per region, party and status; the baseline's own pieces need no merging."""
    rows = [
        {"region": rid, "party": p.party, "status": p.status, "geometry": p.geometry}
        for rid in sorted(pieces)
        for p in (pieces[rid] if _unchanged(base[rid], pieces[rid]) else _merge(pieces[rid]))
    ]
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA_CRS)
    gdf["area_km2"] = gdf.area / 1e6
    return gdf[["region", "party", "status", "area_km2", "geometry"]].to_crs("EPSG:4326")


def _changes_frame(
    base: dict[str, list[Piece]],
    final: dict[str, list[Piece]],
    touched: list[str],
    cities: gpd.GeoDataFrame | None,
) -> gpd.GeoDataFrame:
    rows = []
    for rid in sorted(touched):
        if _unchanged(base[rid], final[rid]):
            continue
        for before in _merge(base[rid]):
            for after in _merge(final[rid]):
                if before.party == after.party:
                    continue
                moved = _polygonal(before.geometry.intersection(after.geometry))
                if moved.area >= SLIVER_KM2 * 1e6:
                    rows.append(
                        {"region": rid, "from": before.party, "to": after.party, "geometry": moved}
                    )
    columns = ["region", "from", "to", "area_km2", "population", "cities", "geometry"]
    if not rows:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA_CRS)
    gdf = gdf.dissolve(by=["region", "from", "to"], as_index=False)
    gdf["area_km2"] = gdf.area / 1e6
    gdf = gdf.to_crs("EPSG:4326")
    gdf["cities"], gdf["population"] = _cities_inside(gdf, cities)
    return gdf[columns]


def _unchanged(before: list[Piece], after: list[Piece]) -> bool:
    """Whether a region's pieces are the baseline's own (e.g. after a freeze)."""
    return len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True))


def diff_control(
    before: gpd.GeoDataFrame, after: gpd.GeoDataFrame, cities: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Territory whose holder differs between two control layers (e.g. scenario A and B)."""

    def pieces(control: gpd.GeoDataFrame) -> dict[str, list[Piece]]:
        projected = control.to_crs(EQUAL_AREA_CRS)
        out: dict[str, list[Piece]] = defaultdict(list)
        for rid, party, status, geom in zip(
            projected["region"],
            projected["party"],
            projected["status"],
            projected.geometry,
            strict=True,
        ):
            out[rid].append(Piece(party, status, geom))
        return out

    old, new = pieces(before), pieces(after)
    return _changes_frame(old, new, sorted(set(old) | set(new)), cities)


def _cities_inside(
    changes: gpd.GeoDataFrame, cities: gpd.GeoDataFrame | None
) -> tuple[list[list[dict[str, Any]]], list[int]]:
    """Per change: the cities inside it (name, population) largest first, and their total."""
    if cities is None or cities.empty:
        return [[] for _ in range(len(changes))], [0] * len(changes)
    ukrainian = cities[cities["country"] == "UA"]
    hits = gpd.sjoin(ukrainian, changes[["geometry"]], predicate="within", how="inner")
    listed: list[list[dict[str, Any]]] = []
    totals: list[int] = []
    for i in range(len(changes)):
        inside = hits[hits["index_right"] == changes.index[i]]
        inside = inside.sort_values("population", ascending=False)
        pops = pd.to_numeric(inside["population"], errors="coerce").fillna(0).astype(int)
        listed.append(
            [{"name": n, "population": int(p)} for n, p in zip(inside["name"], pops, strict=True)]
        )
        totals.append(int(pops.sum()))
    return listed, totals
