"""Knobs for network access, fetched-data limits and the cache, each an environment variable.

Every variable is checked when it is read: a value that is not a number, or outside its
range, is a :class:`SettingError` naming the variable, never a traceback.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from maps._version import __version__
from maps.errors import MapsError

APP_NAME = "ukraine-scenario-maps"
USER_AGENT = f"{APP_NAME}/{__version__} (+https://pypi.org/project/{APP_NAME}/)"
MB = 1024 * 1024


class SettingError(MapsError):
    """An environment variable with a value the package cannot use."""


def _number(name: str, default: float, low: float, high: float, *, whole: bool = False) -> float:
    """The variable's value (or ``default`` when unset or empty), checked against a range."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise SettingError(f"{name}={text[:40]!r} is not {kind}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise SettingError(f"{name}={text[:40]!r} is out of range ({low:g} to {high:g})")
    return value


def cache_dir() -> Path:
    """Where fetched data lives: ``$MAPS_CACHE_DIR`` or the user cache folder."""
    override = os.environ.get("MAPS_CACHE_DIR")
    if override:
        try:
            return Path(override).expanduser()
        except RuntimeError:  # ~user of no known user
            raise SettingError(f"MAPS_CACHE_DIR={override[:80]!r}: no such home folder") from None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def timeout() -> tuple[float, float]:
    """Connect and read timeouts in seconds (``$MAPS_HTTP_TIMEOUT`` sets both; 0: default)."""
    value = _number("MAPS_HTTP_TIMEOUT", 0.0, 0.0, 600.0)
    return (value, value) if value > 0 else (10.0, 60.0)


def deadline() -> float:
    """Seconds one fetch may take in all, retries and waits included (``$MAPS_HTTP_DEADLINE``)."""
    return _number("MAPS_HTTP_DEADLINE", 120.0, 0.1, 3600.0)


def retries() -> int:
    """Retries on connection errors, 429 and 5xx (``$MAPS_HTTP_RETRIES``)."""
    return int(_number("MAPS_HTTP_RETRIES", 3, 0, 10, whole=True))


def backoff() -> float:
    """Backoff factor between retries in seconds (``$MAPS_HTTP_BACKOFF``)."""
    return _number("MAPS_HTTP_BACKOFF", 0.5, 0.0, 60.0)


def max_bytes() -> int:
    """Largest response accepted (``$MAPS_HTTP_MAX_BYTES``; default 200 MB)."""
    return int(_number("MAPS_HTTP_MAX_BYTES", 200 * MB, 1, 4096 * MB, whole=True))


def max_unzipped_bytes() -> int:
    """Largest total size of an archive's members (``$MAPS_MAX_UNZIPPED_BYTES``; 300 MB)."""
    return int(_number("MAPS_MAX_UNZIPPED_BYTES", 300 * MB, 1, 16384 * MB, whole=True))


def max_features() -> int:
    """Most features accepted in one GeoJSON payload (``$MAPS_MAX_FEATURES``)."""
    return int(_number("MAPS_MAX_FEATURES", 50_000, 1, 10_000_000, whole=True))


def max_vertices() -> int:
    """Most polygon vertices accepted in one GeoJSON payload (``$MAPS_MAX_VERTICES``)."""
    return int(_number("MAPS_MAX_VERTICES", 800_000, 1, 50_000_000, whole=True))


def max_json_depth() -> int:
    """Deepest nesting of arrays and objects accepted in JSON (``$MAPS_MAX_JSON_DEPTH``)."""
    return int(_number("MAPS_MAX_JSON_DEPTH", 32, 8, 500, whole=True))


def check() -> None:
    """Read every network and limit setting once, so a bad value fails before any download."""
    for read in (
        timeout,
        deadline,
        retries,
        backoff,
        max_bytes,
        max_unzipped_bytes,
        max_features,
        max_vertices,
        max_json_depth,
    ):
        read()
