"""Candidate pairs of similar sentences without comparing every sentence with every other.

A small random-projection forest (the idea behind Annoy): each tree halves the sentences by a
random hyperplane until a leaf holds at most `leaf_size`; only sentences that share a leaf are
compared, and each keeps its `neighbours` nearest. Building costs O(n log n) per tree and comparing O(n * leaf_size), so the whole is
O(trees * n * (log n + leaf_size)). Below `leaf_size` sentences it is the exact all-pairs search.
"""

from __future__ import annotations

import numpy as np

LEAF_SIZE = 48
TREES = 6
NEIGHBOURS = 12  # per sentence and leaf: a cluster of near-duplicates stays linear


def _leaves(vectors: np.ndarray, leaf_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    leaves = []
    stack = [np.arange(len(vectors))]
    while stack:
        members = stack.pop()
        if len(members) <= leaf_size:
            leaves.append(members)
            continue
        # the hyperplane between two random members follows the data better than a random one
        a, b = rng.choice(len(members), size=2, replace=False)
        normal = vectors[members[a]] - vectors[members[b]]
        if not normal.any():
            normal = rng.standard_normal(vectors.shape[1]).astype(vectors.dtype)
        side = vectors[members] @ normal
        # split at the median so that duplicates cannot make a tree deeper than log n
        order = np.argsort(side, kind="stable")
        half = len(members) // 2
        stack += [members[order[:half]], members[order[half:]]]
    return leaves


def similar_pairs(
    vectors: np.ndarray,
    floor: float,
    *,
    leaf_size: int = LEAF_SIZE,
    trees: int = TREES,
    neighbours: int = NEIGHBOURS,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, of rows of L2-normalised `vectors` with cosine >= `floor`, as three
    arrays (i, j, similarity) sorted by similarity, most similar first."""
    n = len(vectors)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    rng = np.random.default_rng(seed)
    keys, sims = [], []
    for _ in range(1 if n <= leaf_size else trees):
        for leaf in _leaves(vectors, leaf_size, rng):
            if len(leaf) < 2:
                continue
            block = vectors[leaf] @ vectors[leaf].T
            np.fill_diagonal(block, -np.inf)
            k = min(neighbours, len(leaf) - 1)
            nearest = np.argpartition(-block, k - 1, axis=1)[:, :k]
            rows = np.repeat(np.arange(len(leaf)), k)
            cols = nearest.ravel()
            values = block[rows, cols]
            keep = values >= floor
            first = np.minimum(leaf[rows[keep]], leaf[cols[keep]])
            second = np.maximum(leaf[rows[keep]], leaf[cols[keep]])
            keys.append(first.astype(np.int64) * n + second)
            sims.append(values[keep])
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    unique, where = np.unique(np.concatenate(keys), return_index=True)
    values = np.concatenate(sims)[where]
    order = np.argsort(-values, kind="stable")
    return unique[order] // n, unique[order] % n, values[order]
