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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium carries the ``browser`` marker (``-m "not browser"``)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
