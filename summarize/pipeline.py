"""The stages wired together: load -> repair -> summarize -> brief, as the CLI and the TUI run them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from summarize.articles import Article, Loader, LoadResult, load_plan
from summarize.brief import Brief, Source, Story, build_brief, number_sources, renumber
from summarize.brief.stories import find_stories
from summarize.engines.base import Summarizer
from summarize.errors import (
    InputError,
    ModelError,
    OnSkip,
    ResourceError,
    within_limits,
    within_limits_or,
)
from summarize.fusion import fuse_brief
from summarize.headline_writer import write_article_headlines, write_story_title
from summarize.repair import Repaired, repair_articles
from summarize.repair.languagetool import LanguageTool
from summarize.summary import Summary

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a stage runs."""
SUMMARIZING = "summarizing"


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


def summary_within_limits(
    summarizer: Summarizer, title: str, text: str, source: str
) -> Summary | ResourceError:
    """The summary of one article, or what `source` exhausted writing it."""
    return within_limits(partial(summarizer.summarize, title, text), source, SUMMARIZING)


def collect_summaries(
    summarizer: Summarizer,
    outcomes: Sequence[Summary | ResourceError],
    on_skip: OnSkip | None,
) -> list[Summary]:
    """Each article's summary; one that exhausted a resource is reported to `on_skip` (or raised)
    and gets an empty summary saying so, so the article stays in the brief."""
    summaries = []
    for outcome in outcomes:
        if isinstance(outcome, ResourceError):
            if on_skip is None:
                raise outcome
            on_skip(outcome)
            outcome = summarizer.unwritten(outcome.problem)
        summaries.append(outcome)
    return summaries


def summarize_articles(
    repaired: Sequence[Repaired],
    summarizer: Summarizer,
    progress: Progress = _no_progress,
    on_skip: OnSkip | None = None,
) -> list[Summary]:
    """One summary per article, made from the repaired text. Where a resource runs out, each
    article is summarized alone, so that only the one exhausting it goes without (the summaries
    already written come back from the engine's cache)."""
    articles = [(item.title, item.text) for item in repaired]
    progress("summarize", 0, len(repaired))
    together = within_limits(
        partial(
            summarizer.summarize_many,
            articles,
            lambda done: progress("summarize", done, len(repaired)),
        ),
        "the articles",
        SUMMARIZING,
    )
    if not isinstance(together, ResourceError):
        return together
    outcomes = []
    for done, ((title, text), item) in enumerate(zip(articles, repaired, strict=True), start=1):
        outcomes.append(summary_within_limits(summarizer, title, text, item.article.source))
        progress("summarize", done, len(repaired))
    return collect_summaries(summarizer, outcomes, on_skip)


def build_report(
    repaired: Sequence[Repaired],
    summaries: Sequence[Summary],
    engine: str,
    title: str | None = None,
    summarizer: Summarizer | None = None,
    on_skip: OnSkip | None = None,
) -> Report:
    """The report: the articles split into stories, a brief for each; with a model `summarizer`,
    each brief's points are rewritten as fluent prose, and headlines are written where a page
    has none and for each story of several articles.

    With `on_skip`, a resource limit costs only what hit it: a story whose brief exhausts one
    keeps its articles and sources with no points (`Brief.problem` says why), a fusion or a
    headline that does keeps what stood before it, and the other stories are briefed."""
    repaired = write_article_headlines(repaired, summaries, summarizer, on_skip)
    found = stories_of(repaired, on_skip)
    # all the headlines, then all the fusions: a model call that follows one with the same prompt
    # reuses the evaluated system prompt (the KV cache holds one conversation)
    titles = [
        write_story_title(
            [repaired[index] for index in story.articles], summarizer, on_skip, story_name(story)
        )
        or story.title
        for story in found
    ]
    stories, articles, offset = [], [], 0
    for story, story_title in zip(found, titles, strict=True):
        items = [repaired[index] for index in story.articles]
        story_summaries = [summaries[index] for index in story.articles]
        brief = brief_story(story_name(story), items, story_summaries, summarizer, on_skip)
        stories.append(StoryBrief(story_title, renumber(brief, offset)))
        articles += [ArticleReport(repaired[i], summaries[i]) for i in story.articles]
        offset += len(items)
    return Report(
        title=title or report_title(stories),
        engine=engine,
        articles=tuple(articles),
        stories=tuple(stories),
    )


def stories_of(repaired: Sequence[Repaired], on_skip: OnSkip | None = None) -> tuple[Story, ...]:
    """`find_stories`; where that exhausts a resource, each article is a story of its own."""

    def one_each(error: ResourceError) -> tuple[Story, ...]:
        return tuple(Story((index,), item.title) for index, item in enumerate(repaired))

    return within_limits_or(
        partial(find_stories, repaired), one_each, "the articles", "grouping stories", on_skip
    )


def story_name(story: Story) -> str:
    """How a one-line warning names a story."""
    return f"story '{story.title}'"


def brief_story(
    name: str,
    items: Sequence[Repaired],
    summaries: Sequence[Summary],
    summarizer: Summarizer | None,
    on_skip: OnSkip | None,
) -> Brief:
    """The brief of one story's articles, fused by a model `summarizer`; see `build_report` for
    what stands in where a resource runs out; `name` is how a warning names the story."""

    def unbriefed(error: ResourceError) -> Brief:
        return Brief(points=(), sources=number_sources(items), problem=error.problem)

    brief = within_limits_or(
        partial(build_brief, items, summaries), unbriefed, name, "briefing", on_skip
    )
    if summarizer is None or brief.problem:
        return brief
    return within_limits_or(
        partial(fuse_brief, brief, items, summarizer, summaries),
        lambda error: brief,
        name,
        "fusing the brief",
        on_skip,
    )


def report_title(stories: Sequence[StoryBrief]) -> str:
    """The largest story's title, saying how many others there are."""
    if not stories:
        return "Brief"
    others = len(stories) - 1
    if not others:
        return stories[0].title
    return f"{stories[0].title} (and {others} other stor{'y' if others == 1 else 'ies'})"


@contextmanager
def loading_beside(summarizer: Summarizer) -> Iterator[None]:
    """Load the summarizer's model on another thread while the block runs (the repair), and wait
    for it when the block ends, early or not. Only for an engine whose load releases the GIL
    (`loads_beside`): the load then takes the idle core and no wall time (a run whose summaries
    are all cached loads it too, on that core). A load that fails is left to the first use, which
    meets the failure again and reports it as it always has."""
    if not summarizer.loads_beside:
        yield
        return
    thread = threading.Thread(target=_load, args=(summarizer,), name="model-load", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _load(summarizer: Summarizer) -> None:
    with suppress(ModelError, MemoryError):
        summarizer.load()


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
        on_skip: OnSkip | None = None,
    ) -> list[Repaired]:
        return repair_articles(articles, languagetool=languagetool, on_skip=on_skip)

    def summarize(
        self,
        repaired: Sequence[Repaired],
        summarizer: Summarizer,
        progress: Progress,
        on_skip: OnSkip | None = None,
    ) -> list[Summary]:
        return summarize_articles(repaired, summarizer, progress, on_skip)

    def close(self) -> None:
        return None
