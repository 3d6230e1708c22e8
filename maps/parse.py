"""Parse: read scenario files into the model with precise, positioned errors (every problem as
``file:line:col: message`` and a hint); the JSON Schema and starter files for authors."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from maps.errors import MapsError, Problem, ScenarioError, UnknownNameError, Where
from maps.regions import closest, did_you_mean
from maps.scenario import (
    Annotation,
    FreezeRule,
    Party,
    Scenario,
    Source,
    SplitRule,
    Term,
    TransferRule,
    ZoneRule,
    rule_kind,
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
            TransferRule,
            FreezeRule,
            SplitRule,
            ZoneRule,
            Term,
            Annotation,
        )
        for name in model.model_fields
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


def _read_bounded(path: Path) -> bytes:
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
            return f.read(MAX_BYTES + 1)
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
    from maps.load import find_place

    problems = _unknown_rules(document, path)
    try:
        scenario = Scenario.model_validate(document.data, context={"find_place": find_place})
    except ValidationError as exc:
        problems += [
            _problem(dict(err), document, path)
            for err in exc.errors()
            if not _reported_apart(dict(err))
        ]
        raise ScenarioError(_unique(problems)) from None
    if problems:
        raise ScenarioError(problems)
    scenario._positions = {key: Where(path, *pos) for key, pos in document.positions.items()}
    for i, rule in enumerate(scenario.rules):
        rule._where = scenario.where_of(("rules", i))
    problems = _unknown_parties(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _unknown_rules(document: Document, path: str) -> list[Problem]:
    rules = document.data.get("rules")
    if not isinstance(rules, list):
        return []
    problems = []
    for i, rule in enumerate(rules):
        if isinstance(rule, dict) and rule_kind(rule) is None:
            problems.append(
                Problem(
                    Where(path, *document.positions[("rules", i)]),
                    "this rule is none of: transfer (regions + to), freeze (regions + freeze), "
                    "split, zone",
                    "e.g. `- {regions: [donetsk], to: RU}`",
                )
            )
    return problems


def _unknown_parties(scenario: Scenario) -> list[Problem]:
    known = list(scenario.parties)
    problems = []
    for i, rule in enumerate(scenario.rules):
        for field in ("to", "north", "south", "east", "west", "side"):
            value = getattr(rule, field, None)
            if value is None or value in known:
                continue
            if field == "side" and value in ("both", "north", "south", "east", "west"):
                continue
            problems.append(
                Problem(
                    scenario.where_of(("rules", i, field)),
                    f"unknown party {value!r}{did_you_mean(value, known)}",
                    "declare extra parties under `parties:` (UA and RU always exist)",
                )
            )
    return problems


def _reported_apart(err: dict[str, Any]) -> bool:
    """A mapping that is no kind of rule: :func:`_unknown_rules` already says so, better."""
    return err["type"] in ("union_tag_not_found", "union_tag_invalid") and isinstance(
        err.get("input"), dict
    )


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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files, for editors (yaml-language-server)."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Territorial scenario for Ukraine"
    return schema


STARTER = """\
# yaml-language-server: $schema={schema}
# A scenario: rules applied in order to the baseline's control of each region.
# Later rules win where they overlap; regions no rule mentions keep the baseline.
# Check it with `maps validate {file}`; see the figures with `maps stats {file}`.
id: {id}
title: {title}
summary: >-
  One or two sentences: who gets what under this proposal.
date: {date}
baseline: contact-line-2025-08   # the line of contact of mid-August 2025 (approximate)
sources:
  - title: Title of the report this scenario follows
    publisher: Outlet
    # url: https://...
    # date: 2025-08-18
tags: []
rules:
  # Whole regions to a party; `crimea` means the peninsula (AR Crimea and Sevastopol).
  - regions: [crimea]
    to: RU
    status: recognised           # de jure; the default is de-facto
  # Keep the baseline split (freeze the line) in these regions.
  - regions: [kherson, zaporizhzhia]
    freeze: true
  # Divide a region by a line ([lon, lat] points or town names), saying who gets which side:
  # - split: donetsk
  #   line: [Siversk, Kostiantynivka, [37.2, 48.0]]
  #   west: UA
  #   east: RU
  # A zone along the contact line (or a custom line): width in km, both sides or one party's.
  # - zone: demilitarised
  #   along: contact-line
  #   width_km: 15
  #   side: both
terms:
  - A non-territorial term, shown in the map's panel
annotations: []
"""


def starter_text(scenario_id: str, from_path: Path | None = None) -> str:
    """A commented starter file that validates; or a copy of ``from_path`` with the new id."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", scenario_id):
        raise MapsError(f"scenario id {scenario_id!r}: use lowercase letters, digits and '-'")
    if from_path is not None:
        text = read_text(from_path)
        scenario_from_text(text, str(from_path))
        return re.sub(r"(?m)^id:.*$", f"id: {scenario_id}", text, count=1)
    title = scenario_id.replace("-", " ").capitalize()
    return STARTER.format(
        schema=SCHEMA_URL,
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
