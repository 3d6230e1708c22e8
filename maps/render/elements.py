"""Map elements in folium's plugin shape: each a MacroElement whose ``script`` macro calls the
package's own ``MapsKit`` JavaScript (``maps/assets/kit.js``, ``swipe.js``, ``draw.js``) with
JSON arguments."""

from __future__ import annotations

from typing import Any

from branca.element import Element, Figure, MacroElement

from maps.render.assets import head_html, js_value


class Assets(Element):
    """Leaflet and the controls' JS/CSS in the page head: inlined when offline, else CDN."""

    def __init__(self, offline: bool = True) -> None:
        super().__init__()
        self._name = "Assets"
        self.offline = offline

    def render(self, **kwargs: Any) -> str:
        return head_html(self.offline)


class Raw(Element):
    """Text put into the page as it is (already escaped for its place)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class KitCall(MacroElement):
    """Calls ``MapsKit.<function>(map, ...args)`` once the map exists.

    The call is emitted as raw text rather than through a Jinja template: its JSON arguments
    can be large, and compiling them as a template would cost more than drawing the map.
    """

    function = ""

    def __init__(self, *args: Any) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is untyped
        self._name = type(self).__name__
        self.arguments = [js_value(a) for a in args]

    def code(self) -> str:
        """The JavaScript statement."""
        args = "".join(f",{a}" for a in self.arguments)
        if self._parent is None:
            raise ValueError(f"{self._name} is not on a map")
        return f"MapsKit.{self.function}({self._parent.get_name()}{args});\n"

    def render(self, **kwargs: Any) -> str:
        """Add the call to the page's script; the element itself renders to nothing."""
        root = self.get_root()
        if not isinstance(root, Figure):
            raise ValueError(f"{self._name} is not in a page")
        root.script.add_child(Raw(self.code()), name=self.get_name())
        return ""


class Patterns(KitCall):
    """SVG fill patterns (marks on a party colour or on a transparent ground) that layer
    styles and legend swatches refer to by id."""

    function = "patterns"

    def code(self) -> str:
        """The patterns do not need the map."""
        return f"MapsKit.patterns({self.arguments[0]});\n"

    def __init__(self, definitions: list[dict[str, Any]]) -> None:
        super().__init__(definitions)


class Words(KitCall):
    """The words of the page's controls in its language (``maps.i18n.UI``'s ``kit.`` keys),
    set before any control is made."""

    function = "setWords"

    def code(self) -> str:
        """The words do not need the map."""
        return f"MapsKit.setWords({self.arguments[0]});\n"

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words)


class VectorLayer(KitCall):
    """A GeoJSON layer styled from a table by each feature's ``s`` property, tooltips from ``t``;
    ``under`` styles the same features once more beneath (a casing)."""

    function = "layer"

    def __init__(
        self,
        data: dict[str, Any],
        styles: dict[str, dict[str, Any]],
        *,
        pane: str | None = None,
        z: int = 400,
        interactive: bool = False,
        regions: bool = False,
        under: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        options: dict[str, Any] = {
            "pane": pane,
            "z": z,
            "interactive": interactive,
            "regions": regions,
        }
        if under:
            options["under"] = under
        super().__init__(data, styles, options)


class CityMarkers(KitCall):
    """Cities as circles sized by population with name and population popups."""

    function = "cities"

    def __init__(self, rows: list[list[Any]], style: dict[str, Any], pane: str = "cities") -> None:
        super().__init__(rows, style, pane)


class SiteMarkers(KitCall):
    """Point sites: a symbol per kind, the site's name beside it, and its terms on hover or
    click. Rows of (lon, lat, kind, name, tooltip lines); symbols by kind."""

    function = "sites"

    def __init__(
        self, rows: list[list[Any]], symbols: dict[str, dict[str, Any]], pane: str
    ) -> None:
        super().__init__(rows, symbols, pane)


class Labels(KitCall):
    """Text labels at points: rows of (lon, lat, text, css class)."""

    function = "labels"

    def __init__(self, rows: list[list[Any]], pane: str = "labels") -> None:
        super().__init__(rows, pane)


class Legend(KitCall):
    """The legend: items with a swatch (area, line or point) and a label."""

    function = "legend"

    def __init__(self, title: str, items: list[dict[str, Any]]) -> None:
        super().__init__(title, items)


class InfoPanel(KitCall):
    """Collapsible panel: title, subtitle, summary, figures, table, terms, sources, notes."""

    function = "panel"

    def __init__(self, info: dict[str, Any]) -> None:
        super().__init__(info)


class VectorSwipe(KitCall):
    """A slider comparing two panes of vector layers: left pane left of it, right pane right."""

    function = "swipe"

    def __init__(self, left_pane: str, right_pane: str, labels: tuple[str, str]) -> None:
        super().__init__(left_pane, right_pane, list(labels))


class Attribution(KitCall):
    """Attribution naming every data source (escaped in the browser)."""

    function = "attribution"

    def __init__(self, parts: list[str]) -> None:
        super().__init__(parts)


class Note(KitCall):
    """A short note always visible on the map (e.g. 'approximate')."""

    function = "note"

    def __init__(self, text: str) -> None:
        super().__init__(text)


class TileLayer(KitCall):
    """An optional raster tile layer drawn over the vector context, under the control areas."""

    function = "tiles"

    def __init__(self, url: str, attribution: str) -> None:
        super().__init__(url, attribution)


class Annotations(KitCall):
    """Labelled points of a scenario: rows of (lon, lat, label, note)."""

    function = "annotations"

    def __init__(self, rows: list[list[Any]], style: dict[str, Any]) -> None:
        super().__init__(rows, style)


class FullscreenButton(KitCall):
    """A button that shows the map full screen."""

    function = "fullscreen"


class Responsive(KitCall):
    """Layout by width (legend, panel and sources behind toggles on a phone), the focus area
    (lon0, lat0, lon1, lat1) framed clear of the controls, labels placed without collisions
    after every zoom, and the wanted height posted to the page when embedded."""

    function = "responsive"

    def __init__(self, focus: tuple[float, float, float, float]) -> None:
        super().__init__(list(focus))


class ScrollGuard(KitCall):
    """Wheel zoom only after a click, so an embedded map never traps page scrolling."""

    function = "scrollGuard"


def add_head(figure: Figure, offline: bool) -> None:
    """Put the assets into the page head, once."""
    figure.header.add_child(Assets(offline), name="assets")
