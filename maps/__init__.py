"""Territorial-control scenario maps of Ukraine.

Load the shipped regions, context and dated baselines as GeoDataFrames, resolve scenario
files against a baseline, and render maps and figures.
"""

from maps.data import (
    list_baselines,
    load_baseline,
    load_cities,
    load_contact_line,
    load_context,
    load_regions,
)
from maps.errors import DataError, MapsError, UnknownNameError
from maps.geo import EQUAL_AREA_CRS, area_km2
from maps.pipeline import resolve_file, resolve_scenario
from maps.scenario_io import ScenarioError, load_scenario

__all__ = [
    "EQUAL_AREA_CRS",
    "DataError",
    "MapsError",
    "ScenarioError",
    "UnknownNameError",
    "area_km2",
    "list_baselines",
    "load_baseline",
    "load_cities",
    "load_contact_line",
    "load_context",
    "load_regions",
    "load_scenario",
    "resolve_file",
    "resolve_scenario",
]
__version__ = "0.1.0"
