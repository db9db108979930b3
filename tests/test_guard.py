"""The faithfulness and neutrality guard, on real sentences of the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.engines.extractive import candidate_sentences
from summarize.guard import SourceIndex, guard_sentences, loaded_lexicon, loaded_words
from summarize.repair import Repaired, repair_articles


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> list[Repaired]:
    return repair_articles(load_articles([str(seeds_dir)]).articles)


@pytest.fixture(scope="module")
def meeting(seeds: list[Repaired]) -> SourceIndex:
    """The AFP-based seed: US and Russia to meet on January 10."""
    return SourceIndex(seeds[1].text)


FAITHFUL = [
    "The United States and Russia will discuss nuclear weapons control and tensions over Ukraine on January 10, a National Security spokesman told AFP.",
    "A meeting between Russia and NATO could follow on January 12, the source added.",
    "Russia’s talks with the OSCE are planned for January 13, according to the spokesman.",
    "On December 17, Russia unveiled two treaty proposals to limit US and NATO influence near its borders.",
]


@pytest.mark.parametrize("sentence", FAITHFUL)
def test_faithful_sentences_pass(meeting: SourceIndex, sentence: str) -> None:
    verdict = meeting.check([sentence])[0]
    assert verdict.ok, verdict.problems


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        (
            "Russia deployed 100,000 soldiers on the Ukrainian border, a senior US official said.",
            "number not in the article: 100000",
        ),
        (
            "The United States and Russia will meet on January 14 to discuss Ukraine.",
            "date not in the article: January 14",
        ),
        (
            "US Secretary of State Antony Blinken will lead the talks on January 10.",
            "Antony, Blinken",
        ),
        (
            "The talks between Russia and the United States will be held in Vienna.",
            "name not in the article: Vienna",
        ),
        (
            "The brutal regime in Moscow deployed soldiers near Ukraine.",
            "loaded word: brutal, regime",
        ),
        ("Bananas are rich in potassium and easy to digest.", "not close to any sentence"),
    ],
)
def test_invented_facts_fail(meeting: SourceIndex, sentence: str, problem: str) -> None:
    verdict = meeting.check([sentence])[0]
    assert any(problem in p for p in verdict.problems), verdict.problems


def test_failing_sentence_is_regenerated_once_then_replaced(seeds: list[Repaired]) -> None:
    article = seeds[1]
    source = SourceIndex(article.text)
    invented = (
        "US Secretary of State Antony Blinken said 100,000 Russian soldiers are ready to invade."
    )
    attempts: list[tuple[str, str]] = []

    def regenerate(sentence: str, problem: str) -> str:
        attempts.append((sentence, problem))
        return "Blinken said 120,000 soldiers are ready."  # still unfaithful

    fallbacks = candidate_sentences(article.title, article.text)
    kept, replaced = guard_sentences([FAITHFUL[0], invented], source, fallbacks, regenerate)
    assert attempts == [(invented, replaced[0].reason.removeprefix("replaced: "))]
    assert kept[0] == FAITHFUL[0]
    assert kept[1] in fallbacks and kept[1] in article.text
    assert replaced[0].original == invented and replaced[0].replacement == kept[1]
    assert "Antony" in replaced[0].reason and "100000" in replaced[0].reason


def test_successful_regeneration_is_recorded(seeds: list[Repaired]) -> None:
    article = seeds[1]
    kept, replaced = guard_sentences(
        ["Russia and NATO will meet on January 20."],
        SourceIndex(article.text),
        candidate_sentences(article.title, article.text),
        lambda sentence, problem: FAITHFUL[1],
    )
    assert kept == [FAITHFUL[1]]
    assert replaced[0].reason.startswith("regenerated: ")
    assert "date not in the article: January 20" in replaced[0].reason


def test_union_of_sources_for_the_brief(seeds: list[Repaired]) -> None:
    # "Riabkov" is named only in the first seed, "December 17" only in the second.
    sentence = (
        "Mr. Riabkov insisted on the Russian proposals, which Russia unveiled on December 17."
    )
    assert not SourceIndex(seeds[0].text).check([sentence])[0].ok
    assert not SourceIndex(seeds[1].text).check([sentence])[0].ok
    union = SourceIndex("\n".join(item.text for item in seeds))
    assert union.check([sentence])[0].ok


def test_loaded_words_lexicon_is_data() -> None:
    assert "regime" in loaded_lexicon()
    assert loaded_words("The regime slammed the so-called talks, brutally.") == [
        "regime",
        "slammed",
        "so-called",
        "brutal",
    ]
    assert loaded_words("Officials met in Geneva on Monday.") == []


def test_parts_of_hyphenated_names_are_known(seeds: list[Repaired]) -> None:
    # The first seed says "Russian-American talks"; "American talks" is no invention.
    source = SourceIndex(seeds[0].text)
    verdict = source.check(["The American and Russian sides will hold talks on January 10."])[0]
    assert verdict.ok, verdict.problems
