"""Where the data behind a map comes from, worded once for every output.

A baseline's metadata (``baselines.json`` for shipped ones, the cache's ``.json`` for fetched
ones) decides what a map, a static map, a report, an index page or a table says about it:
a hand-traced line is "approximate, traced by hand from public reporting"; a fetched snapshot
is "as published by" its source. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

AREAS = "Areas from Natural Earth 10m geometry in an equal-area projection"
"""How every km² is measured."""
BOUNDARIES_CREDIT = "Boundaries: Natural Earth"
CITIES_CREDIT = "Cities: GeoNames (CC BY 4.0)"
PEOPLE = (
    "People: estimate for 1 January 2022, before the full-scale invasion: settlements of 500+ "
    "(GeoNames, CC BY 4.0, corrected) plus the rest of each oblast's official total spread by "
    "area (State Statistics Service of Ukraine; Crimea and Sevastopol: 2021 census); "
    "see geodata/SOURCES-population.md"
)
"""How people are counted: one line on every map and table."""


@dataclass(frozen=True)
class Provenance:
    """A baseline's origin, as its metadata records it."""

    name: str
    date: str
    source: str
    licence: str
    approximate: bool
    accuracy: str
    publisher: str

    @classmethod
    def of(cls, meta: Mapping[str, Any]) -> Provenance:
        """From baseline metadata; anything missing counts as approximate and unknown."""
        source = str(meta.get("source", ""))
        publisher = str(meta.get("publisher") or source.split(":", 1)[0] or "its source")
        return cls(
            name=str(meta.get("name", "")),
            date=str(meta.get("date", "")),
            source=source,
            licence=str(meta.get("licence", "")),
            approximate=bool(meta.get("approximate", True)),
            accuracy=str(meta.get("accuracy", "")),
            publisher=publisher,
        )

    @property
    def method(self) -> str:
        """How the line was made: 'approximate, traced by hand…' or 'as published by X'."""
        if self.approximate:
            return "approximate, traced by hand from public reporting"
        return f"as published by {self.publisher}"

    def line(self) -> str:
        """Label of the line of contact (legend, map note, static legend)."""
        return f"Line of contact {self.date} ({self.method})"

    def against(self) -> str:
        """What figures are measured against, for subtitles."""
        return f"against the line of contact of {self.date} ({self.method})"

    def attribution(self) -> str:
        """The baseline's credit line, with its licence."""
        licence = f" ({self.licence})" if self.licence else ""
        return f"Line of contact {self.date}: {self.method}{licence}"

    def sentence(self) -> str:
        """A full sentence for notes: date, method, source and accuracy."""
        accuracy = f" Accuracy: {self.accuracy}." if self.accuracy else ""
        source = f" Source: {self.source}." if self.source else ""
        return f"Baseline: line of contact of {self.date}, {self.method}.{source}{accuracy}"
