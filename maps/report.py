"""A report page: for each scenario its static map, summary, figures, terms and sources."""

from __future__ import annotations

import base64
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import quote

from maps import style
from maps.embed import figures_html, figures_markdown
from maps.i18n import Lang, ui
from maps.provenance import Provenance, areas, people
from maps.resolve import Resolution
from maps.scenario import Source
from maps.sizes import PageSize
from maps.static import export
from maps.tables import http_url, markdown_link, markdown_text

MAP_SIZE = PageSize(10.0, 6.5)
"""Inches: 1800 x 1170 pixels at :data:`MAP_DPI`, figures and legend beside the map."""
MAP_DPI = 180

CSS = f"""
body{{font:16px/1.55 {style.FONT_FAMILY};color:#222;max-width:920px;margin:0 auto;padding:24px}}
h1{{font-size:28px}} h2{{font-size:22px;margin-top:40px;border-top:1px solid #ddd;padding-top:20px}}
img{{width:100%;height:auto;border:1px solid #ddd}} table{{border-collapse:collapse;margin:12px 0}}
td,th{{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}}
td:first-child,th:first-child{{text-align:left}} .meta{{color:#666;font-size:14px}}
.note{{color:#555;font-size:13px}}
"""


def _png(res: Resolution, folder: Path, lang: Lang = "en") -> Path:
    path = folder / f"{res.scenario.id}.png"
    return export(res, path, fmt="png", dpi=MAP_DPI, size=MAP_SIZE, lang=lang)


def _source_meta(source: Source) -> list[str]:
    return [str(x) for x in (source.publisher, source.date) if x]


def _source_html(source: Source) -> str:
    """The source's title, a link only for an http(s) URL; any other URL shown as text."""
    title = escape(source.title)
    url = http_url(source.url)
    if url:
        return f'<a href="{escape(url, quote=True)}">{title}</a>'
    return f"{title} ({escape(source.url)})" if source.url else title


def _sources_html(res: Resolution) -> str:
    items = []
    for s in res.scenario.sources:
        meta = ", ".join(escape(x) for x in _source_meta(s))
        items.append(f"<li>{_source_html(s)}{' — ' + meta if meta else ''}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _section_html(res: Resolution, png: Path, lang: Lang = "en") -> str:
    sc = res.scenario
    data = base64.b64encode(png.read_bytes()).decode()
    terms = "".join(f"<li>{escape(t)}</li>" for t in sc.term_texts())
    names = res.scenario.party_names(lang)

    def word(key: str) -> str:
        return escape(ui(key, lang))

    return (
        f'<section id="{escape(sc.id)}"><h2>{escape(sc.title)}</h2>'
        f'<p class="meta">{escape(str(sc.date))} · <a href="{escape(sc.id)}.html">'
        f"{word('interactive_map')}</a> · "
        f'<a href="{escape(sc.id)}-compare.html">{word("compare_baseline")}</a></p>'
        f"<p>{escape(sc.summary)}</p>"
        f'<img alt="{escape(ui("map_of", lang, title=sc.title), quote=True)}" '
        f'src="data:image/png;base64,{data}">'
        f"<h3>{word('figures')}</h3>{figures_html(res.figures, names, lang)}"
        + (f"<h3>{word('other_terms')}</h3><ul>{terms}</ul>" if terms else "")
        + f"<h3>{word('sources')}</h3>{_sources_html(res)}</section>"
    )


def _note(resolutions: list[Resolution], lang: Lang = "en") -> str:
    origins = {Provenance.of(r.baseline).sentence(lang) for r in resolutions}
    return " ".join([*sorted(origins), f"{areas(lang)}.", f"{people(lang)}."])


def report_html(resolutions: list[Resolution], lang: Lang = "en") -> str:
    """One self-contained HTML document (maps embedded as PNG data), in ``lang``."""
    with tempfile.TemporaryDirectory() as tmp:
        sections = "".join(_section_html(r, _png(r, Path(tmp), lang), lang) for r in resolutions)
    toc = "".join(
        f'<li><a href="#{escape(r.scenario.id)}">{escape(r.scenario.title)}</a></li>'
        for r in resolutions
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(ui('report_title', lang))}</title><style>{CSS}</style></head>"
        f"<body><h1>{escape(ui('index_title', lang))}</h1>"
        f'<p class="note">{escape(_note(resolutions, lang))}</p>'
        f"<ol>{toc}</ol>{sections}</body></html>\n"
    )


def _sources_markdown(res: Resolution) -> list[str]:
    lines = []
    for s in res.scenario.sources:
        meta = ", ".join(markdown_text(x) for x in _source_meta(s))
        lines.append(f"- {markdown_link(s.title, s.url)}" + (f" — {meta}" if meta else ""))
    return lines


def _section_markdown(res: Resolution, files: Path, lang: Lang = "en") -> list[str]:
    """One scenario's part; every piece of user text reads literally (no HTML, no links)."""
    sc = res.scenario
    png = _png(res, files, lang)
    title = markdown_text(sc.title)
    parts = [
        f"## {title}",
        "",
        f"*{sc.date}* — [{ui('interactive_map', lang)}]({sc.id}.html)",
        "",
        markdown_text(sc.summary),
        "",
        f"![{ui('map_of', lang, title=title)}]({quote(files.name)}/{quote(png.name)})",
        "",
        figures_markdown(res.figures, res.scenario.party_names(lang), lang),
        "",
    ]
    if sc.terms:
        terms = [f"- {markdown_text(t)}" for t in sc.term_texts()]
        parts += [f"{ui('other_terms', lang)}:", "", *terms, ""]
    return [*parts, f"{ui('sources', lang)}:", "", *_sources_markdown(res), ""]


def report_markdown(
    resolutions: list[Resolution], folder: Path, stem: str, lang: Lang = "en"
) -> str:
    """Markdown text in ``lang``; the maps are written as PNG files next to it in
    ``<stem>-files/``."""
    files = folder / f"{stem}-files"
    heading = f"# {ui('index_title', lang)}"
    parts = [heading, "", markdown_text(_note(resolutions, lang)), ""]
    for res in resolutions:
        parts += _section_markdown(res, files, lang)
    return "\n".join(parts)
