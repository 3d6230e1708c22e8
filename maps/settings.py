"""Knobs for network access and the cache, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

from maps import __version__

APP_NAME = "ukraine-scenario-maps"
USER_AGENT = f"{APP_NAME}/{__version__} (+https://pypi.org/project/{APP_NAME}/)"


def cache_dir() -> Path:
    """Where fetched data lives: ``$MAPS_CACHE_DIR`` or the user cache folder."""
    override = os.environ.get("MAPS_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def timeout() -> tuple[float, float]:
    """Connect and read timeouts in seconds (``$MAPS_HTTP_TIMEOUT`` sets both)."""
    value = float(os.environ.get("MAPS_HTTP_TIMEOUT", "0") or 0)
    return (value, value) if value > 0 else (10.0, 60.0)


def retries() -> int:
    """Retries on connection errors, 429 and 5xx (``$MAPS_HTTP_RETRIES``)."""
    return int(os.environ.get("MAPS_HTTP_RETRIES", "3"))


def backoff() -> float:
    """Backoff factor between retries in seconds (``$MAPS_HTTP_BACKOFF``)."""
    return float(os.environ.get("MAPS_HTTP_BACKOFF", "0.5"))


def max_bytes() -> int:
    """Largest response accepted (``$MAPS_HTTP_MAX_BYTES``; default 200 MB)."""
    return int(os.environ.get("MAPS_HTTP_MAX_BYTES", str(200 * 1024 * 1024)))
