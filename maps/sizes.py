"""Page sizes of static maps: physical sizes in inches, from text such as ``10x7``, ``a4``,
``16:9`` or ``1500x1000px``.

The physical size is what a print user chooses; the resolution (dots per inch) then sets the
pixels: the same page at 600 dpi has twice the pixels of 300 dpi, a side, and the same type
sizes in points. A size given in pixels (``px``) is the exception: the pixels stay, and the
resolution sets the physical size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from maps.errors import MapsError

MM_PER_INCH = 25.4
DEFAULT_WIDTH_IN = 10.0
DEFAULT_SIZE_IN = (10.0, 7.0)
"""10 x 7 inches: 3000 x 2100 pixels at the default 300 dpi."""
DEFAULT_DPI = 300
DPI_RANGE = (30, 1200)
SIDE_RANGE_IN = (4.0, 120.0)
SIDE_RANGE_PX = (100, 20_000)
MAX_PIXELS = 40_000_000
"""At most 40 megapixels (160 MB of RGBA while drawing)."""
PAPER_MM = {
    "a3": (297.0, 420.0),
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
    "tabloid": (279.4, 431.8),
}
"""Paper sizes, portrait (``-landscape`` turns them)."""
UNITS = {"in": 1.0, "cm": 10.0 / MM_PER_INCH, "mm": 1.0 / MM_PER_INCH}
NAMES = (*PAPER_MM, *(f"{p}-landscape" for p in PAPER_MM), "16:9", "4:3", "3:2", "1:1", "9:16")
"""Named sizes shown in help (any ratio W:H is accepted)."""
_NUMBER = r"(\d+(?:\.\d+)?)"
_PAIR = re.compile(rf"^{_NUMBER}\s*[x×]\s*{_NUMBER}\s*(in|cm|mm|px)?$")
_ONE = re.compile(rf"^{_NUMBER}\s*(in|cm|mm)?$")
_RATIO = re.compile(rf"^{_NUMBER}\s*:\s*{_NUMBER}$")
HELP = (
    "WxH in inches (10x7), cm or mm (29.7x21cm), or pixels (1500x1000px); a paper size "
    "(a4, a4-landscape, a3, letter, ...); or a ratio (16:9, 4:3, 1:1) 10 inches wide"
)


@dataclass(frozen=True)
class PageSize:
    """A page's physical size; ``pixels`` set when the size was given in pixels."""

    width_in: float
    height_in: float
    pixels: tuple[int, int] | None = None

    def inches(self, dpi: int) -> tuple[float, float]:
        """The figure size in inches at ``dpi`` (pixel sizes: the pixels divided by dpi)."""
        if self.pixels is None:
            return (self.width_in, self.height_in)
        return (_exact(self.pixels[0], dpi), _exact(self.pixels[1], dpi))

    def pixel_size(self, dpi: int) -> tuple[int, int]:
        """Width and height in pixels at ``dpi``."""
        if self.pixels is not None:
            return self.pixels
        return (int(self.width_in * dpi + 0.5), int(self.height_in * dpi + 0.5))


def _exact(pixels: int, dpi: int) -> float:
    """Inches that give exactly ``pixels`` at ``dpi`` (matplotlib truncates the product)."""
    inches = pixels / dpi
    while int(inches * dpi) < pixels:
        inches = math.nextafter(inches, math.inf)
    return inches


def _ratio(text: str) -> float | None:
    match = _RATIO.match(text)
    if not match:
        return None
    w, h = float(match.group(1)), float(match.group(2))
    if w <= 0 or h <= 0:
        raise MapsError(f"aspect {text!r}: both sides of W:H must be above 0")
    return w / h


def parse_size(text: str | None, aspect: str | None = None) -> PageSize:
    """The page size that ``--size`` and ``--aspect`` name; :class:`MapsError` if unreadable.

    ``aspect`` (W:H) sets the height from the width: alone (10 inches wide) or with a size that
    gives only a width (``--size 8`` or ``--size 20cm``).
    """
    spec = (text or "").strip().lower()
    ratio = _ratio(aspect.strip()) if aspect else None
    if aspect and ratio is None:
        raise MapsError(f"aspect {aspect!r}: write W:H, e.g. 16:9 or 4:3")
    if not spec:
        if ratio is None:
            return PageSize(*DEFAULT_SIZE_IN)
        return PageSize(DEFAULT_WIDTH_IN, DEFAULT_WIDTH_IN / ratio)
    one = _ONE.match(spec)
    if one:
        if ratio is None:
            raise MapsError(f"size {text!r}: give WxH, or a width with --aspect W:H")
        width = float(one.group(1)) * UNITS[one.group(2) or "in"]
        return PageSize(width, width / ratio)
    if ratio is not None:
        raise MapsError(f"--aspect {aspect} with --size {text}: give a width only, or no --aspect")
    paper = spec.removesuffix("-landscape")
    if paper in PAPER_MM:
        w, h = (v / MM_PER_INCH for v in PAPER_MM[paper])
        return PageSize(h, w) if spec.endswith("-landscape") else PageSize(w, h)
    shape = _ratio(spec)
    if shape is not None:
        return PageSize(DEFAULT_WIDTH_IN, DEFAULT_WIDTH_IN / shape)
    pair = _PAIR.match(spec)
    if not pair:
        raise MapsError(f"size {text!r}: write {HELP}")
    w, h, unit = float(pair.group(1)), float(pair.group(2)), pair.group(3) or "in"
    if unit == "px":
        if not (w.is_integer() and h.is_integer()):
            raise MapsError(f"size {text!r}: pixels are whole numbers")
        return PageSize(0.0, 0.0, (int(w), int(h)))
    return PageSize(w * UNITS[unit], h * UNITS[unit])


def check_size(size: PageSize, dpi: int, text: str | None = None) -> None:
    """Raise :class:`MapsError` unless the resolution, physical size and pixels are in bounds."""
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise MapsError(f"dpi {dpi}: use {low} to {high} dots per inch")
    width, height = size.pixel_size(dpi)
    name = text or f"{width}x{height}px"
    low_px, high_px = SIDE_RANGE_PX
    if not (low_px <= width <= high_px and low_px <= height <= high_px):
        hint = "" if size.pixels or (text and "px" in text) else f" at {dpi} dpi"
        raise MapsError(
            f"size {name}: {width}x{height} pixels{hint}; width and height must be "
            f"{low_px} to {high_px} pixels (sizes without a unit are inches; write 1500x1000px "
            "for pixels)"
        )
    if width * height > MAX_PIXELS:
        raise MapsError(
            f"size {name}: {width}x{height} pixels at {dpi} dpi; at most "
            f"{MAX_PIXELS // 1_000_000} megapixels in all"
        )
    low_in, high_in = SIDE_RANGE_IN
    w_in, h_in = size.inches(dpi)
    if not (low_in <= w_in <= high_in and low_in <= h_in <= high_in):
        raise MapsError(
            f"size {name}: {w_in:.3g}x{h_in:.3g} inches at {dpi} dpi; each side must be "
            f"{low_in:g} to {high_in:g} inches"
        )
