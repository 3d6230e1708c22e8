"""Render resolutions as self-contained HTML: scenario maps, comparison maps, an index page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from maps.files import write_atomic
from maps.load import load_cities
from maps.pipeline import baseline_resolution
from maps.render.index_page import index_html
from maps.render.maps import compare_map, scenario_map
from maps.render.page import render_html
from maps.resolve import Resolution, diff_control

__all__ = ["Page", "compare_pages", "render_pages", "write_pages"]


@dataclass(frozen=True)
class Page:
    """One output file: its name and its text."""

    name: str
    text: str


def render_pages(
    resolutions: list[Resolution],
    *,
    offline: bool = True,
    progress: Callable[[str], None] | None = None,
    tiles: str | None = None,
) -> list[Page]:
    """Scenario map and comparison map of each resolution, then the index page."""
    pages: list[Page] = []
    baselines: dict[str, Resolution] = {}
    for res in resolutions:
        if progress:
            progress(res.scenario.id)
        key = res.scenario.baseline
        if key not in baselines:
            baselines[key] = baseline_resolution(key)
        base = baselines[key]
        pages.append(
            Page(
                f"{res.scenario.id}.html",
                render_html(scenario_map(res, offline=offline, tiles=tiles), res.scenario.title),
            )
        )
        compare = compare_map(
            base,
            res,
            res.changes,
            offline=offline,
            labels=(f"Baseline {res.baseline.get('date', '')}", res.scenario.title),
            tiles=tiles,
        )
        pages.append(
            Page(
                f"{res.scenario.id}-compare.html",
                render_html(compare, f"{res.scenario.title} — compared with the baseline"),
            )
        )
    if resolutions:
        pages.append(Page("index.html", index_html(resolutions)))
    return pages


def compare_pages(a: Resolution, b: Resolution, *, offline: bool = True) -> Page:
    """A swipe map from scenario ``a`` (left) to scenario ``b`` (right)."""
    changes = diff_control(a.control, b.control, load_cities())
    m = compare_map(a, b, changes, offline=offline)
    title = f"{a.scenario.title} — compared with — {b.scenario.title}"
    return Page(f"{a.scenario.id}-vs-{b.scenario.id}.html", render_html(m, title))


def write_pages(pages: list[Page], outdir: Path) -> list[tuple[Path, int]]:
    """Write every page atomically; return (path, bytes) of each."""
    written = []
    for page in pages:
        path = outdir / page.name
        write_atomic(page.text, path)
        written.append((path, len(page.text.encode("utf-8"))))
    return written
