"""The layered attributes of a piece of land, and how a rule's effects change them. Pure.

Every piece of a resolved map carries who held it at the baseline (``held``), who
administers it under the scenario (``party``), whose sovereign territory it is
(``sovereign``; Ukraine everywhere at the baseline: its 1991 borders are the internationally
recognised ones), a recognition (de facto or de jure, of which party, by whom), a regime
(demilitarised, buffer, ...) and which parties' forces may not enter. A rule sets the
attributes it names and leaves the others.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from maps.scenario import AreaRule

INTERNATIONAL = "international"
"""``recognised: {by: international}``: recognised by states generally, not only by some."""
UNSTATED = "unstated"
"""``recognised: {by: unstated}``: the text does not say by whom."""
ALL = "all"
"""``no_forces: all``: no party's forces may enter."""

Attribute = Literal["party", "sovereign", "recognition", "regime", "no_forces"]
ATTRIBUTES: tuple[Attribute, ...] = ("party", "sovereign", "recognition", "regime", "no_forces")


@dataclass(frozen=True, order=True)
class Attrs:
    """What a scenario says about one piece of land."""

    held: str
    """Who held it at the baseline (never changed by a rule)."""
    party: str
    """Who administers (holds) it under the scenario."""
    sovereign: str = "UA"
    recognition: str = ""
    """'' (none stated), 'de-facto' or 'de-jure'."""
    recognised_as: str = ""
    recognised_by: tuple[str, ...] = ()
    """Party ids, or ``("international",)``."""
    regime: tuple[str, ...] = ()
    no_forces: tuple[str, ...] = ()
    """Party ids whose forces may not enter, or ``("all",)``."""

    @classmethod
    def baseline(cls, held: str) -> Attrs:
        """The attributes of land a party holds at the baseline."""
        return cls(held=held, party=held)

    def reset(self) -> Attrs:
        """Back to the baseline (a freeze)."""
        return Attrs.baseline(self.held)


def attributes_set(rule: AreaRule) -> frozenset[Attribute]:
    """The attributes a rule sets (a freeze sets them all)."""
    if rule.freeze:
        return frozenset(ATTRIBUTES)
    named: set[Attribute] = set()
    if rule.to is not None:
        named.add("party")
    if rule.sovereign is not None or rule.status == "recognised":
        named.add("sovereign")
    if rule.recognised is not None or rule.status == "recognised":
        named.add("recognition")
    if rule.regime is not None:
        named.add("regime")
    if rule.no_forces is not None:
        named.add("no_forces")
    return frozenset(named)


def effect(rule: AreaRule, attrs: Attrs) -> Attrs:
    """The attributes of a piece after ``rule`` (whose selection covers it)."""
    out = attrs.reset() if rule.freeze else attrs
    changes: dict[str, object] = {}
    if rule.to is not None:
        changes["party"] = rule.to
    if rule.status == "recognised" and rule.to is not None:
        changes.update(
            sovereign=rule.to,
            recognition="de-jure",
            recognised_as=rule.to,
            recognised_by=(INTERNATIONAL,),
        )
    if rule.sovereign is not None:
        changes["sovereign"] = rule.sovereign
    if rule.regime is not None:
        changes["regime"] = tuple(rule.regimes())
    if rule.no_forces is not None:
        changes["no_forces"] = tuple(rule.forces_excluded())
    out = replace(out, **changes) if changes else out  # type: ignore[arg-type]
    if rule.recognised is not None:
        rec = rule.recognised
        default = out.sovereign if rec.kind == "de-jure" else out.party
        out = replace(
            out,
            recognition=rec.kind,
            recognised_as=rec.as_ or default,
            recognised_by=tuple(rec.parties()),
        )
    return out


def join_ids(ids: tuple[str, ...]) -> str:
    """How a list attribute is written in a control layer's column: ``"UA,RU"``."""
    return ",".join(ids)


def split_ids(text: object) -> list[str]:
    """A control layer's list column read back: ``"UA,RU"`` -> ``["UA", "RU"]``; '' -> []."""
    return [t for t in str(text or "").split(",") if t]


def by_label(by: tuple[str, ...], names: dict[str, str]) -> str:
    """Who recognises, for people: 'internationally' or 'by the United States and Ukraine'."""
    if not by:
        return ""
    if by == (INTERNATIONAL,):
        return "internationally"
    if by == (UNSTATED,):
        return "by: not stated"
    listed = [names.get(p, p) for p in by]
    text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return f"by: {text}"
