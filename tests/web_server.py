"""A local HTTP server on 127.0.0.1 for the web tests: real pages, feeds, and broken answers.

The pages are brief-dev articles (`../shared/eval/brief-dev`) wrapped in article markup with the
title, site name and date of their `gold.json` as meta tags, as a news site serves them. The server
runs in a daemon thread, answers nothing but 127.0.0.1, and shuts itself down after `LIFETIME`
seconds even when a test forgets to.
"""

from __future__ import annotations

import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

LIFETIME = 300.0  # seconds; the server stops by itself after this
SLOW_SECONDS = 3.0  # the slow answer waits this long before its first byte
OVERSIZE = 3 * 1024 * 1024  # bytes of the oversized answers


def article_html(text: str, title: str, site: str, date: str | None) -> str:
    """A news page: head metadata, navigation, the article's paragraphs, a footer."""
    paragraphs = "\n".join(
        f"<p>{html.escape(block.strip())}</p>" for block in text.split("\n\n") if block.strip()
    )
    date_meta = (
        f'<meta property="article:published_time" content="{date}T08:00:00Z">' if date else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:title" content="{html.escape(title, quote=True)}">
<meta property="og:site_name" content="{html.escape(site, quote=True)}">
{date_meta}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{html.escape(title)}</h1>
{paragraphs}
</article>
<footer><p>All rights reserved.</p></footer>
</body></html>
"""


class Site:
    """The fixture pages of one brief-dev story, as (path, gold record, html) triples."""

    def __init__(self, story_dir: Path, prefix: str) -> None:
        gold = json.loads((story_dir / "gold.json").read_text(encoding="utf-8"))
        self.pages: list[tuple[str, dict, str]] = []
        for record in gold["articles"]:
            text = (story_dir / record["file"]).read_text(encoding="utf-8")
            path = f"/{prefix}/{Path(record['file']).stem}.html"
            title = record["title"] or f"{record['site']} article"
            self.pages.append(
                (path, record, article_html(text, title, record["site"], record["date"]))
            )


def rss_feed(base: str, items: list[tuple[str, str, str | None]]) -> str:
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>"
        + (
            f"<pubDate>{time.strftime('%a, %d %b %Y', time.strptime(date, '%Y-%m-%d'))} 08:00:00 GMT</pubDate>"
            if date
            else ""
        )
        + "</item>\n"
        for path, title, date in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fixture news</title><link>{base}/</link>
<description>Test feed</description>
{entries}</channel></rss>
"""


def atom_feed(items: list[tuple[str, str, str | None]]) -> str:
    # relative links: feedparser resolves them against where the feed was fetched from
    entries = "".join(
        f'<entry><title>{html.escape(title)}</title><link href="{path}"/>'
        f"<id>tag:fixture,2024:{path}</id><updated>{date or '2024-01-01'}T08:00:00Z</updated></entry>\n"
        for path, title, date in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture news</title>
<id>tag:fixture,2024:feed</id><updated>2024-01-01T08:00:00Z</updated>
{entries}</feed>
"""


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


class FixtureServer:
    """Serves the routes below on 127.0.0.1, on a free port; `url(path)` is a route's address."""

    def __init__(self, shared: Path) -> None:
        brief_dev = shared / "eval" / "brief-dev"
        self.world_cup = Site(brief_dev / "world-cup-final-2022", "world-cup")
        self.golden_dawn = Site(brief_dev / "golden-dawn-verdict-2020", "golden-dawn")
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        for site in (self.world_cup, self.golden_dawn):
            for path, _, page in site.pages:
                self.routes[path] = (200, "text/html; charset=utf-8", page.encode("utf-8"))
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_port}"
        rss_items = [(p, r["title"] or r["site"], r["date"]) for p, r, _ in self.world_cup.pages]
        self.routes["/feed.rss"] = (
            200,
            "application/rss+xml",
            rss_feed(self.base, [*rss_items, ("/missing", "Gone", None)]).encode("utf-8"),
        )
        atom_items = [(p, r["title"] or r["site"], r["date"]) for p, r, _ in self.golden_dawn.pages]
        self.routes["/feed.atom"] = (200, "application/atom+xml", atom_feed(atom_items).encode())
        self.routes["/image.png"] = (200, "image/png", PNG)
        self.routes["/binary.html"] = (200, "text/html", PNG)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._stopper = threading.Timer(LIFETIME, self.stop)
        self._stopper.daemon = True

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FixtureServer:
        self._thread.start()
        self._stopper.start()
        return self

    def stop(self) -> None:
        self._stopper.cancel()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return None

            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                path = urlsplit(self.path).path
                server.requests.append(path)
                if path == "/slow":
                    time.sleep(SLOW_SECONDS)
                    return self._send(200, "text/html", b"<html><body><p>late</p></body></html>")
                if path == "/error":
                    return self._send(500, "text/html", b"<html><body>oops</body></html>")
                if path == "/loop":
                    return self._redirect("/loop")
                if path == "/moved":
                    return self._redirect(server.world_cup.pages[0][0])
                if path == "/huge":  # declares its size
                    body = b"<html><body><p>" + b"word " * (OVERSIZE // 5) + b"</p></body></html>"
                    return self._send(200, "text/html", body)
                if path == "/huge-stream":  # no Content-Length: the cap must hold while reading
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(OVERSIZE // 65536 + 1):
                            self.wfile.write(b"<p>" + b"word " * 13106 + b"</p>")
                    except OSError:  # the client stopped reading at its cap
                        pass
                    return None
                if path in server.routes:
                    return self._send(*server.routes[path])
                return self._send(404, "text/html", b"<html><body>not found</body></html>")

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _send(self, status: int, content_type: str, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (the slow answer)
                    pass

        return Handler
