"""The resolution engine on the shipped data: areas add up, rules behave as documented."""

from __future__ import annotations

import textwrap

import pytest
import shapely
from hypothesis import example, given, settings
from hypothesis import strategies as st

import maps
from maps.parse import ScenarioError, scenario_from_text
from maps.pipeline import resolve_scenario
from maps.resolve import Resolution


def resolve_text(body: str) -> Resolution:
    head = "id: test\ntitle: Test\ndate: 2025-08-18\n"
    return resolve_scenario(scenario_from_text(head + textwrap.dedent(body), "test.yaml"))


def held(res: Resolution, region: str, party: str) -> float:
    c = res.control
    return float(c[(c.region == region) & (c.party == party)].area_km2.sum())


def assert_parts_add_up(res: Resolution) -> None:
    """Every region's pieces add up to its area (to 0.01 km²) and are valid."""
    regions = maps.load_regions()
    sums = res.control.groupby("region").area_km2.sum().to_dict()
    for rid, area in zip(regions["id"], regions["area_km2"], strict=True):
        assert sums[rid] == pytest.approx(area, abs=0.01), rid
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
    recognised = c[c.recognition == "de-jure"]
    assert set(recognised.region) == {"crimea", "sevastopol"}
    assert set(recognised.sovereign) == {"RU"} and set(recognised.recognised_by) == {
        "international"
    }
    assert res.changes.empty


def test_ukraine_regains_everything() -> None:
    res = resolve_text("rules:\n  - {regions: [ukraine], to: UA}\n")
    assert res.figures.held("RU") == 0
    flow = res.figures.moved("RU", "UA")
    assert flow is not None
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
    zone = c[c.regime == "demilitarised"]
    assert set(zone.party) == {"RU", "UA"}
    front_km = maps.load_contact_line().to_crs(maps.EQUAL_AREA_CRS).length.sum() / 1000
    # Roughly width x length, less where the zone leaves Ukraine or overlaps itself.
    assert 0.5 * 20 * front_km < zone.area_km2.sum() < 1.05 * 20 * front_km
    assert res.changes.empty
    assert_parts_add_up(res)


def test_one_sided_zone_takes_only_that_sides_land() -> None:
    res = resolve_text("rules:\n  - {zone: buffer, along: contact-line, width_km: 10, side: RU}\n")
    c = res.control
    assert set(c[c.regime == "buffer"].party) == {"RU"}


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


ZONE_REGIONS = ["donetsk", "luhansk", "zaporizhzhia", "kherson"]
CROSSING_ZAPORIZHZHIA = [
    "[[34.0, 47.2], [36.0, 47.0], [37.5, 47.0]]",
    "[[34.5, 47.6], [36.5, 47.3]]",
]
party = st.sampled_from(["UA", "RU", "UN"])
transfer = st.builds(
    lambda regions, to: f"{{regions: [{', '.join(regions)}], to: {to}}}",
    st.lists(st.sampled_from(REGION_POOL), min_size=1, max_size=3, unique=True),
    party,
)
freeze = st.builds(
    lambda regions: f"{{regions: [{', '.join(regions)}], freeze: true}}",
    st.lists(st.sampled_from(REGION_POOL), min_size=1, max_size=3, unique=True),
)
split = st.builds(
    lambda line, sides: (
        f"{{split: zaporizhzhia, line: {line}, north: {sides[0]}, south: {sides[1]}}}"
    ),
    st.sampled_from(CROSSING_ZAPORIZHZHIA),
    st.permutations(["UA", "RU", "UN"]),
)
contact_zone = st.builds(
    lambda kind, width, side, to, regions: (
        f"{{zone: {kind}, along: contact-line, width_km: {width}, side: {side}{to}{regions}}}"
    ),
    st.sampled_from(["demilitarised", "buffer", "international"]),
    st.floats(1, 60).map(lambda w: round(w, 2)),
    st.sampled_from(["both", "UA", "RU"]),
    st.sampled_from(["", ", to: UN", ", to: RU"]),
    st.sampled_from(["", *(f", regions: [{r}]" for r in ZONE_REGIONS)]),
)
custom_line_zone = st.builds(
    lambda kind, width, side, to: (
        f"{{zone: {kind}, along: [[37.0, 48.0], [38.5, 48.8]], "
        f"width_km: {width}, side: {side}{to}}}"
    ),
    st.sampled_from(["demilitarised", "buffer"]),
    st.floats(1, 40).map(lambda w: round(w, 2)),
    st.sampled_from(["both", "north", "south"]),
    st.sampled_from(["", ", to: UN"]),
)
STACKED = [
    "{zone: demilitarised, along: contact-line, width_km: 30, side: both}",
    "{zone: buffer, along: contact-line, width_km: 12.5, side: RU, to: UN}",
    "{zone: international, along: contact-line, width_km: 20, side: both}",
    "{zone: buffer, along: [[37.0, 48.0], [38.5, 48.8]], width_km: 25, side: north, to: UN}",
    "{zone: demilitarised, along: contact-line, width_km: 7.5, side: UA}",
    "{zone: international, along: contact-line, width_km: 45, side: both, to: RU}",
]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(transfer, freeze, split, contact_zone, custom_line_zone), max_size=8))
@example(STACKED)
def test_any_rules_keep_pieces_disjoint_and_exact(rules: list[str]) -> None:
    listed = "".join(f"  - {rule}\n" for rule in rules)
    res = resolve_text(
        "parties: {UN: {name: United Nations}}\n"
        + ("rules:\n" + listed if rules else "rules: []\n")
    )
    assert_parts_add_up(res)
    projected = res.control.to_crs(maps.EQUAL_AREA_CRS)
    for rid, pieces in projected.groupby("region"):
        overlap = pieces.area_km2.sum() - shapely.union_all(list(pieces.geometry)).area / 1e6
        assert overlap < 0.01, rid
    ukraine = float(maps.load_regions().area_km2.sum())
    held = res.control.groupby("party").area_km2.sum()
    assert held.max() <= ukraine
    assert held.sum() <= ukraine + 0.01 * res.control.region.nunique()
