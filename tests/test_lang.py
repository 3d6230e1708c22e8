"""Every output in Ukrainian (--lang uk): maps, comparison, index, timeline, static maps,
report and embeds; English output stays as it was."""

from __future__ import annotations

import re
import string
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from maps.cli import main
from maps.embed import figures_html, figures_markdown, iframe_snippet
from maps.i18n import NBSP, UI, counted, number, percent, ui
from maps.pipeline import resolve_file
from maps.placenames import missing, readable_uk, town_name, uk_names
from maps.provenance import Provenance
from maps.render import layers, render_pages, write_pages
from maps.resolve import Resolution
from maps.static import export
from tests.browser import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "scenarios" / "us-28-point-plan-2025-11.yaml"
PLAN_ID = "us-28-point-plan-2025-11"
LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ALLOWED = {
    "Natural",
    "Earth",
    "GeoNames",
    "CC",
    "BY",
    "m",
    "geodata",
    "SOURCES-population",
    "md",
    "UA",
    "RU",
    "JSON",
    "JavaScript",
}
"""Latin words a Ukrainian page may show: names of sources and licences, file names, the
party codes of the index table and the names of formats."""


@pytest.fixture(scope="module")
def plan() -> Resolution:
    return resolve_file(PLAN)


@pytest.fixture(scope="module")
def site_uk(tmp_path_factory: pytest.TempPathFactory, plan: Resolution) -> Path:
    out = tmp_path_factory.mktemp("site-uk")
    write_pages(render_pages([plan], lang="uk"), out)
    return out


def own_text(res: Resolution) -> list[str]:
    """What the scenario file and the baseline's metadata say in their own words (shown as
    they are in any language): longest first, so parts of them are removed whole."""
    sc = res.scenario
    texts = [sc.title, sc.summary or "", *sc.term_texts()]
    texts += [rule.note or "" for rule in sc.rules]
    texts += [p.name for p in sc.parties.values()]
    for s in sc.sources:
        texts += [s.title, s.publisher or "", s.url or ""]
    for site in sc.sites:
        texts += [site.note or "", *site.terms]
    origin = Provenance.of(res.baseline)
    texts += [origin.source, origin.accuracy]
    return sorted((t for t in texts if t), key=len, reverse=True)


def english_left(text: str, res: Resolution) -> set[str]:
    """Latin words of ``text`` outside the scenario's and the baseline's own words."""
    for own in own_text(res):
        text = text.replace(own, " ")
    return {w for w in LATIN.findall(text) if w not in ALLOWED}


VISIBLE = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const attrs = [...document.querySelectorAll('[title],[aria-label],[placeholder]')]
    .map(e => ['title', 'aria-label', 'placeholder'].map(a => e.getAttribute(a) || '').join('\\n'));
  return [document.body.innerText, ...attrs, document.title].join('\\n');
}"""


def visible(page: Page) -> str:
    """The page's text as a reader sees it, with every folded part opened, and the titles and
    labels of its controls."""
    text: str = page.evaluate(VISIBLE)
    return text


def test_catalogue_has_every_phrase_in_every_language_with_the_same_fields() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert UI["en"].keys() == UI["uk"].keys()
    for key, text in UI["en"].items():
        assert fields(text) == fields(UI["uk"][key]), key
    assert ui("rule_note", "uk", number=2, note="x") == "Правило 2: x"
    assert [counted(n, "scenarios", "uk") for n in (1, 3, 5, 11, 21, 22)] == [
        "1 сценарій",
        "3 сценарії",
        "5 сценаріїв",
        "11 сценаріїв",
        "21 сценарій",
        "22 сценарії",
    ]
    assert counted(1, "scenarios") == "1 scenario" and counted(2, "scenarios") == "2 scenarios"


def test_town_names_read_as_modern_ukrainian_or_fall_back_to_english() -> None:
    assert readable_uk("Чернїгів") == ""  # pre-1933 western spelling
    assert readable_uk("Светлодарск") == ""  # Russian form
    assert readable_uk("Ові\u0301діополь") == "Овідіополь"
    assert town_name("Chernihiv", "uk") == "Чернігів"
    assert town_name("Zaporizhzhia", "uk") == "Запоріжжя"
    assert town_name("Zaporizhzhia") == "Zaporizhzhia"
    names = uk_names()
    lacking = [n for n, uk in names.items() if not uk]
    assert len(lacking) <= 5, lacking
    assert town_name(lacking[0], "uk") == lacking[0] if lacking else True


def test_every_labelled_town_of_the_shipped_scenarios_has_its_ukrainian_name() -> None:
    labelled: set[str] = set()
    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        rows = layers.city_rows_for(resolve_file(path).scenario)
        labelled |= {row[0] for row in rows if row[5] != layers.LABEL_NONE}
    assert len(labelled) > 50
    assert missing(sorted(labelled), "uk") == []


def test_ukrainian_map_speaks_ukrainian(browser: Browser, site_uk: Path, plan: Resolution) -> None:
    html = (site_uk / f"{PLAN_ID}.html").read_text(encoding="utf-8")
    assert '<html lang="uk">' in html
    assert len(html.encode("utf-8")) < 400_000
    with open_page(browser, site_uk / f"{PLAN_ID}.html", (1400, 900)) as (page, log):
        page.wait_for_selector(".mk-panel-body")
        text = visible(page)
        labels = page.eval_on_selector_all(
            ".mk-label span, .mk-city", "els => els.map(e => e.textContent)"
        )
        assert log.errors == []
    assert english_left(text, plan) == set()
    for word in (
        "Легенда",
        "Основні показники",
        "Правила",
        "Інші умови",
        "Джерела",
        "Лінія зіткнення",
    ):
        assert word.lower() in text.lower(), word  # headings are upper-cased by the style
    assert "Під управлінням" in text and "Змінює власника" in text
    assert number(plan.figures.held("UA"), "uk") in text
    assert not re.search(r"\d,\d{3}\b", english_free(text, plan))
    for name in ("Донецька область", "Запорізька область", "Крим", "Чорне море"):
        assert name in labels, name
    for town in ("Запоріжжя", "Херсон", "Покровськ", "Мелітополь"):
        assert town in labels, town
    assert not {"Zaporizhzhia", "Kherson", "Donetsk", "Black Sea"} & set(labels)


def english_free(text: str, res: Resolution) -> str:
    """``text`` without the scenario's and the baseline's own words."""
    for own in own_text(res):
        text = text.replace(own, " ")
    return text


def test_ukrainian_tooltips_and_comparison(
    browser: Browser, site_uk: Path, plan: Resolution
) -> None:
    html = (site_uk / f"{PLAN_ID}-compare.html").read_text(encoding="utf-8")
    assert '<html lang="uk">' in html and len(html.encode("utf-8")) < 400_000
    for english in ("Administered by", "km² changes hands", "Pre-war population"):
        assert english not in html, english
    with open_page(browser, site_uk / f"{PLAN_ID}-compare.html", (1400, 900)) as (page, log):
        page.wait_for_selector(".mk-compare")
        text = visible(page)
        assert log.errors == []
    assert english_left(text, plan) == set()
    for word in ("Базова лінія", "ліворуч від повзунка", "Усі області", "Дніпропетровська область"):
        assert word in text, word


def test_ukrainian_index_page(site_uk: Path, plan: Resolution) -> None:
    html = (site_uk / "index.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html><html lang="uk">')
    text = unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S))
    assert "Територіальні сценарії для України" in text and "1 сценарій" in text
    assert english_left(text, plan) == set()
    # rendering English into the same folder gives an English index again
    write_pages(render_pages([plan]), site_uk)
    assert '<html lang="en">' in (site_uk / "index.html").read_text(encoding="utf-8")
    write_pages(render_pages([plan], lang="uk"), site_uk)


def test_english_map_is_unchanged_in_words(tmp_path: Path, plan: Resolution) -> None:
    write_pages(render_pages([plan]), tmp_path)
    html = (tmp_path / f"{PLAN_ID}.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for phrase in ("Key figures", "Under this scenario", "Administered by Russia", "Zaporizhzhia"):
        assert phrase in html, phrase
    assert "Легенда" not in html and "Запоріжжя" not in html


def test_ukrainian_timeline(browser: Browser, tmp_path: Path) -> None:
    assert main(["timeline", "-o", str(tmp_path), "--lang", "uk"]) == 0
    page_file = tmp_path / "timeline.html"
    assert '<html lang="uk">' in page_file.read_text(encoding="utf-8")
    with open_page(browser, page_file, (1400, 900)) as (page, log):
        page.wait_for_selector(".mk-tl-figure")
        text = visible(page)
        assert log.errors == []
    for meta in re.findall(r"(?:Джерело|Точність): ([^\n]+)", text):
        text = text.replace(meta, " ")  # the baselines' own citations
    assert {w for w in LATIN.findall(text) if w not in ALLOWED} == set()
    assert "Під контролем Росії" in text and "Донецька область" in text
    assert re.search(rf"\d{NBSP}\d{{3}} км²", text)


def test_ukrainian_static_svg(tmp_path: Path, plan: Resolution) -> None:
    path = export(plan, tmp_path / "plan.svg", fmt="svg", lang="uk")
    svg = path.read_text(encoding="utf-8")
    texts = [
        unescape(re.sub(r"<[^>]+>", "", t)).strip()
        for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]
    texts = [t for t in texts if t]
    for name in ("Донецька область", "Запоріжжя", "Херсон", "Чорне море", "100 км", "Пн"):
        assert name in texts, name
    assert "Zaporizhzhia" not in texts and "Donetsk" not in texts
    joined = " ".join(texts)
    assert number(plan.figures.held("UA"), "uk") in joined
    # the file's own words come wrapped over lines: remove them word by word
    own = set(LATIN.findall(" ".join(own_text(plan))))
    assert {w for w in LATIN.findall(joined) if w not in ALLOWED | own} == set()


def test_ukrainian_embed_and_tables(plan: Resolution) -> None:
    names = plan.scenario.party_names("uk")
    snippet = iframe_snippet("x.html", plan.scenario.title, lang="uk")
    assert 'title="Мапа: US 28-point plan' in snippet
    table = figures_markdown(plan.figures, names, "uk")
    assert "| Що |" in table and "Під контролем: Росія" in table
    ru = next(r for r in plan.figures.parties if r["party"] == "RU")
    assert number(ru["area_km2"], "uk") in table
    assert f"{percent(ru['share'], 'uk')} території України" in table
    assert "<th>Населення</th>" in figures_html(plan.figures, names, "uk")
    assert "| What |" in figures_markdown(plan.figures, plan.scenario.party_names())


def test_lang_option_on_every_output_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["embed", str(PLAN), "--lang", "uk", "--table", "markdown"]) == 0
    assert "Під контролем: Україна" in capsys.readouterr().out
    for command in ("render", "compare", "export", "embed", "report", "watch", "timeline"):
        with pytest.raises(SystemExit):
            main([command, "--lang", "xx"])
        assert "invalid choice: 'xx'" in capsys.readouterr().err, command


def test_ukrainian_report(tmp_path: Path, plan: Resolution) -> None:
    from maps.report import report_markdown

    text = report_markdown([plan], tmp_path, "report", "uk")
    assert text.startswith("# Територіальні сценарії для України")
    for word in ("інтерактивна мапа", "Інші умови:", "Джерела:", "| Що |", "![Мапа: "):
        assert word in text, word
    assert (tmp_path / "report-files" / f"{PLAN_ID}.png").is_file()
