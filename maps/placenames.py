"""Names of towns in the language of a map. Pure, from the shipped tables.

A Ukrainian town's Ukrainian name comes, in this order, from the short table below, from
``cities.csv``'s ``name_uk``, or from ``gazetteer.csv``'s ``name_uk`` for the same GeoNames
id (GeoNames alternate names chosen by the rules in ``geodata/SOURCES-population.md``). A
name is used only if it reads as modern Ukrainian: no letter foreign to Ukrainian, no ``ї``
straight after a consonant (the pre-1933 western spelling GeoNames sometimes carries, as in
"Чернїгів"), no Russian ``-ск`` ending, stress marks removed. A town with none keeps its
English name; :func:`missing` lists them so outputs can count them.
"""

from __future__ import annotations

import re
import unicodedata

from maps.i18n import Lang
from maps.load import load_cities, load_gazetteer
from maps.memo import memo

OFFICIAL_UK = {
    "Chernihiv": "Чернігів",
    "Chernivtsi": "Чернівці",
    "Pyatykhatky": "П'ятихатки",
    "Svetlodarsk": "Світлодарськ",
    "Chystyakove": "Чистякове",
    "Inhulets": "Інгулець",
    "Terny": "Терни",
    "Yalta": "Ялта",
    "Alushta": "Алушта",
    "Saki": "Саки",
    "Sudak": "Судак",
    "Balaklava": "Балаклава",
    "Haspra": "Гаспра",
    "Chornomorske": "Чорноморське",
    "Yany Kapu": "Яни Капу",
    "Bilovods'k": "Біловодськ",
}
"""Ukrainian names where GeoNames has none that reads as Ukrainian, as the Codifier of
administrative-territorial units of Ukraine (KATOTTH, Ministry for Communities and
Territories Development, 2020 and later amendments) writes them."""

FOREIGN = re.compile(r"[ыэёъўЫЭЁЪЎ]")
OLD_YI = re.compile(r"[бвгґджзклмнпрстфхцчшщ]ї", re.IGNORECASE)
RUSSIAN_END = re.compile(r"ск$")


def readable_uk(name: str) -> str:
    """``name`` without stress marks if it reads as modern Ukrainian, else ''."""
    text = unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", name) if c != "\u0301")
    ).strip()
    if not text or FOREIGN.search(text) or OLD_YI.search(text) or RUSSIAN_END.search(text):
        return ""
    return text


def uk_name(name: str, name_uk: str) -> str:
    """The Ukrainian name of a place called ``name`` whose data gives ``name_uk``: the table's,
    else ``name_uk`` if it reads as Ukrainian, else ''."""
    return OFFICIAL_UK.get(name) or readable_uk(name_uk)


@memo
def uk_names() -> dict[str, str]:
    """Ukrainian name of each Ukrainian town of ``cities.csv`` by its English name ('' when
    there is none)."""
    cities = load_cities()
    cities = cities[cities["country"] == "UA"]
    gazetteer = load_gazetteer()
    more = dict(zip(gazetteer["geonameid"], gazetteer["name_uk"], strict=True))
    out: dict[str, str] = {}
    for name, name_uk, geonameid in zip(
        cities["name"], cities["name_uk"], cities["geonameid"], strict=True
    ):
        found = uk_name(str(name), str(name_uk or ""))
        out[str(name)] = found or readable_uk(str(more.get(geonameid) or ""))
    return out


def town_name(name: str, lang: Lang = "en") -> str:
    """A town's name in ``lang`` (English when no Ukrainian name is known)."""
    if lang == "uk":
        return uk_names().get(name) or name
    return name


def missing(names: list[str], lang: Lang = "en") -> list[str]:
    """The towns among ``names`` shown in English for want of a name in ``lang``."""
    if lang == "en":
        return []
    return [n for n in names if not uk_names().get(n)]
