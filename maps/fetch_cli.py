"""The ``maps fetch`` command."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date {text!r}: write YYYY-MM-DD") from None


def _base_url(text: str) -> str:
    """An http(s) URL with a host, standing in for a source's own."""
    from maps._http import is_web_url

    if not is_web_url(text):
        raise argparse.ArgumentTypeError(f"{text[:80]!r} is not an http:// or https:// URL")
    return text


def add_fetch_parser(sub: Any) -> None:
    """Add ``maps fetch boundaries|control|list``."""
    p = sub.add_parser("fetch", help="download boundaries or control snapshots into the cache")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="WHAT")
    b = kinds.add_parser("boundaries", help="admin-1 boundaries (naturalearth, geoboundaries)")
    b.add_argument("--source", choices=["naturalearth", "geoboundaries"], required=True)
    c = kinds.add_parser("control", help="Russian-held territory as a baseline (deepstate, isw)")
    c.add_argument("--source", choices=["deepstate", "isw"], required=True)
    c.add_argument(
        "--date",
        type=_date,
        help="deepstate: the published snapshot nearest this date (default: the latest); "
        "isw: its layer is live only, so only today",
    )
    for q in (b, c):
        q.add_argument(
            "--base-url", type=_base_url, metavar="URL", help="a mirror standing in for the source"
        )
        q.add_argument("--offline", action="store_true", help="do not touch the network")
    kinds.add_parser("list", help="what the cache holds")
    p.set_defaults(handler=cmd_fetch)


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch into the cache, or list it."""
    from maps import fetch

    if args.kind == "list":
        return _list()
    if args.kind == "boundaries":
        path = fetch.fetch_boundaries(args.source, base_url=args.base_url, offline=args.offline)
        print(f"cached {args.source} boundaries: {path}")
        print(f"use them with maps.load_regions(source={args.source!r})", file=sys.stderr)
        return 0
    name = fetch.fetch_control(
        args.source, date=args.date, base_url=args.base_url, offline=args.offline
    )
    print(f"cached baseline {name}")
    print(f"use it with `baseline: {name}` in a scenario file", file=sys.stderr)
    return 0


def _list() -> int:
    """Print what the cache holds; damaged items are listed as such, with the fix."""
    from maps import cache
    from maps.settings import cache_dir

    print(f"cache: {cache_dir()}")
    for kind in (cache.BOUNDARIES, cache.BASELINES):
        listing = cache.scan(kind)
        if listing.problem:
            raise cache.CacheError(listing.problem)
        broken = dict(listing.broken)
        for name, meta in listing.entries.items():
            reason = cache.check_data(meta)
            if reason:
                broken[name] = reason
            else:
                print(f"{kind:10s} {name:28s} {meta.get('fetched_at', '')}  {meta.get('url', '')}")
        for name, reason in sorted(broken.items()):
            print(f"{kind:10s} {name:28s} damaged: {reason}; {cache.refetch(kind, name)}")
    return 0
