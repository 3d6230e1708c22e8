"""Hostile text in every field of real scenario files, through every output.

The corpus in ``xss/`` puts script payloads into every text field. Each payload would set
``window.__pwned`` (or open a dialog, or create an element with an ``on…`` handler) if any
output handed the text to an HTML parser. The files are rendered by the real ``maps`` command
and every page is opened in the real Chromium, with every tooltip and popup opened.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from maps.parse import load_scenario
from maps.pipeline import resolve_file
from maps.render import render_pages, write_pages
from maps.render.notebook import map_iframe
from maps.report import report_html, report_markdown
from maps.resolve import Resolution
from maps.scenario import Scenario, Source
from tests.browser import PageLog, open_page
from tests.hostile.harness import Outcome, run_maps

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

CORPUS = Path(__file__).resolve().parent / "xss"
FILES = sorted(CORPUS.glob("*.yaml"))
EVERY = CORPUS / "every-field.yaml"
SECOND = CORPUS / "second.yaml"
MAP_PAGES = [
    "every-field.html",
    "every-field-compare.html",
    "second.html",
    "second-compare.html",
    "every-field-vs-second.html",
]
JS_URL = "javascript:window.__pwned='source url'"

OPEN_EVERY_HOLDER = """() => {
  let opened = 0;
  for (const map of MapsKit.maps) {
    map.eachLayer(layer => {
      if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
      if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
    });
  }
  return opened;
}"""

TRACES = """() => {
  const handlers = [...document.querySelectorAll('*')]
    .filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')))
    .map(e => e.outerHTML.slice(0, 120));
  const scripts = [...document.scripts]
    .filter(s => s.textContent.trim().startsWith('window.__pwned'))
    .map(s => s.outerHTML.slice(0, 120));
  const links = [...document.querySelectorAll('[href], [src]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src'))
    .filter(u => /^\\s*javascript:/i.test(u));
  const planted = [...document.querySelectorAll('img[src="x"], svg[onload]')]
    .map(e => e.outerHTML.slice(0, 120));
  return {pwned: window.__pwned ?? null, handlers, scripts, links, planted};
}"""

CLEAN: dict[str, object] = {
    "pwned": None,
    "handlers": [],
    "scripts": [],
    "links": [],
    "planted": [],
}


def cli(*args: object) -> Outcome:
    """Run the real ``maps`` command; it must succeed."""
    outcome = run_maps(*(str(a) for a in args), seconds=300)
    assert outcome.code == 0, str(outcome)
    return outcome


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    """The corpus as loaded by the package (the text each output must show literally)."""
    return {p.stem: load_scenario(p) for p in FILES}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every HTML output of the corpus, written by the real command."""
    out = tmp_path_factory.mktemp("xss-site")
    cli("render", *FILES, "-o", out)
    cli("compare", EVERY, SECOND, "-o", out)
    cli("report", *FILES, "-o", out / "report.html")
    snippet = cli("embed", EVERY).stdout
    table = cli("embed", EVERY, "--table", "html").stdout
    (out / "article.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Article</title></head>'
        f"<body><p>Text</p>{snippet}{table}</body></html>",
        encoding="utf-8",
    )
    return out


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every Markdown output of the corpus, written or printed by the real command."""
    out = tmp_path_factory.mktemp("xss-md")
    cli("report", *FILES, "-o", out / "report.md")
    texts = {"report": (out / "report.md").read_text(encoding="utf-8")}
    for path in FILES:
        texts[f"embed {path.stem}"] = cli("embed", path, "--table", "markdown").stdout
        texts[f"stats {path.stem}"] = cli("stats", path, "--format", "markdown").stdout
    return texts


def traces(target: Frame) -> dict[str, object]:
    """What payloads left in a page or frame: flags, handlers, scripts, links, elements."""
    result: dict[str, object] = target.evaluate(TRACES)
    return result


def assert_inert(page: Page, log: PageLog) -> None:
    """No payload ran or planted anything, in the page or any of its frames."""
    for frame in page.frames:
        assert traces(frame) == CLEAN, frame.url
    assert log.dialogs == []
    assert log.errors == []


def open_every_holder(page: Page | Frame) -> int:
    """Open every tooltip and popup of every map (their content is inserted on opening)."""
    opened: int = page.evaluate(OPEN_EVERY_HOLDER)
    return opened


def hover_and_click(page: Page, selector: str) -> int:
    """Move the mouse over, then click, every visible element matching ``selector``."""
    done = 0
    for handle in page.query_selector_all(selector):
        box = handle.bounding_box()
        if not box or box["width"] == 0:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x - 3, y)
        page.mouse.move(x, y, steps=2)
        page.mouse.click(x, y)
        done += 1
    return done


def texts(page: Page, selector: str) -> list[str]:
    """``textContent`` of every element matching ``selector``."""
    found: list[str] = page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")
    return found


def right_and_left(name: str) -> tuple[str, str | None]:
    """Which corpus scenario a map page shows (and which it is compared with, if another)."""
    if name == "every-field-vs-second.html":
        return "second", "every-field"
    return name.removesuffix(".html").removesuffix("-compare"), None


def page_title(name: str, scenarios: dict[str, Scenario]) -> str:
    """The ``<title>`` a map page must show, literally."""
    right, left = right_and_left(name)
    if left:
        return f"{scenarios[left].title} — compared with — {scenarios[right].title}"
    title: str = scenarios[right].title
    return f"{title} — compared with the baseline" if "-compare" in name else title


def party_names(scenario: Scenario) -> list[str]:
    """The corpus's own (hostile) party names."""
    return [p.name for pid, p in scenario.parties.items() if pid not in ("UA", "RU")]


@pytest.mark.parametrize("name", MAP_PAGES)
def test_map_page_runs_no_payload(
    browser: Browser, site: Path, scenarios: dict[str, Scenario], name: str
) -> None:
    right, left = right_and_left(name)
    sc = scenarios[right]
    # A comparison shows both sides (the left one is the baseline on X-compare pages).
    shown = [scenarios[left], sc] if left else [sc]
    compared = "-compare" in name or left is not None
    panes = ["left-notes", "right-notes"] if compared else ["notes"]
    notes = ", ".join(f".leaflet-{p}-pane path.leaflet-interactive" for p in panes)
    with open_page(browser, site / name) as (page, log):
        page.wait_for_selector(".mk-legend")
        assert open_every_holder(page) > 30
        tips = " ".join(texts(page, ".mk-tip"))
        annotations = [a for s in shown for a in s.annotations]
        assert hover_and_click(page, notes) == len(annotations)
        page.click(".mk-panel-toggle")
        page.click(".mk-panel-toggle")
        assert page.is_visible(".mk-panel-body") and page.is_visible(".mk-legend")
        assert_inert(page, log)
        if compared:
            titles = texts(page, ".mk-side-title")  # a baseline's label, or a title
            assert len(titles) == 2 and titles[-len(shown) :] == [s.title for s in shown]
        else:
            assert texts(page, ".mk-title") == [sc.title]
        assert page.evaluate("document.title") == page_title(name, scenarios)
        assert sorted(texts(page, ".mk-annotation")) == sorted(a.label for a in annotations)
        assert texts(page, ".mk-terms li") == [t for s in shown for t in s.term_texts()]
        sources = page.eval_on_selector_all(
            ".mk-sources a", "els => els.map(e => [e.textContent, e.getAttribute('href')])"
        )
        assert sources == [[src.title, src.url] for s in shown for src in s.sources]
        legend = " ".join(texts(page, ".mk-legend span"))
        for party in party_names(sc):
            assert party in legend and party in tips
        if left:
            labels = texts(page, ".mk-swipe-label")
            assert labels == [scenarios[left].title, sc.title]


def test_annotation_notes_show_as_text(
    browser: Browser, site: Path, scenarios: dict[str, Scenario]
) -> None:
    notes = {a.label: a.note for a in scenarios["every-field"].annotations}
    with open_page(browser, site / "every-field.html") as (page, log):
        page.wait_for_selector(".mk-legend")
        shown = page.evaluate(
            """() => { const out = {};
              MapsKit.maps[0].eachLayer(l => {
                const tip = l.getTooltip && l.getTooltip(), pop = l.getPopup && l.getPopup();
                if (tip && pop && tip.options.className === 'mk-annotation') {
                  l.openPopup();
                  out[tip.getElement().textContent] = pop.getElement().querySelector(
                    '.leaflet-popup-content').textContent;
                }
              });
              return out; }"""
        )
        assert shown == {label: note for label, note in notes.items() if note}
        assert_inert(page, log)


@pytest.mark.parametrize("name", ["index.html", "report.html"])
def test_index_and_report_run_no_payload(
    browser: Browser, site: Path, scenarios: dict[str, Scenario], name: str
) -> None:
    with open_page(browser, site / name) as (page, log):
        assert_inert(page, log)
        heads = texts(page, ".card h2" if name == "index.html" else "section h2")
        assert heads == [sc.title for sc in scenarios.values()]
        summaries = " ".join(texts(page, "body"))
        for sc in scenarios.values():
            assert sc.summary in summaries
        if name == "report.html":
            links = page.eval_on_selector_all(
                "section ul a", "els => els.map(e => e.getAttribute('href'))"
            )
            urls = [s.url for sc in scenarios.values() for s in sc.sources]
            assert links == urls


def test_embedded_map_and_table_run_no_payload(
    browser: Browser, site: Path, scenarios: dict[str, Scenario]
) -> None:
    sc = scenarios["every-field"]
    with open_page(browser, site / "article.html") as (page, log):
        frame = page.frames[1]
        frame.wait_for_selector(".mk-legend")
        assert open_every_holder(frame) > 30
        assert_inert(page, log)
        assert page.get_attribute("iframe", "title") == f"Map: {sc.title}"
        cells = texts(page, "td")
        assert f"Held by {party_names(sc)[0]}" in cells


def test_notebook_iframe_is_sandboxed(browser: Browser, tmp_path: Path) -> None:
    host = tmp_path / "notebook.html"
    host.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Notebook</title></head>'
        f"<body><div class='cell'>{map_iframe(resolve_file(EVERY))}</div></body></html>",
        encoding="utf-8",
    )
    with open_page(browser, host) as (page, log):
        tokens = page.get_attribute("iframe", "sandbox")
        assert tokens is not None
        assert "allow-scripts" in tokens.split() and "allow-same-origin" not in tokens.split()
        frame = page.frames[1]
        frame.wait_for_selector(".mk-legend")  # the map still draws
        assert open_every_holder(frame) > 30
        reach = frame.evaluate(
            """() => { try { window.top.__pwned = 'notebook'; return 'reached'; }
                       catch (e) { return 'blocked'; } }"""
        )
        assert reach == "blocked"
        cookie = frame.evaluate(
            "() => { try { return window.parent.document.title; } catch (e) { return null; } }"
        )
        assert cookie is None
        assert_inert(page, log)


def with_source_url(res: Resolution, url: str) -> Resolution:
    """The resolution with one source whose URL the scenario model would refuse."""
    source = Source.model_construct(title="Hostile source", url=url, publisher=None, date=None)
    scenario = res.scenario.model_copy(update={"sources": [source]})
    return dataclasses.replace(res, scenario=scenario)


@pytest.fixture(scope="module")
def js_source() -> Resolution:
    """A resolution whose only source has a ``javascript:`` URL."""
    return with_source_url(resolve_file(EVERY), JS_URL)


def test_javascript_url_is_text_on_the_map(
    browser: Browser, tmp_path: Path, js_source: Resolution
) -> None:
    pages = render_pages([js_source])
    assert JS_URL in pages[0].text  # the URL reaches the page's own filter
    write_pages(pages, tmp_path)
    with open_page(browser, tmp_path / "every-field.html") as (page, log):
        page.wait_for_selector(".mk-sources")
        assert page.eval_on_selector_all(".mk-sources a", "els => els.length") == 0
        assert texts(page, ".mk-sources li") == [f"Hostile source ({JS_URL})"]
        page.click(".mk-sources li")
        assert_inert(page, log)


def test_javascript_url_is_text_in_reports(tmp_path: Path, js_source: Resolution) -> None:
    html = report_html([js_source])
    assert not re.search(r"href=[\"']?\s*javascript:", html, re.I)
    assert "Hostile source (javascript:window.__pwned=&#x27;source url&#x27;)" in html
    text = report_markdown([js_source], tmp_path, "report")
    assert not re.search(r"(?<!\\)\]\(javascript:", text)
    assert r"- Hostile source (javascript:window.\_\_pwned='source url')" in text


def unescaped(text: str, char: str) -> int:
    """How many times ``char`` occurs not escaped by a backslash."""
    return len(re.findall(r"(?<!\\)(?:\\\\)*" + re.escape(char), text))


def link_targets(text: str) -> list[str]:
    """Targets of Markdown links and images."""
    return re.findall(r"(?<!\\)\]\(([^)\s]*)\)", text)


def table_shapes(text: str) -> list[set[int]]:
    """For each table, the set of column counts of its rows (one count if intact)."""
    shapes: list[set[int]] = []
    previous = False
    for line in text.split("\n"):
        row = line.startswith("|")
        if row and not previous:
            shapes.append(set())
        if row:
            shapes[-1].add(unescaped(line, "|"))
        previous = row
    return shapes


def headings(text: str) -> list[str]:
    """Lines a Markdown renderer takes as headings (also inside list items)."""
    return [line for line in text.split("\n") if re.match(r"^\s*(?:[-*+]\s+)*#", line)]


MARKDOWN = ["report", *(f"{kind} {p.stem}" for kind in ("embed", "stats") for p in FILES)]


@pytest.mark.parametrize("name", MARKDOWN)
def test_markdown_has_no_html_links_or_structure_from_text(
    markdown: dict[str, str], scenarios: dict[str, Scenario], name: str
) -> None:
    text = markdown[name]
    assert "<" not in text and ">" not in text, "raw HTML"
    for target in link_targets(text):
        assert re.match(r"https?://[^<>\"'()\s]+$", target) or re.match(
            r"[a-z0-9-]+(\.html|-files/[a-z0-9-]+\.png)$", target
        ), target
    assert all(len(shape) == 1 for shape in table_shapes(text)), table_shapes(text)
    kind, _, stem = name.partition(" ")
    titles = [scenarios[stem].title] if stem else [sc.title for sc in scenarios.values()]
    expected = {"embed": 0, "stats": 3, "report": 1 + len(titles)}
    assert len(headings(text)) == expected[kind], headings(text)
    for marker in ("*bold*", "_it_", "`code`", "*UN*", "_p_", "`x`"):
        assert marker not in text, marker
    if kind != "embed":
        assert "&lt;img src=x onerror=" in text or "&lt;svg onload=" in text


def test_fetched_baseline_metadata_is_text(browser: Browser, tmp_path: Path) -> None:
    """A fetched baseline's metadata (source, licence, accuracy) comes from elsewhere: text
    too."""
    payload = "<img src=x onerror=\"window.__pwned='baseline'\">"
    res = resolve_file(SECOND)
    hostile = {**res.baseline, "source": payload, "licence": payload, "accuracy": payload}
    res = dataclasses.replace(res, baseline=hostile)
    write_pages(render_pages([res]), tmp_path)
    for name in ("second.html", "second-compare.html", "index.html"):
        with open_page(browser, tmp_path / name) as (page, log):
            if name != "index.html":
                page.wait_for_selector(".mk-legend")
                assert payload in page.inner_text(".mk-notes")
                assert payload in page.inner_text(".leaflet-control-attribution")
            assert_inert(page, log)
            assert payload in page.inner_text("body")
