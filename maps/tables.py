"""Format tables of figures as text, Markdown, CSV or JSON. Presentation only."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "" if value is None else str(value)


def text_table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """A plain aligned table; numbers right-aligned with thousands separators."""
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    numeric = [
        all(isinstance(r.get(c), int | float) for r in rows if r.get(c) is not None)
        for c in columns
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(columns), rule, *(line(row) for row in cells)])


def markdown_table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """A GitHub-flavoured Markdown table."""
    numeric = [
        all(isinstance(r.get(c), int | float) for r in rows if r.get(c) is not None)
        for c in columns
    ]
    head = "| " + " | ".join(columns) + " |"
    align = "|" + "|".join("---:" if num else "---" for num in numeric) + "|"
    body = [
        "| " + " | ".join(_cell(r.get(c)).replace("|", "\\|") for c in columns) + " |" for r in rows
    ]
    return "\n".join([head, align, *body])


def csv_table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """CSV with a header row; numbers unformatted."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def json_text(data: Any) -> str:
    """Stable, readable JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
