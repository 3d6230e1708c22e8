"""Every command from the command line: real files, real output, the real process for watch."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import maps
from maps.cli import main
from tests.hostile.harness import REPO, assert_clean_failure, run_maps

SCENARIOS = REPO / "scenarios"
DONBAS = SCENARIOS / "donbas-for-freeze.yaml"
FOUR = SCENARIOS / "russia-four-regions.yaml"


def test_regions_table_has_every_region_and_no_missing_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["regions"]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out.lower()
    base = maps.load_baseline()
    assert f"Total 599,094 km², Russian-held {base[base.party == 'RU'].area_km2.sum():,.0f}" in out
    assert out.count("UA-") == 27


def test_regions_csv_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regions", "--focus", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["regions", "--focus", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [r["id"] for r in data["regions"]]
    assert {r["id"] for r in rows} == {
        "crimea",
        "sevastopol",
        "donetsk",
        "luhansk",
        "zaporizhzhia",
        "kherson",
    }
    kherson = next(r for r in data["regions"] if r["id"] == "kherson")
    assert 70 < kherson["ru_share"] < 80
    assert data["baseline"]["name"] == "contact-line-2025-08"


def test_regions_of_another_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regions", "--focus", "--baseline", "contact-line-2022-02-23"]) == 0
    out = capsys.readouterr().out
    assert "zaporizhzhia" in out and "2022-02-23" in out


def test_regions_unknown_baseline_is_one_line() -> None:
    outcome = run_maps("regions", "--baseline", "contact-line-1999", cwd=REPO)
    assert_clean_failure(outcome, "unknown baseline 'contact-line-1999'")


def test_schema_to_stdout_and_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"] == "Territorial scenario for Ukraine"
    target = tmp_path / "scenario.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == printed
    assert printed == json.loads((SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8"))


def test_compare_writes_one_swipe_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(DONBAS), str(FOUR), "-o", str(tmp_path)]) == 0
    pages = sorted(p.name for p in tmp_path.iterdir())
    assert pages == ["donbas-for-freeze-vs-russia-four-regions.html"]
    html = (tmp_path / pages[0]).read_text(encoding="utf-8")
    assert "MapsKit.swipe(" in html
    assert "wrote" in capsys.readouterr().out


def test_compare_with_a_broken_file_writes_nothing(tmp_path: Path) -> None:
    broken = REPO / "tests" / "broken" / "unknown-region.yaml"
    outcome = run_maps("compare", str(DONBAS), str(broken), "-o", str(tmp_path), cwd=REPO)
    assert_clean_failure(outcome, "unknown region")
    assert list(tmp_path.iterdir()) == []


def test_usage_mistakes_are_one_line_and_exit_1() -> None:
    for args in (("frobnicate",), ("export", str(DONBAS), "--dpi", "abc"), ()):
        assert_clean_failure(run_maps(*args, cwd=REPO), "error: ")


def test_watch_serves_and_stops_on_interrupt(tmp_path: Path) -> None:
    scenario = tmp_path / "donbas-for-freeze.yaml"
    scenario.write_bytes(DONBAS.read_bytes())
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "maps",
            "watch",
            str(scenario),
            "--port",
            "0",
            "-o",
            str(tmp_path / "out"),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _served_url(child)
        with urllib.request.urlopen(url + "donbas-for-freeze.html", timeout=30) as page:
            body = page.read().decode("utf-8")
        assert "Donbas for a freeze" in body
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert (tmp_path / "out" / "donbas-for-freeze.html").is_file()


def _served_url(child: subprocess.Popen[str], seconds: float = 60) -> str:
    """The address `maps watch` says it serves, read from its output."""
    assert child.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            pytest.fail(f"watch ended early: {child.stderr.read() if child.stderr else ''}")
        if line.startswith("serving "):
            return line.split(" at ", 1)[1].split()[0]
    pytest.fail("watch did not start serving in time")


def test_baselines_lists_every_shipped_line_with_its_area(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["baselines", "--format", "json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)["baselines"]}
    assert {"contact-line-2022-02-23", "contact-line-2025-08"} <= set(rows)
    assert (
        rows["contact-line-2022-02-23"]["ru_km2"] < 50_000 < rows["contact-line-2025-08"]["ru_km2"]
    )
    assert all(r["accuracy"] and r["source"] and r["date"] for r in rows.values())


def test_features_lists_the_named_features(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["features"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("dnipro", "znpp", "kakhovka-dam", "kinburn-spit"))


def test_new_into_a_folder_writes_a_schema_the_file_can_find(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    assert main(["new", "my-plan", "-o", str(folder)]) == 0
    text = (folder / "my-plan.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=./scenario.schema.json"
    schema = json.loads((folder / "scenario.schema.json").read_text(encoding="utf-8"))
    assert "kinburn-spit" in json.dumps(schema) and "zaporizhzhia" in json.dumps(schema)
    assert main(["validate", "--strict", str(folder)]) == 0, capsys.readouterr().err
