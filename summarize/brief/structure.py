"""The brief's data: what every renderer (Markdown, JSON, the TUI) shows, assembled in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from summarize.repair import Repaired


@dataclass(frozen=True)
class Source:
    """A numbered source: its number is what citations like [1] point at."""

    number: int
    article_id: str
    title: str
    location: str
    url: str | None = None
    site: str | None = None  # the site's name, for a page from the web


@dataclass(frozen=True)
class Statement:
    """One source's sentence behind a point: what a fused sentence must stay faithful to."""

    source: int
    text: str


@dataclass(frozen=True)
class BriefPoint:
    """One thing the sources say: a self-contained sentence, the sources that state it, and the
    sentences each of them states it with (`statements`, one or more per cited source)."""

    text: str
    sources: tuple[int, ...]
    statements: tuple[Statement, ...] = ()

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
    """Sources that disagree on a number, a date or a name: every version is kept.

    `kind` is "number", "date" or "name"."""

    kind: str
    topic: str
    versions: tuple[ConflictVersion, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event: `date` as a reader writes it ("January 12"), `iso` sortable ("--01-12" when
    the year is unknown)."""

    date: str
    event: str
    sources: tuple[int, ...]
    iso: str = ""


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place under its canonical name, with the other ways sources
    write it. `kind` is "person", "organisation" or "place"."""

    name: str
    variants: tuple[str, ...]
    sources: tuple[int, ...]
    kind: str = ""


@dataclass(frozen=True)
class Brief:
    """`vectors` names what grouped the sentences: "minilm" (embeddings) or "tfidf" (fallback);
    `problem` says why a brief has nothing but its sources (a resource limit)."""

    points: tuple[BriefPoint, ...]
    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    entities: tuple[Entity, ...] = ()
    vectors: str = ""
    problem: str = ""


@dataclass(frozen=True)
class Story:
    """Articles about one news event: `articles` are indices into the input, in input order."""

    articles: tuple[int, ...]
    title: str


def renumber(brief: Brief, offset: int) -> Brief:
    """`brief` with every source number moved up by `offset`: a story's brief built over its own
    articles (numbered from 1) cites them as the whole report numbers them."""

    def moved(sources: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(number + offset for number in sources)

    return replace(
        brief,
        points=tuple(
            replace(
                point,
                sources=moved(point.sources),
                statements=tuple(
                    replace(statement, source=statement.source + offset)
                    for statement in point.statements
                ),
            )
            for point in brief.points
        ),
        sources=tuple(replace(source, number=source.number + offset) for source in brief.sources),
        conflicts=tuple(
            replace(
                conflict,
                versions=tuple(
                    replace(version, sources=moved(version.sources))
                    for version in conflict.versions
                ),
            )
            for conflict in brief.conflicts
        ),
        timeline=tuple(replace(entry, sources=moved(entry.sources)) for entry in brief.timeline),
        entities=tuple(replace(entity, sources=moved(entity.sources)) for entity in brief.entities),
    )


def number_sources(repaired: Sequence[Repaired]) -> tuple[Source, ...]:
    """Sources numbered from 1 in article order."""
    return tuple(
        Source(
            number=index,
            article_id=item.article.id,
            title=item.title,
            location=item.article.url or item.article.source,
            url=item.article.url,
            site=item.article.site,
        )
        for index, item in enumerate(repaired, start=1)
    )
