"""Watch mode: real files, a real server on 127.0.0.1, a real browser reloading and drawing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from maps import watch
from maps.pipeline import resolve_scenario
from maps.scenario_io import load_scenario

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "scenarios" / "donbas-for-freeze.yaml"


@pytest.fixture()
def watched(tmp_path: Path):
    scenario = tmp_path / "donbas-for-freeze.yaml"
    shutil.copy(SOURCE, scenario)
    log: list[str] = []
    watcher, server = watch.start([scenario], tmp_path / "build", port=0, log=log.append)
    url = f"http://127.0.0.1:{server.server_address[1]}/donbas-for-freeze.html"
    yield scenario, url, watcher, log
    watch.stop(watcher, server)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.05)  # a new modification time even on coarse clocks
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def click_points(page, points: list[list[float]]) -> None:
    """Click the map at [lon, lat] points."""
    pixels = page.evaluate(
        "pts => pts.map(p => { const c = MapsKit.maps[0].latLngToContainerPoint([p[1], p[0]]);"
        " return [c.x, c.y]; })",
        points,
    )
    box = page.locator(".folium-map").bounding_box()
    for x, y in pixels:
        page.mouse.click(box["x"] + x, box["y"] + y)


def paste_rule(scenario: Path, yaml: str) -> None:
    """Paste a copied rule at the end of the file's rules."""
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("terms:", yaml + "\nterms:", 1), encoding="utf-8")


def test_edit_rebuilds_and_reloads_the_page(browser, watched) -> None:
    scenario, url, watcher, log = watched
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector(".mk-title")
    assert page.inner_text(".mk-title") == "Donbas for a freeze"
    started = time.perf_counter()
    edit(scenario, "title: Donbas for a freeze", "title: Donbas for a freeze, revised")
    page.wait_for_function(
        "() => document.querySelector('.mk-title') &&"
        " document.querySelector('.mk-title').textContent.endsWith('revised')",
        timeout=5000,
    )
    assert time.perf_counter() - started < 1.5  # save to reloaded map
    assert any(line.startswith(f"rendered {scenario}") for line in log)
    assert watcher.last_ms is not None and watcher.last_ms < 1000
    page.close()


def test_broken_file_shows_errors_and_the_watcher_survives(browser, watched) -> None:
    scenario, url, _, log = watched
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector(".mk-title")
    edit(scenario, "regions: [donbas]", "regions: [donbass, atlantis]")
    page.wait_for_selector("#mk-errors", timeout=5000)
    overlay = page.inner_text("#mk-errors")
    assert f"{scenario}:" in overlay and "unknown region 'atlantis'" in overlay
    assert "did you mean" in overlay
    assert any("error in" in line for line in log)
    assert page.inner_text(".mk-title") == "Donbas for a freeze"  # the last good map stays
    edit(scenario, "regions: [donbass, atlantis]", "regions: [donbas]")
    page.wait_for_function("() => !document.getElementById('mk-errors')", timeout=5000)
    page.wait_for_selector(".mk-title")
    page.close()


def test_a_drawn_line_pastes_into_the_file_and_validates(browser, watched) -> None:
    scenario, url, _, _ = watched
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_selector(".mk-edit")
    click_points(page, [[34.3, 47.15], [35.4, 47.05], [36.6, 47.2]])
    yaml = page.input_value(".mk-edit-yaml")
    assert yaml.startswith("  - split: zaporizhzhia\n    line: [[34.")
    paste_rule(scenario, yaml)
    res = resolve_scenario(load_scenario(scenario))
    parts = res.control[res.control.region == "zaporizhzhia"]
    assert set(parts.party) == {"UA", "RU"}
    north = parts[parts.party == "UA"].geometry.iloc[0].representative_point().y
    south = parts[parts.party == "RU"].geometry.iloc[0].representative_point().y
    assert north > south
    page.close()


def test_zone_line_yaml_validates(browser, watched) -> None:
    scenario, url, _, _ = watched
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url + "#edit")
    page.wait_for_selector(".mk-edit")
    page.click(".mk-edit-zone-line")
    click_points(page, [[35.3, 47.7], [35.9, 47.6], [36.5, 47.75]])
    yaml = page.input_value(".mk-edit-yaml")
    assert yaml.startswith("  - zone: demilitarised\n    along: [[")
    paste_rule(scenario, yaml)
    res = resolve_scenario(load_scenario(scenario))
    assert "demilitarised" in set(res.control.status)
    page.close()


def test_a_change_in_the_data_rebuilds(tmp_path: Path, monkeypatch) -> None:
    """A fetched baseline that changes on disk is read again and the scenario re-rendered."""
    import json

    import maps

    cache = tmp_path / "cache" / "baselines"
    cache.mkdir(parents=True)
    shipped = maps.load_baseline()
    frame = maps.data._baseline_file("contact-line-2025-08")
    (cache / "copy-2025-08-17.geojson").write_text(frame.to_json(drop_id=True))
    meta = {
        "date": "2025-08-17",
        "title": "copy",
        "source": "test",
        "licence": "CC BY 4.0",
        "approximate": True,
        "accuracy": "test",
        "file": "copy-2025-08-17.geojson",
        "sha256": "1",
    }
    (cache / "copy-2025-08-17.json").write_text(json.dumps(meta))
    monkeypatch.setenv("MAPS_CACHE_DIR", str(tmp_path / "cache"))
    scenario = tmp_path / "s.yaml"
    scenario.write_text("id: s\ntitle: S\ndate: 2025-08-18\nbaseline: copy-2025-08-17\nrules: []\n")
    log: list[str] = []
    watcher = watch.Watcher([scenario], tmp_path / "out", log.append)
    assert watcher.poll() == [scenario]
    assert watcher.good[scenario].figures.held("RU") == pytest.approx(
        shipped[shipped.party == "RU"].area_km2.sum(), rel=1e-3
    )
    assert watcher.poll() == []
    time.sleep(0.05)
    reduced = frame[(frame.kind != "control") | (frame.region != "kharkiv") | (frame.party == "UA")]
    (cache / "copy-2025-08-17.geojson").write_text(reduced.to_json(drop_id=True))
    assert watcher.poll() == [scenario]
    assert "data changed: reading it again" in log
    assert (
        watcher.good[scenario].figures.held("RU")
        < shipped[shipped.party == "RU"].area_km2.sum() - 1000
    )
