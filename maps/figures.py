"""The figures a report quotes, computed from a resolved control layer. No geometry work."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, TypedDict

import geopandas as gpd
import pandas as pd

from maps.regions import BY_ID


class RegionRow(TypedDict):
    """Area one party holds in one region."""

    region: str
    name: str
    party: str
    area_km2: float
    share: float
    """Of the region, in %."""


class StatusRow(TypedDict):
    """Area one party holds with one status, over all Ukraine."""

    party: str
    status: str
    area_km2: float
    share: float
    """Of Ukraine, in %."""


class PartyRow(TypedDict):
    """Area one party holds, over all Ukraine."""

    party: str
    area_km2: float
    share: float
    """Of Ukraine, in %."""


ChangeRow = TypedDict(
    "ChangeRow",
    {
        "region": str,
        "name": str,
        "from": str,
        "to": str,
        "area_km2": float,
        "population": int,
        "cities": list[str],
    },
)
"""Territory of one region that changes hands in one direction (``from`` is a keyword, hence
the functional form)."""

FlowRow = TypedDict(
    "FlowRow",
    {"from": str, "to": str, "area_km2": float, "population": int, "cities": list[str]},
)
"""Changes summed over regions for one direction."""


@dataclass(frozen=True)
class Figures:
    """Per-region and per-party areas, and what changes hands, as plain rows."""

    ukraine_km2: float
    regions: list[RegionRow]
    """One row per region and party: region, name, party, area_km2, share (of the region, %)."""
    statuses: list[StatusRow]
    """One row per party and status over all Ukraine: party, status, area_km2, share (%)."""
    parties: list[PartyRow]
    """One row per party: party, area_km2, share (of Ukraine, %)."""
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
    return round(100.0 * float(part) / float(whole), 2) if whole else 0.0


def compute_figures(
    control: gpd.GeoDataFrame, changes: gpd.GeoDataFrame, regions: gpd.GeoDataFrame
) -> Figures:
    """Summarise control and changes; shares use the areas of the same geometry."""
    region_km2 = dict(zip(regions["id"], regions["area_km2"], strict=True))
    ukraine_km2 = float(sum(region_km2.values()))
    by_region: list[Any] = list(
        control.groupby(["region", "party"], as_index=False)["area_km2"].sum().itertuples()
    )
    region_rows: list[RegionRow] = [
        {
            "region": r.region,
            "name": BY_ID[r.region].name if r.region in BY_ID else r.region,
            "party": r.party,
            "area_km2": _km2(r.area_km2),
            "share": _pct(r.area_km2, region_km2[r.region]),
        }
        for r in by_region
    ]
    by_status: list[Any] = list(
        control.groupby(["party", "status"], as_index=False)["area_km2"].sum().itertuples()
    )
    status_rows: list[StatusRow] = [
        {
            "party": r.party,
            "status": r.status,
            "area_km2": _km2(r.area_km2),
            "share": _pct(r.area_km2, ukraine_km2),
        }
        for r in by_status
    ]
    totals = control.groupby("party")["area_km2"].sum()
    party_rows: list[PartyRow] = [
        {"party": str(party), "area_km2": _km2(km2), "share": _pct(km2, ukraine_km2)}
        for party, km2 in sorted(totals.items(), key=lambda item: -float(item[1]))
    ]
    return Figures(
        ukraine_km2=_km2(ukraine_km2),
        regions=region_rows,
        statuses=status_rows,
        parties=party_rows,
        changes=_change_rows(changes),
        flows=_flow_rows(changes),
    )


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
            "cities": [c["name"] for c in r["cities"]],
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
                "cities": [c["name"] for c in cities],
            }
        )
    return rows
