"""The index page: a card per scenario (a small preview map, its key figures, links) and a
table comparing them all, built from a manifest of rendered scenarios (``index.json``) so
that rendering some files adds to the index instead of replacing it. Plain escaped HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from maps import style
from maps.i18n import LANGS, Lang, counted, number, percent, ui
from maps.provenance import Provenance, areas, people
from maps.render.preview import preview
from maps.render.preview import valid as preview_valid
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
.thumb{{display:block;background:#dde8f0;border-radius:4px}}
.preview{{display:block;width:100%;height:auto}}
.key{{font-size:12px;color:#555;margin:4px 0 6px}}
.key span{{display:inline-block;width:10px;height:10px;margin:0 3px 0 6px;vertical-align:-1px}}
.key span:first-child{{margin-left:0}} .key .fill{{background:var(--c)}}
.key .outline{{border:2px solid var(--c);box-sizing:border-box}}
"""

COLUMN_KEYS = [
    "col_scenario",
    "col_russia_km2",
    "col_russia_share",
    "col_ukraine_km2",
    "col_ua_ru_km2",
    "col_people",
    "col_ru_ua_km2",
    "col_people",
    "col_zones_km2",
]


def columns(lang: Lang = "en") -> list[str]:
    """Headings of the table comparing the scenarios."""
    return [ui(k, lang) for k in COLUMN_KEYS]


COLUMNS = columns()


MANIFEST = "index.json"
"""The list of rendered scenarios kept in the output folder; the index page is built from it."""
MANIFEST_VERSION = 1
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _flow(res: Resolution, source: str, target: str) -> Mapping[str, Any]:
    return res.figures.moved(source, target) or {"area_km2": 0.0, "population": 0}


def _row(res: Resolution, lang: Lang = "en") -> list[str]:
    f = res.figures
    ru = next((r for r in f.parties if r["party"] == "RU"), {"area_km2": 0.0, "share": 0.0})
    zones = sum(r["area_km2"] for r in f.regimes if r["regime"])
    gain, loss = _flow(res, "UA", "RU"), _flow(res, "RU", "UA")
    return [
        number(ru["area_km2"], lang),
        percent(ru["share"], lang),
        number(f.held("UA"), lang),
        number(gain["area_km2"], lang),
        number(gain["population"], lang),
        number(loss["area_km2"], lang),
        number(loss["population"], lang),
        number(zones, lang),
    ]


def entry(res: Resolution, lang: Lang = "en") -> dict[str, Any]:
    """What the index shows of one scenario, as plain data (kept in the manifest), in
    ``lang``."""
    sc = res.scenario
    return {
        "id": sc.id,
        "title": sc.title,
        "date": str(sc.date),
        "summary": sc.summary,
        "figures": headlines(res.figures, sc.party_names(lang), lang),
        "row": _row(res, lang),
        "origin": Provenance.of(res.baseline).sentence(lang),
        "preview": preview(res, lang),
    }


def _valid_entry(item: Any) -> bool:
    """Whether a manifest entry has every field, of the right type, safe to show."""
    if not isinstance(item, dict):
        return False
    texts = ("title", "date", "summary", "origin")
    return (
        isinstance(item.get("id"), str)
        and bool(ID_RE.match(item["id"]))
        and all(isinstance(item.get(k), str) for k in texts)
        and all(isinstance(item.get(k), list) for k in ("figures", "row"))
        and all(isinstance(v, str) for k in ("figures", "row") for v in item[k])
        and len(item["row"]) == len(COLUMNS) - 1
        and preview_valid(item.get("preview"))
    )


def read_manifest(folder: Path) -> list[dict[str, Any]]:
    """The valid entries of ``folder``'s manifest; none when it is missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return []
    items = data.get("scenarios")
    return [e for e in items if _valid_entry(e)] if isinstance(items, list) else []


def merge_entries(
    old: list[dict[str, Any]], new: list[dict[str, Any]], folder: Path
) -> list[dict[str, Any]]:
    """The entries of ``old`` and ``new`` (a newer entry replaces an older one of the same id),
    without those whose map is no longer in ``folder``, ordered by id."""
    merged = {e["id"]: e for e in old}
    merged.update({e["id"]: e for e in new})
    kept = [e for e in merged.values() if (folder / f"{e['id']}.html").is_file()]
    return sorted(kept, key=lambda e: str(e["id"]))


def manifest_text(entries: list[dict[str, Any]], lang: Lang = "en") -> str:
    """The manifest's JSON text; it names the language of its page unless English."""
    data: dict[str, Any] = {"version": MANIFEST_VERSION, "scenarios": entries}
    if lang != "en":
        data["lang"] = lang
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def page_lang(manifest: Mapping[str, Any]) -> Lang:
    """The language a manifest's page is written in (English unless it says otherwise)."""
    found = manifest.get("lang")
    return next((lang for lang in LANGS if lang == found), "en")


def _svg(data: dict[str, Any], title: str, lang: Lang = "en") -> str:
    """The preview as an inline SVG (every value checked by :func:`preview_valid`)."""
    w, h = data["size"]
    paths = "".join(
        f'<path d="{s["d"]}" fill="{s["fill"]}" stroke="{s["stroke"]}" '
        f'stroke-width="{s["width"]:g}"/>'
        for s in data["shapes"]
        if s["d"]
    )
    label = escape(ui("preview_label", lang, title=title))
    return (
        f'<svg class="preview" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
        f'stroke-linejoin="round" fill-rule="evenodd">{paths}</svg>'
    )


def _key(data: dict[str, Any]) -> str:
    """The preview's legend: a swatch and a label per colour shown."""
    items = []
    for item in data["legend"]:
        kind = "outline" if len(item) > 2 else "fill"
        items.append(f'<span class="{kind}" style="--c:{item[0]}"></span>{escape(item[1])}')
    return f'<div class="key">{" ".join(items)}</div>'


def _card(e: dict[str, Any], lang: Lang = "en") -> str:
    sid = escape(e["id"])
    items = "".join(f"<li>{escape(line)}</li>" for line in e["figures"])
    return (
        f'<article class="card"><a class="thumb" href="{sid}.html">'
        f"{_svg(e['preview'], e['title'], lang)}</a>{_key(e['preview'])}"
        f"<h2>{escape(e['title'])}</h2>"
        f'<div class="date">{escape(e["date"])}</div>'
        f"<p>{escape(e['summary'])}</p><ul>{items}</ul>"
        f'<div class="links"><a href="{sid}.html">{escape(ui("link_map", lang))}</a>'
        f'<a href="{sid}-compare.html">{escape(ui("link_compare", lang))}</a>'
        f'<a href="{sid}.json">{escape(ui("link_figures", lang))}</a></div></article>'
    )


def index_html(resolutions: list[Resolution], lang: Lang = "en") -> str:
    """The whole page for the given resolutions, in their order."""
    return index_from_entries([entry(r, lang) for r in resolutions], lang)


def index_from_entries(entries: list[dict[str, Any]], lang: Lang = "en") -> str:
    """The whole page for manifest entries, in their order: its own words in ``lang``, each
    entry's figures in the language it was rendered in."""
    cards = "".join(_card(e, lang) for e in entries)
    head = "".join(f"<th>{escape(c)}</th>" for c in columns(lang))
    rows = "".join(
        f'<tr><td><a href="{escape(e["id"])}.html">{escape(e["title"])}</a></td>'
        + "".join(f"<td>{escape(v)}</td>" for v in e["row"])
        + "</tr>"
        for e in entries
    )
    origins = sorted({e["origin"] for e in entries})
    note = escape(" ".join([*origins, f"{areas(lang)}.", f"{people(lang)}."]))
    title = escape(ui("index_title", lang))
    lead = escape(ui("index_lead", lang, count=counted(len(entries), "scenarios", lang)))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{title}</h1>"
        f'<p class="lead">{lead}</p>'
        f'<section class="cards">{cards}</section>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="note">{note}</p></main></body></html>\n'
    )
