"""People: settlements plus the rest of each oblast, adding up to the official totals."""

from __future__ import annotations

from pathlib import Path

import pytest

import maps
from maps.load import load_people, load_population
from maps.pipeline import baseline_resolution
from maps.resolve import Resolution
from maps.summary import about, headlines

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
TOTALS = dict(zip(load_population()["region"], load_population()["population"], strict=True))


def by_region(res: Resolution) -> dict[str, int]:
    return {str(k): int(v) for k, v in res.control.groupby("region")["population"].sum().items()}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_people_per_oblast_add_up_to_the_official_totals(path: Path) -> None:
    res = maps.resolve_file(path)
    counted = by_region(res)
    for rid, total in TOTALS.items():
        assert counted[rid] == pytest.approx(total, rel=0.005), rid
    control = res.control
    assert (control["towns"] + control["rural"] - control["population"]).abs().max() <= 1


def test_kherson_city_counts_for_the_ukrainian_held_part() -> None:
    res = baseline_resolution("contact-line-2025-08")
    c = res.control
    ua = c[(c.region == "kherson") & (c.party == "UA")]
    assert int(ua["towns"].sum()) > 280_000  # Kherson city, 110 m outside the outline
    people = load_people()
    places = people.places
    for name, region in (("Kherson", "kherson"), ("Skadovsk", "kherson"), ("Ochakiv", "mykolaiv")):
        row = places[(places["name"] == name) & (places["region"] == region)]
        assert len(row) == 1 and int(row["snapped_m"].iloc[0]) > 0, name


def test_a_change_lists_its_places_and_splits_towns_from_the_rest() -> None:
    res = maps.resolve_file(REPO / "scenarios" / "donbas-for-freeze.yaml")
    flow = res.figures.moved("UA", "RU")
    assert flow is not None
    assert flow["population"] == flow["towns"] + flow["rural"]
    assert flow["cities"][:2] == ["Kramatorsk", "Sloviansk"]
    assert len(flow["cities"]) > 50  # villages too, not only the labelled towns
    line = next(h for h in headlines(res.figures) if "would cede" in h and "to Russia" in h)
    assert "lived there before the full-scale invasion (1 January 2022" in line


def test_settlements_above_the_total_are_scaled_down() -> None:
    """Chernivtsi's settlements (mixed-age figures) exceed the 2022 total: no negative rest."""
    res = baseline_resolution("contact-line-2025-08")
    row = res.control[res.control.region == "chernivtsi"].iloc[0]
    assert row["rural"] == 0
    assert row["population"] == pytest.approx(TOTALS["chernivtsi"], rel=0.005)


@pytest.mark.parametrize(
    ("people", "text"),
    [
        (577_643, "about 580,000"),
        (7_214, "about 7,200"),
        (1_234_567, "about 1,200,000"),
        (87, "about 90"),
    ],
)
def test_people_are_rounded_as_a_report_quotes_them(people: int, text: str) -> None:
    assert about(people) == text
