"""Label placement without collisions, over boxes (pure: no drawing, no I/O).

Labels are placed greedily in priority order. A point label tries positions around its point
(right, left, above, below, then the diagonals); an area label tries its candidate centres in
turn. The first position whose box stays inside the frame and touches no placed label and no
obstacle (markers, the scale bar) wins; a label with no such position is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 (y up)."""

POINT_SLOTS: tuple[tuple[str, float, float], ...] = (
    ("right", 1.0, 0.0),
    ("left", -1.0, 0.0),
    ("above", 0.0, 1.0),
    ("below", 0.0, -1.0),
    ("above-right", 0.75, 0.75),
    ("above-left", -0.75, 0.75),
    ("below-right", 0.75, -0.75),
    ("below-left", -0.75, -0.75),
)
"""Positions around a point: name and direction of the label from the point."""
RING_PT = 5.0
"""How much farther out the second ring of positions lies."""


@dataclass(frozen=True)
class Label:
    """A label to place: its size, and either a point (with the gap from the point's centre to
    the text) or candidate centres (area labels)."""

    key: str
    width: float
    height: float
    priority: float
    point: tuple[float, float] | None = None
    gap: float = 0.0
    centres: Sequence[tuple[float, float]] = field(default_factory=tuple)
    keep: bool = False
    """A label the reader must see (the scenario's own points): placed first."""
    marker: Box | None = None
    """A marker drawn only if the label is placed: it too must stay clear of other labels."""


@dataclass(frozen=True)
class Placed:
    """Where a label went: the slot name (``centre`` for areas), its box and alignment."""

    key: str
    slot: str
    box: Box
    ha: str
    va: str
    anchor: tuple[float, float]
    offset: tuple[float, float]
    """From the anchor to the aligned corner or edge of the text (display units)."""


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: Box, frame: Box) -> bool:
    """Whether box ``a`` lies within ``frame``."""
    return frame[0] <= a[0] and frame[1] <= a[1] and a[2] <= frame[2] and a[3] <= frame[3]


def count_overlaps(boxes: Sequence[Box]) -> int:
    """The number of pairs of boxes that overlap."""
    return sum(
        overlaps(boxes[i], boxes[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
    )


def _align(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    return ha, va


def _box(x: float, y: float, w: float, h: float, ha: str, va: str) -> Box:
    x0 = x if ha == "left" else x - w if ha == "right" else x - w / 2
    y0 = y if va == "bottom" else y - h if va == "top" else y - h / 2
    return (x0, y0, x0 + w, y0 + h)


def candidates(label: Label) -> list[Placed]:
    """Every position a label may take, in order of preference."""
    out: list[Placed] = []
    if label.point is not None:
        px, py = label.point
        for ring, extra in enumerate((0.0, RING_PT)):
            for slot, dx, dy in POINT_SLOTS:
                ha, va = _align(dx, dy)
                off = (dx * (label.gap + extra), dy * (label.gap + extra))
                box = _box(px + off[0], py + off[1], label.width, label.height, ha, va)
                name = f"{slot}-far" if ring else slot
                out.append(Placed(label.key, name, box, ha, va, label.point, off))
    for cx, cy in label.centres:
        box = _box(cx, cy, label.width, label.height, "center", "center")
        out.append(Placed(label.key, "centre", box, "center", "center", (cx, cy), (0.0, 0.0)))
    return out


def place(
    labels: Iterable[Label], frame: Box, obstacles: Sequence[tuple[str, Box]] = ()
) -> list[Placed]:
    """Place labels by priority (kept ones first, then higher ``priority``); return those placed.
    A kept label that finds no free position may cover a marker (never another label).

    ``obstacles`` are (owner key, box): a label may cover its own marker's box, no other.
    """
    order = sorted(labels, key=lambda lb: (not lb.keep, -lb.priority, lb.key))
    placed: list[Placed] = []
    taken: list[Box] = []
    blocked = list(obstacles)
    for label in order:
        marker = label.marker
        if marker is not None and any(
            overlaps(marker, box) for box in (*taken, *(b for _, b in blocked))
        ):
            continue
        spot = _first_free(label, frame, taken, blocked)
        if spot is None and label.keep:  # a kept label may cover a marker, never a label
            spot = _first_free(label, frame, taken, [])
        if spot is None:
            continue
        placed.append(spot)
        taken.append(spot.box)
        if marker is not None:
            blocked.append((label.key, marker))
    return placed


def _first_free(
    label: Label, frame: Box, taken: Sequence[Box], blocked: Sequence[tuple[str, Box]]
) -> Placed | None:
    """The first position of a label inside the frame that touches nothing taken or blocked."""
    for spot in candidates(label):
        if not inside(spot.box, frame) or any(overlaps(spot.box, box) for box in taken):
            continue
        if any(owner != label.key and overlaps(spot.box, box) for owner, box in blocked):
            continue
        return spot
    return None
