"""HTML output: offline, deterministic, small, escaped, written atomically."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from maps.cli import main
from maps.parse import scenario_from_text
from maps.pipeline import resolve_file, resolve_scenario
from maps.render import compare_pages, render_pages
from maps.render.maps import scenario_map
from maps.render.page import render_html
from maps.resolve import Resolution

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
XSS = "<img src=x onerror=alert(1)>"
MAX_MAP_BYTES = 400 * 1024


@pytest.fixture(scope="module")
def donbas() -> Resolution:
    return resolve_file(REPO / "scenarios" / "donbas-for-freeze.yaml")


def external_links(html: str) -> list[str]:
    return re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']?(https?://[^"'\s>]+)""", html)


def test_offline_output_loads_nothing_from_the_network(donbas: Resolution) -> None:
    html = render_html(scenario_map(donbas), "t")
    assert external_links(html) == []
    assert "L.map(" in html and "MapsKit" in html


def test_cdn_option_links_leaflet(donbas: Resolution) -> None:
    html = render_html(scenario_map(donbas, offline=False), "t")
    assert external_links(html) == [
        "https://unpkg.com/leaflet@1.9.4/dist/leaflet.css",
        "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
    ]
    assert len(html) < len(render_html(scenario_map(donbas), "t")) - 100_000


def test_same_input_gives_identical_bytes(donbas: Resolution) -> None:
    first = render_pages([donbas])
    second = render_pages([donbas])
    assert [p.text for p in first] == [p.text for p in second]
    assert not re.search(r"[0-9a-f]{32}", first[0].text), "random folium ids leaked"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_map_is_small(path: Path) -> None:
    html = render_html(scenario_map(resolve_file(path)), "t")
    assert len(html.encode()) < MAX_MAP_BYTES


def test_user_text_is_escaped() -> None:
    text = (
        f"id: xss\ntitle: '{XSS}'\nsummary: '</script><script>alert(2)</script>'\n"
        "date: 2025-08-18\nterms: ['<b>bold</b>']\n"
        "sources: [{title: '<i>x</i>', url: 'https://example.org/?a=1&b=<2>'}]\nrules: []\n"
    )
    html = render_pages([resolve_scenario(scenario_from_text(text))])
    for page in html:
        assert XSS not in page.text
        assert "</script><script>alert(2)" not in page.text
        assert "<b>bold</b>" not in page.text


def test_compare_two_scenarios(donbas: Resolution) -> None:
    other = resolve_file(REPO / "scenarios" / "russia-four-regions.yaml")
    page = compare_pages(donbas, other)
    assert page.name == "donbas-for-freeze-vs-russia-four-regions.html"
    assert "MapsKit.swipe" in page.text
    assert "Zaporizhzhia" in page.text


def test_render_command_writes_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", *map(str, SCENARIOS[:2]), "-o", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    stems = [p.stem for p in SCENARIOS[:2]]
    expected = sorted(
        [*(f"{s}.html" for s in stems), *(f"{s}-compare.html" for s in stems), "index.html"]
    )
    assert names == expected
    assert "wrote" in capsys.readouterr().out
    for path in SCENARIOS[:2]:
        title = resolve_file(path).scenario.title
        page = (tmp_path / f"{path.stem}.html").read_text(encoding="utf-8")
        assert f"<title>{html.escape(title)}</title>" in page and "MapsKit.layer(" in page


def test_broken_file_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = REPO / "tests" / "broken" / "unknown-party.yaml"
    code = main(["render", str(SCENARIOS[0]), str(broken), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "unknown-party.yaml:7:9: unknown party 'RUS'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_index_lists_every_scenario() -> None:
    resolutions = [resolve_file(p) for p in SCENARIOS]
    index = render_pages(resolutions)[-1]
    assert index.name == "index.html"
    for res in resolutions:
        assert f'href="{res.scenario.id}.html"' in index.text
        assert f'href="{res.scenario.id}-compare.html"' in index.text
    assert index.text.count("<tr>") == len(resolutions) + 1


def test_annotations_are_drawn() -> None:
    text = (
        "id: notes\ntitle: Notes\ndate: 2025-08-18\nrules: []\n"
        'annotations:\n  - {label: Zaporizhzhia NPP, at: Enerhodar, note: "Europe\'s largest"}\n'
    )
    html = render_pages([resolve_scenario(scenario_from_text(text))])[0].text
    calls = [line for line in html.splitlines() if line.strip().startswith("MapsKit.annotations(")]
    assert len(calls) == 1
    assert '"Zaporizhzhia NPP","Europe\'s largest"' in calls[0]
    plain = text.split("annotations:")[0]
    html = render_pages([resolve_scenario(scenario_from_text(plain))])[0].text
    assert not [
        line for line in html.splitlines() if line.strip().startswith("MapsKit.annotations(")
    ]


def test_optional_tile_layer(donbas: Resolution) -> None:
    html = render_html(scenario_map(donbas, tiles="osm"), "t")
    assert "MapsKit.tiles" in html and "tile.openstreetmap.org" in html
    assert "tile.openstreetmap.org" not in render_html(scenario_map(donbas), "t")


def test_tile_layer_must_be_http(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert (
        main(["render", str(SCENARIOS[0]), "--tiles", "javascript:alert(1)", "-o", str(out)]) == 1
    )
    assert "tiles 'javascript:alert(1)': give osm or an http(s) URL" in capsys.readouterr().err
    assert not out.exists()


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert main(["render", str(SCENARIOS[0]), "-o", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
