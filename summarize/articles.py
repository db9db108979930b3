"""Articles and their loaders: text, Markdown, HTML, JSON, JSON Lines, folders and stdin.

A loader decodes bytes faithfully and never repairs: `Article.text` is the decoded input, kept
unmodified so the reader can review every repair against it. Repairs (mojibake included) are
explainable edits made later by `summarize.repair`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from summarize import web
from summarize.errors import InputError, within_limits

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES
FEED_SUFFIXES = (".rss", ".atom", ".xml")  # named on the command line; a folder's are not read

MAX_BYTES = 10 * 1024 * 1024  # a news article is well under 1 MB; more is almost surely a mistake
_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"\x1f\x8b",
)
_TEXT_FIELDS = ("text", "body", "content", "article", "maintext")
_TITLE_FIELDS = ("title", "headline", "name")
_URL_FIELDS = ("url", "link", "source_url")
_LANGUAGE_FIELDS = ("language", "lang", "source_language")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_DATE_FIELDS = ("date", "published", "date_publish", "pubdate")


@dataclass(frozen=True)
class Article:
    """One article as loaded: `text` is the raw decoded text, never modified."""

    id: str
    title: str
    source: str
    text: str
    url: str | None = None
    date: str | None = None
    language: str | None = None
    encoding: str = "utf-8"
    path: str | None = None  # the file it came from; None for stdin and the web
    site: str | None = None  # the site's name, from the page's metadata
    title_origin: str = (
        "page"  # "page": its own headline; "lead": a lead clause; "written": by a model
    )


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def article_id(text: str) -> str:
    """A stable id: the start of the SHA-256 of the raw text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_article(
    text: str,
    source: str,
    *,
    title: str | None = None,
    url: str | None = None,
    date: str | None = None,
    language: str | None = None,
    encoding: str = "utf-8",
    site: str | None = None,
) -> Article:
    if not text.strip():
        raise InputError(source, "empty: no text to brief")
    from summarize.dates import page_date
    from summarize.headlines import find_headline  # debris rules know which lines are no title

    headline = find_headline(text, title)
    dated = str(date) if date else page_date(text)
    return Article(
        id=article_id(text),
        title=headline.text,
        title_origin=headline.origin,
        source=source,
        text=text,
        url=url or None,
        date=str(dated) if dated else None,
        language=language or None,
        encoding=encoding,
        site=site or None,
    )


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else a legacy encoding.

    Returns the text and the encoding used. Raises `InputError` for binary data and bytes that no
    encoding explains.
    """
    if not data.strip():
        raise InputError(source, "empty: no text to brief")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(source, f"undecodable UTF-16 ({exc.reason})") from None
    head = data[:8192]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise InputError(source, "binary data, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, threshold=0.1).best()
    if best is None or best.encoding.startswith("utf"):
        raise InputError(source, "undecodable bytes: not UTF-8 and no legacy encoding fits")
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 1000):
        raise InputError(source, "binary data, not text")
    if text.count(" ") + text.count("\n") < len(text) * 0.03:  # prose has words; this has none
        raise InputError(source, "undecodable bytes: not UTF-8 and no legacy encoding fits")
    return text, best.encoding


def _read_limited(stream, source: str, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, f"too large: over {limit // (1024 * 1024)} MB, not an article")
    return data


def _first(record: dict, names: Iterable[str]) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def article_from_record(record: object, source: str) -> Article:
    """An article from a JSON object with title, text, url, date and language fields."""
    if not isinstance(record, dict):
        raise InputError(source, "JSON record is not an object")
    text = _first(record, _TEXT_FIELDS)
    if text is None:
        raise InputError(source, f"JSON record has no text field ({', '.join(_TEXT_FIELDS)})")
    return make_article(
        text,
        source,
        title=_first(record, _TITLE_FIELDS),
        url=_first(record, _URL_FIELDS),
        date=_first(record, _DATE_FIELDS),
        language=_first(record, _LANGUAGE_FIELDS),
    )


def _parse_json(text: str, source: str) -> Iterator[Article]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None
    records = document if isinstance(document, list) else [document]
    if not records:
        raise InputError(source, "empty JSON list: no articles")
    for index, record in enumerate(records):
        yield article_from_record(record, source if len(records) == 1 else f"{source}#{index + 1}")


def _parse_jsonl(text: str, source: str) -> Iterator[Article]:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{number}", f"malformed JSON line: {exc.msg}") from None
        found = True
        yield article_from_record(record, f"{source}:{number}")
    if not found:
        raise InputError(source, "empty: no JSON records")


def _parse_html(text: str, source: str, link: web.Link | None = None) -> Article:
    """The main text and metadata of a page. For a fetched page, `link` gives its URL, and the
    title and date a feed gives where the page's own metadata has none."""
    import trafilatura

    document = trafilatura.bare_extraction(
        text,
        url=link.url if link else None,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=True,
        # only a date the page's markup states; the text's first year is no publication date
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(document, "text", None) if document is not None else None
    if not body or len(_WORDS.findall(body)) < 3:
        raise InputError(source, "no article text found in the HTML")
    return make_article(
        body,
        source,
        title=getattr(document, "title", None) or (link and link.title),
        url=link.url if link else getattr(document, "url", None),
        date=getattr(document, "date", None) or (link and link.date),
        language=getattr(document, "language", None),
        site=getattr(document, "sitename", None),
    )


def _sniff_kind(text: str) -> str:
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    if head.startswith(("{", "[")):
        first_line = text.strip().splitlines()[0]
        try:
            json.loads(text)
            return "json"
        except json.JSONDecodeError:
            try:
                json.loads(first_line)
                return "jsonl"
            except json.JSONDecodeError:
                return "text"
    return "text"


def parse_articles(data: bytes, source: str, kind: str | None = None) -> list[Article]:
    """Turn the bytes of one file or stream into articles; `kind` is sniffed when not given.
    Input that exhausts a resource (JSON nested too deeply) is an `InputError` like any other."""
    articles = within_limits(lambda: _parse_articles(data, source, kind), source, "loading")
    if isinstance(articles, InputError):
        raise articles
    return articles


def _parse_articles(data: bytes, source: str, kind: str | None) -> list[Article]:
    text, encoding = decode_bytes(data, source)
    if not text.strip():
        raise InputError(source, "empty: no text to brief")
    kind = kind or _sniff_kind(text)
    if kind == "html":
        return [_parse_html(text, source)]
    if kind == "json":
        return list(_parse_json(text, source))
    if kind == "jsonl":
        return list(_parse_jsonl(text, source))
    return [make_article(text.replace("\r\n", "\n"), source, encoding=encoding)]


def _kind_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def _read_file(path: Path, limit: int) -> bytes:
    source = str(path)
    try:
        with path.open("rb") as stream:
            return _read_limited(stream, source, limit)
    except FileNotFoundError:
        raise InputError(source, "no such file or folder") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror or exc})") from None


def load_path(path: Path, limit: int = MAX_BYTES) -> list[Article]:
    """Load one file's articles."""
    source = str(path)
    data = _read_file(path, limit)
    return [
        replace(article, path=source) for article in parse_articles(data, source, _kind_for(path))
    ]


def _folder_files(folder: Path) -> list[Path]:
    """Supported files below `folder`, hidden ones skipped, in a stable order."""
    files = [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda path: path.relative_to(folder).as_posix())


Loader = Callable[[], list[Article]]
"""One unit of loading (a file, stdin, a page or a feed item): called, it returns its articles or
raises `InputError`. Loaders pickle, so `summarize.distributed` can run them as tasks."""


def _page_articles(page: web.Page, link: web.Link) -> list[Article]:
    if page.is_feed:
        raise InputError(link.url, "a feed, not an article page")
    text, _ = decode_bytes(page.data, link.url)
    return [_parse_html(text, link.url, replace(link, url=page.url))]


def load_link(
    link: web.Link, limit: int = MAX_BYTES, timeout: float = web.TIMEOUT
) -> list[Article]:
    """Fetch the page a link points to and extract its article."""
    return _page_articles(web.fetch(link.url, limit=limit, timeout=timeout), link)


def _feed_plan(
    data: bytes, source: str, base_url: str | None, limit: int, timeout: float
) -> list[Loader | InputError]:
    return [
        item if isinstance(item, InputError) else partial(load_link, item, limit, timeout)
        for item in web.feed_items(data, source, base_url)
    ]


def _url_plan(url: str, limit: int, timeout: float) -> list[Loader | InputError]:
    """A page is fetched now and parsed by its loader; a feed gives a loader per item."""
    page = web.fetch(url, limit=limit, timeout=timeout)
    if page.is_feed:
        return _feed_plan(page.data, url, page.url, limit, timeout)
    return [partial(_page_articles, page, web.Link(url))]


def _source_plan(source: str, stdin, limit: int, timeout: float) -> list[Loader | InputError]:
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return [partial(parse_articles, _read_limited(stream, "<stdin>", limit), "<stdin>")]
    if web.is_url(source):
        return _url_plan(source, limit, timeout)
    path = Path(source)
    if path.is_dir():
        files = _folder_files(path)
        if not files:
            kinds = ", ".join(SUPPORTED_SUFFIXES)
            raise InputError(source, f"no articles found in folder (looked for {kinds})")
        return [partial(load_path, file, limit) for file in files]
    if path.suffix.lower() in FEED_SUFFIXES:
        return _feed_plan(_read_file(path, limit), source, None, limit, timeout)
    return [partial(load_path, path, limit)]


def plan_loads(
    sources: Iterable[str], *, stdin=None, limit: int = MAX_BYTES, timeout: float = web.TIMEOUT
) -> list[Loader | InputError]:
    """What loading `sources` takes, in order: a loader per file, stdin, page and feed item, and
    the error of each source that yields nothing (a missing path, an empty folder, a bad feed).

    Single pages and feeds are fetched here; their items are fetched by the loaders."""
    plan: list[Loader | InputError] = []
    for source in sources:
        try:
            plan.extend(_source_plan(source, stdin, limit, timeout))
        except InputError as error:
            plan.append(error)
    return plan


def run_loader(step: Loader | InputError) -> list[Article] | InputError:
    """One step of a plan, run: its articles, or the error that stopped it."""
    if isinstance(step, InputError):
        return step
    try:
        return step()
    except InputError as error:
        return error


def collect_loads(outcomes: Iterable[list[Article] | InputError]) -> LoadResult:
    """The articles and errors of run steps, in plan order; identical articles (same id) once."""
    result = LoadResult()
    seen: set[str] = set()
    for outcome in outcomes:
        if isinstance(outcome, InputError):
            result.errors.append(outcome)
            continue
        for article in outcome:
            if article.id not in seen:
                seen.add(article.id)
                result.articles.append(article)
    return result


def load_plan(plan: Iterable[Loader | InputError]) -> LoadResult:
    """Run a plan's steps here, one after the other."""
    return collect_loads(run_loader(step) for step in plan)


def load_articles(
    sources: Iterable[str], *, stdin=None, limit: int = MAX_BYTES, timeout: float = web.TIMEOUT
) -> LoadResult:
    """Load every article from paths, folders, feeds, URLs and `-` (stdin), collecting errors as it
    goes. Identical articles (same id) are kept once."""
    return load_plan(plan_loads(sources, stdin=stdin, limit=limit, timeout=timeout))
