"""Per-process memoisation of data reads and derived layers, with one switch to forget it all.

Loaded data and display layers are computed once per process; ``forget()`` drops them when the
data on disk changes (``maps watch`` calls it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_MEMOISED: list[Any] = []


def memo(function: F) -> F:
    """Like ``functools.cache``, and cleared by :func:`forget`."""
    cached = cache(function)
    _MEMOISED.append(cached)
    return cached  # type: ignore[return-value]


def forget() -> None:
    """Drop every memoised result."""
    for cached in _MEMOISED:
        cached.cache_clear()
