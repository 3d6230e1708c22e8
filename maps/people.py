"""How many people lived in a piece of land before the full-scale invasion. Pure.

The estimate for a piece of a region is the people of the settlements inside it plus its
share of the region's rest:

* **Settlements** (``towns``): every gazetteer place of its region whose point lies in the
  piece; a place just outside its region's outline (a coast, a river bank) counts for the
  nearest piece of its region, so every place counts exactly once.
* **The rest** (``rural``): the region's official total less its settlements, spread over
  the region by area (an area-weighted residual). Where the settlements' figures (of mixed
  age) add up to more than the official total, they are scaled down to it and the rest is 0.

So the pieces of a region always add up to its official total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from maps.geo import EQUAL_AREA_CRS


@dataclass(frozen=True)
class Headcount:
    """People in one piece: in settlements, estimated rest, and the places, largest first."""

    towns: float = 0.0
    rural: float = 0.0
    places: tuple[tuple[str, str, int], ...] = ()
    """(name, Ukrainian name or '', people) of each settlement inside."""

    @property
    def total(self) -> float:
        return self.towns + self.rural

    def __add__(self, other: Headcount) -> Headcount:
        merged = sorted((*self.places, *other.places), key=lambda p: (-p[2], p[0]))
        return Headcount(self.towns + other.towns, self.rural + other.rural, tuple(merged))


Points = tuple[np.ndarray, np.ndarray, list[tuple[str, str]]]
"""A region's settlements: projected points, people, (name, Ukrainian name) pairs."""


@dataclass
class Population:
    """Settlements (name, region, population; points in EPSG:4326) and official totals per
    region; ``totals`` may be empty (then only settlements are counted)."""

    places: gpd.GeoDataFrame
    totals: Mapping[str, int] = field(default_factory=dict)
    _points: dict[str, Points] | None = None

    def points(self, regions: Mapping[str, BaseGeometry]) -> dict[str, Points]:
        """Per region (projected outlines): its settlements, each moved onto the outline when
        it lies just outside (a coast, a river bank), with people scaled down to the official
        total where the settlements exceed it."""
        if self._points is None:
            places = self.places[self.places["region"].isin(list(regions))]
            projected = places.to_crs(EQUAL_AREA_CRS)
            pops = projected["population"].fillna(0).astype(float).to_numpy()
            out = {}
            for rid in sorted(set(projected["region"])):
                mask = (projected["region"] == rid).to_numpy()
                people = pops[mask]
                total = self.totals.get(rid)
                if total is not None and people.sum() > total > 0:
                    people = people * (total / people.sum())
                uk = projected["name_uk"] if "name_uk" in projected else projected["name"]
                names = [
                    (str(n), str(u or ""))
                    for n, u in zip(
                        projected["name"].to_numpy()[mask], uk.to_numpy()[mask], strict=True
                    )
                ]
                geoms = _onto(regions[rid], projected.geometry.to_numpy()[mask])
                out[rid] = (geoms, people, names)
            self._points = out
        return self._points

    def rest(self, rid: str, regions: Mapping[str, BaseGeometry]) -> float:
        """The people of a region outside its settlements (0 without an official total)."""
        total = self.totals.get(rid)
        if total is None:
            return 0.0
        _, people, _ = self.points(regions).get(rid, (np.zeros(0), np.zeros(0), []))
        return max(0.0, float(total) - float(people.sum()))


SNAP_INSIDE_M = 1.0
"""How far inside the outline a settlement outside it is put."""


def _onto(region: BaseGeometry, points: np.ndarray) -> np.ndarray:
    """The points, those outside ``region`` moved just inside its nearest edge."""
    outside = ~shapely.intersects(region, points)
    if not outside.any():
        return points
    inner = region.buffer(-SNAP_INSIDE_M)
    moved = points.copy()
    for i in np.flatnonzero(outside):
        target = inner if not inner.is_empty else region
        moved[i] = shapely.shortest_line(points[i], target).interpolate(1.0, normalized=True)
    return moved


def headcount(
    population: Population | None,
    regions: Mapping[str, BaseGeometry],
    rid: str,
    piece: BaseGeometry,
) -> Headcount:
    """People in one projected piece of region ``rid`` (settlements inside it, and its share
    of the region's rest by area)."""
    if population is None or piece.is_empty:
        return Headcount()
    points, people, names = population.points(regions).get(rid, (np.zeros(0), np.zeros(0), []))
    hits = shapely.intersects(piece, points) if len(points) else np.zeros(0, dtype=bool)
    inside = np.flatnonzero(hits)
    listed = sorted(
        ((*names[j], int(np.rint(people[j]))) for j in inside), key=lambda p: (-p[2], p[0])
    )
    area = float(regions[rid].area)
    share = float(piece.area) / area if area else 0.0
    rest = population.rest(rid, regions)
    return Headcount(float(people[inside].sum()), rest * share, tuple(listed))
