"""The only module that talks to the network: one session, retries, limits, checked content."""

from __future__ import annotations

import json
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from maps import settings
from maps.errors import MapsError

JSON_TYPES = ("application/json", "application/geo+json", "text/json", "text/plain")
BINARY_TYPES = ("application/zip", "application/octet-stream", "application/x-zip-compressed")


class FetchError(MapsError):
    """A download that failed; the message says why in one line."""


def session() -> requests.Session:
    """A session with a User-Agent and retries with backoff on 429 and 5xx."""
    s = requests.Session()
    s.headers["User-Agent"] = settings.USER_AGENT
    retry = Retry(
        total=settings.retries(),
        backoff_factor=settings.backoff(),
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET",),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def get_bytes(url: str, accept: tuple[str, ...] = BINARY_TYPES) -> bytes:
    """Download a body, checking status, content type, declared and actual size."""
    limit = settings.max_bytes()
    try:
        with session() as s, s.get(url, timeout=settings.timeout(), stream=True) as response:
            _check_status(response, url)
            _check_type(response, url, accept)
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > limit:
                raise FetchError(f"{url}: response of {declared:,} bytes is over the limit")
            body = _read_limited(response, url, limit)
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
        raise FetchError(f"{url}: the response was cut short") from None
    except requests.exceptions.Timeout:
        raise FetchError(f"{url}: no answer within {settings.timeout()[1]:g} s") from None
    except requests.exceptions.ConnectionError as exc:
        if "timed out" in str(exc).lower() or "ReadTimeout" in str(exc):
            raise FetchError(f"{url}: no answer within {settings.timeout()[1]:g} s") from None
        raise FetchError(f"{url}: network unreachable ({_reason(exc)})") from None
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{url}: {_reason(exc)}") from None
    if declared and len(body) != declared:
        raise FetchError(f"{url}: the response was cut short ({len(body):,} of {declared:,} bytes)")
    return body


def get_json(url: str) -> Any:
    """Download and parse JSON (or GeoJSON)."""
    body = get_bytes(url, JSON_TYPES)
    try:
        return json.loads(body)
    except ValueError:
        raise FetchError(f"{url}: the response is not valid JSON") from None


def _check_status(response: requests.Response, url: str) -> None:
    if response.status_code == 404:
        raise FetchError(f"{url}: not found (HTTP 404)")
    if response.status_code >= 400:
        raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())


def _check_type(response: requests.Response, url: str, accept: tuple[str, ...]) -> None:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind and kind not in accept:
        raise FetchError(f"{url}: unexpected content type {kind!r} (expected {accept[0]})")


def _read_limited(response: requests.Response, url: str, limit: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=1 << 16):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: response is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
