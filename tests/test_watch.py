"""Watch mode: real files, a real server on 127.0.0.1, a real browser reloading and drawing."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Dialog, Page

from maps import watch
from maps.memo import forget
from maps.parse import load_scenario
from maps.pipeline import resolve_scenario
from maps.render.assets import read_asset
from tests.browser import click_map

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "scenarios" / "donbas-for-freeze.yaml"
WAIT_SECONDS = 30.0  # generous: a rebuild takes 1-2 s; a dead watcher never gets there
WAIT_MS = WAIT_SECONDS * 1000
T = TypeVar("T")
Copied = tuple[Path, Any]  # a cache folder and the baseline copied into it


@dataclass
class Watched:
    """A scenario file being watched and served, and what the watcher said."""

    scenario: Path
    watcher: watch.Watcher
    port: int
    log: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.scenario.stem}.html"

    def status(self) -> dict[str, Any]:
        """What ``/__status`` says now."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", "/__status")
            data: dict[str, Any] = json.loads(conn.getresponse().read())
            return data
        finally:
            conn.close()


@contextmanager
def watching(scenario: Path, out: Path) -> Iterator[Watched]:
    """Watch and serve one scenario file until the block ends."""
    log: list[str] = []
    watcher, server = watch.start([scenario], out, port=0, log=log.append)
    try:
        yield Watched(scenario, watcher, server.server_address[1], log)
    finally:
        watch.stop(watcher, server)


@pytest.fixture()
def watched(tmp_path: Path) -> Iterator[Watched]:
    scenario = tmp_path / "donbas-for-freeze.yaml"
    shutil.copy(SOURCE, scenario)
    with watching(scenario, tmp_path / "build") as running:
        yield running


def wait_for(check: Callable[[], T], what: str) -> T:
    """Poll ``check`` until it returns something true; fail after a generous wait."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def save(path: Path, text: str) -> None:
    """Save a file as editors do (whole, by renaming a new file over it), with a new
    modification time even on coarse clocks."""
    time.sleep(0.05)
    fresh = path.with_name(f".{path.name}.new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    save(path, text.replace(old, new, 1))


def paste_rule(scenario: Path, yaml: str) -> None:
    """Paste a copied rule at the end of the file's rules."""
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("terms:", yaml + "\nterms:", 1), encoding="utf-8")


def open_map(browser: Browser, watched: Watched) -> Page:
    """A page showing the watched map, marked so that a reload can be seen."""
    page = browser.new_page()
    page.goto(watched.url)
    page.wait_for_selector(".mk-title")
    page.evaluate("() => { window.notReloaded = true; }")
    return page


def title_ends_with(page: Page, end: str) -> None:
    page.wait_for_function(
        "end => document.querySelector('.mk-title') &&"
        " document.querySelector('.mk-title').textContent.endsWith(end)",
        arg=end,
        timeout=WAIT_MS,
    )


def test_edit_rebuilds_and_reloads_the_page(browser: Browser, watched: Watched) -> None:
    page = open_map(browser, watched)
    assert page.inner_text(".mk-title") == "Donbas for a freeze"
    before = watched.status()["version"]
    edit(watched.scenario, "title: Donbas for a freeze", "title: Donbas for a freeze, revised")
    title_ends_with(page, "revised")
    assert page.evaluate("() => window.notReloaded") is None  # a fresh page, not a patched one
    assert watched.status()["version"] > before
    assert any(line.startswith(f"rendered {watched.scenario}") for line in watched.log)
    page.close()


def test_broken_file_shows_errors_and_the_watcher_survives(
    browser: Browser, watched: Watched
) -> None:
    scenario = watched.scenario
    page = open_map(browser, watched)
    edit(scenario, "regions: [donbas]", "regions: [donbass, atlantis]")
    page.wait_for_selector("#mk-errors", timeout=WAIT_MS)
    overlay = page.inner_text("#mk-errors")
    assert f"{scenario}:" in overlay and "unknown region 'atlantis'" in overlay
    assert "did you mean" in overlay
    assert any("error in" in line for line in watched.log)
    assert page.inner_text(".mk-title") == "Donbas for a freeze"  # the last good map stays
    assert page.evaluate("() => window.notReloaded")  # an error does not reload the page
    edit(scenario, "regions: [donbass, atlantis]", "regions: [donbas]")
    page.wait_for_function("() => !document.getElementById('mk-errors')", timeout=WAIT_MS)
    page.wait_for_selector(".mk-title")
    page.close()


def test_errors_in_the_overlay_are_text(browser: Browser, watched: Watched) -> None:
    markup = '<img src=x onerror="document.title=1">'
    dialogs: list[str] = []
    page = open_map(browser, watched)

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    edit(watched.scenario, "regions: [donbas]", f"regions: ['{markup}']")
    page.wait_for_selector("#mk-errors", timeout=WAIT_MS)
    assert markup in page.inner_text("#mk-errors")
    assert page.locator("#mk-errors *").count() == 0
    assert page.title() != "1" and not dialogs
    page.close()


def test_deeply_nested_yaml_is_shown_and_the_watcher_recovers(
    browser: Browser, watched: Watched
) -> None:
    """A file nested 2,000 levels deep is one message in the page and the terminal; the
    next good save is rendered."""
    scenario = watched.scenario
    good = scenario.read_text(encoding="utf-8")
    page = open_map(browser, watched)
    save(scenario, "id: deep\ntitle: Deep\ndate: 2025-08-18\nrules: " + "[" * 2000 + "]" * 2000)
    page.wait_for_selector("#mk-errors", timeout=WAIT_MS)
    overlay = page.inner_text("#mk-errors")
    assert overlay.startswith(f"{scenario}:") and "Traceback" not in overlay
    assert any(line.startswith(f"error in {scenario}") for line in watched.log)
    assert page.inner_text(".mk-title") == "Donbas for a freeze"
    save(scenario, good.replace("title: Donbas for a freeze", "title: Donbas, deep and back"))
    title_ends_with(page, "deep and back")
    assert page.locator("#mk-errors").count() == 0
    page.close()


def test_the_output_folder_replaced_by_a_file_is_shown_and_recovers(watched: Watched) -> None:
    out = watched.watcher.outdir
    version = watched.status()["version"]
    shutil.rmtree(out)
    out.write_text("not a folder", encoding="utf-8")
    edit(watched.scenario, "title: Donbas for a freeze", "title: Donbas, written nowhere")
    errors = wait_for(lambda: watched.status()["errors"], "the error to show")
    assert len(errors) == 1 and errors[0].startswith(f"{watched.scenario}: cannot")
    assert str(out) in errors[0] and "Traceback" not in errors[0]
    assert any(line.startswith(f"error in {watched.scenario}") for line in watched.log)
    out.unlink()
    edit(watched.scenario, "written nowhere", "written again")
    wait_for(lambda: not watched.status()["errors"], "the error to clear")
    assert watched.status()["version"] > version
    assert "written again" in (out / "donbas-for-freeze.html").read_text(encoding="utf-8")


def test_running_out_of_memory_is_shown_and_the_watcher_recovers(
    watched: Watched, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an error that is no user mistake (memory, a bug) is one message, and the next
    save is rendered."""
    render = watch.render_pages  # type: ignore[attr-defined]

    def out_of_memory(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(watch, "render_pages", out_of_memory)
    edit(watched.scenario, "title: Donbas for a freeze", "title: Donbas, too big")
    errors = wait_for(lambda: watched.status()["errors"], "the error to show")
    assert errors == [f"{watched.scenario}: ran out of memory while rendering"]
    monkeypatch.setattr(watch, "render_pages", render)
    edit(watched.scenario, "too big", "fits again")
    wait_for(lambda: not watched.status()["errors"], "the error to clear")
    page = (watched.watcher.outdir / "donbas-for-freeze.html").read_text(encoding="utf-8")
    assert "fits again" in page


def test_the_page_carries_the_packaged_live_reload_script(watched: Watched) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", watched.port, timeout=30)
    try:
        conn.request("GET", f"/{watched.scenario.stem}.html")
        page = conn.getresponse().read().decode("utf-8")
    finally:
        conn.close()
    script = read_asset("live.js")
    assert "</script" not in script.lower()
    assert f"<script>{script}</script></html>" in page


def test_a_drawn_line_pastes_into_the_file_and_validates(
    browser: Browser, watched: Watched
) -> None:
    scenario = watched.scenario
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(watched.url)
    page.wait_for_selector(".mk-edit")
    click_map(page, [[34.3, 47.15], [35.4, 47.05], [36.6, 47.2]])
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


def test_zone_line_yaml_validates(browser: Browser, watched: Watched) -> None:
    scenario = watched.scenario
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(watched.url + "#edit")
    page.wait_for_selector(".mk-edit")
    page.click(".mk-edit-zone-line")
    click_map(page, [[35.3, 47.7], [35.9, 47.6], [36.5, 47.75]])
    yaml = page.input_value(".mk-edit-yaml")
    assert yaml.startswith("  - zone: demilitarised\n    along: [[")
    paste_rule(scenario, yaml)
    res = resolve_scenario(load_scenario(scenario))
    assert "demilitarised" in set(res.control.regime)
    page.close()


def fetch_copy(cache: Path, text: str) -> Path:
    """Store a baseline ``copy-2025-08-17`` in the cache as ``maps fetch`` does: data, then
    metadata with its SHA-256; return the data file."""
    data = cache / "copy-2025-08-17.geojson"
    meta = {
        "date": "2025-08-17",
        "title": "copy",
        "source": "test",
        "licence": "CC BY 4.0",
        "approximate": True,
        "accuracy": "test",
        "file": data.name,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    save(cache / "copy-2025-08-17.json", json.dumps(meta))
    save(data, text)
    return data


@pytest.fixture()
def copied_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Copied:
    """A private cache holding a copy of the shipped baseline: its folder and the frame."""
    import maps

    cache = tmp_path / "cache" / "baselines"
    cache.mkdir(parents=True)
    frame = maps.load._baseline_file("contact-line-2025-08")
    fetch_copy(cache, frame.to_json(drop_id=True))
    monkeypatch.setenv("MAPS_CACHE_DIR", str(tmp_path / "cache"))
    forget()
    return cache, frame


def on_copied_baseline(tmp_path: Path) -> Path:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("id: s\ntitle: S\ndate: 2025-08-18\nbaseline: copy-2025-08-17\nrules: []\n")
    return scenario


def test_a_change_in_the_data_rebuilds(tmp_path: Path, copied_baseline: Copied) -> None:
    """A fetched baseline that changes on disk is read again and the scenario re-rendered."""
    import maps

    cache, frame = copied_baseline
    shipped = maps.load_baseline()
    scenario = on_copied_baseline(tmp_path)
    log: list[str] = []
    watcher = watch.Watcher([scenario], tmp_path / "out", log.append)
    assert watcher.poll() == [scenario]
    assert watcher.good[scenario].figures.held("RU") == pytest.approx(
        shipped[shipped.party == "RU"].area_km2.sum(), rel=1e-3
    )
    assert watcher.poll() == []
    reduced = frame[(frame.kind != "control") | (frame.region != "kharkiv") | (frame.party == "UA")]
    fetch_copy(cache, reduced.to_json(drop_id=True))
    assert watcher.poll() == [scenario]
    assert "data changed: reading it again" in log
    assert (
        watcher.good[scenario].figures.held("RU")
        < shipped[shipped.party == "RU"].area_km2.sum() - 1000
    )


def test_data_the_resolver_chokes_on_is_shown_and_recovers(
    tmp_path: Path, copied_baseline: Copied
) -> None:
    """A baseline without the columns the resolver needs is one message, not a dead watcher."""
    cache, frame = copied_baseline
    with watching(on_copied_baseline(tmp_path), tmp_path / "out") as watched:
        version = watched.status()["version"]
        fetch_copy(cache, '{"type": "FeatureCollection", "features": []}')
        errors = wait_for(lambda: watched.status()["errors"], "the error to show")
        assert len(errors) == 1 and errors[0].startswith(f"{watched.scenario}: ")
        hints = errors[0].splitlines()[1:]
        assert "Traceback" not in errors[0] and all(h.startswith("  hint: ") for h in hints)
        fetch_copy(cache, frame.to_json(drop_id=True))
        wait_for(lambda: not watched.status()["errors"], "the error to clear")
        assert watched.status()["version"] > version
