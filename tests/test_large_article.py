"""A long article costs linear work: the mechanisms that keep each stage bounded (no timings here;
benchmarks/large_article.py measures them)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

import summarize.brief as brief_module
from summarize.articles import make_article
from summarize.brief import build_brief
from summarize.brief.entities import NAME_WORDS, read_paragraphs
from summarize.brief.facts import MAX_COMPARED
from summarize.brief.nearduplicates import near_duplicate_leaders
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.nlp import MAX_CHARS, pieces
from summarize.repair import repair_articles
from summarize.repair.edits import Edit, apply_edits, output_offsets
from summarize.sentences import sentence_spans, split_sentences
from summarize.textrank import content_words, textrank, tfidf_vectors


@pytest.fixture(scope="module")
def long_text(shared_dir: Path) -> str:
    """Every brief-dev article and mt-dev page as one long report: real MT text, no repeats."""
    pages = sorted((shared_dir / "eval" / "brief-dev").glob("*/*.txt"))
    pages += sorted((shared_dir / "eval" / "mt-dev" / "pages").glob("*.txt"))
    return "A long report from the foreign press\n\n" + "\n\n".join(
        page.read_text(encoding="utf-8") for page in pages
    )


def _dense_textrank(vectors: np.ndarray, damping: float = 0.85, iterations: int = 50):
    """TextRank on the explicit n×n graph: what the sparse form must equal."""
    n = len(vectors)
    similarity = np.clip(vectors @ vectors.T, 0, None)
    np.fill_diagonal(similarity, 0)
    out_weight = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(
        similarity, out_weight, out=np.full_like(similarity, 1 / n), where=out_weight > 0
    )
    scores = np.full(n, 1 / n)
    for _ in range(iterations):
        scores = (1 - damping) / n + damping * (transition.T @ scores)
    return scores


def test_textrank_never_builds_the_graph_and_ranks_as_the_graph_would(long_text: str):
    sentences = split_sentences(long_text)[:400]
    vectors = tfidf_vectors(sentences)
    # one stored value per distinct word of a sentence: memory grows with the text, not n²
    assert vectors.nnz == sum(len(set(content_words(s))) for s in sentences)
    sparse_scores = textrank(vectors)
    dense_scores = _dense_textrank(vectors.toarray().astype(np.float64))
    assert np.allclose(sparse_scores, dense_scores, atol=1e-9)
    assert sparse_scores.sum() == pytest.approx(1.0)


def test_the_extractive_summary_is_chosen_from_the_whole_article(shared_dir: Path):
    """Selection runs over the whole article, never a cut prefix: the story the headline names,
    told only at the end of a long report (after every mt-dev page), is most of what the summary
    says."""
    pages = sorted((shared_dir / "eval" / "mt-dev" / "pages").glob("*.txt"))
    story = sorted((shared_dir / "eval" / "brief-dev" / "morocco-earthquake-2023").glob("*.txt"))
    title = story[0].read_text(encoding="utf-8").partition("\n")[0]
    end = "\n\n".join(path.read_text(encoding="utf-8") for path in story)
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in pages) + "\n\n" + end
    chosen = split_sentences(ExtractiveSummarizer().summarize(title, text).text)
    assert len(split_sentences(text)) > 5 * len(split_sentences(end))  # the last sixth
    # most of what the summary says comes from the end: a cut prefix would say none of it
    assert sum(sentence in end for sentence in chosen) > len(chosen) / 2


def test_the_brief_compares_a_bounded_number_of_sentences_per_source(
    long_text: str, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    compared: list[list[str]] = []
    kept: list[list] = []
    vectors_of, central = brief_module.sentence_vectors, brief_module.most_central

    def recording_vectors(texts):
        compared.append(list(texts))
        return vectors_of(texts)

    def recording_central(sentences, title=""):
        kept.append((sentences, central(sentences, title)))
        return kept[-1][1]

    monkeypatch.setattr(brief_module, "sentence_vectors", recording_vectors)
    monkeypatch.setattr(brief_module, "most_central", recording_central)
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    articles = [make_article(long_text, "long.txt"), make_article(seed.read_text("utf-8"), "seed")]
    brief = build_brief(repair_articles(articles))
    (long_all, long_kept), (seed_all, seed_kept) = kept
    seed_count = len(seed_all)
    assert len(long_all) > 1.5 * MAX_COMPARED  # long enough to need the bound
    assert len(long_kept) == MAX_COMPARED and len(seed_kept) == seed_count
    (texts,) = compared
    assert len(texts) == MAX_COMPARED + seed_count
    # the compared sentences come from all through the article, not from its first part
    positions = [sentence.position for sentence in long_kept]
    last = long_all[-1].position
    assert positions == sorted(positions)
    assert min(positions) < 0.1 * last and sum(p > 0.5 * last for p in positions) > 0.3 * len(
        positions
    )
    assert brief.points and brief.timeline and brief.entities


def test_near_duplicates_are_found_among_many_sentences(long_text: str):
    sentences = [s for s in split_sentences(long_text) if len(s.split()) >= 8][:600]
    rng = random.Random(1)
    copies = []
    for sentence in sentences:
        words = sentence.split()
        words[rng.randrange(len(words))] = words[rng.randrange(len(words))]  # one word changed
        copies.append(" ".join(words))
    leaders = near_duplicate_leaders(sentences + sentences + copies)
    n = len(sentences)
    assert leaders[:n] == list(range(n)) or len(set(leaders[:n])) > 0.95 * n
    # an exact repeat always finds its first occurrence's leader
    assert leaders[n : 2 * n] == leaders[:n]
    # most one-word variants fold into the sentence they vary
    assert sum(leaders[2 * n + i] == leaders[i] for i in range(n)) > 0.8 * n


def test_output_offsets_match_applying_the_edits(long_text: str):
    text = long_text[:20000]
    rng = random.Random(7)
    edits, cursor = [], 0
    while cursor < len(text) - 20:
        start = cursor + rng.randrange(1, 40)
        end = start + rng.choice([0, 1, 3])
        after = rng.choice(["", "x", "yyyy"])
        if text[start:end] != after:
            edits.append(Edit(start, end, text[start:end], after, "test", "test"))
        cursor = end + 1
    repaired = apply_edits(text, edits)
    positions = sorted(rng.sample(range(len(text)), 500))
    for position, mapped in zip(positions, output_offsets(edits, positions), strict=True):
        inside = [e for e in edits if e.start < position < e.end]
        if inside:  # an offset inside an edit lands at the end of its replacement
            before = [e for e in edits if e.end <= inside[0].start]
            assert mapped == len(apply_edits(text[: inside[0].end], before + inside))
        else:
            before = [e for e in edits if e.end <= position]
            assert mapped == len(apply_edits(text[:position], before))
    assert output_offsets(edits, [len(text)]) == [len(repaired)]


def test_names_are_read_from_a_bounded_spread_of_a_long_source(long_text: str, seeds_dir: Path):
    seed = sorted(seeds_dir.glob("*.txt"))[0].read_text("utf-8")
    # a news article is read whole
    assert read_paragraphs(seed) == [p for p in seed.split("\n") if p.strip()]
    lines = [line for line in long_text.split("\n") if line.strip()] * 8
    paragraphs = [f"{number}. {line}" for number, line in enumerate(lines)]  # each its own
    assert sum(len(p.split()) for p in paragraphs) > 3 * NAME_WORDS
    chosen = read_paragraphs("\n\n".join(paragraphs))
    longest = max(len(p.split()) for p in paragraphs)
    assert NAME_WORDS - longest <= sum(len(p.split()) for p in chosen) <= NAME_WORDS + longest
    # in order, from the first paragraph to the end of the text, about evenly
    positions = [paragraphs.index(paragraph) for paragraph in chosen]
    assert positions == sorted(positions)
    assert positions[0] == 0 and positions[-1] > 0.95 * len(paragraphs)
    quarters = [
        sum(q * len(paragraphs) <= i < (q + 0.25) * len(paragraphs) for i in positions)
        for q in (0, 0.25, 0.5, 0.75)
    ]
    assert min(quarters) > 0.15 * len(positions)


def test_a_paragraph_longer_than_spacy_takes_is_cut_at_sentence_ends(long_text: str):
    flattened = " ".join(long_text.split())  # a page flattened into one line
    flattened = " ".join([flattened] * (1 + 1_200_000 // len(flattened)))
    assert len(flattened) > 1_000_000  # spaCy's nlp.max_length
    cut = list(pieces(flattened))
    assert all(len(piece) <= MAX_CHARS for _, piece in cut)
    assert "".join(piece for _, piece in cut) == flattened
    assert all(flattened[offset:].startswith(piece) for offset, piece in cut)
    ends = {end for _, end in sentence_spans(flattened)}
    assert all(offset + len(piece) in ends for offset, piece in cut[:-1])
