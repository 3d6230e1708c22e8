"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import browser  # noqa: F401  (the session's Chromium, for browser tests)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The source checkout's root folder."""
    return REPO
