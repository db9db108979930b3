"""The model-free engine: the article's most central sentences, in their original order."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from summarize.engines.base import Summarizer
from summarize.sentences import sentence_spans
from summarize.textrank import content_words, textrank, tfidf_vectors

MAX_WORDS = 60
MAX_SENTENCES = 3


def candidate_spans(title: str, text: str) -> list[tuple[int, int]]:
    """Where the sentences that can stand in a summary lie: complete, not the headline, not too
    short."""
    spans = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if sentence.strip() == title.strip() or not sentence.rstrip().endswith(
            (".", "!", "?", "”", '"')
        ):
            continue
        if len(content_words(sentence)) < 4:
            continue
        spans.append((start, end))
    return spans


def candidate_sentences(title: str, text: str) -> list[str]:
    """The sentences that can stand in a summary, in article order."""
    return [text[start:end] for start, end in candidate_spans(title, text)]


def rank_sentences(title: str, sentences: list[str]) -> np.ndarray:
    """TextRank centrality, nudged towards the lead and the headline's words (news style)."""
    vectors = tfidf_vectors([title, *sentences])
    centrality = textrank(vectors[1:])
    if centrality.size == 0:
        return centrality
    centrality = centrality / centrality.max()
    headline = (vectors[1:] @ vectors[0].T).toarray().ravel()
    lead = 1 / (1 + 0.15 * np.arange(len(sentences)))
    brevity = np.array([min(1.0, 35 / max(1, len(s.split()))) for s in sentences])
    return (centrality + 0.5 * headline + 0.3 * lead) * brevity


class ExtractiveSummarizer(Summarizer):
    engine = "extractive"
    prompt_version = "textrank-1"

    def stream(self, title: str, text: str) -> Iterator[str]:
        sentences = candidate_sentences(title, text)
        if not sentences:
            return
        scores = rank_sentences(title, sentences)
        chosen: list[int] = []
        words = 0
        for index in np.argsort(-scores, kind="stable"):
            length = len(sentences[index].split())
            if chosen and words + length > MAX_WORDS:
                continue
            chosen.append(int(index))
            words += length
            if len(chosen) == MAX_SENTENCES:
                break
        for position, index in enumerate(sorted(chosen)):
            yield ("" if position == 0 else " ") + sentences[index]
