"""Territorial-control scenario maps of Ukraine.

Load the shipped regions, context and dated baselines as GeoDataFrames, resolve scenario
files against a baseline, and render maps and figures::

    import maps

    result = maps.resolve_file("scenarios/donbas-for-freeze.yaml")
    result.figures.flows                  # km² and people changing hands
    maps.render_map(result, "donbas.html")  # a self-contained HTML map
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from maps._version import __version__
from maps.errors import DataError, MapsError, ScenarioError, UnknownNameError
from maps.figures import Figures
from maps.geo import EQUAL_AREA_CRS, area_km2
from maps.gis import export_data
from maps.load import (
    list_baselines,
    load_baseline,
    load_cities,
    load_contact_line,
    load_context,
    load_features,
    load_regions,
)
from maps.parse import load_scenario
from maps.pipeline import resolve_file, resolve_scenario
from maps.resolve import Resolution
from maps.scenario import Scenario

if TYPE_CHECKING:
    from os import PathLike


def render_map(
    result: Resolution,
    path: str | PathLike[str] | None = None,
    *,
    offline: bool = True,
    tiles: str | None = None,
) -> str:
    """The scenario map of a result as one self-contained HTML page; also written to ``path``
    (atomically) when given. ``offline=False`` links Leaflet from a CDN; ``tiles`` (``osm`` or
    an http(s) URL template) adds an optional tile layer."""
    from maps.files import write_atomic
    from maps.render.maps import scenario_map
    from maps.render.page import render_html

    html = render_html(scenario_map(result, offline=offline, tiles=tiles), result.scenario.title)
    if path is not None:
        write_atomic(html, Path(path))
    return html


if "IPython" in sys.modules:  # in a notebook: results display as maps
    from maps.render.notebook import register as _register_notebook_view

    _register_notebook_view()

__all__ = [
    "EQUAL_AREA_CRS",
    "DataError",
    "Figures",
    "MapsError",
    "Resolution",
    "Scenario",
    "ScenarioError",
    "UnknownNameError",
    "__version__",
    "area_km2",
    "export_data",
    "list_baselines",
    "load_baseline",
    "load_cities",
    "load_contact_line",
    "load_context",
    "load_features",
    "load_regions",
    "load_scenario",
    "render_map",
    "resolve_file",
    "resolve_scenario",
]
