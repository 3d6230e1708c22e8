"""Assemble the scenario map and the comparison map from a resolution. No geometry work here
beyond display simplification: every figure comes from the resolution."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
from branca.element import Figure

from maps import style
from maps.attributes import split_ids
from maps.i18n import Lang, number, percent, ui
from maps.provenance import Provenance, areas, boundaries_credit, cities_credit, people
from maps.render import compare, layers
from maps.render.compare import region_name
from maps.render.elements import (
    Annotations,
    Attribution,
    CityMarkers,
    InfoPanel,
    Labels,
    Legend,
    Note,
    Patterns,
    SiteMarkers,
    VectorLayer,
)
from maps.render.page import new_map
from maps.resolve import Resolution
from maps.summary import headlines, party_name


def _control_tooltip(names: dict[str, str], lang: Lang = "en") -> Callable[[Any], list[str]]:
    """Every attribute of a piece, parties by their display names."""

    def name(party: str) -> str:
        return party_name(party, names, lang)

    def tip(row: Any) -> list[str]:
        lines = [region_name(row.region, lang), ui("administered_by", lang, party=name(row.party))]
        if row.held != row.party:
            lines.append(ui("held_at_baseline", lang, party=name(row.held)))
        lines.append(ui("sovereign_of", lang, party=name(row.sovereign)))
        if row.recognition:
            by = tuple(split_ids(row.recognised_by))
            as_ = name(row.recognised_as)
            text = style.recognition_text(row.recognition, as_, by, names, lang)
            lines.append(text[:1].upper() + text[1:])
        regimes = split_ids(row.regime)
        forces = split_ids(row.no_forces)
        if regimes or forces:
            lines.append(style.regime_text(regimes, forces, names, lang))
        lines.append(ui("km2_value", lang, km2=number(row.area_km2, lang)))
        return lines

    return tip


def _site_name(row: Any, lang: Lang) -> str:
    """A site's name in ``lang`` (the feature's ``name_uk`` where it has one)."""
    if lang == "uk":
        return str(getattr(row, "name_uk", "") or row.name)
    return str(row.name)


def _site_tooltip(names: dict[str, str], lang: Lang = "en") -> Callable[[Any], list[str]]:
    """A site's name, kind, parties and terms."""

    def tip(row: Any) -> list[str]:
        kind = style.site_kind_name(str(row.kind), lang)
        known = row.kind in style.SITE_SYMBOLS
        lines = [_site_name(row, lang), kind[:1].upper() + kind[1:] if known else ""]
        for field in ("operated_by", "sovereign", "supervised_by"):
            value = str(getattr(row, field) or "")
            if value:
                key = "sovereign_of" if field == "sovereign" else field
                lines.append(ui(key, lang, party=party_name(value, names, lang)))
        lines += [str(t) for t in row.terms]
        if row.note:
            lines.append(str(row.note))
        return [line for line in lines if line]

    return tip


def _change_tooltip(names: dict[str, str], lang: Lang = "en") -> Any:
    def tip(row: Any) -> list[str]:
        source, target = row["from"], row["to"]
        lines = [
            f"{party_name(source, names, lang)} \u2192 {party_name(target, names, lang)}",
            region_name(row["region"], lang),
            ui("changes_hands_km2", lang, km2=number(row["area_km2"], lang)),
        ]
        if row["population"]:
            key = "name_uk" if lang == "uk" else "name"
            cities = ", ".join(c.get(key) or c["name"] for c in row["cities"][:4])
            count = number(int(row["population"]), lang)
            lines.append(ui("people_in", lang, people=count, places=cities))
        return lines

    return tip


def _baseline_note(res: Resolution, lang: Lang = "en") -> str:
    return Provenance.of(res.baseline).line(lang)


def _attribution(res: Resolution, lang: Lang = "en") -> list[str]:
    origin = Provenance.of(res.baseline).attribution(lang)
    return [boundaries_credit(lang), cities_credit(lang), origin]


def _sources(res: Resolution) -> list[dict[str, Any]]:
    out = []
    for s in res.scenario.sources:
        meta = ", ".join(str(x) for x in (s.publisher, s.date) if x)
        out.append({"title": s.title, "url": s.url, "meta": meta})
    return out


def _party_table(res: Resolution, lang: Lang = "en") -> dict[str, Any]:
    names = res.scenario.party_names(lang)
    rows = [
        [
            party_name(r["party"], names, lang),
            number(r["area_km2"], lang),
            percent(r["share"], lang),
        ]
        for r in res.figures.parties
    ]
    columns = [ui(k, lang) for k in ("col_administers", "col_km2", "col_of_ukraine")]
    return {"columns": columns, "rows": rows}


def rule_notes(res: Resolution, lang: Lang = "en") -> list[str]:
    """The notes of the scenario's rules, numbered as in the file: what each rule stands for."""
    return [
        ui("rule_note", lang, number=i, note=rule.note)
        for i, rule in enumerate(res.scenario.rules, start=1)
        if rule.note
    ]


def data_notes(res: Resolution, lang: Lang = "en") -> list[str]:
    """How areas and people are measured, and where the baseline comes from."""
    total = number(res.figures.ukraine_km2, lang)
    return [
        ui("ukraine_total", lang, areas=areas(lang), km2=total),
        f"{people(lang)}.",
        Provenance.of(res.baseline).sentence(lang),
    ]


def _panel(res: Resolution, subtitle_extra: str = "", lang: Lang = "en") -> dict[str, Any]:
    sc = res.scenario
    origin = Provenance.of(res.baseline)
    subtitle = f"{sc.date} · {origin.against(lang)}"
    return {
        "title": sc.title,
        "subtitle": subtitle + subtitle_extra,
        "summary": sc.summary,
        "figures": headlines(res.figures, res.scenario.party_names(lang), lang),
        "table": _party_table(res, lang),
        "rules": rule_notes(res, lang),
        "terms": sc.term_texts(),
        "sources": _sources(res),
        "notes": data_notes(res, lang),
    }


def _base(res: Resolution, offline: bool, tiles: str | None, lang: Lang = "en") -> folium.Map:
    m = new_map(layers.focus_bounds(), offline=offline, tiles=tiles, lang=lang)
    m.add_child(
        VectorLayer(layers.context_collection(), layers.CONTEXT_STYLES, pane="context", z=350)
    )
    return m


@dataclass(frozen=True)
class _Layer:
    """A vector layer to draw, with its legend group and its layer options."""

    group: str
    drawn: layers.Drawn
    pane: str
    z: int
    interactive: bool = False
    regions: bool = False


def _looks(
    controls: list[gpd.GeoDataFrame],
    colors: dict[str, str],
    names: dict[str, str],
    lang: Lang = "en",
) -> style.TerritoryLooks:
    """The looks of every control layer the map shows, made once for all of them."""
    rows = [r for c in controls for r in style.attribute_rows(c)]
    return style.territory_looks(rows, colors, names, lang)


def _territory(
    control: gpd.GeoDataFrame,
    looks: style.TerritoryLooks,
    names: dict[str, str],
    pane: str,
    z: int,
    lang: Lang = "en",
) -> list[_Layer]:
    """Fill (party, recognition), regime overlay and sovereignty outline, in one pane."""
    shown = layers.display_control(control)
    tooltip = _control_tooltip(names, lang)
    fill = layers.drawn(layers.control_collection(shown, tooltip), looks.fill)
    regime = layers.drawn(layers.regime_collection(shown), looks.regime)
    sovereign = layers.drawn(layers.sovereignty_collection(shown), looks.sovereignty)
    return [
        _Layer("fill", fill, pane, z, interactive=True, regions=True),
        _Layer("regime", regime, pane, z),
        _Layer("sovereignty", sovereign, pane, z),
    ]


def _changes(
    changes: gpd.GeoDataFrame, names: dict[str, str], label: str | None = None, lang: Lang = "en"
) -> list[_Layer]:
    data = layers.changes_collection(changes, _change_tooltip(names, lang))
    looks = {"change": style.change_look(label, lang)}
    return [_Layer("change", layers.drawn(data, looks), "changes", 420, interactive=True)]


@dataclass
class _Sites:
    """A scenario's sites as drawn: point markers (rows) and lines (a layer)."""

    rows: list[list[Any]]
    lines: _Layer
    pane: str


def _sites(res: Resolution, names: dict[str, str], pane: str, z: int, lang: Lang = "en") -> _Sites:
    rows, lines = layers.site_rows(res.sites, _site_tooltip(names, lang), lang)
    looks = {layers.SITE_LINE: style.site_line_look(lang)}
    return _Sites(rows, _Layer("site-line", layers.drawn(lines, looks), pane, z, True), pane)


def _legend(
    drawn: list[_Layer],
    sites: list[_Sites],
    res: Resolution,
    contacts: list[style.Look] | None = None,
    notes: bool | None = None,
    lang: Lang = "en",
) -> list[dict[str, Any]]:
    """One entry per look drawn, and none for anything not drawn, in a fixed order
    (``contacts``: the lines of contact drawn, if not ``res``'s; ``notes``: whether
    annotations are drawn, if not ``res``'s)."""
    looks: dict[tuple[str, str], style.Look] = {}
    for group in ("fill", "regime", "sovereignty", "change"):
        for layer in drawn:
            if layer.group == group:
                looks.update({(group, key): look for key, look in layer.drawn.looks.items()})
    kinds = {row[2] for site in sites for row in site.rows}
    for kind in style.SITE_SYMBOLS:
        if kind in kinds:
            looks[("site", kind)] = style.site_look(kind, lang)
    for site in sites:
        looks.update({("site-line", k): v for k, v in site.lines.drawn.looks.items()})
    for i, look in enumerate(contacts or [style.contact_look(_baseline_note(res, lang))]):
        looks[("contact", str(i))] = look
    looks[("city", "")] = style.city_look(lang)
    if notes is None:
        notes = bool(res.scenario.annotations)
    if notes:
        looks[("note", "")] = style.annotation_look(lang)
    items = [layers.legend_item(look) for look in looks.values()]
    for item, (group, _) in zip(items, looks, strict=True):
        if group in ("city", "note"):
            item["kind"] = "point"
    return items


def _draw(
    m: folium.Map,
    drawn: list[_Layer],
    sites: list[_Sites],
    res: Resolution,
    overlays: Callable[[folium.Map], None] | None = None,
    lang: Lang = "en",
) -> None:
    """Patterns first, then every layer that has features, sites, and the overlays (``res``'s,
    or those ``overlays`` draws)."""
    looks = [look for layer in drawn for look in layer.drawn.looks.values()]
    m.add_child(Patterns(layers.pattern_definitions(looks)))
    for layer in drawn:
        if layer.drawn.data["features"]:
            m.add_child(
                VectorLayer(
                    layer.drawn.data,
                    layer.drawn.styles(),
                    pane=layer.pane,
                    z=layer.z,
                    interactive=layer.interactive,
                    regions=layer.regions,
                )
            )
    if overlays is None:
        _overlays(m, res, lang)
    else:
        overlays(m)
    symbols = {kind: layers.symbol_spec(sym) for kind, (sym, _) in style.SITE_SYMBOLS.items()}
    for site in sites:
        if site.lines.drawn.data["features"]:
            lines = site.lines.drawn
            pane, z = site.lines.pane, site.lines.z
            m.add_child(VectorLayer(lines.data, lines.styles(), pane=pane, z=z, interactive=True))
        if site.rows:
            used = {row[2] for row in site.rows}
            shown = {k: v for k, v in symbols.items() if k in used}
            m.add_child(SiteMarkers(site.rows, shown, site.pane))


def _overlays(m: folium.Map, res: Resolution, lang: Lang = "en") -> None:
    look = style.contact_look(_baseline_note(res, lang))
    contact = layers.drawn(layers.contact_line_collection(res.scenario.baseline), {"contact": look})
    casing = layers.casing_style(look)
    under = {"contact": casing} if casing is not None else None
    m.add_child(VectorLayer(contact.data, contact.styles(), pane="front", z=450, under=under))
    m.add_child(Labels(layers.region_labels(lang) + layers.context_labels(lang)))
    cities = layers.city_rows_for(res.scenario, lang=lang)
    m.add_child(CityMarkers(cities, layers.leaflet_style(style.CITY_LOOK)))
    m.add_child(Attribution(_attribution(res, lang)))
    m.add_child(Note(_baseline_note(res, lang)))
    notes = [[*a.point(), a.label, a.note or ""] for a in res.scenario.annotations]
    if notes:
        m.add_child(Annotations(notes, layers.leaflet_style(style.ANNOTATION_LOOK)))


def scenario_map(
    res: Resolution, *, offline: bool = True, tiles: str | None = None, lang: Lang = "en"
) -> folium.Map:
    """The scenario's map: who administers what (fill), recognition (patterns in the fill),
    regimes (overlay), sovereignty (outline), changes, sites, the line of contact, cities, a
    legend of exactly what is drawn, and the panel; every word in ``lang``."""
    names = res.scenario.party_names(lang)
    colors = style.scenario_colors(res.scenario)
    looks = _looks([res.control], colors, names, lang)
    drawn = _territory(res.control, looks, names, "control", 400, lang)
    drawn += _changes(res.changes, names, lang=lang)
    sites = [_sites(res, names, "sites", 645, lang)]
    m = _base(res, offline, tiles, lang)
    _draw(m, drawn, sites, res, lang=lang)
    legend = _legend(drawn, sites, res, lang=lang)
    m.add_child(Legend(ui("legend_scenario", lang), legend))
    m.add_child(InfoPanel(_panel(res, lang=lang)))
    return m


def compare_map(
    left: Resolution,
    right: Resolution,
    changes: gpd.GeoDataFrame,
    *,
    offline: bool = True,
    labels: tuple[str, str] | None = None,
    tiles: str | None = None,
    lang: Lang = "en",
) -> folium.Map:
    """Swipe between two resolutions: each side's territory, sites, annotations and (when they
    differ) line of contact on its own side of the slider; ``changes`` (left to right) on top;
    a panel with both sides' key figures and the table of what changes from left to right.
    ``labels`` name the sides (default: the scenarios' titles)."""
    label_pair = labels or (left.scenario.title, right.scenario.title)
    names = {**left.scenario.party_names(lang), **right.scenario.party_names(lang)}
    colors = style.scenario_colors(left.scenario, right.scenario)
    looks = _looks([left.control, right.control], colors, names, lang)
    same = layers.same_regions(left.control, right.control)
    shared = left.control[left.control["region"].isin(same)]
    drawn = _territory(shared, looks, names, "control", 399, lang)
    for res, pane, z in ((left, "left", 400), (right, "right", 401)):
        own = res.control[~res.control["region"].isin(same)]
        drawn += _territory(own, looks, names, pane, z, lang)
    a, b = compare.sides(lang)
    drawn += _changes(changes, names, ui("change_look_sides", lang, a=a, b=b), lang)
    sites = [_sites(left, names, "left", 400, lang), _sites(right, names, "right", 401, lang)]
    m = _base(right, offline, tiles, lang)
    figure = m.get_root()
    if isinstance(figure, Figure):
        compare.add_style(figure)
    contacts = _compare_contacts(left, right, lang)
    _draw(m, drawn, sites, right, lambda m: _compare_overlays(m, left, right, contacts, lang))
    notes = bool(left.scenario.annotations or right.scenario.annotations)
    legend = _legend(drawn, sites, right, [look for _, look, _ in contacts], notes, lang)
    m.add_child(Legend(ui("legend_compare", lang), legend))
    info = compare.panel_info(left, right, changes, label_pair, names, lang)
    m.add_child(compare.ComparePanel(info))
    panes = ["left", "left-front", "left-notes"], ["right", "right-front", "right-notes"]
    m.add_child(compare.CompareSwipe(*panes, label_pair))
    return m


def _compare_contacts(
    left: Resolution, right: Resolution, lang: Lang = "en"
) -> list[tuple[str, style.Look, str]]:
    """(baseline, look, pane) of each line of contact: one shared line when both sides have
    the same baseline, else each side's own, named for its side."""
    if left.scenario.baseline == right.scenario.baseline:
        look = style.contact_look(_baseline_note(right, lang))
        return [(right.scenario.baseline, look, "front")]
    keys = compare.sides(lang)
    return [
        (
            res.scenario.baseline,
            style.contact_look(f"{keys[i]}, {ui(side, lang)}: {_baseline_note(res, lang)}"),
            f"{side}-front",
        )
        for i, (res, side) in enumerate(((left, "left"), (right, "right")))
    ]


def _compare_overlays(
    m: folium.Map,
    left: Resolution,
    right: Resolution,
    contacts: list[tuple[str, style.Look, str]],
    lang: Lang = "en",
) -> None:
    """Lines of contact, labels, cities, attribution and note of both sides; each side's
    annotations in its own pane."""
    for i, (baseline, look, pane) in enumerate(contacts):
        contact = layers.drawn(layers.contact_line_collection(baseline), {"contact": look})
        casing = layers.casing_style(look)
        under = {"contact": casing} if casing is not None else None
        m.add_child(VectorLayer(contact.data, contact.styles(), pane=pane, z=450 + i, under=under))
    m.add_child(Labels(layers.region_labels(lang) + layers.context_labels(lang)))
    cities = layers.city_rows_for(left.scenario, right.scenario, lang=lang)
    m.add_child(CityMarkers(cities, layers.leaflet_style(style.CITY_LOOK)))
    credits = dict.fromkeys([*_attribution(left, lang), *_attribution(right, lang)])
    m.add_child(Attribution(list(credits)))
    lines = dict.fromkeys(_baseline_note(r, lang) for r in (left, right))
    if len(lines) == 1:
        m.add_child(Note(_baseline_note(right, lang)))
    else:
        keys = compare.sides(lang)
        m.add_child(Note(" · ".join(f"{k}: {v}" for k, v in zip(keys, lines, strict=True))))
    note_style = layers.leaflet_style(style.ANNOTATION_LOOK)
    for res, pane, z in ((left, "left-notes", 650), (right, "right-notes", 651)):
        rows = compare.side_note_rows(res)
        if rows:
            m.add_child(compare.SideNotes(rows, note_style, pane, z))
