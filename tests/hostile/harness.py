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
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "maps", *args],
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
    """Wait for the child; return (exit code, peak RSS in KB). -9999 means it was killed."""
    deadline = time.monotonic() + seconds
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return child.returncode, int(usage.ru_maxrss)
        if time.monotonic() > deadline:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            child.returncode = -9
            return -9999, int(usage.ru_maxrss)
        time.sleep(0.02)


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
