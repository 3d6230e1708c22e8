"""Each kind of clause real proposals make, written in the scenario language and resolved."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import maps
from maps.parse import ScenarioError, load_scenario, scenario_from_text
from maps.pipeline import resolve_scenario
from maps.resolve import Resolution

HEAD = "id: test\ntitle: Test\ndate: 2025-08-18\nparties:\n  US: {name: United States}\n"


def resolve_text(body: str, path: str = "test.yaml") -> Resolution:
    return resolve_scenario(scenario_from_text(HEAD + textwrap.dedent(body), path))


def km2(res: Resolution, **where: str) -> float:
    c = res.control
    mask = c.region.notna()
    for column, value in where.items():
        mask &= c[column] == value
    return float(c[mask].area_km2.sum())


def baseline_km2(region: str, party: str) -> float:
    base = maps.load_baseline()
    return float(base[(base.region == region) & (base.party == party)].area_km2.sum())


def assert_parts_add_up(res: Resolution) -> None:
    regions = maps.load_regions()
    sums = res.control.groupby("region").area_km2.sum().to_dict()
    for rid, area in zip(regions["id"], regions["area_km2"], strict=True):
        assert sums[rid] == pytest.approx(area, abs=0.01), rid


def test_one_patch_carries_every_attribute_at_once() -> None:
    """28-point plan 21(d): Ukrainian-held Donetsk becomes a neutral demilitarised buffer
    zone, internationally recognised as Russian, which Russian forces do not enter."""
    res = resolve_text(
        """
        rules:
          - regions: [donetsk]
            held_by: UA
            sovereign: RU
            recognised: {kind: de-jure, as: RU, by: international}
            regime: [neutral, demilitarised, buffer]
            no_forces: [RU]
        """
    )
    zone = res.control[res.control.regime == "neutral,demilitarised,buffer"]
    assert set(zone.region) == {"donetsk"}
    assert zone.area_km2.sum() == pytest.approx(baseline_km2("donetsk", "UA"), rel=1e-3)
    row = zone.iloc[0]
    assert (row.party, row.sovereign, row.recognition) == ("UA", "RU", "de-jure")
    assert (row.recognised_as, row.recognised_by, row.no_forces) == ("RU", "international", "RU")
    assert res.changes.empty  # administration is not changed by the clause
    sovereign = {r["party"]: r["area_km2"] for r in res.figures.sovereignty}
    assert sovereign["RU"] == pytest.approx(zone.area_km2.sum(), abs=0.1)
    (regime,) = res.figures.regimes
    assert regime["regime"] == ["neutral", "demilitarised", "buffer"]
    assert regime["no_forces"] == ["RU"]
    assert sum(r["share"] for r in res.figures.sovereignty) == pytest.approx(100.0, abs=1e-9)
    assert_parts_add_up(res)


def test_a_rule_sets_only_what_it_names() -> None:
    res = resolve_text(
        """
        rules:
          - {regions: [donetsk], to: RU}
          - regions: [donetsk, luhansk, crimea]
            recognised: {kind: de-facto, as: RU, by: [US]}
        """
    )
    assert km2(res, region="donetsk", party="UA") == 0
    assert set(res.control[res.control.region == "donetsk"].recognised_by) == {"US"}
    assert set(res.control.sovereign) == {"UA"}  # de facto recognition moves no sovereignty
    flow = res.figures.moved("UA", "RU")
    assert flow is not None
    assert flow["area_km2"] == pytest.approx(baseline_km2("donetsk", "UA"), rel=1e-3)


def test_selectors_see_the_baseline_not_earlier_rules() -> None:
    """``held_by: UA`` is the land Ukraine held at the baseline, whatever rule 1 did."""
    res = resolve_text(
        """
        rules:
          - {regions: [donetsk], to: RU}
          - {regions: [donetsk], held_by: UA, regime: demilitarised}
        """
    )
    zone = res.control[res.control.regime == "demilitarised"]
    assert set(zone.party) == {"RU"}
    assert zone.area_km2.sum() == pytest.approx(baseline_km2("donetsk", "UA"), rel=1e-3)


def test_freeze_with_de_facto_recognition_recognises_each_side_as_itself() -> None:
    res = resolve_text(
        """
        rules:
          - {regions: [kherson], to: UA}
          - regions: [kherson, zaporizhzhia]
            freeze: true
            recognised: {kind: de-facto, by: [US]}
        """
    )
    c = res.control[res.control.region.isin(["kherson", "zaporizhzhia"])]
    assert (c.recognised_as == c.party).all() and set(c.recognition) == {"de-facto"}
    assert km2(res, region="kherson", party="RU") == pytest.approx(
        baseline_km2("kherson", "RU"), rel=1e-3
    )
    assert res.changes.empty


def test_areas_outside_the_five_regions_return() -> None:
    res = resolve_text(
        """
        rules:
          - regions: [kharkiv, sumy, dnipropetrovsk, mykolaiv]
            held_by: RU
            to: UA
        """
    )
    for rid in ("kharkiv", "sumy", "dnipropetrovsk", "mykolaiv"):
        assert km2(res, region=rid, party="RU") == 0
    flow = res.figures.moved("RU", "UA")
    assert flow is not None and flow["area_km2"] > 1000


def test_west_of_the_dnipro_in_kherson_is_the_right_bank() -> None:
    res = resolve_text("rules:\n  - {regions: [kherson], west_of: dnipro, regime: monitored}\n")
    west = km2(res, region="kherson", regime="monitored")
    ua_held = baseline_km2("kherson", "UA")  # the front follows the river there (and the
    assert west == pytest.approx(ua_held, rel=0.1)  # islands of the delta, left of its channel)
    east = resolve_text("rules:\n  - {regions: [kherson], east_of: dnipro, regime: monitored}\n")
    total = maps.load_regions(["kherson"]).area_km2.iloc[0]
    assert west + km2(east, regime="monitored") == pytest.approx(total, rel=1e-3)


def test_west_of_the_dnipro_across_the_country_splits_kyiv_city() -> None:
    res = resolve_text("rules:\n  - {west_of: dnipro, regime: monitored}\n")
    regions = set(res.control[res.control.regime == "monitored"].region)
    assert {"lviv", "odesa", "kyiv-city", "kherson"} <= regions
    assert "luhansk" not in regions and "kharkiv" not in regions
    kyiv = maps.load_regions(["kyiv-city"]).area_km2.iloc[0]
    assert 0.2 * kyiv < km2(res, region="kyiv-city", regime="monitored") < 0.8 * kyiv


def test_polygon_by_points_by_file_and_by_name(tmp_path: Path) -> None:
    ring = [[31.5, 46.45], [31.95, 46.45], [31.95, 46.62], [31.5, 46.62]]
    by_points = resolve_text(
        f"rules:\n  - {{regions: [mykolaiv], polygon: {ring}, held_by: RU, to: UA}}\n"
    )
    geojson = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}
    (tmp_path / "spit.geojson").write_text(json.dumps(geojson), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        HEAD + "rules:\n  - {regions: [mykolaiv], polygon: spit.geojson, held_by: RU, to: UA}\n",
        encoding="utf-8",
    )
    by_file = resolve_scenario(load_scenario(scenario))
    by_name = resolve_text(
        "rules:\n  - {regions: [mykolaiv], polygon: kinburn-spit, held_by: RU, to: UA}\n"
    )
    for res in (by_points, by_file, by_name):
        flow = res.figures.moved("RU", "UA")
        assert flow is not None and 50 < flow["area_km2"] < 400, flow
        assert {c["region"] for c in res.figures.changes} == {"mykolaiv"}
    assert by_points.figures.flows == by_file.figures.flows


def test_union_and_difference() -> None:
    both = resolve_text(
        """
        rules:
          - any: [{regions: [donetsk], held_by: UA}, {regions: [luhansk], held_by: UA}]
            to: RU
        """
    )
    flow = both.figures.moved("UA", "RU")
    expected = baseline_km2("donetsk", "UA") + baseline_km2("luhansk", "UA")
    assert flow is not None and flow["area_km2"] == pytest.approx(expected, rel=1e-3)
    west = resolve_text(
        """
        rules:
          - regions: [kherson, zaporizhzhia]
            except: {west_of: dnipro}
            regime: monitored
        """
    )
    assert km2(west, region="kherson", regime="monitored") == pytest.approx(
        baseline_km2("kherson", "RU"), rel=0.05
    )


def test_sites_are_listed_with_their_terms() -> None:
    text = text_with(
        """
        parties:
          US: {name: United States}
          IAEA: {name: International Atomic Energy Agency}
        rules: []
        sites:
          - feature: znpp
            operated_by: US
            supervised_by: IAEA
            sovereign: UA
            terms: [Electricity shared between Russia and Ukraine]
          - name: Dnipro passage
            along: [[33.3, 46.77], [32.6, 46.64]]
            terms: [Unimpeded commercial passage]
        """
    )
    res = resolve_scenario(scenario_from_text(text, "sites.yaml"))
    znpp, passage = res.figures.sites
    assert znpp["kind"] == "nuclear-plant" and znpp["operated_by"] == "US"
    assert 47.4 < znpp["lat"] < 47.6 and 34.5 < znpp["lon"] < 34.7
    assert passage["kind"] == "line" and passage["terms"] == ["Unimpeded commercial passage"]
    assert res.changes.empty and res.sites is not None and len(res.sites) == 2


def text_with(body: str) -> str:
    return HEAD.replace("parties:\n  US: {name: United States}\n", "") + textwrap.dedent(body)


def test_unknown_party_suggests_the_id() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text(text_with("rules:\n  - {regions: [crimea], to: Ukraine}\n"), "p.yaml")
    assert "p.yaml:5:29: unknown party 'Ukraine' (did you mean UA?)" in str(caught.value)


def test_an_unknown_place_in_a_strip_is_the_error_shown() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text(
            text_with("rules:\n  - {regime: buffer, along: [Kinburn, Ochakiv], width_km: 5}\n"),
            "k.yaml",
        )
    text = str(caught.value)
    assert "unknown place 'Kinburn'" in text and "contact-line" not in text
    assert "Kurman" not in text


def test_named_feature_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(ScenarioError, match="not a named river or line feature"):
        scenario_from_text(text_with("rules:\n  - {west_of: znpp, to: UA}\n"), "f.yaml")


REGIONS = ["donetsk", "luhansk", "kherson", "zaporizhzhia", "kharkiv", "crimea"]
clause = st.one_of(
    st.builds(
        lambda r, p: f"{{regions: {r}, to: {p}}}",
        st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
        st.sampled_from(["UA", "RU", "US"]),
    ),
    st.builds(
        lambda r, h, p: f"{{regions: {r}, held_by: {h}, to: {p}}}",
        st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
        st.sampled_from(["UA", "RU"]),
        st.sampled_from(["UA", "RU"]),
    ),
    st.builds(
        lambda r: f"{{regions: {r}, freeze: true}}",
        st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
    ),
    st.builds(
        lambda r, k: f"{{regions: {r}, recognised: {{kind: {k}, by: [US]}}}}",
        st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
        st.sampled_from(["de-facto", "de-jure"]),
    ),
    st.builds(
        lambda k, w, s: f"{{regime: {k}, along: contact-line, width_km: {w}, side: {s}}}",
        st.sampled_from(["demilitarised", "buffer"]),
        st.sampled_from([5, 10, 20]),
        st.sampled_from(["both", "UA", "RU"]),
    ),
    st.builds(
        lambda r: f"{{regions: {r}, west_of: dnipro, sovereign: RU}}",
        st.lists(st.sampled_from(["kherson", "zaporizhzhia"]), min_size=1, max_size=2),
    ),
)


@settings(max_examples=12, deadline=None)
@given(st.lists(clause, min_size=1, max_size=5))
def test_any_sequence_of_rules_adds_up_and_keeps_attributes_apart(rules: list[str]) -> None:
    body = "rules:\n" + "".join(f"  - {rule}\n" for rule in rules)
    res = resolve_text(body)
    assert_parts_add_up(res)
    assert res.control.is_valid.all()
    # Attributes are independent: dropping the rules that set no administration leaves
    # who administers what unchanged.
    admin_rules = [r for r in rules if " to: " in r or "freeze" in r]
    listed = "".join(f"  - {r}\n" for r in admin_rules)
    only_admin = resolve_text("rules:\n" + listed if listed else "rules: []\n")
    for row in only_admin.figures.parties:
        assert res.figures.held(row["party"]) == pytest.approx(row["area_km2"], abs=0.5)
    for figures in (res.figures.parties, res.figures.sovereignty):
        assert round(sum(r["share"] for r in figures), 1) == 100.0


def with_grey_zone() -> tuple[object, ...]:
    """The shipped inputs, with a contested strip carved out of Donetsk oblast near Pokrovsk."""
    import geopandas as gpd
    import shapely

    from maps.control import CONTESTED

    base = maps.load_baseline()
    grey = shapely.box(37.05, 48.2, 37.35, 48.35)
    rows = []
    for row in base.to_dict("records"):
        if row.get("region") == "donetsk" and row.get("party") in ("RU", "UA"):
            rows.append({**row, "geometry": row["geometry"].difference(grey)})
            inside = row["geometry"].intersection(grey)
            if not inside.is_empty:
                rows.append({**row, "party": CONTESTED, "geometry": inside})
        else:
            rows.append(row)
    baseline = gpd.GeoDataFrame(rows, geometry="geometry", crs=base.crs)
    baseline.attrs = base.attrs
    return (
        maps.load_regions(),
        baseline,
        maps.load_contact_line(),
        maps.load_cities(),
        maps.load_features(),
    )


def test_contested_ground_stays_contested_and_can_be_given() -> None:
    from maps.resolve import resolve
    from maps.summary import headlines

    inputs = with_grey_zone()
    plain = scenario_from_text(HEAD + "rules: []\n", "g.yaml")
    res = resolve(plain, *inputs)  # type: ignore[arg-type]
    grey = res.figures.held("contested")
    assert 100 < grey < 600
    assert any("would stay contested" in line for line in headlines(res.figures))
    given = scenario_from_text(HEAD + "rules:\n  - {held_by: contested, to: UA}\n", "g.yaml")
    res = resolve(given, *inputs)  # type: ignore[arg-type]
    flow = res.figures.moved("contested", "UA")
    assert flow is not None and flow["area_km2"] == pytest.approx(grey, abs=0.5)
    names = res.scenario.party_names()
    assert any(
        "of contested ground would go to Ukraine" in h for h in headlines(res.figures, names)
    )


def test_recognition_by_an_unstated_party_is_recorded_as_such() -> None:
    from maps.summary import headlines

    res = resolve_text(
        "rules:\n  - {regions: [crimea], recognised: {kind: de-jure, as: RU, by: unstated}}\n"
    )
    assert set(res.control[res.control.recognition == "de-jure"].recognised_by) == {"unstated"}
    assert any("by: not stated" in line for line in headlines(res.figures))


def test_an_unknown_site_feature_is_a_positioned_error() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text(text_with("sites:\n  - {feature: znppp}\n"), "s.yaml")
    assert "s.yaml:5:15: unknown named feature 'znppp' (did you mean znpp?)" in str(caught.value)


def test_return_to_the_lines_of_23_february_2022_is_one_rule() -> None:
    head = "id: t\ntitle: T\ndate: 2025-11-20\nbaseline: contact-line-2025-11-20\n"
    text = head + "rules:\n  - {held_by: UA, as_of: contact-line-2022-02-23, to: UA}\n"
    res = resolve_scenario(scenario_from_text(text, "r.yaml"))
    before = maps.load_baseline("contact-line-2022-02-23")
    assert res.figures.held("RU") == pytest.approx(
        before[before.party == "RU"].area_km2.sum(), rel=1e-3
    )
    assert res.warnings == []


def test_as_of_an_unknown_baseline_is_a_positioned_error() -> None:
    text = text_with("rules:\n  - {held_by: UA, as_of: contact-line-1999, to: UA}\n")
    with pytest.raises(ScenarioError) as caught:
        resolve_scenario(scenario_from_text(text, "r.yaml"))
    assert "r.yaml:5:" in str(caught.value) and "contact-line-1999" in str(caught.value)


def test_contested_ground_is_drawn_and_named_in_the_legend() -> None:
    from maps.resolve import resolve

    res = resolve(scenario_from_text(HEAD + "rules: []\n", "g.yaml"), *with_grey_zone())  # type: ignore[arg-type]
    html = maps.render_map(res)
    assert "Contested (grey zone)" in html
