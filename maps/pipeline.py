"""Load a scenario file and its data, then resolve it: the glue used by the CLI and renderers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd

from maps.data import load_baseline, load_cities, load_contact_line, load_regions
from maps.resolve import Resolution, resolve
from maps.scenario import Scenario
from maps.scenario_io import load_scenario


@cache
def _inputs(baseline: str) -> tuple[gpd.GeoDataFrame, ...]:
    """Regions, baseline control and contact line, read once per process."""
    return load_regions(), load_baseline(baseline), load_contact_line(baseline), load_cities()


def resolve_scenario(scenario: Scenario) -> Resolution:
    """Resolve a loaded scenario against its baseline with the shipped regions and cities."""
    regions, baseline, contact_line, cities = _inputs(scenario.baseline)
    return resolve(scenario, regions, baseline, contact_line, cities)


def resolve_file(path: str | Path) -> Resolution:
    """Load, validate and resolve one scenario file; raises ``ScenarioError`` on mistakes."""
    return resolve_scenario(load_scenario(Path(path)))
