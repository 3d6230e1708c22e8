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


AREAS_UK = "Площі обчислено з геометрії Natural Earth 10m у рівноплощинній проєкції"
PEOPLE_UK = (
    "Населення: оцінка на 1 січня 2022 року, до повномасштабного вторгнення: населені пункти "
    "від 500 мешканців (GeoNames, CC BY 4.0, з виправленнями) плюс решта офіційної чисельності "
    "кожної області, розподілена за площею (Державна служба статистики України; Крим і "
    "Севастополь: перепис 2021 року); див. geodata/SOURCES-population.md"
)


BOUNDARIES_CREDIT_UK = "Кордони: Natural Earth"
CITIES_CREDIT_UK = "Міста: GeoNames (CC BY 4.0)"


def boundaries_credit(lang: str = "en") -> str:
    """Credit of the boundaries, in ``lang``."""
    return BOUNDARIES_CREDIT_UK if lang == "uk" else BOUNDARIES_CREDIT


def cities_credit(lang: str = "en") -> str:
    """Credit of the cities, in ``lang``."""
    return CITIES_CREDIT_UK if lang == "uk" else CITIES_CREDIT


def areas(lang: str = "en") -> str:
    """How every km² is measured, in ``lang``."""
    return AREAS_UK if lang == "uk" else AREAS


def people(lang: str = "en") -> str:
    """How people are counted, in ``lang``."""
    return PEOPLE_UK if lang == "uk" else PEOPLE


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
        return self.method_in("en")

    def method_in(self, lang: str) -> str:
        """:attr:`method` in ``lang``."""
        if lang == "uk":
            if self.approximate:
                return "приблизна, проведена вручну за відкритими повідомленнями"
            return f"за даними {self.publisher}"
        if self.approximate:
            return "approximate, traced by hand from public reporting"
        return f"as published by {self.publisher}"

    def line(self, lang: str = "en") -> str:
        """Label of the line of contact (legend, map note, static legend)."""
        if lang == "uk":
            return f"Лінія зіткнення {self.date} ({self.method_in(lang)})"
        return f"Line of contact {self.date} ({self.method})"

    def against(self, lang: str = "en") -> str:
        """What figures are measured against, for subtitles."""
        if lang == "uk":
            return f"порівняно з лінією зіткнення {self.date} ({self.method_in(lang)})"
        return f"against the line of contact of {self.date} ({self.method})"

    def attribution(self, lang: str = "en") -> str:
        """The baseline's credit line, with its licence."""
        licence = f" ({self.licence})" if self.licence else ""
        if lang == "uk":
            return f"Лінія зіткнення {self.date}: {self.method_in(lang)}{licence}"
        return f"Line of contact {self.date}: {self.method}{licence}"

    def sentence(self, lang: str = "en") -> str:
        """A full sentence for notes: date, method, source and accuracy."""
        if lang == "uk":
            accuracy = f" Точність: {self.accuracy}." if self.accuracy else ""
            source = f" Джерело: {self.source}." if self.source else ""
            return (
                f"Базова лінія: лінія зіткнення {self.date}, {self.method_in(lang)}."
                f"{source}{accuracy}"
            )
        accuracy = f" Accuracy: {self.accuracy}." if self.accuracy else ""
        source = f" Source: {self.source}." if self.source else ""
        return f"Baseline: line of contact of {self.date}, {self.method}.{source}{accuracy}"
