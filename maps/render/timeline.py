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
from maps.i18n import NBSP, Lang, number, place, ui, ui_words
from maps.provenance import Provenance, areas, boundaries_credit
from maps.render.assets import CDN, inline_script, js_value, read_asset
from maps.summary import region_label

SCRIPT = "timeline.js"
CSS = "timeline.css"
CONTESTED_COLOR = "#999999"
"""Grey zone fill (the grey of parties without a colour of their own)."""
TITLE = ui("tl.title")

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


def _dated(info: Mapping[str, Any], lang: Lang = "en") -> dict[str, Any]:
    """A date's entry with its provenance worded: the map note and the credit line (in
    Ukrainian, the title is the metadata's ``title_uk`` or the line's own wording)."""
    origin = Provenance.of(info)
    out = {**info, "note": origin.line(lang), "credit": origin.attribution(lang)}
    if lang != "en":
        out["title"] = str(info.get(f"title_{lang}") or origin.line(lang))
    return out


def _notes(data: Mapping[str, Any], lang: Lang = "en") -> list[str]:
    precision = data["precision"]
    step = 10.0 ** -int(precision["decimals"])
    total = number(sum(r[2] for r in data["regions"]), lang)
    metres = number(float(precision["tolerance_m"]), lang)
    shown = f"{step:g}".replace(".", ",") if lang == "uk" else f"{step:g}"
    return [
        ui("ukraine_total", lang, areas=areas(lang), km2=total),
        ui("tl.simplified", lang, metres=metres, step=shown),
        ui("tl.places_note", lang),
        ui("tl.dates_note", lang),
    ]


def _localised(data: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Region names and labels in ``lang`` (place names come localised in the data)."""
    if lang == "en":
        return {"regions": data["regions"], "labels": data["labels"]}
    regions = [[rid, region_label(rid, name, lang), km2] for rid, name, km2 in data["regions"]]
    labels = []
    for (lon, lat, name), (rid, *_) in zip(data["labels"], data["regions"], strict=True):
        shown = place("Crimea", lang) if rid == "crimea" else region_label(rid, name, lang)
        labels.append([lon, lat, shown])
    return {"regions": regions, "labels": labels}


def page_data(data: Mapping[str, Any], lang: Lang = "en") -> dict[str, Any]:
    """The page's JSON: the timeline data with styles, context, labels, notes, credits and
    the page's words and number format in ``lang``."""
    named = _localised(data, lang)
    context = [[x, y, place(name, lang), cls] for x, y, name, cls in CONTEXT_LABELS]
    numbers = {"group": NBSP, "decimal": ","} if lang == "uk" else {"group": ",", "decimal": "."}
    return {
        **data,
        "regions": named["regions"],
        "dates": [_dated(d, lang) for d in data["dates"]],
        "styles": HOLDER_STYLES,
        "lineStyles": LINE_STYLES,
        "contextStyles": CONTEXT_STYLES,
        "labels": [[*row, "mk-region"] for row in named["labels"]] + context,
        "notes": _notes(data, lang),
        "credits": [boundaries_credit(lang), ui("tl.places_credit", lang)],
        "words": ui_words("tl.", lang),
        "format": numbers,
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


def timeline_html(
    data: Mapping[str, Any], *, offline: bool = True, title: str | None = None, lang: Lang = "en"
) -> str:
    """The whole page as text, every word in ``lang``. ``offline`` inlines Leaflet (no CDN
    needed)."""
    head, scripts = _assets(offline)
    payload = js_value(page_data(data, lang))
    title = title or ui("tl.title", lang)
    dates = data["dates"]
    if dates:
        lead = ui("tl.lead", lang, count=len(dates), first=dates[0]["date"], last=dates[-1]["date"])
    else:
        lead = ui("tl.no_dates", lang)
    map_label = html.escape(ui("tl.map_label", lang), quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{head}</head>\n"
        '<body><div class="mk-tl-page">'
        f'<div id="mk-tl-map" class="mk-tl-map" role="region" aria-label="{map_label}"></div>'
        f'<aside class="mk-tl-side"><h1>{html.escape(title)}</h1>'
        f'<p class="mk-tl-lead">{html.escape(lead)}</p><div id="mk-tl-app"></div>'
        f"<noscript>{html.escape(ui('tl.noscript', lang))}</noscript>"
        "</aside></div>\n"
        f'<script type="application/json" id="mk-tl-data">{payload}</script>\n'
        f"{scripts}\n</body></html>\n"
    )
