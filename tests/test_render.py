"""HTML output: offline, deterministic, small, escaped, written atomically."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from maps import style
from maps.cli import main
from maps.parse import scenario_from_text
from maps.pipeline import resolve_file, resolve_scenario
from maps.render import compare_pages, layers, render_pages, write_pages
from maps.render.maps import compare_map, scenario_map
from maps.render.page import render_html
from maps.resolve import Resolution, diff_control

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
        if page.name.endswith(".json"):  # data, not markup: the text as it is
            assert json.loads(page.text)
            continue
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
        [
            *(f"{s}.html" for s in stems),
            *(f"{s}-compare.html" for s in stems),
            *(f"{s}.json" for s in stems),
            "index.html",
            "index.json",
        ]
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


def cards(folder: Path) -> list[str]:
    """The scenario ids of the index page's cards, in order."""
    page = (folder / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<article class="card"><a class="thumb" href="([a-z0-9-]+)\.html">', page)


def test_rendering_some_files_keeps_the_others_in_the_index(tmp_path: Path) -> None:
    first, second, third = SCENARIOS[:3]
    assert main(["render", str(first), str(second), "-o", str(tmp_path)]) == 0
    assert cards(tmp_path) == [first.stem, second.stem]
    assert main(["render", str(third), "-o", str(tmp_path)]) == 0
    assert cards(tmp_path) == sorted([first.stem, second.stem, third.stem])
    manifest = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in manifest["scenarios"]] == cards(tmp_path)
    # Re-rendering one file replaces its entry, the others stay as they were.
    before = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert main(["render", str(first), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == before
    # A scenario whose map is gone leaves the index at the next render.
    (tmp_path / f"{second.stem}.html").unlink()
    assert main(["render", str(third), "-o", str(tmp_path)]) == 0
    assert cards(tmp_path) == [first.stem, third.stem]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]+)"', page):
        assert (tmp_path / href).is_file(), href


def test_a_damaged_or_hostile_manifest_is_not_trusted(tmp_path: Path) -> None:
    from maps.render.index_page import entry, read_manifest

    res = resolve_file(SCENARIOS[0])
    good = entry(res)
    (tmp_path / "index.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == []
    bad_path = {**good, "id": "evil", "preview": {**good["preview"]}}
    bad_path["preview"]["shapes"] = [
        {"d": '"/><script>alert(1)</script>', "fill": "none", "stroke": "none", "width": 1}
    ]
    bad_color = json.loads(json.dumps(good))
    bad_color["id"] = "evil-colour"
    bad_color["preview"]["legend"][0][0] = "red;background:url(x)"
    bad_id = {**good, "id": "../outside"}
    missing = {k: v for k, v in good.items() if k != "row"}
    entries = [good, bad_path, bad_color, bad_id, missing, "text"]
    (tmp_path / "index.json").write_text(
        json.dumps({"version": 1, "scenarios": entries}), encoding="utf-8"
    )
    assert read_manifest(tmp_path) == [good]
    (tmp_path / "index.json").write_text(
        json.dumps({"version": 99, "scenarios": [good]}), encoding="utf-8"
    )
    assert read_manifest(tmp_path) == []


def test_index_shows_a_small_preview_figures_and_links(tmp_path: Path) -> None:
    resolutions = [resolve_file(p) for p in SCENARIOS]
    write_pages(render_pages(resolutions), tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    size = len(page.encode())
    assert size < 100 * 1024, f"index.html is {size / 1024:.0f} KB"
    previews = re.findall(r'<svg class="preview".*?</svg>', page)
    assert len(previews) == len(resolutions)
    assert all(len(svg) < 8 * 1024 for svg in previews), [len(svg) for svg in previews]
    for res in resolutions:
        sid = res.scenario.id
        for href in (f"{sid}.html", f"{sid}-compare.html", f"{sid}.json"):
            assert f'href="{href}"' in page and (tmp_path / href).is_file()
        figures = json.loads((tmp_path / f"{sid}.json").read_text(encoding="utf-8"))
        assert figures["scenario"]["id"] == sid and figures["parties"]
    donbas = next(
        svg for svg, r in zip(previews, resolutions, strict=True) if "donbas" in r.scenario.id
    )
    assert 'fill="#cc3311"' in donbas and 'fill="#0077bb"' in donbas  # Russia and Ukraine
    assert f'stroke="{style.CHANGE_COLOR}"' in donbas  # what changes hands, outlined
    status = next(
        svg for svg, r in zip(previews, resolutions, strict=True) if r.scenario.id == "status-quo"
    )
    assert f'stroke="{style.CHANGE_COLOR}"' not in status


def test_preview_draws_what_each_party_administers() -> None:
    """The preview's fills cover the country in the parties' shares (to a few per cent)."""
    from maps.render.preview import preview

    res = resolve_file(REPO / "scenarios" / "donbas-for-freeze.yaml")
    data = preview(res)
    fills = [s for s in data["shapes"] if s["fill"] != "none"]
    areas = [shapely.from_wkt(_svg_polygon_wkt(s["d"])).area for s in fills]
    shares = {r["party"]: r["share"] for r in res.figures.parties}
    assert [c for c, _ in data["legend"][:2]] == [s["fill"] for s in fills]
    ru = areas[[s["fill"] for s in fills].index(style.PARTY_COLORS["RU"])]
    assert ru / sum(areas) * 100 == pytest.approx(shares["RU"], abs=2.0)


def _svg_polygon_wkt(d: str) -> str:
    """A MULTIPOLYGON of the path's rings (each 'M x y l dx dy ... z'), outer rings only."""
    rings = []
    for part in re.findall(r"M(-?\d+) (-?\d+)l([-\d ]*)z", d):
        x, y = int(part[0]), int(part[1])
        points = [(x, y)]
        numbers = [int(n) for n in re.findall(r"-?\d+", part[2])]
        for dx, dy in zip(numbers[0::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(shapely.Polygon(points).buffer(0))
    return shapely.union_all(rings).wkt


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


EVERY_LOOK = """\
id: every-look
title: Every look
date: 2025-08-18
parties:
  INT: {name: International administration, color: "#8a2be2"}
  US: {name: United States}
rules:
  - regions: [crimea]
    sovereign: RU
    recognised: {kind: de-jure, as: RU, by: international}
  - regions: [luhansk]
    recognised: {kind: de-facto, as: RU, by: [US]}
  - regions: [zaporizhzhia]
    held_by: RU
    to: INT
    regime: [international, demilitarised]
    note: "Zaporizhzhia under an <b>international</b> administration"
  - regions: [donetsk]
    held_by: UA
    sovereign: RU
    regime: [neutral, buffer]
    no_forces: [UA, RU]
  - regions: [kherson]
    held_by: RU
    regime: monitored
  - regions: [kharkiv]
    regime: free-economic-zone
sites:
  - {feature: znpp, operated_by: INT, supervised_by: US, terms: [Power shared]}
  - {feature: kakhovka-dam, sovereign: UA}
  - {feature: kinburn-spit}
  - {name: Checkpoint, at: [35.0, 47.9]}
  - {name: Corridor, along: [[34.0, 46.5], [35.0, 46.8]]}
"""
"""A scenario drawing every regime, both kinds of recognition, an extra party with its own
colour, a sovereignty outline, changes of hands and a site of every kind."""


@pytest.fixture(scope="module")
def every_look() -> Resolution:
    return resolve_scenario(scenario_from_text(EVERY_LOOK))


def kit_calls(html: str, name: str) -> list[list[Any]]:
    """The JSON arguments of every ``MapsKit.<name>(map, ...)`` call in a page (the map left
    out)."""
    found = []
    for line in html.splitlines():
        line = line.strip()
        if line.startswith(f"MapsKit.{name}(map_"):
            args = line[len(f"MapsKit.{name}(") : -2].partition(",")[2]
            found.append(json.loads(f"[{args}]"))
    return found


def drawn_styles(html: str) -> set[str]:
    """Every style a feature is drawn with (context excluded), cities and notes included."""
    styles: set[str] = set()
    for data, table, options in kit_calls(html, "layer"):
        if options["pane"] == "context":
            continue
        for feature in data["features"]:
            key = feature["properties"]["s"]
            styles.add(json.dumps(table[key], sort_keys=True))
            if "under" in options:
                styles.add(json.dumps(options["under"][key], sort_keys=True))
    for _, style_options, *_ in kit_calls(html, "cities"):
        styles.add(json.dumps(style_options, sort_keys=True))
    for _, style_options in kit_calls(html, "annotations"):
        styles.add(json.dumps(style_options, sort_keys=True))
    return styles


def legend_items(html: str) -> list[dict[str, Any]]:
    (call,) = kit_calls(html, "legend")
    items: list[dict[str, Any]] = call[1]
    return items


def legend_styles(items: list[dict[str, Any]]) -> set[str]:
    found = set()
    for item in items:
        for key in ("style", "under"):
            if key in item:
                found.add(json.dumps(item[key], sort_keys=True))
    return found


def test_every_drawn_style_has_one_legend_entry_and_no_other(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    items = legend_items(html)
    assert drawn_styles(html) == legend_styles(items)
    labels = [item["label"] for item in items]
    assert len(labels) == len(set(labels))
    symbols = {
        json.dumps(v, sort_keys=True)
        for _, table, _ in kit_calls(html, "sites")
        for v in table.values()
    }
    legend_symbols = {json.dumps(i["symbol"], sort_keys=True) for i in items if "symbol" in i}
    assert symbols == legend_symbols and len(symbols) == 4


def test_legend_names_what_is_drawn(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    labels = [item["label"] for item in legend_items(html)]
    assert "Russia \u2014 recognised de jure as Russia's (internationally)" in labels
    assert "Russia \u2014 recognised de facto as held by Russia (by: United States)" in labels
    assert "International administration" in labels
    assert "Internationally administered demilitarised zone" in labels
    assert "Neutral buffer zone, closed to the forces of Ukraine and Russia" in labels
    assert "Monitored zone" in labels and "Free economic zone" in labels
    assert any(label.startswith("Sovereign territory of Russia") for label in labels)
    assert "Changes hands vs. baseline" in labels
    for kind in ("nuclear power plant", "dam", "spit", "other site"):
        assert f"Site: {kind}" in labels
    assert "Line with terms of its own" in labels


def test_a_map_without_them_has_no_entries_for_them(donbas: Resolution) -> None:
    html = render_html(scenario_map(donbas), "t")
    labels = [item["label"] for item in legend_items(html)]
    assert not [x for x in labels if "zone" in x or x.startswith(("Site", "Sovereign"))]
    assert drawn_styles(html) == legend_styles(legend_items(html))


def test_patterns_are_defined_once_for_what_is_drawn(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    (line,) = [x for x in html.splitlines() if x.strip().startswith("MapsKit.patterns(")]
    defs = json.loads(line.strip()[len("MapsKit.patterns(") : -2])
    ids = [d["id"] for d in defs]
    assert len(ids) == len(set(ids))
    used = {s for s in drawn_styles(html) if "url(#" in s}
    assert {i for i in ids if any(f"url(#{i})" in s for s in used)} == set(ids)
    marks = {m for d in defs for m in d["marks"]}
    expected = {m for p in style.REGIME_PATTERNS.values() for m in p.marks}
    assert expected | {"dots"} <= marks


def test_changes_overlay_and_its_swatch_are_one_style(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    (changes,) = [c for c in kit_calls(html, "layer") if c[2]["pane"] == "changes"]
    (item,) = [i for i in legend_items(html) if i["label"].startswith("Changes hands")]
    assert changes[1]["change"] == item["style"]
    assert item["style"]["fillOpacity"] == 0  # nothing under it changes its colour


def test_declared_colour_is_used_and_extra_parties_get_free_colours() -> None:
    colors = style.party_colors({"UA": None, "RU": None, "A": None, "B": "#009988", "C": None})
    assert colors["UA"] == style.PARTY_COLORS["UA"] and colors["RU"] == style.PARTY_COLORS["RU"]
    assert colors["B"] == "#009988"
    assert colors["A"] != "#009988" and colors["C"] not in (colors["A"], "#009988")
    assert style.party_colors({"UA": "#123456"})["UA"] == "#123456"


def test_extra_party_colour_reaches_the_map(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    assert '"fillColor":"#8a2be2"' in html


def test_tooltips_use_display_names_and_every_attribute(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    layer_calls = kit_calls(html, "layer")
    (control,) = [c for c in layer_calls if c[2]["pane"] == "control" and c[2]["regions"]]
    tips = [f["properties"]["t"] for f in control[0]["features"]]
    lines = [line for tip in tips for line in tip]
    assert not [line for line in lines if "INT" in line or "US" in line.split()]
    donetsk = next(t for t in tips if t[0] == "Donetsk" and "Administered by Ukraine" in t)
    assert "Sovereign territory of Russia" in donetsk
    assert "Neutral buffer zone, closed to the forces of Ukraine and Russia" in donetsk
    assert donetsk[-1].endswith("km²")
    crimea = next(t for t in tips if "Crimea" in t[0])
    assert "Recognised de jure as Russia's (internationally)" in crimea
    zap = next(t for t in tips if "Administered by International administration" in t)
    assert "Held by Russia at the baseline" in zap
    (sites,) = kit_calls(html, "sites")
    znpp = next(r for r in sites[0] if r[2] == "nuclear-plant")
    assert "Operated by International administration" in znpp[4]
    assert "Supervised by United States" in znpp[4] and "Power shared" in znpp[4]


def test_rule_notes_are_in_the_panel(every_look: Resolution) -> None:
    html = render_html(scenario_map(every_look), "t")
    (panel,) = kit_calls(html, "panel")
    assert panel[0]["rules"] == [
        "Rule 3: Zaporizhzhia under an <b>international</b> administration"
    ]
    assert "<b>international</b>" not in html  # JSON for a script: escaped


def test_compare_map_legend_covers_both_sides(every_look: Resolution, donbas: Resolution) -> None:
    changes = diff_control(donbas.control, every_look.control)
    html = render_html(compare_map(donbas, every_look, changes), "t")
    assert drawn_styles(html) == legend_styles(legend_items(html))
    panes = {c[2]["pane"] for c in kit_calls(html, "layer")}
    assert {"left", "right", "changes"} <= panes


def test_static_legend_names_what_the_html_legend_names(every_look: Resolution) -> None:
    from matplotlib.figure import Figure

    from maps.static import draw, settings

    with settings():
        ax = Figure().add_subplot()
        handles = draw(ax, every_look)
    html = render_html(scenario_map(every_look), "t")
    assert {h.get_label() for h in handles.values()} == {
        item["label"] for item in legend_items(html)
    }


@pytest.mark.parametrize(
    "values", [[0, 1, -1, 15, 16, -16, 31, 32, -33, 36872, -48167, 2**40, -(2**40)]]
)
def test_compact_geometry_round_trips(values: list[int]) -> None:
    assert layers.decode_numbers(layers.encode_numbers(values)) == values
    text = layers.encode_path([(36.872, 48.167), (36.9, 48.2), (36.872, 48.167)])
    assert set(text) <= set(layers.ALPHABET)
    polygon = shapely.Polygon([(36.872, 48.167), (36.9, 48.2), (36.95, 48.1)])
    kind, rings = layers.encode_geometry(polygon)
    assert kind == "P"
    numbers = layers.decode_numbers(rings[0][0])
    xs = np.cumsum(numbers[0::2]) / 1000
    ys = np.cumsum(numbers[1::2]) / 1000
    assert np.allclose(np.column_stack([xs, ys]), np.asarray(polygon.exterior.coords))


def test_the_page_script_reads_what_python_writes() -> None:
    """The strings tests/js/kit.test.mjs decodes are what the encoder writes."""
    assert layers.encode_numbers([0, 1, -1, 15, 16, -16, 36872, 48167]) == "ACBegBfwgoCui-C"
    path = [(36.872, 48.167), (36.9, 48.2), (36.85, 48.1)]
    assert layers.encode_path(path) == "wgoCui-C4BiCjDnG"


def test_no_piece_is_lost_for_display(every_look: Resolution) -> None:
    """Simplifying or rounding for display never drops a piece: every piece is drawn."""
    shown = layers.display_control(every_look.control)
    assert shown.is_valid.all() and not shown.is_empty.any()
    data = layers.control_collection(shown, lambda row: [])
    assert len(data["features"]) == len(every_look.control)
    # A bow tie with a spike: make_valid gives a collection holding a multipolygon.
    crossed = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 3), (0, 2)])
    assert layers.quantise(crossed).area == pytest.approx(2.0)
