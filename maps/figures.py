"""The figures a report quotes, computed from a resolved control layer. No geometry work."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, TypedDict

import geopandas as gpd
import pandas as pd

from maps.attributes import split_ids
from maps.regions import BY_ID


class RegionRow(TypedDict):
    """Area one party holds in one region."""

    region: str
    name: str
    party: str
    area_km2: float
    share: float
    """Of the region, in %."""
    population: int
    """People before the full-scale invasion (estimate, see :mod:`maps.people`)."""
    towns: int


class RecognitionRow(TypedDict):
    """Area under one recognition over all Ukraine."""

    kind: str
    """de-facto or de-jure."""
    recognised_as: str
    recognised_by: list[str]
    """Party ids, or ['international']."""
    area_km2: float
    share: float
    population: int
    towns: int


class RegimeRow(TypedDict):
    """Area under one regime (and exclusion of forces) over all Ukraine."""

    regime: list[str]
    no_forces: list[str]
    area_km2: float
    share: float
    population: int
    towns: int
    parties: dict[str, float]
    """km² by administering party."""


class SiteRow(TypedDict):
    """A point or line with a status of its own, and its terms."""

    name: str
    name_uk: str
    """The named feature's Ukrainian name, or ''."""
    kind: str
    feature: str
    operated_by: str
    sovereign: str
    supervised_by: str
    terms: list[str]
    note: str
    lon: float
    lat: float


class PartyRow(TypedDict):
    """Area one party holds, over all Ukraine."""

    party: str
    area_km2: float
    share: float
    """Of Ukraine, in %."""
    population: int
    """People before the full-scale invasion (estimate, see :mod:`maps.people`)."""
    towns: int
    """Of which in settlements of 500+ (the rest is the estimated rural remainder)."""


ChangeRow = TypedDict(
    "ChangeRow",
    {
        "region": str,
        "name": str,
        "from": str,
        "to": str,
        "area_km2": float,
        "population": int,
        "towns": int,
        "rural": int,
        "cities": list[str],
        "cities_uk": list[str],
    },
)
"""Territory of one region that changes hands in one direction (``from`` is a keyword, hence
the functional form): people before the full-scale invasion (``population`` = ``towns`` +
``rural``), the settlements inside, largest first."""

FlowRow = TypedDict(
    "FlowRow",
    {
        "from": str,
        "to": str,
        "area_km2": float,
        "population": int,
        "towns": int,
        "rural": int,
        "cities": list[str],
        "cities_uk": list[str],
    },
)
"""Changes summed over regions for one direction."""


@dataclass(frozen=True)
class Figures:
    """Per-region and per-party areas, and what changes hands, as plain rows."""

    ukraine_km2: float
    regions: list[RegionRow]
    """One row per region and party: region, name, party, area_km2, share (of the region, %)."""
    parties: list[PartyRow]
    """One row per administering party: party, area_km2, share (of Ukraine, %)."""
    sovereignty: list[PartyRow]
    """One row per sovereign party under the scenario."""
    recognitions: list[RecognitionRow]
    """One row per recognition (kind, of whom, by whom)."""
    regimes: list[RegimeRow]
    """One row per regime and exclusion of forces."""
    sites: list[SiteRow]
    """The scenario's sites with their terms."""
    changes: list[ChangeRow]
    """One row per region and direction: region, from, to, area_km2, population, cities."""
    flows: list[FlowRow]
    """Changes summed per direction: from, to, area_km2, population, cities."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)

    def held(self, party: str) -> float:
        """km² held by ``party`` under the scenario."""
        return float(sum(r["area_km2"] for r in self.parties if r["party"] == party))

    def moved(self, source: str, target: str) -> FlowRow | None:
        """The flow from ``source`` to ``target``, if any."""
        return next((r for r in self.flows if r["from"] == source and r["to"] == target), None)


def _km2(value: float) -> float:
    return round(float(value), 1)


def _pct(part: float, whole: float) -> float:
    return round(100.0 * float(part) / float(whole), 1) if whole else 0.0


def shares(parts: list[float], whole: float, decimals: int = 1) -> list[float]:
    """Percentages of ``whole`` that add up to exactly 100 as printed when the parts make up
    the whole (largest-remainder rounding at ``decimals`` places)."""
    if not whole or not parts:
        return [0.0 for _ in parts]
    unit = 10**decimals
    exact = [100.0 * unit * p / whole for p in parts]
    floors = [int(x) for x in exact]
    total = round(sum(exact))
    order = sorted(range(len(parts)), key=lambda i: floors[i] - exact[i])
    for i in order[: max(0, total - sum(floors))]:
        floors[i] += 1
    return [f / unit for f in floors]


def compute_figures(
    control: gpd.GeoDataFrame,
    changes: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame | None = None,
) -> Figures:
    """Summarise control and changes; shares use the areas of the same geometry."""
    region_km2 = dict(zip(regions["id"], regions["area_km2"], strict=True))
    ukraine_km2 = float(sum(region_km2.values()))
    frame = pd.DataFrame(control.drop(columns="geometry"))
    region_rows: list[RegionRow] = []
    for rid, group in frame.groupby("region", sort=True):
        totals = group.groupby("party")["area_km2"].sum()
        people = _people(group).groupby(group["party"]).sum()
        towns = _people(group, "towns").groupby(group["party"]).sum()
        pct = shares(totals.tolist(), region_km2[str(rid)])
        region_rows += [
            {
                "region": str(rid),
                "name": BY_ID[str(rid)].name if str(rid) in BY_ID else str(rid),
                "party": str(party),
                "area_km2": _km2(km2),
                "share": share,
                "population": int(people.get(party, 0)),
                "towns": int(towns.get(party, 0)),
            }
            for (party, km2), share in zip(totals.items(), pct, strict=True)
        ]
    return Figures(
        ukraine_km2=_km2(ukraine_km2),
        regions=region_rows,
        parties=_party_rows(frame, "party", ukraine_km2),
        sovereignty=_party_rows(frame, "sovereign", ukraine_km2),
        recognitions=_recognition_rows(frame, ukraine_km2),
        regimes=_regime_rows(frame, ukraine_km2),
        sites=_site_rows(sites),
        changes=_change_rows(changes),
        flows=_flow_rows(changes),
    )


def _party_rows(frame: pd.DataFrame, column: str, whole: float) -> list[PartyRow]:
    totals = frame.groupby(column)["area_km2"].sum()
    people = _people(frame).groupby(frame[column]).sum()
    towns = _people(frame, "towns").groupby(frame[column]).sum()
    ordered = sorted(totals.items(), key=lambda item: (-float(item[1]), str(item[0])))
    pct = shares([float(km2) for _, km2 in ordered], whole)
    return [
        {
            "party": str(party),
            "area_km2": _km2(km2),
            "share": share,
            "population": int(people.get(party, 0)),
            "towns": int(towns.get(party, 0)),
        }
        for (party, km2), share in zip(ordered, pct, strict=True)
    ]


def _people(frame: pd.DataFrame, column: str = "population") -> pd.Series:
    """A people column (``population`` or ``towns``), or zeros when the layer has none."""
    if column in frame:
        return frame[column].fillna(0).astype(int)
    return pd.Series(0, index=frame.index, dtype=int)


def _recognition_rows(frame: pd.DataFrame, whole: float) -> list[RecognitionRow]:
    rows = frame[frame["recognition"] != ""]
    keys = ["recognition", "recognised_as", "recognised_by"]
    return [
        {
            "kind": str(kind),
            "recognised_as": str(party),
            "recognised_by": split_ids(by),
            "area_km2": _km2(group["area_km2"].sum()),
            "share": _pct(group["area_km2"].sum(), whole),
            "population": int(_people(group).sum()),
            "towns": int(_people(group, "towns").sum()),
        }
        for (kind, party, by), group in rows.groupby(keys, sort=True)
    ]


def _regime_rows(frame: pd.DataFrame, whole: float) -> list[RegimeRow]:
    rows = frame[(frame["regime"] != "") | (frame["no_forces"] != "")]
    return [
        {
            "regime": split_ids(regime),
            "no_forces": split_ids(forces),
            "area_km2": _km2(group["area_km2"].sum()),
            "share": _pct(group["area_km2"].sum(), whole),
            "population": int(_people(group).sum()),
            "towns": int(_people(group, "towns").sum()),
            "parties": {
                str(p): _km2(km2) for p, km2 in group.groupby("party")["area_km2"].sum().items()
            },
        }
        for (regime, forces), group in rows.groupby(["regime", "no_forces"], sort=True)
    ]


def _site_rows(sites: gpd.GeoDataFrame | None) -> list[SiteRow]:
    if sites is None or sites.empty:
        return []
    rows: list[SiteRow] = []
    records: list[dict[Any, Any]] = sites.drop(columns="geometry").to_dict("records")
    for site, geom in zip(records, sites.geometry, strict=True):
        point = geom.representative_point()
        rows.append(
            {
                "name": str(site["name"]),
                "name_uk": str(site.get("name_uk") or ""),
                "kind": str(site["kind"]),
                "feature": str(site["feature"]),
                "operated_by": str(site["operated_by"]),
                "sovereign": str(site["sovereign"]),
                "supervised_by": str(site["supervised_by"]),
                "terms": [str(t) for t in site["terms"]],
                "note": str(site["note"]),
                "lon": round(float(point.x), 5),
                "lat": round(float(point.y), 5),
            }
        )
    return rows


def _change_rows(changes: gpd.GeoDataFrame) -> list[ChangeRow]:
    rows: list[dict[Any, Any]] = changes.drop(columns="geometry").to_dict("records")
    return [
        {
            "region": r["region"],
            "name": BY_ID[r["region"]].name if r["region"] in BY_ID else r["region"],
            "from": r["from"],
            "to": r["to"],
            "area_km2": _km2(r["area_km2"]),
            "population": int(r["population"]),
            "towns": int(r.get("towns", r["population"])),
            "rural": int(r.get("rural", 0)),
            "cities": [c["name"] for c in r["cities"]],
            "cities_uk": [c.get("name_uk") or c["name"] for c in r["cities"]],
        }
        for r in rows
    ]


def _flow_rows(changes: gpd.GeoDataFrame) -> list[FlowRow]:
    if changes.empty:
        return []
    frame = pd.DataFrame(changes.drop(columns="geometry"))
    rows: list[FlowRow] = []
    for (source, target), group in frame.groupby(["from", "to"], sort=True):
        cities = sorted(
            (c for listed in group["cities"] for c in listed), key=lambda c: -c["population"]
        )
        rows.append(
            {
                "from": str(source),
                "to": str(target),
                "area_km2": _km2(group["area_km2"].sum()),
                "population": int(group["population"].sum()),
                "towns": int(group["towns"].sum()) if "towns" in group else 0,
                "rural": int(group["rural"].sum()) if "rural" in group else 0,
                "cities": [c["name"] for c in cities],
                "cities_uk": [c.get("name_uk") or c["name"] for c in cities],
            }
        )
    return rows
