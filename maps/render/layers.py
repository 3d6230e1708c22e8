"""Display data for the maps: simplified, quantised GeoJSON with style keys and tooltip lines.

Statistics are always computed on full geometry (``maps.resolve``); this module only makes
compact copies for drawing. Polygons that share borders are simplified together
(``shapely.coverage_simplify``) so no gaps open between neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from maps import style
from maps.geo import EQUAL_AREA_CRS
from maps.i18n import Lang, number, place, ui
from maps.load import load_cities, load_contact_line, load_context, load_regions
from maps.memo import memo
from maps.placenames import town_name
from maps.regions import BY_ID, FOCUS
from maps.scenario import Scenario

TOLERANCE_M = 1000.0
"""Display simplification in metres: invisible at the zoom levels the maps allow."""
DECIMALS = 3
"""Display coordinate precision in degrees (about 100 m)."""

Feature = dict[str, Any]


def simplify_coverage(geoms: gpd.GeoSeries, tolerance_m: float = TOLERANCE_M) -> gpd.GeoSeries:
    """Simplify polygons that tile an area together, keeping shared edges shared."""
    projected = geoms.to_crs(EQUAL_AREA_CRS)
    simplified = shapely.coverage_simplify(projected.values, tolerance_m)
    return gpd.GeoSeries(simplified, index=geoms.index, crs=EQUAL_AREA_CRS).to_crs(_crs(geoms))


def simplify_lines(geoms: gpd.GeoSeries, tolerance_m: float = TOLERANCE_M) -> gpd.GeoSeries:
    """Simplify lines in metres."""
    projected = geoms.to_crs(EQUAL_AREA_CRS).simplify(tolerance_m)
    return projected.to_crs(_crs(geoms))


def _crs(geoms: gpd.GeoSeries) -> Any:
    """The CRS of a series that must have one."""
    if geoms.crs is None:
        raise ValueError("geometry without a CRS")
    return geoms.crs


def quantise(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Round coordinates for display; drop parts that collapse."""
    rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    if rounded.geom_type.endswith("Polygon"):
        return polygons_of(shapely.make_valid(rounded))
    return rounded


def polygons_of(geom: BaseGeometry) -> BaseGeometry:
    """The polygons with area in a geometry, collections within collections included, as one
    (multi)polygon: what ``make_valid`` leaves of a polygon that crossed itself."""
    parts = shapely.get_parts(shapely.get_parts(geom))
    kept = [p for p in parts if p.geom_type == "Polygon" and p.area > 0]
    return shapely.union_all(kept) if kept else shapely.Polygon()


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""64 characters that need no escaping in JSON, HTML or a script: each carries 5 bits of a
number and whether more follow."""
SCALE = 10**DECIMALS


def encode_numbers(values: Iterable[int]) -> str:
    """Integers as text: zigzag (sign in the lowest bit), then 5 bits a character, lowest
    first, with the sixth bit set on every character but a number's last."""
    out: list[str] = []
    for value in values:
        v = (value << 1) ^ (value >> 63)
        while v >= 32:
            out.append(ALPHABET[(v & 31) | 32])
            v >>= 5
        out.append(ALPHABET[v])
    return "".join(out)


def decode_numbers(text: str) -> list[int]:
    """The integers :func:`encode_numbers` wrote (the page's script does the same)."""
    values: list[int] = []
    v = shift = 0
    for char in text:
        digit = ALPHABET.index(char)
        v |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            values.append((v >> 1) ^ -(v & 1))
            v = shift = 0
    return values


def encode_path(coords: Any) -> str:
    """A ring or line of (lon, lat) as text: thousandths of a degree, each point as the
    difference from the one before (the first from 0, 0)."""
    ints = np.rint(np.asarray(coords, dtype=float)[:, :2] * SCALE).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return encode_numbers(int(v) for v in deltas.ravel())


def encode_geometry(geom: BaseGeometry) -> list[Any]:
    """A geometry in the compact form the page's script inflates back to GeoJSON:
    ``["P", [[ring, ...], ...]]`` for polygons, ``["L", [line, ...]]`` for lines, or the
    GeoJSON of anything else as ``["G", geojson]``."""
    parts = shapely.get_parts(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        polygons = [
            [encode_path(p.exterior.coords), *(encode_path(r.coords) for r in p.interiors)]
            for p in parts
        ]
        return ["P", polygons]
    if geom.geom_type in ("LineString", "MultiLineString"):
        return ["L", [encode_path(line.coords) for line in parts]]
    return ["G", mapping(geom)]


def collection(
    features: Iterable[tuple[BaseGeometry, str, list[str]]], regions: list[str] | None = None
) -> dict[str, Any]:
    """A FeatureCollection of (geometry, style key, tooltip lines), empty geometries dropped;
    ``regions`` gives each feature's region id (``r``) where the map needs it. Geometry is
    given compactly (``g``, see :func:`encode_geometry`); the page inflates it to GeoJSON."""
    out: list[Feature] = []
    for i, (geom, key, tip) in enumerate(features):
        shape = quantise(geom)
        if shape.is_empty:
            continue
        props: dict[str, Any] = {"s": key}
        if regions is not None:
            props["r"] = regions[i]
        if tip:
            props["t"] = tip
        out.append({"type": "Feature", "properties": props, "g": encode_geometry(shape)})
    return {"type": "FeatureCollection", "features": out}


CONTEXT_TOLERANCE_M = 2000.0
"""Context is drawn under Ukraine's own areas, so it can be simplified more."""


@memo
def context_collection() -> dict[str, Any]:
    """Neighbours, seas, reservoirs and the Dnipro, styled by kind."""
    ctx = load_context()
    shapes = ctx.to_crs(EQUAL_AREA_CRS).simplify(CONTEXT_TOLERANCE_M).to_crs("EPSG:4326")
    rivers = ctx["kind"] == "river"
    shapes[rivers] = ctx.geometry[rivers]
    return collection((g, k, []) for g, k in zip(shapes, ctx["kind"], strict=True))


CONTEXT_STYLES: dict[str, dict[str, Any]] = {
    "country": {"fillColor": style.NEIGHBOUR_COLOR, "fillOpacity": 1, "stroke": False},
    "sea": {"fillColor": style.WATER_COLOR, "fillOpacity": 1, "stroke": False},
    "reservoir": {
        "fillColor": style.WATER_COLOR,
        "fillOpacity": 0.9,
        "color": style.RIVER_COLOR,
        "weight": 0.5,
        "dashArray": "2 2",
    },
    "lagoon": {"fillColor": style.WATER_COLOR, "fillOpacity": 0.9, "stroke": False},
    "river": {"color": style.RIVER_COLOR, "weight": style.LINE_WIDTHS["river"], "fill": False},
}


@memo
def contact_line_collection(baseline: str) -> dict[str, Any]:
    """The baseline's line of contact."""
    line = load_contact_line(baseline)
    simplified = simplify_lines(line.geometry, 300.0)
    return collection((g, "contact", []) for g in simplified)


@dataclass(frozen=True)
class Drawn:
    """A vector layer as drawn: its features, each naming its look's key in ``s``, and the
    look of every key the features use (and of no other), in legend order."""

    data: dict[str, Any]
    looks: dict[str, style.Look]

    def styles(self) -> dict[str, dict[str, Any]]:
        """The Leaflet style of each key."""
        return {key: leaflet_style(look) for key, look in self.looks.items()}


def drawn(data: dict[str, Any], looks: dict[str, style.Look]) -> Drawn:
    """A layer of ``data`` keeping the looks its features use; a key without a look is a bug."""
    used = {f["properties"]["s"] for f in data["features"]}
    missing = used - set(looks)
    if missing:
        raise KeyError(f"no look for {sorted(missing)}")
    return Drawn(data, {key: look for key, look in looks.items() if key in used})


def pattern_id(look: style.Look) -> str:
    """Id of the SVG pattern of a look: the pattern's name and the colour under it."""
    if look.pattern is None:
        raise ValueError("a look without a pattern")
    ground = f"-{look.fill.removeprefix('#')}" if look.fill else ""
    return f"mk-{look.pattern.name}{ground}".lower()


def leaflet_style(look: style.Look) -> dict[str, Any]:
    """The Leaflet path options of a look (spelt out in full: the legend draws its swatches
    from the same options, the way Leaflet does)."""
    fill = f"url(#{pattern_id(look)})" if look.pattern else look.fill
    out: dict[str, Any] = {"stroke": look.stroke is not None, "fill": fill is not None}
    if look.stroke is not None:
        out.update(color=look.stroke, weight=look.width, opacity=look.opacity)
        if look.dash:
            out["dashArray"] = look.dash
    if fill is not None:
        out.update(fillColor=fill, fillOpacity=1 if look.pattern else look.fill_opacity)
    return out


def casing_style(look: style.Look) -> dict[str, Any] | None:
    """The Leaflet style of a line's casing (drawn under it), if it has one."""
    if look.casing is None:
        return None
    return {
        "stroke": True,
        "fill": False,
        "color": look.casing,
        "weight": look.casing_width,
        "opacity": 0.85,
    }


def pattern_definitions(looks: Iterable[style.Look]) -> list[dict[str, Any]]:
    """SVG pattern specs of the patterned looks, each once."""
    out: dict[str, dict[str, Any]] = {}
    for look in looks:
        if look.pattern is not None:
            out[pattern_id(look)] = {
                "id": pattern_id(look),
                "size": look.pattern.size,
                "ground": look.fill,
                "groundOpacity": look.fill_opacity,
                "ink": look.pattern.ink,
                "marks": list(look.pattern.marks),
            }
    return [out[key] for key in sorted(out)]


def legend_item(look: style.Look) -> dict[str, Any]:
    """A legend entry drawn from a look: its label, and its swatch from the map's own style."""
    if look.symbol is not None:
        return {"kind": "symbol", "label": look.label, "symbol": symbol_spec(look.symbol)}
    kind = "line" if look.line else "area"
    item = {"kind": kind, "label": look.label, "style": leaflet_style(look)}
    casing = casing_style(look)
    if casing is not None:
        item["under"] = casing
    return item


def symbol_spec(symbol: style.Symbol) -> dict[str, Any]:
    """A site symbol for the page's script."""
    return {
        "shape": symbol.shape,
        "fill": symbol.fill,
        "stroke": symbol.stroke,
        "size": style.SYMBOL_SIZE,
    }


def control_collection(
    control: gpd.GeoDataFrame, tooltip: Callable[[Any], list[str]]
) -> dict[str, Any]:
    """Control areas (as simplified by :func:`display_control`), keyed by (party,
    recognition)."""
    if control.empty:
        return {"type": "FeatureCollection", "features": []}
    rows: list[Any] = list(control.itertuples())
    return collection(
        ((r.geometry, style.control_key(r.party, r.recognition), tooltip(r)) for r in rows),
        regions=[r.region for r in rows],
    )


def display_control(control: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The control layer with its coverage simplified for display (shared edges stay shared):
    the one copy its fill, regime and sovereignty layers are drawn from."""
    if control.empty:
        return control
    simplified = simplify_coverage(control.geometry)
    shapes: list[BaseGeometry] = []
    for shape, original in zip(simplified, control.geometry, strict=True):
        if not shape.is_valid:  # simplifying can make a narrow piece cross itself
            shape = polygons_of(shapely.make_valid(shape))
        shapes.append(original if shape.is_empty else shape)
    return control.assign(geometry=gpd.GeoSeries(shapes, index=control.index, crs=control.crs))


def _dissolved(
    control: gpd.GeoDataFrame, keys: list[str], keep: list[bool]
) -> Iterable[tuple[BaseGeometry, str, list[str]]]:
    """The pieces marked in ``keep``, merged per key (no outline between pieces of one key in
    neighbouring regions)."""
    if control.empty or not any(keep):
        return []
    shapes = control.geometry
    groups: dict[str, list[BaseGeometry]] = {}
    for geom, key, wanted in zip(shapes, keys, keep, strict=True):
        if wanted:
            groups.setdefault(key, []).append(geom)
    return [(_merge(g), key, []) for key, g in sorted(groups.items())]


def _merge(pieces: list[BaseGeometry]) -> BaseGeometry:
    """The union of pieces of one coverage: fast when they are noded alike, else a full union."""
    try:
        return shapely.coverage_union_all(pieces)
    except shapely.errors.GEOSException:
        return shapely.union_all(pieces)


def regime_collection(control: gpd.GeoDataFrame) -> dict[str, Any]:
    """The land under each regime, one feature per regime (comma-separated key)."""
    keys = [str(r) for r in control["regime"]] if not control.empty else []
    return collection(_dissolved(control, keys, [bool(k) for k in keys]))


def sovereignty_collection(control: gpd.GeoDataFrame) -> dict[str, Any]:
    """Land whose sovereign under the deal is drawn (see ``style.sovereignty_drawn``), one
    feature per sovereign."""
    if control.empty:
        return collection([])
    keys = [str(s) for s in control["sovereign"]]
    keep = [style.sovereignty_drawn(str(p), s) for p, s in zip(control["party"], keys, strict=True)]
    return collection(_dissolved(control, keys, keep))


def same_regions(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> set[str]:
    """Regions whose control (every attribute of every piece) is identical in two layers."""
    columns = [c for c in a.columns if c not in ("geometry", "area_km2", "region")]

    def signature(control: gpd.GeoDataFrame) -> dict[str, list[tuple[str, float]]]:
        sig: dict[str, list[tuple[str, float]]] = {}
        attrs = control[columns].astype(str).agg("|".join, axis=1)
        for rid, text, km2 in zip(control["region"], attrs, control["area_km2"], strict=True):
            sig.setdefault(str(rid), []).append((text, round(float(km2), 1)))
        return {k: sorted(v) for k, v in sig.items()}

    left, right = signature(a), signature(b)
    return {rid for rid in left if left[rid] == right.get(rid)}


def changes_collection(
    changes: gpd.GeoDataFrame, tooltip: Callable[[Any], list[str]]
) -> dict[str, Any]:
    """Areas changing hands, outlined."""
    if changes.empty:
        return {"type": "FeatureCollection", "features": []}
    shapes = simplify_coverage(changes.geometry)
    rows = changes.assign(geometry=shapes)
    return collection((r.geometry, "change", tooltip(r)) for _, r in rows.iterrows())


SITE_LINE = "site-line"


def site_rows(
    sites: gpd.GeoDataFrame | None, tooltip: Callable[[Any], list[str]], lang: Lang = "en"
) -> tuple[list[list[Any]], dict[str, Any]]:
    """Point sites as rows (lon, lat, symbol kind, name in ``lang``, tooltip lines), areas at
    a point inside them; line sites as a FeatureCollection keyed ``site-line``."""
    points: list[list[Any]] = []
    lines: list[tuple[BaseGeometry, str, list[str]]] = []
    if sites is None or sites.empty:
        return points, collection([])
    rows: list[Any] = list(sites.itertuples())
    for r in rows:
        geom: BaseGeometry = r.geometry
        if geom.geom_type in ("LineString", "MultiLineString"):
            simple = gpd.GeoSeries([geom], crs="EPSG:4326")
            lines.append((simplify_lines(simple, 300.0).iloc[0], SITE_LINE, tooltip(r)))
            continue
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        points.append(
            [
                round(float(shapely.get_x(point)), 4),
                round(float(shapely.get_y(point)), 4),
                style.site_kind(str(r.kind)),
                str((getattr(r, "name_uk", "") if lang == "uk" else "") or r.name),
                tooltip(r),
            ]
        )
    return points, collection(lines)


@memo
def region_labels(lang: Lang = "en") -> list[list[Any]]:
    """Oblast names (in ``lang``) at a point inside each region; focus regions in bold."""
    regions = load_regions()
    projected = regions.to_crs(EQUAL_AREA_CRS)
    centres = shapely.get_point(shapely.maximum_inscribed_circle(projected.geometry.values), 0)
    points = gpd.GeoSeries(centres, crs=EQUAL_AREA_CRS).to_crs("EPSG:4326")
    rows = []
    for rid, name, x, y in zip(regions["id"], regions["name"], points.x, points.y, strict=True):
        label = place("Crimea", lang) if rid == "crimea" else name
        if lang == "uk" and rid != "crimea":
            label = BY_ID[rid].name_uk
        cls = "mk-focus" if rid in FOCUS else "mk-region"
        rows.append([round(float(x), 3), round(float(y), 3), label, cls])
    return rows


CONTEXT_LABELS: list[list[Any]] = [
    [34.2, 43.7, "Black Sea", "mk-sea"],
    [36.6, 46.2, "Sea of Azov", "mk-sea"],
    [39.6, 50.6, "Russia", "mk-country"],
    [28.3, 52.4, "Belarus", "mk-country"],
    [28.6, 47.2, "Moldova", "mk-country"],
]


def context_labels(lang: Lang = "en") -> list[list[Any]]:
    """:data:`CONTEXT_LABELS` named in ``lang``."""
    return [[x, y, place(str(name), lang), cls] for x, y, name, cls in CONTEXT_LABELS]


FRONT_LINE_KM = 15.0
"""Towns this close to the baseline's line of contact are front-line towns."""
FRONT_LINE_MIN_POPULATION = 10_000
"""Smallest front-line town shown (pre-war population)."""
LABEL_BY_POPULATION = 200_000
"""Towns this large are labelled anywhere; in the focus regions, from 90,000."""

LABEL_NONE, LABEL_TOWN, LABEL_FRONT, LABEL_NAMED = 0, 1, 2, 3
"""A city row's label class, in rising priority: named on hover only, labelled by population,
a front-line town, a town the scenario names. The page places labels in that priority and
hides those that do not fit."""


@memo
def front_line_towns(baseline: str) -> frozenset[str]:
    """Ukrainian towns of at least 10,000 people (pre-war) within 15 km of a baseline's line of
    contact: the names readers look for along the front."""
    cities = load_cities()
    cities = cities[
        (cities["country"] == "UA") & (cities["population"] >= FRONT_LINE_MIN_POPULATION)
    ]
    line = shapely.union_all(load_contact_line(baseline).to_crs(EQUAL_AREA_CRS).geometry.values)
    near = cities.to_crs(EQUAL_AREA_CRS).distance(line) <= FRONT_LINE_KM * 1000
    return frozenset(str(n) for n in cities.loc[near, "name"])


NOT_TOWN = r"(?:oblasts?|regions?|raions?|dam|reservoir|river|spit|nuclear)"
"""Words after a town's name that show the name stands for something else."""


def named_towns(texts: Iterable[str]) -> frozenset[str]:
    """Ukrainian towns named in a scenario's texts: a whole word, not after 'the' (the Dnipro
    river) nor before a word such as 'oblast' or 'dam' (see ``NOT_TOWN``)."""
    text = "\n".join(texts)
    names = load_cities()
    found = set()
    for name in names.loc[names["country"] == "UA", "name"]:
        pattern = rf"(?<![\w-])(?<!the ){re.escape(str(name))}(?![\w-])(?!\s+{NOT_TOWN}\b)"
        if re.search(pattern, text):
            found.add(str(name))
    return frozenset(found)


def scenario_texts(scenario: Scenario) -> list[str]:
    """What a scenario says in words: title, summary, rule notes, terms, notes of sites and
    annotations (where the towns it names are)."""
    texts = [scenario.title, scenario.summary or ""]
    texts += [rule.note or "" for rule in scenario.rules]
    texts += scenario.term_texts()
    texts += [s.note or "" for s in scenario.sites]
    texts += [f"{a.label}\n{a.note or ''}" for a in scenario.annotations]
    return texts


def city_rows_for(*scenarios: Scenario, lang: Lang = "en") -> list[list[Any]]:
    """The cities of a map of these scenarios: their baselines' front-line towns and the towns
    they name are labelled first."""
    named = frozenset().union(*(named_towns(scenario_texts(sc)) for sc in scenarios))
    return city_rows(tuple(dict.fromkeys(sc.baseline for sc in scenarios)), named, lang=lang)


@memo
def city_rows(
    baselines: tuple[str, ...] = (),
    named: frozenset[str] = frozenset(),
    min_population: int = 40_000,
    lang: Lang = "en",
) -> list[list[Any]]:
    """Ukrainian cities of ``min_population`` or more, and the baselines' front-line towns and
    the ``named`` towns of any size: name (in ``lang``), lon, lat, radius, popup lines, label
    class (see ``LABEL_NAMED``)."""
    cities = load_cities()
    front = frozenset().union(*(front_line_towns(b) for b in baselines))
    shown = (cities["population"] >= min_population) | cities["name"].isin(front | named)
    cities = cities[(cities["country"] == "UA") & shown]
    cities = cities.sort_values(["population", "name"], ascending=[False, True])
    rows = []
    listed: list[Any] = list(cities.itertuples())
    for c in listed:
        source = "" if c.population_source == "GeoNames" else ui("corrected", lang)
        count = number(int(c.population), lang)
        town = town_name(c.name, lang)
        popup = [town, ui("pre_war_population", lang, people=count) + source]
        if c.name in named:
            label = LABEL_NAMED
        elif c.name in front:
            label = LABEL_FRONT
        elif c.population >= LABEL_BY_POPULATION or (c.region in FOCUS and c.population >= 90_000):
            label = LABEL_TOWN
        else:
            label = LABEL_NONE
        rows.append(
            [
                town,
                round(c.lon, 3),
                round(c.lat, 3),
                round(style.city_radius(int(c.population)), 1),
                popup,
                label,
            ]
        )
    return rows


def focus_bounds() -> tuple[float, float, float, float]:
    """Bounds of the focus regions (the page frames them clear of its controls)."""
    lon0, lat0, lon1, lat1 = load_regions(list(FOCUS)).total_bounds
    return (float(lon0) - 0.1, float(lat0) - 0.1, float(lon1) + 0.1, float(lat1) + 0.1)
