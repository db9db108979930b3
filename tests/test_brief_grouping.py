"""Grouping sentences that state the same thing across sources, through a vector index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from summarize import embeddings
from summarize.articles import load_articles
from summarize.brief import build_brief
from summarize.brief.facts import (
    Sentence,
    article_sentences,
    group_sentences,
    sentence_quality,
    sentence_vectors,
    standalone,
    takes_a_stance,
)
from summarize.brief.neighbours import _leaves, similar_pairs
from summarize.repair import repair_articles

# Seed sentences (by their opening words, source 1 then source 2) that restate each other ...
SAME = [
    ("Bilateral talks on January 10", "The bilateral meeting on January 10"),
    ("Although this format is mainly devoted", "Although this format is primarily intended"),
    ("When we sit down to discuss", "“Russia will be able to put its concerns"),
    ("Finally, according to this source, January 13", "A meeting between Russia and NATO"),
    ("In a move that breaks", "On December 17, Russia unveiled"),
]
# ... and sentences about the same story that state different things
DIFFERENT = [
    ("The Kremlin calls for security guarantees", "Although this format is primarily intended"),
    ("Moscow denies any belligerent inclination", "Both Russia and Western countries accuse"),
    ("Russian President Vladimir Putin threatened", "On Thursday, both the European Union"),
    ("The identities of the people", "Although this format is primarily intended"),
]


@pytest.fixture(scope="module")
def seed_groups(seeds_dir: Path) -> dict[str, int]:
    repaired = repair_articles(load_articles(sorted(seeds_dir.glob("*.txt"))).articles)
    sentences = [
        s
        for number, item in enumerate(repaired, start=1)
        for s in article_sentences(item.text, number, item.title)
        if s.complete
    ]
    vectors, kind = sentence_vectors([s.text for s in sentences])
    assert kind == "minilm"
    group_of = {}
    for label, group in enumerate(group_sentences(sentences, vectors, kind)):
        for index in group:
            group_of[(sentences[index].source, sentences[index].text)] = label
    return group_of


def _group(group_of: dict, source: int, opening: str) -> int:
    [label] = [g for (s, text), g in group_of.items() if s == source and text.startswith(opening)]
    return label


@pytest.mark.parametrize(("first", "second"), SAME)
def test_restatements_across_sources_are_grouped(seed_groups, first, second):
    assert _group(seed_groups, 1, first) == _group(seed_groups, 2, second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_statements_stay_apart(seed_groups, first, second):
    assert _group(seed_groups, 1, first) != _group(seed_groups, 2, second)


def test_index_is_exact_below_a_leaf():
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((40, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first, second, sims = similar_pairs(vectors, 0.2)
    exact = {(i, j) for i in range(40) for j in range(i + 1, 40) if vectors[i] @ vectors[j] >= 0.2}
    # each sentence keeps its nearest neighbours only, so the index finds a subset of the pairs
    found = set(zip(first.tolist(), second.tolist(), strict=True))
    assert found <= exact
    assert all(np.diff(sims) <= 0)


def test_index_finds_near_duplicates_in_a_large_set():
    rng = np.random.default_rng(2)
    base = rng.standard_normal((1500, 64)).astype(np.float32)
    twins = base + 0.3 * rng.standard_normal(base.shape).astype(np.float32)
    vectors = np.vstack([base, twins])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first, second, _ = similar_pairs(vectors, 0.8)
    found = set(zip(first.tolist(), second.tolist(), strict=True))
    recall = np.mean([(i, i + 1500) in found for i in range(1500)])
    assert recall >= 0.95
    # far fewer pairs than all against all
    assert len(found) < 0.01 * len(vectors) ** 2 / 2


def test_leaves_partition_the_rows_and_stay_small():
    rng = np.random.default_rng(3)
    vectors = np.repeat(rng.standard_normal((5, 8)).astype(np.float32), 200, axis=0)
    leaves = _leaves(vectors, 48, rng)
    assert sorted(np.concatenate(leaves).tolist()) == list(range(1000))
    assert max(len(leaf) for leaf in leaves) <= 48


def test_without_embeddings_the_brief_falls_back_to_tfidf(monkeypatch, seeds_dir: Path):
    monkeypatch.setattr(embeddings, "available", lambda: False)
    repaired = repair_articles(load_articles(sorted(seeds_dir.glob("*.txt"))).articles)
    brief = build_brief(repaired)
    assert brief.vectors == "tfidf"
    assert any(point.sources == (1, 2) for point in brief.points)
    assert any("January 10" in point.text and point.sources == (1, 2) for point in brief.points)
    assert {entry.date for entry in brief.timeline} >= {"January 10", "January 12", "January 13"}


def test_standalone_drops_a_leading_connective():
    assert standalone("Finally, according to this source, talks start on January 13.") == (
        "According to this source, talks start on January 13."
    )
    assert (
        standalone("However, the talks went ahead in Geneva.") == "The talks went ahead in Geneva."
    )
    # too little would be left
    assert standalone("However, it rained.") == "However, it rained."
    assert standalone("Moscow denies it. .") == "Moscow denies it."
    assert standalone("A conflict there since 2014 .") == "A conflict there since 2014."


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Moscow denies any belligerent inclination.", True),
        ("The Kremlin calls for security guarantees.", True),
        ("Russian President Vladimir Putin threatened measures last week.", True),
        ("Any agreement with Russia would take Ukrainian interests into account.", False),
        ("The talks denied nothing to anyone.", False),
    ],
)
def test_who_said_what(sentence: str, stance: bool):
    assert takes_a_stance(sentence) == stance


def test_a_point_loses_its_agency_dateline():
    assert standalone("MARRAKESH, Morocco (AP) — Morocco worked Sunday to rescue survivors.") == (
        "Morocco worked Sunday to rescue survivors."
    )


@pytest.mark.parametrize(
    "worse",
    [
        "CEC Chairperson Tetiana Slipachuk stated that... Еще the elections were free.",
        "“Local authorities have asked people to evacuate their homes in the villages.",
        "The national exit poll, published by the Ukrainian media, supports it.",
        "This became known on April 30 during a briefing of the commission.",
    ],
)
def test_an_artefact_or_a_statement_that_cannot_stand_alone_reads_worse(worse: str):
    clean = "Tetiana Slipachuk said the elections were transparent, democratic and free."
    assert sentence_quality(Sentence(1, 0, worse, True)) < sentence_quality(
        Sentence(1, 0, clean, True)
    )
