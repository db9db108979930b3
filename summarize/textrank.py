"""Sentence ranking without a model: TF-IDF vectors and TextRank over their cosine graph."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from summarize.sentences import stopwords

_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d+")


def content_words(sentence: str) -> list[str]:
    """Lowercased words of `sentence` without stopwords."""
    stop = stopwords()
    return [
        w for w in (t.lower() for t in _TOKEN.findall(sentence)) if w not in stop and len(w) > 1
    ]


def tfidf_matrix(sentences: Sequence[str]) -> np.ndarray:
    """Row-normalised TF-IDF vectors, one row per sentence."""
    bags = [Counter(content_words(s)) for s in sentences]
    vocabulary = sorted({w for bag in bags for w in bag})
    index = {w: i for i, w in enumerate(vocabulary)}
    document_frequency = Counter(w for bag in bags for w in bag)
    n = len(sentences)
    matrix = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, index[word]] = (1 + math.log(count)) * math.log(
                (1 + n) / (1 + document_frequency[word])
            )
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def textrank(vectors: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """PageRank scores over the cosine-similarity graph of `vectors` (rows L2-normalised)."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0)
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
