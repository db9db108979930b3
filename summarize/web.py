"""Pages and feeds over HTTP: fetching within limits, and reading RSS and Atom feeds.

`fetch` gets one URL (urllib3) with a time limit for the whole answer, a cap on redirects and a cap
on bytes, and refuses HTTP errors and content that is neither an HTML page nor a feed. Every
refusal is an `InputError`, one line naming the URL, so a run reports it and goes on. `feed_items`
reads a feed with feedparser: each item names the page to fetch. Turning pages into articles is the
loaders' work (`summarize.articles`).
"""

from __future__ import annotations

import io
import time
import urllib.request
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

from summarize.errors import InputError

TIMEOUT = 20.0  # seconds for one whole answer: connecting, redirects and every byte
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+xml",
    "application/xml",
    "text/xml",
)
_HEADERS = {
    "User-Agent": "mtbrief/0.1 (news brief; +https://pypi.org/project/mtbrief/)",
    "Accept": ", ".join((*_HTML_TYPES, *_FEED_TYPES[:3], "*/*;q=0.1")),
}


def is_url(source: object) -> bool:
    """Whether a source (a command-line argument, a path, a link) is a web address."""
    return isinstance(source, str) and source[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Page:
    """One fetched answer: the final URL (after redirects), its bytes, and whether it is a feed."""

    url: str
    data: bytes
    is_feed: bool


@dataclass(frozen=True)
class Link:
    """A page to fetch, with the title and date that whoever links to it (a feed) gives."""

    url: str
    title: str | None = None
    date: str | None = None  # ISO date


@cache
def _pool(proxy: str | None = None):
    import urllib3

    if proxy:
        return urllib3.ProxyManager(proxy, headers=_HEADERS)
    return urllib3.PoolManager(headers=_HEADERS)


def _pool_for(url: str):
    """The connection pool for `url`: through the proxy the environment names (`https_proxy`,
    `no_proxy`...) as other tools do, and never for this machine itself."""
    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    host = parts.hostname or ""
    if not proxy or host in _LOOPBACK or urllib.request.proxy_bypass(host):
        return _pool()
    return _pool(proxy)


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def _refusal(url: str, exc: Exception, timeout: float) -> InputError:
    """A one-line reason for a urllib3 failure."""
    from urllib3 import exceptions

    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, exceptions.TimeoutError):
        return InputError(url, f"timed out after {timeout:g} s")
    if isinstance(reason, exceptions.ResponseError) and "redirect" in str(reason):
        return InputError(url, f"too many redirects (over {MAX_REDIRECTS})")
    if isinstance(reason, exceptions.NameResolutionError):
        return InputError(url, "cannot connect: host not found")
    if isinstance(reason, exceptions.NewConnectionError):
        return InputError(url, "cannot connect: connection refused or unreachable")
    if isinstance(reason, exceptions.SSLError):
        return InputError(url, "cannot connect: TLS certificate or handshake failed")
    if isinstance(reason, exceptions.LocationValueError):
        return InputError(url, "not a valid URL")
    return InputError(url, f"fetch failed ({type(reason).__name__})")


def _kind(content_type: str, data: bytes) -> str:
    """'html', 'feed' or '' (neither) from the Content-Type, or from the bytes when there is none."""
    if content_type in _HTML_TYPES:
        return "html"
    if content_type in _FEED_TYPES:
        return "feed"
    if content_type:
        return ""
    head = data.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "feed" if head.startswith((b"<?xml", b"<rss", b"<feed")) else ""


def fetch(url: str, *, limit: int, timeout: float = TIMEOUT) -> Page:
    """Get `url` within `timeout` seconds, `MAX_REDIRECTS` redirects and `limit` bytes.

    Raises `InputError` for an HTTP error, a refused or slow server, too many redirects, too many
    bytes, and content that is neither HTML nor a feed."""
    import urllib3

    deadline = time.monotonic() + timeout
    retries = urllib3.Retry(
        total=None, connect=0, read=0, status=0, other=0, redirect=MAX_REDIRECTS
    )
    try:
        response = _pool_for(url).request(
            "GET",
            url,
            retries=retries,
            timeout=urllib3.Timeout(total=timeout),
            preload_content=False,
        )
    except (urllib3.exceptions.HTTPError, ValueError) as exc:
        raise _refusal(url, exc, timeout) from None
    try:
        if response.status >= 400:
            raise InputError(url, f"HTTP {response.status} {response.reason or ''}".rstrip())
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type and not _kind(content_type, b""):
            raise InputError(url, f"not an HTML page or a feed (content type {content_type})")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise InputError(url, f"too large: over {_megabytes(limit)}, not an article")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.stream(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise InputError(url, f"too large: over {_megabytes(limit)}, not an article")
            if time.monotonic() > deadline:
                raise InputError(url, f"timed out after {timeout:g} s")
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise _refusal(url, exc, timeout) from None
    finally:
        response.release_conn()
    data = b"".join(chunks)
    kind = _kind(content_type, data)
    if not kind:
        raise InputError(url, "not an HTML page or a feed")
    return Page(url=urljoin(url, response.url or ""), data=data, is_feed=kind == "feed")


def _iso_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None


def feed_items(data: bytes, source: str, base_url: str | None = None) -> list[Link | InputError]:
    """The items of an RSS or Atom feed, in feed order; an item without a web link is an error.

    Relative links are resolved against `base_url` (where the feed was fetched from)."""
    import feedparser

    headers = {"content-location": base_url} if base_url else {}
    feed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not feed.version:
        raise InputError(source, "not an RSS or Atom feed")
    if not feed.entries:
        raise InputError(source, "empty feed: no items")
    items: list[Link | InputError] = []
    for number, entry in enumerate(feed.entries, start=1):
        link = (entry.get("link") or "").strip()
        if not is_url(link):
            items.append(InputError(f"{source}#{number}", "feed item has no web link"))
            continue
        items.append(Link(link, (entry.get("title") or "").strip() or None, _iso_date(entry)))
    return items
