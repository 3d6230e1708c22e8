"""Many stacked zones: resolution stays fast, small and exact, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile.harness import assert_clean_failure, run_maps

RULES = 1000
KINDS = ("demilitarised", "buffer", "international")
HEAD = """\
id: stacked-zones
title: Stacked zones
date: 2025-08-18
parties: {UN: {name: United Nations}}
rules:
"""


def stacked_zone(i: int) -> str:
    """The i-th of many overlapping contact-line zones of varying kind, width, side and holder."""
    width = 2 + (i * 37 % 400) / 10
    side = ("UA", "RU")[(i // 4) % 2] if i % 4 == 3 else "both"
    to = ", to: UN" if i % 7 == 0 else ""
    return (
        f"  - {{zone: {KINDS[i % 3]}, along: contact-line, width_km: {width}, side: {side}{to}}}\n"
    )


def test_a_thousand_overlapping_zones_resolve_quickly_and_exactly(tmp_path: Path) -> None:
    path = tmp_path / "stacked-zones.yaml"
    path.write_text(HEAD + "".join(stacked_zone(i) for i in range(RULES)), encoding="utf-8")
    outcome = run_maps("stats", str(path), "--format", "json", seconds=60)
    assert outcome.code == 0, str(outcome)
    assert outcome.peak_mb <= 500, str(outcome)
    stats = json.loads(outcome.stdout)
    held = sum(row["area_km2"] for row in stats["parties"])
    rounding = 0.05 * (len(stats["parties"]) + 1)
    assert held <= stats["ukraine_km2"] + rounding, str(outcome)
    assert held >= stats["ukraine_km2"] - rounding, str(outcome)
    assert {kind for row in stats["regimes"] for kind in row["regime"]} >= set(KINDS)
    shares: dict[str, float] = {}
    for row in stats["regions"]:
        shares[row["region"]] = shares.get(row["region"], 0.0) + row["share"]
    assert max(shares.values()) <= 100.02, shares


def test_zones_alternating_in_too_many_bands_fail_in_one_line(tmp_path: Path) -> None:
    narrowing = "".join(
        f"  - {{zone: {KINDS[i % 3]}, along: contact-line, width_km: {100 - i * 0.5}, "
        "side: both}\n"
        for i in range(150)
    )
    path = tmp_path / "narrowing.yaml"
    path.write_text(HEAD + narrowing, encoding="utf-8")
    outcome = run_maps("stats", str(path), seconds=60)
    line = assert_clean_failure(outcome, "alternating bands", max_seconds=60, max_memory_mb=500)
    assert "narrowing.yaml:" in line and "rule 150" in line
