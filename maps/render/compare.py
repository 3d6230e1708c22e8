"""The comparison page's own parts: the side-by-side panel (each side's key figures and the
table of what changes between them) and the controls that keep each side's marks on its side
of the slider. Presentation only: every number comes from the resolutions and the changes."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from branca.element import Figure

from maps import style
from maps.i18n import Lang, about, number, percent, ui
from maps.load import region_name as english_region_name
from maps.provenance import Provenance, areas, people
from maps.render.assets import read_asset
from maps.render.elements import KitCall, Raw
from maps.resolve import Resolution
from maps.summary import party_name, region_label

SIDES = ("A", "B")
"""What the panel's styles call the left and the right side (``mk-side-A``)."""


def sides(lang: Lang = "en") -> tuple[str, str]:
    """What the panel calls the left and the right side, in ``lang`` ('A', 'B' / 'А', 'Б')."""
    return ui("side_a", lang), ui("side_b", lang)


def region_name(region: str, lang: Lang = "en") -> str:
    """A region's name in ``lang``."""
    return region_label(region, english_region_name(region), lang)


NONE = "\u2014"
"""A cell for a figure a side does not have."""


class ComparePanel(KitCall):
    """The comparison panel: both sides' titles, dates, baselines and key figures side by
    side, the table of land that changes administration from A to B, each side's terms."""

    function = "comparePanel"

    def __init__(self, info: dict[str, Any]) -> None:
        super().__init__(info)


class CompareSwipe(KitCall):
    """The slider: every pane named for a side is clipped to that side; it starts where
    neither side is hidden under the panel."""

    function = "swipe"

    def __init__(self, left: list[str], right: list[str], labels: tuple[str, str]) -> None:
        super().__init__(left, right, list(labels))


class SideNotes(KitCall):
    """A scenario's labelled points in one side's pane, labels included, so they show only on
    that side of the slider: rows of (lon, lat, label, note)."""

    function = "sideNotes"

    def __init__(self, rows: list[list[Any]], style: dict[str, Any], pane: str, z: int) -> None:
        super().__init__(rows, style, pane, z)


def add_style(figure: Figure) -> None:
    """The comparison page's stylesheet (``maps/assets/compare.css``), once, in the head."""
    figure.header.add_child(Raw(f"<style>{read_asset('compare.css')}</style>"), name="compare-css")


def _km2(value: float, lang: Lang = "en") -> str:
    if value >= 0.5:
        return ui("km2_value", lang, km2=number(value, lang))
    return ui("under_1_km2", lang)


def _share(area: float, share: float, lang: Lang = "en") -> str:
    return ui("share_value", lang, km2=number(area, lang), share=percent(share, lang))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


Rows = dict[tuple[str, ...], tuple[str, str]]
"""Figure rows of one side: (kind, key...) -> (label, value)."""


def _figures(res: Resolution, names: dict[str, str], lang: Lang = "en") -> Rows:
    """One side's key figures, keyed so that the same figure of the other side lines up."""
    f = res.figures

    def name(party: str) -> str:
        return party_name(party, names, lang)

    rows: Rows = {}
    for r in f.parties:
        rows[("held", r["party"])] = (
            ui("administered_by", lang, party=name(r["party"])),
            _share(r["area_km2"], r["share"], lang),
        )
    for r in f.sovereignty:
        if r["party"] != "UA":
            rows[("sovereign", r["party"])] = (
                ui("sovereign_of", lang, party=name(r["party"])),
                _share(r["area_km2"], r["share"], lang),
            )
    for rec in f.recognitions:
        by = tuple(rec["recognised_by"])
        label = style.recognition_text(rec["kind"], name(rec["recognised_as"]), by, names, lang)
        key = ("recognition", rec["kind"], rec["recognised_as"], *by)
        rows[key] = (_cap(label), _share(rec["area_km2"], rec["share"], lang))
    for reg in f.regimes:
        label = style.regime_text(reg["regime"], reg["no_forces"], names, lang) or ui("zone", lang)
        key = ("regime", ",".join(reg["regime"]), ",".join(reg["no_forces"]))
        rows[key] = (_cap(label), _share(reg["area_km2"], reg["share"], lang))
    for flow in f.flows:
        count = flow["population"]
        people = ui("people_value", lang, about=about(count, lang)) if count else ""
        rows[("flow", flow["from"], flow["to"])] = (
            ui("flow_vs_baseline", lang, a=name(flow["from"]), b=name(flow["to"])),
            _km2(flow["area_km2"], lang) + people,
        )
    if not f.flows:
        rows[("flow",)] = (ui("no_flow_vs_baseline", lang), ui("none", lang))
    return rows


KIND_ORDER = {"held": 0, "sovereign": 1, "recognition": 2, "regime": 3, "flow": 4}


def figure_rows(
    a: Resolution, b: Resolution, names: dict[str, str], lang: Lang = "en"
) -> list[list[str]]:
    """(label, A's value, B's value) for every figure either side has, in a fixed order:
    held per party, sovereignty, recognition, regimes, land changing hands."""
    left, right = _figures(a, names, lang), _figures(b, names, lang)
    keys = list(left) + [k for k in right if k not in left]
    if any(k[0] == "flow" and len(k) > 1 for k in keys):
        keys = [k for k in keys if k != ("flow",)]  # 'none' goes into the other side's rows
    keys.sort(key=lambda k: KIND_ORDER[k[0]])  # stable: each side's own order within a kind
    out = []
    for key in keys:
        label = (left.get(key) or right[key])[0]
        missing = ui("none", lang) if key[0] == "flow" else NONE
        out.append([label, left.get(key, ("", missing))[1], right.get(key, ("", missing))[1]])
    return out


def change_rows(
    changes: gpd.GeoDataFrame, names: dict[str, str], lang: Lang = "en"
) -> list[list[str]]:
    """(region, direction, km², people) per region and direction, then a total per direction."""
    rows: list[list[str]] = []
    totals: dict[tuple[str, str], tuple[float, int]] = {}
    columns = ["region", "from", "to", "area_km2", "population"]
    ordered = changes.sort_values(["from", "to", "region"], kind="stable")[columns]
    for row in ordered.to_dict("records"):
        source, target = str(row["from"]), str(row["to"])
        way = f"{party_name(source, names, lang)} \u2192 {party_name(target, names, lang)}"
        people = int(row["population"] or 0)
        region = region_name(str(row["region"]), lang)
        rows.append([region, way, _km2(row["area_km2"], lang), _people(people, lang)])
        km2, count = totals.get((source, target), (0.0, 0))
        totals[(source, target)] = (km2 + float(row["area_km2"]), count + people)
    if len(rows) > 1:
        for (source, target), (km2, count) in totals.items():
            way = f"{party_name(source, names, lang)} \u2192 {party_name(target, names, lang)}"
            rows.append([ui("all_regions", lang), way, _km2(km2, lang), _people(count, lang)])
    return rows


def _people(count: int, lang: Lang = "en") -> str:
    return about(count, lang) if count else "0"


def scenario_title(res: Resolution, lang: Lang = "en") -> str:
    """A scenario's title; a baseline's is worded in ``lang``."""
    sc = res.scenario
    return ui("baseline_title", lang, date=sc.date) if sc.id == "baseline" else sc.title


def _side(
    res: Resolution, key: str, label: str, where: str, lang: Lang = "en", mark: str = ""
) -> dict[str, Any]:
    sc = res.scenario
    origin = Provenance.of(res.baseline)
    sources = []
    for s in sc.sources:
        meta = ", ".join(str(x) for x in (s.publisher, s.date) if x)
        sources.append({"title": s.title, "url": s.url, "meta": meta})
    return {
        "key": key,
        "mark": mark or key,
        "label": label,
        "where": where,
        "title": scenario_title(res, lang),
        "date": str(sc.date),
        "baseline": origin.line(lang),
        "summary": sc.summary,
        "rules": [
            ui("rule_note", lang, number=i, note=r.note)
            for i, r in enumerate(sc.rules, start=1)
            if r.note
        ],
        "terms": sc.term_texts(),
        "sources": sources,
    }


def panel_info(
    a: Resolution,
    b: Resolution,
    changes: gpd.GeoDataFrame,
    labels: tuple[str, str],
    names: dict[str, str],
    lang: Lang = "en",
) -> dict[str, Any]:
    """Everything the comparison panel shows, as plain data (text is inserted as text)."""
    origins = dict.fromkeys(Provenance.of(r.baseline).sentence(lang) for r in (a, b))
    ka, kb = sides(lang)
    columns = [ui(k, lang) for k in ("col_region", "col_change", "col_area", "col_people")]
    total = number(b.figures.ukraine_km2, lang)
    return {
        "title": ui("compared_with", lang, a=labels[0], b=labels[1]),
        "sides": [
            _side(a, SIDES[0], labels[0], ui("left_of_slider", lang), lang, ka),
            _side(b, SIDES[1], labels[1], ui("right_of_slider", lang), lang, kb),
        ],
        "figures": figure_rows(a, b, names, lang),
        "changes": {
            "title": ui("changes_title", lang, a=ka, b=kb),
            "columns": columns,
            "rows": change_rows(changes, names, lang),
            "empty": ui("no_changes", lang, a=ka, b=kb),
        },
        "notes": [
            ui("ukraine_total", lang, areas=areas(lang), km2=total),
            f"{people(lang)}.",
            *origins,
        ],
    }


def side_note_rows(res: Resolution) -> list[list[Any]]:
    """A scenario's annotations as (lon, lat, label, note) rows."""
    return [[*a.point(), a.label, a.note or ""] for a in res.scenario.annotations]


def contact_label(where: str, note: str) -> str:
    """'Left of the slider: Line of contact …' when the two sides have different lines."""
    return f"{_cap(where)}: {note}" if where else note
