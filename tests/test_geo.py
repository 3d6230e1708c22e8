"""Pure geometry helpers: splitting by a line, compass sides, zones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString, box

from maps.geo import LineSideError, left_side, line_zone, split_by_line

SQUARE = box(0, 0, 100, 100)


def test_split_left_is_north_for_an_eastward_line() -> None:
    line = LineString([(20, 50), (80, 60)])
    left, right = split_by_line(SQUARE, line)
    assert left.representative_point().y > right.representative_point().y
    assert left.area + right.area == pytest.approx(SQUARE.area)
    assert left_side(line, "north") and not left_side(line, "south")


def test_split_a_line_that_misses_gives_one_empty_side() -> None:
    left, right = split_by_line(SQUARE, LineString([(200, 200), (300, 250)]))
    assert min(left.area, right.area) == 0


def test_compass_side_of_a_southward_line() -> None:
    line = LineString([(50, 90), (55, 10)])
    assert left_side(line, "east") and not left_side(line, "west")
    with pytest.raises(LineSideError, match="east and west"):
        left_side(line, "north")


def test_zone_widths() -> None:
    line = LineString([(0, 0), (100, 0)])
    assert line_zone(line, 10).area == pytest.approx(1000)
    assert line_zone(line, 10, "left").bounds[1] == pytest.approx(0)
    assert line_zone(line, 10, "right").bounds[3] == pytest.approx(0)


@given(st.floats(5, 95), st.floats(5, 95), st.floats(5, 95), st.floats(5, 95), st.floats(5, 95))
def test_split_parts_add_up(y0: float, y1: float, x_mid: float, y_mid: float, dx: float) -> None:
    line = LineString([(x_mid - dx / 2 - 1, y0), (x_mid, y_mid), (x_mid + dx / 2 + 1, y1)])
    left, right = split_by_line(SQUARE, line)
    assert left.area + right.area == pytest.approx(SQUARE.area, rel=1e-9)
    assert left.intersection(right).area == pytest.approx(0, abs=1e-6)
