"""Stories: the articles of one input that report the same news event, so each gets its own brief.

Each article is read by its lead (the headline and first sentences): a MiniLM vector of the lead,
the names spaCy finds in it (people, organisations, places, events), as ASCII-folded words each
weighted by how rare the word is in English (wordfreq), so that "Marrakesh" counts for more than
"Russia", and the days it mentions. Two articles are linked by

    cosine of the leads + ENTITY_WEIGHT * the weight of the names and days they share

with a name matched across spellings (rapidfuzz: Zelensky/Zelenskiy). Candidate pairs come from
the random-projection index over the vectors (`neighbours.similar_pairs`) and from an inverted
index of rare names, so no article is compared with every other. Stories grow by average linkage:
two groups join over a strong pair only when the mean link between all their members also clears
`AVERAGE_LINK`, so one loose pair cannot chain two events together. Articles whose publication
dates lie more than `MAX_DAYS_APART` apart never join. An article linked to none is a story of one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from wordfreq import zipf_frequency

from summarize import nlp
from summarize.brief.facts import sentence_vectors
from summarize.brief.neighbours import similar_pairs
from summarize.brief.structure import Story
from summarize.dates import find_dates, parse_date
from summarize.repair import Repaired
from summarize.sentences import sentence_spans
from summarize.textrank import content_words

LEAD_SENTENCES = 8  # the lead: headline and first sentences of at least MIN_LEAD_WORDS words
MIN_LEAD_WORDS = 6
VECTOR_SENTENCES = 3  # of which the vector reads the headline and this many
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})
COMMON_ZIPF = 5.0  # a word this frequent in English (wordfreq zipf) says nothing about the event
RARE_SPAN = 2.0  # ... and one this much rarer counts in full
DAY_WEIGHT = 0.5  # a day both articles mention
SAME_SPELLING = 85  # rapidfuzz ratio for two spellings of one name word (5 letters or more)
ENTITY_WEIGHT = 0.3
MAX_EVIDENCE = 2.5
STRONG_LINK = 0.9  # a pair this close may start or join a story ...
AVERAGE_LINK = 0.8  # ... when the mean link of the two groups' members is this close too
MAX_DAYS_APART = 7
FLOOR = STRONG_LINK - ENTITY_WEIGHT * MAX_EVIDENCE  # the least cosine a strong pair can have
RARE_NAME = 0.5  # names this rare index their articles for candidate pairs ...
MAX_POSTING = 64  # ... unless so many articles use them that they name no one event
MAX_AVERAGED = 16  # members of each group the average link reads (the first, in input order)


@dataclass(frozen=True)
class Lead:
    """What story detection reads of one article."""

    vector: np.ndarray
    names: tuple[str, ...]  # folded name words and "@month-day" day keys, sorted
    weights: np.ndarray  # one per name
    published: date | None
    words: frozenset[str]  # content words of the lead, to choose the story title


def _fold(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z][a-z0-9]{2,}", re.sub(r"['’`]s\b", "", text))


@cache
def _rarity(word: str) -> float:
    return float(np.clip((COMMON_ZIPF - zipf_frequency(word, "en")) / RARE_SPAN, 0.0, 1.0))


def lead_sentences(item: Repaired) -> list[str]:
    """The headline and the first sentences of the repaired text."""
    text = item.text
    sentences = (" ".join(text[start:end].split()) for start, end in sentence_spans(text))
    lead = [s for s in sentences if len(s.split()) >= MIN_LEAD_WORDS][:LEAD_SENTENCES]
    return [item.title, *lead]


def read_leads(repaired: Sequence[Repaired]) -> list[Lead]:
    """The lead of each article: vector, weighted names and days, publication date."""
    sentences = [lead_sentences(item) for item in repaired]
    leads = ["\n".join(lead) for lead in sentences]
    vectors, _ = sentence_vectors([" ".join(lead[: 1 + VECTOR_SENTENCES]) for lead in sentences])
    result = []
    for item, lead, vector, doc in zip(
        repaired, leads, vectors, nlp.parse_many(leads, nlp.NER_ALONE), strict=True
    ):
        names = {
            word
            for entity in doc.ents
            if entity.label_ in NAME_LABELS
            for word in _fold(entity.text)
            if _rarity(word) > 0
        }
        weights = {name: _rarity(name) for name in names}
        for mention in find_dates(lead):
            if mention.month and mention.day:
                weights[f"@{mention.month}-{mention.day}"] = DAY_WEIGHT
        ordered = tuple(sorted(weights))
        result.append(
            Lead(
                vector=vector,
                names=ordered,
                weights=np.array([weights[name] for name in ordered]),
                published=parse_date(item.article.date),
                words=frozenset(content_words(lead)),
            )
        )
    return result


def evidence(first: Lead, second: Lead) -> float:
    """The weight of the names and days both leads mention, spellings matched."""
    if not first.names or not second.names:
        return 0.0
    scores = cdist(first.names, second.names, scorer=fuzz.ratio)
    best, match = scores.max(axis=1), scores.argmax(axis=1)
    total = 0.0
    for row, name in enumerate(first.names):
        other = second.names[match[row]]
        same = best[row] >= SAME_SPELLING if len(name) >= 5 and other[0] != "@" else name == other
        if same:
            total += min(first.weights[row], second.weights[match[row]])
    return min(total, MAX_EVIDENCE)


def link(first: Lead, second: Lead) -> float:
    """How surely two articles report one event; -inf when their dates rule it out."""
    if (
        first.published
        and second.published
        and abs((first.published - second.published).days) > MAX_DAYS_APART
    ):
        return -np.inf
    return float(first.vector @ second.vector) + ENTITY_WEIGHT * evidence(first, second)


def candidate_pairs(leads: Sequence[Lead]) -> set[tuple[int, int]]:
    """Pairs worth scoring: near neighbours by vector, and articles sharing a rare name."""
    if len(leads) < 2:
        return set()
    first, second, _ = similar_pairs(np.stack([lead.vector for lead in leads]), FLOOR)
    pairs = set(zip(first.tolist(), second.tolist(), strict=True))
    postings: dict[str, list[int]] = defaultdict(list)
    for index, lead in enumerate(leads):
        for name, weight in zip(lead.names, lead.weights, strict=True):
            if weight >= RARE_NAME and name[0] != "@":
                postings[name].append(index)
    for members in postings.values():
        if len(members) <= MAX_POSTING:
            pairs.update(combinations(members, 2))
    return pairs


def group_articles(leads: Sequence[Lead], pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Indices of the articles of each story, by average linkage over the candidate `pairs`."""
    scores: dict[tuple[int, int], float] = {}

    def score(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in scores:
            scores[key] = link(leads[key[0]], leads[key[1]])
        return scores[key]

    parent = list(range(len(leads)))
    members = {index: [index] for index in range(len(leads))}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    strong = sorted(
        (pair for pair in pairs if score(*pair) >= STRONG_LINK),
        key=lambda pair: (-score(*pair), pair),
    )
    for i, j in strong:
        a, b = root(i), root(j)
        if a == b:
            continue
        average = np.mean(
            [score(x, y) for x in members[a][:MAX_AVERAGED] for y in members[b][:MAX_AVERAGED]]
        )
        if average >= AVERAGE_LINK:
            a, b = min(a, b), max(a, b)
            parent[b] = a
            members[a] = sorted(members[a] + members.pop(b))
    return sorted(members.values(), key=lambda group: (-len(group), group[0]))


def story_title(repaired: Sequence[Repaired], leads: Sequence[Lead], group: Sequence[int]) -> str:
    """The headline whose words the story's other articles use most (a file name never counts)."""
    if len(group) == 1:
        return repaired[group[0]].title

    def shared(index: int) -> float:
        words = set(content_words(repaired[index].title))
        others = [leads[other].words for other in group if other != index]
        return sum(len(words & other) for other in others) / max(len(words), 4) / len(others)

    headlines = [i for i in group if repaired[i].title != Path(repaired[i].article.source).stem]
    return repaired[max(headlines or group, key=lambda index: (shared(index), -index))].title


def find_stories(repaired: Sequence[Repaired]) -> tuple[Story, ...]:
    """The stories of `repaired`, largest first; every article is in exactly one."""
    if len(repaired) < 2:  # nothing to tell apart: no lead needs reading
        return tuple(Story((index,), item.title) for index, item in enumerate(repaired))
    leads = read_leads(repaired)
    return tuple(
        Story(tuple(group), story_title(repaired, leads, group))
        for group in group_articles(leads, candidate_pairs(leads))
    )
