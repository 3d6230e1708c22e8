"""The resolved scenario as GIS data: GeoJSON (RFC 7946), GeoPackage and CSV, from the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pyogrio
import pytest
import shapely

from maps.cli import main
from maps.gis import SCHEMA
from tests.hostile.harness import REPO, assert_clean_failure, run_maps

ZONED = """\
id: zoned
title: Zoned
date: 2025-08-18
parties:
  US: {name: United States}
rules:
  - regions: [donetsk]
    held_by: UA
    sovereign: RU
    recognised: {kind: de-jure, as: RU, by: international}
    regime: [demilitarised, buffer]
    no_forces: [RU]
  - {regions: [kharkiv], held_by: RU, to: UA}
sites:
  - {feature: znpp, operated_by: US, terms: [Electricity shared]}
  - {name: Passage, along: [[33.3, 46.77], [32.6, 46.64]], terms: [Unimpeded passage]}
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gis") / "zoned.yaml"
    path.write_text(ZONED, encoding="utf-8")
    return path


def export(scenario: Path, suffix: str) -> Path:
    out = scenario.parent / f"out.{suffix}"
    assert main(["export", str(scenario), "-o", str(out)]) == 0
    return out


def test_geojson_is_rfc7946(scenario: Path) -> None:
    data = json.loads(export(scenario, "geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    by_layer: dict[str, list[dict[str, Any]]] = {}
    for feature in data["features"]:
        by_layer.setdefault(feature["properties"]["layer"], []).append(feature)
    assert set(by_layer) == set(SCHEMA)
    for name, features in by_layer.items():
        for feature in features:
            props = feature["properties"]
            assert set(props) == {"layer", *SCHEMA[name]}, name
            for field, kind in SCHEMA[name].items():
                if kind == "list":
                    assert isinstance(props[field], list), (name, field)
            geom = shapely.geometry.shape(feature["geometry"])
            assert geom.is_valid
            for polygon in getattr(geom, "geoms", [geom]):
                if polygon.geom_type == "Polygon":
                    assert shapely.is_ccw(polygon.exterior)
                    assert not any(shapely.is_ccw(ring) for ring in polygon.interiors)
    text = json.dumps(data["features"][0]["geometry"])
    assert not re.search(r"\d\.\d{7,}", text)
    (zone,) = by_layer["zones"]
    assert zone["properties"]["regime"] == ["demilitarised", "buffer"]
    assert zone["properties"]["no_forces"] == ["RU"]
    assert {f["properties"]["name"] for f in by_layer["sites"]} >= {"Passage"}


def test_geopackage_has_every_layer_with_its_schema(scenario: Path) -> None:
    path = export(scenario, "gpkg")
    layers = dict(pyogrio.list_layers(path).tolist())
    assert set(layers) == set(SCHEMA)
    for name, fields in SCHEMA.items():
        info = pyogrio.read_info(path, layer=name)
        assert list(info["fields"]) == list(fields), name
    changes = pyogrio.read_dataframe(path, layer="changes")
    assert changes["from"].tolist() == ["RU"] and json.loads(changes["places"].iloc[0]) is not None


def test_empty_layers_keep_their_schema(tmp_path: Path) -> None:
    path = tmp_path / "quo.gpkg"
    assert main(["export", str(REPO / "scenarios" / "status-quo.yaml"), "-o", str(path)]) == 0
    for name, fields in SCHEMA.items():
        assert list(pyogrio.read_info(path, layer=name)["fields"]) == list(fields), name


def test_csv_has_json_lists_and_whole_numbers(scenario: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(scenario, "csv").read_text(encoding="utf-8"))))
    zone = next(r for r in rows if r["layer"] == "zones")
    assert json.loads(zone["regime"]) == ["demilitarised", "buffer"]
    control = [r for r in rows if r["layer"] == "control"]
    assert all(re.fullmatch(r"\d+", r["population"]) for r in control)
    assert all(shapely.from_wkt(r["wkt"]).is_valid for r in rows)


def test_format_comes_from_the_suffix_and_a_mismatch_is_refused(tmp_path: Path) -> None:
    scenario = str(REPO / "scenarios" / "status-quo.yaml")
    outcome = run_maps("export", scenario, "-o", str(tmp_path / "a.csv"), "--format", "png")
    assert_clean_failure(outcome, "does not match the output's suffix .csv")
    outcome = run_maps("export", scenario, "-o", str(tmp_path / "a.txt"))
    assert_clean_failure(outcome, "cannot tell the format")
    assert not list(tmp_path.iterdir())
