"""A real headless Chromium (Debian package) driven by Playwright, with the network blocked."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page, Route

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    """The system Chromium. Without it a browser test is skipped with the reason on a developer
    machine, and fails in CI (``CI`` set), where `.ci/run` installs it: CI never skips."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run every browser test")
        pytest.skip(message)
    return path


@dataclass
class PageLog:
    """What a page did: console errors, page errors, requests it tried, dialogs it opened."""

    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 (a free port) while in the block; yield its URL."""
    handler = partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log on stderr."""


@contextmanager
def open_page(
    browser: Browser, path: Path | str, size: tuple[int, int] = (1280, 800)
) -> Iterator[tuple[Page, PageLog]]:
    """Open a local file (or a URL on 127.0.0.1) with every other request blocked; yield
    (page, log)."""
    log = PageLog()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})

    def route(request_route: Route) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")) or "127.0.0.1" in url:
            request_route.continue_()
        else:
            log.blocked.append(url)
            request_route.abort()

    def dismiss(dialog: Dialog) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", route)
    page.on("console", lambda msg: log.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on("dialog", dismiss)
    page.goto(path if isinstance(path, str) else path.resolve().as_uri())
    page.wait_for_load_state("load")
    try:
        yield page, log
    finally:
        page.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole test session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def click_map(page: Page, points: list[list[float]]) -> None:
    """Click the first map at [lon, lat] points."""
    pixels = page.evaluate(
        "pts => pts.map(p => { const c = MapsKit.maps[0].latLngToContainerPoint([p[1], p[0]]);"
        " return [c.x, c.y]; })",
        points,
    )
    box = page.locator(".folium-map").bounding_box()
    assert box is not None
    for x, y in pixels:
        page.mouse.click(box["x"] + x, box["y"] + y)
