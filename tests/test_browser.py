"""The rendered maps in a real headless Chromium with the network blocked."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from maps.parse import scenario_from_text
from maps.pipeline import resolve_file, resolve_scenario
from maps.render import render_pages, write_pages
from maps.scenario import Source
from tests.browser import click_map, open_page
from tests.test_render import EVERY_LOOK

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
XSS_TITLE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_pages(render_pages([resolve_file(p) for p in SCENARIOS]), out)
    return out


def count(page: Page, selector: str) -> int:
    found: int = page.eval_on_selector_all(selector, "els => els.length")
    return found


@pytest.mark.parametrize("name", [p.stem for p in SCENARIOS])
def test_scenario_map_draws_completely_offline(browser: Browser, site: Path, name: str) -> None:
    with open_page(browser, site / f"{name}.html") as (page, log):
        page.wait_for_selector(".mk-legend")
        assert log.errors == []
        assert log.blocked == []
        assert count(page, ".leaflet-control-container .mk-panel") == 1
        assert count(page, "path.leaflet-interactive") >= 27  # every region has an area
        assert count(page, ".leaflet-pane path") > 40  # context, areas, line of contact
        assert page.is_visible(".mk-legend") and page.is_visible(".mk-panel")
        assert page.is_visible(".mk-fullscreen")
        assert "approximate" in page.inner_text(".mk-approx")
        assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")


def test_tooltip_shows_region_party_and_area(browser: Browser, site: Path) -> None:
    with open_page(browser, site / "donbas-for-freeze.html") as (page, log):
        page.wait_for_selector(".mk-legend")
        point = page.evaluate(
            "() => { const m = Object.values(window).find(v => v instanceof L.Map);"
            " const p = m.latLngToContainerPoint([48.55, 37.25]); return [p.x, p.y]; }"
        )
        page.mouse.move(point[0] - 5, point[1])
        page.mouse.move(point[0], point[1], steps=3)
        page.wait_for_selector(".mk-tip")
        tip = page.inner_text(".mk-tip")
        assert "Donetsk" in tip and "km²" in tip and "Ukraine" in tip
        assert log.errors == []


def test_patterns_mark_recognised_territory(browser: Browser, site: Path) -> None:
    with open_page(browser, site / "donbas-for-freeze.html") as (page, _):
        page.wait_for_selector(".mk-legend")
        fills = page.eval_on_selector_all(
            "path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))"
        )
        assert "url(#mk-de-jure-cc3311)" in fills  # Russia's colour, hatched
        assert count(page, "pattern#mk-de-jure-cc3311 rect") == 1
        assert count(page, "pattern#mk-de-jure-cc3311 path") == 1


def test_swipe_moves_and_reveals_the_other_side(browser: Browser, site: Path) -> None:
    with open_page(browser, site / "donbas-for-freeze-compare.html") as (page, log):
        page.wait_for_selector(".mk-swipe-handle")
        probe = (
            "() => { const m = Object.values(window).find(v => v instanceof L.Map);"
            " const p = m.latLngToContainerPoint([45.55, 33.9]);"
            " const r = m.getContainer().getBoundingClientRect();"
            " const el = document.elementFromPoint(r.left + p.x, r.top + p.y);"
            " return [p.x, el.closest('.leaflet-pane').className]; }"
        )
        x, pane_before = page.evaluate(probe)
        handle = page.locator(".mk-swipe-handle").bounding_box()
        assert handle is not None
        page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        target_x = x + 150 if "right" in pane_before else x - 150
        page.mouse.move(target_x, handle["y"] + 10, steps=5)
        page.mouse.up()
        _, pane_after = page.evaluate(probe)
        assert pane_before != pane_after
        panes = {pane_before.split()[-1], pane_after.split()[-1]}
        assert panes == {"leaflet-left-pane", "leaflet-right-pane"}
        page.keyboard.press("Tab")
        page.focus(".mk-swipe-handle")
        before = page.get_attribute(".mk-swipe-handle", "aria-valuenow")
        page.keyboard.press("ArrowLeft")
        assert page.get_attribute(".mk-swipe-handle", "aria-valuenow") != before
        assert log.errors == []


def test_drawn_line_after_clear_is_the_one_shown_and_exposed(browser: Browser, site: Path) -> None:
    with open_page(browser, site / "donbas-for-freeze.html") as (page, log):
        page.wait_for_selector(".mk-legend")
        page.evaluate("MapsKit.editMode(MapsKit.maps[0])")
        click_map(page, [[34.3, 47.15], [35.4, 47.05], [36.6, 47.2]])
        assert page.input_value(".mk-edit-yaml").startswith("  - split: zaporizhzhia\n")
        page.click(".mk-edit-clear")
        assert page.input_value(".mk-edit-yaml") == ""
        assert page.evaluate("MapsKit.editing.points") == []
        click_map(page, [[37.3, 48.9], [37.45, 47.85]])  # clear of city markers
        yaml = page.input_value(".mk-edit-yaml")
        points = page.evaluate("MapsKit.editing.points")
        assert len(points) == 2
        line = json.loads(yaml.split("\n")[1].removeprefix("    line: "))
        assert len(line) == 2
        assert all(math.dist(a, b) < 0.001 for a, b in zip(line, points, strict=True))
        assert yaml.startswith("  - split: donetsk\n") and "west: UA" in yaml
        assert page.evaluate("MapsKit.editing.text.value") == yaml
        assert log.errors == []


def test_hostile_text_renders_as_text(browser: Browser, tmp_path: Path) -> None:
    text = (
        f"id: hostile\ntitle: '{XSS_TITLE}'\nsummary: '<script>window.__pwned=2</script>'\n"
        "date: 2025-08-18\nrules: []\n"
        f"annotations: [{{label: '{XSS_TITLE}', at: Enerhodar, note: '{XSS_TITLE}'}}]\n"
    )
    scenario = scenario_from_text(text)
    # The model refuses javascript: URLs; build the source directly so the page's own
    # filter is what stops it.
    source = Source.model_construct(title="evil", url="javascript:window.__pwned=3")
    scenario.sources = [source]
    write_pages(render_pages([resolve_scenario(scenario)]), tmp_path)
    with open_page(browser, tmp_path / "hostile.html") as (page, log):
        page.wait_for_selector(".mk-annotation")
        page.click(".leaflet-notes-pane path.leaflet-interactive")
        page.click(".mk-sources span")
        assert page.evaluate("window.__pwned ?? null") is None
        assert page.evaluate("document.querySelector('img[src=\"x\"], script[src]')") is None
        assert page.inner_text(".mk-title") == XSS_TITLE
        assert page.inner_text(".mk-annotation") == XSS_TITLE
        assert page.inner_text(".leaflet-popup-content") == XSS_TITLE
        assert page.inner_text(".mk-summary") == "<script>window.__pwned=2</script>"
        assert count(page, ".mk-sources a") == 0
        assert page.inner_text(".mk-sources li") == "evil (javascript:window.__pwned=3)"
        assert log.dialogs == [] and log.errors == []
        assert page.title() == XSS_TITLE


def test_index_page_links_work(browser: Browser, site: Path) -> None:
    with open_page(browser, site / "index.html") as (page, log):
        links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
        assert all((site / href).is_file() for href in links)
        assert count(page, "article.card") == len(SCENARIOS)
        assert log.errors == []


def test_map_works_inside_an_iframe_without_trapping_scroll(
    browser: Browser, site: Path, tmp_path: Path
) -> None:
    host = tmp_path / "host.html"
    target = (site / "status-quo.html").as_uri()
    host.write_text(
        "<!DOCTYPE html><body style='height:3000px'><p>Report text</p>"
        f"<iframe src='{target}' title='Map' style='width:800px;height:500px'></iframe></body>"
    )
    with open_page(browser, host) as (page, log):
        frame = page.frames[1]
        frame.wait_for_selector(".mk-legend")
        page.mouse.move(400, 300)
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(300)
        assert page.evaluate("window.scrollY") > 0
        assert log.errors == []


DRAWN = """() => {
  const sig = e => ['fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width',
    'stroke-dasharray'].map(a => e.getAttribute(a)).join(' | ');
  const unique = xs => [...new Set(xs)].sort();
  const paths = [...document.querySelectorAll('.leaflet-map-pane path')]
    .filter(p => !p.closest('.leaflet-context-pane'));
  const symbol = e => e.dataset.shape + ' ' + e.querySelector('polygon').getAttribute('fill');
  return {
    map: unique(paths.map(sig)),
    legend: unique([...document.querySelectorAll('.mk-legend .mk-swatch')].map(sig)),
    mapSymbols: unique([...document.querySelectorAll('.mk-site .mk-symbol')].map(symbol)),
    legendSymbols: unique([...document.querySelectorAll('.mk-legend .mk-symbol')].map(symbol)),
    patterns: [...document.querySelectorAll('pattern')].map(p => p.id),
    changes: unique([...document.querySelectorAll('.leaflet-changes-pane path')].map(sig)),
    changeSwatch: [...document.querySelectorAll('.mk-legend-row')]
      .filter(r => r.textContent.startsWith('Changes hands'))
      .map(r => sig(r.querySelector('.mk-swatch'))),
  };
}"""


def hover(page: Page, lat: float, lon: float) -> str:
    """Move the mouse to a place on the first map and return the tooltip's text."""
    x, y = page.evaluate(
        "p => { const c = MapsKit.maps[0].latLngToContainerPoint(p); return [c.x, c.y]; }",
        [lat, lon],
    )
    page.mouse.move(x - 5, y)
    page.mouse.move(x, y, steps=3)
    page.wait_for_selector(".leaflet-tooltip .mk-tip")
    text: str = page.inner_text(".leaflet-tooltip .mk-tip")
    page.mouse.move(2, 790)
    page.wait_for_selector(".leaflet-tooltip .mk-tip", state="detached")
    return text


@pytest.fixture(scope="module")
def every_look_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("every-look")
    write_pages(render_pages([resolve_scenario(scenario_from_text(EVERY_LOOK))]), out)
    return out


@pytest.mark.parametrize("name", ["every-look", "every-look-compare"])
def test_legend_shows_exactly_what_the_map_draws(
    browser: Browser, every_look_site: Path, name: str
) -> None:
    with open_page(browser, every_look_site / f"{name}.html") as (page, log):
        page.wait_for_selector(".mk-legend")
        drawn = page.evaluate(DRAWN)
        assert drawn["map"] == drawn["legend"]
        assert drawn["mapSymbols"] == drawn["legendSymbols"]
        assert len(drawn["mapSymbols"]) == 4  # plant, dam, spit, other site
        fills = {s.split(" | ")[0] for s in drawn["map"]}
        patterns = {f[5:-1] for f in fills if f.startswith("url(#")}
        assert patterns and patterns <= set(drawn["patterns"])
        assert "#8a2be2" in fills  # the extra party's declared colour
        assert drawn["changes"] and drawn["changes"] == drawn["changeSwatch"]
        assert log.errors == []


def test_tooltips_show_every_attribute_by_display_name(
    browser: Browser, every_look_site: Path
) -> None:
    with open_page(browser, every_look_site / "every-look.html") as (page, log):
        page.wait_for_selector(".mk-legend")
        kramatorsk = hover(page, 48.6, 37.1)  # under the regime and sovereignty overlays
        assert "Administered by Ukraine" in kramatorsk
        assert "Sovereign territory of Russia" in kramatorsk
        assert "Neutral buffer zone, closed to the forces of Ukraine and Russia" in kramatorsk
        melitopol = hover(page, 46.95, 35.95)
        assert "International administration" in melitopol and "INT" not in melitopol
        page.hover(".mk-site[data-kind=nuclear-plant] .mk-symbol")
        page.wait_for_selector(".leaflet-tooltip .mk-tip")
        plant = page.inner_text(".leaflet-tooltip .mk-tip")
        assert "Operated by International administration" in plant
        assert "Supervised by United States" in plant
        assert "Rule 3: Zaporizhzhia under an <b>international</b> administration" in (
            page.inner_text(".mk-rules")
        )
        assert log.errors == []
