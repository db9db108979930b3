"""Sentence ranking without a model: TF-IDF vectors and TextRank over their cosine graph.

The vectors are sparse (scipy CSR) and the graph is never built: each TextRank step multiplies by
`X Xᵀ` as `X (Xᵀ s)`, so time and memory are linear in the words of the text, not quadratic in
its sentences, and a long article is ranked over all of its sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from summarize.sentences import stopwords

_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d+")


def content_words(sentence: str) -> list[str]:
    """Lowercased words of `sentence` without stopwords."""
    stop = stopwords()
    return [
        w for w in (t.lower() for t in _TOKEN.findall(sentence)) if w not in stop and len(w) > 1
    ]


def tfidf_vectors(sentences: Sequence[str]) -> sparse.csr_matrix:
    """Row-normalised TF-IDF vectors, one sparse row per sentence (float32)."""
    bags = [Counter(content_words(s)) for s in sentences]
    index: dict[str, int] = {}
    rows, columns, counts = [], [], []
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            rows.append(row)
            columns.append(index.setdefault(word, len(index)))
            counts.append(count)
    n = len(sentences)
    columns_array = np.asarray(columns, dtype=np.int64)
    document_frequency = np.bincount(columns_array, minlength=len(index))
    idf = np.log((1 + n) / (1 + document_frequency))
    values = (1 + np.log(np.asarray(counts, dtype=np.float64))) * idf[columns_array]
    norms = np.sqrt(np.bincount(np.asarray(rows, dtype=np.int64), values**2, minlength=n))
    values /= np.where(norms == 0, 1, norms)[rows] if rows else 1
    return sparse.csr_matrix(
        (values.astype(np.float32), (rows, columns_array)), shape=(n, len(index))
    )


def tfidf_matrix(sentences: Sequence[str]) -> np.ndarray:
    """The TF-IDF vectors as a dense array, for callers that compare a bounded set of sentences."""
    return tfidf_vectors(sentences).toarray()


def textrank(vectors: sparse.csr_matrix, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """PageRank scores over the cosine-similarity graph of sparse, non-negative, L2-normalised
    `vectors`, without building the graph: O(iterations * nonzeros)."""
    n = vectors.shape[0]
    if n == 0:
        return np.zeros(0)
    vectors = vectors.astype(np.float64)
    transposed = vectors.T.tocsr()
    self_similarity = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()

    def similarity_times(x: np.ndarray) -> np.ndarray:  # (X Xᵀ minus its diagonal) x
        return vectors @ (transposed @ x) - self_similarity * x

    out_weight = similarity_times(np.ones(n))
    linked = out_weight > 1e-12
    scores = np.full(n, 1 / n)
    for _ in range(iterations):
        # a sentence like no other spreads its score evenly, as in the dense formulation
        spread = np.where(linked, scores / np.where(linked, out_weight, 1), 0.0)
        scores = (1 - damping) / n + damping * (
            similarity_times(spread) + scores[~linked].sum() / n
        )
    return scores
