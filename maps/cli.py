"""Command-line interface: ``maps COMMAND``. Wires loaders, engine and presenters together."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from maps.errors import MapsError

Handler = Callable[[argparse.Namespace], int]


def cmd_regions(args: argparse.Namespace) -> int:
    """Print Ukraine's regions with areas and the baseline's control shares."""
    from maps.data import baseline_metadata, load_baseline, load_regions
    from maps.tables import csv_table, json_text, markdown_table, text_table

    regions = load_regions()
    baseline = load_baseline(args.baseline)
    held = baseline.pivot_table(index="region", columns="party", values="area_km2", aggfunc="sum")
    rows = []
    for r in regions.itertuples():
        ru = float(held.loc[r.id].get("RU", 0.0)) if r.id in held.index else 0.0
        rows.append(
            {
                "id": r.id,
                "name": r.name,
                "iso": r.iso,
                "focus": "*" if r.focus else "",
                "area_km2": round(float(r.area_km2), 1),
                "ru_km2": round(ru, 1),
                "ru_share": round(100 * ru / float(r.area_km2), 1),
            }
        )
    if args.focus:
        rows = [row for row in rows if row["focus"]]
    total = sum(row["area_km2"] for row in rows)
    total_ru = sum(row["ru_km2"] for row in rows)
    columns = ["id", "name", "iso", "focus", "area_km2", "ru_km2", "ru_share"]
    meta = baseline_metadata(args.baseline)
    if args.format == "json":
        print(json_text({"baseline": {"name": args.baseline, **meta}, "regions": rows}), end="")
    elif args.format == "csv":
        print(csv_table(rows, columns), end="")
    elif args.format == "markdown":
        print(markdown_table(rows, columns))
    else:
        print(text_table(rows, columns))
        print(
            f"\nTotal {total:,.0f} km², Russian-held {total_ru:,.0f} km² "
            f"({100 * total_ru / total:.1f}%) at baseline {args.baseline} ({meta['date']}, "
            "approximate).\nAreas from Natural Earth 10m geometry in an equal-area projection."
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="maps", description="Territorial-control scenario maps of Ukraine."
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("regions", help="table of regions with areas and baseline control")
    p.add_argument("--baseline", default="contact-line-2025-08", help="baseline name")
    p.add_argument("--focus", action="store_true", help="only the focus regions")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    p.set_defaults(handler=cmd_regions)
    return parser


def _version() -> str:
    from maps import __version__

    return f"maps {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors print one clear message and return 1."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except MapsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
