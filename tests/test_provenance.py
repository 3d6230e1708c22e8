"""Every output says where its baseline comes from, worded from the baseline's own metadata."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

import maps
from maps.provenance import Provenance
from maps.render.index_page import index_html
from maps.report import report_html
from maps.resolve import Resolution
from maps.static import export
from maps.summary import stats_text

REPO = Path(__file__).resolve().parents[1]
FETCHED = {
    "name": "deepstate-2025-08-17",
    "date": "2025-08-17",
    "source": "DeepStateMap: http://127.0.0.1/api/history/1/geojson",
    "publisher": "DeepStateMap",
    "licence": "DeepStateMap's own terms",
    "approximate": False,
    "accuracy": "as published by the source; cut to Natural Earth 10m regions",
}
HAND = "traced by hand"


@pytest.fixture(scope="module")
def shipped() -> Resolution:
    return maps.resolve_file(REPO / "scenarios" / "donbas-for-freeze.yaml")


@pytest.fixture(scope="module")
def fetched(shipped: Resolution) -> Resolution:
    return dataclasses.replace(shipped, baseline=FETCHED)


def outputs(res: Resolution, folder: Path) -> dict[str, str]:
    """The text of every output that speaks of the baseline."""
    pdf = export(res, folder / "map.pdf", fmt="pdf", dpi=100, size_px=(1500, 1000))
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return {
        "map": maps.render_map(res),
        "index": index_html([res]),
        "report": report_html([res]),
        "stats": stats_text(res),
        "pdf": " ".join(pdf_text.split()),
    }


def test_wording_follows_the_metadata() -> None:
    hand = Provenance.of({"date": "2025-08-17", "approximate": True, "source": "Traced by hand"})
    assert (
        hand.line()
        == "Line of contact 2025-08-17 (approximate, traced by hand from public reporting)"
    )
    fetched = Provenance.of(FETCHED)
    assert fetched.line() == "Line of contact 2025-08-17 (as published by DeepStateMap)"
    assert (
        Provenance.of({"source": "ISW/CTP: http://x", "approximate": False}).method
        == "as published by ISW/CTP"
    )


def test_a_fetched_baseline_is_never_called_hand_traced(
    fetched: Resolution, tmp_path: Path
) -> None:
    for name, text in outputs(fetched, tmp_path).items():
        assert HAND not in text, f"{name} calls a fetched baseline hand-traced"
        assert "as published by DeepStateMap" in text, f"{name} does not name the source"


def test_the_shipped_baseline_is_called_approximate(shipped: Resolution, tmp_path: Path) -> None:
    for name, text in outputs(shipped, tmp_path).items():
        assert "approximate, traced by hand from public reporting" in text, name
