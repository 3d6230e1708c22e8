"""Assemble the scenario map and the comparison map from a resolution. No geometry work here
beyond display simplification: every figure comes from the resolution."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd

from maps import style
from maps.load import region_name
from maps.provenance import AREAS, BOUNDARIES_CREDIT, CITIES_CREDIT, PEOPLE, Provenance
from maps.render import layers
from maps.render.elements import (
    Annotations,
    Attribution,
    CityMarkers,
    InfoPanel,
    Labels,
    Legend,
    Note,
    Patterns,
    VectorLayer,
    VectorSwipe,
)
from maps.render.page import new_map
from maps.resolve import Resolution
from maps.summary import headlines


def _control_tooltip(res: Resolution) -> Any:
    names = res.scenario.party_names()

    def tip(row: Any) -> list[str]:
        status = "" if row.status == "de-facto" else f" ({row.status})"
        return [
            region_name(row.region),
            f"{names.get(row.party, row.party)}{status}",
            f"{row.area_km2:,.0f} km²",
        ]

    return tip


def _change_tooltip(names: dict[str, str]) -> Any:
    def tip(row: Any) -> list[str]:
        source, target = row["from"], row["to"]
        lines = [
            f"{names.get(source, source)} \u2192 {names.get(target, target)}",
            region_name(row["region"]),
            f"{row['area_km2']:,.0f} km² changes hands",
        ]
        if row["population"]:
            cities = ", ".join(c["name"] for c in row["cities"][:4])
            lines.append(f"About {int(row['population']):,} people in {cities}")
        return lines

    return tip


def _baseline_note(res: Resolution) -> str:
    return Provenance.of(res.baseline).line()


def _attribution(res: Resolution) -> list[str]:
    return [BOUNDARIES_CREDIT, CITIES_CREDIT, Provenance.of(res.baseline).attribution()]


def _sources(res: Resolution) -> list[dict[str, Any]]:
    out = []
    for s in res.scenario.sources:
        meta = ", ".join(str(x) for x in (s.publisher, s.date) if x)
        out.append({"title": s.title, "url": s.url, "meta": meta})
    return out


def _legend_items(
    res: Resolution, pairs: list[tuple[str, str]], changes: bool
) -> list[dict[str, Any]]:
    names = res.scenario.party_names()
    parties = list(res.scenario.parties)
    items = []
    for party, status in sorted(set(pairs)):
        pattern = style.STATUS_PATTERNS.get(status)
        label = names.get(party, party) + ("" if pattern is None else f", {pattern.label}")
        fill = (
            f"url(#{layers.pattern_id(party, status)})"
            if pattern
            else style.party_color(party, parties)
        )
        items.append(
            {
                "kind": "area",
                "label": label,
                "fill": fill,
                "opacity": 1 if pattern else style.FILL_OPACITY,
            }
        )
    if changes:
        items.append(
            {
                "kind": "area",
                "label": "Changes hands vs. baseline",
                "fill": "#ffd400",
                "opacity": 0.25,
                "stroke": style.CHANGE_COLOR,
                "strokeWidth": 2,
            }
        )
    items.append(
        {
            "kind": "line",
            "label": _baseline_note(res),
            "color": style.CONTACT_LINE_COLOR,
            "dash": style.CONTACT_DASH,
            "width": 2,
        }
    )
    items.append({"kind": "point", "label": "City (size: pre-war population)"})
    return items


def _party_table(res: Resolution) -> dict[str, Any]:
    names = res.scenario.party_names()
    rows = [
        [names.get(r["party"], r["party"]), f"{r['area_km2']:,.0f}", f"{r['share']:.1f}%"]
        for r in res.figures.parties
    ]
    return {"columns": ["Holds", "km²", "of Ukraine"], "rows": rows}


def _panel(res: Resolution, subtitle_extra: str = "") -> dict[str, Any]:
    sc = res.scenario
    origin = Provenance.of(res.baseline)
    subtitle = f"{sc.date} · {origin.against()}"
    return {
        "title": sc.title,
        "subtitle": subtitle + subtitle_extra,
        "summary": sc.summary,
        "figures": headlines(res.figures, res.scenario.party_names()),
        "table": _party_table(res),
        "terms": sc.term_texts(),
        "sources": _sources(res),
        "notes": [
            f"{AREAS}; Ukraine = {res.figures.ukraine_km2:,.0f} km².",
            f"{PEOPLE}.",
            origin.sentence(),
        ],
    }


def _base(res: Resolution, offline: bool, tiles: str | None) -> folium.Map:
    m = new_map(layers.focus_bounds(), offline=offline, tiles=tiles)
    m.add_child(
        VectorLayer(layers.context_collection(), layers.CONTEXT_STYLES, pane="context", z=350)
    )
    return m


def _pairs(control: gpd.GeoDataFrame) -> list[tuple[str, str]]:
    return list(zip(control["party"], control["status"], strict=True))


def _overlays(m: folium.Map, res: Resolution) -> None:
    m.add_child(
        VectorLayer(
            layers.contact_line_collection(res.scenario.baseline),
            layers.contact_style(),
            pane="front",
            z=450,
        )
    )
    m.add_child(Labels(layers.region_labels() + layers.CONTEXT_LABELS))
    m.add_child(CityMarkers(layers.city_rows()))
    m.add_child(Attribution(_attribution(res)))
    m.add_child(Note(_baseline_note(res)))
    notes = [[*a.point(), a.label, a.note or ""] for a in res.scenario.annotations]
    if notes:
        m.add_child(Annotations(notes))


def scenario_map(res: Resolution, *, offline: bool = True, tiles: str | None = None) -> folium.Map:
    """The scenario's map: control, changes, line of contact, cities, legend and panel."""
    parties = list(res.scenario.parties)
    pairs = _pairs(res.control)
    m = _base(res, offline, tiles)
    m.add_child(Patterns(layers.pattern_definitions(pairs, parties)))
    m.add_child(
        VectorLayer(
            layers.control_collection(res.control, _control_tooltip(res)),
            layers.control_styles(pairs, parties),
            pane="control",
            z=400,
            interactive=True,
            regions=True,
        )
    )
    has_changes = not res.changes.empty
    if has_changes:
        m.add_child(
            VectorLayer(
                layers.changes_collection(res.changes, _change_tooltip(res.scenario.party_names())),
                layers.changes_style(),
                pane="changes",
                z=420,
                interactive=True,
            )
        )
    _overlays(m, res)
    m.add_child(Legend("Control under this scenario", _legend_items(res, pairs, has_changes)))
    m.add_child(InfoPanel(_panel(res)))
    return m


def compare_map(
    left: Resolution,
    right: Resolution,
    changes: gpd.GeoDataFrame,
    *,
    offline: bool = True,
    labels: tuple[str, str] | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """Swipe between two resolutions' control; ``changes`` (left to right) drawn on top."""
    parties = sorted(set(left.scenario.parties) | set(right.scenario.parties))
    pairs = _pairs(left.control) + _pairs(right.control)
    m = _base(right, offline, tiles)
    m.add_child(Patterns(layers.pattern_definitions(pairs, parties)))
    styles = layers.control_styles(pairs, parties)
    same = layers.same_regions(left.control, right.control)
    shared = left.control[left.control["region"].isin(same)]
    m.add_child(
        VectorLayer(
            layers.control_collection(shared, _control_tooltip(left)),
            styles,
            pane="control",
            z=399,
            interactive=True,
            regions=True,
        )
    )
    for res, pane, z in ((left, "left", 400), (right, "right", 401)):
        own = res.control[~res.control["region"].isin(same)]
        collection = layers.control_collection(own, _control_tooltip(res))
        m.add_child(VectorLayer(collection, styles, pane=pane, z=z, interactive=True, regions=True))
    names = {**left.scenario.party_names(), **right.scenario.party_names()}
    if not changes.empty:
        m.add_child(
            VectorLayer(
                layers.changes_collection(changes, _change_tooltip(names)),
                layers.changes_style(),
                pane="changes",
                z=420,
                interactive=True,
            )
        )
    _overlays(m, right)
    label_pair = labels or (left.scenario.title, right.scenario.title)
    m.add_child(VectorSwipe("left", "right", label_pair))
    m.add_child(Legend("Control", _legend_items(right, pairs, not changes.empty)))
    panel = _panel(right, f" · compared with: {label_pair[0]}")
    m.add_child(InfoPanel(panel))
    return m
