"""One place for the look of every map, HTML or static: colours, patterns, lines, fonts.

Party colours come from Paul Tol's colour-blind-safe "vibrant" scheme: the blue and the
orange-red stay distinct under every common colour-vision deficiency. Statuses other than
de facto control are told apart by pattern as well as by legend text, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTY_COLORS = {"UA": "#0077BB", "RU": "#CC3311"}
EXTRA_PARTY_COLORS = ("#009988", "#EE3377", "#33BBEE", "#BBBBBB")
"""Colours for parties beyond UA and RU, in the order they are declared."""

FILL_OPACITY = 0.55
CHANGE_COLOR = "#111111"
CONTACT_LINE_COLOR = "#222222"
BORDER_COLOR = "#ffffff"

LAND_COLOR = "#f2efe9"
NEIGHBOUR_COLOR = "#e4e0d8"
WATER_COLOR = "#c6dbef"
RIVER_COLOR = "#7fa8cf"
TEXT_COLOR = "#222222"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_FAMILY_STATIC = "DejaVu Sans"


@dataclass(frozen=True)
class Pattern:
    """A fill pattern: lines at an angle, crossed lines, or dots, drawn over the party colour."""

    name: str
    kind: str  # "hatch" | "cross" | "dots" | "horizontal"
    label: str
    hatch: str  # matplotlib hatch string for static maps


STATUS_PATTERNS: dict[str, Pattern | None] = {
    "de-facto": None,
    "recognised": Pattern("recognised", "hatch", "recognised (de jure)", "///"),
    "demilitarised": Pattern("demilitarised", "cross", "demilitarised zone", "xx"),
    "buffer": Pattern("buffer", "dots", "buffer zone", ".."),
    "international": Pattern("international", "horizontal", "international zone", "--"),
}

LINE_WIDTHS = {"border": 0.8, "contact": 2.2, "change": 2.0, "river": 1.2, "country": 0.6}
CONTACT_DASH = "6 4"


def party_color(party: str, declared: list[str] | None = None) -> str:
    """Fill colour of a party; extra parties take the next colour in declaration order."""
    if party in PARTY_COLORS:
        return PARTY_COLORS[party]
    extras = [p for p in (declared or []) if p not in PARTY_COLORS]
    index = extras.index(party) if party in extras else 0
    return EXTRA_PARTY_COLORS[index % len(EXTRA_PARTY_COLORS)]


def city_radius(population: int) -> float:
    """Marker radius in pixels: area grows with population, from 2 px to 12 px."""
    return max(2.0, min(12.0, 2.0 + float((max(population, 0) / 1_000_000) ** 0.5) * 10))
