"""The combined brief across articles: a data structure that every renderer shares.

`Brief` holds the points (each citing numbered sources), the conflicts between sources, a timeline
and the people and organisations named. The Markdown and JSON exporters and the TUI render it; none
of them assembles brief text of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarize.engines.base import Summary
from summarize.repair import Repaired
from summarize.sentences import split_sentences
from summarize.textrank import tfidf_matrix

SAME_POINT = 0.45  # TF-IDF cosine above which two summary sentences state the same thing


@dataclass(frozen=True)
class Source:
    """A numbered source: its number is what citations like [1] point at."""

    number: int
    article_id: str
    title: str
    location: str
    url: str | None = None


@dataclass(frozen=True)
class BriefPoint:
    text: str
    sources: tuple[int, ...]

    @property
    def single_source(self) -> bool:
        return len(self.sources) == 1


@dataclass(frozen=True)
class ConflictVersion:
    value: str
    text: str
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on a number, a date or a name: every version is kept."""

    kind: str
    topic: str
    versions: tuple[ConflictVersion, ...]


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    event: str
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Entity:
    name: str
    variants: tuple[str, ...]
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Brief:
    points: tuple[BriefPoint, ...]
    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    entities: tuple[Entity, ...] = ()


def number_sources(repaired: Sequence[Repaired]) -> tuple[Source, ...]:
    """Sources numbered from 1 in article order."""
    return tuple(
        Source(
            number=index,
            article_id=item.article.id,
            title=item.title,
            location=item.article.url or item.article.source,
            url=item.article.url,
        )
        for index, item in enumerate(repaired, start=1)
    )


def build_brief(repaired: Sequence[Repaired], summaries: Sequence[Summary]) -> Brief:
    """Group the summaries' sentences that say the same thing; cite every source of each group."""
    sources = number_sources(repaired)
    sentences: list[tuple[str, int]] = [
        (sentence, source.number)
        for source, summary in zip(sources, summaries, strict=True)
        for sentence in split_sentences(summary.text)
    ]
    if not sentences:
        return Brief(points=(), sources=sources)
    vectors = tfidf_matrix([text for text, _ in sentences])
    similarity = vectors @ vectors.T
    groups: list[list[int]] = []
    for index in range(len(sentences)):
        for group in groups:
            if similarity[index, group[0]] >= SAME_POINT:
                group.append(index)
                break
        else:
            groups.append([index])
    groups.sort(key=lambda group: (-len({sentences[i][1] for i in group}), group[0]))
    points = tuple(
        BriefPoint(
            text=sentences[group[0]][0],
            sources=tuple(sorted({sentences[i][1] for i in group})),
        )
        for group in groups
    )
    return Brief(points=points, sources=sources)
