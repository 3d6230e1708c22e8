"""The comparison page's own parts: the side-by-side panel (each side's key figures and the
table of what changes between them) and the controls that keep each side's marks on its side
of the slider. Presentation only: every number comes from the resolutions and the changes."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from branca.element import Figure

from maps import style
from maps.load import region_name
from maps.provenance import AREAS, PEOPLE, Provenance
from maps.render.assets import read_asset
from maps.render.elements import KitCall, Raw
from maps.resolve import Resolution
from maps.summary import about, party_name

SIDES = ("A", "B")
"""What the panel calls the left and the right side."""

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


def _km2(value: float) -> str:
    return f"{value:,.0f} km²" if value >= 0.5 else "under 1 km²"


def _share(area: float, share: float) -> str:
    return f"{area:,.0f} km² ({share:.1f}%)"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


Rows = dict[tuple[str, ...], tuple[str, str]]
"""Figure rows of one side: (kind, key...) -> (label, value)."""


def _figures(res: Resolution, names: dict[str, str]) -> Rows:
    """One side's key figures, keyed so that the same figure of the other side lines up."""
    f = res.figures

    def name(party: str) -> str:
        return party_name(party, names)

    rows: Rows = {}
    for r in f.parties:
        rows[("held", r["party"])] = (
            f"Administered by {name(r['party'])}",
            _share(r["area_km2"], r["share"]),
        )
    for r in f.sovereignty:
        if r["party"] != "UA":
            rows[("sovereign", r["party"])] = (
                f"Sovereign territory of {name(r['party'])}",
                _share(r["area_km2"], r["share"]),
            )
    for rec in f.recognitions:
        by = tuple(rec["recognised_by"])
        label = style.recognition_text(rec["kind"], name(rec["recognised_as"]), by, names)
        key = ("recognition", rec["kind"], rec["recognised_as"], *by)
        rows[key] = (_cap(label), _share(rec["area_km2"], rec["share"]))
    for reg in f.regimes:
        label = style.regime_text(reg["regime"], reg["no_forces"], names) or "Zone"
        key = ("regime", ",".join(reg["regime"]), ",".join(reg["no_forces"]))
        rows[key] = (_cap(label), _share(reg["area_km2"], reg["share"]))
    for flow in f.flows:
        people = f"; {about(flow['population'])} people" if flow["population"] else ""
        rows[("flow", flow["from"], flow["to"])] = (
            f"{name(flow['from'])} \u2192 {name(flow['to'])}, against its baseline",
            _km2(flow["area_km2"]) + people,
        )
    if not f.flows:
        rows[("flow",)] = ("Changes hands against its baseline", "none")
    return rows


KIND_ORDER = {"held": 0, "sovereign": 1, "recognition": 2, "regime": 3, "flow": 4}


def figure_rows(a: Resolution, b: Resolution, names: dict[str, str]) -> list[list[str]]:
    """(label, A's value, B's value) for every figure either side has, in a fixed order:
    held per party, sovereignty, recognition, regimes, land changing hands."""
    left, right = _figures(a, names), _figures(b, names)
    keys = list(left) + [k for k in right if k not in left]
    if any(k[0] == "flow" and len(k) > 1 for k in keys):
        keys = [k for k in keys if k != ("flow",)]  # 'none' goes into the other side's rows
    keys.sort(key=lambda k: KIND_ORDER[k[0]])  # stable: each side's own order within a kind
    out = []
    for key in keys:
        label = (left.get(key) or right[key])[0]
        missing = "none" if key[0] == "flow" else NONE
        out.append([label, left.get(key, ("", missing))[1], right.get(key, ("", missing))[1]])
    return out


def change_rows(changes: gpd.GeoDataFrame, names: dict[str, str]) -> list[list[str]]:
    """(region, direction, km², people) per region and direction, then a total per direction."""
    rows: list[list[str]] = []
    totals: dict[tuple[str, str], tuple[float, int]] = {}
    columns = ["region", "from", "to", "area_km2", "population"]
    ordered = changes.sort_values(["from", "to", "region"], kind="stable")[columns]
    for row in ordered.to_dict("records"):
        source, target = str(row["from"]), str(row["to"])
        way = f"{party_name(source, names)} \u2192 {party_name(target, names)}"
        people = int(row["population"] or 0)
        rows.append([region_name(str(row["region"])), way, _km2(row["area_km2"]), _people(people)])
        km2, count = totals.get((source, target), (0.0, 0))
        totals[(source, target)] = (km2 + float(row["area_km2"]), count + people)
    if len(rows) > 1:
        for (source, target), (km2, count) in totals.items():
            way = f"{party_name(source, names)} \u2192 {party_name(target, names)}"
            rows.append(["All regions", way, _km2(km2), _people(count)])
    return rows


def _people(count: int) -> str:
    return about(count) if count else "0"


def _side(res: Resolution, key: str, label: str, where: str) -> dict[str, Any]:
    sc = res.scenario
    origin = Provenance.of(res.baseline)
    sources = []
    for s in sc.sources:
        meta = ", ".join(str(x) for x in (s.publisher, s.date) if x)
        sources.append({"title": s.title, "url": s.url, "meta": meta})
    return {
        "key": key,
        "label": label,
        "where": where,
        "title": sc.title,
        "date": str(sc.date),
        "baseline": origin.line(),
        "summary": sc.summary,
        "rules": [f"Rule {i}: {r.note}" for i, r in enumerate(sc.rules, start=1) if r.note],
        "terms": sc.term_texts(),
        "sources": sources,
    }


def panel_info(
    a: Resolution,
    b: Resolution,
    changes: gpd.GeoDataFrame,
    labels: tuple[str, str],
    names: dict[str, str],
) -> dict[str, Any]:
    """Everything the comparison panel shows, as plain data (text is inserted as text)."""
    origins = dict.fromkeys(Provenance.of(r.baseline).sentence() for r in (a, b))
    return {
        "title": f"{labels[0]} \u2014 compared with \u2014 {labels[1]}",
        "sides": [
            _side(a, SIDES[0], labels[0], "left of the slider"),
            _side(b, SIDES[1], labels[1], "right of the slider"),
        ],
        "figures": figure_rows(a, b, names),
        "changes": {
            "title": f"From {SIDES[0]} to {SIDES[1]}: land that changes administration",
            "columns": ["Region", "Change", "Area", "People"],
            "rows": change_rows(changes, names),
            "empty": f"No land changes administration between {SIDES[0]} and {SIDES[1]}.",
        },
        "notes": [
            f"{AREAS}; Ukraine = {b.figures.ukraine_km2:,.0f} km².",
            f"{PEOPLE}.",
            *origins,
        ],
    }


def side_note_rows(res: Resolution) -> list[list[Any]]:
    """A scenario's annotations as (lon, lat, label, note) rows."""
    return [[*a.point(), a.label, a.note or ""] for a in res.scenario.annotations]


def contact_label(where: str, note: str) -> str:
    """'Left of the slider: Line of contact …' when the two sides have different lines."""
    return f"{_cap(where)}: {note}" if where else note
