"""The package's own exceptions and source positions: every error a user can cause is one of
these, reported as one line (``path:line:col: message`` for scenario files), never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class MapsError(Exception):
    """Base class for errors reported to the user as a one-line message, not a traceback."""


class UnknownNameError(MapsError, LookupError):
    """A region, baseline, party or place name that is not known."""


class DataError(MapsError):
    """Shipped or fetched data that is missing or malformed."""


class OutputError(MapsError):
    """An output file that cannot be written: no space, no permission, not a regular file."""


@dataclass(frozen=True)
class Where:
    """A position in a scenario file (1-based line and column)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One mistake in a scenario file, with an optional hint on how to fix it."""

    where: Where | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class ScenarioError(MapsError):
    """Every problem found in a scenario file, each as ``path:line:col: message``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
