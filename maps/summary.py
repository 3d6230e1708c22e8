"""Plain-language headline figures and stats tables for a resolution. Presentation only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maps.attributes import by_label
from maps.figures import Figures, SiteRow
from maps.provenance import AREAS, PEOPLE, Provenance
from maps.scenario import CONTESTED, CONTESTED_NAME, DEFAULT_PARTIES
from maps.tables import csv_table, json_text, markdown_table, markdown_text, text_table

if TYPE_CHECKING:
    from maps.resolve import Resolution

PARTY_NAMES = {CONTESTED: CONTESTED_NAME, **{pid: p.name for pid, p in DEFAULT_PARTIES.items()}}

REGION_COLUMNS = ["region", "name", "party", "area_km2", "share"]
CHANGE_COLUMNS = ["region", "name", "from", "to", "area_km2", "population", "cities"]


def party_name(party: str, names: dict[str, str] | None = None) -> str:
    """Display name of a party id."""
    return (names or {}).get(party) or PARTY_NAMES.get(party, party)


REGIME_WORDS = {
    "demilitarised": "demilitarised",
    "buffer": "buffer",
    "neutral": "neutral",
    "international": "internationally administered",
    "monitored": "monitored",
    "free-economic-zone": "free economic",
}
"""How each regime reads in a sentence ('a neutral demilitarised buffer zone')."""


def about(people: int) -> str:
    """A head count rounded as a report should quote it: 577,643 -> 'about 580,000'."""
    if people < 1000:
        return f"about {round(people, -1):,}"
    digits = len(str(people)) - 2
    return f"about {round(people, -digits):,}"


def lived(people: int, towns: int | None = None) -> str:
    """'about 720,000 people lived there before the full-scale invasion (1 January 2022)'."""
    split = ""
    if towns is not None and people - towns > 0:
        split = f"; {about(towns)} in cities, towns and villages of 500+, the rest estimated"
    return (
        f"{about(people)} people lived there before the full-scale invasion (1 January 2022{split})"
    )


def regime_label(regimes: list[str]) -> str:
    """'neutral demilitarised buffer zone' for ['neutral', 'demilitarised', 'buffer']."""
    return " ".join(REGIME_WORDS.get(r, r) for r in regimes) + " zone" if regimes else ""


def forces_label(no_forces: list[str], names: dict[str, str] | None = None) -> str:
    """'closed to the forces of Russia', or '' when no forces are excluded."""
    if not no_forces:
        return ""
    if no_forces == ["all"]:
        return "closed to all armed forces"
    return "closed to the forces of " + _and([party_name(p, names) for p in no_forces])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def headlines(figures: Figures, names: dict[str, str] | None = None) -> list[str]:
    """Sentences a report can quote, e.g. 'Russia would hold 123,456 km² (20.6% of Ukraine)'."""
    lines = [
        f"{party_name(r['party'], names)} would hold {r['area_km2']:,.0f} km² "
        f"({r['share']:.1f}% of Ukraine)."
        if r["party"] != CONTESTED
        else f"{r['area_km2']:,.0f} km² ({r['share']:.1f}% of Ukraine) would stay contested "
        "(the baseline's grey zone: no rule says who gets it)."
        for r in figures.parties
    ]
    lines += [
        f"{r['area_km2']:,.0f} km² ({r['share']:.1f}% of Ukraine) would be sovereign territory "
        f"of {party_name(r['party'], names)}."
        for r in figures.sovereignty
        if r["party"] != "UA"
    ]
    for rec in figures.recognitions:
        who = party_name(rec["recognised_as"], names)
        by = by_label(tuple(rec["recognised_by"]), {**PARTY_NAMES, **(names or {})})
        what = f"as {who}'s territory" if rec["kind"] == "de-jure" else f"as held by {who}"
        kind = rec["kind"].replace("-", " ")
        lines.append(f"{rec['area_km2']:,.0f} km² would be recognised {kind} {what}, {by}.")
    for reg in figures.regimes:
        zone = regime_label(reg["regime"]) or "area"
        held = _and(
            [f"{km2:,.0f} km² held by {party_name(p, names)}" for p, km2 in reg["parties"].items()]
        )
        closed = forces_label(reg["no_forces"], names)
        people = f"; {lived(reg['population'])}" if reg["population"] else ""
        lines.append(
            f"{_article(zone)} {zone} would cover {reg['area_km2']:,.0f} km² ({held})"
            + (f", {closed}" if closed else "")
            + f"{people}."
        )
    for flow in figures.flows:
        people = f"; {lived(flow['population'], flow['towns'])}" if flow["population"] else ""
        if flow["from"] == CONTESTED:
            lines.append(
                f"{flow['area_km2']:,.0f} km² of contested ground would go to "
                f"{party_name(flow['to'], names)}{people}."
            )
            continue
        lines.append(
            f"{party_name(flow['from'], names)} would cede {flow['area_km2']:,.0f} km² to "
            f"{party_name(flow['to'], names)}{people}."
        )
    if not figures.flows:
        lines.append("No territory changes hands against the baseline.")
    lines += [site_sentence(site, names) for site in figures.sites]
    return lines


def site_sentence(site: SiteRow, names: dict[str, str] | None = None) -> str:
    """'Zaporizhzhia NPP: operated by the United States; ... Terms.'"""
    roles = [
        f"{label} {party_name(site[key], names)}"  # type: ignore[literal-required]
        for key, label in (
            ("sovereign", "sovereign territory of"),
            ("operated_by", "operated by"),
            ("supervised_by", "supervised by"),
        )
        if site[key]  # type: ignore[literal-required]
    ]
    parts = [f"{site['name']}: " + ("; ".join(roles) if roles else "status stated in the terms")]
    return ". ".join(parts + site["terms"]).rstrip(".") + "."


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


def _display_changes(figures: Figures, names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "from": party_name(r["from"], names),
            "to": party_name(r["to"], names),
            "cities": ", ".join(r["cities"][:5]),
        }
        for r in figures.changes
    ]


def stats_text(res: Resolution, markdown: bool = False) -> str:
    """Headlines, then the per-region table and the changes table; in Markdown every piece of
    user text reads literally."""
    figures, title = res.figures, res.scenario.title
    table = markdown_table if markdown else text_table
    text = markdown_text if markdown else str
    focus = [r for r in figures.regions if r["share"] < 100 or r["party"] != "UA"]
    parts = [f"# {text(title)}" if markdown else title, ""]
    parts += [f"- {text(line)}" for line in headlines(figures, res.scenario.party_names())]
    parts += [
        "",
        "## Control by region" if markdown else "Control by region (regions not wholly Ukrainian):",
    ]
    names = res.scenario.party_names()
    focus = [{**r, "party": party_name(r["party"], names)} for r in focus]
    parts += [table(focus, REGION_COLUMNS)]
    if figures.changes:
        parts += [
            "",
            "## Changes against the baseline" if markdown else "Changes against the baseline:",
        ]
        parts += [table(_display_changes(figures, names), CHANGE_COLUMNS)]
    parts += [
        "",
        f"{AREAS}; Ukraine = {figures.ukraine_km2:,.0f} km². {PEOPLE}.",
        text(Provenance.of(res.baseline).sentence()),
    ]
    return "\n".join(parts) + "\n"


def _article(word: str) -> str:
    return "An" if word[:1].lower() in "aeiou" else "A"
