"""Command-line interface: ``maps COMMAND``. Wires loaders, engine and presenters together."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from maps import sizes
from maps.errors import MapsError
from maps.files import check_target, write_atomic

Handler = Callable[[argparse.Namespace], int]


def cmd_regions(args: argparse.Namespace) -> int:
    """Print Ukraine's regions with areas and the baseline's control shares."""
    from maps.load import baseline_metadata, load_baseline, load_regions
    from maps.provenance import AREAS, Provenance
    from maps.tables import csv_table, json_text, markdown_table, text_table

    regions = load_regions()
    baseline = load_baseline(args.baseline)
    held = baseline.pivot_table(
        index="region", columns="party", values="area_km2", aggfunc="sum", fill_value=0.0
    )
    ru_km2 = held["RU"].to_dict() if "RU" in held else {}
    rows = []
    listed: list[Any] = list(regions.itertuples())
    for r in listed:
        ru = float(ru_km2.get(r.id, 0.0))
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
            f"({100 * total_ru / total:.1f}%) at baseline {args.baseline}.\n"
            f"{Provenance.of(meta).sentence()}\n{AREAS}."
        )
    return 0


def cmd_features(args: argparse.Namespace) -> int:
    """List the named features scenario files can refer to."""
    from maps.load import load_features
    from maps.tables import csv_table, json_text, markdown_table, text_table

    columns = ["id", "kind", "name", "accuracy", "source"]
    features = load_features()
    rows: list[dict[Any, Any]] = features.drop(columns="geometry").to_dict("records")
    if args.format == "json":
        print(json_text({"features": rows}), end="")
    elif args.format == "csv":
        print(csv_table(rows, columns), end="")
    elif args.format == "markdown":
        print(markdown_table(rows, columns))
    else:
        print(text_table([{k: r[k] for k in columns[:3]} for r in rows], columns[:3]))
        print("\nSources and accuracy: `maps features --format markdown`, geodata/SOURCES.md.")
    return 0


def cmd_baselines(args: argparse.Namespace) -> int:
    """List the baselines: date, source, accuracy and area held."""
    from maps.load import list_baselines, load_baseline
    from maps.tables import csv_table, json_text, markdown_table, text_table

    rows: list[dict[str, Any]] = []
    for name, meta in list_baselines().items():
        held = load_baseline(name).groupby("party")["area_km2"].sum()
        rows.append(
            {
                "name": name,
                "date": str(meta.get("date", "")),
                "ru_km2": round(float(held.get("RU", 0.0)), 1),
                "ua_km2": round(float(held.get("UA", 0.0)), 1),
                "title": str(meta.get("title", "")),
                "accuracy": str(meta.get("accuracy", "")),
                "source": str(meta.get("source", "")),
            }
        )
    rows.sort(key=lambda r: str(r["date"]))
    columns = ["name", "date", "ru_km2", "ua_km2", "title", "accuracy", "source"]
    if args.format == "json":
        print(json_text({"baselines": rows}), end="")
    elif args.format == "csv":
        print(csv_table(rows, columns), end="")
    elif args.format == "markdown":
        print(markdown_table(rows, columns))
    else:
        print(text_table(rows, columns[:5]))
    return 0


def _scenario_meta(resolution: Any) -> dict[str, Any]:
    sc = resolution.scenario
    return {
        "id": sc.id,
        "title": sc.title,
        "date": str(sc.date),
        "baseline": sc.baseline,
        "parties": sc.party_names(),
    }


def _warn(resolutions: Sequence[Any], strict: bool) -> None:
    """Print every warning to stderr; with ``--strict`` they are errors."""
    warnings = [str(w) for r in resolutions for w in r.warnings]
    for text in warnings:
        print(text, file=sys.stderr)
    if strict and warnings:
        raise MapsError(f"{len(warnings)} warning(s), treated as errors (--strict)")


def cmd_stats(args: argparse.Namespace) -> int:
    """Print a scenario's figures as a table, JSON, CSV or Markdown."""
    from maps.pipeline import resolve_file
    from maps.summary import stats_csv, stats_json, stats_text

    resolution = resolve_file(args.file)
    _warn([resolution], args.strict)
    figures = resolution.figures
    if args.format == "json":
        print(stats_json(figures, _scenario_meta(resolution)), end="")
    elif args.format == "csv":
        print(stats_csv(figures, resolution.scenario.party_names()), end="")
    else:
        print(stats_text(resolution, args.format == "markdown", args.lang), end="")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario files: schema, names, places, and that every rule resolves."""
    from maps.parse import ScenarioError, load_scenario
    from maps.pipeline import resolve_scenario

    files = _scenario_files(args.files)
    failed = warned = 0
    for path in files:
        try:
            resolution = resolve_scenario(load_scenario(Path(path)))
        except ScenarioError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
        except MapsError as exc:
            failed += 1
            print(f"{path}: {exc}", file=sys.stderr)
        else:
            for warning in resolution.warnings:
                print(str(warning), file=sys.stderr)
            warned += bool(resolution.warnings)
            print(("warn  " if resolution.warnings else "ok  ") + str(path))
    if failed:
        print(f"{failed} of {len(files)} file(s) have errors", file=sys.stderr)
    if warned and args.strict:
        print(f"{warned} file(s) have warnings (errors with --strict)", file=sys.stderr)
    return 1 if failed or (warned and args.strict) else 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented starter scenario file."""
    from maps.parse import json_schema, starter_text
    from maps.tables import json_text

    target = Path(args.output or "scenarios")
    if target.is_dir() or args.output is None or args.output.endswith(("/", os.sep)):
        target = target / f"{args.id}.yaml"
    if target.exists() and not args.force:
        print(f"error: {target} exists (use --force to overwrite)", file=sys.stderr)
        return 1
    check_target(target)
    schema = target.parent / SCHEMA_NAME
    text = starter_text(
        args.id,
        Path(args.from_file) if args.from_file else None,
        schema=f"./{SCHEMA_NAME}",
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    if not schema.exists():
        write_atomic(json_text(json_schema()), schema)
        print(f"wrote {schema}")
    write_atomic(text, target)
    print(f"wrote {target}")
    return 0


SCHEMA_NAME = "scenario.schema.json"
"""The schema file ``maps new`` keeps next to the files it writes."""


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema of scenario files."""
    from maps.parse import json_schema
    from maps.tables import json_text

    text = json_text(json_schema())
    if args.output:
        write_atomic(text, Path(args.output))
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0


def _scenario_files(files: list[Path]) -> list[Path]:
    """The files given (a folder stands for its ``*.yaml``), or ``scenarios/*.yaml``."""
    given = files or [Path("scenarios")]
    found: list[Path] = []
    for path in given:
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not found:
        raise MapsError(f"no scenario files in {', '.join(map(str, given))}")
    return found


def cmd_render(args: argparse.Namespace) -> int:
    """Render every scenario's map and comparison map, and the index page."""
    from maps.pipeline import load_all
    from maps.render import render_pages, write_pages

    start = time.perf_counter()
    files = _scenario_files(args.files)
    print(f"resolving {len(files)} scenario(s)", file=sys.stderr)
    resolutions = load_all(files)
    _warn(resolutions, args.strict)
    pages = render_pages(
        resolutions,
        offline=not args.cdn,
        progress=lambda sid: print(f"  rendering {sid}", file=sys.stderr),
        tiles=args.tiles,
        lang=args.lang,
    )
    written = write_pages(pages, Path(args.output))
    for path, size in written:
        print(f"wrote {path} ({size / 1024:,.0f} KB)")
    seconds = time.perf_counter() - start
    print(f"{len(written)} files in {args.output}/ in {seconds:.1f} s", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """A swipe map comparing two scenarios."""
    from maps.pipeline import resolve_file
    from maps.render import compare_pages, write_pages

    a, b = resolve_file(args.a), resolve_file(args.b)
    _warn([a, b], args.strict)
    page = compare_pages(a, b, offline=not args.cdn, lang=args.lang)
    for path, size in write_pages([page], Path(args.output)):
        print(f"wrote {path} ({size / 1024:,.0f} KB)")
    return 0


EXPORT_FORMATS = ("png", "svg", "pdf", "geojson", "gpkg", "csv")
"""Static maps (png, svg, pdf) and GIS data (geojson, gpkg, csv)."""


def _export_format(fmt: str | None, output: str | None) -> str:
    """The format asked, or the one the output's suffix names; a mismatch is refused."""
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    suffix = {"json": "geojson", "jpeg": "", "jpg": ""}.get(suffix, suffix)
    if fmt and suffix and suffix in EXPORT_FORMATS and suffix != fmt:
        raise MapsError(f"--format {fmt} does not match the output's suffix .{suffix}")
    if fmt:
        return fmt
    if suffix in EXPORT_FORMATS:
        return suffix
    if output:
        raise MapsError(
            f"cannot tell the format from {output!r}: give --format "
            f"({', '.join(EXPORT_FORMATS)}) or a path ending in one of them"
        )
    return "png"


def cmd_export(args: argparse.Namespace) -> int:
    """Write a static map (PNG, SVG or PDF) or the layers as data (GeoJSON, GeoPackage, CSV)."""
    from maps.pipeline import resolve_file

    fmt = _export_format(args.format, args.output)
    if args.output:
        check_target(Path(args.output))
    if fmt in ("geojson", "gpkg", "csv"):
        from maps.gis import export_data

        res = resolve_file(args.file)
        _warn([res], strict=False)
        path = Path(args.output or f"build/{res.scenario.id}.{fmt}")
        export_data(res, path, fmt)
        print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")
        return 0
    from maps.sizes import check_size, parse_size

    size = parse_size(args.size, args.aspect)
    check_size(size, args.dpi, args.size)
    from maps.static import export

    res = resolve_file(args.file)
    _warn([res], strict=False)
    base = None
    if args.compare:
        from maps.pipeline import baseline_resolution

        base = baseline_resolution(res.scenario.baseline)
    suffix = "-compare" if args.compare else ""
    path = Path(args.output or f"build/{res.scenario.id}{suffix}.{fmt}")
    export(res, path, fmt=fmt, dpi=args.dpi, size=size, compare_with=base, lang=args.lang)
    print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")
    return 0


def cmd_embed(args: argparse.Namespace) -> int:
    """Print an iframe snippet for a rendered map, or the figures as a table."""
    from maps.embed import figures_html, figures_markdown, iframe_snippet
    from maps.pipeline import resolve_file

    res = resolve_file(args.file)
    _warn([res], strict=False)
    names = res.scenario.party_names(args.lang)
    if args.table == "markdown":
        print(figures_markdown(res.figures, names, args.lang))
    elif args.table == "html":
        print(figures_html(res.figures, names, args.lang))
    else:
        src = args.src or f"{res.scenario.id}{'-compare' if args.compare else ''}.html"
        print(iframe_snippet(src, res.scenario.title, lang=args.lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write a report page (HTML, self-contained; or Markdown with PNG files)."""
    from maps.pipeline import load_all
    from maps.report import report_html, report_markdown

    path = Path(args.output)
    check_target(path)
    resolutions = load_all(_scenario_files(args.files))
    _warn(resolutions, strict=False)
    if path.suffix == ".md":
        write_atomic(report_markdown(resolutions, path.parent, path.stem, args.lang), path)
    else:
        write_atomic(report_html(resolutions, args.lang), path)
    print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Serve the output, re-render scenarios when they change, reload the browser."""
    import webbrowser

    from maps import watch

    files = _scenario_files(args.files)
    watcher, server = watch.start(
        files,
        Path(args.output),
        args.port,
        log=lambda text: print(text, flush=True),
        lang=args.lang,
    )
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"serving {args.output}/ at {url}  (draw rules on any map; Ctrl+C to stop)", flush=True)
    if args.open:
        webbrowser.open(url + f"{files[0].stem}.html")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        watch.stop(watcher, server)
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse whose usage mistakes are one line and exit code 1, like every other error."""

    def error(self, message: str) -> NoReturn:
        """Print ``error: <message>`` and where to look, then exit 1."""
        self.exit(1, f"error: {message} (see `{self.prog} --help`)\n")


def _lang(parser: argparse.ArgumentParser) -> None:
    from maps.i18n import LANGS

    parser.add_argument(
        "--lang", choices=LANGS, default="en", help="language of the text (default: en)"
    )


def _strict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings (rules without effect, ...) as errors"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="maps", description="Territorial-control scenario maps of Ukraine.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("regions", help="table of regions with areas and baseline control")
    p.add_argument("--baseline", default="contact-line-2025-08", help="baseline name")
    p.add_argument("--focus", action="store_true", help="only the focus regions")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    p.set_defaults(handler=cmd_regions)

    p = sub.add_parser("baselines", help="the baselines: date, area held, source, accuracy")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    p.set_defaults(handler=cmd_baselines)

    p = sub.add_parser("features", help="named lines, areas and sites for scenario files")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    p.set_defaults(handler=cmd_features)

    p = sub.add_parser("validate", help="check scenario files (default: scenarios/*.yaml)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE|DIR")
    _strict(p)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("stats", help="figures of a scenario: who holds what, what changes hands")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    _lang(p)
    _strict(p)
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("render", help="render maps of scenarios (default: all) into build/")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", default="build", metavar="DIR", help="default: build")
    p.add_argument("--cdn", action="store_true", help="link Leaflet from a CDN (smaller files)")
    p.add_argument("--tiles", metavar="osm|URL", help="add an online tile layer (optional)")
    _lang(p)
    _strict(p)
    p.set_defaults(handler=cmd_render)

    p = sub.add_parser("compare", help="swipe map comparing scenario A (left) with B (right)")
    p.add_argument("a", type=Path, metavar="A.yaml")
    p.add_argument("b", type=Path, metavar="B.yaml")
    p.add_argument("-o", "--output", default="build", metavar="DIR", help="default: build")
    p.add_argument("--cdn", action="store_true", help="link Leaflet from a CDN (smaller files)")
    _lang(p)
    _strict(p)
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser(
        "export", help="static map (PNG, SVG, PDF) or GIS data (GeoJSON, GeoPackage, CSV)"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=EXPORT_FORMATS, help="default: from -o's suffix, else png")
    p.add_argument(
        "--size",
        metavar="SIZE",
        help=f"page size: {sizes.HELP}; default 10x7 (inches)",
    )
    p.add_argument(
        "--aspect", metavar="W:H", help="shape of the page, 10 inches wide or as wide as --size"
    )
    p.add_argument(
        "--dpi",
        type=int,
        default=sizes.DEFAULT_DPI,
        help="dots per inch of a PNG: more pixels on the same page (default 300)",
    )
    p.add_argument("--compare", action="store_true", help="two panels: baseline | scenario")
    p.add_argument("-o", "--output", metavar="PATH", help="default: build/ID.FORMAT")
    _lang(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("embed", help="iframe snippet for a rendered map, or a figures table")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--src", metavar="URL", help="where the map is published (default: ID.html)")
    p.add_argument("--compare", action="store_true", help="embed the comparison map")
    p.add_argument("--table", choices=["markdown", "html"], help="print the figures instead")
    _lang(p)
    p.set_defaults(handler=cmd_embed)

    p = sub.add_parser("report", help="report page of scenarios (default: all)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument(
        "-o",
        "--output",
        default="build/report.html",
        metavar="PATH",
        help="build/report.html, or a .md path for Markdown with PNG files",
    )
    _lang(p)
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("watch", help="serve build/ and re-render scenarios as you edit them")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", default="build", metavar="DIR", help="default: build")
    p.add_argument("--port", type=int, default=8000, help="default 8000 (0: any free port)")
    p.add_argument("--open", action="store_true", help="open the first map in a browser")
    _lang(p)
    p.set_defaults(handler=cmd_watch)

    from maps.fetch_cli import add_fetch_parser

    add_fetch_parser(sub)

    from maps.timeline_cli import add_timeline_parser

    add_timeline_parser(sub)

    p = sub.add_parser("new", help="write a commented starter scenario file")
    p.add_argument("id", help="scenario id, e.g. my-proposal (also the file name)")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="start from this scenario")
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR|PATH",
        help="a folder (the file is ID.yaml there, with scenario.schema.json beside it) or a "
        "file path; default: scenarios/",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("schema", help="JSON Schema of scenario files, for editors")
    p.add_argument("-o", "--output", metavar="PATH", help="write to a file instead of stdout")
    p.set_defaults(handler=cmd_schema)
    return parser


def _version() -> str:
    from maps._version import __version__

    return f"maps {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; every failure prints one clear message and returns 1, never a traceback.

    Set ``MAPS_DEBUG=1`` to get the traceback of an unexpected error instead.
    """
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except MapsError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_exit()
    except Exception as exc:
        if os.environ.get("MAPS_DEBUG"):
            raise
        return _fail(_unexpected(exc))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _unexpected(exc: BaseException) -> str:
    """One line for an error the package did not foresee."""
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process"
    if isinstance(exc, MemoryError):
        return "out of memory; the input is too big"
    text = " ".join(str(exc).split())[:200]
    return f"internal error: {type(exc).__name__}: {text} (set MAPS_DEBUG=1 for the traceback)"


def _quiet_exit() -> int:
    """The reader of our output went away (``maps regions | head``): stop without a word."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1
