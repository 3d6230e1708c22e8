"""Static maps (PNG, SVG, PDF) with matplotlib, styled from ``maps.style`` like the HTML maps.

Importing this module changes nothing in matplotlib: figures are plain :class:`Figure` objects
(no pyplot, no backend switch) and every setting lives in :func:`settings`, a context that
starts from matplotlib's defaults (so a caller's own settings change nothing) and is left on
return. Text stays text: SVG has ``<text>`` elements naming a font stack, PDF embeds TrueType
fonts. User text (titles, party names) is drawn literally, never parsed as mathtext, and
exports are byte-identical from run to run (no timestamps, fixed ids).

The page has a physical size (:mod:`maps.sizes`); the layout is computed in points, so the
same page at another resolution has the same layout with more or fewer pixels. Labels are
placed without collisions (:mod:`maps.labels`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from maps import style
from maps.files import write_with
from maps.geo import EQUAL_AREA_CRS
from maps.i18n import Lang, ui
from maps.i18n import place as place_name
from maps.labels import Box, Label, Placed, place
from maps.load import load_cities, load_contact_line, load_context, load_regions
from maps.placenames import town_name
from maps.provenance import Provenance, areas, cities_credit
from maps.regions import BY_ID, FOCUS
from maps.resolve import Resolution
from maps.sizes import DEFAULT_DPI, PageSize, check_size
from maps.summary import headlines

if TYPE_CHECKING:  # matplotlib.typing exists from matplotlib 3.8 on
    from matplotlib.typing import RcKeyType

__all__ = ["DEFAULT_DPI", "FORMATS", "RC", "draw", "export", "figure", "settings"]

FORMATS = ("png", "svg", "pdf")
FONT_STACK = (style.FONT_FAMILY_STATIC, "Liberation Sans", "Arial", "Helvetica")
"""Fonts named in SVG text, in order; the first (shipped with matplotlib) sets the metrics."""
RC: dict[RcKeyType, Any] = {
    "font.family": ["sans-serif"],
    "font.sans-serif": list(FONT_STACK),
    "text.usetex": False,
    "text.parse_math": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "maps",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
}
"""Matplotlib settings of every static map (over matplotlib's defaults): literal text, SVG
text as ``<text>`` in a named font stack, TrueType in PDF, reproducible SVG ids."""

STATIC_SCALE = 0.6
"""Points of a static line per CSS pixel of the HTML maps' line."""
MEASURE_DPI = 144
"""Resolution text is measured at for the layout (the same at any output resolution)."""
FOCUS_PAD_M = 45_000
FRONT_KM = 15
"""A town this close to the line of contact is a front-line town."""
FRONT_MIN_POPULATION = 10_000
CITY_MIN_POPULATION = 100_000
HALO_PT = 1.0
LABEL_PAD_PT = 1.2
"""Room kept around each label's box (the white halo and rounding)."""
TEXT_SIZES = {"city": 6.5, "town": 6.0, "site": 6.5, "note": 7.0}
REGION_SIZES = {"focus": 8.5, "region": 6.5, "sea": 7.5, "country": 7.5}
SIDE_SIZES = (
    (9.0, 7.5),
    (8.5, 7.2),
    (8.0, 6.8),
    (7.5, 6.5),
    (7.0, 6.2),
    (6.5, 5.8),
    (6.0, 5.4),
    (5.5, 5.0),
    (5.0, 4.5),
)
"""Font sizes (figures, legend) tried in turn: the largest that fits is used."""
LEGEND_SWATCH = {"handlelength": 2.8, "handleheight": 1.6}
"""Swatches large enough to show a pattern's marks."""
LEGEND_ORDER = (
    "fill",
    "regime",
    "sovereignty",
    "change",
    "site",
    "site-line",
    "contact",
    "city",
    "note",
)
GREY = "#555555"

Handles = dict[tuple[str, str], Any]
"""Legend handles by (layer, key), in the order drawn."""
Rect = tuple[float, float, float, float]
"""x0, y0, x1, y1 in points from the page's lower left corner."""


# Settings and measuring


@contextmanager
def settings() -> Iterator[None]:
    """Matplotlib's own defaults plus :data:`RC`, restored on leaving."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(RC)
        yield


@lru_cache(maxsize=1)
def _scratch() -> tuple[Figure, Any]:
    """A small figure and renderer to measure text on."""
    fig = Figure(figsize=(2, 2), dpi=MEASURE_DPI)
    return fig, FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]


def text_size(
    text: str, size: float, weight: str = "normal", spacing: float = 1.2
) -> tuple[float, float]:
    """Width and height of a text in points, as drawn in the static maps' font (call inside
    :func:`settings`)."""
    return _measured(text, size, weight, spacing)


@lru_cache(maxsize=4096)
def _measured(text: str, size: float, weight: str, spacing: float) -> tuple[float, float]:
    fig, renderer = _scratch()
    probe = Text(0, 0, text, fontsize=size, fontweight=weight, linespacing=spacing)
    probe.set_figure(fig)
    probe.set_parse_math(False)
    box = probe.get_window_extent(renderer)
    scale = 72 / MEASURE_DPI
    return (float(box.width) * scale, float(box.height) * scale)


@lru_cache(maxsize=8192)
def _word_width(word: str, size: float, weight: str) -> float:
    """Advance width of a word in points (call inside :func:`settings`)."""
    from matplotlib.font_manager import FontProperties

    _, renderer = _scratch()
    prop = FontProperties(size=size, weight=weight)
    width, _, _ = renderer.get_text_width_height_descent(word, prop, ismath=False)
    return float(width) * 72 / MEASURE_DPI


def wrap(text: str, width_pt: float, size: float, weight: str = "normal", indent: str = "") -> str:
    """Text wrapped to a width in points (measured word by word); later lines of a paragraph
    start with ``indent``."""
    space = _word_width("a b", size, weight) - _word_width("ab", size, weight)
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0.0
        for word in para.split(" "):
            w = _word_width(word, size, weight) if word else 0.0
            if line and used + space + w > width_pt:
                lines.append(line)
                line, used = indent + word, _word_width(indent, size, weight) + w
            elif line:
                line, used = f"{line} {word}", used + space + w
            else:
                line, used = word, w
        lines.append(line)
    return "\n".join(lines)


# Looks


def _fill(color: str) -> tuple[float, float, float, float]:
    """A party colour at the HTML maps' opacity, blended over the land colour (opaque)."""
    r, g, b, _ = to_rgba(color)
    lr, lg, lb, _ = to_rgba(style.LAND_COLOR)
    a = style.FILL_OPACITY
    return (r * a + lr * (1 - a), g * a + lg * (1 - a), b * a + lb * (1 - a), 1.0)


def _width(look: style.Look) -> float:
    return look.width * STATIC_SCALE


def _linestyle(look: style.Look) -> Any:
    """A look's dashes in matplotlib's terms (which scales dashes by the line width)."""
    if not look.dash:
        return "solid"
    return (0, tuple(float(v) / look.width for v in look.dash.split()))


def _area_handle(look: style.Look) -> Patch:
    """The legend swatch of an area look, drawn as the area is."""
    if look.fill is not None and look.fill_opacity > 0:
        face: Any = _fill(look.fill)
    else:
        face = "none"
    ink = look.pattern.ink if look.pattern else None
    width = _width(look) if look.stroke and not ink else 0.0
    return Patch(
        facecolor=face,
        edgecolor=ink or look.stroke or "none",
        hatch=look.pattern.hatch if look.pattern else None,
        linewidth=width,
        linestyle=_linestyle(look) if width else "solid",  # matplotlib 3.7: no 0-width dashes
        label=look.label,
    )


def _casing(look: style.Look) -> list[Any]:
    """A wider line in the casing colour under a line that has one."""
    from matplotlib import patheffects

    if look.casing is None:
        return []
    width = look.casing_width * STATIC_SCALE
    return [patheffects.withStroke(linewidth=width, foreground=look.casing, alpha=0.85)]


def _line_handle(look: style.Look) -> Line2D:
    return Line2D(
        [],
        [],
        color=look.stroke,
        alpha=look.opacity,
        linewidth=_width(look),
        linestyle=_linestyle(look),
        path_effects=_casing(look),
        label=look.label,
    )


def _marker_handle(look: style.Look, marker: str, face: str, edge: str, size: float) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=marker,
        markersize=size,
        markerfacecolor=face,
        markeredgecolor=edge,
        markeredgewidth=0.8,
        label=look.label,
    )


def _haloed(
    ax: Axes, text: str, xy: tuple[float, float], *, gid: str, zorder: float, color: str, **kw: Any
) -> None:
    """A map label: the text as text (``label-…`` in SVG), over a white outline of it drawn as
    a separate shape (``halo-…``), so that SVG and PDF keep every label editable."""
    from matplotlib import patheffects

    name = re.sub(r"[^A-Za-z0-9_-]+", "-", gid)
    halo = [patheffects.withStroke(linewidth=2 * HALO_PT, foreground="white")]
    common = {"textcoords": "offset points", "annotation_clip": False, **kw}
    ax.annotate(
        text,
        xy,
        color="white",
        path_effects=halo,
        zorder=zorder - 0.01,
        gid=f"halo-{name}",
        **common,
    )
    ax.annotate(text, xy, color=color, zorder=zorder, gid=f"label-{name}", **common)


# Where a map goes on the page


@dataclass(frozen=True)
class View:
    """What a map shows (``box``, metres in the equal-area projection) and where it is drawn on
    the page (``rect``, points); the two have the same shape."""

    box: tuple[float, float, float, float]
    rect: Rect

    @property
    def scale(self) -> float:
        """Metres per point."""
        return (self.box[2] - self.box[0]) / (self.rect[2] - self.rect[0])

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        """A projected point's position on the page, in points."""
        return (
            self.rect[0] + (x - self.box[0]) / self.scale,
            self.rect[1] + (y - self.box[1]) / self.scale,
        )

    def contains(self, x: float, y: float) -> bool:
        """Whether a projected point is in the map."""
        return self.box[0] < x < self.box[2] and self.box[1] < y < self.box[3]


@lru_cache(maxsize=1)
def _focus() -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = load_regions(list(FOCUS)).to_crs(EQUAL_AREA_CRS).total_bounds
    pad = FOCUS_PAD_M
    return (float(x0) - pad, float(y0) - pad, float(x1) + pad, float(y1) + pad)


@lru_cache(maxsize=1)
def _drawable() -> tuple[float, float, float, float]:
    """The largest projected box the context data covers (a margin inside its extent)."""
    lon0, lat0, lon1, lat1 = (float(v) for v in load_context().total_bounds)
    edge = gpd.GeoSeries([shapely.box(lon0, lat0, lon1, lat1).segmentize(0.25)], crs="EPSG:4326")
    xs, ys = shapely.get_coordinates(edge.to_crs(EQUAL_AREA_CRS).values).T
    lons, lats = shapely.get_coordinates(edge.values).T
    margin = 30_000
    return (
        float(xs[np.isclose(lons, lon0)].max()) + margin,
        float(ys[np.isclose(lats, lat0)].max()) + margin,
        float(xs[np.isclose(lons, lon1)].min()) - margin,
        float(ys[np.isclose(lats, lat1)].min()) - margin,
    )


def fit_view(rect: Rect) -> View:
    """The view that shows the focus regions in ``rect``, widened to fill it with context; the
    rectangle shrinks only where the context data ends."""
    fx0, fy0, fx1, fy1 = _focus()
    lx0, ly0, lx1, ly1 = _drawable()
    x0, y0, x1, y1 = rect
    scale = max((fx1 - fx0) / (x1 - x0), (fy1 - fy0) / (y1 - y0))

    def span(
        lo: float, hi: float, limit_lo: float, limit_hi: float, pts: float
    ) -> tuple[float, float, float]:
        need = min(pts * scale, limit_hi - limit_lo)
        start = (lo + hi) / 2 - need / 2
        start = min(max(start, limit_lo), limit_hi - need)
        return start, start + need, need / scale

    bx0, bx1, width = span(fx0, fx1, lx0, lx1, x1 - x0)
    by0, by1, height = span(fy0, fy1, ly0, ly1, y1 - y0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    page = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    return View((bx0, by0, bx1, by1), page)


def _page_size(ax: Axes) -> tuple[float, float]:
    """The size in points of the page an axis is on."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    w, h = fig.get_size_inches()
    return float(w) * 72, float(h) * 72


def _page_rect(ax: Axes) -> Rect:
    w, h = _page_size(ax)
    x0, y0, x1, y1 = ax.get_position().extents
    return (x0 * w, y0 * h, x1 * w, y1 * h)


def _place_axes(ax: Axes, view: View) -> None:
    w, h = _page_size(ax)
    x0, y0, x1, y1 = view.rect
    ax.set_position((x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h))
    ax.set_xlim(view.box[0], view.box[2])
    ax.set_ylim(view.box[1], view.box[3])
    ax.set_aspect("equal", adjustable="box")


# Drawing the map


def _context(ax: Axes) -> None:
    ctx = load_context().to_crs(EQUAL_AREA_CRS)
    ax.set_facecolor(style.WATER_COLOR)
    ctx[ctx["kind"] == "country"].plot(
        ax=ax, color=style.NEIGHBOUR_COLOR, edgecolor="#b8b2a7", linewidth=0.4
    )
    ctx[ctx["kind"].isin(["sea", "lagoon"])].plot(ax=ax, color=style.WATER_COLOR, linewidth=0)


def _territory(ax: Axes, res: Resolution, colors: dict[str, str], lang: Lang = "en") -> Handles:
    """Fill by who administers, hatched by recognition; water; regime overlays; sovereignty
    outlines. Returns a legend handle for each look drawn."""
    names = res.scenario.party_names(lang)
    control = res.control.to_crs(EQUAL_AREA_CRS)
    rows = style.attribute_rows(control)
    looks = style.territory_looks(rows, colors, names, lang)
    handles: Handles = {}
    fill_keys = np.array([style.control_key(r["party"], r["recognition"]) for r in rows])
    for key, look in looks.fill.items():
        part = control[fill_keys == key]
        if part.empty or look.fill is None:
            continue
        part.plot(ax=ax, facecolor=_fill(look.fill), edgecolor=style.BORDER_COLOR, linewidth=0.5)
        if look.pattern is not None:
            part.plot(
                ax=ax,
                facecolor="none",
                edgecolor=look.pattern.ink,
                linewidth=0.0,
                hatch=look.pattern.hatch,
            )
        handles[("fill", key)] = _area_handle(look)
    water = load_context().to_crs(EQUAL_AREA_CRS)
    water[water["kind"] == "reservoir"].plot(ax=ax, color=style.WATER_COLOR, alpha=0.8, linewidth=0)
    water[water["kind"] == "river"].plot(ax=ax, color=style.RIVER_COLOR, linewidth=0.8)
    sovereigns = [
        r["sovereign"] if style.sovereignty_drawn(r["party"], r["sovereign"]) else "" for r in rows
    ]
    overlays = (
        ("regime", looks.regime, np.array([r["regime"] for r in rows])),
        ("sovereignty", looks.sovereignty, np.array(sovereigns)),
    )
    for layer, table, column in overlays:
        for key, look in table.items():
            part = control[column == key]
            if part.empty:
                continue
            shape = gpd.GeoSeries([part.geometry.union_all()], crs=EQUAL_AREA_CRS)
            shape.plot(
                ax=ax,
                facecolor="none",
                edgecolor=look.stroke,
                linewidth=_width(look),
                linestyle=_linestyle(look),
                hatch=look.pattern.hatch if look.pattern else None,
                zorder=3,
            )
            handles[(layer, key)] = _area_handle(look)
    return handles


@dataclass
class _Point:
    """A labelled point of the map: its marker, its label's priority and look."""

    key: str
    text: str
    x: float
    y: float
    radius: float
    """Of the marker, in points."""
    priority: float
    kind: str
    """city, town, site or note: sets the type."""
    keep: bool = False
    marked: bool = True
    """Whether the marker is drawn whether or not the label fits."""
    weight: str = "normal"


@dataclass
class _Area:
    key: str
    text: str
    centres: list[tuple[float, float]]
    priority: float
    kind: str
    """focus, region, sea or country."""


@dataclass
class _Plan:
    """What a map labels, and the markers drawn whatever happens to the labels."""

    points: list[_Point] = field(default_factory=list)
    areas: list[_Area] = field(default_factory=list)
    obstacles: list[tuple[str, Box]] = field(default_factory=list)


def _named(res: Resolution) -> str:
    """The scenario's own words: summary, notes, terms and site notes."""
    sc = res.scenario
    parts = [sc.title, sc.summary, *sc.term_texts()]
    parts += [str(getattr(rule, "note", "") or "") for rule in sc.rules]
    for site in sc.sites:
        parts += [site.note or "", *site.terms]
    parts += [a.note or "" for a in sc.annotations]
    return "\n".join(parts)


def _cities(res: Resolution, view: View, plan: _Plan, lang: Lang = "en") -> None:
    """Cities of 100,000+ people and towns the scenario names (always marked), and front-line
    towns (marked only when labelled)."""
    cities = load_cities()
    cities = cities[cities["country"] == "UA"].to_crs(EQUAL_AREA_CRS)
    line = load_contact_line(res.scenario.baseline).to_crs(EQUAL_AREA_CRS).geometry.union_all()
    near = cities.geometry.distance(line) <= FRONT_KM * 1000
    words = _named(res)
    for name, pop, cx, cy, front in zip(
        cities["name"],
        cities["population"],
        cities.geometry.x,
        cities.geometry.y,
        near,
        strict=True,
    ):
        if not view.contains(cx, cy):
            continue
        named = re.search(rf"\b{re.escape(str(name))}\b", words) is not None
        big = pop >= CITY_MIN_POPULATION
        if not (big or named or (front and pop >= FRONT_MIN_POPULATION)):
            continue
        rank = (2e7 if named else 0) + (1e7 if front else 0) + float(pop)
        x, y = view.to_page(cx, cy)
        radius = _city_diameter(int(pop)) / 2 + 0.3
        plan.points.append(
            _Point(
                f"city:{name}",
                town_name(str(name), lang),
                x,
                y,
                radius,
                rank,
                "city" if big else "town",
                keep=named,
                marked=big or named,
            )
        )


def _city_diameter(population: int) -> float:
    """A city marker's diameter in points."""
    return style.city_radius(population) * 1.1


def _sites(res: Resolution, view: View, plan: _Plan, ax: Axes, lang: Lang = "en") -> Handles:
    """Point sites as their kind's symbol (labelled, kept); line sites as lines."""
    handles: Handles = {}
    if res.sites is None or res.sites.empty:
        return handles
    sites = res.sites.to_crs(EQUAL_AREA_CRS)
    lines = sites[sites.geom_type.isin(["LineString", "MultiLineString"])]
    if not lines.empty:
        look = style.site_line_look(lang)
        lines.plot(
            ax=ax,
            color=look.stroke,
            alpha=look.opacity,
            linewidth=_width(look),
            linestyle=_linestyle(look),
            zorder=4,
        )
        handles[("site-line", "")] = _line_handle(look)
    points = sites[~sites.index.isin(lines.index)]
    for kind in style.SITE_SYMBOLS:
        part = points[[style.site_kind(str(k)) == kind for k in points["kind"]]]
        if part.empty:
            continue
        look = style.site_look(kind, lang)
        symbol = look.symbol
        assert symbol is not None
        where = part.geometry.representative_point()
        ax.scatter(
            where.x,
            where.y,
            marker=symbol.marker,
            s=49,
            facecolor=symbol.fill,
            edgecolor=symbol.stroke,
            linewidth=0.8,
            zorder=8,
        )
        shown = part["name_uk"] if lang == "uk" and "name_uk" in part else part["name"]
        for name, text, x, y in zip(part["name"], shown, where.x, where.y, strict=True):
            if view.contains(x, y):
                px, py = view.to_page(x, y)
                label = str(text or name)
                plan.points.append(
                    _Point(f"site:{name}", label, px, py, 4.5, 3e7, "site", True, True, "bold")
                )
        handles[("site", kind)] = _marker_handle(look, symbol.marker, symbol.fill, symbol.stroke, 7)
    return handles


def _notes(res: Resolution, view: View, plan: _Plan, ax: Axes, lang: Lang = "en") -> Handles:
    """The scenario's annotations: a marker and the label, always kept."""
    notes = res.scenario.annotations
    if not notes:
        return {}
    look = style.annotation_look(lang)
    where = gpd.GeoSeries([shapely.Point(a.point()) for a in notes], crs="EPSG:4326").to_crs(
        EQUAL_AREA_CRS
    )
    face, edge = look.fill or "#ffd400", look.stroke or "#111111"
    ax.scatter(where.x, where.y, s=36, facecolor=face, edgecolor=edge, linewidth=1.2, zorder=9)
    for i, (note, nx, ny) in enumerate(zip(notes, where.x, where.y, strict=True)):
        if view.contains(nx, ny):
            px, py = view.to_page(nx, ny)
            plan.points.append(
                _Point(f"note:{i}", note.label, px, py, 4.0, 4e7, "note", True, True, "bold")
            )
    return {("note", ""): _marker_handle(look, "o", face, edge, 6)}


def _candidates(
    geom: Any, view: View, step_pt: float = 14.0, limit: int = 40
) -> list[tuple[float, float]]:
    """Points inside a (projected) shape and the view, on the page: the centre of its largest
    inscribed circle first, then others by distance from it."""
    visible = geom.intersection(shapely.box(*view.box))
    if visible.is_empty or visible.area <= 0:
        return []
    centre = shapely.get_point(shapely.maximum_inscribed_circle(visible, view.scale), 0)
    cx, cy = float(shapely.get_x(centre)), float(shapely.get_y(centre))
    x0, y0, x1, y1 = visible.bounds
    step = step_pt * view.scale
    grid_x, grid_y = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step))
    gx, gy = grid_x.ravel(), grid_y.ravel()
    inside = shapely.contains_xy(visible, gx, gy)
    gx, gy = gx[inside], gy[inside]
    order = np.argsort(np.hypot(gx - cx, gy - cy))[:limit]
    points = [(cx, cy), *zip(gx[order].tolist(), gy[order].tolist(), strict=True)]
    return [view.to_page(x, y) for x, y in points]


def _areas(view: View, plan: _Plan, lang: Lang = "en") -> None:
    """Oblast names (focus regions in bold), seas and neighbouring countries, in free space."""
    regions = load_regions().to_crs(EQUAL_AREA_CRS)
    for rid, name, geom in zip(regions["id"], regions["name"], regions.geometry, strict=True):
        if rid == "sevastopol":
            continue
        focus = rid in FOCUS
        text = place_name("Crimea", lang) if rid == "crimea" else str(name)
        if lang == "uk" and rid != "crimea" and rid in BY_ID:
            text = BY_ID[rid].name_uk
        centres = _candidates(geom, view)
        if centres:
            kind = "focus" if focus else "region"
            plan.areas.append(_Area(f"region:{rid}", text, centres, -1 if focus else -3, kind))
    ctx = load_context().to_crs(EQUAL_AREA_CRS)
    for kind, name, geom in zip(ctx["kind"], ctx["name"], ctx.geometry, strict=True):
        if kind in ("sea", "country"):
            centres = _candidates(geom, view, step_pt=20.0, limit=30)
            if centres:
                text = place_name(str(name), lang)
                plan.areas.append(_Area(f"{kind}:{name}", text, centres, -2, str(kind)))


def _scale_bar(ax: Axes, view: View, plan: _Plan, lang: Lang = "en") -> None:
    """A 100 km bar at the lower left (or 50 km on a small map)."""
    x0, y0, x1, _ = view.rect
    length = 100_000 if (x1 - x0) * view.scale > 500_000 else 50_000
    px, py = x0 + 10, y0 + 10
    bx, by = view.box[0] + 10 * view.scale, view.box[1] + 10 * view.scale
    ax.plot(
        [bx, bx + length], [by, by], color="#222222", linewidth=2, solid_capstyle="butt", zorder=7
    )
    _haloed(
        ax,
        f"{length // 1000} {ui('kit.km', lang)}",
        (bx + length / 2, by),
        gid="scale",
        zorder=7,
        color="#222222",
        xytext=(0, 3),
        ha="center",
        va="bottom",
        fontsize=7,
    )
    _, h = text_size("100 km", 7)
    plan.obstacles.append(("scale", (px - 2, py - 3, px + length / view.scale + 2, py + 3 + h + 2)))


def _north_arrow(ax: Axes, view: View, plan: _Plan, lang: Lang = "en") -> None:
    x0, y0, x1, y1 = view.rect
    px, top = x1 - 14, y1 - 8
    ax.annotate(
        ui("north", lang),
        xy=(1 - 14 / (x1 - x0), 1 - 8 / (y1 - y0)),
        xytext=(1 - 14 / (x1 - x0), 1 - 30 / (y1 - y0)),
        xycoords="axes fraction",
        ha="center",
        va="top",
        fontsize=9,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "#222222", "linewidth": 1.2},
        zorder=7,
    )
    plan.obstacles.append(("north", (px - 8, top - 36, px + 8, top + 2)))


def _marker_box(p: _Point) -> Box:
    r = p.radius
    return (p.x - r, p.y - r, p.x + r, p.y + r)


def _labels(ax: Axes, view: View, plan: _Plan) -> list[Placed]:
    """Place and draw the labels of the plan; draw the markers of the towns labelled."""
    labels: list[Label] = []
    pad = 2 * LABEL_PAD_PT
    for p in plan.points:
        w, h = text_size(p.text, TEXT_SIZES[p.kind], p.weight)
        labels.append(
            Label(
                p.key,
                w + pad,
                h + pad,
                p.priority,
                point=(p.x, p.y),
                gap=p.radius + 1.0,
                keep=p.keep,
                marker=None if p.marked else _marker_box(p),
            )
        )
    for a in plan.areas:
        weight = "bold" if a.kind == "focus" else "normal"
        w, h = text_size(a.text, REGION_SIZES[a.kind], weight)
        labels.append(Label(a.key, w + pad, h + pad, a.priority, centres=a.centres))
    obstacles = [*plan.obstacles, *((p.key, _marker_box(p)) for p in plan.points if p.marked)]
    x0, y0, x1, y1 = view.rect
    frame = (x0 + 2, y0 + 2, x1 - 2, y1 - 2)
    placed = place(labels, frame, obstacles)
    points = {p.key: p for p in plan.points}
    areas = {a.key: a for a in plan.areas}
    towns: list[_Point] = []
    for spot in placed:
        x, y = (
            view.box[0] + (spot.anchor[0] - x0) * view.scale,
            view.box[1] + (spot.anchor[1] - y0) * view.scale,
        )
        if spot.key in points:
            p = points[spot.key]
            if not p.marked:
                towns.append(p)
            size, weight, color, z = TEXT_SIZES[p.kind], p.weight, style.TEXT_COLOR, 8
            italic = False
        else:
            a = areas[spot.key]
            size = REGION_SIZES[a.kind]
            weight = "bold" if a.kind == "focus" else "normal"
            color = {"focus": "#222222", "region": GREY, "sea": "#3f6f99", "country": "#6b645a"}[
                a.kind
            ]
            italic, z = a.kind == "sea", 6
        _haloed(
            ax,
            points[spot.key].text if spot.key in points else areas[spot.key].text,
            (x, y),
            gid=spot.key,
            zorder=z,
            color=color,
            xytext=spot.offset,
            ha=spot.ha,
            va=spot.va,
            fontsize=size,
            fontweight=weight,
            fontstyle="italic" if italic else "normal",
        )
    if towns:
        xs = [view.box[0] + (t.x - x0) * view.scale for t in towns]
        ys = [view.box[1] + (t.y - y0) * view.scale for t in towns]
        sizes = [(2 * t.radius - 0.6) ** 2 for t in towns]
        _city_markers(ax, xs, ys, sizes)
    return placed


def _city_markers(
    ax: Axes, xs: Sequence[float], ys: Sequence[float], sizes: Sequence[float]
) -> None:
    ax.scatter(xs, ys, s=sizes, facecolor="white", edgecolor="#333333", linewidth=0.6, zorder=5)


def draw(
    ax: Axes,
    res: Resolution,
    title: str | None = None,
    colors: dict[str, str] | None = None,
    lang: Lang = "en",
) -> Handles:
    """Draw one resolution on an axis (widened to fill it), every word in ``lang``; return a
    legend handle for each look drawn."""
    view = fit_view(_page_rect(ax))
    _place_axes(ax, view)
    ax.set_xticks([])
    ax.set_yticks([])
    _context(ax)
    handles = _territory(ax, res, colors or style.scenario_colors(res.scenario), lang)
    plan = _Plan()
    if not res.changes.empty:
        look = style.change_look(lang=lang)
        res.changes.to_crs(EQUAL_AREA_CRS).plot(
            ax=ax, facecolor="none", edgecolor=look.stroke, linewidth=_width(look), zorder=4
        )
        handles[("change", "")] = _area_handle(look)
    handles.update(_sites(res, view, plan, ax, lang))
    look = style.contact_look(Provenance.of(res.baseline).line(lang))
    load_contact_line(res.scenario.baseline).to_crs(EQUAL_AREA_CRS).plot(
        ax=ax,
        color=look.stroke,
        alpha=look.opacity,
        linewidth=_width(look),
        linestyle=_linestyle(look),
        path_effects=_casing(look),
        zorder=5,
    )
    handles[("contact", "")] = _line_handle(look)
    _cities(res, view, plan, lang)
    big = [p for p in plan.points if p.marked and p.kind == "city"]
    if big:
        _city_markers(
            ax,
            [view.box[0] + (p.x - view.rect[0]) * view.scale for p in big],
            [view.box[1] + (p.y - view.rect[1]) * view.scale for p in big],
            [(2 * p.radius - 0.6) ** 2 for p in big],
        )
    handles[("city", "")] = _marker_handle(style.city_look(lang), "o", "white", "#333333", 5)
    handles.update(_notes(res, view, plan, ax, lang))
    _areas(view, plan, lang)
    _scale_bar(ax, view, plan, lang)
    _north_arrow(ax, view, plan, lang)
    _labels(ax, view, plan)
    ax.set_xlim(view.box[0], view.box[2])
    ax.set_ylim(view.box[1], view.box[3])
    ax.set_xlabel("")
    ax.set_ylabel("")
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return handles


# The page


def _attribution(res: Resolution, lang: Lang = "en") -> str:
    origin = Provenance.of(res.baseline).attribution(lang)
    return f"{areas(lang)} ({ui('public_domain', lang)}). {cities_credit(lang)}. {origin}."


def _ordered(handles: Handles) -> list[Any]:
    """The handles in the legend's order (as in the HTML maps), one per label."""
    out: dict[str, Any] = {}
    for layer in LEGEND_ORDER:
        for (group, _), handle in handles.items():
            if group == layer:
                out.setdefault(handle.get_label(), handle)
    return list(out.values())


def _legend_labels(handles: list[Any], width_pt: float, size: float) -> list[str]:
    room = width_pt * 0.97 - (LEGEND_SWATCH["handlelength"] + 0.8 + 0.4) * size
    return [wrap(h.get_label(), room, size) for h in handles]


def _legend_size(
    handles: list[Any], labels: list[str], size: float, ncol: int = 1
) -> tuple[float, float]:
    """Width and height of a legend in points."""
    fig, renderer = _scratch()
    with settings():
        legend = fig.legend(handles, labels, **_legend_style(size, ncol))
        box = legend.get_window_extent(renderer)
        legend.remove()
    scale = 72 / MEASURE_DPI
    return (float(box.width) * scale, float(box.height) * scale)


def _legend_style(size: float, ncol: int) -> dict[str, Any]:
    return {
        "fontsize": size,
        "frameon": False,
        "ncol": ncol,
        "borderaxespad": 0.0,
        "borderpad": 0.0,
        "labelspacing": 0.45,
        **LEGEND_SWATCH,
    }


def _bullets(lines: list[str], width_pt: float, size: float) -> str:
    room = width_pt * 0.97 - 2
    return "\n".join(wrap(f"• {line}", room, size, indent="   ") for line in lines)


@dataclass(frozen=True)
class Layout:
    """The page's parts, in points: map rectangles, the figures' and the legend's boxes."""

    maps: tuple[Rect, ...]
    figures: Rect | None
    legend: Rect | None
    figure_size: float
    legend_size: float
    arrangement: str
    """``side`` (figures and legend beside the map) or ``below``."""


class _Page:
    """Lays out and draws a page of given size (in points)."""

    margin_ratio = 0.035

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        w, h = fig.get_size_inches()
        self.w, self.h = float(w) * 72, float(h) * 72
        self.margin = min(max(min(self.w, self.h) * self.margin_ratio, 12.0), 36.0)

    def text(self, x: float, y: float, text: str, **kw: Any) -> Text:
        return self.fig.text(x / self.w, y / self.h, text, **kw)

    def header(self, title: str, subtitle: str) -> float:
        """Draw title and subtitle; return the y (points) below them."""
        m = self.margin
        width = self.w - 2 * m
        size = 16.0 if self.w >= 600 else 13.0
        title = wrap(title, width, size, "bold")
        self.text(m, self.h - m, title, fontsize=size, fontweight="bold", va="top")
        y = self.h - m - text_size(title, size, "bold")[1] - 4
        subtitle = wrap(subtitle, width, 8.5)
        self.text(m, y, subtitle, fontsize=8.5, color=GREY, va="top")
        return y - text_size(subtitle, 8.5)[1] - 10

    def footer(self, text: str) -> float:
        """Draw the credit line; return the y (points) above it."""
        m = self.margin
        text = wrap(text, self.w - 2 * m, 6.0)
        self.text(m, m * 0.6, text, fontsize=6, color=GREY, va="bottom")
        return m * 0.6 + text_size(text, 6.0)[1] + 8


Fit = tuple[float, float, str, list[str], float, float]
"""Figures' size, legend's size, the figures wrapped, legend labels wrapped, their heights."""


def _fit(
    lines: list[str],
    handles: list[Any],
    widths: tuple[float, float],
    fits: Callable[[float, float, float], bool],
) -> Fit:
    """The largest sizes at which the figures (``widths[0]`` wide) and the legend
    (``widths[1]``) fit, as ``fits(text height, legend height, legend width)`` says; at the
    smallest size, the last figures are left out until the rest fit."""
    fsize, lsize = SIDE_SIZES[-1]
    for fsize, lsize in SIDE_SIZES:
        found = _fit_at(lines, handles, widths, fsize, lsize)
        if fits(found[4], found[5], _legend_size(handles, found[3], lsize)[0]):
            return found
    kept = list(lines)
    while kept:
        kept.pop()
        found = _fit_at(kept, handles, widths, fsize, lsize)
        if fits(found[4], found[5], 0.0):
            return found
    return _fit_at([], handles, widths, fsize, lsize)


def _fit_at(
    lines: list[str], handles: list[Any], widths: tuple[float, float], fsize: float, lsize: float
) -> Fit:
    text = _bullets(lines, widths[0], fsize)
    th = text_size(text, fsize, spacing=1.35)[1] if lines else 0.0
    labels = _legend_labels(handles, widths[1], lsize)
    return (fsize, lsize, text, labels, th, _legend_size(handles, labels, lsize)[1])


def _single(fig: Figure, res: Resolution, lang: Lang = "en") -> Layout:
    """One map with the figures and the legend beside it or below it, whichever shows the
    focus regions larger (always below on a portrait page)."""
    page = _Page(fig)
    m = page.margin
    top = page.header(res.scenario.title, _subtitle(res, lang))
    bottom = page.footer(_attribution(res, lang))
    body_w, body_h = page.w - 2 * m, top - bottom
    lines = headlines(res.figures, res.scenario.party_names(lang), lang)
    gap = max(10.0, m * 0.6)
    found = _ordered(_draft_handles(res, lang))
    col = min(max(body_w * 0.3, 150.0), 330.0)
    side = _fit(lines, found, (col, col), lambda th, lh, lw: th + gap + lh <= body_h and lw <= col)
    fw = body_w * 0.55 - gap / 2
    lw = body_w - fw - gap
    below = _fit(lines, found, (fw, lw), lambda th, lh, _: max(th, lh) <= body_h * 0.36)
    band = min(max(below[4], below[5]), body_h * 0.6)
    side_rect = (m, bottom, m + body_w - col - gap, top)
    below_rect = (m, bottom + band + gap, m + body_w, top)
    side_fits = side[4] + gap + side[5] <= body_h
    use_side = (
        page.w >= page.h and side_fits and _focus_scale(side_rect) >= _focus_scale(below_rect)
    )
    ax = fig.add_axes(_fraction(page, side_rect if use_side else below_rect))
    _ordered(draw(ax, res, lang=lang))
    map_rect = _page_rect(ax)
    if use_side:
        fsize, lsize, text, labels, th, lh = side
        x = m + body_w - col
        figures = (x, map_rect[3] - th, x + col, map_rect[3])
        legend = (x, map_rect[1], x + col, map_rect[1] + lh)
    else:
        fsize, lsize, text, labels, th, lh = below
        y_top = map_rect[1] - gap
        figures = (m, y_top - th, m + fw, y_top)
        legend = (m + fw + gap, y_top - lh, m + body_w, y_top)
    page.text(figures[0], figures[3], text, fontsize=fsize, linespacing=1.35, va="top")
    _legend(fig, page, found, labels, lsize, legend)
    return Layout((map_rect,), figures, legend, fsize, lsize, "side" if use_side else "below")


def _focus_scale(rect: Rect) -> float:
    """Points per kilometre the focus regions get in a map rectangle."""
    fx0, fy0, fx1, fy1 = _focus()
    return 1000 * min((rect[2] - rect[0]) / (fx1 - fx0), (rect[3] - rect[1]) / (fy1 - fy0))


def _draft_handles(res: Resolution, lang: Lang = "en") -> Handles:
    """The legend handles a map of ``res`` has (drawn on a throwaway figure)."""
    with settings():
        fig = Figure(figsize=(4, 4), dpi=20)
        return draw(fig.add_axes((0, 0, 1, 1)), res, lang=lang)


def _fraction(page: _Page, rect: Rect) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = rect
    return (x0 / page.w, y0 / page.h, (x1 - x0) / page.w, (y1 - y0) / page.h)


def _legend(
    fig: Figure,
    page: _Page,
    handles: list[Any],
    labels: list[str],
    size: float,
    box: Rect,
    ncol: int = 1,
) -> None:
    legend = fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(box[0] / page.w, box[3] / page.h),
        **_legend_style(size, ncol),
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def _subtitle(res: Resolution, lang: Lang = "en") -> str:
    return f"{res.scenario.date} · {Provenance.of(res.baseline).against(lang)}"


def _title(res: Resolution, lang: Lang = "en") -> str:
    """A map's title; a baseline's is worded in ``lang``."""
    sc = res.scenario
    return ui("baseline_title", lang, date=sc.date) if sc.id == "baseline" else sc.title


def _compare(fig: Figure, res: Resolution, base: Resolution, lang: Lang = "en") -> Layout:
    """Two maps (side by side, or one above the other on a portrait page), one legend below."""
    page = _Page(fig)
    m = page.margin
    top = page.header(res.scenario.title, _subtitle(res, lang))
    bottom = page.footer(_attribution(res, lang))
    body_w, body_h = page.w - 2 * m, top - bottom
    colors = style.scenario_colors(base.scenario, res.scenario)
    gap = max(10.0, m * 0.6)
    draft = {**_draft_handles(base, lang), **_draft_handles(res, lang)}
    found = _ordered(draft)
    ncol = 3 if body_w > 500 else 2
    lsize = SIDE_SIZES[-1][1]
    for _, size in SIDE_SIZES[3:]:
        labels = _legend_labels(found, body_w / ncol - 8, size)
        lw, lh = _legend_size(found, labels, size, ncol)
        lsize = size
        if lh <= body_h * 0.28 and lw <= body_w:
            break
    title_h = text_size("Ag", 10)[1] + 6
    area_top, area_bottom = top, bottom + lh + gap
    portrait = body_w / (area_top - area_bottom) < 1.0
    rects: list[Rect] = []
    if portrait:
        each = (area_top - area_bottom - gap) / 2
        for i in range(2):
            y1 = area_top - i * (each + gap)
            rects.append((m, y1 - each, m + body_w, y1 - title_h))
    else:
        each = (body_w - gap) / 2
        for i in range(2):
            x0 = m + i * (each + gap)
            rects.append((x0, area_bottom, x0 + each, area_top - title_h))
    handles: Handles = {}
    drawn: list[Rect] = []
    for rect, which in zip(rects, (base, res), strict=True):
        ax = fig.add_axes(_fraction(page, rect))
        handles.update(draw(ax, which, _title(which, lang), colors, lang))
        drawn.append(_page_rect(ax))
    found = _ordered(handles)
    labels = _legend_labels(found, body_w / ncol - 8, lsize)
    lw, lh = _legend_size(found, labels, lsize, ncol)
    y_top = min(r[1] for r in drawn) - gap
    legend = ((page.w - lw) / 2, y_top - lh, (page.w + lw) / 2, y_top)
    _legend(fig, page, found, labels, lsize, legend, ncol)
    return Layout(tuple(drawn), None, legend, 0.0, lsize, "compare")


def figure(
    res: Resolution,
    *,
    compare_with: Resolution | None = None,
    size: PageSize | tuple[float, float] | None = None,
    dpi: int = DEFAULT_DPI,
    size_px: tuple[int, int] | None = None,
    lang: Lang = "en",
) -> Figure:
    """A print-ready figure: map (or baseline | scenario), title, figures, legend, sources,
    every word in ``lang``.

    ``size`` is the page in inches (a :class:`~maps.sizes.PageSize` or width and height);
    ``size_px`` gives it in pixels instead (the physical size is then pixels / dpi).
    """
    page = _page(size, size_px)
    check_size(page, dpi)
    with settings():
        fig = Figure(figsize=page.inches(dpi), dpi=dpi)
        if compare_with is None:
            _single(fig, res, lang)
        else:
            _compare(fig, res, compare_with, lang)
    return fig


def _page(size: PageSize | tuple[float, float] | None, size_px: tuple[int, int] | None) -> PageSize:
    if size_px is not None:
        if size is not None:
            raise ValueError("give size or size_px, not both")
        return PageSize(0.0, 0.0, (int(size_px[0]), int(size_px[1])))
    if size is None:
        return PageSize(10.0, 7.0)
    if isinstance(size, PageSize):
        return size
    return PageSize(float(size[0]), float(size[1]))


def export(
    res: Resolution,
    path: Path,
    *,
    fmt: str = "png",
    dpi: int = DEFAULT_DPI,
    size: PageSize | tuple[float, float] | None = None,
    size_px: tuple[int, int] | None = None,
    compare_with: Resolution | None = None,
    lang: Lang = "en",
) -> Path:
    """Write a static map in ``lang``; the file appears complete or not at all, the same bytes
    each time."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    fig = figure(res, compare_with=compare_with, size=size, size_px=size_px, dpi=dpi, lang=lang)
    metadata = _metadata(fmt, res.scenario.title)

    def save(f: BinaryIO) -> None:
        with settings():
            fig.savefig(f, format=fmt, dpi=dpi, metadata=metadata)

    write_with(path, save)
    return path


def _metadata(fmt: str, title: str) -> dict[str, Any]:
    """The file's metadata: the title, and no creation time (so runs give the same bytes)."""
    if fmt == "svg":
        return {"Title": title, "Date": None}
    if fmt == "pdf":
        return {"Title": title, "CreationDate": None, "ModDate": None}
    return {"Software": "maps (matplotlib)"}
