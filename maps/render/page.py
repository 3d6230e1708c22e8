"""A bare folium map (Leaflet only, no tiles) and deterministic, atomic HTML output."""

from __future__ import annotations

import html
from collections import OrderedDict
from urllib.parse import urlsplit

import folium
from branca.element import Element, Figure

from maps.errors import MapsError
from maps.i18n import Lang, ui, ui_words
from maps.render.elements import (
    FullscreenButton,
    Responsive,
    ScrollGuard,
    TileLayer,
    Words,
    add_head,
)
from maps.tables import http_url

TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors"),
}
"""Named tile sources for the optional tile layer."""


def new_map(
    bounds: tuple[float, float, float, float],
    *,
    offline: bool = True,
    tiles: str | None = None,
    lang: Lang = "en",
) -> folium.Map:
    """A folium map fitted to ``bounds`` (lon0, lat0, lon1, lat1), loading only Leaflet.

    Once its controls exist the page frames ``bounds`` again clear of them, at any width
    (``MapsKit.responsive``). Land and sea come from the shipped vector context. ``tiles``
    (``osm`` or a URL template) adds an optional tile layer over it, which simply stays blank
    without a network. Folium's default jQuery/Bootstrap/icon assets are dropped; ours are
    inlined unless ``offline`` is False. The controls speak ``lang``.
    """
    lon0, lat0, lon1, lat1 = bounds
    m = folium.Map(
        location=None,
        tiles=None,
        zoom_control=True,
        control_scale=True,
        min_zoom=5,
        max_zoom=11,
        zoom_snap=0.05,  # the focus regions fill the width the controls leave
    )
    m.default_js = []
    m.default_css = []
    m.fit_bounds([[lat0, lon0], [lat1, lon1]])
    m.add_child(Words(ui_words("kit.", lang)))
    if tiles:
        m.add_child(TileLayer(*tile_source(tiles, lang)))
    figure = Figure()
    figure.add_child(m)
    add_head(figure, offline)
    m.add_child(FullscreenButton())
    m.add_child(ScrollGuard())
    m.add_child(Responsive(bounds))
    return m


def tile_source(tiles: str, lang: Lang = "en") -> tuple[str, str]:
    """URL template and attribution of ``osm`` or an http(s) URL template."""
    if tiles in TILES:
        return TILES[tiles]
    if not http_url(tiles):
        raise MapsError(f"tiles {tiles!r}: give osm or an http(s) URL template")
    return tiles, ui("map_tiles", lang, host=urlsplit(tiles).netloc)


def stable_ids(element: Element, counter: list[int] | None = None) -> None:
    """Replace folium's random element ids with sequential ones, in tree order."""
    counter = counter if counter is not None else [0]
    counter[0] += 1
    element._id = f"{counter[0]:04d}"
    for child in list(element._children.values()):
        stable_ids(child, counter)


def render_html(m: folium.Map, title: str, lang: Lang = "en") -> str:
    """The whole page as text, its ``<html lang>`` set; equal maps give byte-identical
    output."""
    figure = m.get_root()
    if not isinstance(figure, Figure):
        raise ValueError("the map is not in a page")
    stable_ids(figure)
    figure.header._children = OrderedDict(sorted(figure.header._children.items()))
    page = figure.render()
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    return page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
