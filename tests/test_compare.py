"""The comparison page: both sides' figures side by side, the table of what changes from A to
B, each side labelled as itself, its annotations on its side, and a slider that starts clear
of the panel (the last three in a real Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from maps.load import load_people
from maps.parse import scenario_from_text
from maps.pipeline import resolve_scenario
from maps.render import compare_pages, render_pages, write_pages
from maps.render.compare import change_rows, figure_rows
from maps.resolve import Resolution, diff_control
from tests.browser import open_page
from tests.test_render import MAX_MAP_BYTES, kit_calls

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SIDE_A = """\
id: side-a
title: Plan A gives Russia Donetsk
date: 2025-08-18
rules:
  - regions: [donetsk]
    to: RU
annotations:
  - {label: Note of A, at: Kramatorsk}
"""
SIDE_B = """\
id: side-b
title: Plan B gives Russia Zaporizhzhia
date: 2025-08-18
rules:
  - regions: [zaporizhzhia]
    to: RU
annotations:
  - {label: Note of B, at: Zaporizhzhia}
"""


@pytest.fixture(scope="module")
def sides() -> tuple[Resolution, Resolution]:
    return (
        resolve_scenario(scenario_from_text(SIDE_A)),
        resolve_scenario(scenario_from_text(SIDE_B)),
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, sides: tuple[Resolution, Resolution]) -> Path:
    """The A-vs-B page and B's page compared with its baseline."""
    out = tmp_path_factory.mktemp("compare")
    a, b = sides
    write_pages([compare_pages(a, b), *render_pages([b])], out)
    return out


def km2(value: float) -> str:
    return f"{value:,.0f} km²"


def held(res: Resolution, party: str) -> str:
    row = next(r for r in res.figures.parties if r["party"] == party)
    return f"{km2(row['area_km2'])} ({row['share']:.1f}%)"


def test_figures_line_up_side_by_side(sides: tuple[Resolution, Resolution]) -> None:
    a, b = sides
    rows = {r[0]: r[1:] for r in figure_rows(a, b, {})}
    assert rows["Administered by Russia"] == [held(a, "RU"), held(b, "RU")]
    assert rows["Administered by Ukraine"] == [held(a, "UA"), held(b, "UA")]
    assert held(a, "RU") != held(b, "RU")
    flows = [label for label in rows if label.endswith("against its baseline")]
    assert flows == ["Ukraine \u2192 Russia, against its baseline"]
    a_flow, b_flow = rows[flows[0]]
    assert a_flow.startswith(km2(a.figures.flows[0]["area_km2"])) and "people" in a_flow
    assert b_flow.startswith(km2(b.figures.flows[0]["area_km2"]))


def test_change_table_gives_each_region_and_direction_from_a_to_b(
    sides: tuple[Resolution, Resolution],
) -> None:
    a, b = sides
    changes = diff_control(a.control, b.control, load_people())
    rows = change_rows(changes, {})
    regions = {(r[0], r[1]) for r in rows}
    assert ("Donetsk", "Russia \u2192 Ukraine") in regions  # A gives it away, B does not
    assert ("Zaporizhzhia", "Ukraine \u2192 Russia") in regions
    totals = {r[1]: r[2] for r in rows if r[0] == "All regions"}
    for (source, target), group in changes.groupby(["from", "to"]):
        name = {"UA": "Ukraine", "RU": "Russia"}
        assert totals[f"{name[str(source)]} \u2192 {name[str(target)]}"] == km2(
            group["area_km2"].sum()
        )
    zaporizhzhia = next(r for r in rows if r[0] == "Zaporizhzhia")
    assert zaporizhzhia[3].startswith("about ")  # people from the settlements and totals


def test_compare_page_labels_each_side_as_itself(
    sides: tuple[Resolution, Resolution], pages: Path
) -> None:
    a, b = sides
    html = (pages / "side-a-vs-side-b.html").read_text(encoding="utf-8")
    assert len(html.encode()) < MAX_MAP_BYTES
    (swipe,) = kit_calls(html, "swipe")
    assert swipe[2] == [a.scenario.title, b.scenario.title]
    (panel,) = kit_calls(html, "comparePanel")
    info = panel[0]
    assert [s["title"] for s in info["sides"]] == [a.scenario.title, b.scenario.title]
    assert [s["label"] for s in info["sides"]] == [a.scenario.title, b.scenario.title]
    assert "baseline" not in " ".join(s["label"] for s in info["sides"]).lower()
    assert kit_calls(html, "panel") == [] and kit_calls(html, "annotations") == []
    notes = {call[2]: [r[2] for r in call[0]] for call in kit_calls(html, "sideNotes")}
    assert notes == {"left-notes": ["Note of A"], "right-notes": ["Note of B"]}
    assert swipe[0] == ["left", "left-front", "left-notes"]
    assert swipe[1] == ["right", "right-front", "right-notes"]


def test_baseline_comparison_says_baseline_on_its_side(
    sides: tuple[Resolution, Resolution], pages: Path
) -> None:
    b = sides[1]
    html = (pages / "side-b-compare.html").read_text(encoding="utf-8")
    date = b.baseline["date"]
    (swipe,) = kit_calls(html, "swipe")
    assert swipe[2] == [f"Baseline {date}", b.scenario.title]
    (panel,) = kit_calls(html, "comparePanel")
    left, right = panel[0]["sides"]
    assert left["label"] == f"Baseline {date}" and right["title"] == b.scenario.title
    notes = {call[2]: [r[2] for r in call[0]] for call in kit_calls(html, "sideNotes")}
    assert notes == {"right-notes": ["Note of B"]}
    rows = {r[0]: r[1:] for r in panel[0]["figures"]}
    assert rows["Ukraine \u2192 Russia, against its baseline"][0] == "none"


# In Chromium -------------------------------------------------------------------------------

GEOMETRY = """() => {
  const map = MapsKit.maps[0], box = map.getContainer().getBoundingClientRect();
  const panel = document.querySelector('.mk-panel').getBoundingClientRect();
  const bar = document.querySelector('.mk-swipe').getBoundingClientRect();
  const tags = [...document.querySelectorAll('.mk-swipe-label')].map(t => {
    const r = t.getBoundingClientRect(); return [r.left - box.left, r.right - box.left]; });
  return {width: box.width, panel: panel.right - box.left, cut: bar.left - box.left, tags};
}"""

SIDE_AT = """(label) => {
  const map = MapsKit.maps[0], box = map.getContainer().getBoundingClientRect();
  let at = null;
  map.eachLayer(l => {
    const tip = l.getTooltip && l.getTooltip();
    if (tip && tip.getElement() && tip.getElement().textContent === label) at = l.getLatLng();
  });
  const p = map.latLngToContainerPoint(at);
  const el = document.elementFromPoint(box.left + p.x, box.top + p.y);
  const pane = el && el.closest('.leaflet-pane');
  return pane ? pane.className : '';
}"""


def geometry(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(GEOMETRY)
    return found


def test_both_sides_figures_are_visible_and_labelled(
    browser: Browser, sides: tuple[Resolution, Resolution], pages: Path
) -> None:
    a, b = sides
    with open_page(browser, pages / "side-a-vs-side-b.html") as (page, log):
        page.wait_for_selector(".mk-compare")
        assert page.is_visible(".mk-sides") and page.is_visible(".mk-changes")
        heads = page.eval_on_selector_all(".mk-side-title", "els => els.map(e => e.textContent)")
        assert heads == [a.scenario.title, b.scenario.title]
        russia = page.eval_on_selector_all(
            ".mk-sides tr",
            "rows => rows.filter(r => r.cells[0].textContent === 'Administered by Russia')"
            ".map(r => [...r.cells].slice(1).map(c => c.textContent))",
        )
        assert russia == [[held(a, "RU"), held(b, "RU")]]
        for cell in page.query_selector_all(".mk-sides tr:nth-child(3) td"):
            assert cell.is_visible()
        labels = page.eval_on_selector_all(".mk-swipe-label", "els => els.map(e => e.title)")
        assert labels == [a.scenario.title, b.scenario.title]
        assert page.is_visible(".mk-swipe-left") and page.is_visible(".mk-swipe-right")
        assert log.errors == [] and log.blocked == []


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700), (480, 760)])
def test_slider_starts_where_no_side_is_under_the_panel(
    browser: Browser, pages: Path, size: tuple[int, int]
) -> None:
    with open_page(browser, pages / "side-a-vs-side-b.html", size=size) as (page, log):
        page.wait_for_selector(".mk-swipe-handle")
        g = geometry(page)
        left, right = g["cut"] - g["panel"], g["width"] - g["cut"]
        assert left >= 120 and right >= 120, g  # each side shows a good part of the map
        assert abs(left - right) <= 12, g  # the free part is shared half and half
        tag_left, tag_right = g["tags"]
        assert tag_left[0] >= g["panel"], g  # the left label is not under the panel
        assert tag_right[1] <= g["width"], g
        assert log.errors == []


def test_slider_follows_the_panel_until_the_reader_moves_it(browser: Browser, pages: Path) -> None:
    with open_page(browser, pages / "side-a-vs-side-b.html") as (page, log):
        page.wait_for_selector(".mk-swipe-handle")
        open_cut = geometry(page)["cut"]
        page.click(".mk-panel-toggle")  # fold the panel away: more room on the left
        page.wait_for_timeout(100)
        folded = geometry(page)
        assert folded["cut"] < open_cut - 100
        assert abs((folded["cut"] - folded["panel"]) - (folded["width"] - folded["cut"])) <= 12
        page.focus(".mk-swipe-handle")
        page.keyboard.press("ArrowRight")
        moved = geometry(page)["cut"]
        page.click(".mk-panel-toggle")
        page.wait_for_timeout(100)
        assert geometry(page)["cut"] == moved  # the reader's choice stays
        assert log.errors == []


def test_each_sides_annotations_show_only_on_its_side(browser: Browser, pages: Path) -> None:
    with open_page(browser, pages / "side-a-vs-side-b.html") as (page, log):
        page.wait_for_selector(".mk-annotation")
        page.click(".mk-panel-toggle")
        left_tags = page.eval_on_selector_all(
            ".leaflet-left-notes-pane .mk-annotation", "els => els.map(e => e.textContent)"
        )
        right_tags = page.eval_on_selector_all(
            ".leaflet-right-notes-pane .mk-annotation", "els => els.map(e => e.textContent)"
        )
        assert (left_tags, right_tags) == (["Note of A"], ["Note of B"])
        page.evaluate("MapsKit.setSwipe(0.98)")  # the map shows A nearly everywhere
        assert "leaflet-left-notes-pane" in page.evaluate(SIDE_AT, "Note of A")
        assert "right-notes" not in page.evaluate(SIDE_AT, "Note of B")
        page.evaluate("MapsKit.setSwipe(0.02)")  # and now B
        assert "leaflet-right-notes-pane" in page.evaluate(SIDE_AT, "Note of B")
        assert "left-notes" not in page.evaluate(SIDE_AT, "Note of A")
        assert log.errors == []
