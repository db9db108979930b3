"""The stages wired together: load -> repair -> summarize -> brief, as the CLI and the TUI run them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from summarize.articles import Article, Loader, LoadResult, load_plan
from summarize.brief import Brief, build_brief
from summarize.engines.base import Summarizer, Summary
from summarize.errors import InputError
from summarize.fusion import fuse_brief
from summarize.repair import Repaired, repair_articles
from summarize.repair.languagetool import LanguageTool
from summarize.textrank import content_words

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a stage runs."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class ArticleReport:
    repaired: Repaired
    summary: Summary


@dataclass(frozen=True)
class Report:
    """Everything an export shows: the articles with their summaries, and the brief."""

    title: str
    engine: str
    articles: tuple[ArticleReport, ...]
    brief: Brief
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


def summarize_articles(
    repaired: Sequence[Repaired], summarizer: Summarizer, progress: Progress = _no_progress
) -> list[Summary]:
    """One summary per article, made from the repaired text."""
    progress("summarize", 0, len(repaired))
    return summarizer.summarize_many(
        [(item.title, item.text) for item in repaired],
        lambda done: progress("summarize", done, len(repaired)),
    )


def report_title(repaired: Sequence[Repaired]) -> str:
    """The article title that shares most words with the other titles: the story's headline."""
    if not repaired:
        return "Brief"
    titles = [item.title for item in repaired]
    bags = [set(content_words(title)) for title in titles]
    best = max(range(len(titles)), key=lambda i: (sum(len(bags[i] & b) for b in bags), -i))
    return titles[best]


def build_report(
    repaired: Sequence[Repaired],
    summaries: Sequence[Summary],
    engine: str,
    title: str | None = None,
    summarizer: Summarizer | None = None,
) -> Report:
    """The report; with a model `summarizer`, the brief's points are rewritten as fluent prose."""
    brief = build_brief(repaired, summaries)
    if summarizer is not None:
        brief = fuse_brief(brief, repaired, summarizer)
    return Report(
        title=title or report_title(repaired),
        engine=engine,
        articles=tuple(ArticleReport(r, s) for r, s in zip(repaired, summaries, strict=True)),
        brief=brief,
    )


class LocalRun:
    """Loading, repair and summaries in this process; `distributed.DaskRun` has the same stages
    on a Dask cluster."""

    def load(self, plan: Sequence[Loader | InputError]) -> LoadResult:
        return load_plan(plan)

    def repair(
        self, articles: Sequence[Article], *, languagetool: LanguageTool | None = None
    ) -> list[Repaired]:
        return repair_articles(articles, languagetool=languagetool)

    def summarize(
        self, repaired: Sequence[Repaired], summarizer: Summarizer, progress: Progress
    ) -> list[Summary]:
        return summarize_articles(repaired, summarizer, progress)

    def close(self) -> None:
        return None
