"""Warnings: rules that do nothing or that later rules undo, and a baseline far from the date."""

from __future__ import annotations

from pathlib import Path

import pytest

from maps.cli import main
from maps.parse import scenario_from_text
from maps.pipeline import resolve_scenario

REPO = Path(__file__).resolve().parents[1]
HEAD = "id: test\ntitle: Test\ndate: 2025-08-18\nrules:\n"


def warnings_of(rules: str, head: str = HEAD) -> list[str]:
    res = resolve_scenario(scenario_from_text(head + rules, "w.yaml"))
    return [str(w) for w in res.warnings]


def test_a_rule_with_no_effect_is_a_warning_at_its_line() -> None:
    (warning,) = warnings_of("  - {regions: [lviv], to: UA}\n  - {regions: [donetsk], to: RU}\n")
    assert warning.startswith("w.yaml:5:5: warning: rule 1 has no effect: the land it selects")


def test_a_rule_that_selects_nothing_says_so() -> None:
    (warning,) = warnings_of("  - {regions: [lviv], held_by: RU, to: UA}\n")
    assert "w.yaml:5:5: warning: rule 1 has no effect: it selects no land" in warning


def test_a_freeze_of_untouched_land_has_no_effect() -> None:
    (warning,) = warnings_of("  - {regions: [ukraine], freeze: true}\n")
    assert "rule 1 has no effect" in warning


def test_a_zone_wiped_out_by_a_later_rule_is_warned_at_the_zone() -> None:
    rules = (
        "  - {regions: [donetsk], to: RU}\n"
        "  - regime: buffer\n"
        "    along: contact-line\n"
        "    width_km: 10\n"
        "  - {regions: [ukraine], regime: demilitarised}\n"
    )
    (warning,) = warnings_of(rules)
    assert warning.startswith("w.yaml:6:5: warning: rule 2 is overridden everywhere by later")
    assert "rule(s) 3" in warning


def test_a_zone_overridden_only_in_part_is_fine() -> None:
    rules = (
        "  - {regime: buffer, along: contact-line, width_km: 10}\n"
        "  - {regions: [donetsk], regime: demilitarised}\n"
    )
    assert warnings_of(rules) == []


def test_a_narrow_strip_inside_a_wider_later_one_is_overridden() -> None:
    rules = (
        "  - {regime: buffer, along: contact-line, width_km: 10, side: UA}\n"
        "  - {regime: demilitarised, along: contact-line, width_km: 20}\n"
    )
    (warning,) = warnings_of(rules)
    assert "w.yaml:5:5: warning: rule 1 is overridden everywhere by later rule(s) 2" in warning


def test_a_polygon_covered_by_a_later_region_rule_is_overridden() -> None:
    rules = "  - {polygon: kinburn-spit, to: UA}\n  - {regions: [mykolaiv, kherson], to: RU}\n"
    (warning,) = warnings_of(rules)
    assert "rule 1 is overridden everywhere" in warning


def test_an_override_of_another_attribute_is_no_override() -> None:
    rules = "  - {regions: [donetsk], to: RU}\n  - {regions: [donetsk], regime: monitored}\n"
    assert warnings_of(rules) == []


def test_a_baseline_far_from_the_scenario_date_is_a_warning() -> None:
    head = "id: test\ntitle: Test\ndate: 2025-12-01\nbaseline: contact-line-2025-08\nrules:\n"
    (warning,) = warnings_of("  - {regions: [donetsk], to: RU}\n", head)
    assert warning.startswith("w.yaml:3:7: warning: the scenario is dated 2025-12-01, 106 days")
    assert "of 2025-08-17" in warning


def test_strict_makes_warnings_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(HEAD + "  - {regions: [lviv], to: UA}\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:5:5: warning: rule 1 has no effect" in err
    assert main(["validate", "--strict", str(path)]) == 1
    assert main(["stats", "--strict", str(path)]) == 1
    assert "treated as errors (--strict)" in capsys.readouterr().err


def test_shipped_scenarios_pass_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", str(REPO / "scenarios")]) == 0, capsys.readouterr().err
