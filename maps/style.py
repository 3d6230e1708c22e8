"""One place for the look of every map, HTML or static: colours, patterns, lines, symbols, fonts.

A map is drawn in layers, each telling one attribute of the land:

* fill: who administers it, in the party's colour (a party's declared ``color:`` wins; UA
  and RU have their own; other parties take the next colour of the palette);
* a pattern inside the fill: the recognition (dense diagonal lines for de jure, sparse dots
  for de facto);
* an overlay with its own pattern on a transparent ground and an outline: the regime
  (demilitarised, buffer, ...; several regimes combine their marks);
* a dotted outline in a party's colour: land the deal makes that party's sovereign territory
  while another party administers it (Ukraine's sovereignty over land others hold is the
  baseline's state everywhere, so it is told in tooltips and the panel, not drawn);
* symbols for sites (one per kind) and a line style for lines with terms of their own.

Every drawn thing has a :class:`Look`, and a legend entry is made from the very same
:class:`Look` for each key actually drawn, so the legend and the map cannot drift apart.

Party colours come from Paul Tol's colour-blind-safe "vibrant" scheme: the blue and the
orange-red stay distinct under every common colour-vision deficiency. Recognition and regimes
are told apart by pattern as well as by legend text, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from maps.attributes import by_label, split_ids
from maps.i18n import Lang, ui
from maps.summary import forces_label, recognised_by, regime_label

if TYPE_CHECKING:
    import pandas as pd

    from maps.scenario import Scenario

PARTY_COLORS = {"UA": "#0077bb", "RU": "#cc3311"}
EXTRA_PARTY_COLORS = ("#009988", "#ee3377", "#33bbee", "#ee7733", "#bbbbbb")
"""Colours for parties beyond UA and RU without a ``color:``, in the order they are declared."""
UNKNOWN_PARTY_COLOR = "#999999"

FILL_OPACITY = 0.55
CHANGE_COLOR = "#111111"
CONTACT_LINE_COLOR = "#222222"
BORDER_COLOR = "#ffffff"
INK = "#222222"
"""Marks of regime patterns and outlines of regime overlays."""

LAND_COLOR = "#f2efe9"
NEIGHBOUR_COLOR = "#e4e0d8"
WATER_COLOR = "#c6dbef"
RIVER_COLOR = "#7fa8cf"
TEXT_COLOR = "#222222"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_FAMILY_STATIC = "DejaVu Sans"

LINE_WIDTHS = {
    "border": 0.8,
    "contact": 2.2,
    "change": 2.4,
    "regime": 1.2,
    "sovereign": 2.6,
    "site-line": 4.0,
    "river": 1.2,
    "country": 0.6,
}
CONTACT_DASH = "6 4"
REGIME_DASH = "3 2"
SOVEREIGN_DASH = "1 4"
SITE_LINE_COLOR = "#7b2d8e"
SITE_LINE_DASH = "10 5"

Mark = Literal["diagonal", "back-diagonal", "vertical", "horizontal", "dots", "rings", "stars"]
HATCH: dict[str, str] = {
    "diagonal": "/",
    "back-diagonal": "\\",
    "vertical": "|",
    "horizontal": "-",
    "dots": ".",
    "rings": "o",
    "stars": "*",
}
"""The matplotlib hatch character of each mark."""


@dataclass(frozen=True)
class Pattern:
    """Marks repeated in a square tile, in ``ink``: inside a party's fill, or on its own."""

    name: str
    marks: tuple[Mark, ...]
    ink: str
    size: int
    """Side of the tile in CSS pixels (HTML maps)."""
    density: int
    """How many times each hatch character is repeated (static maps)."""

    @property
    def hatch(self) -> str:
        """The matplotlib hatch string."""
        return "".join(HATCH[m] * self.density for m in self.marks)


RECOGNITION_PATTERNS: dict[str, Pattern] = {
    "de-jure": Pattern("de-jure", ("diagonal",), "#ffffff", 6, 4),
    "de-facto": Pattern("de-facto", ("dots",), INK, 9, 2),
}
"""Drawn inside the party fill: dense diagonal lines for de jure, sparse dots for de facto."""

REGIME_PATTERNS: dict[str, Pattern] = {
    "demilitarised": Pattern("demilitarised", ("diagonal", "back-diagonal"), INK, 12, 2),
    "buffer": Pattern("buffer", ("rings",), INK, 12, 2),
    "neutral": Pattern("neutral", ("vertical",), INK, 12, 2),
    "international": Pattern("international", ("horizontal",), INK, 12, 2),
    "monitored": Pattern("monitored", ("stars",), INK, 12, 3),
    "free-economic-zone": Pattern("free-economic-zone", ("back-diagonal",), INK, 12, 2),
}
"""One pattern per regime, drawn on a transparent ground over the fill."""


def regime_pattern(regimes: Iterable[str]) -> Pattern:
    """The pattern of a piece under several regimes: the marks of each, in one tile."""
    listed = list(regimes)
    marks: list[Mark] = []
    for regime in listed:
        for mark in REGIME_PATTERNS[regime].marks:
            if mark not in marks:
                marks.append(mark)
    density = min(REGIME_PATTERNS[r].density for r in listed)
    return Pattern("-".join(listed), tuple(marks), INK, 12, density)


Shape = Literal["hexagon", "square", "triangle", "diamond"]


@dataclass(frozen=True)
class Symbol:
    """A site's marker: a shape filled with a colour and outlined; ``marker`` is matplotlib's."""

    shape: Shape
    fill: str
    stroke: str
    marker: str


SITE_SYMBOLS: dict[str, tuple[Symbol, str]] = {
    "nuclear-plant": (Symbol("hexagon", "#ffd400", "#111111", "h"), "nuclear power plant"),
    "dam": (Symbol("square", "#6e6e6e", "#111111", "s"), "dam"),
    "spit": (Symbol("triangle", "#e0c27a", "#111111", "^"), "spit"),
    "site": (Symbol("diamond", "#ffffff", "#111111", "D"), "other site"),
}
"""Symbol and legend wording per kind of point site; any other kind is drawn as ``site``."""
SYMBOL_SIZE = 16
"""Side of a site symbol in CSS pixels."""


def site_kind(kind: str) -> str:
    """The symbol kind of a site's feature kind (``site`` for kinds without their own)."""
    return kind if kind in SITE_SYMBOLS else "site"


@dataclass(frozen=True)
class Look:
    """How one kind of drawn thing looks, on the map and in the legend alike.

    ``fill`` is a colour shown at ``fill_opacity``; a ``pattern`` is drawn over it (or alone
    on a transparent ground when ``fill`` is None); ``stroke`` outlines it; a ``symbol`` makes
    it a point marker; ``line`` makes it a line.
    """

    label: str
    fill: str | None = None
    fill_opacity: float = 0.0
    pattern: Pattern | None = None
    stroke: str | None = None
    width: float = 0.0
    dash: str | None = None
    opacity: float = 1.0
    """Of the stroke."""
    line: bool = False
    symbol: Symbol | None = None
    casing: str | None = None
    """Colour of a wider line drawn under a line, so it stands out over any pattern."""

    @property
    def casing_width(self) -> float:
        """Width of the casing line."""
        return self.width + 2.4


def party_colors(declared: Mapping[str, str | None]) -> dict[str, str]:
    """Colour of each party, in declaration order: a declared ``color:`` wins; UA and RU have
    their own; any other party takes the next palette colour no declared colour took."""
    taken = {c.lower() for c in declared.values() if c}
    free = [c for c in EXTRA_PARTY_COLORS if c not in taken] or list(EXTRA_PARTY_COLORS)
    out: dict[str, str] = {}
    extra = 0
    for pid, color in declared.items():
        if color:
            out[pid] = color.lower()
        elif pid in PARTY_COLORS:
            out[pid] = PARTY_COLORS[pid]
        else:
            out[pid] = free[extra % len(free)]
            extra += 1
    return out


def scenario_colors(*scenarios: Scenario) -> dict[str, str]:
    """Every party's colour from the scenarios' declarations (a later scenario's ``color:``
    wins), as :func:`party_colors` gives them."""
    declared: dict[str, str | None] = {}
    for scenario in scenarios:
        declared.update({pid: party.color for pid, party in scenario.parties.items()})
    return party_colors(declared)


def color_of(party: str, colors: Mapping[str, str]) -> str:
    """A party's colour from :func:`party_colors`' table (grey for an unknown id)."""
    return colors.get(party) or PARTY_COLORS.get(party, UNKNOWN_PARTY_COLOR)


def recognition_text(
    kind: str, as_name: str, by: tuple[str, ...], names: dict[str, str], lang: Lang = "en"
) -> str:
    """'recognised de jure as Russia's (internationally)' or 'recognised de facto as held by
    Russia (by: United States)'."""
    what = ui(f"recognised_{'de-jure' if kind == 'de-jure' else 'de-facto'}", lang, party=as_name)
    if lang == "en":
        who = by_label(by, names)
    else:
        who = recognised_by(list(by), names, lang) if by else ""
    return what + (f" ({who})" if who else "")


def regime_text(
    regimes: list[str], no_forces: list[str], names: dict[str, str], lang: Lang = "en"
) -> str:
    """'Neutral demilitarised buffer zone, closed to the forces of Ukraine and Russia'."""
    text = regime_label(regimes, lang)
    closed = forces_label(no_forces, names, lang)
    text = f"{text}{closed}" if text else closed.lstrip(",; ")
    return text[:1].upper() + text[1:]


def control_key(party: str, recognition: str) -> str:
    """Style key of a piece's fill: who administers it and the kind of recognition."""
    return f"{party}|{recognition}"


RECOGNITION_ORDER = ("", "de-facto", "de-jure")


def control_looks(
    rows: Iterable[tuple[str, str, str, str]],
    colors: Mapping[str, str],
    names: dict[str, str],
    lang: Lang = "en",
) -> dict[str, Look]:
    """The fill of each (party, recognition) among rows of (party, recognition, recognised_as,
    recognised_by), by :func:`control_key`, parties in ``colors``' order; the label names every
    recognition drawn with that fill."""
    texts: dict[tuple[str, str], list[str]] = {}
    for party, kind, as_, by in rows:
        said = texts.setdefault((party, kind), [])
        if kind:
            text = recognition_text(kind, names.get(as_, as_), tuple(split_ids(by)), names, lang)
            if text not in said:
                said.append(text)
    order = list(colors)

    def rank(pair: tuple[str, str]) -> tuple[int, str, int]:
        party, kind = pair
        place = order.index(party) if party in order else len(order)
        return (place, party, RECOGNITION_ORDER.index(kind) if kind in RECOGNITION_ORDER else 9)

    looks: dict[str, Look] = {}
    for party, kind in sorted(texts, key=rank):
        said = sorted(texts[(party, kind)])
        label = names.get(party, party) + (" — " + "; ".join(said) if said else "")
        looks[control_key(party, kind)] = control_look(party, kind, colors, label)
    return looks


def regime_looks(
    rows: Iterable[tuple[str, str]], names: dict[str, str], lang: Lang = "en"
) -> dict[str, Look]:
    """The overlay of each regime (comma-separated, as in the control layer) among rows of
    (regime, no_forces); forces excluded are named when all land under that regime shares
    them."""
    forces: dict[str, set[str]] = {}
    for regime, no_forces in rows:
        if regime:
            forces.setdefault(regime, set()).add(no_forces)
    looks: dict[str, Look] = {}
    for regime in sorted(forces):
        shared = next(iter(forces[regime])) if len(forces[regime]) == 1 else ""
        label = regime_text(split_ids(regime), split_ids(shared), names, lang)
        looks[regime] = regime_look(split_ids(regime), label)
    return looks


def sovereignty_drawn(party: str, sovereign: str) -> bool:
    """Whether a piece gets the sovereignty outline: the deal makes it sovereign territory of a
    party other than Ukraine (every piece's baseline sovereign) that does not administer it."""
    return bool(sovereign) and sovereign not in (party, "UA")


def sovereignty_looks(
    rows: Iterable[tuple[str, str]],
    colors: Mapping[str, str],
    names: dict[str, str],
    lang: Lang = "en",
) -> dict[str, Look]:
    """The outline of each sovereign among rows of (party, sovereign) that get one."""
    looks: dict[str, Look] = {}
    for sovereign in sorted({s for p, s in rows if sovereignty_drawn(p, s)}):
        name = names.get(sovereign, sovereign)
        label = ui("sovereignty_look", lang, party=name)
        looks[sovereign] = sovereignty_look(sovereign, colors, label)
    return looks


@dataclass(frozen=True)
class TerritoryLooks:
    """The looks of the three territory layers, by key: fill (:func:`control_key`), regime
    overlay (the comma-separated regimes) and sovereignty outline (the sovereign)."""

    fill: dict[str, Look]
    regime: dict[str, Look]
    sovereignty: dict[str, Look]


def attribute_rows(control: pd.DataFrame) -> list[dict[str, str]]:
    """The attributes of each piece of a control layer, as text."""
    frame = control.drop(columns="geometry").astype(str)
    return [{str(k): str(v) for k, v in row.items()} for row in frame.to_dict("records")]


def territory_looks(
    rows: Iterable[Mapping[str, str]],
    colors: Mapping[str, str],
    names: dict[str, str],
    lang: Lang = "en",
) -> TerritoryLooks:
    """The looks of every key among rows of a control layer (as text), for the HTML and the
    static maps alike."""
    listed = list(rows)
    return TerritoryLooks(
        fill=control_looks(
            (
                (r["party"], r["recognition"], r["recognised_as"], r["recognised_by"])
                for r in listed
            ),
            colors,
            names,
            lang,
        ),
        regime=regime_looks(((r["regime"], r["no_forces"]) for r in listed), names, lang),
        sovereignty=sovereignty_looks(
            ((r["party"], r["sovereign"]) for r in listed), colors, names, lang
        ),
    )


def control_look(party: str, recognition: str, colors: Mapping[str, str], label: str) -> Look:
    """The fill of land ``party`` administers, patterned by the kind of recognition."""
    return Look(
        label=label,
        fill=color_of(party, colors),
        fill_opacity=FILL_OPACITY,
        pattern=RECOGNITION_PATTERNS.get(recognition),
        stroke=BORDER_COLOR,
        width=LINE_WIDTHS["border"],
    )


def regime_look(regimes: list[str], label: str) -> Look:
    """The overlay of land under one or more regimes: their marks and a dashed outline."""
    return Look(
        label=label,
        pattern=regime_pattern(regimes),
        stroke=INK,
        width=LINE_WIDTHS["regime"],
        dash=REGIME_DASH,
    )


def sovereignty_look(sovereign: str, colors: Mapping[str, str], label: str) -> Look:
    """A dotted outline in the sovereign's colour."""
    return Look(
        label=label,
        stroke=color_of(sovereign, colors),
        width=LINE_WIDTHS["sovereign"],
        dash=SOVEREIGN_DASH,
    )


def change_look(label: str | None = None, lang: Lang = "en") -> Look:
    """Land changing hands: a bold outline (its ground is transparent, so the legend swatch
    and the map show the same colours whatever lies under it)."""
    return Look(
        label=label or ui("change_look", lang),
        fill=CHANGE_COLOR,
        fill_opacity=0.0,
        stroke=CHANGE_COLOR,
        width=LINE_WIDTHS["change"],
    )


def contact_look(label: str) -> Look:
    """The baseline's line of contact."""
    return Look(
        label=label,
        stroke=CONTACT_LINE_COLOR,
        width=LINE_WIDTHS["contact"],
        dash=CONTACT_DASH,
        opacity=0.9,
        line=True,
        casing="#ffffff",
    )


def site_kind_name(kind: str, lang: Lang = "en") -> str:
    """'nuclear power plant', 'dam', ...: a kind of site in words."""
    return ui(f"site.{site_kind(kind)}", lang)


def site_look(kind: str, lang: Lang = "en") -> Look:
    """The marker of a point site of this kind."""
    symbol = SITE_SYMBOLS[site_kind(kind)][0]
    return Look(label=ui("site_look", lang, kind=site_kind_name(kind, lang)), symbol=symbol)


def site_line_look(lang: Lang = "en") -> Look:
    """A line with terms of its own (a river passage, a road)."""
    return Look(
        label=ui("site_line_look", lang),
        stroke=SITE_LINE_COLOR,
        width=LINE_WIDTHS["site-line"],
        dash=SITE_LINE_DASH,
        opacity=0.85,
        line=True,
    )


CITY_LOOK = Look(
    label=ui("city_look"),
    fill="#ffffff",
    fill_opacity=0.9,
    stroke="#333333",
    width=0.8,
)
ANNOTATION_LOOK = Look(
    label=ui("annotation_look"),
    fill="#ffd400",
    fill_opacity=1.0,
    stroke="#111111",
    width=2.0,
)


def city_look(lang: Lang = "en") -> Look:
    """:data:`CITY_LOOK` labelled in ``lang``."""
    return replace(CITY_LOOK, label=ui("city_look", lang))


def annotation_look(lang: Lang = "en") -> Look:
    """:data:`ANNOTATION_LOOK` labelled in ``lang``."""
    return replace(ANNOTATION_LOOK, label=ui("annotation_look", lang))


def city_radius(population: int) -> float:
    """Marker radius in pixels: area grows with population, from 2 px to 12 px."""
    return max(2.0, min(12.0, 2.0 + float((max(population, 0) / 1_000_000) ** 0.5) * 10))
