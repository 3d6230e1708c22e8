"""Maps in Jupyter: the scenario map in an isolated iframe."""

from __future__ import annotations

import sys
from html import escape
from typing import Any

from maps.render.maps import scenario_map
from maps.render.page import render_html
from maps.resolve import Resolution

SANDBOX = "allow-scripts"
"""The map's scripts run, but in an opaque origin: they cannot reach the notebook page, its
cookies or its kernel, whatever the scenario's text contains."""


def map_iframe(res: Resolution, height: int = 560) -> str:
    """The scenario map as a sandboxed iframe whose document is given inline (works offline)."""
    page = render_html(scenario_map(res), res.scenario.title)
    return (
        f'<iframe srcdoc="{escape(page, quote=True)}" sandbox="{SANDBOX}" '
        f'title="{escape(res.scenario.title, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:0" allowfullscreen></iframe>'
    )


def register(shell: Any | None = None) -> bool:
    """Show every :class:`Resolution` as its map in Jupyter, through IPython's display system
    (the engine itself draws nothing). Uses the running shell when none is given; returns
    whether a shell was found."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    shell.display_formatter.formatters["text/html"].for_type(Resolution, map_iframe)
    return True
