"""``maps watch``: serve build/ on 127.0.0.1, re-render scenarios when their files change, and
reload the open pages. Any failure shows in the page and the terminal as one message; the
watcher keeps going and the last good map stays on screen."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from maps.errors import MapsError
from maps.i18n import Lang
from maps.load import data_files
from maps.memo import forget
from maps.parse import load_scenario
from maps.pipeline import resolve_scenario
from maps.render import render_pages, write_pages
from maps.render.assets import inline_script, read_asset
from maps.resolve import Resolution

POLL_SECONDS = 0.1
MAX_PORT = 65535
PORT_HINT = "  hint: use --port 0 for any free port"
BUG_HINT = "  hint: this looks like a bug in maps; please report it with the file"
MAX_MESSAGE = 2000
WATCHER = "(watcher)"
DataStamp = tuple[tuple[str, int], ...] | str
PLACEHOLDER = (
    b'<!doctype html><html><head><meta charset="utf-8"><title>maps watch</title></head>'
    b"<body><p>No map has been rendered yet.</p></body></html>"
)


def live_script() -> str:
    """The live-reload ``<script>`` added to every HTML page served."""
    return inline_script(read_asset("live.js"))


def describe(exc: Exception, path: Path | str) -> str:
    """One clear message (no traceback) for anything that went wrong with ``path``."""
    if isinstance(exc, MapsError):
        text = str(exc)
    elif isinstance(exc, OSError):
        text = f"cannot read or write {exc.filename or 'a file'}: {exc.strerror or exc}"
    elif isinstance(exc, RecursionError):
        text = "nested too deeply to process\n  hint: flatten the deepest lists or mappings"
    elif isinstance(exc, MemoryError):
        text = "ran out of memory while rendering"
    else:
        text = f"unexpected {type(exc).__name__}: {exc}\n{BUG_HINT}"
    text = text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"  # a huge repr
    return text if text.startswith(str(path)) else f"{path}: {text}"


def data_stamp(baseline: str) -> DataStamp:
    """The data files a baseline reads with their modification times, or why they cannot
    be listed: any change means reading the data again."""
    try:
        files = data_files(baseline)
    except Exception as exc:
        return describe(exc, baseline)
    return tuple((str(f), _mtime(f)) for f in files)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@dataclass
class State:
    """What the watcher knows: a version that changes on every rebuild, and current errors."""

    version: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        """The version and the errors, sorted by file, as the status endpoint sends them."""
        with self.lock:
            return {
                "version": self.version,
                "errors": [self.errors[k] for k in sorted(self.errors)],
            }

    def update(self, path: str, error: str | None, rebuilt: bool) -> None:
        """Record the outcome for ``path``; a rebuild changes the version (pages reload)."""
        with self.lock:
            if error is None:
                self.errors.pop(path, None)
            else:
                self.errors[path] = error
            if rebuilt:
                self.version += 1


class _Server(ThreadingHTTPServer):
    """A threading HTTP server with room for bursts of connections and no tracebacks."""

    request_queue_size = 64
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that hangs up mid-reply is normal: say nothing."""


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder, GET and HEAD only, to 127.0.0.1 / localhost clients; adds
    live reload to HTML pages and a status endpoint."""

    state: State

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        if not self._host_allowed():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "unknown Host")
            return
        path = urlsplit(self.path).path
        if path == "/__status":
            self._send(json.dumps(self.state.snapshot()).encode(), "application/json", body)
            return
        target = self._target(path)
        if target is None and path == "/":
            self._send_html(PLACEHOLDER, body)
        elif target is None:
            self.send_error(HTTPStatus.NOT_FOUND)
        elif target.suffix == ".html":
            self._send_html(target.read_bytes(), body)
        else:
            self._send_file(target, body)

    def _host_allowed(self) -> bool:
        """Only the names of this machine: a page on another site cannot read the maps by
        pointing its own name at 127.0.0.1 (DNS rebinding)."""
        hosts = self.headers.get_all("Host") or []
        port = cast(_Server, self.server).server_port
        allowed = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        return len(hosts) == 1 and hosts[0].strip().lower() in allowed

    def _target(self, path: str) -> Path | None:
        """The file to serve for a URL path, or None: no folders, nothing outside the root."""
        local = Path(self.translate_path(path))
        if path.endswith("/") and local.is_dir():
            local = local / "index.html"
        real = Path(os.path.realpath(local))
        root = Path(os.path.realpath(self.directory))
        return real if real.is_relative_to(root) and real.is_file() else None

    def _send_html(self, page: bytes, body: bool) -> None:
        script = live_script().encode("utf-8")
        cut = page.lower().rfind(b"</html>")
        page = page[:cut] + script + page[cut:] if cut >= 0 else page + script
        self._send(page, "text/html; charset=utf-8", body)

    def _send_file(self, target: Path, body: bool) -> None:
        with target.open("rb") as f:
            self._headers(self.guess_type(str(target)), os.fstat(f.fileno()).st_size)
            if body:
                shutil.copyfileobj(f, self.wfile)

    def _send(self, content: bytes, kind: str, body: bool) -> None:
        self._headers(kind, len(content))
        if body:
            self.wfile.write(content)

    def _headers(self, kind: str, length: int) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


class Watcher:
    """Polls scenario files and re-renders the ones that change."""

    def __init__(
        self,
        files: list[Path],
        outdir: Path,
        log: Callable[[str], None] = print,
        lang: Lang = "en",
    ):
        self.files = [Path(f) for f in files]
        self.outdir = Path(outdir)
        self.state = State()
        self.log = log
        self._stamps: dict[Path, float] = {}
        self._data: dict[str, DataStamp] = {}
        self._stop = threading.Event()
        self.last_ms: float | None = None
        self.good: dict[Path, Resolution] = {}
        self.lang = lang
        """The language the pages are rendered in."""

    def build(self, path: Path) -> None:
        """Re-render one scenario; record any failure instead of raising it."""
        start = time.perf_counter()
        try:
            self._render(path)
        except Exception as exc:
            self._fail(str(path), describe(exc, path))
            return
        self.last_ms = (time.perf_counter() - start) * 1000
        self.state.update(str(path), None, rebuilt=True)
        for warning in self.good[path].warnings:
            self._say(str(warning))
        self._say(f"rendered {path} in {self.last_ms:.0f} ms")

    def _render(self, path: Path) -> None:
        """Resolve and write one scenario's pages; the index adds it to the others."""
        scenario = load_scenario(path)
        self._watch_data(scenario.baseline)
        res = resolve_scenario(scenario)
        # the index keeps the others
        write_pages(render_pages([res], lang=self.lang), self.outdir)
        self.good[path] = res

    def _fail(self, key: str, message: str) -> None:
        """Show a failure in the pages' overlay and the terminal."""
        self.state.update(key, message, rebuilt=False)
        self._say(f"error in {key}:\n{message}")

    def _say(self, text: str) -> None:
        """Log a line; a terminal that went away must not stop the watcher."""
        with contextlib.suppress(Exception):
            self.log(text)

    def _watch_data(self, baseline: str) -> None:
        """Start watching a baseline's data files, before they are first read."""
        if baseline not in self._data:
            self._data[baseline] = data_stamp(baseline)

    def _data_changed(self) -> bool:
        """Whether a data file the scenarios use changed since the last look."""
        now = {name: data_stamp(name) for name in self._data}
        changed = now != self._data
        self._data = now
        return changed

    def poll(self) -> list[Path]:
        """Build every file whose modification time (or whose data) changed; return them."""
        if self._data_changed():
            self._say("data changed: reading it again")
            forget()
            self._stamps.clear()
        changed = []
        for path in self.files:
            try:
                stamp = path.stat().st_mtime_ns
            except OSError:
                continue
            if self._stamps.get(path) != stamp:
                self._stamps[path] = stamp
                changed.append(path)
                self.build(path)
        return changed

    def poll_safely(self) -> None:
        """Poll; a failure outside any one scenario is shown once, and polling goes on."""
        try:
            self.poll()
        except Exception as exc:
            message = describe(exc, WATCHER)
            if self.state.errors.get(WATCHER) != message:
                self._fail(WATCHER, message)
            return
        if WATCHER in self.state.errors:
            self.state.update(WATCHER, None, rebuilt=False)

    def run(self) -> None:
        """Poll until stopped, whatever goes wrong in between."""
        while not self._stop.is_set():
            self.poll_safely()
            self._stop.wait(POLL_SECONDS)

    def stop(self) -> None:
        """Ask the polling loop to end."""
        self._stop.set()


def check_port(port: int) -> None:
    """Refuse a port number outside 0-65535 before trying to bind it."""
    if not 0 <= port <= MAX_PORT:
        raise MapsError(f"port {port} is out of range: use 0 to {MAX_PORT}\n{PORT_HINT}")


def _bind_error(port: int, exc: OSError) -> MapsError:
    """The one-line reason a port cannot be served on."""
    if exc.errno == errno.EADDRINUSE:
        reason = f"port {port} is already in use"
    elif exc.errno == errno.EACCES and port < 1024:
        reason = f"port {port} is privileged (below 1024): it needs administrator rights"
    else:
        reason = f"cannot serve on port {port}: {exc.strerror or exc}"
    return MapsError(f"{reason}\n{PORT_HINT}")


def serve(watcher: Watcher, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for the watcher's output folder (port 0: any free port).

    Raises :class:`MapsError` when the port is out of range, in use or not permitted.
    """
    check_port(port)
    handler = type("Handler", (_Handler,), {"state": watcher.state})
    try:
        return _Server(("127.0.0.1", port), partial(handler, directory=str(watcher.outdir)))
    except OSError as exc:
        raise _bind_error(port, exc) from None


def start(
    files: list[Path],
    outdir: Path,
    port: int = 0,
    log: Callable[[str], None] = print,
    lang: Lang = "en",
) -> tuple[Watcher, ThreadingHTTPServer]:
    """Bind the port, build once (pages in ``lang``), then serve and watch in background
    threads; stop with :func:`stop`. A port that cannot be served on fails before anything is
    written."""
    watcher = Watcher(files, outdir, log, lang)
    server = serve(watcher, port)
    watcher.poll_safely()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watcher.run, daemon=True).start()
    return watcher, server


def stop(watcher: Watcher, server: ThreadingHTTPServer) -> None:
    """Stop watching and serving."""
    watcher.stop()
    server.shutdown()
    server.server_close()
