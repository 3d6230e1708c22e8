"""The only module that talks to the network: one deadline, retries, limits, checked content.

Every fetch runs against one :class:`Deadline` (``$MAPS_HTTP_DEADLINE``) that covers the
connection, retries, the waits a server asks for (``Retry-After``) and the body: the body is
read one network read at a time, and each read may wait only as long as the deadline leaves,
so a server that trickles bytes cannot stretch a fetch past it. Redirects are followed here,
hop by hop, so that each hop too waits only as long as the deadline leaves.
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from maps import settings
from maps.errors import MapsError

JSON_TYPES = ("application/json", "application/geo+json", "text/json", "text/plain")
BINARY_TYPES = ("application/zip", "application/octet-stream", "application/x-zip-compressed")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
"""Longest wait a server may ask for between attempts; a longer ``Retry-After`` ends the fetch."""
CHUNK = 1 << 16
MAX_REDIRECTS = 5


class FetchError(MapsError):
    """A download that failed; the message says why in one line."""


class Deadline:
    """The moment a fetch (all its requests, retries and waits) gives up."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = settings.deadline() if seconds is None else seconds
        self._start = time.monotonic()

    def elapsed(self) -> float:
        """Seconds since the fetch began."""
        return time.monotonic() - self._start

    def remaining(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.seconds - self.elapsed())

    def __str__(self) -> str:
        return f"after {self.elapsed():.1f} s (deadline {self.seconds:g} s, MAPS_HTTP_DEADLINE)"

    def check(self, url: str, doing: str) -> None:
        """Raise :class:`FetchError` if the deadline has passed."""
        if self.remaining() <= 0:
            raise FetchError(f"{url}: gave up {doing} {self}")


def session() -> requests.Session:
    """A session with the package's User-Agent; retries are :func:`get_bytes`'s own."""
    s = requests.Session()
    s.headers["User-Agent"] = settings.USER_AGENT
    return s


def get_bytes(
    url: str, accept: tuple[str, ...] = BINARY_TYPES, deadline: Deadline | None = None
) -> bytes:
    """Download a body, checking status, content type, declared and actual size, and time."""
    clock = deadline or Deadline()
    limit = settings.max_bytes()
    with session() as s:
        response = _request(s, url, clock)
        with response:
            _check_status(response, url)
            _check_type(response, url, accept)
            declared = _declared_size(response, url, limit)
            body = _read_body(response, url, limit, clock)
    if declared is not None and len(body) != declared:
        raise FetchError(f"{url}: the response was cut short ({len(body):,} of {declared:,} bytes)")
    return body


def get_json(url: str, deadline: Deadline | None = None) -> Any:
    """Download and parse JSON (or GeoJSON), refusing NaN, Infinity and deep nesting."""
    body = get_bytes(url, JSON_TYPES, deadline)
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except RecursionError:
        raise _too_deep(url) from None
    except ValueError:
        raise FetchError(f"{url}: the response is not valid JSON") from None
    if json_depth(data) > settings.max_json_depth():
        raise _too_deep(url)
    return data


def json_depth(data: Any) -> int:
    """How deeply arrays and objects nest in parsed JSON (a scalar is depth 0)."""
    depth, level = 0, [data]
    while level := [item for item in level if isinstance(item, dict | list)]:
        depth += 1
        children: list[Any] = []
        for item in level:
            children.extend(item.values() if isinstance(item, dict) else item)
        level = children
    return depth


def _too_deep(url: str) -> FetchError:
    limit = settings.max_json_depth()
    return FetchError(f"{url}: JSON nested deeper than {limit} levels (MAPS_MAX_JSON_DEPTH)")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL with a host (and a usable port): one we may fetch."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # a port that is not a number
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0


def _request(s: requests.Session, url: str, clock: Deadline) -> requests.Response:
    """GET, following a few redirects, each hop retried and bounded by the deadline."""
    for _ in range(MAX_REDIRECTS + 1):
        response = _retried(s, url, clock)
        if not response.is_redirect:
            return response
        target = urljoin(url, response.headers["Location"])
        response.close()
        if not is_web_url(target):
            raise FetchError(f"{url}: redirected to {target[:80]!r}, not an http(s) URL")
        url = target
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _retried(s: requests.Session, url: str, clock: Deadline) -> requests.Response:
    """GET with retries on connection errors, timeouts, 429 and 5xx, all within the deadline."""
    attempts = settings.retries() + 1
    for attempt in range(attempts):
        last = attempt == attempts - 1
        clock.check(url, "connecting")
        timeouts = _timeouts(clock)
        try:
            response = s.get(url, timeout=timeouts, stream=True, allow_redirects=False)
        except requests.exceptions.Timeout:
            why = f"no answer within {max(timeouts):.3g} s"
        except requests.exceptions.ConnectionError as exc:
            why = f"network unreachable ({_reason(exc)})"
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"{url}: {_reason(exc)}") from None
        else:
            if last or response.status_code not in RETRY_STATUSES:
                return response
            why, wait = _status(response), _retry_after(response)
            response.close()
            _pause(url, _backoff(attempt) if wait is None else wait, clock, why)
            continue
        if last:
            raise FetchError(f"{url}: {why}; gave up {clock}")
        _pause(url, _backoff(attempt), clock, why)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _timeouts(clock: Deadline) -> tuple[float, float]:
    """Connect and read timeouts, neither longer than what the deadline leaves."""
    left = max(clock.remaining(), 0.001)
    connect, read = settings.timeout()
    return min(connect, left), min(read, left)


def _backoff(attempt: int) -> float:
    return settings.backoff() * 2.0**attempt


def _retry_after(response: requests.Response) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _pause(url: str, seconds: float, clock: Deadline, why: str) -> None:
    """Sleep before a retry, or give up if the wait is too long or would pass the deadline."""
    if seconds > MAX_RETRY_AFTER:
        raise FetchError(
            f"{url}: {why}; the server asks to wait {seconds:,.0f} s before retrying, longer "
            f"than the {MAX_RETRY_AFTER:g} s allowed; gave up {clock}"
        )
    if seconds >= clock.remaining():
        raise FetchError(
            f"{url}: {why}; retrying in {seconds:g} s would pass the deadline; gave up {clock}"
        )
    time.sleep(seconds)


def _status(response: requests.Response) -> str:
    return f"HTTP {response.status_code} {response.reason or ''}".rstrip()


def _check_status(response: requests.Response, url: str) -> None:
    if response.status_code == 404:
        raise FetchError(f"{url}: not found (HTTP 404)")
    if response.status_code >= 400:
        raise FetchError(f"{url}: {_status(response)}")


def _check_type(response: requests.Response, url: str, accept: tuple[str, ...]) -> None:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind and kind not in accept:
        raise FetchError(f"{url}: unexpected content type {kind[:60]!r} (expected {accept[0]})")


def _declared_size(response: requests.Response, url: str, limit: int) -> int | None:
    """The Content-Length, checked against the limit; None when absent or compressed."""
    text = response.headers.get("Content-Length", "").strip()
    if not text or response.headers.get("Content-Encoding", "identity") != "identity":
        return None
    if not text.isdigit():
        raise FetchError(f"{url}: invalid Content-Length {text[:40]!r}")
    if int(text) > limit:
        raise FetchError(f"{url}: response of {int(text):,} bytes is over the limit")
    return int(text)


def _read_body(response: requests.Response, url: str, limit: int, clock: Deadline) -> bytes:
    """The (decoded) body, one network read at a time, each bounded by the deadline."""
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            clock.check(url, "downloading")
            _bound_next_read(response, clock)
            chunk = response.raw.read1(CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url}: response is over the limit of {limit:,} bytes")
            chunks.append(chunk)
    except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
        stalled = "" if clock.remaining() <= 0 else "the download stalled; "
        raise FetchError(f"{url}: {stalled}gave up downloading {clock}") from None
    except (urllib3.exceptions.HTTPError, OSError):
        raise FetchError(f"{url}: the response was cut short") from None


def _bound_next_read(response: requests.Response, clock: Deadline) -> None:
    """Let the next network read wait no longer than the read timeout or the deadline."""
    connection = response.raw.connection
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(max(min(settings.timeout()[1], clock.remaining()), 0.001))


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
