"""The languages the output speaks: English (the default) and Ukrainian. Pure.

Everything a reader sees comes from here: numbers and percentages in the language's own
format, the names of the default parties and regimes, and the phrases of the figures. Adding a
language is adding one :class:`Words` to :data:`WORDS` (and names of places, which the data
carries: ``name_uk`` in ``cities.csv``, ``gazetteer.csv`` and the regions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "uk"]
LANGS: tuple[Lang, ...] = ("en", "uk")

NBSP = "\u00a0"


def number(value: float, lang: Lang = "en", decimals: int = 0) -> str:
    """123456.7 -> '123,457' (en) or '123 457' with a no-break space (uk)."""
    text = f"{value:,.{decimals}f}"
    if lang == "uk":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def percent(value: float, lang: Lang = "en") -> str:
    """19.14 -> '19.1%' (en) or '19,1%' (uk)."""
    return number(value, lang, 1) + "%"


def about(people: int, lang: Lang = "en") -> str:
    """A head count rounded as a report quotes it: 577,643 -> 'about 580,000'."""
    digits = 1 if people < 1000 else len(str(people)) - 2
    return f"{WORDS[lang].about} {number(round(people, -digits), lang)}"


def listing(items: list[str], lang: Lang = "en") -> str:
    """'A, B and C' (en) or 'A, B і C' (uk)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {WORDS[lang].and_} " + items[-1]


@dataclass(frozen=True)
class Words:
    """One language's names and phrases (templates use ``str.format`` fields)."""

    about: str
    and_: str
    km2: str
    parties: dict[str, str]
    regimes: dict[str, str]
    regimes_after: frozenset[str]
    """Regimes that follow the word 'zone' (a phrase, not an adjective)."""
    zone: str
    holds: str
    stays_contested: str
    sovereign: str
    recognised: dict[str, str]
    by_international: str
    by_unstated: str
    by_parties: str
    zone_covers: str
    held_by: str
    closed_all: str
    closed_to: str
    flow: str
    contested_flow: str
    lived: str
    lived_split: str
    nothing_moves: str
    largest: str
    """The largest places of land changing hands: ``{places}`` of ``{count}``."""
    site_roles: dict[str, str]
    site_terms_only: str


WORDS: dict[Lang, Words] = {
    "en": Words(
        about="about",
        and_="and",
        km2="km²",
        parties={"UA": "Ukraine", "RU": "Russia", "contested": "Contested (grey zone)"},
        regimes={
            "demilitarised": "demilitarised",
            "buffer": "buffer",
            "neutral": "neutral",
            "international": "internationally administered",
            "monitored": "monitored",
            "free-economic-zone": "free economic",
        },
        regimes_after=frozenset(),
        zone="zone",
        holds="{party} would hold {km2} km² ({share} of Ukraine).",
        stays_contested=(
            "{km2} km² ({share} of Ukraine) would stay contested "
            "(the baseline's grey zone: no rule says who gets it)."
        ),
        sovereign="{km2} km² ({share} of Ukraine) would be sovereign territory of {party}.",
        recognised={
            "de-jure": "{km2} km² would be recognised de jure as {party}'s territory, {by}.",
            "de-facto": "{km2} km² would be recognised de facto as held by {party}, {by}.",
        },
        by_international="internationally",
        by_unstated="by: not stated",
        by_parties="by: {parties}",
        zone_covers="{article} {zone} would cover {km2} km² ({held}){closed}{people}.",
        held_by="{km2} km² held by {party}",
        closed_all=", closed to all armed forces",
        closed_to=", closed to the forces of {parties}",
        flow="{source} would cede {km2} km² to {target}{people}.",
        contested_flow="{km2} km² of contested ground would go to {target}{people}.",
        lived="; {about} people lived there before the full-scale invasion (1 January 2022{split})",
        lived_split="; {about} in cities, towns and villages of 500+, the rest estimated",
        nothing_moves="No territory changes hands against the baseline.",
        largest="; largest places: {places} ({count} settlements of 500+ in all)",
        site_roles={
            "sovereign": "sovereign territory of {party}",
            "operated_by": "operated by {party}",
            "supervised_by": "supervised by {party}",
        },
        site_terms_only="status stated in the terms",
    ),
    "uk": Words(
        about="близько",
        and_="і",
        km2="км²",
        parties={"UA": "Україна", "RU": "Росія", "contested": "Спірна територія (сіра зона)"},
        regimes={
            "demilitarised": "демілітаризована",
            "buffer": "буферна",
            "neutral": "нейтральна",
            "international": "під міжнародним управлінням",
            "monitored": "під міжнародним моніторингом",
            "free-economic-zone": "вільна економічна",
        },
        regimes_after=frozenset({"international", "monitored"}),
        zone="зона",
        holds="{party}: під контролем {km2} км² ({share} території України).",
        stays_contested=(
            "{km2} км² ({share} території України) залишаться спірними (сіра зона базової "
            "лінії: жодне правило не каже, кому вони відійдуть)."
        ),
        sovereign="{km2} км² ({share} території України) стануть суверенною територією: {party}.",
        recognised={
            "de-jure": "{km2} км² буде визнано де-юре територією: {party} ({by}).",
            "de-facto": "{km2} км² буде визнано де-факто під контролем: {party} ({by}).",
        },
        by_international="міжнародне визнання",
        by_unstated="хто визнає — не вказано",
        by_parties="визнає: {parties}",
        zone_covers="{zone_cap}: {km2} км² ({held}){closed}{people}.",
        held_by="{km2} км² під контролем: {party}",
        closed_all="; закрита для всіх збройних сил",
        closed_to="; закрита для збройних сил: {parties}",
        flow="{source} → {target}: {km2} км²{people}.",
        contested_flow="Спірна територія → {target}: {km2} км²{people}.",
        lived=("; до повномасштабного вторгнення там жили {about} осіб (1 січня 2022 р.{split})"),
        lived_split="; {about} — у населених пунктах від 500 мешканців, решта — оцінка",
        nothing_moves="Порівняно з базовою лінією жодна територія не переходить до іншої сторони.",
        largest="; найбільші населені пункти: {places} (усього {count} від 500 мешканців)",
        site_roles={
            "sovereign": "суверенна територія: {party}",
            "operated_by": "оператор: {party}",
            "supervised_by": "нагляд: {party}",
        },
        site_terms_only="статус визначено в умовах",
    ),
}
"""Every language's words."""


def regime_phrase(regimes: list[str], lang: Lang = "en") -> str:
    """'neutral demilitarised buffer zone' / 'нейтральна демілітаризована буферна зона'."""
    if not regimes:
        return ""
    words = WORDS[lang]
    before = [words.regimes.get(r, r) for r in regimes if r not in words.regimes_after]
    after = [words.regimes.get(r, r) for r in regimes if r in words.regimes_after]
    return " ".join([*before, words.zone, *after])
