"""A resource limit costs one article, never the run (issue 12): the article is named on one line
and the others are repaired as if it had never been given (tests/test_cli.py runs the command on
JSON nested past the recursion limit)."""

from __future__ import annotations

from pathlib import Path

import pytest

import summarize.repair as repair_module
from summarize.articles import make_article
from summarize.errors import ResourceError
from summarize.repair import RepairContext, repair_articles
from summarize.repair.edits import EditLedger


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
