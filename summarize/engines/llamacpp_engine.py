"""The fast engine: GGUF models through llama.cpp (llama-cpp-python), the default for the bundled model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cached_property
from importlib.util import find_spec

from summarize.engines.generative import GenerativeSummarizer, Message
from summarize.errors import ModelError
from summarize.models import LLAMACPP_INSTALL_HINT, ModelSpec, file_identity, thread_count

CONTEXT_TOKENS = 4096


def available() -> bool:
    return find_spec("llama_cpp") is not None


class LlamaCppSummarizer(GenerativeSummarizer):
    engine = "llamacpp"

    def __init__(self, spec: ModelSpec, threads: int | None = None) -> None:
        super().__init__()
        if not spec.is_gguf:
            raise ModelError(f"{spec.location}: the llamacpp engine needs a .gguf model file")
        if not available():
            raise ModelError(f"llama-cpp-python is not installed; run: {LLAMACPP_INSTALL_HINT}")
        self.spec = spec
        self.model = spec.name
        self.threads = thread_count(threads)

    @property
    def identity(self) -> str:
        return file_identity(self.spec.location)

    @cached_property
    def llama(self):
        """The loaded model (on first use, so a fully cached run never loads it)."""
        from llama_cpp import Llama

        try:
            return Llama(
                model_path=self.spec.location,
                n_ctx=CONTEXT_TOKENS,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                seed=0,
                verbose=bool(os.environ.get("MTBRIEF_DEBUG")),
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(
                f"{self.spec.location}: llama.cpp cannot load this model ({exc})"
            ) from exc

    def load(self) -> None:
        """Load the model now (benchmarks time this apart from generation)."""
        _ = self.llama

    def chat(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        chunks = self.llama.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=0.0, top_k=1, stream=True
        )
        pieces = (chunk["choices"][0]["delta"].get("content") or "" for chunk in chunks)
        try:
            yield from self.timed((piece for piece in pieces if piece), prompt_tokens=0)
        finally:
            # The context now holds the prompt and the reply (one streamed piece per token).
            self.stats.prompt_tokens = max(0, self.llama.n_tokens - self.stats.generated_tokens)
