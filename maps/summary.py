"""Plain-language headline figures and stats tables for a resolution. Presentation only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maps import i18n
from maps.attributes import INTERNATIONAL, UNSTATED
from maps.figures import Figures, SiteRow
from maps.i18n import WORDS, Lang, listing, number, percent, regime_phrase
from maps.provenance import Provenance, areas, people
from maps.regions import BY_ID
from maps.scenario import CONTESTED, CONTESTED_NAME, DEFAULT_PARTIES
from maps.tables import csv_table, json_text, markdown_table, markdown_text, text_table

if TYPE_CHECKING:
    from maps.resolve import Resolution

PARTY_NAMES = {CONTESTED: CONTESTED_NAME, **{pid: p.name for pid, p in DEFAULT_PARTIES.items()}}

REGION_COLUMNS = ["region", "name", "party", "area_km2", "share"]
TOP_PLACES = 10
"""Places named in a sentence about land changing hands (all of them are in JSON and CSV)."""
CHANGE_COLUMNS = ["region", "name", "from", "to", "area_km2", "population", "cities"]


def party_name(party: str, names: dict[str, str] | None = None, lang: Lang = "en") -> str:
    """Display name of a party id (the scenario's own names first)."""
    return (names or {}).get(party) or WORDS[lang].parties.get(party) or party


def about(people: int, lang: Lang = "en") -> str:
    """A head count rounded as a report should quote it: 577,643 -> 'about 580,000'."""
    return i18n.about(people, lang)


def lived(people: int, towns: int | None = None, lang: Lang = "en") -> str:
    """'; about 720,000 people lived there before the full-scale invasion (1 January 2022)'."""
    words = WORDS[lang]
    split = ""
    if towns and people - towns > 0:
        split = words.lived_split.format(about=about(towns, lang))
    return words.lived.format(about=about(people, lang), split=split)


def regime_label(regimes: list[str], lang: Lang = "en") -> str:
    """'neutral demilitarised buffer zone' for ['neutral', 'demilitarised', 'buffer']."""
    return regime_phrase(regimes, lang)


def forces_label(
    no_forces: list[str], names: dict[str, str] | None = None, lang: Lang = "en"
) -> str:
    """', closed to the forces of Russia', or '' when no forces are excluded."""
    words = WORDS[lang]
    if not no_forces:
        return ""
    if no_forces == ["all"]:
        return words.closed_all
    return words.closed_to.format(
        parties=listing([party_name(p, names, lang) for p in no_forces], lang)
    )


def recognised_by(by: list[str], names: dict[str, str] | None = None, lang: Lang = "en") -> str:
    """Who recognises, in words: 'internationally', 'by: United States', ..."""
    words = WORDS[lang]
    if by == [INTERNATIONAL]:
        return words.by_international
    if by == [UNSTATED]:
        return words.by_unstated
    return words.by_parties.format(parties=listing([party_name(p, names, lang) for p in by], lang))


def headlines(
    figures: Figures, names: dict[str, str] | None = None, lang: Lang = "en"
) -> list[str]:
    """Sentences a report can quote, e.g. 'Russia would hold 123,456 km² (20.6% of Ukraine)'."""
    words = WORDS[lang]

    def km2(value: float) -> str:
        return number(value, lang)

    def name(party: str) -> str:
        return party_name(party, names, lang)

    lines = []
    for r in figures.parties:
        template = words.stays_contested if r["party"] == CONTESTED else words.holds
        share = percent(r["share"], lang)
        lines.append(template.format(party=name(r["party"]), km2=km2(r["area_km2"]), share=share))
    lines += [
        words.sovereign.format(
            km2=km2(r["area_km2"]), share=percent(r["share"], lang), party=name(r["party"])
        )
        for r in figures.sovereignty
        if r["party"] != "UA"
    ]
    for rec in figures.recognitions:
        lines.append(
            words.recognised[rec["kind"]].format(
                km2=km2(rec["area_km2"]),
                party=name(rec["recognised_as"]),
                by=recognised_by(rec["recognised_by"], names, lang),
            )
        )
    for reg in figures.regimes:
        zone = regime_label(reg["regime"], lang) or words.zone
        held = listing(
            [words.held_by.format(km2=km2(v), party=name(p)) for p, v in reg["parties"].items()],
            lang,
        )
        lines.append(
            words.zone_covers.format(
                article="An" if zone[:1].lower() in "aeiou" else "A",
                zone=zone,
                zone_cap=zone[:1].upper() + zone[1:],
                km2=km2(reg["area_km2"]),
                held=held,
                closed=forces_label(reg["no_forces"], names, lang),
                people=lived(reg["population"], reg["towns"], lang) if reg["population"] else "",
            )
        )
    for flow in figures.flows:
        people = lived(flow["population"], flow["towns"], lang) if flow["population"] else ""
        places = flow["cities_uk" if lang == "uk" else "cities"]
        if places:
            people += words.largest.format(
                places=", ".join(places[:TOP_PLACES]), count=number(len(places), lang)
            )
        template = words.contested_flow if flow["from"] == CONTESTED else words.flow
        lines.append(
            template.format(
                source=name(flow["from"]),
                target=name(flow["to"]),
                km2=km2(flow["area_km2"]),
                people=people,
            )
        )
    if not figures.flows:
        lines.append(words.nothing_moves)
    lines += [site_sentence(site, names, lang) for site in figures.sites]
    return lines


def site_sentence(site: SiteRow, names: dict[str, str] | None = None, lang: Lang = "en") -> str:
    """'Zaporizhzhia Nuclear Power Plant: operated by United States. Terms.'"""
    words = WORDS[lang]
    fields = {"sovereign": site["sovereign"], "operated_by": site["operated_by"]}
    fields["supervised_by"] = site["supervised_by"]
    roles = [
        words.site_roles[key].format(party=party_name(value, names, lang))
        for key, value in fields.items()
        if value
    ]
    shown = (site.get("name_uk") or site["name"]) if lang == "uk" else site["name"]
    head = f"{shown}: " + ("; ".join(roles) if roles else words.site_terms_only)
    return ". ".join([head, *site["terms"]]).rstrip(".") + "."


def stats_json(figures: Figures, scenario: dict[str, Any]) -> str:
    """Figures as JSON with the scenario's metadata."""
    return json_text({"scenario": scenario, **figures.to_dict()})


def stats_csv(figures: Figures, names: dict[str, str] | None = None) -> str:
    """One long CSV: a ``table`` column tells the kinds of rows apart (region, sovereignty,
    recognition, regime, change, site); party ids come with their display names."""
    columns = [
        "table",
        "region",
        "name",
        "party",
        "party_name",
        "from",
        "from_name",
        "to",
        "to_name",
        "detail",
        "area_km2",
        "share",
        "population",
        "cities",
    ]

    def named(row: dict[str, Any]) -> dict[str, Any]:
        for key in ("party", "from", "to"):
            if row.get(key):
                row[f"{key}_name"] = party_name(row[key], names)
        return row

    rows = [named({"table": "region", **r}) for r in figures.regions]
    rows += [named({"table": "sovereignty", **r}) for r in figures.sovereignty]
    rows += [
        named(
            {
                "table": "recognition",
                "party": r["recognised_as"],
                "detail": f"{r['kind']} by {'; '.join(r['recognised_by'])}",
                "area_km2": r["area_km2"],
                "share": r["share"],
                "population": r["population"],
            }
        )
        for r in figures.recognitions
    ]
    rows += [
        {
            "table": "regime",
            "detail": regime_label(r["regime"])
            + (f"; no forces: {'; '.join(r['no_forces'])}" if r["no_forces"] else ""),
            "area_km2": r["area_km2"],
            "share": r["share"],
            "population": r["population"],
        }
        for r in figures.regimes
    ]
    rows += [
        named({"table": "change", **r, "cities": "; ".join(r["cities"])}) for r in figures.changes
    ]
    rows += [
        {"table": "site", "name": r["name"], "detail": "; ".join(r["terms"])} for r in figures.sites
    ]
    return csv_table(rows, columns)


def _display_changes(
    figures: Figures, names: dict[str, str], lang: Lang = "en"
) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "from": party_name(r["from"], names, lang),
            "to": party_name(r["to"], names, lang),
            "cities": ", ".join(r["cities_uk" if lang == "uk" else "cities"][:5]),
        }
        for r in figures.changes
    ]


STATS_WORDS = {
    "en": (
        "Control by region",
        "Control by region (regions not wholly Ukrainian):",
        "Changes against the baseline",
        "Changes against the baseline:",
        "Ukraine",
    ),
    "uk": (
        "Контроль за областями",
        "Контроль за областями (крім повністю українських):",
        "Зміни порівняно з базовою лінією",
        "Зміни порівняно з базовою лінією:",
        "Україна",
    ),
}
"""Headings of the stats text: region section (Markdown, text), changes section, Ukraine."""


def stats_text(res: Resolution, markdown: bool = False, lang: Lang = "en") -> str:
    """Headlines, then the per-region table and the changes table; in Markdown every piece of
    user text reads literally."""
    figures, title = res.figures, res.scenario.title
    table = markdown_table if markdown else text_table
    text = markdown_text if markdown else str
    names = res.scenario.party_names(lang)
    region_md, region_text, change_md, change_text, ukraine = STATS_WORDS[lang]
    parts = [f"# {text(title)}" if markdown else title, ""]
    parts += [f"- {text(line)}" for line in headlines(figures, names, lang)]
    parts += ["", f"## {region_md}" if markdown else region_text]
    focus = [
        {
            **r,
            "name": region_label(r["region"], r["name"], lang),
            "party": party_name(r["party"], names, lang),
        }
        for r in figures.regions
        if r["share"] < 100 or r["party"] != "UA"
    ]
    parts += [table([_localised(r, lang) for r in focus], REGION_COLUMNS)]
    if figures.changes:
        parts += ["", f"## {change_md}" if markdown else change_text]
        changes = [
            {**r, "name": region_label(r["region"], r["name"], lang)}
            for r in _display_changes(figures, names, lang)
        ]
        parts += [table([_localised(r, lang) for r in changes], CHANGE_COLUMNS)]
    total = number(figures.ukraine_km2, lang)
    parts += [
        "",
        f"{areas(lang)}; {ukraine} = {total} {WORDS[lang].km2}. {people(lang)}.",
        text(Provenance.of(res.baseline).sentence(lang)),
    ]
    return "\n".join(parts) + "\n"


def _localised(row: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """A table row with its numbers written the language's way (text tables format English
    numbers themselves)."""
    if lang == "en":
        return row
    out = dict(row)
    for key in ("area_km2", "population"):
        if isinstance(out.get(key), (int, float)):
            out[key] = number(float(out[key]), lang)
    if isinstance(out.get("share"), (int, float)):
        out["share"] = number(float(out["share"]), lang, 1)
    return out


def region_label(region: str, name: str, lang: Lang = "en") -> str:
    """A region's name in ``lang`` (Ukrainian from the region table)."""
    if lang == "uk" and region in BY_ID:
        return BY_ID[region].name_uk
    return name
