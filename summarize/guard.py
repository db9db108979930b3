"""Faithfulness and neutrality checks for generated text, against the text it claims to summarize.

A generated sentence passes when
- every number in it (and every month-day date) appears in the source,
- every name in it (capitalised words; acronyms may stand for a spelled-out name) appears in the
  source, so an invented person, place or organisation fails,
- it uses no loaded word (lexicon in data/loaded_words.json) that the source does not use itself,
- and it is close in meaning to some source sentence (MiniLM cosine, see `embeddings`).

`guard_sentences` applies the checks to a whole summary: a failing sentence is regenerated once
(through a callback the engine supplies), then replaced by the best-matching source sentence. Both
outcomes are recorded as `Replacement`s so a reader can see what the guard did.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from summarize.dates import MONTHS
from summarize.sentences import split_sentences, stopwords
from summarize.summary import Replacement

MIN_SIMILARITY = (
    0.5  # MiniLM cosine to the closest source sentence; paraphrases of the seeds score > 0.6
)
GUARD_VERSION = "guard-2"
LEXICON = Path(__file__).parent / "data" / "loaded_words.json"

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]|[A-Za-z]")
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b")
_NAME_GLUE = {"of", "and", "the", "for", "in", "on", "de", "du", "la", "le", "del", "von", "van"}
_PREFIX = 5  # shared prefix that links a name to its demonym or inflection (Russia, Russian)


@cache
def loaded_lexicon() -> tuple[str, ...]:
    """The loaded words, lower case (data/loaded_words.json)."""
    return tuple(json.loads(LEXICON.read_text(encoding="utf-8"))["words"])


@cache
def _loaded_pattern() -> re.Pattern[str]:
    alternatives = sorted((re.escape(word) for word in loaded_lexicon()), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(alternatives) + r")(?:s|es|ed|d|ing|ly)?\b", re.IGNORECASE)


def loaded_words(text: str) -> list[str]:
    """The loaded words `text` uses, lower case, in order of first use."""
    found = [match.group(1).lower() for match in _loaded_pattern().finditer(text)]
    return list(dict.fromkeys(found))


def _plain(word: str) -> str:
    word = word.replace("’", "'").removesuffix("'s").rstrip(".'").lower()
    return word.replace(".", "")


def _numbers(text: str) -> set[str]:
    return {_number_value(match.group(0).rstrip(".")) for match in _NUMBER.finditer(text)}


def _number_value(number: str) -> str:
    """A number as compared: "95,06" (a decimal comma, as MT keeps it from the source language:
    thousands come in threes) is 95.06; "15,000" is 15000."""
    if _DECIMAL_COMMA.fullmatch(number):
        return number.replace(",", ".")
    return number.replace(",", "")


def _dates(text: str) -> set[tuple[str, str]]:
    text = _ORDINAL.sub(r"\1", text)
    pairs = {(m.group(1), str(int(m.group(2)))) for m in _MONTH_DAY.finditer(text)}
    return pairs | {(m.group(2), str(int(m.group(1)))) for m in _DAY_MONTH.finditer(text)}


def sentence_facts(sentence: str) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """The numbers, dates and names of a sentence, as the guard compares them."""
    return _numbers(_ORDINAL.sub(r"\1", sentence)), _dates(sentence), set(_names(sentence))


def _names(sentence: str) -> list[str]:
    """Capitalised words that look like names; a sentence's first word only if not a common word."""
    names = []
    for position, match in enumerate(_WORD.finditer(sentence)):
        word = match.group(0)
        if not word[0].isupper():
            continue
        if position == 0 and (_plain(word) in stopwords() or _is_common(word)):
            continue
        names.extend(part for part in word.split("-") if part[:1].isupper())
    return names


@cache
def _is_common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return not word.isupper() and zipf_frequency(word.lower(), "en") >= 3.5


def _acronyms(text: str) -> set[str]:
    """Initials of capitalised runs (`North Atlantic Treaty Organization` gives `nato`)."""
    found: set[str] = set()
    run: list[str] = []
    for match in _WORD.finditer(text + " ."):
        word = match.group(0)
        if word[0].isupper():
            run.append(word[0].lower())
            continue
        if word.lower() in _NAME_GLUE and run:
            continue
        if len(run) >= 2:
            found.update(
                "".join(run[i:j]) for i in range(len(run)) for j in range(i + 2, len(run) + 1)
            )
        run = []
    return found


@dataclass(frozen=True)
class Verdict:
    """What the guard found about one sentence: ok, or the problems, plus its closest source."""

    sentence: str
    problems: tuple[str, ...]
    similarity: float
    closest: str

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class SourceIndex:
    """The facts of one or more source texts, indexed for checking generated sentences."""

    text: str
    sentences: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = [s for s in split_sentences(self.text) if _WORD.search(s)]

    @cached_property
    def numbers(self) -> set[str]:
        return _numbers(_ORDINAL.sub(r"\1", self.text))

    @cached_property
    def dates(self) -> set[tuple[str, str]]:
        return _dates(self.text)

    @cached_property
    def words(self) -> set[str]:
        words = {_plain(match.group(0)) for match in _WORD.finditer(self.text)}
        return words | {part for word in words if "-" in word for part in word.split("-") if part}

    @cached_property
    def acronyms(self) -> set[str]:
        return _acronyms(self.text)

    @cached_property
    def loaded(self) -> set[str]:
        return set(loaded_words(self.text))

    @cached_property
    def vectors(self) -> np.ndarray:
        from summarize.embeddings import embed

        return embed(self.sentences)

    def known_name(self, name: str) -> bool:
        plain = _plain(name)
        if plain in self.words or plain in self.acronyms:
            return True
        if len(plain) < _PREFIX:
            return False
        return any(
            len(word) >= _PREFIX
            and _shared_prefix(plain, word) >= max(_PREFIX, 0.75 * min(len(plain), len(word)))
            for word in self.words
        )

    def closest(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row of `vectors`: the index of its closest source sentence, and the cosine."""
        if not self.sentences:
            return np.zeros(len(vectors), dtype=int), np.zeros(len(vectors))
        similarity = vectors @ self.vectors.T
        return similarity.argmax(axis=1), similarity.max(axis=1)

    def check(self, sentences: Sequence[str]) -> list[Verdict]:
        """One verdict per sentence."""
        from summarize.embeddings import embed

        best, score = self.closest(embed(list(sentences)))
        verdicts = []
        for sentence, index, similarity in zip(sentences, best, score, strict=True):
            problems = []
            invented_numbers = sorted(_numbers(_ORDINAL.sub(r"\1", sentence)) - self.numbers)
            if invented_numbers:
                problems.append(f"number not in the article: {', '.join(invented_numbers)}")
            invented_dates = sorted(_dates(sentence) - self.dates)
            if invented_dates:
                problems.append(
                    "date not in the article: " + ", ".join(f"{m} {d}" for m, d in invented_dates)
                )
            invented_names = [name for name in _names(sentence) if not self.known_name(name)]
            if invented_names:
                problems.append(
                    f"name not in the article: {', '.join(dict.fromkeys(invented_names))}"
                )
            added_loaded = [word for word in loaded_words(sentence) if word not in self.loaded]
            if added_loaded:
                problems.append(f"loaded word: {', '.join(added_loaded)}")
            if float(similarity) < MIN_SIMILARITY:
                problems.append(
                    f"not close to any sentence of the article (similarity {similarity:.2f})"
                )
            closest = self.sentences[int(index)] if self.sentences else ""
            verdicts.append(Verdict(sentence, tuple(problems), float(similarity), closest))
        return verdicts


def _shared_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


Regenerate = Callable[[str, str], str | None]
"""`regenerate(sentence, problem)`: one new attempt at a failing sentence, or None."""


def guard_sentences(
    sentences: Sequence[str],
    source: SourceIndex,
    fallbacks: Sequence[str],
    regenerate: Regenerate | None = None,
) -> tuple[list[str], list[Replacement]]:
    """The sentences with every unfaithful one regenerated once, else replaced by a fallback.

    `fallbacks` are source sentences fit to stand in a summary; the replacement is the one closest
    in meaning to the failing sentence and not used yet.
    """
    kept: list[str] = []
    replacements: list[Replacement] = []
    for verdict in source.check(sentences):
        if verdict.ok:
            kept.append(verdict.sentence)
            continue
        problem = "; ".join(verdict.problems)
        retry = regenerate(verdict.sentence, problem) if regenerate else None
        if retry:
            retried = source.check([retry])[0]
            if retried.ok:
                kept.append(retry)
                replacements.append(Replacement(verdict.sentence, retry, f"regenerated: {problem}"))
                continue
        fallback = closest_unused(verdict.sentence, fallbacks, kept)
        if fallback is None:
            replacements.append(Replacement(verdict.sentence, "", f"dropped: {problem}"))
            continue
        kept.append(fallback)
        replacements.append(Replacement(verdict.sentence, fallback, f"replaced: {problem}"))
    return kept, replacements


def closest_unused(sentence: str, candidates: Sequence[str], used: Sequence[str]) -> str | None:
    """The candidate closest in meaning to `sentence` that is not in `used` (None if none is left)."""
    from summarize.embeddings import embed

    unused = [candidate for candidate in candidates if candidate not in used]
    if not unused:
        return None
    scores = embed(unused) @ embed([sentence])[0]
    return unused[int(np.argmax(scores))]
