"""Snippets for putting a rendered map into a report: a responsive iframe and figures tables."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from maps.errors import MapsError
from maps.figures import Figures
from maps.i18n import Lang, number, percent, ui
from maps.summary import party_name
from maps.tables import markdown_table

ASPECT = 0.625
"""Height over width of the embedded map (16:10) until the map says what height it wants."""
EMBED_MESSAGE = "maps-embed:height"
"""Type of the message a map in an iframe posts with the height it wants (``kit.js``)."""
MIN_HEIGHT, MAX_HEIGHT = 200, 4000
"""The snippet keeps a height the map asks for within these bounds (px)."""
FALLBACK_MIN_HEIGHT = 460
"""Without the script the frame is 16:10 but never lower than this (px): on a phone, room for
the map between its controls."""

RESIZER = (
    (
        "<script>(function(){var s=document.currentScript;if(!s)return;"
        "var box=s.previousElementSibling,frame=box&&box.querySelector('iframe');if(!frame)return;"
        "var origin=new URL(frame.src,location.href).origin;"
        "window.addEventListener('message',function(e){"
        "if(e.source!==frame.contentWindow||e.origin!==origin)return;"
        "var m=e.data;if(!m||m.type!=='TYPE')return;"
        "if(typeof m.height!=='number'||!isFinite(m.height))return;"
        "box.style.paddingTop='0';box.style.minHeight='0';"
        "box.style.height=Math.round(Math.min(Math.max(m.height,LOW),HIGH))+'px';});})();</script>"
    )
    .replace("TYPE", EMBED_MESSAGE)
    .replace("LOW", str(MIN_HEIGHT))
    .replace("HIGH", str(MAX_HEIGHT))
)
"""Sets the frame's height to the one its map posts: only a message of the right type from
that frame (source and origin checked) with a finite number is read; nothing is evaluated or
parsed as HTML. Without it the frame keeps its aspect ratio."""


def checked_src(src: str) -> str:
    """``src`` if it is an http(s) URL or a relative path, which cannot run script."""
    scheme = urlsplit(src).scheme.lower()
    if scheme not in ("", "http", "https") or re.search(r"[\x00-\x20\x7f]", src):
        raise MapsError(f"map address {src!r}: give an http(s) URL or a relative path")
    return src


def iframe_snippet(
    src: str, title: str, aspect: float = ASPECT, *, resize: bool = True, lang: Lang = "en"
) -> str:
    """A responsive iframe that keeps the map's aspect ratio (but is never lower than
    ``FALLBACK_MIN_HEIGHT``) and names it for screen readers, followed (``resize``) by a small
    script that gives it the height the map asks for (on a phone, taller than 16:10, so the
    map fits between its controls)."""
    label = escape(ui("map_of", lang, title=title), quote=True)
    frame = (
        f'<div style="position:relative;width:100%;padding-top:{aspect * 100:.2f}%;'
        f'box-sizing:border-box;min-height:{FALLBACK_MIN_HEIGHT}px">'
        f'<iframe src="{escape(checked_src(src), quote=True)}" title="{label}" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0" '
        'loading="lazy" allow="fullscreen" allowfullscreen></iframe></div>'
    )
    return frame + RESIZER if resize else frame


def columns(lang: Lang = "en") -> list[str]:
    """Headings of the figures table."""
    return [ui(k, lang) for k in ("col_what", "col_km2", "col_share", "col_people")]


COLUMNS = columns()


def _rows(figures: Figures, names: dict[str, str], lang: Lang = "en") -> list[dict[str, object]]:
    what, km2, share, people = columns(lang)

    def name(party: str) -> str:
        return party_name(party, names, lang)

    rows: list[dict[str, object]] = [
        {
            what: ui("held_by_party", lang, party=name(r["party"])),
            km2: number(r["area_km2"], lang),
            share: ui("share_of_ukraine", lang, share=percent(r["share"], lang)),
            people: "",
        }
        for r in figures.parties
    ]
    rows += [
        {
            what: f"{name(f['from'])} → {name(f['to'])}",
            km2: number(f["area_km2"], lang),
            share: "",
            people: number(f["population"], lang) if f["population"] else "",
        }
        for f in figures.flows
    ]
    return rows


def figures_markdown(figures: Figures, names: dict[str, str], lang: Lang = "en") -> str:
    """The headline figures as a Markdown table."""
    return markdown_table(_rows(figures, names, lang), columns(lang))


def figures_html(figures: Figures, names: dict[str, str], lang: Lang = "en") -> str:
    """The headline figures as an HTML table (escaped)."""
    heads = columns(lang)
    head = "".join(f"<th>{escape(c)}</th>" for c in heads)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(r[c]))}</td>" for c in heads) + "</tr>"
        for r in _rows(figures, names, lang)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
