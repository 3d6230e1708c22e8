"""The ``maps watch`` server against hostile clients, and ports it cannot serve on.

A real server on 127.0.0.1 answers raw requests: other sites' host names (DNS rebinding),
symlinks out of the output folder, folder listings, HEAD against GET, bursts of connections.
Port mistakes go through the real CLI and must end in one clear error line.
"""

from __future__ import annotations

import http.client
import os
import select
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from maps import watch
from tests.hostile.harness import REPO, Outcome, assert_clean_failure, run_maps, tree

PAGE = "<!doctype html><html><head><title>map</title></head><body>the map</body></html>"
SECRET = "secret outside the output folder"


@dataclass
class Served:
    """A running watch server and the folders around it."""

    port: int
    out: Path
    outside: Path


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    """Serve an output folder holding a page, a data file, a sub-folder and symlinks."""
    out, outside = tmp_path / "build", tmp_path / "private"
    (out / "sub").mkdir(parents=True)
    outside.mkdir()
    (out / "page.html").write_text(PAGE, encoding="utf-8")
    (out / "data.json").write_text('{"a": 1}', encoding="utf-8")
    (out / "sub" / "inner.txt").write_text("inner", encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (out / "leak.txt").symlink_to(outside / "secret.txt")
    (out / "leakdir").symlink_to(outside, target_is_directory=True)
    (out / "alias.json").symlink_to(out / "data.json")
    watcher, server = watch.start([], out, port=0, log=lambda _: None)
    try:
        yield Served(server.server_address[1], out, outside)
    finally:
        watch.stop(watcher, server)


def request(
    port: int, path: str, host: str | None = None, method: str = "GET", hosts: int = 1
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One raw request with exactly the Host header given (none if ``host`` is None)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for _ in range(0 if host is None else hosts):
            conn.putheader("Host", str(host))
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def local(port: int) -> str:
    return f"127.0.0.1:{port}"


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1",
        "127.0.0.1:{other}",
        "",
    ],
)
def test_other_host_names_are_refused(served: Served, host: str) -> None:
    name = host.format(port=served.port, other=served.port + 1)
    status, _, body = request(served.port, "/page.html", name)
    assert status in (403, 421)
    assert b"the map" not in body


def test_a_missing_or_repeated_host_is_refused(served: Served) -> None:
    status, _, body = request(served.port, "/page.html", None)
    assert status in (403, 421) and b"the map" not in body
    status, _, body = request(served.port, "/page.html", local(served.port), hosts=2)
    assert status in (403, 421) and b"the map" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_this_machines_names_are_served(served: Served, host: str) -> None:
    status, _, body = request(served.port, "/page.html", host.format(port=served.port))
    assert status == 200 and b"the map" in body
    assert b"/__status" in body  # the live-reload script


@pytest.mark.parametrize(
    "path", ["/page.html", "/", "/data.json", "/__status", "/missing.html", "/sub/"]
)
def test_head_reports_the_same_headers_as_get(served: Served, path: str) -> None:
    got_status, got, body = request(served.port, path, local(served.port))
    head_status, head, nothing = request(served.port, path, local(served.port), "HEAD")
    assert head_status == got_status
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == got["Content-Length"] == str(len(body))
    assert nothing == b""


@pytest.mark.parametrize("path", ["/leak.txt", "/leakdir/secret.txt", "/leakdir/"])
def test_symlinks_out_of_the_output_folder_are_refused(served: Served, path: str) -> None:
    status, _, body = request(served.port, path, local(served.port))
    assert status == 404
    assert SECRET.encode() not in body and b"secret.txt" not in body


def test_symlinks_inside_the_output_folder_are_served(served: Served) -> None:
    status, headers, body = request(served.port, "/alias.json", local(served.port))
    assert status == 200 and body == b'{"a": 1}'
    assert headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/sub/", "/sub", "/"])
def test_folders_are_not_listed(served: Served, path: str) -> None:
    status, _, body = request(served.port, path, local(served.port))
    assert b"inner.txt" not in body and b"page.html" not in body
    assert status == (200 if path == "/" else 404)  # "/" is a page waiting for the first map


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
def test_only_get_and_head_are_served(served: Served, method: str) -> None:
    status, _, body = request(served.port, "/page.html", local(served.port), method)
    assert status == 501 and b"the map" not in body


def test_sixty_simultaneous_connections_are_all_accepted(served: Served) -> None:
    """A burst of connections all enter the queue at once (a backlog of 5 drops the rest
    until TCP retries a second later), and each gets its answer."""
    sockets = [socket.socket() for _ in range(60)]
    try:
        for sock in sockets:
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", served.port))
        waiting = list(sockets)
        deadline = time.monotonic() + 0.5  # half the first TCP retry; loopback takes microseconds
        while waiting and time.monotonic() < deadline:
            _, ready, _ = select.select([], waiting, [], deadline - time.monotonic())
            waiting = [s for s in waiting if s not in ready]
        assert not waiting, f"{len(waiting)} of 60 connections not accepted"
        request_line = f"GET /__status HTTP/1.1\r\nHost: {local(served.port)}\r\n"
        for sock in sockets:
            sock.setblocking(True)
            sock.settimeout(30)
            sock.sendall(f"{request_line}Connection: close\r\n\r\n".encode())
        for sock in sockets:
            with sock.makefile("rb") as reply:
                assert reply.readline().split()[1] == b"200"
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture()
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "status-quo.yaml"
    shutil.copy(REPO / "scenarios" / "status-quo.yaml", path)
    return path


def assert_port_failure(outcome: Outcome, expected: str, out: Path) -> None:
    """One error line naming the port, a hint towards --port 0, nothing written."""
    assert_clean_failure(outcome, expected, max_seconds=30)
    assert "hint: use --port 0" in outcome.stderr
    assert tree(out) == {}


@pytest.mark.parametrize("port", ["99999", "65536", "-1"])
def test_a_port_out_of_range_is_one_clear_error(tmp_path: Path, scenario: Path, port: str) -> None:
    out = tmp_path / "build"
    outcome = run_maps("watch", str(scenario), "-o", str(out), "--port", port, cwd=tmp_path)
    assert_port_failure(outcome, f"port {port} is out of range", out)


def test_a_port_in_use_is_one_clear_error(tmp_path: Path, scenario: Path) -> None:
    out = tmp_path / "build"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        outcome = run_maps("watch", str(scenario), "-o", str(out), "--port", port, cwd=tmp_path)
    assert_port_failure(outcome, f"port {port} is already in use", out)


def run_maps_without_bind_rights(*args: str, cwd: Path) -> Outcome:
    """Run the CLI without the right to bind ports below 1024 (dropped if we are root)."""
    start = Path("/proc/sys/net/ipv4/ip_unprivileged_port_start")
    if start.exists() and int(start.read_text()) <= 80:
        pytest.skip("this machine lets every user bind port 80")
    if os.geteuid() != 0:
        return run_maps(*args, cwd=cwd)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is needed to drop the right to bind low ports")
    drop = ["--inh-caps=-net_bind_service", "--bounding-set=-net_bind_service"]
    began = time.perf_counter()
    done = subprocess.run(
        [setpriv, *drop, sys.executable, "-m", "maps", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - began
    return Outcome(tuple(args), done.returncode, done.stdout, done.stderr, elapsed, 0.0)


def test_a_privileged_port_is_one_clear_error(tmp_path: Path, scenario: Path) -> None:
    out = tmp_path / "build"
    outcome = run_maps_without_bind_rights(
        "watch", str(scenario), "-o", str(out), "--port", "80", cwd=tmp_path
    )
    assert_port_failure(outcome, "port 80 is privileged", out)
