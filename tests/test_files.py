"""Atomic writes: one file or several that belong together, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from maps.errors import OutputError
from maps.files import write_atomic, write_files


def test_files_that_belong_together_are_replaced_together_or_not_at_all(tmp_path: Path) -> None:
    data, meta = tmp_path / "x.geojson", tmp_path / "x.json"
    data.write_text("old data", encoding="utf-8")
    meta.mkdir()  # the second file cannot be written
    with pytest.raises(OutputError, match=r"x\.json"):
        write_files({data: "new data", meta: "new meta"})
    assert data.read_text(encoding="utf-8") == "old data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.geojson", "x.json"]  # no temp files


def test_files_are_written_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_files({first: b"1", second: "2"})
    assert first.read_bytes() == b"1" and second.read_text(encoding="utf-8") == "2"
    assert first.stat().st_mtime_ns <= second.stat().st_mtime_ns


def test_one_file_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic("new", target)
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640
