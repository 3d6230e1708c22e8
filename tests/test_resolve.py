"""The resolution engine on the shipped data: areas add up, rules behave as documented."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import maps
from maps.pipeline import resolve_scenario
from maps.resolve import Resolution
from maps.scenario_io import ScenarioError, scenario_from_text


def resolve_text(body: str) -> Resolution:
    head = "id: test\ntitle: Test\ndate: 2025-08-18\n"
    return resolve_scenario(scenario_from_text(head + textwrap.dedent(body), "test.yaml"))


def held(res: Resolution, region: str, party: str) -> float:
    c = res.control
    return float(c[(c.region == region) & (c.party == party)].area_km2.sum())


def assert_parts_add_up(res: Resolution) -> None:
    regions = maps.load_regions().set_index("id")["area_km2"]
    sums = res.control.groupby("region").area_km2.sum()
    for rid, area in regions.items():
        assert sums[rid] == pytest.approx(area, rel=1e-3), rid
    assert res.control.is_valid.all()


def test_no_rules_is_the_baseline() -> None:
    res = resolve_text("rules: []\n")
    base = maps.load_baseline()
    assert res.changes.empty
    assert res.figures.held("RU") == pytest.approx(
        base[base.party == "RU"].area_km2.sum(), rel=1e-4
    )
    assert_parts_add_up(res)


def test_transfer_moves_exactly_the_ukrainian_held_part() -> None:
    res = resolve_text("rules:\n  - {regions: [donetsk, luhansk], to: RU}\n")
    base = maps.load_baseline()
    ua_before = base[(base.party == "UA") & base.region.isin(["donetsk", "luhansk"])].area_km2.sum()
    flow = res.figures.moved("UA", "RU")
    assert flow is not None
    assert flow["area_km2"] == pytest.approx(ua_before, rel=1e-3)
    assert held(res, "donetsk", "UA") == 0
    assert "Kramatorsk" in flow["cities"] and flow["population"] > 500_000
    assert_parts_add_up(res)


def test_transfer_is_idempotent() -> None:
    once = resolve_text("rules:\n  - {regions: [kherson], to: RU}\n")
    twice = resolve_text(
        "rules:\n  - {regions: [kherson], to: RU}\n  - {regions: [kherson], to: RU}\n"
    )
    assert once.figures.to_dict() == twice.figures.to_dict()


def test_later_rules_win() -> None:
    res = resolve_text(
        "rules:\n  - {regions: [zaporizhzhia], to: RU}\n"
        "  - {regions: [zaporizhzhia], freeze: true}\n"
    )
    base = maps.load_baseline()
    ru = base[(base.party == "RU") & (base.region == "zaporizhzhia")].area_km2.sum()
    assert held(res, "zaporizhzhia", "RU") == pytest.approx(ru, rel=1e-4)
    reverse = resolve_text(
        "rules:\n  - {regions: [zaporizhzhia], freeze: true}\n"
        "  - {regions: [zaporizhzhia], to: RU}\n"
    )
    assert held(reverse, "zaporizhzhia", "UA") == 0


def test_crimea_means_the_peninsula_and_status_is_kept() -> None:
    res = resolve_text("rules:\n  - {regions: [crimea], to: RU, status: recognised}\n")
    c = res.control
    recognised = set(c[c.status == "recognised"].region)
    assert recognised == {"crimea", "sevastopol"}
    assert res.changes.empty


def test_ukraine_regains_everything() -> None:
    res = resolve_text("rules:\n  - {regions: [ukraine], to: UA}\n")
    assert res.figures.held("RU") == 0
    flow = res.figures.moved("RU", "UA")
    assert flow["area_km2"] == pytest.approx(110_000, rel=0.06)
    assert "Sevastopol" in flow["cities"] and "Donetsk" in flow["cities"]


def test_split_by_a_custom_line_of_places() -> None:
    res = resolve_text(
        """
        rules:
          - split: zaporizhzhia
            line: [[34.0, 47.2], [36.0, 47.0], [37.5, 47.0]]
            north: UA
            south: RU
        """
    )
    zap = maps.load_regions(["zaporizhzhia"]).area_km2.iloc[0]
    assert 0 < held(res, "zaporizhzhia", "UA") < zap
    assert held(res, "zaporizhzhia", "UA") + held(res, "zaporizhzhia", "RU") == pytest.approx(
        zap, rel=1e-3
    )
    c = res.control
    ua = c[(c.region == "zaporizhzhia") & (c.party == "UA")].geometry.iloc[0]
    assert ua.representative_point().y > 47.0


def test_split_line_that_misses_the_region_is_a_positioned_error() -> None:
    with pytest.raises(ScenarioError) as info:
        resolve_text(
            """
            rules:
              - split: zaporizhzhia
                line: [[24.0, 49.0], [25.0, 49.2]]
                north: UA
                south: RU
            """
        )
    text = str(info.value)
    assert "does not cross" in text and "test.yaml:6:" in text


def test_demilitarised_zone_along_the_contact_line() -> None:
    res = resolve_text(
        "rules:\n  - {zone: demilitarised, along: contact-line, width_km: 20, side: both}\n"
    )
    c = res.control
    zone = c[c.status == "demilitarised"]
    assert set(zone.party) == {"RU", "UA"}
    front_km = maps.load_contact_line().to_crs(maps.EQUAL_AREA_CRS).length.sum() / 1000
    # Roughly width x length, less where the zone leaves Ukraine or overlaps itself.
    assert 0.5 * 20 * front_km < zone.area_km2.sum() < 1.05 * 20 * front_km
    assert res.changes.empty
    assert_parts_add_up(res)


def test_one_sided_zone_takes_only_that_sides_land() -> None:
    res = resolve_text("rules:\n  - {zone: buffer, along: contact-line, width_km: 10, side: RU}\n")
    c = res.control
    assert set(c[c.status == "buffer"].party) == {"RU"}


REGION_POOL = ["donetsk", "luhansk", "kherson", "zaporizhzhia", "kharkiv", "crimea", "sumy"]
rule_strategy = st.tuples(
    st.sampled_from(["transfer", "freeze"]),
    st.lists(st.sampled_from(REGION_POOL), min_size=1, max_size=3, unique=True),
    st.sampled_from(["UA", "RU"]),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(rule_strategy, max_size=5))
def test_last_rule_wins_and_areas_add_up(rules: list[tuple[str, list[str], str]]) -> None:
    lines = ["rules:"]
    for kind, regions, party in rules:
        target = f"to: {party}" if kind == "transfer" else "freeze: true"
        lines.append(f"  - {{regions: [{', '.join(regions)}], {target}}}")
    res = resolve_text("\n".join(lines) + "\n" if rules else "rules: []\n")
    assert_parts_add_up(res)
    base = maps.load_baseline()
    expected: dict[str, tuple[str, str]] = {}
    for kind, regions, party in rules:
        for region in regions:
            for rid in ["crimea", "sevastopol"] if region == "crimea" else [region]:
                expected[rid] = (kind, party)
    for rid in {*REGION_POOL, "sevastopol"}:
        kind, party = expected.get(rid, ("freeze", ""))
        if kind == "transfer":
            assert held(res, rid, party) == pytest.approx(
                maps.load_regions().set_index("id").area_km2[rid], rel=1e-3
            )
        else:
            ru = base[(base.region == rid) & (base.party == "RU")].area_km2.sum()
            assert held(res, rid, "RU") == pytest.approx(ru, rel=1e-3, abs=0.05)
