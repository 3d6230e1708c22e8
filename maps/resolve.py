"""Resolve a scenario against a baseline: who administers what, under which sovereignty,
recognition and regime, and what changes hands.

Pure geometry: no file or network I/O and no presentation. All work happens in an
equal-area projection; results are returned in EPSG:4326 with areas in km².

How it stays fast and exact with many rules:

* A region's control is one geometry per distinct set of attributes
  (:class:`maps.attributes.Attrs`), so a region has at most as many pieces as there are
  distinct outcomes, however many rules there are. Every piece remembers who held it at the
  baseline, so ``held_by:``, ``freeze:`` and a whole-region rule are label changes, not cuts,
  and what changes hands is read off the labels.
* Zones are not cut one rule at a time. The zones queued in a region that are buffers of
  the same line and side (any number of zones along the contact line, say) are applied
  together: their distinct widths cut the region into bands along the line, each zone covers
  the bands up to its width, so where each band's land ends up is worked out with labels
  alone, and each piece is then cut once per outcome it gives land to. The work follows the
  number of distinct outcomes, not the number of rules. Any other rule on a region first
  applies the zones queued there.
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
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from maps.attributes import Attrs, effect, join_ids
from maps.diagnose import diagnose
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
from maps.people import Headcount, Population, headcount
from maps.scenario import Area, AreaRule, Scenario, SplitRule

GRID_M = 0.01
"""Precision of resolved geometry in the equal-area projection (metres). Parts smaller than
:data:`maps.geo.SLIVER_KM2` are artefacts of cutting, not territory: a zone leaves them where
they are, and the result shows them as part of the neighbour they share most border with."""
MAX_STRETCHES = 100
"""Most separate stretches that zones along one line may cut a piece into (a safety net: a
real proposal has a handful; every stretch costs an outline of the whole line)."""
EDGE_M = 1000.0
"""Longest edge of resolved geometry when it is reprojected to longitude/latitude (metres)."""
SIDES_HINT = "name the two sides the line actually separates"

Key = Attrs
Pieces = dict[Key, BaseGeometry]
"""A region's control: one projected geometry per set of attributes, pairwise disjoint."""
Shape = BaseGeometry | tuple[Any, ...] | None
"""Where a rule applied in a region: None (wherever its label condition holds), a band
``("band", family, radius)`` or a projected geometry."""
Family = tuple[str | tuple[tuple[float, float], ...], str]
"""The line a zone is buffered on (``contact-line`` or its points) and the side (both, left,
right): the zones of one family are nested, the wider containing the narrower."""
T = TypeVar("T")


@dataclass
class Resolution:
    """The outcome of a scenario: control, changes against the baseline, sites and figures."""

    scenario: Scenario
    baseline: dict[str, Any]
    control: gpd.GeoDataFrame
    changes: gpd.GeoDataFrame
    figures: Figures
    touched: list[str] = field(default_factory=list)
    sites: gpd.GeoDataFrame | None = None
    warnings: list[Problem] = field(default_factory=list)
    """Rules with no effect or overridden by later ones, as positioned problems."""

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


Transform = Callable[[Attrs], Attrs]


@dataclass(frozen=True)
class _Zone:
    """A strip rule as queued in a region: its reach from its line (m) and its effect."""

    radius: float
    """Reach from the line in metres; infinite for a whole-region change queued behind zones."""
    held: str | None
    """Only land this party held at the baseline is taken; None: anyone's."""
    transform: Transform
    index: int
    rule: Any


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
    features: dict[str, BaseGeometry] = field(default_factory=dict)
    others: dict[str, dict[str, Pieces]] = field(default_factory=dict)
    """Other baselines' control by region, for ``as_of:`` selectors."""
    pending: dict[str, _Run] = field(default_factory=dict)
    cache: dict[Hashable, Any] = field(default_factory=dict)
    changed: set[int] = field(default_factory=set)
    """Indices of the rules that changed something."""
    footprints: dict[int, list[tuple[str, str | None, Shape]]] = field(default_factory=dict)
    """Per rule: (region, held condition, shape) where it applied."""

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed at most once per key within this resolve."""
        if key not in self.cache:
            self.cache[key] = make()
        value: T = self.cache[key]
        return value


def resolve(
    scenario: Scenario,
    regions: gpd.GeoDataFrame,
    baseline: gpd.GeoDataFrame,
    contact_line: gpd.GeoDataFrame,
    cities: Population | gpd.GeoDataFrame | None = None,
    features: gpd.GeoDataFrame | None = None,
    others: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> Resolution:
    """Apply the scenario's rules, in order, to the baseline's control of each region.

    Parameters
    ----------
    scenario
        A loaded scenario (region names already normalised to ids, places to coordinates).
    regions, baseline, contact_line
        As returned by ``load_regions()``, ``load_baseline()`` and ``load_contact_line()``.
    cities
        The settlements and official totals to count people with (``load_population()``), or
        a frame of places such as ``load_cities()`` (settlements only).
    features
        As returned by ``load_features()``: the named lines, areas and sites rules refer to.
    others
        Other baselines by name (``load_baseline(name)``), for ``as_of:`` selectors.

    Returns
    -------
    Resolution with ``control`` (region, held, party, sovereign, recognition, recognised_as,
    recognised_by, regime, no_forces, area_km2, population in its cities), ``changes``
    (from, to, region, area_km2, population, cities), ``sites``, ``figures`` and
    ``warnings``.
    """
    state = _initial_state(regions, baseline, contact_line, features)
    for name, other in (others or {}).items():
        state.others[name] = _baseline_pieces(state.regions, other)
    touched: dict[str, None] = {}
    for index, rule in enumerate(scenario.rules):
        touched.update(dict.fromkeys(_apply(rule, index, state)))
    for rid in list(state.pending):
        _flush(state, rid)
    final = {
        rid: pieces if _unchanged(state.base[rid], pieces) else _clean(pieces)
        for rid, pieces in state.pieces.items()
    }
    people = as_population(cities)
    control = _control_frame(final, people, state.regions)
    changes = _changes_frame(_moved(final), people, state.regions)
    meta = dict(baseline.attrs.get("baseline", {}))
    sites = _sites_frame(scenario, features)
    figures = compute_figures(control, changes, regions, sites)
    warnings = diagnose(scenario, state.changed, state.footprints)
    return Resolution(scenario, meta, control, changes, figures, list(touched), sites, warnings)


def _initial_state(
    regions: gpd.GeoDataFrame,
    baseline: gpd.GeoDataFrame,
    contact_line: gpd.GeoDataFrame,
    features: gpd.GeoDataFrame | None,
) -> _State:
    projected = regions.to_crs(EQUAL_AREA_CRS)
    shapes = shapely.set_precision(projected.geometry.values, GRID_M)
    by_id = dict(zip(projected["id"], shapes, strict=True))
    base = _baseline_pieces(by_id, baseline)
    named: dict[str, BaseGeometry] = {}
    if features is not None and not features.empty:
        named = dict(zip(features["id"], features.to_crs(EQUAL_AREA_CRS).geometry, strict=True))
    return _State(
        regions=by_id,
        base=base,
        pieces=dict(base),
        contact_line=shapely.union_all(contact_line.to_crs(EQUAL_AREA_CRS).geometry.values),
        index=shapely.STRtree(shapes),
        features=named,
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
        groups[rid][Attrs.baseline(party)].append(geom)
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
    """Apply one rule; return the ids of the regions it reaches."""
    if isinstance(rule, SplitRule):
        return _apply_split(rule, index, state)
    if isinstance(rule, AreaRule):
        return _apply_area(rule, index, state)
    raise TypeError(f"unsupported rule {type(rule).__name__}")


def _apply_area(rule: AreaRule, index: int, state: _State) -> list[str]:
    """Select land as the rule says and set its attributes there."""
    transform = _transform(rule)
    if _is_strip(rule):
        return _queue_zone(rule, index, state, transform)
    ids = rule.regions or list(state.regions)
    geometric = _is_geometric(rule)
    held = rule.held_by if rule.as_of is None else None
    reached = []
    for rid in ids:
        shape: BaseGeometry | None = None
        if geometric:
            shape = _selection(rule, rid, state, index, top=True)
            if shape.is_empty or shape.area < SLIVER_KM2 * 1e6:
                continue
        reached.append(rid)
        _set(state, rid, index, held, shape, transform, rule)
    return reached


def _transform(rule: AreaRule) -> Transform:
    """The rule's effect on a piece's attributes, memoised per distinct input."""
    memo: dict[Attrs, Attrs] = {}

    def apply(attrs: Attrs) -> Attrs:
        if attrs not in memo:
            memo[attrs] = effect(rule, attrs)
        return memo[attrs]

    return apply


def _is_strip(rule: Area) -> bool:
    """A strip along a line and nothing geometric besides (queued as bands)."""
    return rule.along is not None and not _is_geometric(rule, strip=False)


def _is_geometric(sel: Area, strip: bool = True) -> bool:
    """Whether selecting needs a cut (not only whole regions and baseline holders)."""
    return bool(
        sel.as_of is not None
        or sel.sides_of()
        or sel.polygon is not None
        or sel.any
        or sel.except_ is not None
        or (strip and sel.along is not None)
    )


def _set(
    state: _State,
    rid: str,
    index: int,
    held: str | None,
    shape: BaseGeometry | None,
    transform: Transform,
    rule: Any = None,
) -> None:
    """Set attributes in a region: where ``shape`` covers (everywhere when None), on land
    held at the baseline by ``held`` (anyone's when None).

    A whole-region change while zones are queued there joins the queue as a zone of
    unlimited reach (a label change on every band), so no cut is made for it.
    """
    if held is not None and all(key.held != held for key in state.pieces[rid]):
        return
    state.footprints.setdefault(index, []).append((rid, held, shape))
    if shape is None and rid in state.pending:
        state.pending[rid].zones.append(_Zone(math.inf, held, transform, index, rule))
        return
    _flush(state, rid)
    parts: dict[Key, list[BaseGeometry]] = defaultdict(list)
    for key, piece in state.pieces[rid].items():
        target = transform(key) if held is None or key.held == held else key
        if target == key:
            parts[key].append(piece)
            continue
        if shape is None:
            parts[target].append(piece)
            state.changed.add(index)
            continue
        moved = _without_slivers(_overlay(shapely.intersection, piece, shape))
        if moved.is_empty:
            parts[key].append(piece)
            continue
        state.changed.add(index)
        parts[target].append(moved)
        parts[key].append(_overlay(shapely.difference, piece, moved))
    merged = {key: _union(geoms) for key, geoms in parts.items()}
    state.pieces[rid] = {key: geom for key, geom in merged.items() if not geom.is_empty}


def _selection(sel: Area, rid: str, state: _State, index: int, top: bool = False) -> BaseGeometry:
    """The projected land of region ``rid`` a selector picks (``top``: the rule itself,
    whose ``held_by`` is applied as a label condition instead)."""
    region = state.regions[rid]
    if sel.regions is not None and rid not in sel.regions:
        return shapely.Polygon()
    shape = region
    if sel.as_of is not None and sel.held_by is not None:
        earlier = state.others[sel.as_of].get(rid, {})
        held = [g for key, g in earlier.items() if key.held == sel.held_by]
        shape = _union(held) if held else shapely.Polygon()
    elif sel.held_by is not None and not top:
        held = [g for key, g in state.base[rid].items() if key.held == sel.held_by]
        shape = _union(held) if held else shapely.Polygon()
    for compass, ref in sel.sides_of():
        shape = _overlay(shapely.intersection, shape, _side(state, ref, compass, index, sel))
    if sel.polygon is not None:
        shape = _overlay(shapely.intersection, shape, _polygon(state, sel.polygon))
    if sel.along is not None:
        family, zone_radius = _strip_of(sel, index, state)
        shape = _overlay(shapely.intersection, shape, _reach(state, family, zone_radius))
        if family[0] == "contact-line" and sel.side != "both":
            held = [g for key, g in state.base[rid].items() if key.held == sel.side]
            shape = _overlay(shapely.intersection, shape, _union(held) if held else shape)
    if sel.any:
        union = _union([_selection(part, rid, state, index) for part in sel.any])
        shape = _overlay(shapely.intersection, shape, union)
    if sel.except_ is not None:
        shape = _overlay(shapely.difference, shape, _selection(sel.except_, rid, state, index))
    return shape


def _line_of(state: _State, ref: Any) -> LineString:
    """A line selector (named feature or points) in the projection."""
    if isinstance(ref, str):
        return cast(LineString, state.features[ref])
    return _projected_line(state, tuple((float(x), float(y)) for x, y in ref))


def _side(state: _State, ref: Any, compass: str, index: int, rule: Area) -> BaseGeometry:
    """Everything on one compass side of a line, within reach of Ukraine."""
    line = _line_of(state, ref)

    def half() -> BaseGeometry:
        try:
            is_left = left_side(line, compass)
        except LineSideError as exc:
            raise _rule_error(rule, index, str(exc), SIDES_HINT) from None
        frame = shapely.box(*shapely.total_bounds(list(state.regions.values()))).buffer(50_000)
        left, right = split_by_line(frame, line)
        return left if is_left else right

    key = ("side", ref if isinstance(ref, str) else repr(ref), compass)
    return state.once(key, half)


def _polygon(state: _State, ref: Any) -> BaseGeometry:
    """An area selector (named feature, ring of points or GeoJSON geometry) projected."""
    if isinstance(ref, str):
        return state.features[ref]

    def project() -> BaseGeometry:
        if isinstance(ref, dict):
            geom = shapely.geometry.shape(ref)
        else:
            geom = shapely.Polygon([(float(x), float(y)) for x, y in ref])
        geom = shapely.make_valid(geom)
        projected = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).iloc[0]
        return _areal(shapely.get_parts(shapely.set_precision(projected, GRID_M)))

    return state.once(("polygon", repr(ref)), project)


def _sites_frame(scenario: Scenario, features: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """The scenario's sites with their terms and geometry (EPSG:4326)."""
    named: dict[str, tuple[BaseGeometry, str, str, str]] = {}
    if features is not None and not features.empty:
        uk = features["name_uk"] if "name_uk" in features else features["name"]
        named = {
            str(i): (g, str(k), str(n), str(u))
            for i, g, k, n, u in zip(
                features["id"],
                features.geometry,
                features["kind"],
                features["name"],
                uk,
                strict=True,
            )
        }
    rows = []
    for site in scenario.sites:
        feature = named.get(site.feature) if site.feature else None
        if site.feature is not None and feature is None:
            raise ScenarioError(
                [Problem(None, f"unknown named feature {site.feature!r}", "see `maps features`")]
            )
        geom: BaseGeometry
        name_uk = ""
        if feature is not None:
            geom, kind, name, name_uk = feature
        elif site.at is not None:
            geom, kind, name = shapely.Point(_point(site.at)), "site", ""
        else:
            geom, kind, name = LineString([_point(p) for p in site.along or []]), "line", ""
        rows.append(
            {
                "name": site.name or name,
                "name_uk": "" if site.name else name_uk,
                "kind": kind,
                "feature": site.feature or "",
                "operated_by": site.operated_by or "",
                "sovereign": site.sovereign or "",
                "supervised_by": site.supervised_by or "",
                "terms": list(site.terms),
                "note": site.note or "",
                "geometry": geom,
            }
        )
    columns = [
        "name",
        "name_uk",
        "kind",
        "feature",
        "operated_by",
        "sovereign",
        "supervised_by",
        "terms",
        "note",
        "geometry",
    ]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def _point(point: Any) -> tuple[float, float]:
    lon, lat = point
    return (float(lon), float(lat))


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
    effects = [
        _transform(AreaRule.model_construct(regions=[rid], to=p, status=rule.status, note=None))
        for p in (party_a, party_b)
    ]
    _flush(state, rid)
    state.footprints.setdefault(index, []).extend([(rid, None, part_a), (rid, None, part_b)])
    parts: dict[Key, list[BaseGeometry]] = defaultdict(list)
    for key, piece in state.pieces[rid].items():
        in_a = _without_slivers(_overlay(shapely.intersection, piece, part_a))
        in_b = piece if in_a.is_empty else _overlay(shapely.difference, piece, in_a)
        for geom, change in ((in_a, effects[0]), (in_b, effects[1])):
            if not geom.is_empty:
                target = change(key)
                parts[target].append(geom)
                if target != key:
                    state.changed.add(index)
    merged = {key: _union(geoms) for key, geoms in parts.items()}
    state.pieces[rid] = {key: geom for key, geom in merged.items() if not geom.is_empty}
    return [rid]


def _halves(region: BaseGeometry, line: LineString) -> tuple[BaseGeometry, BaseGeometry]:
    """The region's parts left and right of the line, on the grid and exact complements."""
    left, right = split_by_line(region, line)
    if left.is_empty or right.is_empty:
        return left, right
    left = _overlay(shapely.intersection, region, left)
    return left, _overlay(shapely.difference, region, left)


def _queue_zone(rule: AreaRule, index: int, state: _State, transform: Transform) -> list[str]:
    """Queue a strip in each region it reaches; see :func:`_flush` for how it is applied."""
    family, radius = _strip_of(rule, index, state)
    held = rule.held_by
    if family[0] == "contact-line" and rule.side != "both":
        if held is not None and held != rule.side:
            state.footprints.setdefault(index, [])
            return []
        held = rule.side
    zone = _Zone(radius, held, transform, index, rule)
    ids = list(state.regions)
    area = _reach(state, family, radius)
    reached = {ids[i] for i in state.index.query(area, predicate="intersects")}
    changed = sorted(reached & set(rule.regions) if rule.regions else reached)
    if not changed:
        raise _rule_error(rule, index, "the strip does not cover any of its regions", None)
    for rid in changed:
        if rid in state.pending and state.pending[rid].family != family:
            _flush(state, rid)
        state.pending.setdefault(rid, _Run(family)).zones.append(zone)
        state.footprints.setdefault(index, []).append((rid, held, ("band", family, radius)))
    return changed


def _strip_of(sel: Area, index: int, state: _State) -> tuple[Family, float]:
    """The family (the line and side a strip is buffered on) and reach of a strip selector."""
    width = float(sel.width_km or 0) * 1000
    if sel.along == "contact-line":
        radius = width / 2 if sel.side == "both" else width
        return ("contact-line", "both"), radius
    points = _line_key(sel.along)
    if sel.side == "both":
        return (points, "both"), width / 2
    try:
        is_left = left_side(_line_of(state, sel.along), sel.side)
    except LineSideError as exc:
        raise _rule_error(sel, index, str(exc), SIDES_HINT) from None
    return (points, "left" if is_left else "right"), width


def _line_key(ref: Any) -> str | tuple[tuple[float, float], ...]:
    """A hashable name of a line selector: its feature id, or its points."""
    if isinstance(ref, str):
        return f"feature:{ref}"
    return tuple((float(x), float(y)) for x, y in ref)


def _flush(state: _State, rid: str) -> None:
    """Apply the region's queued zones, all buffers of one line, at once.

    The zones' distinct reaches cut the region into bands along the line; every zone covers
    the bands up to its reach, so the zones' effect on a piece is worked out per band with
    labels alone, and each piece is then cut once per outcome it gives land to.
    """
    run = state.pending.pop(rid, None)
    if run is None:
        return
    radii = sorted({zone.radius for zone in run.zones})
    targets = {key: _band_targets(key, run.zones, radii, state) for key in state.pieces[rid]}
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


def _band_targets(
    key: Key, zones: list[_Zone], radii: list[float], state: _State
) -> dict[Key, list[int]]:
    """Where land of ``key`` ends up after the zones: the bands (indices into ``radii``,
    band i reaching from ``radii[i - 1]`` to ``radii[i]``) that go to each outcome."""
    table: list[Attrs] = [key]
    codes: dict[Attrs, int] = {key: 0}
    labels = np.zeros(len(radii), dtype=np.int64)
    for zone in zones:
        if zone.held is not None and key.held != zone.held:
            continue
        covered = bisect.bisect_left(radii, zone.radius) + 1
        present = np.unique(labels[:covered])
        lookup = np.arange(len(table) + len(present), dtype=np.int64)
        for code in present.tolist():
            after = zone.transform(table[code])
            if after not in codes:
                codes[after] = len(table)
                table.append(after)
            lookup[code] = codes[after]
            if after != table[code]:
                state.changed.add(zone.index)
        labels[:covered] = lookup[labels[:covered]]
    targets: dict[Key, list[int]] = defaultdict(list)
    for band, code in enumerate(labels.tolist()):
        targets[table[code]].append(band)
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

    if math.isinf(radius):
        return state.once(("everywhere",), lambda: _everywhere(state))

    def buffer() -> BaseGeometry:
        if line == "contact-line":
            along: BaseGeometry = state.contact_line
        elif isinstance(line, str):
            along = state.features[line.removeprefix("feature:")]
        else:
            along = _projected_line(state, line)
        return line_zone(along, 2 * radius) if side == "both" else line_zone(along, radius, side)

    return state.once(("reach", family, radius), buffer)


def _everywhere(state: _State) -> BaseGeometry:
    """A box around every region: the reach of a zone without limit."""
    bounds = shapely.total_bounds(list(state.regions.values()))
    return shapely.box(*bounds).buffer(10_000, join_style="mitre")


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


CONTROL_COLUMNS = [
    "region",
    "held",
    "party",
    "sovereign",
    "recognition",
    "recognised_as",
    "recognised_by",
    "regime",
    "no_forces",
    "area_km2",
    "population",
    "towns",
    "rural",
    "geometry",
]
"""Columns of a resolved control layer; list attributes are comma-separated ids; people as
in :data:`CHANGE_COLUMNS`."""


def _people_columns(count: Headcount) -> dict[str, int]:
    return {
        "population": round(count.total),
        "towns": round(count.towns),
        "rural": round(count.rural),
    }


def _control_frame(
    pieces: dict[str, Pieces], people: Population | None, regions: Mapping[str, BaseGeometry]
) -> gpd.GeoDataFrame:
    """One row per region and distinct set of attributes, with the people who lived there."""
    rows = [
        {
            "region": rid,
            "held": key.held,
            "party": key.party,
            "sovereign": key.sovereign,
            "recognition": key.recognition,
            "recognised_as": key.recognised_as,
            "recognised_by": join_ids(key.recognised_by),
            "regime": join_ids(key.regime),
            "no_forces": join_ids(key.no_forces),
            **_people_columns(headcount(people, regions, rid, geom)),
            "geometry": geom,
        }
        for rid in sorted(pieces)
        for key, geom in sorted(pieces[rid].items())
    ]
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA_CRS)
    gdf["area_km2"] = gdf.area / 1e6
    return _in_degrees(gdf[CONTROL_COLUMNS])


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


Moved = list[tuple[str, str, str, BaseGeometry]]
"""(region, from, to, projected land) for each piece that changes administration."""


def _moved(pieces: dict[str, Pieces]) -> Moved:
    """Land administered by another party than held it at the baseline, read off the labels."""
    return [
        (rid, key.held, key.party, geom)
        for rid in sorted(pieces)
        for key, geom in pieces[rid].items()
        if key.held != key.party
    ]


CHANGE_COLUMNS = [
    "region",
    "from",
    "to",
    "area_km2",
    "population",
    "towns",
    "rural",
    "cities",
    "geometry",
]
"""Columns of a changes layer: ``population`` = ``towns`` (people of the settlements inside)
+ ``rural`` (the estimated rest); ``cities`` lists the settlements, largest first."""


def _changes_frame(
    moved: Moved, people: Population | None, regions: Mapping[str, BaseGeometry]
) -> gpd.GeoDataFrame:
    """Per region and direction, the land that changes hands and the people who lived there."""
    groups: dict[tuple[str, str, str], list[BaseGeometry]] = defaultdict(list)
    for rid, a, b, geom in moved:
        if geom.area >= SLIVER_KM2 * 1e6:
            groups[(rid, a, b)].append(geom)
    if not groups:
        return gpd.GeoDataFrame(columns=CHANGE_COLUMNS, geometry="geometry", crs="EPSG:4326")
    rows = []
    for (rid, a, b), geoms in sorted(groups.items()):
        count = sum((headcount(people, regions, rid, g) for g in geoms), Headcount())
        rows.append(
            {
                "region": rid,
                "from": a,
                "to": b,
                "population": round(count.total),
                "towns": round(count.towns),
                "rural": round(count.rural),
                "cities": [
                    {"name": n, "name_uk": u or n, "population": p} for n, u, p in count.places
                ],
                "geometry": _union(geoms),
            }
        )
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA_CRS)
    gdf["area_km2"] = gdf.area / 1e6
    return _in_degrees(gdf)[CHANGE_COLUMNS]


def diff_control(
    before: gpd.GeoDataFrame,
    after: gpd.GeoDataFrame,
    people: Population | gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Territory whose administering party differs between two control layers (A and B)."""

    def by_party(control: gpd.GeoDataFrame) -> dict[str, dict[str, BaseGeometry]]:
        projected = control.to_crs(EQUAL_AREA_CRS)
        groups: dict[str, dict[str, list[BaseGeometry]]] = defaultdict(lambda: defaultdict(list))
        for rid, party, geom in zip(
            projected["region"], projected["party"], projected.geometry, strict=True
        ):
            groups[rid][party].append(geom)
        return {
            rid: {party: shapely.union_all(geoms) for party, geoms in keyed.items()}
            for rid, keyed in groups.items()
        }

    old, new = by_party(before), by_party(after)
    regions = {rid: shapely.union_all(list(parts.values())) for rid, parts in old.items()}
    moved: Moved = []
    for rid in sorted(set(old) | set(new)):
        for source, then in old.get(rid, {}).items():
            for target, now in new.get(rid, {}).items():
                if source != target:
                    part = _overlay(shapely.intersection, then, now)
                    if part.area >= SLIVER_KM2 * 1e6:
                        moved.append((rid, source, target, part))
    return _changes_frame(moved, as_population(people), regions)


def as_population(people: Population | gpd.GeoDataFrame | None) -> Population | None:
    """Settlements and totals from what a caller passes: a :class:`Population`, a frame of
    places (name, region, population; only Ukrainian ones when it has ``country``), or None."""
    if people is None or isinstance(people, Population):
        return people
    if "country" in people:
        people = people[people["country"] == "UA"]
    return Population(people)
