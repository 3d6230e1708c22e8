"""``maps watch``: serve build/ on 127.0.0.1, re-render scenarios when their files change, and
reload the open pages. A broken file shows its errors in the page and the terminal; the
watcher keeps going and the last good map stays on screen."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from maps.data import data_files
from maps.errors import MapsError
from maps.files import write_atomic
from maps.memo import forget
from maps.pipeline import resolve_scenario
from maps.render import render_pages, write_pages
from maps.render.index_page import index_html
from maps.resolve import Resolution
from maps.scenario_io import load_scenario

POLL_SECONDS = 0.1
LIVE_SCRIPT = """<script>(function(){
var version=null;
function overlay(errors){var o=document.getElementById("mk-errors");
if(!errors.length){if(o)o.remove();return;}
if(!o){o=document.createElement("pre");o.id="mk-errors";document.body.appendChild(o);}
o.style.cssText="position:fixed;left:0;right:0;bottom:0;z-index:10000;margin:0;padding:12px;"+
"max-height:45%;overflow:auto;background:#fff3f3;color:#8b0000;border-top:3px solid #c00;"+
"font:13px/1.4 monospace;white-space:pre-wrap";
o.textContent=errors.join("\\n\\n");}
function poll(){fetch("/__status",{cache:"no-store"}).then(function(r){return r.json();})
.then(function(s){if(version!==null&&s.version!==version){location.reload();return;}
version=s.version;overlay(s.errors);}).catch(function(){}).finally(function(){setTimeout(poll,250);});}
poll();
if(window.MapsKit&&MapsKit.maps&&MapsKit.maps.length){MapsKit.editMode(MapsKit.maps[0]);}
})();</script>"""


@dataclass
class State:
    """What the watcher knows: a version that changes on every rebuild, and current errors."""

    version: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "version": self.version,
                "errors": [self.errors[k] for k in sorted(self.errors)],
            }

    def update(self, path: str, error: str | None, rebuilt: bool) -> None:
        with self.lock:
            if error is None:
                self.errors.pop(path, None)
            else:
                self.errors[path] = error
            if rebuilt or error is not None:
                self.version += 1


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; adds live reload to HTML pages and a status endpoint."""

    state: State

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/__status":
            self._send(json.dumps(self.state.snapshot()).encode(), "application/json")
            return
        target = Path(self.translate_path(self.path.split("?")[0].split("#")[0]))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            html = target.read_text(encoding="utf-8")
            cut = html.rfind("</html>")
            html = html[:cut] + LIVE_SCRIPT + html[cut:] if cut >= 0 else html + LIVE_SCRIPT
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


class Watcher:
    """Polls scenario files and re-renders the ones that change."""

    def __init__(self, files: list[Path], outdir: Path, log: Callable[[str], None] = print):
        self.files = [Path(f) for f in files]
        self.outdir = Path(outdir)
        self.state = State()
        self.log = log
        self._stamps: dict[Path, float] = {}
        self._data_stamps: dict[Path, float] = {}
        self._stop = threading.Event()
        self.last_ms: float | None = None
        self.good: dict[Path, Resolution] = {}

    def build(self, path: Path) -> None:
        """Re-render one scenario; record its errors instead of raising them."""
        start = time.perf_counter()
        try:
            res = resolve_scenario(load_scenario(path))
            pages = render_pages([res])
            write_pages([p for p in pages if p.name != "index.html"], self.outdir)
            self.good[path] = res
            ordered = [self.good[f] for f in self.files if f in self.good]
            write_atomic(index_html(ordered, ordered[0].baseline), self.outdir / "index.html")
        except MapsError as exc:
            self.state.update(str(path), str(exc), rebuilt=False)
            self.log(f"error in {path}:\n{exc}")
            return
        self.last_ms = (time.perf_counter() - start) * 1000
        self.state.update(str(path), None, rebuilt=True)
        self.log(f"rendered {path} in {self.last_ms:.0f} ms")

    def _data_changed(self) -> bool:
        """Whether a data file the scenarios use changed since the last look."""
        baselines = {res.scenario.baseline for res in self.good.values()}
        files = {f for name in baselines for f in data_files(name)}
        changed = False
        for path in sorted(files):
            try:
                stamp = path.stat().st_mtime_ns
            except OSError:
                continue
            changed |= self._data_stamps.get(path, stamp) != stamp
            self._data_stamps[path] = stamp
        return changed

    def poll(self) -> list[Path]:
        """Build every file whose modification time (or whose data) changed; return them."""
        if self._data_changed():
            self.log("data changed: reading it again")
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

    def run(self) -> None:
        """Poll until stopped."""
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(POLL_SECONDS)

    def stop(self) -> None:
        """Ask the polling loop to end."""
        self._stop.set()


def serve(watcher: Watcher, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for the watcher's output folder (port 0: any free port)."""
    watcher.outdir.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (_Handler,), {"state": watcher.state})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=watcher.outdir))
    server.daemon_threads = True
    return server


def start(
    files: list[Path], outdir: Path, port: int = 0, log: Callable[[str], None] = print
) -> tuple[Watcher, ThreadingHTTPServer]:
    """Build once, then serve and watch in background threads; stop with :func:`stop`."""
    watcher = Watcher(files, outdir, log)
    watcher.poll()
    server = serve(watcher, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watcher.run, daemon=True).start()
    return watcher, server


def stop(watcher: Watcher, server: ThreadingHTTPServer) -> None:
    """Stop watching and serving."""
    watcher.stop()
    server.shutdown()
    server.server_close()
