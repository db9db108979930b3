"""Pages and feeds over HTTP, against a local server on 127.0.0.1 (tests/web_server.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.export import escape_markdown
from summarize.web import is_url
from tests.test_cli import run_brief
from tests.tui_helpers import settle
from tests.web_server import FixtureServer, rss_feed
from tui.app import MtbriefApp

MB = 1024 * 1024
BROKEN = {  # route: the reason its one line gives
    "/slow": "timed out after 1 s",
    "/missing": "HTTP 404 Not Found",
    "/error": "HTTP 500 Internal Server Error",
    "/loop": "too many redirects (over 5)",
    "/huge": "too large: over 1 MB, not an article",
    "/huge-stream": "too large: over 1 MB, not an article",
    "/image.png": "not an HTML page or a feed (content type image/png)",
    "/binary.html": "binary data, not text",
}


@pytest.fixture(scope="module")
def server(shared_dir: Path) -> Iterator[FixtureServer]:
    running = FixtureServer(shared_dir).start()
    yield running
    running.stop()


def test_a_page_is_fetched_with_its_title_date_site_and_url(server: FixtureServer) -> None:
    path, gold, _ = server.world_cup.pages[2]
    loaded = load_articles([server.url(path)])
    assert loaded.errors == []
    (article,) = loaded.articles
    assert article.title == gold["title"]
    assert article.date == gold["date"]
    assert article.site == gold["site"]
    assert article.url == server.url(path)
    assert "Messi" in article.text and "All rights reserved" not in article.text
    assert "Sport" not in article.text.splitlines()[0]  # the navigation is not article text


def test_a_redirected_page_remembers_where_it_landed(server: FixtureServer) -> None:
    (article,) = load_articles([server.url("/moved")]).articles
    assert article.source == server.url("/moved")
    assert article.url == server.url(server.world_cup.pages[0][0])
    assert article.date is None  # the page states no date, and none is guessed from its text


def test_an_rss_feed_is_briefed_item_by_item(server: FixtureServer) -> None:
    loaded = load_articles([server.url("/feed.rss")])
    pages = server.world_cup.pages
    assert [a.url for a in loaded.articles] == [server.url(path) for path, _, _ in pages]
    assert [a.title for a in loaded.articles] == [gold["title"] for _, gold, _ in pages]
    assert [str(e) for e in loaded.errors] == [f"{server.url('/missing')}: HTTP 404 Not Found"]


def test_an_atom_feed_resolves_relative_links_and_lends_its_dates(server: FixtureServer) -> None:
    loaded = load_articles([server.url("/feed.atom")])
    pages = server.golden_dawn.pages
    assert loaded.errors == []
    assert [a.url for a in loaded.articles] == [server.url(path) for path, _, _ in pages]
    for article, (_, gold, _) in zip(loaded.articles, pages, strict=True):
        # a page that states no date takes the feed's date for its item
        assert article.date == (gold["date"] or "2024-01-01")


def test_a_feed_file_fetches_its_items(server: FixtureServer, tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    items = [(path, gold["site"], None) for path, gold, _ in server.golden_dawn.pages[:2]]
    feed.write_text(rss_feed(server.base, items), encoding="utf-8")
    loaded = load_articles([str(feed)])
    assert loaded.errors == []
    assert [a.site for a in loaded.articles] == [site for _, site, _ in items]


def test_an_xml_file_that_is_no_feed_gets_one_line(server: FixtureServer, tmp_path: Path) -> None:
    not_a_feed = tmp_path / "notes.xml"
    not_a_feed.write_text("<notes><note>hello</note></notes>", encoding="utf-8")
    loaded = load_articles([str(not_a_feed)])
    assert [str(e) for e in loaded.errors] == [f"{not_a_feed}: not an RSS or Atom feed"]


def test_each_broken_answer_gets_one_line_and_the_run_goes_on(server: FixtureServer) -> None:
    good = server.world_cup.pages[3][0]
    urls = [server.url(path) for path in BROKEN] + [server.url(good)]
    result = run_brief(
        *urls, "--engine", "extractive", "--timeout", "1", "--max-size", "1", "--format", "json"
    )
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stderr.decode().splitlines()
    skipped = [line for line in lines if line.startswith("brief: skipped ")]
    assert skipped == [f"brief: skipped {server.url(p)}: {why}" for p, why in BROKEN.items()]
    assert "Traceback" not in result.stderr.decode()
    document = json.loads(result.stdout)
    (source,) = document["sources"]
    assert source["url"] == source["location"] == server.url(good)
    assert source["site"] == "dailyvoice.co.za"


def test_the_sources_list_cites_each_url(server: FixtureServer) -> None:
    result = run_brief(server.url("/feed.atom"), "--engine", "extractive", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    sources = result.stdout.decode().split("## Sources", 1)[1].strip().splitlines()
    assert len(sources) == len(server.golden_dawn.pages)  # numbered story by story
    for path, gold, _ in server.golden_dawn.pages:
        (line,) = [line for line in sources if line.endswith(f"`{server.url(path)}`")]
        assert line.endswith(f" ({escape_markdown(gold['site'])}): `{server.url(path)}`"), line


@pytest.mark.parametrize("program", ["summarize.cli", "tui.app"])
def test_nothing_usable_exits_non_zero(server: FixtureServer, program: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", program, server.url("/missing"), server.url("/image.png")],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 3, lines  # two refusals and the error
    assert "HTTP 404 Not Found" in lines[0] and "content type image/png" in lines[1]


def test_paths_and_urls_are_told_apart() -> None:
    assert is_url("https://example.com/a") and is_url("HTTP://example.com/")
    assert not is_url("http.txt") and not is_url(Path("http://x")) and not is_url("ftp://x/y")


async def test_the_review_desk_opens_a_feed(server: FixtureServer, tmp_path: Path) -> None:
    articles = load_articles([server.url("/feed.atom")]).articles
    app = MtbriefApp(articles, engine="extractive", store_path=tmp_path / "review.json")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        # the desk lists the articles story by story: compare without the order
        assert sorted(state.article.title for state in screen.desk.states) == sorted(
            gold["title"] for _, gold, _ in server.golden_dawn.pages
        )
        assert sorted(source.location for source in screen.report.sources) == sorted(
            server.url(path) for path, _, _ in server.golden_dawn.pages
        )


def test_the_environment_proxy_is_used_but_never_for_this_machine(
    server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = server.world_cup.pages[1][0]
    monkeypatch.setenv("http_proxy", server.base)  # the fixture server answers as the proxy
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    (article,) = load_articles([f"http://news.invalid{path}"]).articles
    assert article.url == f"http://news.invalid{path}"
    assert article.site == server.world_cup.pages[1][1]["site"]
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # a dead proxy: 127.0.0.1 goes direct
    assert load_articles([server.url(path)]).errors == []
