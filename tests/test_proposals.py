"""The shipped real proposals: their figures say what the texts say."""

from __future__ import annotations

from pathlib import Path

import pytest

import maps
from maps.resolve import Resolution

REPO = Path(__file__).resolve().parents[1]


def resolve(name: str) -> Resolution:
    return maps.resolve_file(REPO / "scenarios" / f"{name}.yaml")


def baseline_km2(res: Resolution, region: str, party: str) -> float:
    base = maps.load_baseline(res.scenario.baseline)
    return float(base[(base.region == region) & (base.party == party)].area_km2.sum())


def test_28_point_plan_buffer_zone_is_ukrainian_held_donetsk() -> None:
    res = resolve("us-28-point-plan-2025-11")
    (zone,) = [r for r in res.figures.regimes if "buffer" in r["regime"]]
    assert zone["regime"] == ["neutral", "demilitarised", "buffer"]
    assert "RU" in zone["no_forces"]
    assert zone["area_km2"] == pytest.approx(baseline_km2(res, "donetsk", "UA"), rel=1e-3)
    c = res.control
    piece = c[c.regime == "neutral,demilitarised,buffer"]
    assert set(piece.region) == {"donetsk"}
    assert set(piece.sovereign) == {"RU"} and set(piece.recognition) == {"de-jure"}
    assert set(piece.recognised_by) == {"international"}
    outside = ["kharkiv", "sumy", "dnipropetrovsk", "mykolaiv"]
    assert c[c.region.isin(outside) & (c.party == "RU")].empty
    frozen = c[c.region.isin(["kherson", "zaporizhzhia"])]
    assert (frozen.recognised_as == frozen.party).all()
    assert set(frozen.recognition) == {"de-facto"}
    sites = {s["feature"]: s for s in res.figures.sites}
    assert sites["znpp"]["supervised_by"] == "IAEA"
    assert res.warnings == []


def test_april_2025_offer() -> None:
    res = resolve("us-final-offer-2025-04")
    c = res.control
    crimea = c[c.region.isin(["crimea", "sevastopol"])]
    assert set(crimea.recognition) == {"de-jure"} and set(crimea.recognised_by) == {"US"}
    assert set(crimea.sovereign) == {"UA"}  # only the US recognises it
    assert c[(c.region == "kharkiv") & (c.party == "RU")].empty
    assert c[(c.region == "mykolaiv") & (c.party == "RU")].empty  # the Kinburn spit
    held = c[c.region.isin(["donetsk", "zaporizhzhia", "kherson"]) & (c.party == "RU")]
    assert set(held.recognition) == {"de-facto"}
    ua = c[c.region.isin(["donetsk", "zaporizhzhia", "kherson"]) & (c.party == "UA")]
    assert set(ua.recognition) == {""}
    sites = {s["feature"]: s for s in res.figures.sites}
    assert sites["znpp"]["operated_by"] == "US" and sites["znpp"]["sovereign"] == "UA"
    assert res.warnings == []


def test_russian_demand_takes_four_whole_oblasts() -> None:
    res = resolve("russia-four-regions")
    c = res.control
    for rid in ("donetsk", "luhansk", "zaporizhzhia", "kherson", "crimea", "sevastopol"):
        assert c[(c.region == rid) & (c.party == "UA")].empty, rid
        assert set(c[c.region == rid].sovereign) == {"RU"}, rid
    flow = res.figures.moved("UA", "RU")
    assert flow is not None and "Zaporizhzhia" in flow["cities"] and "Kherson" in flow["cities"]
