"""Measure the watch loop: time from saving a scenario file to its maps being rewritten.

Run: ``python bench/watch.py``. Prints the median of 10 edits (warm process) and writes
``bench/watch.json``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from maps.watch import POLL_SECONDS, Watcher  # noqa: E402


def main(edits: int = 10) -> None:
    """Edit a copy of a shipped scenario repeatedly and time each rebuild."""
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "donbas-for-freeze.yaml"
        shutil.copy(REPO / "scenarios" / "donbas-for-freeze.yaml", scenario)
        watcher = Watcher([scenario], Path(tmp) / "build", log=lambda _: None)
        watcher.poll()
        rebuild_ms, save_to_file_ms = [], []
        for i in range(edits):
            text = scenario.read_text(encoding="utf-8")
            time.sleep(0.02)
            saved = time.perf_counter()
            scenario.write_text(
                text.replace("title: Donbas for a freeze", f"title: Donbas {i}", 1)
                if i == 0
                else text.replace(f"Donbas {i - 1}", f"Donbas {i}"),
                encoding="utf-8",
            )
            watcher.poll()
            save_to_file_ms.append((time.perf_counter() - saved) * 1000)
            rebuild_ms.append(watcher.last_ms or 0.0)
    result = {
        "edits": edits,
        "median_rebuild_ms": round(statistics.median(rebuild_ms), 1),
        "max_rebuild_ms": round(max(rebuild_ms), 1),
        "poll_interval_ms": POLL_SECONDS * 1000,
        "worst_save_to_maps_written_ms": round(max(save_to_file_ms) + POLL_SECONDS * 1000, 1),
        "browser_reload_poll_ms": 250,
    }
    (REPO / "bench" / "watch.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
