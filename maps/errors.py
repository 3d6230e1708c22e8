"""The package's own exceptions: every error a user can cause is one of these."""

from __future__ import annotations


class MapsError(Exception):
    """Base class for errors reported to the user as a one-line message, not a traceback."""


class UnknownNameError(MapsError, LookupError):
    """A region, baseline, party or place name that is not known."""


class DataError(MapsError):
    """Shipped or fetched data that is missing or malformed."""


class OutputError(MapsError):
    """An output file that cannot be written: no space, no permission, not a regular file."""
