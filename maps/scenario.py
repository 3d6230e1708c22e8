"""The scenario language: pydantic models of a scenario file. No I/O.

A scenario names its baseline and lists rules applied in order. Every piece of land carries
layered attributes (see :mod:`maps.attributes`): who administers it, whose sovereign territory
it is, a recognition, a regime, which forces may not enter. Each rule selects land and sets
only the attributes it names; later rules win where they overlap. Selectors always see the
baseline (``held_by: UA`` is the land Ukraine held at the baseline, whatever earlier rules
did), so a rule selects the same land wherever it stands in the list.

Place names are resolved through a ``find_place`` callable and named features checked against
a ``features`` mapping (id to kind), both passed in the validation context.
"""

from __future__ import annotations

import datetime as dt
import difflib
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
from maps.regions import expand, region_id, spellings

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
    "sites": 50,
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


RegionName = Annotated[
    str,
    Field(
        max_length=NAME_CHARS,
        json_schema_extra={"enum": spellings()},
        description="A region or group: id, English or Ukrainian name, ISO code or alias "
        "(matching ignores case, accents and 'oblast')",
    ),
    AfterValidator(_check_region),
]


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
    name_uk: str | None = Field(
        None, min_length=1, max_length=NAME_CHARS, description="Name in Ukrainian (--lang uk)"
    )
    color: str | None = Field(
        None, pattern=r"^#[0-9a-fA-F]{6}$", description="Fill colour for extra parties (#rrggbb)"
    )


DEFAULT_PARTIES = {
    "UA": Party(name="Ukraine", name_uk="Україна"),
    "RU": Party(name="Russia", name_uk="Росія"),
}
CONTESTED = "contested"
"""The holder of contested ground (a grey zone) in a baseline: ``held_by: contested``."""
CONTESTED_NAME = "Contested (grey zone)"
CONTESTED_NAME_UK = "Спірна територія (сіра зона)"


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


REGIMES = (
    "demilitarised",
    "buffer",
    "neutral",
    "international",
    "monitored",
    "free-economic-zone",
)
"""Regimes a piece of land can be under; ``international`` is international administration."""
Regime = Literal[
    "demilitarised", "buffer", "neutral", "international", "monitored", "free-economic-zone"
]
PartyId = Annotated[
    str,
    Field(
        max_length=ID_CHARS,
        examples=["UA", "RU"],
        description="A party id: UA, RU, or one declared under parties:",
    ),
]
MAX_SELECTOR_DEPTH = 4
"""Deepest nesting of ``any:`` and ``except:`` selectors."""
MAX_PARTS = 20
"""Most selectors in one ``any:`` and most parties in one list."""


def _check_feature_or_file(value: str, info: ValidationInfo, kinds: tuple[str, ...]) -> str:
    """A named feature of one of ``kinds``, or a GeoJSON file (kept as its path)."""
    if value.lower().endswith((".geojson", ".json")):
        return value
    features: dict[str, str] | None = (info.context or {}).get("features")
    if features is None:
        return value
    if features.get(value) in kinds:
        return value
    known = sorted(f for f, kind in features.items() if kind in kinds)
    hint = f"; named ones: {', '.join(known)}" if known else ""
    what = " or ".join(kinds)
    raise ValueError(f"{value!r} is not a named {what} feature nor a .geojson file{hint}")


def _check_line_ref(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str):
        return _check_feature_or_file(value, info, ("river", "line"))
    return value


def _check_area_ref(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str):
        return _check_feature_or_file(value, info, ("spit", "area"))
    if isinstance(value, list) and len(value) < 3:
        raise ValueError("a polygon needs at least three points")
    return value


LineRef = Annotated[
    Annotated[str, Field(max_length=NAME_CHARS, json_schema_extra={"x-feature": "line"})] | Line,
    AfterValidator(_check_line_ref),
    Field(
        description="A named line (e.g. dnipro), [lon, lat] points or place names, "
        "or a .geojson file next to the scenario"
    ),
]
AreaRef = Annotated[
    Annotated[str, Field(max_length=NAME_CHARS, json_schema_extra={"x-feature": "area"})]
    | Annotated[list[Point], Field(min_length=3)]
    | dict[str, Any],
    AfterValidator(_check_area_ref),
    Field(
        description="A named area (e.g. kinburn-spit), a ring of [lon, lat] points, "
        "a GeoJSON geometry, or a .geojson file next to the scenario"
    ),
]


class Area(_Model):
    """Where a rule applies. Every selector sees the baseline; selectors given together
    intersect; ``any:`` is a union and ``except:`` a difference."""

    regions: Regions | None = Field(
        None,
        description="Region ids, names, ISO codes or groups (crimea = the peninsula, donbas, "
        "four-oblasts, ukraine); omitted: every region",
    )
    held_by: PartyId | None = Field(None, description="The part a party holds at the baseline")
    as_of: str | None = Field(
        None,
        max_length=NAME_CHARS,
        description="With held_by: the part a party held on another baseline, e.g. "
        "contact-line-2022-02-23 (to return to an earlier line)",
    )
    west_of: LineRef | None = None
    east_of: LineRef | None = None
    north_of: LineRef | None = None
    south_of: LineRef | None = None
    polygon: AreaRef | None = None
    along: Literal["contact-line"] | LineRef | None = Field(
        None, description="A strip along 'contact-line' (the baseline's front) or a line"
    )
    width_km: float | None = Field(
        None, gt=0, le=100, description="Width of the strip; on one side only when 'side' names one"
    )
    side: str = Field(
        "both",
        max_length=ID_CHARS,
        description="'both', or for the contact line the party whose side it takes (UA/RU), "
        "or for a custom line north/south/east/west",
    )
    any: list[Area] | None = Field(
        None, min_length=1, max_length=MAX_PARTS, description="Union of selectors"
    )
    except_: Area | None = Field(None, alias="except", description="Land taken out")

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> Area:
        if self.as_of is not None and self.held_by is None:
            raise ValueError("as_of: goes with held_by: (the land a party held on that baseline)")
        if (self.along is None) != (self.width_km is None):
            raise ValueError("a strip needs both along: and width_km:")
        if self.along is None and self.side != "both":
            raise ValueError("side: goes with along: (a strip along a line)")
        if self.along not in (None, "contact-line") and self.side not in ("both", *COMPASS):
            raise ValueError("for a custom line, side is both, north, south, east or west")
        if self.along == "contact-line" and self.side in COMPASS:
            raise ValueError("for the contact line, side is both or a party (UA, RU)")
        if self.depth() > MAX_SELECTOR_DEPTH:
            raise ValueError(f"selectors nested more than {MAX_SELECTOR_DEPTH} deep")
        return self

    def selects(self) -> bool:
        """Whether it says where at all."""
        return any(getattr(self, name) is not None for name in SELECTORS)

    def depth(self) -> int:
        """Nesting depth of ``any:`` and ``except:``."""
        inner = [*(self.any or []), *([self.except_] if self.except_ else [])]
        return 1 + max((a.depth() for a in inner), default=0)

    def sides_of(self) -> list[tuple[str, Any]]:
        """The (compass side, line) selectors given."""
        return [(s, ref) for s in COMPASS if (ref := getattr(self, f"{s}_of")) is not None]

    def line_points(self) -> list[tuple[float, float]]:
        """The strip's custom line as resolved (lon, lat) points; [] for the contact line
        or a named or file line."""
        if isinstance(self.along, list):
            return [_resolved(p) for p in self.along]
        return []


SELECTORS = (
    "regions",
    "held_by",
    "west_of",
    "east_of",
    "north_of",
    "south_of",
    "polygon",
    "along",
    "any",
    "except_",
)
"""Area fields that say where."""


class Recognition(_Model):
    """Recognition of a party's control (de facto) or sovereignty (de jure), by whom."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    kind: Literal["de-facto", "de-jure"] = Field(description="de-facto or de-jure")
    as_: PartyId | None = Field(
        None,
        alias="as",
        description="The party recognised; default: the sovereign (de jure) or the "
        "administering party of each piece (de facto)",
    )
    by: (
        Literal["international", "unstated"]
        | Annotated[list[PartyId], Field(min_length=1, max_length=MAX_PARTS)]
    ) = Field(
        description="Party ids that recognise it, 'international', or 'unstated' when the "
        "text does not say by whom"
    )

    def parties(self) -> list[str]:
        """Who recognises: party ids, ['international'] or ['unstated']."""
        return [self.by] if isinstance(self.by, str) else list(dict.fromkeys(self.by))


class AreaRule(Area, _Rule):
    """Select land (see :class:`Area`) and set the attributes named; the others stay."""

    to: PartyId | None = Field(None, description="Party that administers (holds) the land")
    freeze: Literal[True] | None = Field(
        None, description="Back to the baseline first (the line is frozen there)"
    )
    sovereign: PartyId | None = Field(None, description="Whose sovereign territory it becomes")
    recognised: Recognition | None = None
    regime: (
        Regime | Annotated[list[Regime], Field(min_length=1, max_length=len(REGIMES))] | None
    ) = Field(None, description="Regime(s): demilitarised, buffer, neutral, international, ...")
    zone: Regime | None = Field(None, description="Older spelling of regime: (one regime)")
    no_forces: (
        Literal["all"] | Annotated[list[PartyId], Field(min_length=1, max_length=MAX_PARTS)] | None
    ) = Field(None, description="Parties whose forces may not enter, or 'all'")
    status: Status | None = Field(
        None,
        description="Older form: 'recognised' = sovereign: <to> and recognised de jure "
        "internationally",
    )

    @model_validator(mode="after")
    def _says_where_and_what(self) -> AreaRule:
        if self.zone is not None:
            if self.regime is not None:
                raise ValueError("give regime: or zone:, not both")
            self.regime = self.zone
        if not self.selects():
            raise ValueError(
                "say where the rule applies: regions:, held_by:, along:, west_of:, polygon:, ..."
            )
        if not (
            self.to
            or self.freeze
            or self.sovereign
            or self.recognised
            or self.regime
            or self.no_forces
            or self.status == "recognised"
        ):
            raise ValueError(
                "say what the rule does: to:, freeze:, sovereign:, recognised:, regime: or "
                "no_forces:"
            )
        if self.status == "recognised" and self.to is None:
            raise ValueError("status: recognised needs to: (use sovereign: and recognised:)")
        return self

    def regimes(self) -> list[str]:
        """The regimes set, in the order written."""
        if self.regime is None:
            return []
        return [self.regime] if isinstance(self.regime, str) else list(dict.fromkeys(self.regime))

    def forces_excluded(self) -> list[str]:
        """Party ids whose forces may not enter, or ['all']."""
        if self.no_forces is None:
            return []
        if isinstance(self.no_forces, str):
            return [self.no_forces]
        return list(dict.fromkeys(self.no_forces))


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


def rule_kind(data: Any) -> str:
    """Which rule a mapping is: a split (it has ``split:``) or an area rule."""
    if isinstance(data, SplitRule) or (isinstance(data, dict) and "split" in data):
        return "split-rule"
    return "area-rule"


Rule = Annotated[
    Annotated[AreaRule, Tag("area-rule")] | Annotated[SplitRule, Tag("split-rule")],
    Discriminator(rule_kind),
]


class Site(_Model):
    """A point or line with a status of its own: a power plant, a dam, a river passage."""

    feature: (
        Annotated[str, Field(max_length=NAME_CHARS, json_schema_extra={"x-feature": "site"})] | None
    ) = Field(None, description="A named feature (znpp, kakhovka-dam, dnipro, kinburn-spit)")
    name: str | None = Field(None, min_length=1, max_length=NAME_CHARS)
    at: Point | None = None
    along: Line | None = None
    operated_by: PartyId | None = None
    sovereign: PartyId | None = None
    supervised_by: PartyId | None = None
    terms: list[Annotated[str, Field(max_length=TEXT_CHARS)]] = Field(
        default_factory=list, max_length=MAX_ITEMS["terms"]
    )
    note: Note

    @field_validator("feature")
    @classmethod
    def _named(cls, value: str | None, info: ValidationInfo) -> str | None:
        features: dict[str, str] | None = (info.context or {}).get("features")
        if value is None or features is None or value in features:
            return value
        close = difflib.get_close_matches(value, list(features), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(f"unknown named feature {value!r}{hint}; see `maps features`")

    @model_validator(mode="after")
    def _one_place(self) -> Site:
        given = [k for k in ("feature", "at", "along") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of feature:, at: or along:")
        if self.feature is None and self.name is None:
            raise ValueError("a site given by at: or along: needs a name:")
        return self

    def party_fields(self) -> dict[str, str]:
        """The party ids it names, by field."""
        return {
            k: v
            for k in ("operated_by", "sovereign", "supervised_by")
            if (v := getattr(self, k)) is not None
        }


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
        description="Applied in order; each sets the attributes it names on the land it "
        "selects (selectors see the baseline); later rules win where they overlap",
    )
    terms: list[TermItem] = Field(
        default_factory=list,
        max_length=MAX_ITEMS["terms"],
        description="Non-territorial terms, shown in the map's panel",
    )
    sites: list[Site] = Field(
        default_factory=list,
        max_length=MAX_ITEMS["sites"],
        description="Points and lines with a status: a power plant, a dam, a river passage",
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

    def party_names(self, lang: str = "en") -> dict[str, str]:
        """Display name of every party by id (UA, RU and contested ground included), in
        ``lang`` where the scenario gives one (``name_uk``), else in English."""
        if lang == "uk":
            named = {pid: p.name_uk or p.name for pid, p in self.parties.items()}
            return {CONTESTED: CONTESTED_NAME_UK, **named}
        return {CONTESTED: CONTESTED_NAME, **{pid: p.name for pid, p in self.parties.items()}}

    def party_name(self, party: str) -> str:
        """Display name of a party id."""
        return self.party_names().get(party, party)

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
