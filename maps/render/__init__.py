"""Render resolutions as self-contained HTML: scenario maps, comparison maps, an index page."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from maps.files import write_atomic
from maps.i18n import Lang, ui
from maps.load import load_people
from maps.pipeline import baseline_resolution
from maps.render import index_page
from maps.render.index_page import MANIFEST, index_from_entries
from maps.render.maps import compare_map, scenario_map
from maps.render.page import render_html
from maps.resolve import Resolution, diff_control
from maps.summary import stats_json

__all__ = ["Page", "compare_pages", "render_pages", "write_pages"]


@dataclass(frozen=True)
class Page:
    """One output file: its name and its text."""

    name: str
    text: str


def _figures_json(res: Resolution) -> str:
    """The scenario's figures as JSON (what ``maps stats --format json`` prints)."""
    sc = res.scenario
    meta = {
        "id": sc.id,
        "title": sc.title,
        "date": str(sc.date),
        "baseline": sc.baseline,
        "parties": sc.party_names(),
    }
    return stats_json(res.figures, meta)


def render_pages(
    resolutions: list[Resolution],
    *,
    offline: bool = True,
    progress: Callable[[str], None] | None = None,
    tiles: str | None = None,
    lang: Lang = "en",
) -> list[Page]:
    """Each resolution's scenario map, comparison map (with its baseline) and figures
    (``X.json``), then the index: its manifest (``index.json``) and page (``index.html``);
    every word in ``lang``.

    :func:`write_pages` adds the manifest's entries to those already in the output folder.
    """
    pages: list[Page] = []
    baselines: dict[str, Resolution] = {}
    for res in resolutions:
        if progress:
            progress(res.scenario.id)
        key = res.scenario.baseline
        if key not in baselines:
            baselines[key] = baseline_resolution(key)
        base = baselines[key]
        sid, title = res.scenario.id, res.scenario.title
        shown = scenario_map(res, offline=offline, tiles=tiles, lang=lang)
        pages.append(Page(f"{sid}.html", render_html(shown, title, lang)))
        compare = compare_map(
            base,
            res,
            res.changes,
            offline=offline,
            labels=(ui("baseline_side", lang, date=res.baseline.get("date", "")), title),
            tiles=tiles,
            lang=lang,
        )
        heading = ui("compared_with_baseline", lang, title=title)
        pages.append(Page(f"{sid}-compare.html", render_html(compare, heading, lang)))
        pages.append(Page(f"{sid}.json", _figures_json(res)))
    if resolutions:
        entries = [index_page.entry(r, lang) for r in resolutions]
        pages.append(Page(MANIFEST, index_page.manifest_text(entries, lang)))
        pages.append(Page("index.html", index_from_entries(entries, lang)))
    return pages


def compare_pages(a: Resolution, b: Resolution, *, offline: bool = True, lang: Lang = "en") -> Page:
    """A swipe map from scenario ``a`` (left) to scenario ``b`` (right)."""
    changes = diff_control(a.control, b.control, load_people())
    m = compare_map(a, b, changes, offline=offline, lang=lang)
    title = ui("compared_with", lang, a=a.scenario.title, b=b.scenario.title)
    return Page(f"{a.scenario.id}-vs-{b.scenario.id}.html", render_html(m, title, lang))


def write_pages(pages: list[Page], outdir: Path) -> list[tuple[Path, int]]:
    """Write every page atomically; return (path, bytes) of each.

    A manifest among the pages is merged with the one already in ``outdir`` (entries whose map
    is gone are dropped), and the index page is rebuilt from the merged manifest, so rendering
    some scenarios never shrinks the index to those alone. The index speaks the language of
    the pages just rendered.
    """
    manifest = next((p for p in pages if p.name == MANIFEST), None)
    written = []
    for page in pages:
        if manifest is not None and page.name in (MANIFEST, "index.html"):
            continue
        written.append(_write(page.name, page.text, outdir))
    if manifest is not None:
        new = json.loads(manifest.text)["scenarios"]
        entries = index_page.merge_entries(index_page.read_manifest(outdir), new, outdir)
        lang = index_page.page_lang(json.loads(manifest.text))
        written.append(_write(MANIFEST, index_page.manifest_text(entries, lang), outdir))
        written.append(_write("index.html", index_from_entries(entries, lang), outdir))
    return written


def _write(name: str, text: str, outdir: Path) -> tuple[Path, int]:
    path = outdir / name
    write_atomic(text, path)
    return path, len(text.encode("utf-8"))
