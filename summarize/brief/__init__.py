"""The combined brief across articles: one data structure that every renderer shares.

`build_brief` works facts first, without any model: the repaired articles' sentences are grouped
across sources when they state the same thing (`facts`), the groups become points citing every
source that states them, and the same groups are searched for disagreements (`conflicts`). The
timeline and the people and organisations are read from the whole texts. Each source takes part
in the comparison with at most `facts.MAX_COMPARED` sentences, its most central by TextRank over
all of them, so the cost of embedding and grouping is bounded per source however long it is. A model engine may later
rewrite the points into prose (summarize.fusion); each point carries the sentences it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summarize.brief.conflicts import find_conflicts
from summarize.brief.entities import build_entities, name_variants
from summarize.brief.facts import (
    Fact,
    article_sentences,
    group_sentences,
    has_artefact,
    is_background,
    is_quotation,
    is_vague,
    most_central,
    rank_facts,
    reviewed_sentences,
    sentence_vectors,
    specificity,
    standalone,
)
from summarize.brief.structure import (
    Brief,
    BriefPoint,
    Conflict,
    ConflictVersion,
    Entity,
    Source,
    Statement,
    Story,
    TimelineEntry,
    number_sources,
    renumber,
)
from summarize.brief.timeline import build_timeline
from summarize.dates import parse_date
from summarize.repair import Repaired
from summarize.summary import Summary

MAX_POINTS = 8
WORD_BUDGET = 200  # words of points per story: enough for up to 10 articles, MAX_POINTS bounds more
SUPPORT = 0.2  # what being told by every source rather than by one is worth
SPECIFICS = 0.2  # what naming its who, where, when and how many is worth
QUOTATION = 0.3  # what a quotation costs: someone's words, not the news
BACKGROUND = 0.2  # what telling the story's background costs
VAGUE = 0.2  # what leaning on a missing sentence costs
REDUNDANCY = 1.0  # how much likeness to a chosen point costs


def _point(fact: Fact) -> BriefPoint:
    # each source's own words for the point, the representative's for its source
    first_said = {fact.representative.source: fact.representative.text}
    for member in fact.members:
        first_said.setdefault(member.source, member.text)
    statements = tuple(Statement(source, first_said[source]) for source in fact.sources)
    text = fact.representative.statement
    return BriefPoint(
        text=text if fact.reviewed else standalone(text),
        sources=fact.sources,
        statements=statements,
    )


def newsworthiness(fact: Fact, source_count: int) -> float:
    """How much a fact is worth a point, apart from the points already chosen: central, told by
    many of the sources, naming the story's specifics, and not a quotation or background."""
    text = fact.representative.statement
    support = (len(fact.sources) - 1) / max(1, source_count - 1)
    return (
        fact.centrality
        + SUPPORT * support
        + SPECIFICS * specificity(text)
        - QUOTATION * is_quotation(text)
        - BACKGROUND * is_background(text)
        - VAGUE * is_vague(text)
    )


def select_points(facts: Sequence[Fact], source_count: int) -> tuple[BriefPoint, ...]:
    """Points from the ranked facts: what a reviewer wrote, then the most newsworthy facts,
    within `MAX_POINTS` and `WORD_BUDGET` words, shared points first.

    Facts are picked by maximal marginal relevance: newsworthy, but unlike the points already
    chosen, so that a restatement of a chosen point does not crowd out what only one source
    reports, and one that restates them more than it adds is not taken at all; one too long for
    the words left is passed over for a shorter one. A fact that no
    complete, unflagged sentence (or clean clause of a flagged one) free of MT debris states is
    skipped."""
    statable = [
        fact
        for fact in facts
        if fact.representative.complete
        and fact.representative.statement
        and (fact.reviewed or not has_artefact(fact.representative.statement))
    ]
    chosen = [fact for fact in statable if fact.reviewed]
    pool = [fact for fact in statable if not fact.reviewed]
    words_left = WORD_BUDGET - sum(_words(fact) for fact in chosen)
    worth = np.array([newsworthiness(fact, source_count) for fact in pool])
    redundancy = np.full(len(pool), -1.0)
    for fact in chosen:
        redundancy = _closer(redundancy, pool, fact)
    taken = np.zeros(len(pool), dtype=bool)
    while len(chosen) < MAX_POINTS:
        fits = ~taken & (np.array([_words(fact) for fact in pool]) <= words_left)
        if not fits.any():
            break
        scores = np.where(fits, worth - REDUNDANCY * np.maximum(redundancy, 0.0), -np.inf)
        best = int(np.argmax(scores))
        if scores[best] <= 0:  # what is left restates the points more than it adds to them
            break
        chosen.append(pool[best])
        taken[best] = True
        words_left -= _words(pool[best])
        redundancy = _closer(redundancy, pool, pool[best])
    rank = {id(fact): index for index, fact in enumerate(facts)}
    chosen.sort(key=lambda fact: (len(fact.sources) == 1, rank[id(fact)]))
    return tuple(_point(fact) for fact in chosen)


def _words(fact: Fact) -> int:
    return len(fact.representative.statement.split())


def _closer(redundancy: np.ndarray, pool: Sequence[Fact], chosen: Fact) -> np.ndarray:
    """Each pool fact's highest similarity to a chosen point, with `chosen` added."""
    if not pool:
        return redundancy
    similarity = np.array([fact.vector @ chosen.vector for fact in pool])
    return np.maximum(redundancy, similarity)


def build_brief(repaired: Sequence[Repaired], summaries: Sequence[Summary] = ()) -> Brief:
    """The brief of `repaired` articles: points, conflicts, timeline and entities, all sourced.

    The facts come from the repaired texts. Of `summaries` (one per article, if given), only those
    a reviewer edited count: their sentences are that source's word and always become points."""
    sources = number_sources(repaired)
    # headlines and fragments date events and name people, but never state a point
    sentences = [
        sentence
        for source, item in zip(sources, repaired, strict=True)
        for sentence in most_central(
            [
                sentence
                for sentence in article_sentences(
                    item.text, source.number, item.title, item.flag_spans
                )
                if sentence.complete
            ],
            item.title,
        )
    ]
    for source, summary in zip(sources, summaries, strict=True) if summaries else ():
        if summary.human_edited:
            sentences += reviewed_sentences(summary.text, source.number)
    variants = {
        variant: canonical
        for canonical, names in name_variants(repaired).items()
        for variant in names
    }
    days = [parse_date(item.article.date) for item in repaired]
    published = min((day for day in days if day), default=None)
    timeline = build_timeline(
        [
            (source.number, item.text, day)
            for source, item, day in zip(sources, repaired, days, strict=True)
        ],
        published,
    )
    entities = build_entities(repaired)
    if not sentences:
        return Brief(points=(), sources=sources, timeline=timeline, entities=entities)
    vectors, kind = sentence_vectors([sentence.text for sentence in sentences])
    main_names = [entity.name for entity in entities if entity.kind != "place"]
    groups = group_sentences(sentences, vectors, kind)
    facts = rank_facts(sentences, vectors, groups, main_names)
    return Brief(
        points=select_points(facts, len(sources)),
        sources=sources,
        conflicts=find_conflicts(facts, variants),
        timeline=timeline,
        entities=entities,
        vectors=kind,
    )


__all__ = [
    "Brief",
    "BriefPoint",
    "Conflict",
    "ConflictVersion",
    "Entity",
    "Source",
    "Statement",
    "Story",
    "TimelineEntry",
    "build_brief",
    "number_sources",
    "renumber",
]
