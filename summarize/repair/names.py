"""Name variants across the article set: `Poutin` in one article, `Putin` in the others.

A capitalised word that wordfreq does not know is rewritten to a close spelling (rapidfuzz: same
initial, one letter apart, two for long names) when that spelling is better attested both in
the article set and in wordfreq. Rule ids start with `names`: `before` is the variant as written, `after` the canonical
form, and the brief lists variants from these edits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import zipf

RULE = "names.variant"
# a capitalised word of four letters or more; "Poutin’s" holds the name "Poutin"
NAME = re.compile(r"[A-ZÀ-Þ](?<![\w’'-][A-ZÀ-Þ])[a-zß-ÿ]{3,}(?![\w-])")
_RARE = 1.0  # Zipf below which a word is unknown to wordfreq (a misspelling or a rare name)
_SIMILAR = 80  # rapidfuzz ratio between variant and canonical form


_ENGLISH_SUFFIXES = ("s", "es", "n", "an", "ns", "ans")  # Obama/Obamas, Russia/Russian


def _inflects(one: str, other: str) -> bool:
    """Whether one word is the other plus an English suffix: a different word, not a variant."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and long[len(short) :] in _ENGLISH_SUFFIXES


@dataclass(frozen=True)
class Canonical:
    name: str
    variant_count: int
    canonical_count: int


def count_names(text: str) -> Counter[str]:
    """How often each name occurs in one text, in order of first occurrence."""
    return Counter(NAME.findall(text))


def find_variants(texts: Iterable[str]) -> dict[str, Canonical]:
    """Variant -> canonical spelling, for the names in `texts` (all the articles)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(count_names(text))
    return variants_from_counts(counts)


def variants_from_counts(counts: Counter[str]) -> dict[str, Canonical]:
    """Variant -> canonical spelling, from the name counts of the whole set (`find_variants`);
    the counts' order (first occurrence across the set) breaks ties."""
    variants: dict[str, Canonical] = {}
    for name, count in counts.items():
        if zipf(name.lower()) >= _RARE:
            continue
        candidates = process.extract(
            name, counts.keys(), scorer=fuzz.ratio, score_cutoff=_SIMILAR, limit=None
        )
        best = None
        for candidate, _, _ in candidates:
            if (
                candidate[0] != name[0]
                or Levenshtein.distance(candidate, name) > (1 if len(name) < 10 else 2)
                or counts[candidate] <= count
                or zipf(candidate.lower()) <= zipf(name.lower())
                or _inflects(candidate, name)
            ):
                continue
            rank = (counts[candidate], zipf(candidate.lower()))
            if best is None or rank > best[0]:
                best = (rank, candidate)
        if best is not None:
            variants[name] = Canonical(best[1], count, counts[best[1]])
    return variants


@lru_cache(maxsize=8)
def _variant_pattern(names: frozenset[str]) -> re.Pattern:
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, sorted(names))) + r")(?![\w-])")


def canonicalise_names(ledger: EditLedger, variants: dict[str, Canonical]) -> None:
    if not variants:
        return
    changes = []
    for match in _variant_pattern(frozenset(variants)).finditer(ledger.current):
        canonical = variants[match.group()]
        changes.append(
            Change(
                match.start(),
                match.end(),
                canonical.name,
                RULE,
                f"name variant: '{canonical.name}' is written so {canonical.canonical_count} "
                f"times in these articles and is the established spelling; "
                f"'{match.group()}' {canonical.variant_count} times",
                0.8,
            )
        )
    ledger.apply(changes)
