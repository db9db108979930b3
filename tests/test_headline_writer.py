"""Headlines a model writes for pages without one and for stories of several articles."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.engines import make_summarizer
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.export import to_json, to_markdown
from summarize.guard import SourceIndex
from summarize.headline_writer import (
    MAX_WORDS,
    clean_headline_reply,
    sentence_case,
    write_article_headlines,
    write_story_title,
)
from summarize.headlines import LEAD, PAGE, WRITTEN
from summarize.models import smollm2_gguf
from summarize.pipeline import build_report
from summarize.repair import Repaired, repair_articles

# two pages of one story that open with a lead sentence, and one with its own headline
PAGES = (
    "world-cup-final-2022/01.txt",
    "world-cup-final-2022/04.txt",
    "world-cup-final-2022/03.txt",
)


@pytest.fixture(scope="module")
def story(shared_dir: Path) -> list[Repaired]:
    folder = shared_dir / "eval" / "brief-dev"
    return repair_articles(load_articles([str(folder / page) for page in PAGES]).articles)


def test_a_reply_is_cleaned_to_one_headline() -> None:
    assert clean_headline_reply('Headline: "Argentina beat France on penalties."\n\nNote: x') == (
        "Argentina beat France on penalties"
    )
    assert clean_headline_reply("**Title:** Greek court bans Golden Dawn") == (
        "Greek court bans Golden Dawn"
    )
    assert clean_headline_reply("Argentina wins") is None  # too short to state the news
    assert clean_headline_reply(" ".join(["word"] * (MAX_WORDS + 1))) is None
    assert clean_headline_reply("") is None


def test_title_case_becomes_sentence_case_by_the_source(story: list[Repaired]) -> None:
    source = story[0].text
    cased = sentence_case("Argentina Wins Third World Cup Title Against France", source)
    # ordinary words go lower; names the article capitalises stay
    assert cased.startswith("Argentina wins third") and cased.endswith("France")
    assert "World Cup" in cased or "world cup" not in source.lower()


def test_the_pages_are_what_the_tests_assume(story: list[Repaired]) -> None:
    assert [item.article.title_origin for item in story] == [LEAD, LEAD, PAGE]


def test_without_a_model_engine_titles_stay(story: list[Repaired]) -> None:
    extractive = ExtractiveSummarizer()
    summaries = [extractive.summarize(item.title, item.text) for item in story]
    assert write_article_headlines(story, summaries, extractive) == story
    assert write_story_title(story, extractive) is None
    report = build_report(story, summaries, extractive.label, summarizer=extractive)
    assert {a.repaired.title for a in report.articles} == {item.title for item in story}


def test_written_headlines_pass_the_guard_or_the_title_stays(
    story: list[Repaired], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTBRIEF_CACHE", str(tmp_path))
    model = make_summarizer("llamacpp", str(smollm2_gguf()), threads=2)
    summaries = [model.summarize(item.title, item.text) for item in story]
    titled = write_article_headlines(story, summaries, model)
    for before, after in zip(story, titled, strict=True):
        assert after.text == before.text and after.edits == before.edits
        if before.article.title_origin == PAGE or after.title == before.title:
            assert after == before
            continue
        assert after.article.title_origin == WRITTEN
        assert len(after.title.split()) <= MAX_WORDS
        assert SourceIndex(before.text).check([after.title])[0].ok
    title = write_story_title(story, model)
    assert title is None or SourceIndex("\n".join(i.text for i in story)).check([title])[0].ok
    # what was written once comes from the cache
    monkeypatch.setattr(model, "chat", lambda *a, **k: pytest.fail("the model ran again"))
    assert write_article_headlines(story, summaries, model) == titled
    assert write_story_title(story, model) == title


def test_exports_say_which_headline_was_written(story: list[Repaired]) -> None:
    article = replace(story[0].article, title="Argentina win the World Cup", title_origin=WRITTEN)
    items = [replace(story[0], article=article), story[2]]
    extractive = ExtractiveSummarizer()
    summaries = [extractive.summarize(item.title, item.text) for item in items]
    report = build_report(items, summaries, extractive.label)
    markdown = to_markdown(report)
    assert markdown.count("headline written by the model") == 1
    origins = {a["title"]: a["title_origin"] for a in json.loads(to_json(report))["articles"]}
    assert origins["Argentina win the World Cup"] == WRITTEN
    assert origins[story[2].title] == PAGE


@pytest.mark.slow
def test_the_default_model_writes_a_headline_for_a_page_without_one(
    story: list[Repaired], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTBRIEF_CACHE", str(tmp_path))
    model = make_summarizer()
    page = story[1]  # a report of the final that opens with its lead sentence
    [titled] = write_article_headlines([page], [model.summarize(page.title, page.text)], model)
    assert titled.article.title_origin == WRITTEN, titled.title
    assert "Argentina" in titled.title and len(titled.title.split()) <= MAX_WORDS
