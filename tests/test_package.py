"""Packaging and code hygiene: the data travels with the installed package; lint stays clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(exe).exists():
        pytest.fail("ruff is not installed; install the 'test' extra")
    return [exe]


def test_ruff_check_is_clean() -> None:
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = subprocess.run(
        [*_ruff(), "format", "--no-cache", "--check", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_non_editable_install_carries_the_data(tmp_path: Path) -> None:
    """Build a wheel-style install into a folder and use it from another directory."""
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    assert (target / "maps" / "geodata" / "regions.geojson").is_file()
    code = (
        "import maps; b = maps.load_baseline(); r = maps.load_regions(); "
        "print(len(r), sorted(set(b.party)), round(b.area_km2.sum()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("27 ['RU', 'UA']")


def test_public_api_from_the_top_level(tmp_path: Path) -> None:
    import maps

    assert maps.__version__ == version("ukraine-scenario-maps")
    result = maps.resolve_file(REPO / "scenarios" / "donbas-for-freeze.yaml")
    assert isinstance(result, maps.Resolution)
    assert isinstance(result.scenario, maps.Scenario)
    assert isinstance(result.figures, maps.Figures)
    html = maps.render_map(result, tmp_path / "map.html")
    assert html.startswith("<!DOCTYPE html>") and "MapsKit" in html
    assert (tmp_path / "map.html").read_text(encoding="utf-8") == html
    assert set(maps.__all__) <= set(dir(maps))
