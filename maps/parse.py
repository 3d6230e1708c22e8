"""Parse: read scenario files into the model with precise, positioned errors (every problem as
``file:line:col: message`` and a hint); the JSON Schema and starter files for authors."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from maps.errors import MapsError, Problem, ScenarioError, UnknownNameError, Where
from maps.geo import FRAME
from maps.regions import closest
from maps.scenario import (
    CONTESTED,
    Annotation,
    Area,
    AreaRule,
    Party,
    Recognition,
    Scenario,
    Site,
    Source,
    SplitRule,
    Term,
)
from maps.yamlsource import MAX_BYTES, Document, YamlProblem, parse

SCHEMA_URL = "./scenario.schema.json"
KNOWN_FIELDS = sorted(
    {
        name
        for model in (
            Scenario,
            Source,
            Party,
            AreaRule,
            Recognition,
            SplitRule,
            Site,
            Term,
            Annotation,
        )
        for name, info in model.model_fields.items()
        for name in (info.alias or name,)
    }
)


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario file; raise :class:`ScenarioError` listing every problem."""
    path = Path(path)
    return scenario_from_text(read_text(path), str(path))


def read_text(path: Path) -> str:
    """The UTF-8 text of a scenario file: a regular file of at most ``MAX_BYTES`` bytes.

    FIFOs, devices and directories are refused without blocking on them, and no more than
    ``MAX_BYTES + 1`` bytes are ever read.
    """
    raw = _read_bounded(path)
    if len(raw) > MAX_BYTES:
        where = Where(str(path), 1, 1)
        message = f"file is larger than {MAX_BYTES // 1000} KB"
        raise ScenarioError([Problem(where, message, "split it up")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = Where(str(path), raw[: exc.start].count(b"\n") + 1, 1)
        raise ScenarioError([Problem(where, "not UTF-8 text", "save the file as UTF-8")]) from None


def _read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """Open without blocking (a FIFO would wait for a writer), check the kind, read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _unreadable(path, exc.strerror or type(exc).__name__) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _unreadable(path, f"not a regular file ({_kind(mode)})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1)
    except OSError as exc:
        raise _unreadable(path, exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)


def _unreadable(path: Path, reason: str) -> ScenarioError:
    return ScenarioError([Problem(None, f"{path}: cannot read: {reason}")])


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def scenario_from_text(text: str, path: str = "<string>") -> Scenario:
    """Validate scenario YAML text; ``path`` names it in error messages."""
    try:
        document = parse(text)
    except YamlProblem as exc:
        where = Where(path, exc.line, exc.col)
        raise ScenarioError([Problem(where, exc.message, exc.hint)]) from None
    if not isinstance(document.data, dict):
        where = Where(path, *document.positions[()])
        raise ScenarioError(
            [
                Problem(
                    where,
                    "a scenario is a mapping of keys (id:, title:, rules: ...)",
                    "start from `maps new ID`",
                )
            ]
        )
    return _validate(document, path)


def _validate(document: Document, path: str) -> Scenario:
    from maps.load import feature_kinds, find_place

    context = {"find_place": find_place, "features": feature_kinds()}
    try:
        scenario = Scenario.model_validate(document.data, context=context)
    except ValidationError as exc:
        errors = [dict(err) for err in exc.errors()]
        problems = [_problem(err, document, path) for err in _root_causes(errors)]
        raise ScenarioError(_unique(problems)) from None
    scenario._positions = {key: Where(path, *pos) for key, pos in document.positions.items()}
    for i, rule in enumerate(scenario.rules):
        rule._where = scenario.where_of(("rules", i))
    problems = _unknown_parties(scenario)
    if problems:
        raise ScenarioError(problems)
    read_shape_files(scenario, Path(path).parent)
    return scenario


SHAPE_FILE_BYTES = 5_000_000
"""Largest GeoJSON file a scenario may refer to."""
LINE_FIELDS = ("west_of", "east_of", "north_of", "south_of", "along")


def read_shape_files(scenario: Scenario, folder: Path) -> None:
    """Replace every ``.geojson`` file a selector names by the shape it holds.

    Paths are relative to the scenario's folder. A line file holds one LineString (points
    become ``[lon, lat]``); an area file holds polygons (kept as a GeoJSON geometry).
    """

    def visit(prefix: tuple[Any, ...], sel: Area) -> None:
        for name in LINE_FIELDS:
            ref = getattr(sel, name)
            if isinstance(ref, str) and _is_file(ref):
                setattr(sel, name, _line_from(folder / ref, scenario.where_of((*prefix, name))))
        if isinstance(sel.polygon, str) and _is_file(sel.polygon):
            where = scenario.where_of((*prefix, "polygon"))
            sel.polygon = _area_from(folder / sel.polygon, where)
        for j, part in enumerate(sel.any or []):
            visit((*prefix, "any", j), part)
        if sel.except_ is not None:
            visit((*prefix, "except"), sel.except_)

    for i, rule in enumerate(scenario.rules):
        if isinstance(rule, Area):
            visit(("rules", i), rule)


def _is_file(ref: str) -> bool:
    return ref.lower().endswith((".geojson", ".json"))


def _geometries(path: Path, where: Where | None) -> list[dict[str, Any]]:
    """The geometries of a GeoJSON file (a geometry, a Feature or a FeatureCollection)."""

    def fail(message: str) -> ScenarioError:
        hint = "give a GeoJSON file next to the scenario, in longitude/latitude (EPSG:4326)"
        return ScenarioError([Problem(where, f"{path.name}: {message}", hint)])

    try:
        raw = _read_bounded(path, SHAPE_FILE_BYTES)
    except ScenarioError:
        raise fail("cannot read it") from None
    if len(raw) > SHAPE_FILE_BYTES:
        raise fail(f"larger than {SHAPE_FILE_BYTES // 1_000_000} MB")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise fail("not valid JSON") from None
    items = data.get("features") if isinstance(data, dict) else None
    if isinstance(data, dict) and data.get("type") == "Feature":
        items = [data]
    if items is None:
        items = [{"geometry": data}]
    geoms: list[dict[str, Any]] = [
        g
        for f in items
        if isinstance(f, dict)
        and isinstance(g := f.get("geometry"), dict)
        and isinstance(g.get("coordinates"), list)
    ]
    if not geoms:
        raise fail("no geometry in it")
    return geoms


def _line_from(path: Path, where: Where | None) -> list[tuple[float, float]]:
    geoms = _geometries(path, where)
    lines = [g for g in geoms if g.get("type") == "LineString"]
    if len(lines) != 1:
        raise ScenarioError(
            [Problem(where, f"{path.name}: a line file holds exactly one LineString", None)]
        )
    try:
        points = [(float(p[0]), float(p[1])) for p in lines[0]["coordinates"]]
    except (TypeError, ValueError, IndexError):
        raise ScenarioError([Problem(where, f"{path.name}: malformed coordinates", None)]) from None
    _check_frame(points, path, where)
    return points


def _area_from(path: Path, where: Where | None) -> dict[str, Any]:
    polygons: list[Any] = []
    for g in _geometries(path, where):
        if g.get("type") == "Polygon":
            polygons.append(g["coordinates"])
        elif g.get("type") == "MultiPolygon":
            polygons.extend(g["coordinates"])
    if not polygons:
        raise ScenarioError(
            [Problem(where, f"{path.name}: an area file holds Polygons or MultiPolygons", None)]
        )
    try:
        points = [(float(p[0]), float(p[1])) for poly in polygons for ring in poly for p in ring]
    except (TypeError, ValueError, IndexError):
        raise ScenarioError([Problem(where, f"{path.name}: malformed coordinates", None)]) from None
    _check_frame(points, path, where)
    return {"type": "MultiPolygon", "coordinates": polygons}


def _check_frame(points: list[tuple[float, float]], path: Path, where: Where | None) -> None:
    lon0, lat0, lon1, lat1 = FRAME
    if not points or not all(lon0 <= x <= lon1 and lat0 <= y <= lat1 for x, y in points):
        raise ScenarioError(
            [
                Problem(
                    where,
                    f"{path.name}: coordinates far from Ukraine",
                    "the file must be in longitude/latitude (EPSG:4326), [lon, lat] order",
                )
            ]
        )


def _root_causes(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the errors that only say another member of a union did not match either.

    ``along: [Kinburn, ...]`` fails as "not 'contact-line'" and as "unknown place"; the
    second is the mistake. Literal and type mismatches of a union member are dropped when
    another member failed at the same field for a real reason.
    """
    secondary = ("literal_error", "string_type", "list_type", "dict_type", "union_tag_invalid")

    def field(err: dict[str, Any]) -> tuple[Any, ...]:
        loc = err["loc"]
        cut = next((i for i, part in enumerate(loc) if _is_member_tag(part)), len(loc))
        return tuple(loc[:cut])

    real = {field(e) for e in errors if e["type"] not in secondary}
    kept = [e for e in errors if e["type"] not in secondary or field(e) not in real]
    return kept or errors


def _is_member_tag(part: Any) -> bool:
    """A union member's name in an error location, e.g. ``literal['contact-line']``."""
    return isinstance(part, str) and (
        part.startswith(("literal[", "list[", "str", "dict[", "function-after["))
        or part in ("area-rule", "split-rule")
    )


PARTY_FIELDS = ("to", "held_by", "sovereign", "north", "south", "east", "west", "side")


def _unknown_parties(scenario: Scenario) -> list[Problem]:
    known = [*scenario.parties, CONTESTED]
    names = {name.casefold(): pid for pid, name in scenario.party_names().items()}
    problems = []
    for path, value in _party_references(scenario):
        if value in known:
            continue
        if path[-1] == "side" and value in ("both", "north", "south", "east", "west"):
            continue
        if path[-1] == "by" and value in ("international", "unstated"):
            continue
        if path[-1] == "no_forces" and value == "all":
            continue
        guess = names.get(value.casefold()) or closest(value, known)
        problems.append(
            Problem(
                scenario.where_of(path),
                f"unknown party {value!r}" + (f" (did you mean {guess}?)" if guess else ""),
                "parties are written by id (UA, RU, or one declared under `parties:`)",
            )
        )
    return problems


def _party_references(scenario: Scenario) -> list[tuple[tuple[Any, ...], str]]:
    """Every party id a scenario names, with the path of the field naming it."""
    refs: list[tuple[tuple[Any, ...], str]] = []

    def area(prefix: tuple[Any, ...], sel: Area) -> None:
        if sel.held_by is not None:
            refs.append(((*prefix, "held_by"), sel.held_by))
        if sel.along == "contact-line" and sel.side != "both":
            refs.append(((*prefix, "side"), sel.side))
        for j, part in enumerate(sel.any or []):
            area((*prefix, "any", j), part)
        if sel.except_ is not None:
            area((*prefix, "except"), sel.except_)

    for i, rule in enumerate(scenario.rules):
        at = ("rules", i)
        if isinstance(rule, SplitRule):
            refs += [((*at, side), party) for side, party in rule.sides()]
            continue
        area(at, rule)
        refs += [((*at, k), v) for k in ("to", "sovereign") if (v := getattr(rule, k))]
        if rule.recognised is not None:
            if rule.recognised.as_:
                refs.append(((*at, "recognised", "as"), rule.recognised.as_))
            by = rule.recognised.by
            refs += [((*at, "recognised", "by"), p) for p in ([by] if isinstance(by, str) else by)]
        refs += [((*at, "no_forces"), p) for p in rule.forces_excluded()]
    for i, site in enumerate(scenario.sites):
        refs += [(("sites", i, k), v) for k, v in site.party_fields().items()]
    return refs


def _problem(err: dict[str, Any], document: Document, path: str) -> Problem:
    loc = _data_path(err["loc"], document)
    kind = err["type"]
    where_loc = loc
    if kind == "extra_forbidden":
        where_loc = (*loc, "<key>")
    position = document.positions.get(where_loc) or _nearest(loc, document)
    where = Where(path, *position)
    message, hint = _message(err, _field_name(loc))
    return Problem(where, message, hint)


def _field_name(loc: tuple[Any, ...]) -> str:
    """The field an error is about: ``title``, or ``tags[3]`` for an item of a list."""
    indices = ""
    for part in reversed(loc):
        if not isinstance(part, int):
            return f"{part}{indices}"
        indices = f"[{part}]{indices}"
    return f"file{indices}"


def _data_path(loc: tuple[Any, ...], document: Document) -> tuple[Any, ...]:
    """Drop pydantic's union tags from an error location so it matches the data."""
    out: tuple[Any, ...] = ()
    for part in loc:
        candidate = (*out, part)
        if candidate in document.positions or _is_missing_key(candidate, document):
            out = candidate
    return out


def _is_missing_key(candidate: tuple[Any, ...], document: Document) -> bool:
    parent = candidate[:-1]
    return (
        parent in document.positions
        and isinstance(candidate[-1], str)
        and candidate[-1] in {*KNOWN_FIELDS}
    )


def _nearest(loc: tuple[Any, ...], document: Document) -> tuple[int, int]:
    while loc and loc not in document.positions:
        loc = loc[:-1]
    return document.positions.get(loc, (1, 1))


def _message(err: dict[str, Any], field: str) -> tuple[str, str | None]:
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        match = closest(field, KNOWN_FIELDS)
        hint = f"did you mean {match}?" if match else "remove it or check the spelling"
        return f"unknown field {field!r}", hint
    if kind == "missing":
        return f"missing required field {field!r}", None
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return f"{field}: a rule is a mapping of keys", "e.g. `- {regions: [donetsk], to: RU}`"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if re.fullmatch(r"rules\[\d+\]", field):
            return f"{field}: a rule is a mapping of keys", "e.g. `- {regions: [donetsk], to: RU}`"
        if field.startswith("terms"):
            return f"{field}: a term is text, or a mapping with text: and category:", None
        return f"{field}: expected a mapping of keys (key: value)", None
    if kind == "value_error":
        text = re.sub(r"^Value error, ", "", msg)
        return text, _hint_for(text)
    if kind == "literal_error":
        return f"{field}: {msg.lower()}", None
    if kind in ("greater_than", "less_than_equal", "greater_than_equal"):
        return f"{field}: {msg.lower()}", None
    if kind.startswith("date"):
        return f"{field}: not a date ({msg.lower()})", "write dates as YYYY-MM-DD"
    if kind == "string_pattern_mismatch" and field == "id":
        return "id: use lowercase letters, digits and '-'", "e.g. donbas-for-freeze"
    if kind == "string_too_long":
        return f"{field}: {msg[0].lower()}{msg[1:]}", "shorten it"
    if kind == "too_long":
        return f"{field}: {msg[0].lower()}{msg[1:]}", "keep the list shorter"
    return f"{field}: {msg[0].lower()}{msg[1:]}", None


def _hint_for(text: str) -> str | None:
    if "unknown region" in text:
        return (
            "region ids: crimea, sevastopol, donetsk, luhansk, zaporizhzhia, kherson, ...; "
            "see `maps regions`"
        )
    if "unknown place" in text:
        return "use a city or town from the shipped list, or give [lon, lat]"
    return None


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return sorted(out, key=lambda p: (p.where.line, p.where.col) if p.where else (0, 0))


FEATURE_KINDS = {"line": ("river", "line"), "area": ("spit", "area")}
"""Which kinds of named feature each kind of reference takes (``site``: any)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files, for editors (yaml-language-server): region
    spellings and named features as enums, so an editor completes them and flags others."""
    from maps.load import feature_kinds

    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Territorial scenario for Ukraine"
    result: dict[str, Any] = _with_features(schema, feature_kinds())
    return result


def _with_features(node: Any, features: dict[str, str]) -> Any:
    """The schema with every ``x-feature`` string replaced by the named features it takes."""
    if isinstance(node, list):
        return [_with_features(item, features) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("x-feature")
    if kind is None:
        return {key: _with_features(value, features) for key, value in node.items()}
    kinds = FEATURE_KINDS.get(kind)
    names = sorted(f for f, k in features.items() if kinds is None or k in kinds)
    named = {"enum": names, "description": "A named feature"}
    if kinds is None:
        return named
    return {"anyOf": [named, {"type": "string", "pattern": r"\.([Gg][Ee][Oo])?[Jj][Ss][Oo][Nn]$"}]}


STARTER = """\
# yaml-language-server: $schema={schema}
# A scenario: rules applied in order. Each rule selects land and sets only the attributes
# it names (to: who administers it, sovereign:, recognised:, regime:, no_forces:); later
# rules win where they overlap. Selectors (regions:, held_by:, along:, west_of:,
# polygon:, any:, except:) always see the baseline, whatever earlier rules did.
# Check it with `maps validate --strict {file}`; see the figures with `maps stats {file}`.
id: {id}
title: {title}
summary: >-
  One or two sentences: who gets what under this proposal.
date: {date}
baseline: contact-line-2025-08   # see `maps baselines`; pick one near the date
sources:
  - title: Title of the report this scenario follows
    publisher: Outlet
    # url: https://...
    # date: 2025-08-18
tags: []
parties:
  US: {{name: United States}}
rules:
  # Crimea (the peninsula: AR Crimea and Sevastopol) recognised as Russian, de jure, by the US.
  - regions: [crimea]
    sovereign: RU
    recognised: {{kind: de-jure, as: RU, by: [US]}}
  # Ukraine withdraws from the part of Donetsk oblast it holds; it becomes a demilitarised
  # zone that Russian forces may not enter.
  # - regions: [donetsk]
  #   held_by: UA
  #   to: RU
  #   regime: demilitarised
  #   no_forces: [RU]
  # The line is frozen in these regions (back to the baseline there), and each side's
  # control recognised de facto by the US.
  - regions: [kherson, zaporizhzhia]
    freeze: true
    recognised: {{kind: de-facto, by: [US]}}
  # Land west of the Dnipro: `west_of: dnipro` (a named line), points, or a .geojson file.
  # A strip along the contact line (or a line), both sides or one party's:
  # - regime: buffer
  #   along: contact-line
  #   width_km: 15
  #   side: both
sites: []
  # - feature: znpp
  #   operated_by: US
  #   terms: [Electricity shared by both sides]
terms:
  - A non-territorial term, shown in the map's panel
annotations: []
"""


def starter_text(scenario_id: str, from_path: Path | None = None, schema: str = SCHEMA_URL) -> str:
    """A commented starter file that validates; or a copy of ``from_path`` with the new id.

    ``schema`` is the ``$schema`` path written in the first line, relative to the file.
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", scenario_id):
        raise MapsError(f"scenario id {scenario_id!r}: use lowercase letters, digits and '-'")
    if from_path is not None:
        text = read_text(from_path)
        scenario_from_text(text, str(from_path))
        return re.sub(r"(?m)^id:.*$", f"id: {scenario_id}", text, count=1)
    title = scenario_id.replace("-", " ").capitalize()
    return STARTER.format(
        schema=schema,
        id=scenario_id,
        title=title,
        date="2025-08-18",
        file=f"scenarios/{scenario_id}.yaml",
    )


__all__ = [
    "Problem",
    "ScenarioError",
    "UnknownNameError",
    "json_schema",
    "load_scenario",
    "scenario_from_text",
    "starter_text",
]
