"""Static maps (PNG, SVG, PDF) with matplotlib, styled from ``maps.style`` like the HTML maps.

Importing this module changes nothing in matplotlib: figures are plain :class:`Figure` objects
(no pyplot, no backend switch) and every setting lives in :func:`settings`, a context used
around drawing and saving. User text (titles, party names) is drawn literally, never parsed
as mathtext, and exports are byte-identical from run to run (no timestamps, fixed ids).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from maps import style
from maps.errors import MapsError
from maps.files import write_with
from maps.geo import EQUAL_AREA_CRS
from maps.load import load_cities, load_contact_line, load_context, load_regions
from maps.provenance import AREAS, CITIES_CREDIT, Provenance
from maps.regions import FOCUS
from maps.resolve import Resolution
from maps.summary import headlines

if TYPE_CHECKING:  # matplotlib.typing exists from matplotlib 3.8 on
    from matplotlib.typing import RcKeyType

FORMATS = ("png", "svg", "pdf")
DEFAULT_SIZE_PX = (3000, 2100)
DEFAULT_DPI = 300
DPI_RANGE = (30, 1200)
SIDE_RANGE_PX = (100, 20_000)
MAX_PIXELS = 40_000_000
"""At most 40 megapixels (160 MB of RGBA while drawing)."""
RC: dict[RcKeyType, Any] = {
    "font.family": style.FONT_FAMILY_STATIC,
    "text.usetex": False,
    "text.parse_math": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "maps",
}
"""Matplotlib settings of every static map: literal text, reproducible SVG ids."""
LABEL_SPACING_M = 30_000
"""A city is labelled only if no larger labelled city is this close."""


def _fill(color: str) -> tuple[float, float, float, float]:
    """A party colour at the HTML maps' opacity, blended over the land colour (opaque)."""
    r, g, b, _ = to_rgba(color)
    lr, lg, lb, _ = to_rgba(style.LAND_COLOR)
    a = style.FILL_OPACITY
    return (r * a + lr * (1 - a), g * a + lg * (1 - a), b * a + lb * (1 - a), 1.0)


STATIC_SCALE = 0.6
"""Points of a static line per CSS pixel of the HTML maps' line."""


def _width(look: style.Look) -> float:
    return look.width * STATIC_SCALE


def _linestyle(look: style.Look) -> Any:
    """A look's dashes in matplotlib's terms (which scales dashes by the line width)."""
    if not look.dash:
        return "solid"
    return (0, tuple(float(v) / look.width for v in look.dash.split()))


Handles = dict[tuple[str, str], Any]
"""Legend handles by (layer, key), in the order drawn."""


def _area_handle(look: style.Look) -> Patch:
    """The legend swatch of an area look, drawn as the area is."""
    if look.fill is not None and look.fill_opacity > 0:
        face: Any = _fill(look.fill)
    else:
        face = "none"
    ink = look.pattern.ink if look.pattern else None
    return Patch(
        facecolor=face,
        edgecolor=ink or look.stroke or "none",
        hatch=look.pattern.hatch if look.pattern else None,
        linewidth=_width(look) if look.stroke and not ink else 0.0,
        linestyle=_linestyle(look),
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


def _symbol_handle(look: style.Look) -> Line2D:
    symbol = look.symbol
    if symbol is None:
        raise ValueError("a look without a symbol")
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=symbol.marker,
        markersize=7,
        markerfacecolor=symbol.fill,
        markeredgecolor=symbol.stroke,
        markeredgewidth=0.8,
        label=look.label,
    )


def _frame() -> tuple[float, float, float, float]:
    focus = load_regions(list(FOCUS)).to_crs(EQUAL_AREA_CRS).total_bounds
    pad = 60_000
    return (focus[0] - pad, focus[1] - pad, focus[2] + pad, focus[3] + pad)


def _context(ax: Axes) -> None:
    ctx = load_context().to_crs(EQUAL_AREA_CRS)
    ax.set_facecolor(style.WATER_COLOR)
    ctx[ctx["kind"] == "country"].plot(
        ax=ax, color=style.NEIGHBOUR_COLOR, edgecolor="#b8b2a7", linewidth=0.4
    )
    ctx[ctx["kind"].isin(["sea", "lagoon"])].plot(ax=ax, color=style.WATER_COLOR, linewidth=0)


def _territory(ax: Axes, res: Resolution, colors: dict[str, str]) -> Handles:
    """Fill by who administers, hatched by recognition; water; regime overlays; sovereignty
    outlines. Returns a legend handle for each look drawn."""
    names = res.scenario.party_names()
    control = res.control.to_crs(EQUAL_AREA_CRS)
    rows = style.attribute_rows(control)
    looks = style.territory_looks(rows, colors, names)
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


def _sites(ax: Axes, res: Resolution) -> Handles:
    """Point sites as their kind's symbol with the name beside; line sites as lines."""
    handles: Handles = {}
    if res.sites is None or res.sites.empty:
        return handles
    sites = res.sites.to_crs(EQUAL_AREA_CRS)
    lines = sites[sites.geom_type.isin(["LineString", "MultiLineString"])]
    if not lines.empty:
        look = style.site_line_look()
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
        look = style.site_look(kind)
        symbol = look.symbol
        assert symbol is not None
        where = part.geometry.representative_point()
        ax.scatter(
            where.x,
            where.y,
            marker=symbol.marker,
            s=42,
            facecolor=symbol.fill,
            edgecolor=symbol.stroke,
            linewidth=0.8,
            zorder=8,
        )
        for name, x, y in zip(part["name"], where.x, where.y, strict=True):
            ax.annotate(
                str(name),
                (x, y),
                xytext=(5, 3),
                textcoords="offset points",
                fontsize=6.5,
                fontweight="bold",
                color=style.TEXT_COLOR,
                zorder=8,
                path_effects=_halo(),
                parse_math=False,
            )
        handles[("site", kind)] = _symbol_handle(look)
    return handles


def _lines_and_places(ax: Axes, res: Resolution) -> Handles:
    handles: Handles = {}
    if not res.changes.empty:
        look = style.change_look()
        res.changes.to_crs(EQUAL_AREA_CRS).plot(
            ax=ax, facecolor="none", edgecolor=look.stroke, linewidth=_width(look), zorder=4
        )
        handles[("change", "")] = _area_handle(look)
    handles.update(_sites(ax, res))
    look = style.contact_look(Provenance.of(res.baseline).line())
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
    _cities(ax)
    handles[("city", "")] = Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=5,
        markerfacecolor="white",
        markeredgecolor="#333333",
        markeredgewidth=0.6,
        label=style.CITY_LOOK.label,
    )
    _region_labels(ax)
    return handles


def _cities(ax: Axes) -> None:
    cities = load_cities()
    cities = cities[(cities["country"] == "UA") & (cities["population"] >= 100_000)]
    points = cities.to_crs(EQUAL_AREA_CRS)
    sizes = [style.city_radius(int(p)) ** 2 * 1.2 for p in cities["population"]]
    ax.scatter(
        points.geometry.x,
        points.geometry.y,
        s=sizes,
        facecolor="white",
        edgecolor="#333333",
        linewidth=0.6,
        zorder=5,
    )
    x0, y0, x1, y1 = _frame()
    labelled: list[Any] = []
    order = points.assign(population=cities["population"]).sort_values(
        "population", ascending=False
    )
    for name, pt in zip(order["name"], shapely.get_parts(order.geometry.values), strict=True):
        crowded = any(pt.distance(other) < LABEL_SPACING_M for other in labelled)
        if x0 < pt.x < x1 and y0 < pt.y < y1 and not crowded:
            labelled.append(pt)
            ax.annotate(
                name,
                (pt.x, pt.y),
                xytext=(4, 2),
                textcoords="offset points",
                fontsize=6.5,
                color=style.TEXT_COLOR,
                zorder=6,
                path_effects=_halo(),
                parse_math=False,
            )


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2, foreground="white")]


def _region_labels(ax: Axes) -> None:
    regions = load_regions(list(FOCUS)).to_crs(EQUAL_AREA_CRS)
    for rid, name, geom in zip(regions["id"], regions["name"], regions.geometry, strict=True):
        if rid == "sevastopol":
            continue
        point = geom.representative_point()
        ax.annotate(
            "Crimea" if rid == "crimea" else name,
            (point.x, point.y),
            ha="center",
            fontsize=8,
            fontweight="bold",
            color="#222222",
            zorder=6,
            path_effects=_halo(),
            parse_math=False,
        )


def _scale_bar(ax: Axes) -> None:
    x0, y0, x1, y1 = _frame()
    length = 100_000
    x, y = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    ax.plot([x, x + length], [y, y], color="#222222", linewidth=2, solid_capstyle="butt", zorder=7)
    ax.annotate(
        "100 km",
        (x + length / 2, y),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        fontsize=7,
        zorder=7,
        parse_math=False,
    )


def _north_arrow(ax: Axes) -> None:
    ax.annotate(
        "N",
        xy=(0.965, 0.95),
        xytext=(0.965, 0.87),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "#222222", "linewidth": 1.2},
        parse_math=False,
    )


def draw(
    ax: Axes, res: Resolution, title: str | None = None, colors: dict[str, str] | None = None
) -> Handles:
    """Draw one resolution on an axis; return a legend handle for each look drawn."""
    _context(ax)
    handles = _territory(ax, res, colors or style.scenario_colors(res.scenario))
    handles.update(_lines_and_places(ax, res))
    x0, y0, x1, y1 = _frame()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _scale_bar(ax)
    _north_arrow(ax)
    if title:
        ax.set_title(title, fontsize=10, loc="left", parse_math=False)
    return handles


def _attribution(res: Resolution) -> str:
    origin = Provenance.of(res.baseline).attribution()
    return f"{AREAS} (public domain). {CITIES_CREDIT}. {origin}."


@contextmanager
def settings() -> Iterator[None]:
    """Matplotlib's settings for static maps, restored on leaving (see :data:`RC`)."""
    with matplotlib.rc_context(RC):
        yield


def check_size(size_px: tuple[int, int], dpi: int) -> None:
    """Raise :class:`MapsError` unless the size and resolution are within the bounds."""
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise MapsError(f"dpi {dpi}: use {low} to {high} dots per inch")
    low, high = SIDE_RANGE_PX
    width, height = size_px
    if not (low <= width <= high and low <= height <= high):
        raise MapsError(f"size {width}x{height}: width and height must be {low} to {high} pixels")
    if width * height > MAX_PIXELS:
        raise MapsError(
            f"size {width}x{height}: at most {MAX_PIXELS // 1_000_000} megapixels in all"
        )


def figure(
    res: Resolution,
    *,
    compare_with: Resolution | None = None,
    size_px: tuple[int, int] = DEFAULT_SIZE_PX,
    dpi: int = DEFAULT_DPI,
) -> Figure:
    """A print-ready figure: map (or baseline | scenario), title, figures, legend, sources."""
    check_size(size_px, dpi)
    with settings():
        fig = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi)
        _layout(fig, res, compare_with)
    return fig


def _layout(fig: Figure, res: Resolution, compare_with: Resolution | None) -> None:
    top = 0.86
    if compare_with is None:
        ax = fig.add_axes((0.02, 0.1, 0.66, top - 0.1))
        handles = draw(ax, res)
        side = fig.add_axes((0.7, 0.1, 0.28, top - 0.1))
        side.axis("off")
        names = res.scenario.party_names()
        text = "\n".join(f"• {line}" for line in headlines(res.figures, names))
        _side(side, text, _ordered(handles, 58))
    else:
        colors = style.scenario_colors(compare_with.scenario, res.scenario)
        left = fig.add_axes((0.02, 0.12, 0.47, top - 0.14))
        right = fig.add_axes((0.51, 0.12, 0.47, top - 0.14))
        handles = draw(left, compare_with, compare_with.scenario.title, colors)
        handles.update(draw(right, res, res.scenario.title, colors))
        legend = fig.legend(
            handles=_ordered(handles, 44),
            **LEGEND_SWATCH,
            loc="lower center",
            ncol=4,
            fontsize=7,
            frameon=False,
            bbox_to_anchor=(0.5, 0.04),
        )
        _literal(legend)
    grey = "#555555"
    title = res.scenario.title
    fig.text(0.02, 0.955, title, fontsize=15, fontweight="bold", va="top", parse_math=False)
    subtitle = f"{res.scenario.date} · {Provenance.of(res.baseline).against()}"
    fig.text(
        0.02,
        0.905,
        subtitle,
        fontsize=8.5,
        color=grey,
        va="top",
        parse_math=False,
    )
    fig.text(0.02, 0.015, _attribution(res), fontsize=6, color=grey, parse_math=False)


LEGEND_SWATCH = {"handlelength": 2.8, "handleheight": 1.6}
"""Swatches large enough to show a pattern's marks."""
LEGEND_ORDER = ("fill", "regime", "sovereignty", "change", "site", "site-line", "contact", "city")


def _ordered(handles: Handles, width: int) -> list[Any]:
    """The handles in the legend's order (as in the HTML maps), one per label, labels wrapped
    to ``width`` characters."""
    out: dict[str, Any] = {}
    for layer in LEGEND_ORDER:
        for (group, _), handle in handles.items():
            if group == layer:
                out.setdefault(handle.get_label(), handle)
    for label, handle in out.items():
        handle.set_label(_wrap(label, width).replace("\n  ", "\n"))
    return list(out.values())


SIDE_SIZES = ((7.5, 6.5), (6.8, 6.0), (6.2, 5.5), (5.6, 5.0), (5.0, 4.5))
"""Font sizes (figures, legend) tried in turn until the figures and the legend do not overlap."""


def _side(side: Axes, text: str, handles: list[Any]) -> None:
    """The figures at the top of the side column and the legend at its foot, in the largest
    type that keeps them apart."""
    for text_size, legend_size in SIDE_SIZES:
        side.clear()
        side.axis("off")
        figures = side.text(
            0, 1, _wrap(text, 48), va="top", fontsize=text_size, linespacing=1.35, parse_math=False
        )
        legend = side.legend(
            handles=handles, loc="lower left", fontsize=legend_size, frameon=False, **LEGEND_SWATCH
        )
        _literal(legend)
        if figures.get_window_extent().y0 > legend.get_window_extent().y1:
            return


def _literal(legend: Any) -> None:
    """Draw a legend's labels as plain text, whatever the settings in force."""
    for text in legend.get_texts():
        text.set_parse_math(False)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(
        "\n  ".join(textwrap.wrap(line, width)) if line else "" for line in text.splitlines()
    )


def export(
    res: Resolution,
    path: Path,
    *,
    fmt: str = "png",
    dpi: int = DEFAULT_DPI,
    size_px: tuple[int, int] = DEFAULT_SIZE_PX,
    compare_with: Resolution | None = None,
) -> Path:
    """Write a static map; the file appears complete or not at all, the same bytes each time."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    fig = figure(res, compare_with=compare_with, size_px=size_px, dpi=dpi)
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
        return {"Title": title, "CreationDate": None}
    return {}
