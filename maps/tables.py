"""Format tables of figures as text, Markdown, CSV or JSON, and user text as Markdown.
Presentation only."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

Row = Mapping[str, Any]

_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*\[\]|~]")
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_BLOCK_MARK = re.compile(r"^[#+-]")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_HTTP_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_URL_SAFE = "/:?#=&%+,;@!$-._~"
"""Characters kept as they are in a Markdown link target; all others are percent-encoded."""


def http_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL (the only kind that may become a link), else None."""
    return url if url is not None and _HTTP_URL.fullmatch(url) else None


def markdown_text(text: str) -> str:
    """User text as inline Markdown that reads literally: no HTML, links, images, code,
    emphasis, table cells, headings or list items come from it."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", text).strip()
    text = _MARKDOWN_PUNCTUATION.sub(lambda m: "\\" + m.group(), text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = html.escape(text, quote=False)
    text = _BLOCK_MARK.sub(r"\\\g<0>", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def markdown_link(text: str, url: str | None) -> str:
    """``[text](url)`` for an http(s) URL; any other URL is shown as text after the text."""
    label = markdown_text(text)
    if url is None:
        return label
    safe = http_url(url)
    if safe is None:
        return f"{label} ({markdown_text(url)})"
    return f"[{label}]({quote(safe, safe=_URL_SAFE)})"


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
    """A GitHub-flavoured Markdown table; every cell is text (see :func:`markdown_text`)."""
    numeric = [
        all(isinstance(r.get(c), int | float) for r in rows if r.get(c) is not None)
        for c in columns
    ]
    head = "| " + " | ".join(markdown_text(c) for c in columns) + " |"
    align = "|" + "|".join("---:" if num else "---" for num in numeric) + "|"
    body = ["| " + " | ".join(markdown_text(_cell(r.get(c))) for c in columns) + " |" for r in rows]
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
