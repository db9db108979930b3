"""Summary engines behind one small interface (see `base.Summarizer`), chosen by name.

`auto` picks the fast path when it can: llama.cpp with the given `.gguf` (or the bundled model when
installed); transformers for any other model given; the extractive engine when no model is at hand.
"""

from __future__ import annotations

from summarize.engines import llamacpp_engine, transformers_engine
from summarize.engines.base import Replacement, Summarizer, Summary
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.errors import ModelError
from summarize.models import default_model_installed, resolve_model

ENGINE_NAMES = ("auto", "llamacpp", "transformers", "extractive")


def make_summarizer(
    engine: str = "auto", model: str | None = None, threads: int | None = None
) -> Summarizer:
    """The summarizer for `--engine`, `--model` and `--threads`; `label` says what was picked."""
    if engine == "extractive":
        return ExtractiveSummarizer()
    if engine == "llamacpp":
        return llamacpp_engine.LlamaCppSummarizer(resolve_model(model), threads)
    if engine == "transformers":
        return transformers_engine.TransformersSummarizer(resolve_model(model), threads)
    if engine != "auto":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")
    if model is None:
        if default_model_installed() and llamacpp_engine.available():
            return llamacpp_engine.LlamaCppSummarizer(resolve_model(None), threads)
        return ExtractiveSummarizer()
    spec = resolve_model(model)
    if spec.is_gguf and llamacpp_engine.available():
        return llamacpp_engine.LlamaCppSummarizer(spec, threads)
    if transformers_engine.available():
        return transformers_engine.TransformersSummarizer(spec, threads)
    raise ModelError(
        f"{model}: no engine installed for this model; run: pip install 'mtbrief[transformers]'"
    )


__all__ = ["ENGINE_NAMES", "Replacement", "Summarizer", "Summary", "make_summarizer"]
