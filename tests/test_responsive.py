"""Maps on phones, tablets and desktops, and embedded in a page: in a real headless Chromium.

At 375, 768 and 1280 px no control covers another or the focus regions, no text is smaller
than 12 px, and no label covers another, at the first view and one zoom level in; the embed
snippet takes the height its map asks for, from that map only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from maps.embed import (
    EMBED_MESSAGE,
    FALLBACK_MIN_HEIGHT,
    MAX_HEIGHT,
    MIN_HEIGHT,
    iframe_snippet,
)
from maps.parse import scenario_from_text
from maps.pipeline import resolve_file, resolve_scenario
from maps.regions import FOCUS
from maps.render import layers, render_pages, write_pages
from maps.render.assets import read_asset
from tests.browser import open_page, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "scenarios" / "us-28-point-plan-2025-11.yaml"
NAME = PLAN.stem
SIZES = [(375, 667), (768, 1024), (1280, 800)]

LABELS = """() => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const all = [...document.querySelectorAll('.mk-label span, .leaflet-tooltip.mk-city,'
    + ' .leaflet-tooltip.mk-annotation, .mk-site-name')];
  const seen = all.filter(e => {
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.right > box.left
      && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
  }).map(e => [e.textContent, e.getBoundingClientRect()]);
  const overlaps = [];
  for (let i = 0; i < seen.length; i++) for (let j = i + 1; j < seen.length; j++) {
    const a = seen[i][1], b = seen[j][1];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5
        && b.top < a.bottom - 0.5) overlaps.push(seen[i][0] + ' / ' + seen[j][0]);
  }
  return {overlaps, shown: seen.map(s => s[0]), labels: all.length};
}"""

CONTROLS = """(focus) => {
  const c = document.querySelector('.leaflet-container'), o = c.getBoundingClientRect();
  const rect = r => [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top];
  const cut = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const controls = [...c.querySelectorAll('.leaflet-control')]
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => [e.className.split(' ')[0], rect(e.getBoundingClientRect())]);
  const overlaps = [];
  controls.forEach((a, i) => controls.slice(i + 1).forEach(b => {
    if (cut(a[1], b[1])) overlaps.push(a[0] + ' / ' + b[0]);
  }));
  const out = controls.filter(k => k[1][0] < 0 || k[1][1] < 0 || k[1][2] > o.width + 0.5
    || k[1][3] > o.height + 0.5).map(k => k[0]);
  const features = MapsKit.regionFeatures.filter(f => focus.includes(f.properties.r));
  const m = MapsKit.maps[0], b = L.geoJSON({type: 'FeatureCollection', features}).getBounds();
  const nw = m.latLngToContainerPoint(b.getNorthWest());
  const se = m.latLngToContainerPoint(b.getSouthEast());
  const area = [nw.x, nw.y, se.x, se.y];
  const regions = [...new Set(features.map(f => f.properties.r))].sort();
  return {overlaps, out, regions, area, size: [o.width, o.height],
    covering: controls.filter(k => cut(k[1], area)).map(k => k[0])};
}"""

SMALL_TEXT = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return r.width > 0 && s.visibility !== 'hidden' && [...e.childNodes].some(n => n.nodeType === 3
    && n.textContent.trim()) && parseFloat(s.fontSize) < 12;
}).map(e => e.className + ' ' + getComputedStyle(e).fontSize + ' ' + e.textContent.slice(0, 30))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("responsive")
    write_pages(render_pages([resolve_file(PLAN)]), out)
    return out


def laid_out(page: Page | Frame) -> str:
    """Wait until the map has laid itself out and placed its labels; its layout's name."""
    page.wait_for_selector(".mk-legend")
    page.wait_for_function("() => document.querySelector('.leaflet-container').dataset.layout")
    layout: str = page.evaluate("() => document.querySelector('.leaflet-container').dataset.layout")
    return layout


def zoom_in(page: Page) -> None:
    page.evaluate(
        "() => { const m = MapsKit.maps[0]; m.setZoom(m.getZoom() + 1, {animate: false}); }"
    )
    page.wait_for_timeout(100)


def check_controls(page: Page | Frame) -> dict[str, Any]:
    """Controls: none covers another, none leaves the map, none covers the focus regions."""
    found: dict[str, Any] = page.evaluate(CONTROLS, list(FOCUS))
    assert found["overlaps"] == []
    assert found["out"] == []
    assert found["regions"] == sorted(FOCUS)
    x0, y0, x1, y1 = found["area"]
    width, height = found["size"]
    assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, found
    assert found["covering"] == []
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_labels_never_cover_each_other(browser: Browser, site: Path, size: tuple[int, int]) -> None:
    with open_page(browser, site / f"{NAME}.html", size) as (page, log):
        laid_out(page)
        for step in ("first view", "one level in"):
            if step != "first view":
                zoom_in(page)
            labels = page.evaluate(LABELS)
            assert labels["overlaps"] == [], step
            assert len(labels["shown"]) >= 20, step
            assert len(labels["shown"]) < labels["labels"], step  # some did not fit
            assert (
                "Donetsk" in labels["shown"]
                and "Zaporizhzhia Nuclear Power Plant" in labels["shown"]
            )
        assert log.errors == []


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_controls_leave_each_other_and_the_focus_regions_clear(
    browser: Browser, site: Path, size: tuple[int, int]
) -> None:
    with open_page(browser, site / f"{NAME}.html", size) as (page, log):
        layout = laid_out(page)
        assert layout == {375: "narrow", 768: "medium", 1280: "wide"}[size[0]]
        check_controls(page)
        assert page.evaluate(SMALL_TEXT) == []
        # The page's own font wins over folium's 1rem.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).fontSize")
            == "13px"
        )
        assert page.is_visible(".mk-panel-body") == (size[0] == 1280)
        assert page.is_visible(".mk-legend-body") == (size[0] != 375)
        assert log.errors == []


def test_a_phone_has_toggles_reachable_by_touch(browser: Browser, site: Path) -> None:
    with open_page(browser, site / f"{NAME}.html", (375, 667)) as (page, log):
        laid_out(page)
        buttons = page.eval_on_selector_all(
            ".leaflet-control-zoom a, .mk-panel-toggle, .mk-legend-toggle, .mk-fullscreen",
            "els => els.map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])",
        )
        assert len(buttons) == 5 and all(w >= 34 and h >= 34 for w, h in buttons), buttons
        sources = page.locator(".leaflet-control-attribution")
        one_line = sources.bounding_box()
        assert one_line is not None and one_line["height"] <= 20  # one line of 12 px text
        assert "Natural Earth" in sources.inner_text()
        sources.click()
        opened = sources.bounding_box()
        assert opened is not None and opened["height"] > 2 * one_line["height"]
        assert page.evaluate(CONTROLS, list(FOCUS))["overlaps"] == []
        page.click(".mk-legend-toggle")
        assert page.is_visible(".mk-legend-body") and not page.is_visible(".mk-panel-body")
        assert page.get_attribute(".mk-legend-toggle", "aria-expanded") == "true"
        page.evaluate("() => MapsKit.collapse(document.querySelector('.mk-legend'), false, true)")
        assert page.evaluate(CONTROLS, list(FOCUS))["overlaps"] == []
        page.click(".mk-panel-toggle")
        assert page.is_visible(".mk-panel-body") and not page.is_visible(".mk-legend-body")
        assert page.evaluate(CONTROLS, list(FOCUS))["overlaps"] == []
        assert log.errors == []


NAMING = """id: named-towns
title: Towns named
date: 2025-11-20
baseline: contact-line-2025-11-20
rules:
  - regions: [donetsk]
    to: RU
    note: Ukraine leaves Pokrovsk, Myrnohrad, Kostiantynivka and Druzhkivka.
annotations:
  - {label: Enerhodar plant town, at: Enerhodar}
"""


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_named_front_line_towns_and_notes_keep_their_labels(
    browser: Browser, tmp_path: Path, size: tuple[int, int]
) -> None:
    write_pages(render_pages([resolve_scenario(scenario_from_text(NAMING))]), tmp_path)
    with open_page(browser, tmp_path / "named-towns.html", size) as (page, log):
        laid_out(page)
        for step in ("first view", "one level in"):
            if step != "first view":
                zoom_in(page)
            shown = page.evaluate(LABELS)["shown"]
            for name in ("Pokrovsk", "Myrnohrad", "Kostiantynivka", "Enerhodar plant town"):
                assert name in shown, (step, name)
        assert log.errors == []


def frame_height(page: Page) -> float:
    box = page.locator("iframe").first.bounding_box()
    assert box is not None
    return float(box["height"])


def settle(page: Page, expected: float) -> None:
    page.wait_for_function(
        "h => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) < 1.5",
        arg=expected,
    )


def test_embed_snippet_takes_the_height_its_map_asks_for(browser: Browser, site: Path) -> None:
    snippet = iframe_snippet(f"{NAME}.html", "US 28-point plan")
    (site / "other.html").write_text("<!DOCTYPE html><p>Another frame</p>")
    (site / "article.html").write_text(
        "<!DOCTYPE html><meta name='viewport' content='width=device-width'>"
        f"<body style='margin:12px'><p>Report text</p>{snippet}"
        "<iframe id='other' src='other.html' title='other'></iframe></body>"
    )
    with serve(site) as url, open_page(browser, url + "article.html", (375, 667)) as (page, log):
        frame = page.frames[1] if page.frames[1].url.endswith(f"{NAME}.html") else page.frames[2]
        assert laid_out(frame) == "narrow"
        width = page.locator("iframe").first.bounding_box()
        assert width is not None and width["width"] == pytest.approx(351, abs=1)
        page.wait_for_function(
            "() => document.querySelector('iframe').getBoundingClientRect().height > 300"
        )
        asked = frame.evaluate(
            "() => MapsKit.preferredHeight(MapsKit.maps[0], MapsKit.maps[0].mkFocus)"
        )
        settle(page, asked)
        assert 1.1 * 351 < asked < 1.8 * 351  # taller than 16:10 (219 px) on a phone
        check_controls(frame)
        # Only the map's own frame is heard, and only with a finite number of the right type.
        other = next(f for f in page.frames if f.url.endswith("other.html"))
        post = "h => parent.postMessage({type: '" + EMBED_MESSAGE + "', height: h}, '*')"
        other.evaluate(post, 3000)
        page.evaluate(
            "() => window.postMessage({type: '" + EMBED_MESSAGE + "', height: 3000}, '*')"
        )
        frame.evaluate("() => parent.postMessage({type: 'other', height: 3000}, '*')")
        frame.evaluate(
            f"() => parent.postMessage({{type: '{EMBED_MESSAGE}', height: '3000'}}, '*')"
        )
        frame.evaluate(f"() => parent.postMessage({{type: '{EMBED_MESSAGE}', height: NaN}}, '*')")
        frame.evaluate(f"() => parent.postMessage('{EMBED_MESSAGE}', '*')")
        page.wait_for_timeout(200)
        assert frame_height(page) == pytest.approx(asked, abs=1.5)
        frame.evaluate(post, 500)
        settle(page, 500)
        frame.evaluate(post, 1)
        settle(page, MIN_HEIGHT)
        frame.evaluate(post, 10**9)
        settle(page, MAX_HEIGHT)
        # A wider page: the map asks for 16:10 again.
        page.set_viewport_size({"width": 1280, "height": 800})
        settle(page, round((1280 - 24) * 0.625))
        assert laid_out(frame) == "wide"
        assert log.errors == []


def test_plain_iframe_without_the_script_keeps_its_aspect(browser: Browser, site: Path) -> None:
    snippet = iframe_snippet(f"{NAME}.html", "US 28-point plan", resize=False)
    assert "<script" not in snippet
    (site / "plain.html").write_text(f"<!DOCTYPE html><body style='margin:12px'>{snippet}</body>")
    with serve(site) as url, open_page(browser, url + "plain.html", (375, 667)) as (page, log):
        assert laid_out(page.frames[1]) == "narrow"
        page.wait_for_timeout(200)
        assert frame_height(page) == pytest.approx(FALLBACK_MIN_HEIGHT, abs=1)  # not 219 px
        check_controls(page.frames[1])
        page.set_viewport_size({"width": 1280, "height": 800})
        page.wait_for_timeout(200)
        assert frame_height(page) == pytest.approx((1280 - 24) * 0.625, abs=1)
        assert log.errors == []


def test_snippet_script_reads_only_its_message() -> None:
    snippet = iframe_snippet('x.html?a="b"', "A <b>title</b>")
    assert 'src="x.html?a=&quot;b&quot;"' in snippet and "&lt;b&gt;" in snippet
    script = snippet[snippet.index("<script>") :]
    assert script.count("<script") == 1 and script.endswith("</script>")
    for needle in ("e.source!==frame.contentWindow", "e.origin!==origin", "isFinite(m.height)"):
        assert needle in script
    for banned in ("eval", "innerHTML", "Function(", "JSON.parse", "document.write"):
        assert banned not in script
    assert f'kit.EMBED_MESSAGE = "{EMBED_MESSAGE}"' in read_asset("kit.js")


def test_html_maps_stay_small(site: Path) -> None:
    for page in site.glob("*.html"):
        assert page.stat().st_size < 400_000, page.name


def test_towns_named_by_a_scenario_and_along_the_front_are_labelled_first() -> None:
    text = (
        "Ukraine leaves Pokrovsk and Kramatorsk; Kherson oblast is frozen; the Dnipro is the "
        "line; the Kakhovka dam is not rebuilt; Zaporizhzhia region stays as it is."
    )
    assert layers.named_towns([text]) == {"Pokrovsk", "Kramatorsk"}
    front = layers.front_line_towns("contact-line-2025-08")
    assert {"Pokrovsk", "Kostiantynivka", "Siversk", "Huliaipole", "Nikopol"} <= front
    assert not front & {"Kyiv", "Lviv", "Odesa", "Dnipro", "Sevastopol"}
    scenario = scenario_from_text(NAMING)
    rows = {row[0]: row for row in layers.city_rows_for(scenario)}
    assert rows["Druzhkivka"][5] == layers.LABEL_NAMED
    assert rows["Siversk"][5] == layers.LABEL_FRONT  # 11,000 people: shown for the front
    assert rows["Kyiv"][5] == layers.LABEL_TOWN
    assert rows["Pavlohrad"][5] == layers.LABEL_NONE  # named on hover only
    assert "Rozdilna" not in rows  # small and far from the front
