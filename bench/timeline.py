"""Benchmark the timeline page: its size and build time for the shipped dates and for 40 dates.

Forty dates are the shipped baselines plus synthetic ones interpolated between each pair of
consecutive shipped dates (A, B), evenly spaced in time. At a fraction t of the way:

* the ground Russia gains from A to B is taken from A's Russian-held edge outwards, as far as
  t times the farthest gained point (a buffer of A's Russian-held area, cut to the gain);
* the ground Russia loses from A to B is given back from the Ukrainian side inwards, alike;
* a contested strip (grey zone) 2 km wide lies on the Ukrainian side of the new line.

Each synthetic snapshot's parts are then made exactly as ``maps fetch control`` makes a fetched
baseline's (``maps.control.control_layer``); its line of contact is the Russian-held area's
edge inside Ukraine. Nothing here is data to ship or to cite.
Writes ``bench/timeline.json`` and prints it.
Run: ``.venv/bin/python bench/timeline.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "timeline.json"
DATES = 40
GREY_M = 2000.0
LIMIT_BYTES = 1_500_000


def shipped_snapshots() -> list[Any]:
    """The baselines shipped with the package (not those fetched into the cache)."""
    from maps.load import list_baselines
    from maps.timeline_cli import snapshots

    return snapshots([n for n, meta in list_baselines().items() if "path" not in meta])


def synthetic(count: int) -> list[Any]:
    """``count`` snapshots: the shipped ones and interpolated ones between them."""
    import geopandas as gpd
    import shapely

    from maps.control import control_layer
    from maps.geo import EQUAL_AREA_CRS, clean
    from maps.load import load_regions
    from maps.timeline import Snapshot, order

    shipped = order(shipped_snapshots())
    regions = load_regions()[["id", "geometry"]]
    ukraine = gpd.GeoSeries([shapely.union_all(regions.geometry.values)], crs="EPSG:4326")
    land = ukraine.to_crs(EQUAL_AREA_CRS).iloc[0]

    def russian(snap: Snapshot) -> Any:
        ru = snap.control[snap.control["party"] == "RU"]
        return shapely.union_all(ru.to_crs(EQUAL_AREA_CRS).geometry.values)

    def reach(part: Any, source: Any) -> float:
        """How far the farthest vertex of ``part`` lies from ``source``, in metres."""
        coords = shapely.get_coordinates(part)
        if not len(coords):
            return 0.0
        return float(shapely.distance(source, shapely.points(coords)).max())

    def to_lonlat(geom: Any) -> Any:
        return clean(gpd.GeoSeries([geom], crs=EQUAL_AREA_CRS).to_crs("EPSG:4326").iloc[0])

    gaps = len(shipped) - 1
    extra = count - len(shipped)
    per_gap = [extra // gaps + (1 if i < extra % gaps else 0) for i in range(gaps)]
    out = list(shipped)
    for (a, b), m in zip(itertools.pairwise(shipped), per_gap, strict=True):
        ru_a, ru_b = russian(a), russian(b)
        gained, lost = ru_b.difference(ru_a), ru_a.difference(ru_b)
        free_a = land.difference(ru_a)
        far_gain, far_loss = reach(gained, ru_a), reach(lost, free_a)
        day_a, day_b = dt.date.fromisoformat(a.date), dt.date.fromisoformat(b.date)
        for k in range(1, m + 1):
            t = k / (m + 1)
            grow = gained.intersection(shapely.buffer(ru_a, t * far_gain, quad_segs=4))
            shrink = lost.intersection(shapely.buffer(free_a, t * far_loss, quad_segs=4))
            held = ru_a.union(grow).difference(shrink)
            grey = shapely.buffer(held, GREY_M, quad_segs=4).difference(held).intersection(land)
            layer = control_layer(regions, to_lonlat(held), to_lonlat(grey))
            line = held.boundary.difference(shapely.buffer(land.boundary, 50.0))
            front = gpd.GeoSeries([line], crs=EQUAL_AREA_CRS).to_crs("EPSG:4326")
            day = day_a + dt.timedelta(days=round(t * (day_b - day_a).days))
            meta = {
                "date": day.isoformat(),
                "title": f"Synthetic line {t:.0%} of the way from {a.date} to {b.date}",
                "source": "bench/timeline.py (interpolated; not data)",
                "approximate": True,
            }
            out.append(Snapshot(f"synthetic-{day}", meta, layer, front))
    return order(out)


def build(snaps: list[Any], repeats: int = 3) -> tuple[str, float, dict[str, Any]]:
    """The page, the fastest build time of several (data and HTML), and the data."""
    from maps.load import load_context, load_gazetteer, load_regions
    from maps.render.timeline import timeline_html
    from maps.timeline import timeline_data

    regions, places, context = load_regions(), load_gazetteer(), load_context()
    best = float("inf")
    text, data = "", {}
    for _ in range(repeats):
        start = time.perf_counter()
        data = timeline_data(regions, snaps, places, context)
        text = timeline_html(data)
        best = min(best, time.perf_counter() - start)
    return text, best, data


def cold_command_s() -> float:
    """Wall time of writing the shipped dates' page in a fresh process."""
    code = (
        "import argparse, tempfile\n"
        "from maps.timeline_cli import add_timeline_parser\n"
        "p = argparse.ArgumentParser(); add_timeline_parser(p.add_subparsers())\n"
        "a = p.parse_args(['timeline', '-o', tempfile.mkdtemp()]); a.handler(a)\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def figures(text: str, seconds: float, data: dict[str, Any]) -> dict[str, Any]:
    size = len(text.encode("utf-8"))
    payload = len(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    return {
        "dates": len(data["dates"]),
        "page_bytes": size,
        "timeline_data_bytes": payload,
        "build_s": round(seconds, 2),
        "atoms": len(data["atoms"]),
        "places_shipped": len(data["places"]),
        "within_limit": size <= LIMIT_BYTES,
    }


def main() -> None:
    """Measure the shipped dates and 40 dates; write the results."""
    sys.path.insert(0, str(REPO))
    shipped = shipped_snapshots()
    small = figures(*build(shipped))
    start = time.perf_counter()
    many = synthetic(DATES)
    synthesis_s = time.perf_counter() - start
    large = figures(*build(many, repeats=1))
    results = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "limit_bytes": LIMIT_BYTES,
        "shipped": small,
        "forty": {**large, "synthesis_s": round(synthesis_s, 1)},
        "cold_command_shipped_s": round(cold_command_s(), 2),
        "bytes_per_extra_date": round(
            (large["page_bytes"] - small["page_bytes"]) / (large["dates"] - small["dates"])
        ),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
