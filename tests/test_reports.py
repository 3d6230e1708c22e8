"""Static maps, embed snippets, report pages and notebook views, opened for real."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from matplotlib import image

from maps.cli import main
from maps.embed import iframe_snippet
from maps.parse import load_scenario
from maps.pipeline import resolve_file
from maps.render import render_pages, write_pages
from maps.report import report_html
from maps.resolve import Resolution
from maps.static import export
from maps.tables import markdown_link, markdown_table, markdown_text
from tests.browser import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[1]
DONBAS = REPO / "scenarios" / "donbas-for-freeze.yaml"


@pytest.fixture(scope="module")
def donbas() -> Resolution:
    return resolve_file(DONBAS)


def test_png_has_the_asked_size_and_is_not_blank(tmp_path: Path) -> None:
    path = tmp_path / "map.png"
    assert (
        main(["export", str(DONBAS), "--dpi", "150", "--size", "1500x1000px", "-o", str(path)]) == 0
    )
    pixels = image.imread(path)
    assert pixels.shape[:2] == (1000, 1500)
    colours = np.unique((pixels[..., :3] * 255).astype(int).reshape(-1, 3), axis=0)
    assert len(colours) > 50  # a map, not an empty canvas
    assert pixels[..., :3].std() > 0.1


def test_default_png_is_print_quality(tmp_path: Path, donbas: Resolution) -> None:
    path = export(donbas, tmp_path / "print.png")
    assert image.imread(path).shape[:2] == (2100, 3000)  # 10 x 7 inches at 300 dpi


def test_svg_parses_and_carries_text(tmp_path: Path, donbas: Resolution) -> None:
    path = export(donbas, tmp_path / "map.svg", fmt="svg", size_px=(1200, 800), dpi=100)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert "Donbas for a freeze" in path.read_text()


def test_pdf_has_a_page(tmp_path: Path, donbas: Resolution) -> None:
    path = export(donbas, tmp_path / "map.pdf", fmt="pdf", size_px=(1200, 800), dpi=100)
    assert path.read_bytes().startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        pytest.fail("pdftoppm is not installed: apt-get install poppler-utils")
    subprocess.run([pdftoppm, "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    assert image.imread(pages[0]).std() > 0.05


def test_compare_export_has_two_panels(tmp_path: Path) -> None:
    path = tmp_path / "compare.png"
    args = [
        "export",
        str(DONBAS),
        "--compare",
        "--dpi",
        "100",
        "--size",
        "1600x900px",
        "-o",
        str(path),
    ]
    assert main(args) == 0
    pixels = image.imread(path)[..., :3]
    left, right = pixels[:, :800], pixels[:, 800:]
    assert left.std() > 0.1 and right.std() > 0.1
    assert not np.array_equal(left, right)


def test_bad_size_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(DONBAS), "--size", "huge"]) == 1
    err = capsys.readouterr().err
    assert "write WxH" in err and len(err.strip().splitlines()) == 1


def test_embed_prints_an_accessible_responsive_iframe(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["embed", str(DONBAS)]) == 0
    out = capsys.readouterr().out
    assert 'src="donbas-for-freeze.html"' in out
    assert 'title="Map: Donbas for a freeze"' in out
    assert "padding-top:62.50%" in out and "allowfullscreen" in out


def test_embed_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["embed", str(DONBAS), "--table", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("| What | km² | Share | People |")
    assert "Ukraine → Russia" in markdown
    assert main(["embed", str(DONBAS), "--table", "html"]) == 0
    assert "<table>" in capsys.readouterr().out


def test_iframe_snippet_works_in_chromium(
    browser: Browser, tmp_path: Path, donbas: Resolution
) -> None:
    write_pages(render_pages([donbas]), tmp_path)
    host = tmp_path / "article.html"
    snippet = iframe_snippet("donbas-for-freeze.html", donbas.scenario.title)
    host.write_text(f"<!DOCTYPE html><body style='width:900px'><p>Text</p>{snippet}</body>")
    with open_page(browser, host) as (page, log):
        frame = page.frame_locator("iframe")
        frame.locator(".mk-legend").wait_for()
        box = page.locator("iframe").bounding_box()
        assert box is not None
        assert box["width"] == pytest.approx(900 - 16, abs=20)
        assert box["height"] == pytest.approx(box["width"] * 0.625, abs=2)
        assert frame.locator("path.leaflet-interactive").count() >= 27
        assert page.get_attribute("iframe", "title") == "Map: Donbas for a freeze"
        assert log.errors == []


def test_report_page_is_self_contained(donbas: Resolution) -> None:
    html = report_html([donbas])
    assert html.count("data:image/png;base64,") == 1
    assert "Donbas for a freeze" in html and "Ukraine → Russia" in html
    assert "Reuters" in html and "Ukraine does not join NATO" in html
    assert 'src="http' not in html


def test_report_command_markdown(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    assert main(["report", str(DONBAS), "-o", str(path)]) == 0
    text = path.read_text()
    assert "![Map: Donbas for a freeze](report-files/donbas-for-freeze.png)" in text
    pixels = image.imread(tmp_path / "report-files" / "donbas-for-freeze.png")
    assert pixels.shape[0] > 500 and pixels.shape[1] > 500
    assert pixels[..., :3].std() > 0.1  # a map, not an empty canvas


def test_notebook_views(donbas: Resolution) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from maps.render.notebook import register

    shell = InteractiveShell.instance()
    try:
        assert register(shell)
        assert shell.display_formatter is not None
        # IPython's DisplayFormatter.format has no annotations.
        data, _ = shell.display_formatter.format(donbas)  # type: ignore[no-untyped-call]
    finally:
        InteractiveShell.clear_instance()
    html = data["text/html"]
    assert html.startswith("<iframe srcdoc=") and "MapsKit" in html
    assert data["text/plain"].startswith("<Resolution 'donbas-for-freeze' against ")
    assert len(data["text/plain"]) < 300
    assert ' sandbox="allow-scripts" ' in html and "allow-same-origin" not in html
    frame = donbas.figures_frame()
    assert {"region", "party", "area_km2", "share"} <= set(frame.columns)
    assert not hasattr(load_scenario(DONBAS), "_repr_html_")  # the model draws nothing


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
        ("a | b", r"a \| b"),
        ("`code` *bold* ~gone~", r"\`code\` \*bold\* \~gone\~"),
        ("_it_ snake_case", r"\_it\_ snake_case"),
        ("# Heading", r"\# Heading"),
        ("- item", r"\- item"),
        ("1. item", r"1\. item"),
        ("two\n# lines", "two # lines"),
        ("a \\| b", r"a \\\| b"),
        ("&lt; stays text", "&amp;lt; stays text"),
    ],
)
def test_markdown_text_reads_literally(text: str, markdown: str) -> None:
    assert markdown_text(text) == markdown


def test_markdown_links_only_for_http() -> None:
    assert markdown_link("T", "https://example.org/a_b") == "[T](https://example.org/a_b)"
    assert markdown_link("T", "https://x.org/a)b<c>") == "[T](https://x.org/a%29b%3Cc%3E)"
    assert markdown_link("T", "javascript:alert(1)") == "T (javascript:alert(1))"
    assert markdown_link("T", "data:text/html,<b>") == "T (data:text/html,&lt;b&gt;)"
    assert markdown_link("[T]", None) == r"\[T\]"


def test_markdown_table_cells_cannot_add_columns_or_html() -> None:
    table = markdown_table([{"a": "x | y", "b": "<b>z</b>"}], ["a", "b"])
    assert table.split("\n")[-1] == r"| x \| y | &lt;b&gt;z&lt;/b&gt; |"


def test_embed_refuses_an_address_that_runs_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["embed", str(DONBAS), "--src", "javascript:alert(1)"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "error: map address 'javascript:alert(1)'" in captured.err


def test_static_figures_and_legend_do_not_overlap() -> None:
    """A scenario with every kind of look has a long legend and many figures: both fit."""
    from maps.parse import scenario_from_text
    from maps.pipeline import resolve_scenario
    from maps.static import figure
    from tests.test_render import EVERY_LOOK

    fig = figure(resolve_scenario(scenario_from_text(EVERY_LOOK)), size=(10, 6.5), dpi=120)
    (legend,) = fig.legends
    (text,) = [t for t in fig.texts if t.get_text().startswith("• ")]
    (ax,) = fig.axes
    assert text.get_window_extent().y0 > legend.get_window_extent().y1
    assert text.get_window_extent().x0 > ax.get_window_extent().x1  # beside the map
    labels = [t.get_text() for t in legend.get_texts()]
    assert "Site: nuclear power plant" in labels and "Monitored zone" in labels
