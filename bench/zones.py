"""Measure resolution with many rules: stacked zones along the contact line, and a mix.

Each scenario is resolved by ``maps stats --format json`` in a fresh process; the table has
its wall time, CPU time and peak memory (from ``os.wait4``: CPU time is the fairer figure on a
busy machine) and how far the party totals
exceed Ukraine's area (0 when the resolved pieces are exact).
Run: ``python bench/zones.py [--label after] [--sizes 10,50,100] [--timeout 300]``; the runs
are kept in ``bench/zones.json`` under their label (e.g. ``before`` and ``after`` a change).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "zones.json"
SIZES = (10, 50, 100, 200, 500, 1000)
HEAD = """\
id: bench
title: Bench
date: 2025-08-18
parties: {UN: {name: United Nations}}
rules:
"""
KINDS = ("demilitarised", "buffer", "international")
SIDES = ("both", "UA", "RU")
TRANSFER_POOL = ("donetsk", "luhansk", "kherson", "zaporizhzhia", "kharkiv", "crimea")


def zone_rule(i: int) -> str:
    """The i-th of many overlapping contact-line zones: kinds, widths and holders vary; most
    take both sides, every fourth one side only."""
    width = 2 + (i * 37 % 400) / 10
    side = SIDES[1 + (i // 4) % 2] if i % 4 == 3 else "both"
    to = ", to: UN" if i % 7 == 0 else ""
    return (
        f"  - {{zone: {KINDS[i % 3]}, along: contact-line, width_km: {width}, side: {side}{to}}}\n"
    )


def mixed_rule(i: int) -> str:
    """The i-th rule of a mix of transfers, freezes, splits and zones (contact and custom line)."""
    region = TRANSFER_POOL[i % len(TRANSFER_POOL)]
    party = ("RU", "UA")[(i // 6) % 2]
    choice = i % 6
    if choice == 0:
        return f"  - {{regions: [{region}], to: {party}}}\n"
    if choice == 1:
        return f"  - {{regions: [{region}, donetsk], freeze: true}}\n"
    if choice == 2:
        other = "UA" if party == "RU" else "RU"
        return (
            "  - {split: zaporizhzhia, line: [[34.0, 47.2], [36.0, 47.0], [37.5, 47.0]], "
            f"north: {party}, south: {other}}}\n"
        )
    if choice == 3:
        return (
            f"  - {{zone: buffer, along: [[37.0, 48.0], [38.5, 48.8]], "
            f"width_km: {5 + i % 20}, side: {('both', 'north', 'south')[i % 3]}}}\n"
        )
    return zone_rule(i)


def scenario_text(kind: str, rules: int) -> str:
    """A scenario file with ``rules`` rules of the given kind (``zones`` or ``mixed``)."""
    make = zone_rule if kind == "zones" else mixed_rule
    return HEAD + "".join(make(i) for i in range(rules))


def run_child(path: Path, timeout: float) -> tuple[int | None, float, Any, str]:
    """Resolve one file in a fresh process: (exit code or None on timeout, wall seconds,
    resource usage, stdout)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "maps", "stats", str(path), "--format", "json"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = -9 if code is None else code
        seconds = time.perf_counter() - start
        out.seek(0)
        return code, seconds, usage, out.read().decode("utf-8", "replace")


def excess_km2(stats: dict[str, Any]) -> float:
    """How far the parties' total exceeds Ukraine's area, in km²."""
    total = sum(row["area_km2"] for row in stats["parties"])
    return round(float(total - stats["ukraine_km2"]), 1)


def measure(kind: str, rules: int, timeout: float) -> dict[str, Any]:
    """Write, resolve and measure one scenario."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(scenario_text(kind, rules), encoding="utf-8")
        code, seconds, usage, stdout = run_child(path, timeout)
    row: dict[str, Any] = {
        "kind": kind,
        "rules": rules,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
    }
    if code is None:
        row["outcome"] = f"killed after {timeout:g} s"
    elif code != 0:
        row["outcome"] = f"exit {code}"
    else:
        row["outcome"] = "ok"
        row["excess_km2"] = excess_km2(json.loads(stdout))
    return row


def main() -> None:
    """Measure every size of both kinds; print a table and write ``bench/zones.json``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--kinds", default="zones,mixed")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--label", default="after", help="key of these runs in the JSON file")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    rows = []
    print(
        f"{'kind':<6} {'rules':>5} {'seconds':>8} {'cpu s':>8} {'peak MB':>8} "
        f"{'excess km²':>11}  outcome"
    )
    for kind in args.kinds.split(","):
        for rules in map(int, args.sizes.split(",")):
            row = measure(kind, rules, args.timeout)
            rows.append(row)
            print(
                f"{kind:<6} {rules:>5} {row['seconds']:>8.2f} {row['cpu_seconds']:>8.2f} "
                f"{row['peak_mb']:>8} "
                f"{row.get('excess_km2', ''):>11}  {row['outcome']}",
                flush=True,
            )
    result = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    result[args.label] = {
        "machine": f"{platform.machine()}, {platform.python_version()}, {os.cpu_count()} cores",
        "load_average": os.getloadavg()[0],
        "runs": rows,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
