"""The stages wired together: load -> repair -> summarize -> brief, as the CLI and the TUI run them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from summarize.articles import Article, Loader, LoadResult, load_plan
from summarize.brief import Brief, Source, build_brief, renumber
from summarize.brief.stories import find_stories
from summarize.engines.base import Summarizer, Summary
from summarize.errors import InputError, ResourceError
from summarize.fusion import fuse_brief
from summarize.headline_writer import write_article_headlines, write_story_title
from summarize.repair import Repaired, repair_articles
from summarize.repair.languagetool import LanguageTool

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a stage runs."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class ArticleReport:
    repaired: Repaired
    summary: Summary


@dataclass(frozen=True)
class StoryBrief:
    """One story of a report: its title and its brief, which cites the story's articles by their
    numbers in the whole report (`brief.sources` are the story's articles)."""

    title: str
    brief: Brief

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(source.number for source in self.brief.sources)


@dataclass(frozen=True)
class Report:
    """Everything an export shows: the articles with their summaries, numbered story by story
    (the largest story first), and one brief per story."""

    title: str
    engine: str
    articles: tuple[ArticleReport, ...]
    stories: tuple[StoryBrief, ...]
    created: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every article's source, in citation order."""
        return tuple(source for story in self.stories for source in story.brief.sources)


def summarize_articles(
    repaired: Sequence[Repaired], summarizer: Summarizer, progress: Progress = _no_progress
) -> list[Summary]:
    """One summary per article, made from the repaired text."""
    progress("summarize", 0, len(repaired))
    return summarizer.summarize_many(
        [(item.title, item.text) for item in repaired],
        lambda done: progress("summarize", done, len(repaired)),
    )


def build_report(
    repaired: Sequence[Repaired],
    summaries: Sequence[Summary],
    engine: str,
    title: str | None = None,
    summarizer: Summarizer | None = None,
) -> Report:
    """The report: the articles split into stories, a brief for each; with a model `summarizer`,
    each brief's points are rewritten as fluent prose, and headlines are written where a page
    has none and for each story of several articles."""
    repaired = write_article_headlines(repaired, summaries, summarizer)
    stories, articles, offset = [], [], 0
    for story in find_stories(repaired):
        items = [repaired[index] for index in story.articles]
        story_summaries = [summaries[index] for index in story.articles]
        brief = build_brief(items, story_summaries)
        if summarizer is not None:
            brief = fuse_brief(brief, items, summarizer, story_summaries)
        story_title = write_story_title(items, summarizer) or story.title
        stories.append(StoryBrief(story_title, renumber(brief, offset)))
        articles += [ArticleReport(repaired[i], summaries[i]) for i in story.articles]
        offset += len(items)
    return Report(
        title=title or report_title(stories),
        engine=engine,
        articles=tuple(articles),
        stories=tuple(stories),
    )


def report_title(stories: Sequence[StoryBrief]) -> str:
    """The largest story's title, saying how many others there are."""
    if not stories:
        return "Brief"
    others = len(stories) - 1
    if not others:
        return stories[0].title
    return f"{stories[0].title} (and {others} other stor{'y' if others == 1 else 'ies'})"


class LocalRun:
    """Loading, repair and summaries in this process; `distributed.DaskRun` has the same stages
    on a Dask cluster."""

    def load(self, plan: Sequence[Loader | InputError]) -> LoadResult:
        return load_plan(plan)

    def repair(
        self,
        articles: Sequence[Article],
        *,
        languagetool: LanguageTool | None = None,
        on_skip: Callable[[ResourceError], None] | None = None,
    ) -> list[Repaired]:
        return repair_articles(articles, languagetool=languagetool, on_skip=on_skip)

    def summarize(
        self, repaired: Sequence[Repaired], summarizer: Summarizer, progress: Progress
    ) -> list[Summary]:
        return summarize_articles(repaired, summarizer, progress)

    def close(self) -> None:
        return None
