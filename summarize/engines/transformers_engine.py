"""Hugging Face models through transformers: causal chat models and seq2seq summarizers.

Chat models (Qwen, SmolLM2, Llama...) get the prompt through their chat template; seq2seq models
(BART, T5, Pegasus) get the article itself. A `.gguf` file is dequantized once into a cached
safetensors folder (loading a GGUF straight takes minutes; the folder loads in seconds). The speed
levers: bf16 weights on CPUs with native bf16 math (avx512_bf16, AMX: about 5x faster prompt
processing than fp32 there), fp32 elsewhere; prompt-lookup decoding (summaries copy phrases from
the article, so n-grams from the prompt are good drafts; it pays once verifying a draft is cheap,
as with bf16); the thread count (see `models.thread_count`); and batching articles.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path
from threading import Event, Thread

from summarize import cache
from summarize.engines.generative import (
    MAX_NEW_TOKENS,
    GenerativeSummarizer,
    Message,
)
from summarize.errors import ModelError
from summarize.models import (
    TRANSFORMERS_INSTALL_HINT,
    ModelSpec,
    cache_dir,
    file_identity,
    thread_count,
)
from summarize.summary import Summary

PROMPT_LOOKUP_TOKENS = 10
SEQ2SEQ_INPUT_TOKENS = 1024


def preferred_dtype() -> str:
    """bfloat16 where the CPU computes it natively, else float32 (emulated bf16 is slow)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8").split()
    except OSError:
        return "float32"
    return "bfloat16" if {"avx512_bf16", "amx_bf16"} & set(flags) else "float32"


def available() -> bool:
    return all(find_spec(name) is not None for name in ("torch", "transformers", "accelerate"))


def _quiet_transformers() -> None:
    """No progress bars from transformers: `brief` draws its own on stderr."""
    from transformers.utils import logging

    logging.disable_progress_bar()
    logging.set_verbosity_error()


def converted_folder(gguf: Path, dtype: str = "float32") -> Path:
    """A safetensors copy of a GGUF model in `dtype`, made once and kept in the cache dir.

    Stored in the dtype it is used in, so loading maps the file as is (no second copy in memory).
    """
    key = hashlib.sha256(f"{file_identity(str(gguf))}:{dtype}".encode()).hexdigest()[:16]
    folder = cache_dir() / "converted" / f"{gguf.stem}-{dtype}-{key}"
    if (folder / "config.json").exists():
        return folder
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _quiet_transformers()
    staging = folder.with_name(folder.name + f".{os.getpid()}.partial")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(
            str(gguf.parent), gguf_file=gguf.name, dtype=getattr(torch, dtype)
        )
        # A GGUF-loaded model remembers its quantizer; saving needs plain weights.
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        os.replace(staging, folder)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelError(f"{gguf}: transformers cannot convert this GGUF model ({exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


class TransformersSummarizer(GenerativeSummarizer):
    engine = "transformers"

    def __init__(
        self,
        spec: ModelSpec,
        threads: int | None = None,
        dtype: str | None = None,
        prompt_lookup: int = PROMPT_LOOKUP_TOKENS,
        batch_size: int = 1,
    ) -> None:
        super().__init__()
        if not available():
            raise ModelError(f"transformers is not installed; run: {TRANSFORMERS_INSTALL_HINT}")
        self.spec = spec
        self.model = spec.name
        self.threads = thread_count(threads)
        self.dtype = dtype or preferred_dtype()
        self.prompt_lookup = prompt_lookup
        self.batch_size = batch_size

    @property
    def identity(self) -> str:
        where = self.spec.location if self.spec.kind == "hub" else file_identity(self.spec.location)
        return f"{where}:{self.dtype}"

    @property
    def can_chat(self) -> bool:  # type: ignore[override]
        return not self.loaded[0].config.is_encoder_decoder

    @cached_property
    def loaded(self):
        """(model, tokenizer), loaded on first use."""
        import torch
        from transformers import (
            AutoConfig,
            AutoModelForCausalLM,
            AutoModelForSeq2SeqLM,
            AutoTokenizer,
        )

        _quiet_transformers()
        torch.set_num_threads(self.threads)
        location = self.spec.location
        if self.spec.is_gguf:
            location = str(converted_folder(Path(location), self.dtype))
        try:
            config = AutoConfig.from_pretrained(location)
            family = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
            model = family.from_pretrained(location, dtype=getattr(torch, self.dtype))
            tokenizer = AutoTokenizer.from_pretrained(location)
        except (OSError, ValueError) as exc:
            offline = " (offline: the model must already be in the Hugging Face cache)"
            hint = offline if self.spec.kind == "hub" and os.environ.get("HF_HUB_OFFLINE") else ""
            raise ModelError(f"{self.spec.location}: cannot load this model{hint}: {exc}") from exc
        model.eval()
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        return model, tokenizer

    def load(self) -> None:
        """Load the model now (benchmarks time this apart from generation)."""
        _ = self.loaded

    def _chat_inputs(self, conversations: Sequence[list[Message]]):
        model, tokenizer = self.loaded
        if tokenizer.chat_template:
            prompts = [
                tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
                for messages in conversations
            ]
        else:
            prompts = [
                "\n\n".join(m["content"] for m in messages) + "\n\n" for messages in conversations
            ]
        tokenizer.padding_side = "left"
        return tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)

    def _generate_streaming(self, inputs, max_tokens: int, prompt_lookup: bool) -> Iterator[str]:
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        model, tokenizer = self.loaded
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
        stop = Event()  # set when the reader stops early; generation stops with it

        class ReaderStopped(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs) -> bool:
                return stop.is_set()

        settings = (
            {"prompt_lookup_num_tokens": self.prompt_lookup}
            if prompt_lookup and self.prompt_lookup
            else {}
        )
        failure: list[BaseException] = []

        def run() -> None:
            try:
                model.generate(
                    **inputs,
                    max_new_tokens=max_tokens,
                    do_sample=False,
                    streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([ReaderStopped()]),
                    pad_token_id=tokenizer.pad_token_id,
                    **settings,
                )
            except BaseException as exc:  # surfaced in the caller's thread below
                failure.append(exc)
                streamer.end()

        worker = Thread(target=run, daemon=True)
        worker.start()
        written = []
        pieces = (piece for piece in streamer if piece)
        prompt_tokens = int(inputs["input_ids"].shape[1])
        try:
            for piece in self.timed(pieces, prompt_tokens=prompt_tokens, count=False):
                written.append(piece)
                yield piece
        finally:
            stop.set()
            self.stats.generated_tokens = len(
                tokenizer("".join(written), add_special_tokens=False)["input_ids"]
            )
        worker.join()
        if failure:
            raise failure[0]

    def chat(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        if not self.can_chat:
            raise ModelError(f"{self.model} is a seq2seq summarizer and takes no instructions")
        return self._generate_streaming(
            self._chat_inputs([messages]), max_tokens, prompt_lookup=True
        )

    def _seq2seq_inputs(self, articles: Sequence[tuple[str, str]]):
        model, tokenizer = self.loaded
        prefix = "summarize: " if model.config.model_type in ("t5", "mt5", "umt5") else ""
        limit = min(SEQ2SEQ_INPUT_TOKENS, tokenizer.model_max_length or SEQ2SEQ_INPUT_TOKENS)
        return tokenizer(
            [prefix + self.article_text(title, text) for title, text in articles],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=limit,
        )

    def draft(self, title: str, text: str) -> Iterator[str]:
        if self.can_chat:
            return super().draft(title, text)
        return self._generate_streaming(
            self._seq2seq_inputs([(title, text)]), MAX_NEW_TOKENS, prompt_lookup=False
        )

    def summarize_many(
        self, articles: Sequence[tuple[str, str]], done: Callable[[int], None] | None = None
    ) -> list[Summary]:
        """With `batch_size` > 1, uncached drafts are generated a batch at a time (no streaming)."""
        if self.batch_size <= 1:
            return super().summarize_many(articles, done)
        found = {
            i: cache.load_summary(self.cache_key(*article)) for i, article in enumerate(articles)
        }
        pending = [i for i, summary in found.items() if summary is None]
        drafts: dict[int, str] = {}
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            drafts.update(zip(batch, self._batch_drafts([articles[i] for i in batch]), strict=True))
        summaries = []
        for index, (title, text) in enumerate(articles):
            summaries.append(found[index] or self.finish(title, text, drafts[index]))
            if done:
                done(len(summaries))
        return summaries

    def _batch_drafts(self, batch: Sequence[tuple[str, str]]) -> list[str]:
        import torch

        model, tokenizer = self.loaded
        if self.can_chat:
            inputs = self._chat_inputs(
                [self.summary_messages(title, text) for title, text in batch]
            )
        else:
            inputs = self._seq2seq_inputs(batch)
        with torch.inference_mode():
            output = model.generate(
                **inputs,
                max_new_tokens=MAX_NEW_TOKENS,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
            )
        if not model.config.is_encoder_decoder:
            output = output[:, inputs["input_ids"].shape[1] :]
        return tokenizer.batch_decode(output, skip_special_tokens=True)
