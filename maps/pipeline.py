"""Load a scenario file and its data, then resolve it: the glue used by the CLI and renderers."""

from __future__ import annotations

from pathlib import Path

from maps.data import load_baseline, load_cities, load_contact_line, load_regions
from maps.resolve import Resolution, resolve
from maps.scenario import Scenario
from maps.scenario_io import load_scenario


def resolve_scenario(scenario: Scenario) -> Resolution:
    """Resolve a loaded scenario against its baseline with the shipped regions and cities."""
    return resolve(
        scenario,
        regions=load_regions(),
        baseline=load_baseline(scenario.baseline),
        contact_line=load_contact_line(scenario.baseline),
        cities=load_cities(),
    )


def resolve_file(path: str | Path) -> Resolution:
    """Load, validate and resolve one scenario file; raises ``ScenarioError`` on mistakes."""
    return resolve_scenario(load_scenario(Path(path)))
