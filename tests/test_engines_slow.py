"""The bundled default model (Qwen2.5-Coder-1.5B-Instruct, 1.1 GB) through the default engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.engines import make_summarizer
from summarize.guard import SourceIndex
from summarize.models import DEFAULT_MODEL
from summarize.repair import repair_articles
from summarize.sentences import split_sentences


@pytest.mark.slow
def test_default_model_summarizes_a_seed(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTBRIEF_NO_CACHE", "1")
    seed = repair_articles(load_articles([str(seeds_dir / "000_0ca85f08db01e6d8.txt")]).articles)[0]
    summarizer = make_summarizer()
    assert summarizer.label == f"llamacpp ({DEFAULT_MODEL})"
    summary = summarizer.summarize(seed.title, seed.text)
    assert len(summary.text.split()) <= 60
    assert "January 10" in summary.text
    verdicts = SourceIndex(seed.text).check(split_sentences(summary.text))
    assert all(verdict.ok for verdict in verdicts), [v.problems for v in verdicts]
    assert not summary.loaded
