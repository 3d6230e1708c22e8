"""Resolve a scenario against a baseline: who holds what, and what changes hands.

Pure geometry: no file or network I/O and no presentation. All work happens in an
equal-area projection; results are returned in EPSG:4326 with areas in km².

How it stays fast and exact with many rules:

* A region's control is one geometry per (party, status) key, so a region has at most as
  many pieces as there are distinct keys, however many rules there are.
* Zones are not cut one rule at a time. The zones queued in a region that are buffers of
  the same line and side (any number of zones along the contact line, say) are applied
  together: their distinct widths cut the region into bands along the line, each zone covers
  the bands up to its width, so where each band's land ends up is worked out with labels
  alone, and each piece is then cut once per key it gives land to. The work follows the
  number of distinct outcomes, not the number of rules. A transfer, freeze or split of a
  region drops the zones queued there (it overrides them).
* Every cut is a fixed-precision overlay on a 1 cm grid (``grid_size``) that takes land out
  of what is left of a piece, so a piece's parts are exact complements: pieces never overlap
  or leave gaps. Slivers are not dropped but given to the neighbour they share most border
  with. The baseline's pieces are first fitted to tile their region (the largest takes what
  the others leave), so every region's pieces add up to its area.
* Lines are projected, zones buffered and splits cut once per distinct line, width and side
  within one resolve, and an R-tree finds the regions a zone reaches.
* Zones alternating in more than :data:`MAX_STRETCHES` bands are refused with one error:
  such a map is unreadable and its outline alone grows with every band.
* Long edges are cut to :data:`EDGE_M` before results are reprojected to longitude/latitude,
  where an edge straight in the projection is curved.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from maps.errors import Problem, ScenarioError
from maps.figures import Figures, compute_figures
from maps.geo import (
    EQUAL_AREA_CRS,
    SLIVER_KM2,
    LineSideError,
    left_side,
    line_zone,
    split_by_line,
)
from maps.scenario import FreezeRule, Scenario, SplitRule, TransferRule, ZoneRule

GRID_M = 0.01
"""Precision of resolved geometry in the equal-area projection (metres). Parts smaller than
:data:`maps.geo.SLIVER_KM2` are artefacts of cutting, not territory: a zone leaves them where
they are, and the result shows them as part of the neighbour they share most border with."""
MAX_STRETCHES = 100
"""Most separate stretches that zones along one line may cut a piece into (a safety net: a
real proposal has a handful; every stretch costs an outline of the whole line)."""
EDGE_M = 1000.0
"""Longest edge of resolved geometry when it is reprojected to longitude/latitude (metres)."""
DEFAULT_STATUS = "de-facto"
SIDES_HINT = "name the two sides the line actually separates"

Key = tuple[str, str]
"""(party, status)."""
Pieces = dict[Key, BaseGeometry]
"""A region's control: one projected geometry per (party, status), pairwise disjoint."""
Family = tuple[str | tuple[tuple[float, float], ...], str]
"""The line a zone is buffered on (``contact-line`` or its points) and the side (both, left,
right): the zones of one family are nested, the wider containing the narrower."""
T = TypeVar("T")


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

    def __repr__(self) -> str:
        held = ", ".join(
            f"{r['party']} {r['area_km2']:,.0f} km² ({r['share']:.1f}%)"
            for r in self.figures.parties
        )
        return (
            f"<Resolution {self.scenario.id!r} against {self.scenario.baseline}: {held}; "
            f"{len(self.figures.changes)} change(s) of hands>"
        )


@dataclass(frozen=True)
class _Zone:
    """A zone rule as queued in a region: its reach from its line (m) and its effect."""

    radius: float
    holder: str | None
    """Only this party's land is taken (one-sided contact-line zones); None: anyone's."""
    to: str | None
    kind: str
    index: int
    rule: ZoneRule


@dataclass
class _Run:
    """Zones queued in one region, in rule order, all buffered on the same line and side."""

    family: Family
    zones: list[_Zone] = field(default_factory=list)


@dataclass
class _State:
    """Control per region while rules are applied, and what one resolve can reuse."""

    regions: dict[str, BaseGeometry]
    base: dict[str, Pieces]
    pieces: dict[str, Pieces]
    contact_line: BaseGeometry
    index: shapely.STRtree
    pending: dict[str, _Run] = field(default_factory=dict)
    cache: dict[Hashable, Any] = field(default_factory=dict)

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed at most once per key within this resolve."""
        if key not in self.cache:
            self.cache[key] = make()
        value: T = self.cache[key]
        return value

    def replace(self, rid: str, pieces: Pieces) -> None:
        """Set a region's control outright: zones queued there no longer matter."""
        self.pending.pop(rid, None)
        self.pieces[rid] = pieces


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
    state = _initial_state(regions, baseline, contact_line)
    touched: dict[str, None] = {}
    for index, rule in enumerate(scenario.rules):
        touched.update(dict.fromkeys(_apply(rule, index, state)))
    for rid in list(state.pending):
        _flush(state, rid)
    final = {
        rid: pieces if _unchanged(state.base[rid], pieces) else _clean(pieces)
        for rid, pieces in state.pieces.items()
    }
    control = _control_frame(final)
    changes = _changes_frame(state.base, final, list(touched), cities)
    meta = dict(baseline.attrs.get("baseline", {}))
    figures = compute_figures(control, changes, regions)
    return Resolution(scenario, meta, control, changes, figures, list(touched))


def _initial_state(
    regions: gpd.GeoDataFrame, baseline: gpd.GeoDataFrame, contact_line: gpd.GeoDataFrame
) -> _State:
    projected = regions.to_crs(EQUAL_AREA_CRS)
    shapes = shapely.set_precision(projected.geometry.values, GRID_M)
    by_id = dict(zip(projected["id"], shapes, strict=True))
    base = _baseline_pieces(by_id, baseline)
    return _State(
        regions=by_id,
        base=base,
        pieces=dict(base),
        contact_line=shapely.union_all(contact_line.to_crs(EQUAL_AREA_CRS).geometry.values),
        index=shapely.STRtree(shapes),
    )


def _baseline_pieces(
    regions: dict[str, BaseGeometry], baseline: gpd.GeoDataFrame
) -> dict[str, Pieces]:
    """The baseline's control of each region, fitted to tile the region exactly."""
    projected = baseline.to_crs(EQUAL_AREA_CRS)
    groups: dict[str, dict[Key, list[BaseGeometry]]] = {rid: defaultdict(list) for rid in regions}
    for party, rid, geom in zip(
        projected["party"], projected["region"], projected.geometry, strict=True
    ):
        groups[rid][(party, DEFAULT_STATUS)].append(geom)
    return {rid: _tile(regions[rid], keyed) for rid, keyed in groups.items()}


def _tile(region: BaseGeometry, keyed: dict[Key, list[BaseGeometry]]) -> Pieces:
    """Clip each key's parts to the region and to what smaller keys left; the largest key
    takes the rest, so the pieces are disjoint and add up to the region."""
    if len(keyed) == 1:
        return {next(iter(keyed)): region}
    merged = {key: shapely.union_all(parts) for key, parts in keyed.items()}
    order = sorted(merged, key=lambda key: (merged[key].area, key))
    pieces: Pieces = {}
    rest = region
    for key in order[:-1]:
        piece = _without_slivers(_overlay(shapely.intersection, rest, merged[key]))
        if not piece.is_empty:
            pieces[key] = piece
            rest = _overlay(shapely.difference, rest, piece)
    if order:
        pieces[order[-1]] = rest
    return pieces


def _apply(rule: Any, index: int, state: _State) -> list[str]:
    """Apply one rule; return the ids of the regions it changed."""
    if isinstance(rule, TransferRule):
        for rid in rule.regions:
            state.replace(rid, {(rule.to, rule.status): state.regions[rid]})
        return list(rule.regions)
    if isinstance(rule, FreezeRule):
        for rid in rule.regions:
            state.replace(rid, state.base[rid])
        return list(rule.regions)
    if isinstance(rule, SplitRule):
        return _apply_split(rule, index, state)
    if isinstance(rule, ZoneRule):
        return _apply_zone(rule, index, state)
    raise TypeError(f"unsupported rule {type(rule).__name__}")


def _projected_line(state: _State, points: tuple[tuple[float, float], ...]) -> LineString:
    """A line of (lon, lat) points in the equal-area projection (once per distinct line)."""

    def project() -> LineString:
        line = gpd.GeoSeries([LineString(points)], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
        return cast(LineString, line.iloc[0])

    return state.once(("line", points), project)


def _apply_split(rule: SplitRule, index: int, state: _State) -> list[str]:
    rid = rule.split
    points = tuple(rule.line_points())
    line = _projected_line(state, points)
    (side_a, party_a), (_, party_b) = rule.sides()
    try:
        a_is_left = left_side(line, side_a)
    except LineSideError as exc:
        raise _rule_error(rule, index, str(exc), SIDES_HINT) from None
    left, right = state.once(("split", rid, points), lambda: _halves(state.regions[rid], line))
    if left.is_empty or right.is_empty or min(left.area, right.area) < SLIVER_KM2 * 1e6:
        raise _rule_error(
            rule,
            index,
            f"the line does not cross region {rid!r}",
            "check the points are [lon, lat] and the line runs across the region from edge to edge",
        )
    part_a, part_b = (left, right) if a_is_left else (right, left)
    state.replace(rid, {(party_a, rule.status): part_a, (party_b, rule.status): part_b})
    return [rid]


def _halves(region: BaseGeometry, line: LineString) -> tuple[BaseGeometry, BaseGeometry]:
    """The region's parts left and right of the line, on the grid and exact complements."""
    left, right = split_by_line(region, line)
    if left.is_empty or right.is_empty:
        return left, right
    left = _overlay(shapely.intersection, region, left)
    return left, _overlay(shapely.difference, region, left)


def _apply_zone(rule: ZoneRule, index: int, state: _State) -> list[str]:
    """Queue the zone in each region it reaches; see :func:`_flush` for how it is applied."""
    family, zone = _zone_of(rule, index, state)
    ids = list(state.regions)
    area = _reach(state, family, zone.radius)
    reached = {ids[i] for i in state.index.query(area, predicate="intersects")}
    changed = sorted(reached & set(rule.regions) if rule.regions else reached)
    if not changed:
        raise _rule_error(rule, index, "the zone does not cover any of its regions", None)
    for rid in changed:
        if rid in state.pending and state.pending[rid].family != family:
            _flush(state, rid)
        state.pending.setdefault(rid, _Run(family)).zones.append(zone)
    return changed


def _zone_of(rule: ZoneRule, index: int, state: _State) -> tuple[Family, _Zone]:
    """The zone's family (the line and side it is buffered on) and its reach and effect."""
    width = rule.width_km * 1000
    if rule.along == "contact-line":
        holder = None if rule.side == "both" else rule.side
        radius = width / 2 if holder is None else width
        return ("contact-line", "both"), _Zone(radius, holder, rule.to, rule.zone, index, rule)
    points = tuple(rule.line_points())
    if rule.side == "both":
        return (points, "both"), _Zone(width / 2, None, rule.to, rule.zone, index, rule)
    try:
        is_left = left_side(_projected_line(state, points), rule.side)
    except LineSideError as exc:
        raise _rule_error(rule, index, str(exc), SIDES_HINT) from None
    side = "left" if is_left else "right"
    return (points, side), _Zone(width, None, rule.to, rule.zone, index, rule)


def _flush(state: _State, rid: str) -> None:
    """Apply the region's queued zones, all buffers of one line, at once.

    The zones' distinct reaches cut the region into bands along the line; every zone covers
    the bands up to its reach, so the zones' effect on a piece is worked out per band with
    labels alone, and each piece is then cut once per key it gives land to.
    """
    run = state.pending.pop(rid, None)
    if run is None:
        return
    radii = sorted({zone.radius for zone in run.zones})
    targets = {key: _band_targets(key, run.zones, radii) for key in state.pieces[rid]}
    _check_detail(run, targets)
    parts: dict[Key, list[BaseGeometry]] = defaultdict(list)
    for key, piece in state.pieces[rid].items():
        for target, bands in targets[key].items():
            if target == key:
                continue
            area = _band_area(state, run.family, radii, bands)
            moved = _without_slivers(_overlay(shapely.intersection, piece, area))
            if not moved.is_empty:
                parts[target].append(moved)
                piece = _overlay(shapely.difference, piece, moved)
        parts[key].append(piece)
    merged = {key: _union(geoms) for key, geoms in parts.items()}
    state.pieces[rid] = {key: geom for key, geom in merged.items() if not geom.is_empty}


def _band_targets(key: Key, zones: list[_Zone], radii: list[float]) -> dict[Key, list[int]]:
    """Where land of ``key`` ends up after the zones: the bands (indices into ``radii``,
    band i reaching from ``radii[i - 1]`` to ``radii[i]``) that go to each key."""
    names: dict[str, int] = {}
    party = np.full(len(radii), names.setdefault(key[0], len(names)))
    status = np.full(len(radii), names.setdefault(key[1], len(names)))
    for zone in zones:
        covered = bisect.bisect_left(radii, zone.radius) + 1
        taken = np.ones(covered, dtype=bool)
        if zone.holder is not None:
            taken = party[:covered] == names.setdefault(zone.holder, len(names))
        status[:covered][taken] = names.setdefault(zone.kind, len(names))
        if zone.to is not None:
            party[:covered][taken] = names.setdefault(zone.to, len(names))
    words = list(names)
    targets: dict[Key, list[int]] = defaultdict(list)
    for band, (p, s) in enumerate(zip(party.tolist(), status.tolist(), strict=True)):
        targets[(words[p], words[s])].append(band)
    return targets


def _check_detail(run: _Run, targets: dict[Key, dict[Key, list[int]]]) -> None:
    """Refuse zones that would cut a piece into more than :data:`MAX_STRETCHES` stretches."""
    for key, bands in targets.items():
        stretches = sum(
            1 + int(np.count_nonzero(np.diff(indices) > 1))
            for target, indices in bands.items()
            if target != key
        )
        if stretches > MAX_STRETCHES:
            last = run.zones[-1]
            raise _rule_error(
                last.rule,
                last.index,
                f"with the zones before it along the same line, it makes more than "
                f"{MAX_STRETCHES} alternating bands: a map that detailed cannot be read",
                "merge neighbouring zones of the same kind, or use fewer widths",
            )


def _reach(state: _State, family: Family, radius: float) -> BaseGeometry:
    """The zone of a family at a reach of ``radius`` metres from its line."""
    line, side = family

    def buffer() -> BaseGeometry:
        along = state.contact_line if isinstance(line, str) else _projected_line(state, line)
        return line_zone(along, 2 * radius) if side == "both" else line_zone(along, radius, side)

    return state.once(("reach", family, radius), buffer)


def _band_area(state: _State, family: Family, radii: list[float], bands: list[int]) -> BaseGeometry:
    """The union of some bands of a family: one ring per stretch of consecutive bands."""
    rings: list[tuple[float | None, float]] = []
    for band in bands:
        if rings and rings[-1][1] == radii[band - 1]:
            rings[-1] = (rings[-1][0], radii[band])
        else:
            rings.append((radii[band - 1] if band else None, radii[band]))

    def ring(inner: float | None, outer: float) -> BaseGeometry:
        area = _reach(state, family, outer)
        if inner is None:
            return area
        return _overlay(shapely.difference, area, _reach(state, family, inner))

    return state.once(
        ("bands", family, tuple(rings)), lambda: _disjoint_union([ring(*r) for r in rings])
    )


def _union(geoms: list[BaseGeometry]) -> BaseGeometry:
    """The union of polygonal geometries, on the grid."""
    if len(geoms) == 1:
        return geoms[0]
    return _areal(shapely.get_parts(shapely.union_all(geoms, grid_size=GRID_M)))


def _disjoint_union(geoms: list[BaseGeometry]) -> BaseGeometry:
    """The union of polygonal geometries that neither overlap nor touch, without overlaying."""
    together = _areal(geoms)
    return together if together.is_valid else _union(geoms)


def _rule_error(rule: Any, index: int, message: str, hint: str | None) -> ScenarioError:
    where = getattr(rule, "where", None)
    return ScenarioError([Problem(where, f"rule {index + 1}: {message}", hint)])


def _without_slivers(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of an overlay's result of at least :data:`SLIVER_KM2`, as one geometry."""
    parts = shapely.get_parts(geom)
    keep = parts[shapely.area(parts) >= SLIVER_KM2 * 1e6]
    if len(keep) == len(parts) and geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    return _areal(keep)


def _areal(parts: Iterable[BaseGeometry]) -> BaseGeometry:
    """The disjoint polygons among some parts (e.g. of one overlay's result) as one geometry."""
    polygons: list[BaseGeometry] = [
        q for p in parts for q in shapely.get_parts(p) if q.geom_type == "Polygon"
    ]
    if len(polygons) == 1:
        return polygons[0]
    return cast(BaseGeometry, shapely.multipolygons(polygons)) if polygons else shapely.Polygon()


def _overlay(op: Callable[..., Any], a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """A fixed-precision overlay on the grid, without the lines and points it can collapse to."""
    geom: BaseGeometry = op(a, b, grid_size=GRID_M)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    return _areal(shapely.get_parts(geom))


def _clean(pieces: Pieces) -> Pieces:
    """Pieces without sliver parts, in key order: each sliver goes to the piece it shares the
    longest border with, so the region keeps its area."""
    kept: Pieces = {}
    slivers: list[BaseGeometry] = []
    for key in sorted(pieces):
        parts = shapely.get_parts(pieces[key])
        small = shapely.area(parts) < SLIVER_KM2 * 1e6
        slivers.extend(parts[small])
        if not small.all():
            kept[key] = pieces[key] if not small.any() else _areal(parts[~small])
    if not kept:
        return {key: pieces[key] for key in sorted(pieces)}
    gifts: dict[Key, list[BaseGeometry]] = defaultdict(list)
    for sliver in slivers:
        gifts[_neighbour(sliver, kept)].append(sliver)
    return {key: _merge_into(geom, gifts[key]) for key, geom in kept.items()}


def _merge_into(geom: BaseGeometry, small: list[BaseGeometry]) -> BaseGeometry:
    """``geom`` with some small polygons merged in; only the parts they touch are overlaid."""
    if not small:
        return geom
    parts = shapely.get_parts(geom)
    near = np.unique(shapely.STRtree(parts).query(small, predicate="intersects")[1])
    merged = shapely.union_all([*parts[near], *small], grid_size=GRID_M)
    return _areal([*np.delete(parts, near), merged])


def _neighbour(sliver: BaseGeometry, pieces: Pieces) -> Key:
    """The piece sharing the longest border with ``sliver``."""
    edge = shapely.boundary(sliver)
    return max(pieces, key=lambda key: shapely.length(shapely.intersection(edge, pieces[key])))


def _unchanged(before: Pieces, after: Pieces) -> bool:
    """Whether a region's pieces are the baseline's own (e.g. after a freeze)."""
    return before.keys() == after.keys() and all(after[k] is before[k] for k in before)


def _control_frame(pieces: dict[str, Pieces]) -> gpd.GeoDataFrame:
    """One row per region, party and status."""
    rows = [
        {"region": rid, "party": party, "status": status, "geometry": geom}
        for rid in sorted(pieces)
        for (party, status), geom in pieces[rid].items()
    ]
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA_CRS)
    gdf["area_km2"] = gdf.area / 1e6
    return _in_degrees(gdf[["region", "party", "status", "area_km2", "geometry"]])


def _in_degrees(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reprojected to EPSG:4326, still valid there.

    An edge straight in the projection is curved in longitude/latitude (by metres over
    10 km), so long edges are first cut to :data:`EDGE_M`; a piece that still crosses itself
    is repaired.
    """
    out = gdf.set_geometry(shapely.segmentize(gdf.geometry.values, EDGE_M)).to_crs("EPSG:4326")
    broken = ~out.is_valid
    if broken.any():
        repaired = [_areal(shapely.get_parts(shapely.make_valid(g))) for g in out.geometry[broken]]
        out.loc[broken, "geometry"] = gpd.GeoSeries(repaired, index=out.index[broken], crs=out.crs)
    return out


def _by_party(pieces: Pieces) -> dict[str, BaseGeometry]:
    """A region's land per party, whatever its status."""
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for (party, _), geom in pieces.items():
        groups[party].append(geom)
    return {party: _union(geoms) for party, geoms in sorted(groups.items())}


def _changes_frame(
    before: dict[str, Pieces],
    after: dict[str, Pieces],
    regions: Iterable[str],
    cities: gpd.GeoDataFrame | None,
) -> gpd.GeoDataFrame:
    """Per region, the land each party held before and another holds after."""
    rows = []
    for rid in sorted(regions):
        if _unchanged(before[rid], after[rid]):
            continue
        held = _by_party(before[rid])
        for (target, _), now in after[rid].items():
            for source, then in held.items():
                if source == target:
                    continue
                moved = _overlay(shapely.intersection, then, now)
                if moved.area >= SLIVER_KM2 * 1e6:
                    rows.append({"region": rid, "from": source, "to": target, "geometry": moved})
    columns = ["region", "from", "to", "area_km2", "population", "cities", "geometry"]
    if not rows:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA_CRS)
    gdf = gdf.dissolve(by=["region", "from", "to"], as_index=False)
    gdf["area_km2"] = gdf.area / 1e6
    gdf = _in_degrees(gdf)
    listed, totals = _cities_inside(gdf, cities)
    gdf["cities"] = pd.Series(listed, index=gdf.index, dtype=object)
    gdf["population"] = totals
    return gdf[columns]


def diff_control(
    before: gpd.GeoDataFrame, after: gpd.GeoDataFrame, cities: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Territory whose holder differs between two control layers (e.g. scenario A and B)."""

    def pieces(control: gpd.GeoDataFrame) -> dict[str, Pieces]:
        projected = control.to_crs(EQUAL_AREA_CRS)
        groups: dict[str, dict[Key, list[BaseGeometry]]] = defaultdict(lambda: defaultdict(list))
        for rid, party, status, geom in zip(
            projected["region"],
            projected["party"],
            projected["status"],
            projected.geometry,
            strict=True,
        ):
            groups[rid][(party, status)].append(geom)
        return {
            rid: {key: shapely.union_all(geoms) for key, geoms in keyed.items()}
            for rid, keyed in groups.items()
        }

    old, new = pieces(before), pieces(after)
    regions = sorted(set(old) | set(new))
    return _changes_frame(
        {rid: old.get(rid, {}) for rid in regions},
        {rid: new.get(rid, {}) for rid in regions},
        regions,
        cities,
    )


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
