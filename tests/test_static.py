"""Static maps as a designer and a print user get them: text as text, fonts embedded, the same
bytes each time, a page size that means inches, a balanced layout and labels that never collide."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib
import pytest
import shapely
from matplotlib import image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from maps.cli import main
from maps.errors import MapsError
from maps.labels import Label, count_overlaps, place
from maps.parse import scenario_from_text
from maps.pipeline import resolve_file, resolve_scenario
from maps.resolve import Resolution
from maps.sizes import PageSize, check_size, parse_size
from maps.static import export, figure

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "scenarios" / "us-28-point-plan-2025-11.yaml"
SVG = "{http://www.w3.org/2000/svg}"
NOTED = """\
id: noted
title: Noted places
date: 2025-08-18
rules:
  - regions: [donetsk]
    to: RU
    note: Ukraine withdraws from Kostiantynivka and Druzhkivka.
sites:
  - feature: znpp
    operated_by: RU
  - {name: Crossing, along: [[33.0, 46.9], [33.6, 46.7]]}
annotations:
  - {label: Meeting point, at: [35.1, 47.84]}
"""


@pytest.fixture(scope="module")
def plan() -> Resolution:
    return resolve_file(PLAN)


@pytest.fixture(scope="module")
def noted() -> Resolution:
    return resolve_scenario(scenario_from_text(NOTED))


@pytest.fixture(scope="module")
def svg(tmp_path_factory: pytest.TempPathFactory, plan: Resolution) -> Path:
    return export(plan, tmp_path_factory.mktemp("svg") / "map.svg", fmt="svg", size=(10, 7))


def drawn_texts(fig: Figure) -> list[tuple[Text, tuple[float, float, float, float]]]:
    """Every visible text of a figure (label halos aside) with its extent in pixels."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    out = []
    for text in fig.findobj(Text):
        assert isinstance(text, Text)
        if not text.get_visible() or not text.get_text().strip():
            continue
        if str(text.get_gid()).startswith("halo-"):
            continue
        x0, y0, x1, y1 = text.get_window_extent(renderer).extents
        out.append((text, (x0 + 0.5, y0 + 0.5, x1 - 0.5, y1 - 0.5)))  # pixel rounding
    return out


# Text stays text


def test_svg_has_real_text_in_named_fonts(svg: Path) -> None:
    root = ET.parse(svg).getroot()
    texts = [t for t in root.iter(f"{SVG}text")]
    words = {"".join(t.itertext()).strip() for t in texts}
    assert len(texts) >= 80
    assert {"US 28-point plan (November 2025)", "Donetsk", "Kharkiv", "Crimea"} <= words
    assert "Zaporizhzhia Nuclear Power Plant" in words  # a site's name
    assert any(w.startswith("• Ukraine would hold") for w in words)  # the figures
    styles = {t.get("style", "") for t in texts}
    # matplotlib 3.7 writes a `font:` shorthand, later versions `font-family:`: both name the stack
    assert all(re.search(r"'DejaVu Sans', 'Liberation Sans', 'Arial'", s) for s in styles)
    assert not re.search(r'id="DejaVuSans-[0-9a-f]+"', svg.read_text())  # no glyph outlines
    labels = [g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("label-")]
    assert len(labels) >= 40 and all(g.find(f"{SVG}text") is not None for g in labels)


def test_pdf_fonts_are_embedded_truetype(tmp_path: Path, plan: Resolution) -> None:
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.fail("pdffonts is not installed: apt-get install poppler-utils")
    path = export(plan, tmp_path / "map.pdf", fmt="pdf", size=(10, 7))
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, "no fonts: the text was drawn as shapes"
    for row in rows:
        assert "TrueType" in row and "Type 3" not in row, row
        assert row.split()[-5] == "yes", f"not embedded: {row}"
    assert any("DejaVuSans-Bold" in row for row in rows)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_exports_are_byte_identical(tmp_path: Path, plan: Resolution, fmt: str) -> None:
    a, b = (
        export(plan, tmp_path / f"{name}.{fmt}", fmt=fmt, size=(6, 4.2), dpi=100) for name in "ab"
    )
    data = a.read_bytes()
    assert data == b.read_bytes()
    assert not re.search(rb"CreationDate|<dc:date>|\d{4}-\d\d-\d\dT\d\d:\d\d", data)


# Matplotlib is left alone


def test_rc_params_unchanged_and_caller_settings_ignored(tmp_path: Path, plan: Resolution) -> None:
    reference = export(plan, tmp_path / "ref.svg", fmt="svg", size=(6, 4.2)).read_bytes()
    caller: dict[Any, Any] = {
        "font.family": ["serif"],
        "font.size": 20.0,
        "lines.linewidth": 5.0,
        "svg.fonttype": "path",
        "svg.hashsalt": "other",
        "hatch.linewidth": 3.0,
        "axes.facecolor": "red",
        "text.parse_math": True,
        "patch.edgecolor": "green",
    }
    with matplotlib.rc_context(caller):
        before = dict(matplotlib.rcParams.copy())
        again = export(plan, tmp_path / "again.svg", fmt="svg", size=(6, 4.2)).read_bytes()
        after = dict(matplotlib.rcParams.copy())
    assert before == after
    assert again == reference


# Page size and resolution


def test_dpi_adds_pixels_to_the_same_page(tmp_path: Path) -> None:
    sizes = {}
    for dpi in (150, 300):
        path = tmp_path / f"{dpi}.png"
        assert main(["export", str(PLAN), "--size", "5x4", "--dpi", str(dpi), "-o", str(path)]) == 0
        sizes[dpi] = image.imread(path).shape[:2]
    assert sizes == {150: (600, 750), 300: (1200, 1500)}
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is not installed: apt-get install poppler-utils"
    pages = set()
    for resolution in ("100", "600"):
        path = tmp_path / f"{resolution}.pdf"
        args = ["export", str(PLAN), "--size", "a4", "--dpi", resolution, "-o", str(path)]
        assert main(args) == 0
        info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True).stdout
        found = re.search(r"Page size:\s+([\d.]+ x [\d.]+) pts", info)
        assert found is not None, info
        pages.add(found.group(1))
    assert pages == {"595.276 x 841.89"}  # A4 at any resolution


@pytest.mark.parametrize(
    ("text", "aspect", "inches"),
    [
        (None, None, (10.0, 7.0)),
        ("8x6", None, (8.0, 6.0)),
        ("29.7x21cm", None, (29.7 / 2.54, 21 / 2.54)),
        ("a4", None, (210 / 25.4, 297 / 25.4)),
        ("A4-landscape", None, (297 / 25.4, 210 / 25.4)),
        ("16:9", None, (10.0, 5.625)),
        (None, "1:1", (10.0, 10.0)),
        ("8in", "4:3", (8.0, 6.0)),
        ("200mm", "2:1", (200 / 25.4, 100 / 25.4)),
    ],
)
def test_sizes_read_as_inches(
    text: str | None, aspect: str | None, inches: tuple[float, float]
) -> None:
    size = parse_size(text, aspect)
    assert size.inches(300) == pytest.approx(inches)


def test_pixel_sizes_keep_their_pixels() -> None:
    size = parse_size("1500x1000px")
    assert size.pixel_size(150) == (1500, 1000) and size.inches(150) == pytest.approx(
        (10, 6.667), 1e-3
    )
    assert PageSize(10, 7).pixel_size(600) == (6000, 4200)


@pytest.mark.parametrize(
    ("text", "aspect", "message"),
    [
        ("huge", None, "size 'huge': write WxH"),
        ("10x7", "4:3", "give a width only"),
        ("10", None, "give WxH, or a width with --aspect"),
        (None, "wide", "aspect 'wide': write W:H"),
        ("1.5x2px", None, "whole numbers"),
    ],
)
def test_unreadable_sizes_are_refused(text: str | None, aspect: str | None, message: str) -> None:
    with pytest.raises(MapsError, match=re.escape(message)):
        parse_size(text, aspect)


@pytest.mark.parametrize(
    ("text", "dpi", "message"),
    [
        ("600x420", 50, "sizes without a unit are inches"),
        ("3x3", 300, "each side must be 4 to 120 inches"),
        ("40x40", 300, "at most 40 megapixels"),
    ],
)
def test_sizes_out_of_bounds_are_refused(text: str, dpi: int, message: str) -> None:
    with pytest.raises(MapsError, match=re.escape(message)):
        check_size(parse_size(text), dpi, text)


# Layout and labels


def _covered(boxes: list[tuple[float, ...]], part: shapely.Polygon) -> float:
    union = shapely.union_all([shapely.box(b[0], b[1], b[2], b[3]) for b in boxes])
    return float(union.intersection(part).area / part.area)


@pytest.mark.parametrize("name", ["16:9", "4:3", "1:1", "a4"])
def test_layouts_are_balanced_and_labels_never_collide(plan: Resolution, name: str) -> None:
    fig = figure(plan, size=parse_size(name), dpi=100)
    texts = drawn_texts(fig)
    boxes = [box for _, box in texts]
    assert count_overlaps(boxes) == 0, [
        (a.get_text(), b.get_text())
        for i, (a, ba) in enumerate(texts)
        for b, bb in texts[i + 1 :]
        if count_overlaps([ba, bb])
    ]
    width, height = fig.bbox.width, fig.bbox.height
    assert all(b[0] >= -0.5 and b[2] <= width + 0.5 for b in boxes)
    assert all(b[1] >= -0.5 and b[3] <= height + 0.5 for b in boxes)
    (ax,) = fig.axes
    legend = fig.legends[0]
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    map_box = tuple(ax.get_window_extent(renderer).extents)
    legend_box = tuple(legend.get_window_extent(renderer).extents)
    (figures,) = [t for t, _ in texts if t.get_text().startswith("• ")]
    figures_box = tuple(figures.get_window_extent(renderer).extents)
    content = [map_box, legend_box, figures_box]
    halves = {
        "left": shapely.box(0, 0, width / 2, height),
        "right": shapely.box(width / 2, 0, width, height),
        "bottom": shapely.box(0, 0, width, height / 2),
        "top": shapely.box(0, height / 2, width, height),
    }
    for half, part in halves.items():
        assert _covered(content, part) > 0.6, f"{name}: the {half} half is mostly empty"
    if name == "a4":  # portrait: figures and legend below the map
        assert legend_box[3] < map_box[1] and figures_box[3] < map_box[1]
    if name == "16:9":  # wide: beside it
        assert legend_box[0] > map_box[2] and figures_box[0] > map_box[2]
    labels = {t.get_text() for t, _ in texts if str(t.get_gid()).startswith("label-")}
    assert {"Donetsk", "Luhansk", "Zaporizhzhia", "Kherson", "Crimea"} <= labels
    assert "Zaporizhzhia Nuclear Power Plant" in labels


def test_sites_annotations_and_named_towns_are_drawn(noted: Resolution) -> None:
    fig = figure(noted, size=(10, 7), dpi=100)
    texts = drawn_texts(fig)
    labels = {t.get_text() for t, _ in texts if str(t.get_gid()).startswith("label-")}
    assert {"Meeting point", "Zaporizhzhia Nuclear Power Plant"} <= labels
    assert {"Kostiantynivka", "Druzhkivka"} <= labels  # towns the scenario names
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert "Place noted by the scenario" in legend
    assert "Site: nuclear power plant" in legend
    assert "Line with terms of its own" in legend
    assert count_overlaps([box for _, box in texts]) == 0


def test_compare_page_has_two_titled_maps(plan: Resolution) -> None:
    from maps.pipeline import baseline_resolution

    base = baseline_resolution(plan.scenario.baseline)
    for name in ("16:9", "a4"):
        fig = figure(plan, compare_with=base, size=parse_size(name), dpi=100)
        texts = drawn_texts(fig)
        assert count_overlaps([box for _, box in texts]) == 0
        left, right = fig.axes
        assert left.get_title(loc="left").startswith("Baseline")
        assert right.get_title(loc="left") == plan.scenario.title
        a, b = (ax.get_position() for ax in fig.axes)
        if name == "a4":
            assert a.y0 > b.y1  # one above the other
        else:
            assert a.x1 < b.x0  # side by side


# The placement itself


def test_placement_tries_positions_and_drops_what_cannot_fit() -> None:
    frame = (0.0, 0.0, 200.0, 100.0)
    big = Label("big", 40, 10, 100, point=(100, 50), gap=3)
    near = Label("near", 40, 10, 10, point=(104, 50), gap=3)  # the right side is taken
    crowded = Label("crowded", 30, 10, 1, point=(102, 50), gap=3)
    region = Label("region", 60, 12, -1, centres=[(100, 50), (100, 80)])
    placed = {p.key: p for p in place([crowded, region, near, big], frame)}
    assert placed["big"].slot == "right"
    assert placed["near"].slot != "right"
    assert placed["region"].anchor == (100, 80)  # never on a city label
    assert count_overlaps([p.box for p in placed.values()]) == 0
    kept = Label("kept", 40, 10, 0, point=(100, 50), gap=3, keep=True)
    again = {p.key for p in place([big, kept], frame)}
    assert "kept" in again


def test_placement_respects_the_frame_and_obstacles() -> None:
    label = Label("edge", 40, 10, 1, point=(195, 50), gap=2)
    (spot,) = place([label], (0, 0, 200, 100))
    assert spot.slot == "left"
    blocked = place([label], (0, 0, 200, 100), [("bar", (0, 0, 200, 100))])
    assert blocked == []
