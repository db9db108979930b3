"""The fast engine: GGUF models through llama.cpp (llama-cpp-python), the default for the bundled model.

The speed levers, on a 2-core CPU where a 1.5B model reads about 1 GB of weights per token:
- the prompt is short: the article extract (`generative.article_extract`), not the whole article;
- the KV state of the prompt's shared beginning (the system prompt; for a retry, the whole first
  exchange) is reused from the previous call, so only the new part is evaluated;
- prompt-lookup decoding, off by default: a summary copies phrases from its article, so the tokens
  that followed the last generated phrase in the prompt are a draft (`PhraseLookup`); the model
  checks up to PROMPT_LOOKUP_TOKENS of them in one batched pass (each token is still the greedy
  pick; a batched pass rounds differently, so a near-tie may tip). Logits are taken for every
  position of such a short draft batch only, never for the whole prompt. On the 2-core CPUs here
  a draft batch costs more than the tokens it saves (seeds: 48 s of summaries with 8-token drafts,
  44 s with 3, 41 s without; benchmarks/end_to_end.py's `lookup` path measures it);
- the weights are repacked at load for the batched AVX2 kernels (ggml's CPU_REPACK, Q4_K 8x8).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import cache, cached_property
from importlib.util import find_spec

import numpy as np

from summarize.engines.cpu_kernels import load_kernels
from summarize.engines.generative import GenerativeSummarizer, Message
from summarize.errors import ModelError
from summarize.models import LLAMACPP_INSTALL_HINT, ModelSpec, file_identity, thread_count

CONTEXT_TOKENS = 4096
PROMPT_LOOKUP_TOKENS = 8
LOOKUP_NGRAMS = (3, 2)  # a draft follows a repeated 3- or 2-token phrase, never one token


class PhraseLookup:
    """A draft for prompt-lookup decoding: the tokens that followed the last few generated ones
    where they first occur earlier in the context (usually the article).

    llama-cpp-python's `LlamaPromptLookupDecoding` falls back to matching a single token, so it
    nearly always drafts, and a rejected 9-token draft costs about two plain steps on a CPU.
    """

    def __init__(self, tokens: int = PROMPT_LOOKUP_TOKENS) -> None:
        self.tokens = tokens

    def __call__(self, input_ids: np.ndarray, /, **_: object) -> np.ndarray:
        for size in LOOKUP_NGRAMS:
            if len(input_ids) <= size:
                continue
            tail = input_ids[-size:]
            windows = np.lib.stride_tricks.sliding_window_view(input_ids[:-1], size)
            for start in np.nonzero((windows == tail).all(axis=1))[0]:
                draft = input_ids[start + size : start + size + self.tokens]
                if len(draft):
                    return draft
        return np.array([], dtype=np.intc)


def available() -> bool:
    return find_spec("llama_cpp") is not None


@cache
def _drafting_llama() -> type:
    """llama_cpp.Llama whose `eval` computes logits for every token of a short (draft) batch only.

    llama-cpp-python turns on logits for every token of every batch, prompt included, once a draft
    model is set: 18% more work per prompt token here (a 151,936-word output layer) and 0.6 MB of
    logits per token kept in memory. A prompt needs only its last token's logits.
    """
    load_kernels()
    from llama_cpp import Llama

    class DraftingLlama(Llama):
        evaluated_tokens = 0
        decode_calls = 0

        def eval(self, tokens: Sequence[int]) -> None:
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            every_logit = len(tokens) <= PROMPT_LOOKUP_TOKENS + 1
            for start in range(0, len(tokens), self.n_batch):
                batch = tokens[start : start + self.n_batch]
                self._batch.set_batch(batch=batch, n_past=self.n_tokens, logits_all=every_logit)
                self._ctx.decode(self._batch)
                self.input_ids[self.n_tokens : self.n_tokens + len(batch)] = batch
                self.n_tokens += len(batch)
                self._requires_eval = False
                self.evaluated_tokens += len(batch)
                self.decode_calls += 1

    return DraftingLlama


class LlamaCppSummarizer(GenerativeSummarizer):
    engine = "llamacpp"
    loads_beside = True  # reading and repacking the weights is llama.cpp's, outside the GIL

    def __init__(
        self,
        spec: ModelSpec,
        threads: int | None = None,
        *,
        prompt_lookup: int = 0,
        reuse_prefix: bool = True,
        whole_article: bool = False,
    ) -> None:
        """`reuse_prefix=False` and `whole_article=True` give the old path, and `prompt_lookup=N`
        drafts up to N tokens (benchmarks/end_to_end.py compares the three)."""
        super().__init__(whole_article=whole_article)
        if not spec.is_gguf:
            raise ModelError(f"{spec.location}: the llamacpp engine needs a .gguf model file")
        if not available():
            raise ModelError(f"llama-cpp-python is not installed; run: {LLAMACPP_INSTALL_HINT}")
        self.spec = spec
        self.model = spec.name
        self.threads = thread_count(threads)
        self.prompt_lookup = min(prompt_lookup, PROMPT_LOOKUP_TOKENS)
        self.reuse_prefix = reuse_prefix

    @property
    def identity(self) -> str:
        return file_identity(self.spec.location)

    @cached_property
    def llama(self):
        """The loaded model, on first use or beside the repair (`pipeline.loading_beside`)."""
        draft = PhraseLookup(self.prompt_lookup) if self.prompt_lookup else None
        try:
            return _drafting_llama()(
                model_path=self.spec.location,
                n_ctx=CONTEXT_TOKENS,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                # read, not mapped: most weights are repacked into a buffer of their own, and
                # the mapped file's pages they came from would stay resident beside it (0.6 GB)
                use_mmap=False,
                draft_model=draft,
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
        llama = self.llama
        if not self.reuse_prefix:
            llama.reset()  # the next call evaluates its whole prompt
        evaluated = llama.evaluated_tokens
        chunks = llama.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=0.0, top_k=1, stream=True
        )
        pieces = (chunk["choices"][0]["delta"].get("content") or "" for chunk in chunks)
        at_first_piece: list[int] = []

        def marked() -> Iterator[str]:
            for piece in pieces:
                if not at_first_piece:  # the whole prompt is in the context by now
                    at_first_piece.extend(
                        (llama.n_tokens, llama.evaluated_tokens - evaluated, llama.decode_calls)
                    )
                yield piece

        try:
            yield from self.timed((piece for piece in marked() if piece), prompt_tokens=0)
        finally:
            if at_first_piece:
                prompt, computed, calls_then = at_first_piece
                self.stats.prompt_tokens, self.stats.prompt_evaluated = prompt, computed
                self.stats.model_calls = llama.decode_calls - calls_then
