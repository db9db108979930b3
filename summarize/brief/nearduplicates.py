"""Near-duplicate sentences, found in linear time so that each is embedded once.

Wire copy repeats itself: several articles carry the same sentence with a word changed or a figure
updated. Sentences whose word sets overlap by `SAME_TEXT` (Jaccard) or more share one embedding;
their vectors would differ by less than grouping can tell apart. MinHash signatures split into
bands find the candidates (locality-sensitive hashing); each sentence is checked only against the
first `CHECKS_PER_BUCKET` leaders of each bucket it falls in (a sentence with exactly the same
words is found at once), never against all others, so a crowded bucket costs a constant.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

SAME_TEXT = 0.8
BANDS, ROWS = 6, 3  # a pair at Jaccard 0.8 shares a band with probability 1-(1-0.8**3)**6 = 0.99
CHECKS_PER_BUCKET = 4
_PRIME = (1 << 31) - 1
_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(12345)
_A = _rng.integers(1, _PRIME, BANDS * ROWS, dtype=np.int64)
_B = _rng.integers(0, _PRIME, BANDS * ROWS, dtype=np.int64)


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _signature(words: frozenset[str]) -> np.ndarray:
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.int64, count=len(words))
    return ((np.outer(hashes, _A) + _B) % _PRIME).min(axis=0)


def near_duplicate_leaders(texts: Sequence[str]) -> list[int]:
    """For each text, the index of the first earlier text it nearly repeats (itself if none)."""
    leaders: list[int] = []
    buckets: dict[tuple[int, bytes], list[int]] = {}
    same_words: dict[frozenset[str], int] = {}
    word_sets = [_words(text) for text in texts]
    for index, words in enumerate(word_sets):
        if not words:
            leaders.append(index)
            continue
        if words in same_words:
            leaders.append(same_words[words])
            continue
        signature = _signature(words)
        keys = [
            (band, signature[band * ROWS : (band + 1) * ROWS].tobytes()) for band in range(BANDS)
        ]
        leader = next(
            (
                candidate
                for key in keys
                for candidate in buckets.get(key, ())
                if len(words & word_sets[candidate])
                >= SAME_TEXT * len(words | word_sets[candidate])
            ),
            index,
        )
        leaders.append(leader)
        same_words.setdefault(words, leader)
        if leader == index:
            for key in keys:
                bucket = buckets.setdefault(key, [])
                if len(bucket) < CHECKS_PER_BUCKET:
                    bucket.append(index)
    return leaders
