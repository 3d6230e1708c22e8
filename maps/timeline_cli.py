"""The ``maps timeline`` command: load the baselines, lay them over one another, write the page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from maps.errors import MapsError


def snapshots(names: list[str] | None = None) -> list[Any]:
    """The named baselines (default: every one, shipped and fetched) as timeline snapshots."""
    from maps.load import list_baselines, load_baseline, load_contact_line
    from maps.timeline import Snapshot

    known = list_baselines()
    chosen = list(dict.fromkeys(names or known))  # each once, in the order given
    out = []
    for name in chosen:
        control = load_baseline(name)  # raises UnknownNameError with a hint
        meta = {"name": name, **control.attrs["baseline"]}
        out.append(Snapshot(name, meta, control, load_contact_line(name).geometry))
    return out


def places(lang: str = "en") -> Any:
    """The gazetteer with each place named in ``lang`` (in Ukrainian: see
    :func:`maps.placenames.uk_name`; English where none is known)."""
    from maps.load import load_gazetteer
    from maps.placenames import uk_name

    gazetteer = load_gazetteer()
    if lang != "uk":
        return gazetteer
    pairs = zip(gazetteer["name"], gazetteer["name_uk"], strict=True)
    return gazetteer.assign(name=[uk_name(str(n), str(u or "")) or str(n) for n, u in pairs])


def timeline_page(names: list[str] | None = None, *, offline: bool = True, lang: str = "en") -> str:
    """The timeline page of the named baselines (default: all) as HTML text, in ``lang``."""
    from maps.i18n import LANGS, Lang
    from maps.load import load_context, load_regions
    from maps.render.timeline import timeline_html
    from maps.timeline import timeline_data

    snaps = snapshots(names)
    if len(snaps) < 2:
        raise MapsError("a timeline needs at least two baselines")
    data = timeline_data(load_regions(), snaps, places(lang), load_context())
    language: Lang = next((known for known in LANGS if known == lang), "en")
    return timeline_html(data, offline=offline, lang=language)


def add_timeline_parser(sub: Any) -> None:
    """Add ``maps timeline``."""
    p = sub.add_parser("timeline", help="one HTML page showing the front through time")
    p.add_argument(
        "baselines", nargs="*", metavar="BASELINE", help="baseline names (default: every one)"
    )
    p.add_argument("-o", "--output", default="build", metavar="DIR", help="default: build")
    p.add_argument("--cdn", action="store_true", help="link Leaflet from a CDN (smaller file)")
    from maps.i18n import LANGS

    p.add_argument("--lang", choices=LANGS, default="en", help="language of the text (default: en)")
    p.set_defaults(handler=cmd_timeline)


def cmd_timeline(args: argparse.Namespace) -> int:
    """Write ``DIR/timeline.html``."""
    from maps.files import write_atomic

    text = timeline_page(args.baselines or None, offline=not args.cdn, lang=args.lang)
    path = Path(args.output) / "timeline.html"
    write_atomic(text, path)
    print(f"wrote {path} ({len(text.encode('utf-8')) / 1e6:.2f} MB)")
    print(f"open it in a browser: {path.resolve().as_uri()}", file=sys.stderr)
    return 0
