"""A resource limit costs one article, never the run (issue 12): the article is named on one line
and the others are repaired as if it had never been given (tests/test_cli.py runs the command on
JSON nested past the recursion limit). In a summary or a brief, the article or story that hit it
is named on one line and shown without, and the others are written as without it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

import summarize.pipeline as pipeline
import summarize.repair as repair_module
from summarize.articles import load_articles, make_article
from summarize.brief import Brief
from summarize.cli import brief
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.engines.generative import GenerativeSummarizer, Message
from summarize.errors import ResourceError
from summarize.export import escape_markdown, to_markdown
from summarize.pipeline import build_report, summarize_articles
from summarize.repair import RepairContext, Repaired, repair_articles
from summarize.repair.edits import EditLedger
from summarize.summary import Summary


@pytest.mark.parametrize(
    ("exhausted", "problem", "stage"),
    [
        (MemoryError, "repairing ran out of memory", "LOCAL_PASSES"),
        (RecursionError, "repairing reached the recursion limit (nested too deeply)", "SET_PASSES"),
    ],
)
def test_an_article_that_exhausts_a_resource_is_skipped_and_the_others_repaired(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, exhausted: type, problem: str, stage: str
) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    articles = [make_article(path.read_text("utf-8"), path.name) for path in paths]
    heavy = make_article(articles[0].text * 3, "heavy.txt")
    without = repair_articles(articles)
    passes = getattr(repair_module, stage)

    def exhausting(ledger: EditLedger, context: RepairContext) -> None:
        if len(ledger.current) > 2 * len(articles[0].text):  # the heavy one, at this stage
            raise exhausted()

    monkeypatch.setattr(repair_module, stage, (*passes, exhausting))
    skipped: list[ResourceError] = []
    repaired = repair_articles([articles[0], heavy, articles[1]], on_skip=skipped.append)
    assert [str(error) for error in skipped] == [f"heavy.txt: {problem}"]
    assert [item.article for item in repaired] == articles
    assert all(item.edits for item in repaired)
    if stage == "LOCAL_PASSES":  # the set passes never saw it: the others come out as without it
        assert [(item.edits, item.flags) for item in repaired] == [
            (item.edits, item.flags) for item in without
        ]
    with pytest.raises(ResourceError):  # a caller that takes no skips hears of it
        repair_articles([heavy])


class ExhaustingSummarizer(ExtractiveSummarizer):
    """The extractive engine, but summarizing an article longer than `limit` exhausts `exhausted`:
    an engine as a user may plug in, meeting what a model meets on a long article."""

    def __init__(self, limit: int, exhausted: type[BaseException]) -> None:
        self.limit, self.exhausted = limit, exhausted

    def stream(self, title: str, text: str) -> Iterator[str]:
        if len(text) > self.limit:
            raise self.exhausted()
        return super().stream(title, text)


@pytest.mark.parametrize(
    ("exhausted", "problem"),
    [
        (MemoryError, "summarizing ran out of memory"),
        (RecursionError, "summarizing reached the recursion limit (nested too deeply)"),
    ],
)
def test_an_article_whose_summary_exhausts_a_resource_is_left_without_and_the_others_written(
    seeds_dir: Path, exhausted: type, problem: str
) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    articles = [make_article(path.read_text("utf-8"), path.name) for path in paths]
    heavy = make_article(articles[0].text * 3, "heavy.txt")
    repaired = repair_articles([articles[0], heavy, articles[1]])
    summarizer = ExhaustingSummarizer(2 * len(articles[0].text), exhausted)
    skipped: list[ResourceError] = []
    summaries = summarize_articles(repaired, summarizer, on_skip=skipped.append)
    assert [str(error) for error in skipped] == [f"heavy.txt: {problem}"]
    first, left_out, second = summaries
    alone = ExtractiveSummarizer()
    assert first == alone.summarize(repaired[0].title, repaired[0].text)
    assert second == alone.summarize(repaired[2].title, repaired[2].text)
    assert left_out.text == "" and left_out.problem == problem
    markdown = to_markdown(build_report(repaired, summaries, summarizer.label))
    assert f"*No summary: {escape_markdown(problem)}.*" in markdown
    assert markdown.count("*No summary") == 1  # the others are there
    with pytest.raises(ResourceError):  # a caller that takes no skips hears of it
        summarize_articles(repaired, summarizer)


def test_a_story_whose_brief_exhausts_a_resource_keeps_its_articles_and_the_others_are_briefed(
    seeds_dir: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeds (one story) and an unrelated page (a dinosaur find): the page's brief runs into
    the recursion limit, the seeds' story is briefed as without it."""
    page = shared_dir / "eval" / "mt-dev" / "pages" / "13.txt"
    paths = [page, *sorted(seeds_dir.glob("*.txt"))]
    repaired = repair_articles([make_article(p.read_text("utf-8"), p.name) for p in paths])
    summaries = summarize_articles(repaired, ExtractiveSummarizer())
    whole = build_report(repaired, summaries, "extractive")
    assert len(whole.stories) == 2
    building = pipeline.build_brief

    def exhausting(items: Sequence[Repaired], summaries: Sequence[Summary] = ()) -> Brief:
        if any(item.article.source == "13.txt" for item in items):  # the page's story
            raise RecursionError()
        return building(items, summaries)

    monkeypatch.setattr(pipeline, "build_brief", exhausting)
    skipped: list[ResourceError] = []
    report = build_report(repaired, summaries, "extractive", on_skip=skipped.append)
    [error] = skipped
    [page_story] = [s for s in whole.stories if "13.txt" in {x.location for x in s.brief.sources}]
    assert str(error) == (
        f"story '{page_story.title}': briefing reached the recursion limit (nested too deeply)"
    )
    assert report.articles == whole.articles  # every article and summary is still there
    for story, before in zip(report.stories, whole.stories, strict=True):
        if story.title == page_story.title:
            assert story.brief.points == () and story.brief.problem == error.problem
            assert story.brief.sources == before.brief.sources
        else:
            assert story.brief == before.brief
    markdown = to_markdown(report)
    assert "*No brief of these articles: briefing reached the recursion limit" in markdown
    with pytest.raises(ResourceError):
        build_report(repaired, summaries, "extractive")


def exhaust_summaries(monkeypatch: pytest.MonkeyPatch, titles: set[str]) -> None:
    """The extractive engine runs out of memory summarizing an article with one of `titles`."""
    streaming = ExtractiveSummarizer.stream

    def stream(self: ExtractiveSummarizer, title: str, text: str) -> Iterator[str]:
        if title in titles:
            raise MemoryError()
        return streaming(self, title, text)

    monkeypatch.setattr(ExtractiveSummarizer, "stream", stream)


def test_brief_names_an_unsummarized_article_on_one_line_and_writes_the_rest(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(path) for path in sorted(seeds_dir.glob("*.txt"))]
    [first, second] = load_articles(paths).articles
    exhaust_summaries(monkeypatch, {first.title})
    result = CliRunner().invoke(brief, [*paths, "--engine", "extractive", "-q"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"brief: {paths[0]}: summarizing ran out of memory"]
    assert result.stdout.count("*No summary: summarizing ran out of memory.*") == 1
    assert "## Brief" in result.stdout


def test_brief_exits_1_only_when_no_summary_and_no_brief_could_be_written_and_keeps_the_output(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(path) for path in sorted(seeds_dir.glob("*.txt"))]
    exhaust_summaries(monkeypatch, {article.title for article in load_articles(paths).articles})
    out = tmp_path / "brief.md"
    arguments = [*paths, "--engine", "extractive", "-q", "-o", str(out)]
    assert CliRunner().invoke(brief, arguments).exit_code == 0  # the brief has points
    written = out.read_text("utf-8")
    assert written.count("*No summary: summarizing ran out of memory.*") == 2

    def exhausting(items: Sequence[Repaired], summaries: Sequence[Summary] = ()) -> Brief:
        raise MemoryError()

    monkeypatch.setattr(pipeline, "build_brief", exhausting)
    result = CliRunner().invoke(brief, arguments)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 4 and lines[-1] == "brief: error: no summary and no brief could be written"
    assert lines[2].startswith("brief: story '") and lines[2].endswith(
        ": briefing ran out of memory"
    )
    assert out.read_text("utf-8") == written  # what was written before stays


class ExhaustedModel(GenerativeSummarizer):
    """A model engine that runs out of memory at every call, as a small machine may under a
    long prompt: summaries, fusion and headlines all meet it."""

    engine = "exhausted"

    @property
    def identity(self) -> str:
        return "exhausted"

    def chat(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        raise MemoryError()


def test_a_model_that_exhausts_memory_leaves_the_extracted_brief_and_the_headlines(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTBRIEF_NO_CACHE", "1")  # every call reaches the model
    paths = [str(path) for path in sorted(seeds_dir.glob("*.txt"))]
    repaired = repair_articles(load_articles(paths).articles)
    model = ExhaustedModel()
    skipped: list[ResourceError] = []
    summaries = summarize_articles(repaired, model, on_skip=skipped.append)
    assert [str(error) for error in skipped] == [
        f"{path}: summarizing ran out of memory" for path in paths
    ]
    skipped.clear()
    report = build_report(
        repaired, summaries, model.label, summarizer=model, on_skip=skipped.append
    )
    extracted = build_report(repaired, summaries, model.label)
    [story] = extracted.stories
    assert [str(error) for error in skipped] == [  # every story's headline, then its fusion
        f"story '{story.title}': writing a headline ran out of memory",
        f"story '{story.title}': fusing the brief ran out of memory",
    ]
    assert report.stories == extracted.stories and report.articles == extracted.articles
