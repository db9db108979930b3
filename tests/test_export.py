"""Markdown and JSON renderers: structure, escaping of hostile text, atomic writes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from summarize.articles import make_article
from summarize.brief import (
    Brief,
    BriefPoint,
    Conflict,
    ConflictVersion,
    Entity,
    TimelineEntry,
    number_sources,
)
from summarize.export import escape_markdown, to_json_data, to_markdown
from summarize.files import write_atomic
from summarize.pipeline import ArticleReport, Report, StoryBrief
from summarize.repair import repair_articles
from summarize.summary import Replacement, Summary
from tests.markdown_structure import check_brief_markdown

HOSTILE = "<script>alert(1)</script> **bold** [link](http://x) `code` # not a heading _em_ | pipe"


def hostile_report() -> Report:
    articles = [
        make_article(
            f"{HOSTILE}\n\n1. Officials said the talks on January 10 matter.\n",
            "a.txt",
            title=HOSTILE,
        ),
        make_article(
            "- Share this article:\n\nThe OSCE meets on January 13, officials said.\n", "b.txt"
        ),
    ]
    repaired = repair_articles(articles)
    summaries = [
        Summary(
            text="1. " + HOSTILE,
            engine="llamacpp",
            replaced=(
                Replacement("Talks began in 1999.", "", "dropped: 1999 is not in the article"),
            ),
        ),
        Summary(text="- x <b>y</b>", engine="extractive"),
    ]
    summaries[1] = summaries[1].edited("The OSCE meets on January 13 <b>.</b>")
    brief = Brief(
        points=(
            BriefPoint("Talks [are] set for *January 10*.", (1, 2)),
            BriefPoint("<i>only</i> one", (2,)),
        ),
        sources=number_sources(repaired),
        conflicts=(
            Conflict(
                "number",
                "troops",
                (ConflictVersion("100,000", "x", (1,)), ConflictVersion("70,000", "y", (2,))),
            ),
        ),
        timeline=(TimelineEntry("January 10", "talks <b>", (1, 2)),),
        entities=(Entity("NATO", ("NATO", "OTAN"), (1, 2)),),
    )
    return Report(
        title=HOSTILE,
        engine="extractive",
        articles=tuple(ArticleReport(r, s) for r, s in zip(repaired, summaries, strict=True)),
        stories=(StoryBrief(HOSTILE, brief),),
        created=datetime(2022, 1, 3, 12, 0, tzinfo=UTC),
    )


def test_hostile_text_cannot_inject_markup() -> None:
    markdown = to_markdown(hostile_report(), include_edits=True)
    structure = check_brief_markdown(markdown)
    assert structure.cited == {1, 2}
    assert (
        "(100,000 [1]; 70,000 [2])" not in markdown
    )  # both versions are listed with their sources
    assert "100,000 [1]; 70,000 [2]" in markdown
    assert "*summary edited by a reviewer*" in markdown
    assert "(also written: OTAN)" in markdown
    assert "*(single source)*" in markdown
    assert "1 sentence(s) corrected by the faithfulness guard" in markdown


def test_escape_round_trips_to_the_same_visible_text() -> None:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(escape_markdown(HOSTILE))
    assert "<script>" not in rendered and "<strong>" not in rendered and "<a " not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://x)" in rendered


def test_json_is_the_same_content() -> None:
    report = hostile_report()
    data = to_json_data(report, include_edits=True)
    assert data["title"] == HOSTILE
    assert data["stories"][0]["conflicts"][0]["versions"][1] == {
        "value": "70,000",
        "text": "y",
        "sources": [2],
    }
    assert data["articles"][1]["human_edited"] is True
    assert data["articles"][0]["guard"] == [
        {
            "original": "Talks began in 1999.",
            "replacement": "",
            "reason": "dropped: 1999 is not in the article",
        }
    ]
    assert data["articles"][1]["edits"][0]["rule"].startswith("debris")
    assert json.loads(json.dumps(data)) == data


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new brief")
    assert target.read_text(encoding="utf-8") == "new brief"
    assert list(tmp_path.iterdir()) == [target]


def test_write_atomic_leaves_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(target, None)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]
