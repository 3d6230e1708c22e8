"""Benchmark rendering against a plain ``GeoDataFrame.explore()`` of the same layers.

Measures, in one run on this machine: the cold ``maps render`` of every shipped scenario (a new
process), a cold explore() reference map of the same regions and control layers (a new
process), the warm re-resolve and re-render of one scenario, and the size of every output.
Writes the figures to ``bench/results.json`` and prints them.
Run: ``.venv/bin/pip install '.[bench]' && .venv/bin/python bench/render.py`` (the explore()
reference needs ``mapclassify``, in the ``bench`` extra).
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results.json"

EXPLORE = """
import maps
regions = maps.load_regions()
control = maps.load_baseline()
m = regions.explore(tooltip=["name"], style_kwds={{"fillOpacity": 0.1}})
control[control.party == "RU"].explore(m=m, color="#CC3311", tooltip=["region", "area_km2"])
control[control.party == "UA"].explore(m=m, color="#0077BB", tooltip=["region", "area_km2"])
m.save(r"{out}")
"""


def timed_process(args: list[str]) -> float:
    """Wall time of a command in a fresh process, in seconds."""
    start = time.perf_counter()
    subprocess.run(args, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def best_of(runs: int, args: list[str]) -> float:
    """Fastest of several cold runs (the least disturbed by other work on the machine)."""
    return min(timed_process(args) for _ in range(runs))


def warm_rerender_ms(scenario: Path, repeats: int = 10) -> float:
    """Median time to resolve and render one scenario again in a warm process."""
    sys.path.insert(0, str(REPO))
    from maps.pipeline import resolve_file
    from maps.render import render_pages

    render_pages([resolve_file(scenario)])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render_pages([resolve_file(scenario)])
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _require(module: str) -> None:
    """Stop with one line naming the missing package and how to install it."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise SystemExit(
            f"bench/render.py needs {module!r} for the explore() reference: pip install '.[bench]'"
        )


def main() -> None:
    """Run every measurement and write the results."""
    _require("mapclassify")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render_s = best_of(3, [sys.executable, "-m", "maps", "render", "-o", str(out / "site")])
        explore_html = out / "explore.html"
        explore_s = best_of(3, [sys.executable, "-c", EXPLORE.format(out=explore_html)])
        sizes = {p.name: p.stat().st_size for p in sorted((out / "site").glob("*.html"))}
        explore_bytes = explore_html.stat().st_size
    warm_ms = warm_rerender_ms(REPO / "scenarios" / "donbas-for-freeze.yaml")
    maps_only = {k: v for k, v in sizes.items() if not k.endswith("-compare.html")}
    maps_only.pop("index.html", None)
    results = {
        "machine": f"{platform.machine()}, {platform.python_version()}, {_cores()} cores",
        "scenarios": len(maps_only),
        "cold_render_all_s": round(render_s, 2),
        "cold_explore_reference_s": round(explore_s, 2),
        "budget_s": round(explore_s + 1.0, 2),
        "warm_rerender_one_ms": round(warm_ms, 1),
        "explore_reference_bytes": explore_bytes,
        "largest_scenario_map_bytes": max(maps_only.values()),
        "output_bytes": sizes,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "output_bytes"}, indent=2))
    for name, size in sizes.items():
        print(f"{size / 1024:8.0f} KB  {name}")


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
