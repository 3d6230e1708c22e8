"""The scenario language: pydantic models of a scenario file. No I/O.

A scenario names its baseline and lists rules applied in order to the baseline's control;
later rules win where they overlap, and regions no rule mentions keep the baseline.
Place names are resolved through a ``find_place`` callable passed in the validation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from maps.errors import UnknownNameError, Where
from maps.geo import COMPASS, FRAME, OPPOSITE
from maps.regions import expand, region_id

Status = Literal["de-facto", "recognised"]

NAME_CHARS = 200
"""Longest title, name, label, publisher or category."""
TEXT_CHARS = 2000
"""Longest summary, note or term."""
URL_CHARS = 2000
TAG_CHARS = 60
ID_CHARS = 32
"""Longest party id."""
MAX_ITEMS = {
    "sources": 50,
    "tags": 30,
    "parties": 20,
    "terms": 100,
    "annotations": 200,
}
"""Longest lists of a scenario."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


def _check_region(name: str) -> str:
    try:
        region_id(name)
    except UnknownNameError as exc:
        raise ValueError(str(exc)) from None
    return name


RegionName = Annotated[str, Field(max_length=NAME_CHARS), AfterValidator(_check_region)]


def _in_frame(lon: float, lat: float) -> bool:
    lon0, lat0, lon1, lat1 = FRAME
    return lon0 <= lon <= lon1 and lat0 <= lat <= lat1


def _check_point(value: Any, info: ValidationInfo) -> tuple[float, float]:
    if isinstance(value, str):
        find: Callable[[str], tuple[float, float]] | None = (info.context or {}).get("find_place")
        if find is None:
            raise ValueError("place names need the shipped cities; give [lon, lat] instead")
        try:
            return find(value)
        except UnknownNameError as exc:
            raise ValueError(str(exc)) from None
    lon, lat = value
    if not _in_frame(lon, lat):
        if _in_frame(lat, lon):
            raise ValueError(
                f"[{lon}, {lat}] looks like [lat, lon]; write [lon, lat]: [{lat}, {lon}]"
            )
        raise ValueError(f"[{lon}, {lat}] is far from Ukraine; write points as [lon, lat]")
    return (float(lon), float(lat))


def _resolved(point: tuple[float, float] | str) -> tuple[float, float]:
    """A validated point: place names have been looked up, so it is always (lon, lat)."""
    if isinstance(point, str):
        raise TypeError(f"place {point!r} was not resolved to coordinates")
    return point


Point = Annotated[
    tuple[float, float] | Annotated[str, Field(max_length=NAME_CHARS)],
    AfterValidator(_check_point),
    Field(description="[lon, lat] in degrees, or the name of a shipped city or town"),
]
Line = Annotated[
    list[Point],
    Field(min_length=2, description="Two or more points, in order"),
]
Note = Annotated[
    str | None, Field(None, max_length=TEXT_CHARS, description="Free text shown with the rule")
]
Keyword = Annotated[str, Field(max_length=TAG_CHARS)]


class Source(_Model):
    """Where the scenario comes from: a report, a statement, a document."""

    title: str = Field(
        min_length=1, max_length=NAME_CHARS, description="Title of the report or statement"
    )
    url: str | None = Field(
        None, max_length=URL_CHARS, pattern=r"^https?://\S+$", description="Link (http or https)"
    )
    date: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD")
    publisher: str | None = Field(None, max_length=NAME_CHARS, description="Outlet or organisation")


class Party(_Model):
    """A party that can hold territory."""

    name: str = Field(
        min_length=1, max_length=NAME_CHARS, description="Display name, e.g. 'United Nations'"
    )
    color: str | None = Field(
        None, pattern=r"^#[0-9a-fA-F]{6}$", description="Fill colour for extra parties (#rrggbb)"
    )


DEFAULT_PARTIES = {"UA": Party(name="Ukraine"), "RU": Party(name="Russia")}


Regions = Annotated[list[RegionName], AfterValidator(expand)]
"""Region names as written; validated to region ids, groups expanded."""


class _Rule(_Model):
    """What every rule has: a free-text note and its position in the file."""

    note: Note
    _where: Where | None = PrivateAttr(None)

    @property
    def where(self) -> Where | None:
        """Position of the rule in its file."""
        return self._where


class TransferRule(_Rule):
    """Whole regions go to a party."""

    regions: Regions = Field(
        min_length=1,
        description="Region ids, names, ISO codes or groups (crimea = the peninsula, donbas, "
        "four-oblasts, ukraine)",
    )
    to: str = Field(max_length=ID_CHARS, description="Party that gets the regions, e.g. RU or UA")
    status: Status = Field("de-facto", description="'recognised' marks a de jure transfer")


class FreezeRule(_Rule):
    """Regions keep the baseline's split (the line is frozen there)."""

    regions: Regions = Field(min_length=1, description="Regions where the line is frozen")
    freeze: Literal[True] = Field(description="Always true")


class SplitRule(_Rule):
    """A region is divided by a custom line; the author says which side goes to whom."""

    split: RegionName = Field(description="The one region to divide")
    line: Line = Field(description="A line across the region; it is prolonged to its edges")
    north: str | None = Field(
        None, max_length=ID_CHARS, description="Party getting the part north of the line"
    )
    south: str | None = Field(
        None, max_length=ID_CHARS, description="Party getting the part south of the line"
    )
    east: str | None = Field(
        None, max_length=ID_CHARS, description="Party getting the part east of the line"
    )
    west: str | None = Field(
        None, max_length=ID_CHARS, description="Party getting the part west of the line"
    )
    status: Status = Field("de-facto", description="'recognised' marks a de jure transfer")

    @field_validator("split")
    @classmethod
    def _one_region(cls, name: str) -> str:
        ids = expand([name])
        if len(ids) != 1:
            raise ValueError(f"{name!r} is a group of regions; split one region at a time")
        return ids[0]

    @model_validator(mode="after")
    def _two_opposite_sides(self) -> SplitRule:
        given = [side for side in COMPASS if getattr(self, side) is not None]
        if len(given) != 2 or OPPOSITE[given[0]] != given[1]:
            raise ValueError(
                "give exactly two opposite sides, north and south or east and west "
                f"(got {', '.join(given) or 'none'})"
            )
        if getattr(self, given[0]) == getattr(self, given[1]):
            raise ValueError("both sides go to the same party; use a transfer rule instead")
        return self

    def sides(self) -> list[tuple[str, str]]:
        """The two (side, party) pairs, in compass order."""
        return [(s, p) for s in COMPASS if (p := getattr(self, s)) is not None]

    def line_points(self) -> list[tuple[float, float]]:
        """The line as resolved (lon, lat) points."""
        return [_resolved(p) for p in self.line]


class ZoneRule(_Rule):
    """A demilitarised, buffer or international zone along the contact line or a custom line."""

    zone: Literal["demilitarised", "buffer", "international"] = Field(
        description="Kind of zone; drawn with its own pattern"
    )
    along: Literal["contact-line"] | Line = Field(
        description="'contact-line' (the baseline's front) or a custom line"
    )
    width_km: float = Field(
        gt=0, le=100, description="Total width; on one side only when 'side' names one"
    )
    side: str = Field(
        "both",
        max_length=ID_CHARS,
        description="'both', or for the contact line the party whose side it takes (UA/RU), "
        "or for a custom line north/south/east/west",
    )
    to: str | None = Field(
        None, max_length=ID_CHARS, description="Party that administers the zone (default: holder)"
    )
    regions: Regions | None = Field(None, description="Limit the zone to these regions")

    @model_validator(mode="after")
    def _sides(self) -> ZoneRule:
        if self.along != "contact-line" and self.side not in ("both", *COMPASS):
            raise ValueError("for a custom line, side is both, north, south, east or west")
        if self.along == "contact-line" and self.side in COMPASS:
            raise ValueError("for the contact line, side is both or a party (UA, RU)")
        return self

    def line_points(self) -> list[tuple[float, float]]:
        """The custom line as resolved (lon, lat) points."""
        return [] if self.along == "contact-line" else [_resolved(p) for p in self.along]


RULE_KEYS = {
    "zone": "zone-rule",
    "split": "split-rule",
    "freeze": "freeze-rule",
    "to": "transfer-rule",
}
"""The key that tells each kind of rule apart, and the kind's tag (never a field name)."""


def rule_kind(data: Any) -> str | None:
    """Which rule a mapping is, from its keys; None when it is none of them."""
    if isinstance(data, BaseModel):
        kinds = {
            TransferRule: "transfer-rule",
            FreezeRule: "freeze-rule",
            SplitRule: "split-rule",
            ZoneRule: "zone-rule",
        }
        return kinds.get(type(data))
    if isinstance(data, dict):
        return next((kind for key, kind in RULE_KEYS.items() if key in data), None)
    return None


Rule = Annotated[
    Annotated[TransferRule, Tag("transfer-rule")]
    | Annotated[FreezeRule, Tag("freeze-rule")]
    | Annotated[SplitRule, Tag("split-rule")]
    | Annotated[ZoneRule, Tag("zone-rule")],
    Discriminator(rule_kind),
]


class Term(_Model):
    """A non-territorial term of the proposal."""

    text: str = Field(
        min_length=1,
        max_length=TEXT_CHARS,
        description="The term, e.g. 'Ukraine does not join NATO'",
    )
    category: str | None = Field(
        None, max_length=NAME_CHARS, description="e.g. security, sanctions, people"
    )


def _term_kind(data: Any) -> str:
    return "plain-term" if isinstance(data, str) else "term-mapping"


TermItem = Annotated[
    Annotated[Annotated[str, Field(max_length=TEXT_CHARS)], Tag("plain-term")]
    | Annotated[Term, Tag("term-mapping")],
    Discriminator(_term_kind),
]
"""A term as plain text, or as a mapping with a category."""


class Annotation(_Model):
    """A labelled point on the map."""

    label: str = Field(min_length=1, max_length=NAME_CHARS, description="Text shown on the map")
    at: Point
    note: str | None = Field(None, max_length=TEXT_CHARS, description="Shown in the point's popup")

    def point(self) -> tuple[float, float]:
        """The point as resolved (lon, lat)."""
        return _resolved(self.at)


class Scenario(_Model):
    """A territorial scenario for Ukraine, resolved against a dated baseline."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="Slug, also the file name")
    title: str = Field(min_length=1, max_length=NAME_CHARS, description="Headline of the map")
    summary: str = Field(
        "", max_length=TEXT_CHARS, description="One or two sentences for the panel"
    )
    date: dt.date = Field(description="Date of the proposal or report, YYYY-MM-DD")
    baseline: str = Field(
        "contact-line-2025-08", max_length=NAME_CHARS, description="Baseline the rules apply to"
    )
    sources: list[Source] = Field(
        default_factory=list,
        max_length=MAX_ITEMS["sources"],
        description="Where the scenario comes from",
    )
    tags: list[Keyword] = Field(
        default_factory=list, max_length=MAX_ITEMS["tags"], description="Free keywords"
    )
    parties: dict[str, Party] = Field(
        default_factory=dict,
        max_length=MAX_ITEMS["parties"],
        description="Extra parties by id; UA and RU always exist",
    )
    rules: list[Rule] = Field(
        default_factory=list,
        description="Applied in order to the baseline; later rules win where they overlap; "
        "regions no rule mentions keep the baseline",
    )
    terms: list[TermItem] = Field(
        default_factory=list,
        max_length=MAX_ITEMS["terms"],
        description="Non-territorial terms, shown in the map's panel",
    )
    annotations: list[Annotation] = Field(
        default_factory=list, max_length=MAX_ITEMS["annotations"], description="Labelled points"
    )
    _positions: dict[tuple[Any, ...], Where] = PrivateAttr(default_factory=dict)

    @field_validator("parties")
    @classmethod
    def _with_defaults(cls, parties: dict[str, Party]) -> dict[str, Party]:
        for pid in parties:
            if len(pid) > ID_CHARS:
                raise ValueError(f"party id {pid[:ID_CHARS]!r}...: at most {ID_CHARS} characters")
            if not pid.replace("-", "").isalnum():
                raise ValueError(f"party id {pid!r}: use letters, digits and '-'")
        return {**DEFAULT_PARTIES, **parties}

    @model_validator(mode="after")
    def _default_parties(self) -> Scenario:
        self.parties = {**DEFAULT_PARTIES, **self.parties}
        return self

    def party_names(self) -> dict[str, str]:
        """Display name of every party by id (UA and RU included)."""
        return {pid: p.name for pid, p in self.parties.items()}

    def party_name(self, party: str) -> str:
        """Display name of a party id."""
        return self.parties[party].name if party in self.parties else party

    def term_texts(self) -> list[str]:
        """The terms as plain strings."""
        return [t if isinstance(t, str) else t.text for t in self.terms]

    def where_of(self, path: tuple[Any, ...]) -> Where | None:
        """Position of a node, e.g. ``("rules", 2, "line")``; the nearest enclosing one."""
        while path:
            if path in self._positions:
                return self._positions[path]
            path = path[:-1]
        return self._positions.get(())
