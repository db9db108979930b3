"""Loaders: every input kind, decoding, and bad input reported per file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from summarize.articles import article_id, decode_bytes, load_articles, parse_articles
from summarize.errors import InputError

SEED_000 = "000_0ca85f08db01e6d8.txt"
SEED_004 = "004_e77f744d15a5950d.txt"


def test_text_file_keeps_raw_text_and_finds_headline(seeds_dir: Path) -> None:
    path = seeds_dir / SEED_004
    [article] = load_articles([str(path)]).articles
    assert article.text == path.read_text(encoding="utf-8")
    assert (
        article.title
        == "US and Russia to meet on January 10 to discuss Ukraine and nuclear arms control"
    )
    assert article.source == str(path)
    assert article.id == article_id(article.text)


def test_breadcrumb_line_is_not_taken_as_title(seeds_dir: Path) -> None:
    [article] = load_articles([str(seeds_dir / SEED_000)]).articles
    assert article.title == "Ukraine, arms, security: Russian-American talks in sight on January 10"


def test_folder_is_read_recursively_in_stable_order(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First article about talks in Geneva.\n", encoding="utf-8")
    (tmp_path / "b" / "c.md").write_text(
        "# Second\n\nA second article body here.\n", encoding="utf-8"
    )
    (tmp_path / "b" / "notes.bin").write_bytes(b"\x00\x01")  # not an article suffix: ignored
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    result = load_articles([str(tmp_path)])
    assert [Path(a.source).name for a in result.articles] == ["a.txt", "c.md"]
    assert result.errors == []
    seeds = load_articles([str(seeds_dir)]).articles
    assert [Path(a.source).name for a in seeds] == [SEED_000, SEED_004]


def test_markdown_heading_becomes_title(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Talks in Geneva\n\nDiplomats met on Monday in Geneva.\n", encoding="utf-8")
    [article] = load_articles([str(path)]).articles
    assert article.title == "Talks in Geneva"


def test_html_main_text_and_title_are_extracted(tmp_path: Path) -> None:
    body = " ".join(["Negotiators from both countries met in Geneva to discuss arms control."] * 4)
    html = f"""<!DOCTYPE html><html><head><title>Talks resume in Geneva | Example News</title></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Talks resume in Geneva</h1><p>{body}</p>
    <p>The delegations agreed to meet again in January, officials said on Monday.</p></article>
    <footer>Copyright Example News. Share this article.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [article] = load_articles([str(path)]).articles
    assert "Talks resume in Geneva" in article.title
    assert "Negotiators from both countries" in article.text
    assert "<p>" not in article.text and "Copyright Example News" not in article.text


def test_json_record_fields(tmp_path: Path) -> None:
    record = {
        "headline": "Summit set for June",
        "body": "Leaders will meet in June, the ministry said.",
        "url": "https://example.org/a",
        "lang": "fr",
        "date": "2022-01-03",
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [article] = load_articles([str(path)]).articles
    assert (article.title, article.url, article.language, article.date) == (
        "Summit set for June",
        "https://example.org/a",
        "fr",
        "2022-01-03",
    )
    assert article.text == record["body"]


def test_jsonl_gives_one_article_per_record(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": f"Story {n}", "text": f"Body of story number {n} with words."})
        for n in range(3)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    articles = load_articles([str(path)]).articles
    assert [a.title for a in articles] == ["Story 0", "Story 1", "Story 2"]
    assert articles[1].source == f"{path}:2"


def test_stdin_is_read_and_sniffed(seeds_dir: Path) -> None:
    raw = (seeds_dir / SEED_004).read_bytes()
    [article] = load_articles(["-"], stdin=io.BytesIO(raw)).articles
    assert article.source == "<stdin>"
    assert article.text == raw.decode("utf-8")
    jsonl = b'{"title": "A", "text": "First body."}\n{"title": "B", "text": "Second body."}\n'
    assert [a.title for a in load_articles(["-"], stdin=io.BytesIO(jsonl)).articles] == ["A", "B"]


def test_identical_articles_are_kept_once(seeds_dir: Path) -> None:
    path = str(seeds_dir / SEED_000)
    assert len(load_articles([path, path]).articles) == 1


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Moscou dément «toute intention» — café".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Kiev’s allies".encode(), "utf-8"),
        ("Kiev’s allies, Müller".encode("utf-16"), "utf-16"),
    ],
)
def test_unicode_encodings_decode(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data, "x")
    assert used == encoding
    assert not text.startswith("\ufeff")


def test_legacy_encoding_is_detected() -> None:
    sentence = "Le président français a déclaré que les négociations étaient très difficiles. "
    text, used = decode_bytes((sentence * 5).encode("cp1252"), "x")
    assert "président français a déclaré" in text
    assert used.replace("_", "").lower() in {"cp1252", "latin1", "iso88591", "windows1252"} | {used}


def test_mojibake_is_left_for_repair_to_explain() -> None:
    mojibake = "The Kremlin’s demands".encode().decode("cp1252")  # â€™
    [article] = parse_articles(mojibake.encode("utf-8"), "x.txt", "text")
    assert article.text == mojibake  # raw text is never changed by loading


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        ("nul.txt", b"text with\x00nul bytes" * 10, "binary"),
        ("broken.json", b'{"title": "x", "text": ', "malformed JSON"),
        ("list.json", b"[]", "no articles"),
        ("notext.json", b'{"title": "only a title"}', "no text field"),
        ("bad.jsonl", b'{"text": "fine"}\n{broken\n', "malformed JSON line"),
    ],
)
def test_bad_input_is_one_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = load_articles([str(path)])
    assert len(result.errors) == 1
    message = str(result.errors[0])
    assert name in message and problem in message and "\n" not in message


def test_undecodable_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28, 0xA0]) * 200)
    [error] = load_articles([str(path)]).errors
    assert "garbage.txt" in str(error)
    assert "undecodable" in str(error) or "binary" in str(error)


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
        stream.seek(0)
        stream.write(b"word " * 1000)
    [error] = load_articles([str(path)]).errors
    assert "huge.txt" in str(error) and "too large" in str(error)


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = load_articles([str(tmp_path / "missing.txt"), str(tmp_path / "empty")])
    messages = [str(e) for e in result.errors]
    assert "missing.txt: no such file or folder" in messages[0]
    assert "no articles found in folder" in messages[1]


def test_malformed_html_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html><body><div><p><<<>>></div></span></html>")
    [error] = load_articles([str(path)]).errors
    assert isinstance(error, InputError) and "broken.html" in str(error)


def test_good_files_survive_bad_neighbours(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = load_articles([str(tmp_path / "empty.txt"), str(seeds_dir / SEED_000)])
    assert len(result.articles) == 1 and len(result.errors) == 1
