"""Summary engines behind one small interface (see `base.Summarizer`), chosen by name.

`auto` picks the fast path when it can: llama.cpp with the given `.gguf` (or the bundled model when
installed); transformers for any other model given; the extractive engine when no model is at hand.
llama.cpp is first tried in a child process (`native_probe`); where it crashes, the next engine
that works stands in (transformers if installed, else extractive) and `on_fallback` is told why.
"""

from __future__ import annotations

from collections.abc import Callable

from summarize.engines import llamacpp_engine, native_probe, transformers_engine
from summarize.engines.base import Summarizer
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.errors import ModelError
from summarize.models import ModelSpec, default_model_installed, resolve_model

ENGINE_NAMES = ("auto", "llamacpp", "transformers", "extractive")


def _no_message(message: str) -> None:
    return None


def checked_llamacpp(
    spec: ModelSpec, threads: int | None, on_fallback: Callable[[str], None] = _no_message
) -> Summarizer:
    """llama.cpp if its test run passes here, else the next engine that works: transformers
    where only the library failed, extractive where the model file is what cannot be read (the
    transformers engine reads the same file)."""
    verdict = native_probe.probe_llamacpp(spec.location)
    if verdict.ok:
        return llamacpp_engine.LlamaCppSummarizer(spec, threads)
    fallback: Summarizer = (
        transformers_engine.TransformersSummarizer(spec, threads)
        if verdict.library and transformers_engine.available()
        else ExtractiveSummarizer()
    )
    rebuild = f"; rebuild it: {native_probe.rebuild_command()}" if verdict.library else ""
    on_fallback(f"{verdict.problem}{rebuild}; using {fallback.label} instead")
    return fallback


def make_summarizer(
    engine: str = "auto",
    model: str | None = None,
    threads: int | None = None,
    on_fallback: Callable[[str], None] = _no_message,
) -> Summarizer:
    """The summarizer for `--engine`, `--model` and `--threads`; `label` says what was picked.

    `on_fallback(line)` hears why, when llama.cpp cannot run here and another engine stands in.
    """
    if engine == "extractive":
        return ExtractiveSummarizer()
    if engine == "llamacpp":
        spec = resolve_model(model)
        if not spec.is_gguf or not llamacpp_engine.available():
            return llamacpp_engine.LlamaCppSummarizer(spec, threads)  # says what is missing
        return checked_llamacpp(spec, threads, on_fallback)
    if engine == "transformers":
        return transformers_engine.TransformersSummarizer(resolve_model(model), threads)
    if engine != "auto":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")
    if model is None:
        if default_model_installed() and llamacpp_engine.available():
            return checked_llamacpp(resolve_model(None), threads, on_fallback)
        return ExtractiveSummarizer()
    spec = resolve_model(model)
    if spec.is_gguf and llamacpp_engine.available():
        return checked_llamacpp(spec, threads, on_fallback)
    if transformers_engine.available():
        return transformers_engine.TransformersSummarizer(spec, threads)
    raise ModelError(
        f"{model}: no engine installed for this model; run: pip install 'mtbrief[transformers]'"
    )


__all__ = ["ENGINE_NAMES", "Summarizer", "make_summarizer"]
