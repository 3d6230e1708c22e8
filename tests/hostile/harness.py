"""Run the real ``maps`` command on hostile input and check how it fails.

Every hostile input must end in one clear error line (plus at most a ``hint:`` line for
scenario files), exit code 1, no traceback, within a bounded time and peak memory, and leave
the output folder and the cache as they were (nothing half-written).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MB = 1500
BOOT = """
import atexit, runpy, sys

_PEAK_FILE = sys.argv.pop(1)

def _peak():
    with open("/proc/self/status", encoding="ascii") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(_PEAK_FILE, "w", encoding="ascii") as out:
        out.write(kb)

atexit.register(_peak)
sys.argv[0] = "maps"
runpy.run_module("maps", run_name="__main__", alter_sys=True)
"""
"""Runs ``python -m maps`` and, on the way out, writes the process's own peak resident memory
(VmHWM: unlike ``ru_maxrss`` it does not inherit the forking test process's size)."""


@dataclass(frozen=True)
class Outcome:
    """How one run of ``maps`` ended."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def __str__(self) -> str:
        return (
            f"maps {' '.join(self.args)} -> exit {self.code} in {self.seconds:.1f} s, "
            f"{self.peak_mb:.0f} MB\nstdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-4000:]}"
        )


def run_maps(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    seconds: float = DEFAULT_SECONDS,
    stdin: str | None = None,
) -> Outcome:
    """Run ``python -m maps ARGS`` in a child process; measure its time and peak memory.

    The child is killed (and the test fails) if it runs longer than ``seconds``.
    """
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("PYTHONPATH", str(REPO))
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        peak_file = Path(scratch) / "peak-kb"
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", BOOT, str(peak_file), *args],
            cwd=cwd,
            env=full_env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None and child.stdin is not None:
            child.stdin.write(stdin.encode("utf-8"))
            child.stdin.close()
        status, peak_kb = _wait(child, seconds)
        elapsed = time.perf_counter() - start
        if peak_file.is_file():
            peak_kb = max(peak_kb, int(peak_file.read_text(encoding="ascii") or 0))
        out.seek(0)
        err.seek(0)
        outcome = Outcome(
            tuple(args),
            status,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            elapsed,
            peak_kb / 1024,
        )
    if status == -9999:
        raise AssertionError(f"did not finish within {seconds:g} s\n{outcome}")
    return outcome


def _wait(child: subprocess.Popen[bytes], seconds: float) -> tuple[int, int]:
    """Wait for the child, watching its peak memory; return (exit code, peak KB seen while it
    ran). -9999 means it was killed at the deadline."""
    deadline = time.monotonic() + seconds
    peak_kb = 0
    while True:
        peak_kb = max(peak_kb, _high_water_kb(child.pid))
        pid, status, _ = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return child.returncode, peak_kb
        if time.monotonic() > deadline:
            child.kill()
            os.wait4(child.pid, 0)
            child.returncode = -9
            return -9999, peak_kb
        time.sleep(0.02)


def _high_water_kb(pid: int) -> int:
    """Peak resident memory of a running process so far (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def assert_clean_failure(
    outcome: Outcome,
    expected: str | None = None,
    *,
    max_seconds: float = DEFAULT_SECONDS,
    max_memory_mb: float = DEFAULT_MEMORY_MB,
) -> str:
    """Exit code 1, no traceback, one error line (plus an optional ``hint:`` line) on stderr
    containing ``expected``, within the time and memory bounds; return the error line."""
    assert outcome.code == 1, f"expected exit code 1\n{outcome}"
    assert "Traceback" not in outcome.stderr, f"traceback\n{outcome}"
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    problems = [line for line in lines if not line.lstrip().startswith("hint:")]
    assert problems, f"no error message\n{outcome}"
    assert len(problems) == 1, f"expected one error line, got {len(problems)}\n{outcome}"
    assert len(lines) - len(problems) <= 1, f"more than one hint\n{outcome}"
    line = problems[0]
    assert len(line) <= 400, f"error line too long ({len(line)} chars)\n{outcome}"
    if expected is not None:
        assert expected in line, f"expected {expected!r} in the error line\n{outcome}"
    assert outcome.seconds <= max_seconds, f"too slow\n{outcome}"
    assert outcome.peak_mb <= max_memory_mb, f"too much memory\n{outcome}"
    return line


def tree(path: Path) -> dict[str, str]:
    """Every file below ``path`` (hidden ones too) with the SHA-256 of its content."""
    if not path.exists():
        return {}
    files: dict[str, str] = {}
    for item in sorted(path.rglob("*")):
        if item.is_file() and not item.is_symlink():
            files[str(item.relative_to(path))] = hashlib.sha256(item.read_bytes()).hexdigest()
    return files
