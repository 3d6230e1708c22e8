"""The timeline page: one self-contained HTML file showing the front through time.

Pure presentation: it takes the data of :func:`maps.timeline.timeline_data` (atoms, dates,
places) and adds the look (colours, line styles, the map's context), the wording of each date's
provenance, and the page around it. The page's script (``maps/assets/timeline.js``) builds every
control from the data with DOM APIs; data text never goes through an HTML parser.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from maps import style
from maps.provenance import AREAS, BOUNDARIES_CREDIT, Provenance
from maps.render.assets import CDN, inline_script, js_value, read_asset

SCRIPT = "timeline.js"
CSS = "timeline.css"
CONTESTED_COLOR = "#999999"
"""Grey zone fill (the grey of parties without a colour of their own)."""
TITLE = "The line of contact through time"

HOLDER_STYLES: dict[str, dict[str, Any]] = {
    "R": {
        "fillColor": style.PARTY_COLORS["RU"],
        "fillOpacity": style.FILL_OPACITY,
        "stroke": False,
    },
    "U": {
        "fillColor": style.PARTY_COLORS["UA"],
        "fillOpacity": style.FILL_OPACITY,
        "stroke": False,
    },
    "c": {"fillColor": CONTESTED_COLOR, "fillOpacity": 0.7, "stroke": False},
    "-": {"fillColor": "#ffffff", "fillOpacity": 0.2, "stroke": False},
}
"""Fill of an atom by its holder at the shown date."""

LINE_STYLES: dict[str, dict[str, Any]] = {
    "border": {"color": style.BORDER_COLOR, "weight": style.LINE_WIDTHS["border"], "opacity": 1},
    "front": {
        "color": style.CONTACT_LINE_COLOR,
        "weight": style.LINE_WIDTHS["contact"],
        "dashArray": style.CONTACT_DASH,
        "opacity": 1,
    },
    "changed": {
        "color": style.CHANGE_COLOR,
        "stroke": False,
        "fill": True,
        "fillColor": "url(#mk-tl-hatch)",
        "fillOpacity": 1,
    },
    "place": {
        "radius": 4,
        "color": style.CHANGE_COLOR,
        "weight": 1.2,
        "fillColor": "#ffffff",
        "fillOpacity": 1,
    },
}


CONTEXT_STYLES: dict[str, dict[str, Any]] = {
    "country": {"fillColor": style.NEIGHBOUR_COLOR, "fillOpacity": 1, "stroke": False},
    "sea": {"fillColor": style.WATER_COLOR, "fillOpacity": 1, "stroke": False},
    "lagoon": {"fillColor": style.WATER_COLOR, "fillOpacity": 0.9, "stroke": False},
    "reservoir": {
        "fillColor": style.WATER_COLOR,
        "fillOpacity": 0.9,
        "color": style.RIVER_COLOR,
        "weight": 0.5,
        "dashArray": "2 2",
    },
    "river": {"color": style.RIVER_COLOR, "weight": style.LINE_WIDTHS["river"], "fill": False},
}
"""Context by kind, as the scenario maps draw it."""
CONTEXT_LABELS: list[list[Any]] = [
    [34.2, 43.7, "Black Sea", "mk-sea"],
    [36.6, 46.2, "Sea of Azov", "mk-sea"],
    [39.6, 50.6, "Russia", "mk-country"],
    [28.3, 52.4, "Belarus", "mk-country"],
    [28.6, 47.2, "Moldova", "mk-country"],
]


def _dated(info: Mapping[str, Any]) -> dict[str, Any]:
    """A date's entry with its provenance worded: the map note and the credit line."""
    origin = Provenance.of(info)
    return {**info, "note": origin.line(), "credit": origin.attribution()}


def _notes(data: Mapping[str, Any]) -> list[str]:
    precision = data["precision"]
    step = 10.0 ** -int(precision["decimals"])
    return [
        f"{AREAS}; Ukraine = {sum(r[2] for r in data['regions']):,.0f} km².",
        "The map is drawn from geometry simplified by "
        f"{float(precision['tolerance_m']):,.0f} m with coordinates rounded to {step:g}°; every "
        "figure is measured on the full geometry.",
        "Places: GeoNames settlements of 500 or more people (CC BY 4.0), by pre-war population.",
        "Each date is a separate baseline with its own source and accuracy: a change between two "
        "dates can be a difference of tracing as well as a move of the front.",
    ]


def page_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The page's JSON: the timeline data with styles, context, labels, notes and credits."""
    return {
        **data,
        "dates": [_dated(d) for d in data["dates"]],
        "styles": HOLDER_STYLES,
        "lineStyles": LINE_STYLES,
        "contextStyles": CONTEXT_STYLES,
        "labels": [[*row, "mk-region"] for row in data["labels"]] + CONTEXT_LABELS,
        "notes": _notes(data),
        "credits": [BOUNDARIES_CREDIT, "Places: GeoNames (CC BY 4.0)"],
    }


def _assets(offline: bool) -> tuple[str, str]:
    """(head, end of body): Leaflet and the page's own CSS and script."""
    css = f"<style>:root{{--mk-font:{style.FONT_FAMILY};}}{read_asset(CSS)}</style>"
    if offline:
        head = f"<style>{read_asset('leaflet.css')}</style>{css}"
        leaflet = inline_script(read_asset("leaflet.js"))
    else:
        head = f'<link rel="stylesheet" href="{CDN["leaflet.css"]}">{css}'
        leaflet = f'<script src="{CDN["leaflet.js"]}"></script>'
    return head, leaflet + inline_script(read_asset(SCRIPT))


def timeline_html(data: Mapping[str, Any], *, offline: bool = True, title: str = TITLE) -> str:
    """The whole page as text. ``offline`` inlines Leaflet (no CDN needed)."""
    head, scripts = _assets(offline)
    payload = js_value(page_data(data))
    dates = data["dates"]
    span = f"{dates[0]['date']} to {dates[-1]['date']}" if dates else "no dates"
    lead = f"{len(dates)} dates, {span}: who held what, and what changed hands."
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{head}</head>\n"
        '<body><div class="mk-tl-page">'
        '<div id="mk-tl-map" class="mk-tl-map" role="region" '
        'aria-label="Map of who holds what at the chosen date"></div>'
        f'<aside class="mk-tl-side"><h1>{html.escape(title)}</h1>'
        f'<p class="mk-tl-lead">{html.escape(lead)}</p><div id="mk-tl-app"></div>'
        "<noscript>This page needs JavaScript to draw the map and the figures.</noscript>"
        "</aside></div>\n"
        f'<script type="application/json" id="mk-tl-data">{payload}</script>\n'
        f"{scripts}\n</body></html>\n"
    )
