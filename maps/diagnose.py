"""Warnings about rules that do nothing: no effect at all, or an effect later rules undo. Pure.

A rule applies, region by region, on a *footprint*: land held at the baseline by a party (or
by anyone) within a shape (the whole region, a band along a line, or a geometry). A rule is
overridden when, for every attribute it sets, later rules setting that attribute cover every
one of its footprints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from maps.attributes import Attribute, attributes_set
from maps.errors import Problem
from maps.geo import SLIVER_KM2
from maps.scenario import AreaRule, Scenario, SplitRule

Footprint = tuple[str, str | None, Any]
"""(region, held condition or None, shape): None (the whole region), ``("band", family,
radius)`` or a projected geometry."""


@dataclass
class _Cover:
    """What later rules cover in one region for one attribute."""

    whole: set[str | None] = field(default_factory=set)
    bands: dict[tuple[Any, str | None], float] = field(default_factory=dict)
    shapes: dict[str | None, list[BaseGeometry]] = field(default_factory=dict)
    merged: dict[str | None, BaseGeometry] = field(default_factory=dict)
    """The union of ``shapes`` per held condition, merged lazily (once per new shape)."""
    rules: set[int] = field(default_factory=set)

    def covers(self, held: str | None, shape: Any) -> bool:
        if None in self.whole or (held is not None and held in self.whole):
            return True
        if shape is None:
            return False
        if isinstance(shape, tuple):
            _, family, radius = shape
            reach = max(self.bands.get((family, None), 0.0), self.bands.get((family, held), 0.0))
            return bool(reach >= float(radius))
        rest: BaseGeometry = shape
        for key in {None, held}:
            if key in self.shapes and not rest.is_empty:
                rest = shapely.difference(rest, self._union(key))
        return float(rest.area) < SLIVER_KM2 * 1e6

    def _union(self, key: str | None) -> BaseGeometry:
        pending = self.shapes.get(key, [])
        if pending:
            base = [self.merged[key]] if key in self.merged else []
            self.merged[key] = shapely.union_all([*base, *pending])
            self.shapes[key] = []
        return self.merged[key]

    def add(self, held: str | None, shape: Any, index: int) -> None:
        self.rules.add(index)
        if shape is None:
            self.whole.add(held)
        elif isinstance(shape, tuple):
            _, family, radius = shape
            key = (family, held)
            self.bands[key] = max(self.bands.get(key, 0.0), radius)
        else:
            self.shapes.setdefault(held, []).append(shape)


def rule_attributes(rule: Any) -> frozenset[Attribute]:
    """The attributes a rule of any kind sets."""
    if isinstance(rule, SplitRule):
        named: set[Attribute] = {"party"}
        if rule.status == "recognised":
            named |= {"sovereign", "recognition"}
        return frozenset(named)
    if isinstance(rule, AreaRule):
        return attributes_set(rule)
    return frozenset()


def diagnose(
    scenario: Scenario, changed: set[int], footprints: dict[int, list[Footprint]]
) -> list[Problem]:
    """Warnings for rules with no effect and rules later rules override everywhere."""
    problems: list[Problem] = []
    covers: dict[tuple[str, Attribute], _Cover] = {}
    for index in reversed(range(len(scenario.rules))):
        rule = scenario.rules[index]
        prints = footprints.get(index, [])
        named = rule_attributes(rule)
        if index not in changed:
            why = (
                "it selects no land"
                if not prints
                else "the land it selects already has those attributes"
            )
            problems.append(
                Problem(
                    rule.where,
                    f"warning: rule {index + 1} has no effect: {why}",
                    "remove it, or check its selectors against the baseline",
                )
            )
        elif prints and all(
            covers.get((rid, attr), _Cover()).covers(held, shape)
            for rid, held, shape in prints
            for attr in named
        ):
            later = sorted(
                {i + 1 for rid, _, _ in prints for a in named for i in _rules(covers, rid, a)}
            )
            problems.append(
                Problem(
                    rule.where,
                    f"warning: rule {index + 1} is overridden everywhere by later rule(s) "
                    f"{', '.join(map(str, later))}",
                    "remove it, or narrow the later rules",
                )
            )
        for rid, held, shape in prints:
            for attr in named:
                covers.setdefault((rid, attr), _Cover()).add(held, shape, index)
    return sorted(problems, key=_position)


def _rules(covers: dict[tuple[str, Attribute], _Cover], rid: str, attr: Attribute) -> Iterable[int]:
    cover = covers.get((rid, attr))
    return cover.rules if cover else ()


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.where.line, problem.where.col) if problem.where else (0, 0)
