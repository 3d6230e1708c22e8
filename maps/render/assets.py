"""The JavaScript and CSS a map needs: inlined from the package's own copies, or CDN links."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from maps import style

LEAFLET_VERSION = "1.9.4"
CDN = {
    "leaflet.js": f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
    "leaflet.css": f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
}
OWN_CSS = "maps.css"
# The map controls, one job a file, in load order: kit.js makes ``window.MapsKit``, the others
# add to it.
OWN_SCRIPTS = ("kit.js", "swipe.js", "draw.js")


@cache
def read_asset(name: str) -> str:
    """Text of a file shipped in ``maps/assets``."""
    return (resources.files("maps") / "assets" / name).read_text(encoding="utf-8")


def inline_script(code: str) -> str:
    if "</script" in code.lower():
        code = code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    return f"<script>{code}</script>"


def _css_variables() -> str:
    return f":root{{--mk-font:{style.FONT_FAMILY};--mk-land:{style.NEIGHBOUR_COLOR};}}"


def head_html(offline: bool = True) -> str:
    """``<style>``/``<script>`` for Leaflet and the map controls; offline inlines everything."""
    if offline:
        leaflet = f"<style>{read_asset('leaflet.css')}</style>" + inline_script(
            read_asset("leaflet.js")
        )
    else:
        leaflet = (
            f'<link rel="stylesheet" href="{CDN["leaflet.css"]}">'
            f'<script src="{CDN["leaflet.js"]}"></script>'
        )
    own = f"<style>{_css_variables()}{read_asset(OWN_CSS)}</style>"
    own += "".join(inline_script(read_asset(name)) for name in OWN_SCRIPTS)
    return leaflet + own


def js_value(value: object) -> str:
    """JSON safe to embed in a ``<script>``: no ``<``, ``>`` or ``&`` characters survive."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
