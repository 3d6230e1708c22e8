"""Load a scenario file and its data, then resolve it: the glue used by the CLI and renderers."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from maps.data import baseline_metadata, load_baseline, load_cities, load_contact_line, load_regions
from maps.errors import UnknownNameError
from maps.memo import memo
from maps.resolve import Resolution, resolve
from maps.scenario import Scenario
from maps.scenario_io import Problem, ScenarioError, load_scenario


def _inputs(baseline: str) -> tuple[gpd.GeoDataFrame, ...]:
    """Regions, baseline control, contact line and cities; read again only if a file changed."""
    meta = baseline_metadata(baseline)
    return _read_inputs(baseline, str(meta.get("sha256", "shipped")))


@memo
def _read_inputs(baseline: str, version: str) -> tuple[gpd.GeoDataFrame, ...]:
    return load_regions(), load_baseline(baseline), load_contact_line(baseline), load_cities()


def resolve_scenario(scenario: Scenario) -> Resolution:
    """Resolve a loaded scenario against its baseline with the shipped regions and cities."""
    try:
        regions, baseline, contact_line, cities = _inputs(scenario.baseline)
    except UnknownNameError as exc:
        where = scenario.where_of(("baseline",))
        hint = "shipped: contact-line-2025-08; fetched ones: `maps fetch list`"
        raise ScenarioError([Problem(where, str(exc), hint)]) from None
    return resolve(scenario, regions, baseline, contact_line, cities)


def resolve_file(path: str | Path) -> Resolution:
    """Load, validate and resolve one scenario file; raises ``ScenarioError`` on mistakes."""
    return resolve_scenario(load_scenario(Path(path)))
