"""Facts first: the sentences of every article, grouped across articles when they state the same
thing, ranked by how many sources support them and then by how central they are.

Sentences are compared as MiniLM embeddings (TF-IDF vectors when embeddings are not installed) and
only through `neighbours.similar_pairs`, never all against all. Groups grow by merging the most
similar pairs first, and two groups merge only when their centroids are close too, so a chain of
loosely similar sentences cannot pull unrelated statements together, and every member must be
close to a sample of the others. A source counts once per
group: two sentences of the same article join one group only when they repeat each other.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from summarize import embeddings
from summarize.brief.lexicon import lexicon
from summarize.brief.nearduplicates import near_duplicate_leaders
from summarize.brief.neighbours import similar_pairs
from summarize.engines.extractive import rank_sentences
from summarize.errors import ModelError
from summarize.headlines import drop_dateline
from summarize.sentences import sentence_spans, split_sentences
from summarize.textrank import content_words, tfidf_matrix

# cosine above which sentences of two sources state the same thing, per kind of vector; tuned on
# the seeds (tests/test_brief_grouping.py holds the pairs): MiniLM puts restatements at 0.63-0.89
# and different statements about the same story at or below 0.61
SAME_FACT = {"minilm": 0.62, "tfidf": 0.3}
# two sentences of one article state the same thing only at a higher similarity: an article
# restates its lede, but also tells the next thing about the same story
REPEATED = {"minilm": 0.7, "tfidf": 0.5}
# every member of a group must stay at least this close to every other (checked on up to
# `EXEMPLARS` members of each side): a chain of loosely similar sentences is not one fact
LINK = {"minilm": 0.5, "tfidf": 0.15}
EXEMPLARS = 8
NAMES_WEIGHT = 0.3  # how much naming the story's main people and organisations in full is worth
MAIN_NAMES = 5
STANCE_WEIGHT = 0.1  # who said what matters to the reader as much as what is central
# sentences of one source compared with the others (`most_central`): a news article has fewer
MAX_COMPARED = 240
MIN_WORDS = 5  # shorter lines ("just one day.", "Russian.") are debris or fragments
_TERMINAL = re.compile(r"[.!?][”\"’')\]]*$")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")  # "theFrance": a missing space the repair left behind
# a small word glued to the next one: surely a missing space, where "McDonald" is a name
_GLUED_WORD = re.compile(r"\b(?:the|of|with|and|to|in|on|for|at|by|from|that)[A-Z]")
_DEBRIS = re.compile(r"[{}<>|]|“,”|”:“|text “:”|\. \.$")
# who? what? the point cannot say: "It was ...", "This became known ...", "... supports it.",
# "..., she added."
_ANAPHORA = re.compile(
    r"^(?:She|He|It|They|Her|His|Their|Its)\b"
    r"|^(?:This|That|These|Those)\s+(?:is|was|are|were|will|would|has|have|had|became|means)\b"
)
_VAGUE_END = re.compile(
    r"\b(?:it|this|that|them)[.!?]$|[,”\"’] (?:he|she|they) (?:said|added|noted|stressed)\.$"
)
_ARTEFACT = re.compile(r"\w\.\.\.?\s|\s[.,;:]\s")  # "stated that... the", "word , word": MT debris
# where a main clause ends and the next begins: "; ", ", and ", " but ", " while "
_COORDINATION = re.compile(r";\s+|,?\s+(?:and|but|while|whereas)\s+")
# a clause that opens so cannot stand alone: "Although ...", "According to ..."
_SUBORDINATE = re.compile(
    r"^(?:Although|Though|While|If|When|As|According|After|Before|Because|Since|Unless|Until)\b"
)
_OTHER_SCRIPT = re.compile(r"[^\W\d_]")
_QUOTES = (("“", "”"), ("«", "»"))


@dataclass(frozen=True)
class Sentence:
    """A sentence of one source. `complete` means it can stand as a point: it ends like a
    sentence, starts with a capital or a quote, and is not a headline. `reviewed` marks a sentence
    of a summary a reviewer wrote for the source: their word, kept as written. `flagged` marks one
    the repair engine flagged (source-language grammar it could not fix)."""

    source: int
    position: int
    text: str
    complete: bool
    reviewed: bool = False
    flagged: bool = False  # the repair flagged part of it: a worse way to state a fact
    # of a flagged sentence, its main clause before the first flag when that stands alone
    # ("Moscow denies any belligerent inclination." of "... and presents itself as the target of
    # Provocation Westerners ..."): the fact stated without what the repair could not fix
    clean: str = ""

    @property
    def statement(self) -> str:
        """The text a point may state: unflagged, or the clean clause of a flagged sentence."""
        return self.clean if self.flagged else self.text


def article_sentences(
    text: str, source: int, title: str = "", flag_spans: Sequence[tuple[int, int]] = ()
) -> list[Sentence]:
    """The sentences of one repaired article worth comparing (fragments and debris dropped)."""
    sentences = []
    headline = " ".join(title.split())
    first_flag = _flag_finder(flag_spans)
    for position, (start, end) in enumerate(sentence_spans(text)):
        sentence = " ".join(text[start:end].split())
        if len(sentence.split()) < MIN_WORDS:
            continue
        complete = (
            bool(_TERMINAL.search(sentence))
            and (sentence[0].isupper() or sentence[0] in "“\"‘'")
            and sentence not in headline  # a headline, or one sentence of a headline of two
        )
        flag = first_flag(start, end)
        clean = _clause_before(text[start:flag]) if flag is not None else ""
        sentences.append(
            Sentence(source, position, sentence, complete, flagged=flag is not None, clean=clean)
        )
    return sentences


def _flag_finder(flag_spans: Sequence[tuple[int, int]]) -> Callable[[int, int], int | None]:
    """Where the first flag overlapping a span begins (clipped to the span), None without one;
    by bisection: linear in a long article's sentences and flags together, not their product."""
    ordered = sorted(flag_spans)
    starts = [start for start, _ in ordered]
    furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def first(start: int, end: int) -> int | None:
        before = bisect.bisect_left(starts, start)  # flags that start before the span
        if before and furthest[before - 1] > start:
            return start
        if before < len(starts) and starts[before] < end:
            return starts[before]
        return None

    return first


def _clause_before(prefix: str) -> str:
    """The main clause that `prefix` (a sentence up to a flag) opens with, ended as a sentence;
    "" when no coordinated clause ends before the flag or the clause cannot stand alone."""
    prefix = " ".join(prefix.split())
    cuts = list(_COORDINATION.finditer(prefix))
    if not cuts:
        return ""
    clause = prefix[: cuts[-1].start()].rstrip(",")
    if (
        len(clause.split()) < MIN_WORDS
        or not (clause[0].isupper() or clause[0] in '“"')
        or _SUBORDINATE.match(clause)
        or _unbalanced(clause)
    ):
        return ""
    return clause + "."


def most_central(sentences: Sequence[Sentence], title: str = "") -> list[Sentence]:
    """The `MAX_COMPARED` sentences of one source most worth a point, in their order.

    They are chosen by the extractive engine's ranking (TextRank over sparse TF-IDF, linear in
    the text) over all of the source's sentences, so a long article is represented by its most
    central statements from beginning to end, and only those are embedded and grouped: the cost of
    the comparison is bounded per source, whatever the article's length."""
    if len(sentences) <= MAX_COMPARED:
        return list(sentences)
    scores = rank_sentences(title, [sentence.text for sentence in sentences])
    chosen = np.sort(np.argsort(-scores, kind="stable")[:MAX_COMPARED])
    return [sentences[index] for index in chosen]


def reviewed_sentences(summary: str, source: int) -> list[Sentence]:
    """The sentences of a summary a reviewer edited, each a statement of `source`."""
    return [
        Sentence(source, 0, " ".join(sentence.split()), complete=True, reviewed=True)
        for sentence in split_sentences(summary)
    ]


def sentence_vectors(texts: Sequence[str]) -> tuple[np.ndarray, str]:
    """L2-normalised vectors for `texts` and the kind used: "minilm", or "tfidf" without
    embeddings installed. Repeated and nearly repeated sentences are embedded once."""
    leaders = near_duplicate_leaders(texts)
    unique = sorted(set(leaders))
    row = {leader: position for position, leader in enumerate(unique)}
    kind = "minilm"
    try:
        vectors = embeddings.embed([texts[i] for i in unique]) if embeddings.available() else None
    except ModelError:
        vectors = None
    if vectors is None:
        kind, vectors = "tfidf", tfidf_matrix([texts[i] for i in unique])
    return vectors[[row[leader] for leader in leaders]], kind


def group_sentences(
    sentences: Sequence[Sentence], vectors: np.ndarray, kind: str
) -> list[list[int]]:
    """Indices of sentences that state the same thing, one list per group (singletons included)."""
    same, repeated, link = SAME_FACT[kind], REPEATED[kind], LINK[kind]
    parent = list(range(len(sentences)))
    sums = vectors.astype(np.float64)
    sources = [{sentence.source} for sentence in sentences]
    exemplars = [[index] for index in range(len(sentences))]

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for first, second, _ in zip(*similar_pairs(vectors, same), strict=True):
        a, b = root(int(first)), root(int(second))
        if a == b:
            continue
        cosine = sums[a] @ sums[b] / (np.linalg.norm(sums[a]) * np.linalg.norm(sums[b]) or 1.0)
        if cosine < (repeated if sources[a] & sources[b] else same):
            continue
        if (vectors[exemplars[a]] @ vectors[exemplars[b]].T).min() < link:
            continue
        if len(sources[a]) < len(sources[b]):
            a, b = b, a
        parent[b] = a
        sums[a] += sums[b]
        sources[a] |= sources[b]
        exemplars[a] = (exemplars[a] + exemplars[b])[:EXEMPLARS]
    groups: dict[int, list[int]] = {}
    for index in range(len(sentences)):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())


@dataclass(frozen=True, eq=False)
class Fact:
    """A group of sentences stating one thing, with the sentence that states it best."""

    members: tuple[Sentence, ...]
    representative: Sentence
    sources: tuple[int, ...]
    centrality: float
    vector: np.ndarray  # unit centroid of the members

    @property
    def reviewed(self) -> bool:
        return self.representative.reviewed


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def sentence_quality(sentence: Sentence) -> float:
    """How well a sentence can stand alone as a point, apart from what it says (0 to 1)."""
    words = len(sentence.text.split())
    score = 1.0 if sentence.complete else 0.3
    score -= 0.15 * min(2, len(_GLUED.findall(sentence.text)))
    score -= 0.5 if _DEBRIS.search(sentence.text) else 0.0
    score -= 0.1 if _ANAPHORA.match(sentence.text) else 0.0
    score -= 0.5 if sentence.flagged else 0.0
    score -= 0.5 if _ARTEFACT.search(sentence.text) or _other_script(sentence.text) else 0.0
    score -= 0.3 if _unbalanced(sentence.text) else 0.0
    score -= 0.2 if _VAGUE_END.search(sentence.text) else 0.0
    score -= 0.2 if words < 8 or words > 45 else 0.0
    return score


def _other_script(text: str) -> bool:
    """A word in a script other than Latin ("Еще"): a word the translation left behind."""
    return any(
        not ("LATIN" in unicodedata.name(char, "LATIN") or char.isascii())
        for char in _OTHER_SCRIPT.findall(text)
    )


def _unbalanced(text: str) -> bool:
    """An opening quotation mark without its closing one, or the reverse: a quotation cut off."""
    return text.count('"') % 2 == 1 or any(text.count(a) != text.count(b) for a, b in _QUOTES)


@cache
def _stance() -> re.Pattern:
    verbs = "|".join(map(re.escape, lexicon()["stance_verbs"]))
    # a named actor opening the sentence and taking a position: "Moscow denies", "The Kremlin
    # calls for", "Russian President Vladimir Putin threatened"
    return re.compile(
        rf"^(?:The\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|and|each|other)){{0,4}}\s+(?:{verbs})\b"
    )


def takes_a_stance(text: str) -> bool:
    """Whether a named actor opens `text` by taking a position: who said what."""
    return bool(_stance().match(text))


def _informative(sentence: Sentence) -> float:
    words = content_words(sentence.text)
    return min(len(set(words)), 20) / 20


def _names_told(sentence: Sentence, names: Sequence[str]) -> float:
    """The share of the story's main `names` (up to `MAIN_NAMES`) the sentence writes in full."""
    if not names:
        return 0.0
    return sum(name in sentence.text for name in names[:MAIN_NAMES]) / min(len(names), MAIN_NAMES)


def rank_facts(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    groups: Sequence[Sequence[int]],
    names: Sequence[str] = (),
) -> list[Fact]:
    """Groups as facts: most sources first, then most central (closest to the centroid of all
    sentences, with a nudge to what articles say early and to an actor's stated position).

    Each group is stated by its member that is closest to its centroid, reads best alone, says
    most and names more of the story's main `names` (most cited first) in full."""
    overall = _unit(vectors.mean(axis=0)) if len(vectors) else vectors
    facts = []
    for group in groups:
        centroid = _unit(vectors[list(group)].mean(axis=0))
        members = tuple(sentences[index] for index in group)
        # a reviewer's sentence states the fact as they want it stated
        reviewed = [index for index in group if sentences[index].reviewed]
        best = max(
            reviewed or group,
            key=lambda index: (
                float(vectors[index] @ centroid)
                + sentence_quality(sentences[index])
                + 0.3 * _informative(sentences[index])
                + NAMES_WEIGHT * _names_told(sentences[index], names)
            ),
        )
        lead = max(1 / (1 + 0.1 * member.position) for member in members)
        stance = STANCE_WEIGHT if takes_a_stance(sentences[best].text) else 0.0
        facts.append(
            Fact(
                members=members,
                representative=sentences[best],
                sources=tuple(sorted({member.source for member in members})),
                centrality=float(centroid @ overall) + 0.1 * lead + stance,
                vector=centroid,
            )
        )
    facts.sort(key=lambda fact: (-len(fact.sources), -fact.centrality))
    return facts


# the story's specifics: a number, a month or weekday, or a capitalised name inside the sentence
_SPECIFIC = re.compile(
    r"\d[\d.,:%]*|\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?<=[a-z,;] )[A-Z][\w’'-]+"
)
SPECIFIC_ENOUGH = 6  # distinct specifics a point needs to tell who, what, where and when
# someone's words rather than the news: a quotation, or a speaker's "we" whose marks were lost
_QUOTED = re.compile(r"^[“\"‘«]|[”\"»],? (?:[\w.-]+ ){0,6}(?:said|added|told|stressed|noted)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|ours|my|My)\b")
# the story's past rather than its news: "For seven years now, ...", "... has long ..."; and an
# attribution to a source named in a missing sentence: "According to this source, ..."
_BACKGROUND = re.compile(
    r"^For (?:\w+ ){1,2}(?:years|decades|months)\b|\bhas (?:long|consistently|always)\b"
    r"|^According to (?:this|that|these|those|the same)\b"
)


def specificity(text: str) -> float:
    """How many of the story's specifics (numbers, dates, names) `text` tells, 0 to 1."""
    found = {match.group() for match in _SPECIFIC.finditer(text)}
    return min(len(found), SPECIFIC_ENOUGH) / SPECIFIC_ENOUGH


def is_quotation(text: str) -> bool:
    """Whether `text` is someone's words rather than a report of the news."""
    unquoted = re.sub(r"[“\"«][^”\"»]*[”\"»]", "", text)
    return bool(_QUOTED.search(text) or _FIRST_PERSON.search(unquoted))


def has_artefact(text: str) -> bool:
    """Whether `text` keeps MT debris the repair left: a glued word ("theFrance", "withNATO";
    not a name such as "McDonald"), markup, "stated that... the", a word in another script. No
    point may carry one."""
    return bool(
        _GLUED_WORD.search(text) or _DEBRIS.search(text) or _ARTEFACT.search(text)
    ) or _other_script(text)


def is_vague(text: str) -> bool:
    """Whether `text` leans on a sentence it lacks: "It was ...", "... supports it."."""
    return bool(_ANAPHORA.match(text) or _VAGUE_END.search(text))


def is_background(text: str) -> bool:
    """Whether `text` tells the story's past or leans on a source named elsewhere."""
    return bool(_BACKGROUND.search(text))


@cache
def _connective() -> re.Pattern:
    words = sorted(lexicon()["connectives"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, words))})\b,?\s+", re.IGNORECASE)


def standalone(text: str) -> str:
    """`text` without an agency dateline and a leading connective ("Finally, ...") that ties it
    to a missing sentence."""
    text = drop_dateline(" ".join(text.split()))
    text = re.sub(r"\s*([.!?])(?:\s*\.)*$", r"\1", text)  # "anonymous. .", "since 2014 ."
    stripped = _connective().sub("", text, count=1)
    if stripped != text and len(stripped.split()) >= MIN_WORDS:
        return stripped[0].upper() + stripped[1:]
    return text
