"""Load scenario files and their data, then resolve them: the glue between parsing and the
engine, used by the CLI, the renderers and notebooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd

from maps.errors import Problem, ScenarioError, UnknownNameError
from maps.load import (
    baseline_metadata,
    load_baseline,
    load_contact_line,
    load_features,
    load_people,
    load_regions,
)
from maps.memo import memo
from maps.parse import load_scenario
from maps.people import Population
from maps.resolve import Resolution, resolve
from maps.scenario import Scenario


class Inputs(NamedTuple):
    """Everything a scenario is resolved with, besides the scenario."""

    regions: gpd.GeoDataFrame
    baseline: gpd.GeoDataFrame
    contact_line: gpd.GeoDataFrame
    people: Population
    features: gpd.GeoDataFrame


def _inputs(baseline: str) -> Inputs:
    """Regions, baseline control, contact line, people and named features; read again only if
    a file changed."""
    meta = baseline_metadata(baseline)
    return _read_inputs(baseline, str(meta.get("sha256", "shipped")))


@memo
def _read_inputs(baseline: str, version: str) -> Inputs:
    return Inputs(
        load_regions(),
        load_baseline(baseline),
        load_contact_line(baseline),
        load_people(),
        load_features(),
    )


def resolve_scenario(scenario: Scenario) -> Resolution:
    """Resolve a loaded scenario against its baseline with the shipped regions and cities."""
    try:
        regions, baseline, contact_line, cities, features = _inputs(scenario.baseline)
    except UnknownNameError as exc:
        where = scenario.where_of(("baseline",))
        hint = "see `maps baselines`; fetched ones: `maps fetch list`"
        raise ScenarioError([Problem(where, str(exc), hint)]) from None
    resolution = resolve(
        scenario, regions, baseline, contact_line, cities, features, _others(scenario)
    )
    gap = _date_gap(scenario, resolution.baseline)
    if gap is not None:
        resolution.warnings.insert(0, gap)
    return resolution


def _others(scenario: Scenario) -> dict[str, gpd.GeoDataFrame]:
    """The other baselines the scenario's ``as_of:`` selectors name."""
    others: dict[str, gpd.GeoDataFrame] = {}
    for i, rule in enumerate(scenario.rules):
        for path, name in _as_of(rule, ("rules", i)):
            try:
                others[name] = load_baseline(name)
            except UnknownNameError as exc:
                where = scenario.where_of((*path, "as_of"))
                raise ScenarioError([Problem(where, str(exc), "see `maps baselines`")]) from None
    return others


def _as_of(sel: object, path: tuple[object, ...]) -> list[tuple[tuple[object, ...], str]]:
    """Every ``as_of:`` in a rule and its nested selectors, with its path."""
    found: list[tuple[tuple[object, ...], str]] = []
    name = getattr(sel, "as_of", None)
    if isinstance(name, str):
        found.append((path, name))
    for j, part in enumerate(getattr(sel, "any", None) or []):
        found += _as_of(part, (*path, "any", j))
    nested = getattr(sel, "except_", None)
    if nested is not None:
        found += _as_of(nested, (*path, "except"))
    return found


MAX_DAYS_APART = 30
"""A scenario dated further than this from its baseline's date gets a warning."""


def _date_gap(scenario: Scenario, baseline: dict[str, object]) -> Problem | None:
    """A warning when the scenario's date is far from its baseline's date."""
    try:
        then = dt.date.fromisoformat(str(baseline.get("date")))
    except ValueError:
        return None
    days = abs((scenario.date - then).days)
    if days <= MAX_DAYS_APART:
        return None
    return Problem(
        scenario.where_of(("date",)),
        f"warning: the scenario is dated {scenario.date}, {days} days from its baseline "
        f"{scenario.baseline!r} of {then}",
        "choose a baseline nearer its date (see `maps baselines`)",
    )


def resolve_file(path: str | Path) -> Resolution:
    """Load, validate and resolve one scenario file; raises ``ScenarioError`` on mistakes."""
    return resolve_scenario(load_scenario(Path(path)))


def load_all(paths: list[Path]) -> list[Resolution]:
    """Load and resolve every file first, so a mistake anywhere writes nothing."""
    resolutions: list[Resolution] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            resolutions.append(resolve_scenario(load_scenario(path)))
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    ids = [r.scenario.id for r in resolutions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ScenarioError([Problem(None, f"two files use the id {d!r}") for d in dupes])
    return resolutions


@memo
def baseline_resolution(name: str) -> Resolution:
    """The baseline itself, as a scenario without rules (the status quo)."""
    date = dt.date.fromisoformat(str(baseline_metadata(name)["date"]))
    scenario = Scenario(
        id="baseline", title=f"Baseline: line of contact, {date}", date=date, baseline=name
    )
    return resolve_scenario(scenario)
