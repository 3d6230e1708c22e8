"""The index page: a card per scenario and a table comparing them all. Plain escaped HTML."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from maps import style
from maps.provenance import AREAS, PEOPLE, Provenance
from maps.resolve import Resolution
from maps.summary import headlines

CSS = f"""
body{{font:15px/1.5 {style.FONT_FAMILY};margin:0;color:#222;background:#f7f6f3}}
main{{max-width:1100px;margin:0 auto;padding:24px}}
h1{{font-size:26px;margin:0 0 4px}} .lead{{color:#555;margin:0 0 20px}}
.cards{{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}}
.card{{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 4px rgba(0,0,0,.15)}}
.card h2{{font-size:18px;margin:0 0 4px}} .date{{color:#666;font-size:13px}}
.card ul{{padding-left:18px;margin:8px 0}} .links a{{margin-right:12px}}
table{{border-collapse:collapse;width:100%;background:#fff;margin:24px 0;font-size:14px}}
th,td{{padding:6px 8px;border-bottom:1px solid #ddd;text-align:right}}
th:first-child,td:first-child{{text-align:left}} th{{background:#eee}}
.note{{color:#555;font-size:13px}}
"""

COLUMNS = [
    "Scenario",
    "Russia km²",
    "Russia %",
    "Ukraine km²",
    "UA → RU km²",
    "People",
    "RU → UA km²",
    "People",
    "Zones km²",
]


def _flow(res: Resolution, source: str, target: str) -> Mapping[str, Any]:
    return res.figures.moved(source, target) or {"area_km2": 0.0, "population": 0}


def _row(res: Resolution) -> list[str]:
    f = res.figures
    ru = next((r for r in f.parties if r["party"] == "RU"), {"area_km2": 0.0, "share": 0.0})
    zones = sum(r["area_km2"] for r in f.regimes if r["regime"])
    gain, loss = _flow(res, "UA", "RU"), _flow(res, "RU", "UA")
    return [
        f"{ru['area_km2']:,.0f}",
        f"{ru['share']:.1f}%",
        f"{f.held('UA'):,.0f}",
        f"{gain['area_km2']:,.0f}",
        f"{gain['population']:,}",
        f"{loss['area_km2']:,.0f}",
        f"{loss['population']:,}",
        f"{zones:,.0f}",
    ]


def _card(res: Resolution) -> str:
    sc = res.scenario
    names = sc.party_names()
    items = "".join(f"<li>{escape(line)}</li>" for line in headlines(res.figures, names))
    return (
        f'<article class="card"><h2>{escape(sc.title)}</h2>'
        f'<div class="date">{escape(str(sc.date))}</div>'
        f"<p>{escape(sc.summary)}</p><ul>{items}</ul>"
        f'<div class="links"><a href="{escape(sc.id)}.html">Map</a>'
        f'<a href="{escape(sc.id)}-compare.html">Compare with the baseline</a></div></article>'
    )


def index_html(resolutions: list[Resolution]) -> str:
    """The whole page for the given resolutions, in their order."""
    cards = "".join(_card(r) for r in resolutions)
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    rows = "".join(
        f'<tr><td><a href="{escape(r.scenario.id)}.html">{escape(r.scenario.title)}</a></td>'
        + "".join(f"<td>{escape(v)}</td>" for v in _row(r))
        + "</tr>"
        for r in resolutions
    )
    origins = sorted({Provenance.of(r.baseline).sentence() for r in resolutions})
    note = escape(" ".join([*origins, f"{AREAS}.", f"{PEOPLE}."]))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Territorial scenarios for Ukraine</title><style>{CSS}</style></head><body><main>"
        "<h1>Territorial scenarios for Ukraine</h1>"
        f'<p class="lead">{len(resolutions)} scenarios, each resolved against the baseline.</p>'
        f'<section class="cards">{cards}</section>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="note">{note}</p></main></body></html>\n'
    )
