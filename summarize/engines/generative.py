"""What every model engine shares: the prompt, output clean-up, the guard and the cache.

An engine only has to implement `chat(messages, max_tokens)` (yield text pieces as the model writes
them); seq2seq engines override `draft` instead. `finish` turns the draft into a `Summary`: at most
three sentences and 60 words, every sentence checked by the faithfulness guard, the result cached.
"""

from __future__ import annotations

import re
import time
from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from summarize import cache
from summarize.engines.base import Replacement, Summarizer, Summary
from summarize.engines.extractive import (
    MAX_SENTENCES,
    MAX_WORDS,
    ExtractiveSummarizer,
    candidate_sentences,
)
from summarize.guard import GUARD_VERSION, SourceIndex, guard_sentences, loaded_words
from summarize.prompts import load_prompt
from summarize.sentences import split_sentences

Message = dict[str, str]
MAX_NEW_TOKENS = 160
MAX_ARTICLE_WORDS = 1500  # keeps prompt + answer inside a 4096-token context
_PREFACE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:here is (?:a|the) )?(?:\d-\d sentence |short |brief )?summary"
    r"(?: of (?:the|this) article)?(?:\*\*)?\s*[:\-]\s*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


@dataclass
class GenerationStats:
    """Counts and timings of the last generation, for benchmarks."""

    prompt_tokens: int = 0
    generated_tokens: int = 0
    prompt_seconds: float = 0.0  # until the first generated piece
    generate_seconds: float = 0.0  # from the first piece to the last


def clip_article(text: str, max_words: int = MAX_ARTICLE_WORDS) -> str:
    """The article cut after the last whole sentence within `max_words` (long articles only)."""
    if len(text.split()) <= max_words:
        return text
    kept, words = [], 0
    for sentence in split_sentences(text):
        words += len(sentence.split())
        if words > max_words and kept:
            break
        kept.append(sentence)
    return " ".join(kept)


def until_long_enough(pieces: Iterator[str]) -> Iterator[str]:
    """Pass `pieces` through until they hold MAX_SENTENCES sentences or MAX_WORDS words and end a
    sentence: `fit_length` would drop the rest, so generating it is wasted time."""
    written = ""
    for piece in pieces:
        yield piece
        written += piece
        if not written.rstrip().endswith((".", "!", "?", '."', ".”")):
            continue
        if len(split_sentences(written)) >= MAX_SENTENCES or len(written.split()) >= MAX_WORDS:
            break
    close = getattr(pieces, "close", None)
    if close:
        close()


def clean_draft(written: str) -> list[str]:
    """The draft's sentences: preface, bullets and quotes removed, a cut-off last one dropped."""
    text = _BULLET.sub("", _PREFACE.sub("", written.strip()))
    text = " ".join(text.split()).strip('"“” ')
    sentences = split_sentences(text)
    if len(sentences) > 1 and not sentences[-1].rstrip('"”’)').endswith((".", "!", "?")):
        sentences = sentences[:-1]
    return sentences


def fit_length(sentences: list[str]) -> list[str]:
    """The first sentences that fit in MAX_SENTENCES and MAX_WORDS (always at least one)."""
    kept: list[str] = []
    words = 0
    for sentence in sentences[:MAX_SENTENCES]:
        length = len(sentence.split())
        if kept and words + length > MAX_WORDS:
            break
        kept.append(sentence)
        words += length
    return kept


class GenerativeSummarizer(Summarizer):
    """A summarizer backed by a language model; subclasses provide `chat` (and `identity`)."""

    prompt_name = "article_summary"
    can_chat = True  # False for seq2seq models: they summarize but follow no instructions

    def __init__(self) -> None:
        self.prompt = load_prompt(self.prompt_name)
        self.prompt_version = self.prompt.version
        self.stats = GenerationStats()

    @property
    @abstractmethod
    def identity(self) -> str:
        """What makes this model's output differ from another's (path, size, settings)."""

    @abstractmethod
    def chat(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        """Yield the assistant's reply to `messages`, piece by piece (greedy decoding)."""

    def summary_messages(self, title: str, text: str) -> list[Message]:
        return [
            {"role": "system", "content": self.prompt.section("system")},
            {
                "role": "user",
                "content": self.prompt.section("user", title=title, text=clip_article(text)),
            },
        ]

    def draft(self, title: str, text: str) -> Iterator[str]:
        """The model's first attempt, as it is written, stopped once it is long enough."""
        return until_long_enough(self.chat(self.summary_messages(title, text), MAX_NEW_TOKENS))

    def retry(self, title: str, text: str, written: str, sentence: str, problem: str) -> str | None:
        """One new attempt at a sentence the guard rejected (None where the model cannot)."""
        if not self.can_chat:
            return None
        messages = [
            *self.summary_messages(title, text),
            {"role": "assistant", "content": written},
            {
                "role": "user",
                "content": self.prompt.section("retry", sentence=sentence, problem=problem),
            },
        ]
        sentences = clean_draft("".join(self.chat(messages, 80)))
        return sentences[0] if sentences else None

    def cache_key(self, title: str, text: str) -> str:
        return cache.summary_key(
            self.engine, self.identity, self.prompt_version, GUARD_VERSION, title, text
        )

    def stream(self, title: str, text: str) -> Iterator[str]:
        cached = cache.load_summary(self.cache_key(title, text))
        if cached is not None:
            yield cached.text
            return
        yield from self.draft(title, text)

    def finish(self, title: str, text: str, written: str) -> Summary:
        key = self.cache_key(title, text)
        cached = cache.load_summary(key)
        if cached is not None:
            return cached
        cleaned = clean_draft(written)
        drafted = fit_length([s for s in cleaned if len(s.split()) <= MAX_WORDS])
        overlong = [
            Replacement(s, "", f"dropped: longer than {MAX_WORDS} words")
            for s in cleaned
            if len(s.split()) > MAX_WORDS
        ]
        if drafted:
            sentences, replaced = guard_sentences(
                drafted,
                SourceIndex(text),
                candidate_sentences(title, text),
                lambda sentence, problem: self.retry(title, text, written, sentence, problem),
            )
        else:  # the model wrote nothing usable: the extractive summary stands in, visibly
            sentences = split_sentences("".join(ExtractiveSummarizer().stream(title, text)))
            replaced = [
                Replacement(written.strip(), " ".join(sentences), "replaced: no usable sentence")
            ]
        final = " ".join(fit_length(sentences))
        summary = Summary(
            text=final,
            engine=self.engine,
            model=self.model,
            prompt_version=self.prompt_version,
            replaced=(*overlong, *replaced),
            loaded=tuple(loaded_words(final)),
        )
        cache.store_summary(key, summary)
        return summary

    def timed(self, pieces: Iterator[str], prompt_tokens: int, count: bool = True) -> Iterator[str]:
        """Pass `pieces` through, recording `stats` (one piece counts as one token)."""
        self.stats = GenerationStats(prompt_tokens=prompt_tokens)
        start = time.perf_counter()
        first = None
        try:
            for piece in pieces:
                if first is None:
                    first = time.perf_counter()
                    self.stats.prompt_seconds = first - start
                if count:
                    self.stats.generated_tokens += 1
                yield piece
        finally:  # also when the reader stops early
            if first is not None:
                self.stats.generate_seconds = time.perf_counter() - first
