"""The figures a report quotes, computed from a resolved control layer. No geometry work."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from maps.regions import BY_ID

Row = dict[str, Any]


@dataclass(frozen=True)
class Figures:
    """Per-region and per-party areas, and what changes hands, as plain rows."""

    ukraine_km2: float
    regions: list[Row]
    """One row per region and party: region, name, party, area_km2, share (of the region, %)."""
    statuses: list[Row]
    """One row per party and status over all Ukraine: party, status, area_km2, share (%)."""
    parties: list[Row]
    """One row per party: party, area_km2, share (of Ukraine, %)."""
    changes: list[Row]
    """One row per region and direction: region, from, to, area_km2, population, cities."""
    flows: list[Row]
    """Changes summed per direction: from, to, area_km2, population, cities."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)

    def held(self, party: str) -> float:
        """km² held by ``party`` under the scenario."""
        return sum(r["area_km2"] for r in self.parties if r["party"] == party)

    def moved(self, source: str, target: str) -> Row | None:
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
    by_region = control.groupby(["region", "party"], as_index=False)["area_km2"].sum()
    region_rows = [
        {
            "region": r.region,
            "name": BY_ID[r.region].name if r.region in BY_ID else r.region,
            "party": r.party,
            "area_km2": _km2(r.area_km2),
            "share": _pct(r.area_km2, region_km2[r.region]),
        }
        for r in by_region.itertuples()
    ]
    by_status = control.groupby(["party", "status"], as_index=False)["area_km2"].sum()
    status_rows = [
        {
            "party": r.party,
            "status": r.status,
            "area_km2": _km2(r.area_km2),
            "share": _pct(r.area_km2, ukraine_km2),
        }
        for r in by_status.itertuples()
    ]
    by_party = control.groupby("party", as_index=False)["area_km2"].sum()
    party_rows = [
        {"party": r.party, "area_km2": _km2(r.area_km2), "share": _pct(r.area_km2, ukraine_km2)}
        for r in by_party.sort_values("area_km2", ascending=False).itertuples()
    ]
    return Figures(
        ukraine_km2=_km2(ukraine_km2),
        regions=region_rows,
        statuses=status_rows,
        parties=party_rows,
        changes=_change_rows(changes),
        flows=_flow_rows(changes),
    )


def _change_rows(changes: gpd.GeoDataFrame) -> list[Row]:
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
        for _, r in changes.iterrows()
    ]


def _flow_rows(changes: gpd.GeoDataFrame) -> list[Row]:
    if changes.empty:
        return []
    frame = pd.DataFrame(changes.drop(columns="geometry"))
    rows = []
    for (source, target), group in frame.groupby(["from", "to"], sort=True):
        cities = sorted(
            (c for listed in group["cities"] for c in listed), key=lambda c: -c["population"]
        )
        rows.append(
            {
                "from": source,
                "to": target,
                "area_km2": _km2(group["area_km2"].sum()),
                "population": int(group["population"].sum()),
                "cities": [c["name"] for c in cities],
            }
        )
    return rows
