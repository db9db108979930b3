"""Summary engines behind one small interface (see `base.Summarizer`), chosen by name."""

from __future__ import annotations

from summarize.engines.base import Summarizer, Summary
from summarize.engines.extractive import ExtractiveSummarizer

ENGINE_NAMES = ("auto", "extractive")


def make_summarizer(engine: str = "auto", model: str | None = None) -> Summarizer:
    """The summarizer for `--engine` and `--model`; `auto` picks the best one installed."""
    if engine in ("auto", "extractive"):
        return ExtractiveSummarizer()
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")


__all__ = ["ENGINE_NAMES", "Summarizer", "Summary", "make_summarizer"]
