"""Plain-language headline figures and stats tables for a resolution. Presentation only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maps.figures import Figures
from maps.provenance import AREAS, PEOPLE, Provenance
from maps.scenario import DEFAULT_PARTIES
from maps.tables import csv_table, json_text, markdown_table, markdown_text, text_table

if TYPE_CHECKING:
    from maps.resolve import Resolution

PARTY_NAMES = {pid: party.name for pid, party in DEFAULT_PARTIES.items()}

REGION_COLUMNS = ["region", "name", "party", "area_km2", "share"]
CHANGE_COLUMNS = ["region", "name", "from", "to", "area_km2", "population", "cities"]


def party_name(party: str, names: dict[str, str] | None = None) -> str:
    """Display name of a party id."""
    return (names or {}).get(party) or PARTY_NAMES.get(party, party)


def headlines(figures: Figures, names: dict[str, str] | None = None) -> list[str]:
    """Sentences a report can quote, e.g. 'Russia would hold 123,456 km² (20.6% of Ukraine)'."""
    lines = [
        f"{party_name(r['party'], names)} would hold {r['area_km2']:,.0f} km² "
        f"({r['share']:.1f}% of Ukraine)."
        for r in figures.parties
    ]
    for status in sorted({r["status"] for r in figures.statuses} - {"de-facto"}):
        rows = [r for r in figures.statuses if r["status"] == status]
        total = sum(r["area_km2"] for r in rows)
        held = ", ".join(
            f"{r['area_km2']:,.0f} km² held by {party_name(r['party'], names)}" for r in rows
        )
        if status == "recognised":
            lines.append(f"Sovereignty would be recognised over {total:,.0f} km² ({held}).")
        else:
            lines.append(f"A {status} zone would cover {total:,.0f} km² ({held}).")
    for flow in figures.flows:
        people = (
            f", with about {flow['population']:,} people in its cities and towns"
            if flow["population"]
            else ""
        )
        lines.append(
            f"{party_name(flow['from'], names)} would cede {flow['area_km2']:,.0f} km² to "
            f"{party_name(flow['to'], names)}{people}."
        )
    if not figures.flows:
        lines.append("No territory changes hands against the baseline.")
    return lines


def stats_json(figures: Figures, scenario: dict[str, Any]) -> str:
    """Figures as JSON with the scenario's metadata."""
    return json_text({"scenario": scenario, **figures.to_dict()})


def stats_csv(figures: Figures) -> str:
    """One long CSV: a ``table`` column tells region rows from change rows."""
    columns = [
        "table",
        "region",
        "name",
        "party",
        "from",
        "to",
        "area_km2",
        "share",
        "population",
        "cities",
    ]
    rows = [{"table": "region", **r} for r in figures.regions]
    rows += [{"table": "change", **r, "cities": "; ".join(r["cities"])} for r in figures.changes]
    return csv_table(rows, columns)


def _display_changes(figures: Figures) -> list[dict[str, Any]]:
    return [{**r, "cities": ", ".join(r["cities"][:5])} for r in figures.changes]


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
    parts += [table(focus, REGION_COLUMNS)]
    if figures.changes:
        parts += [
            "",
            "## Changes against the baseline" if markdown else "Changes against the baseline:",
        ]
        parts += [table(_display_changes(figures), CHANGE_COLUMNS)]
    parts += [
        "",
        f"{AREAS}; Ukraine = {figures.ukraine_km2:,.0f} km². {PEOPLE}.",
        text(Provenance.of(res.baseline).sentence()),
    ]
    return "\n".join(parts) + "\n"
