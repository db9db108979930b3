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

import numpy as np

from summarize import cache
from summarize.engines.base import Summarizer
from summarize.engines.extractive import (
    MAX_SENTENCES,
    MAX_WORDS,
    ExtractiveSummarizer,
    candidate_sentences,
    candidate_spans,
    rank_sentences,
)
from summarize.guard import (
    GUARD_VERSION,
    SourceIndex,
    closest_unused,
    guard_sentences,
    loaded_words,
)
from summarize.prompts import load_prompt
from summarize.sentences import split_sentences
from summarize.summary import Replacement, Summary

Message = dict[str, str]
MAX_NEW_TOKENS = 160
PROMPT_WORDS = 400  # what the model reads of a long article: its lead and most central sentences
MAX_ARTICLE_WORDS = (
    1500  # the whole-article prompt (`whole_article=True`) fits a 4096-token context
)
_PREFACE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:here is (?:a|the) )?(?:\d-\d sentence |short |brief )?summary"
    r"(?: of (?:the|this) article)?(?:\*\*)?\s*[:\-]\s*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)
# "The article discusses ...": a sentence about the article instead of its news
_ABOUT_THE_ARTICLE = re.compile(
    r"^(?:the|this) (?:news )?(?:article|text|report|story|piece)(?: (?:also|further|then))? "
    r"(?P<verb>discusses|describes|covers|highlights|mentions|details|focuses on|talks about|"
    r"is about|deals with|reports|says|states|notes|explains|reveals|claims|adds|suggests)"
    r"(?P<that> that)?\b[,:]?\s*",
    re.IGNORECASE,
)
ABOUT_THE_ARTICLE = "it describes the article instead of stating its news"
_SENTENCE_ENDS = (".", "!", "?", '."', ".”")
FINISH_VERSION = "finish-3"  # how `finish` turns a draft into a summary: part of the cache key


@dataclass
class GenerationStats:
    """Counts and timings of the last generation, for benchmarks."""

    prompt_tokens: int = 0
    prompt_evaluated: int = 0  # prompt tokens computed; the others came from the reused KV cache
    generated_tokens: int = 0
    model_calls: int = 0  # forward passes while generating (fewer than tokens with drafts)
    prompt_seconds: float = 0.0  # until the first generated piece
    generate_seconds: float = 0.0  # from the first piece to the last


def article_extract(title: str, text: str, max_words: int = PROMPT_WORDS) -> str:
    """What the model reads: a short article whole; of a longer one, its lead and its most
    central sentences (ranked over the whole article, so no part is dropped unseen), in article
    order, within `max_words`. Prompt cost then stops growing with article length."""
    if len(text.split()) <= max_words:
        return text
    spans = candidate_spans(title, text)
    if not spans:
        return clip_article(text, max_words)
    sentences = [text[start:end] for start, end in spans]
    lengths = [len(sentence.split()) for sentence in sentences]
    chosen, words = {0}, lengths[0]
    for index in np.argsort(-rank_sentences(title, sentences), kind="stable"):
        if int(index) not in chosen and words + lengths[index] <= max_words:
            chosen.add(int(index))
            words += lengths[index]
    order = sorted(chosen)
    pieces = [sentences[order[0]]]
    for previous, index in zip(order, order[1:], strict=False):
        # a paragraph break where the article has one or sentences were left out
        gap = text[spans[previous][1] : spans[index][0]]
        pieces.append(" " if index == previous + 1 and "\n" not in gap else "\n")
        pieces.append(sentences[index])
    return "".join(pieces)


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
    """Pass `pieces` through until `fit_length` would drop whatever came next: the draft holds
    MAX_SENTENCES sentences or MAX_WORDS words and ends a sentence, or the sentence being written
    has run past MAX_WORDS after a whole one (a cut-off sentence is dropped). Generating the rest is wasted time."""
    written = ""
    for piece in pieces:
        yield piece
        written += piece
        if _long_enough(written):
            break
    close = getattr(pieces, "close", None)
    if close:
        close()


def _long_enough(written: str) -> bool:
    words = len(written.split())
    if written.rstrip().endswith(_SENTENCE_ENDS):
        return words >= MAX_WORDS or len(split_sentences(written)) >= MAX_SENTENCES
    # past MAX_WORDS, the sentence being written cannot join the whole ones before it
    return words > MAX_WORDS and len(split_sentences(written)) > 1


def clean_draft(written: str) -> list[str]:
    """The draft's sentences: preface, bullets and quotes removed, a cut-off last one dropped."""
    text = _BULLET.sub("", _PREFACE.sub("", written.strip()))
    text = " ".join(text.split()).strip('"“” ')
    sentences = split_sentences(text)
    if len(sentences) > 1 and not sentences[-1].rstrip('"”’)').endswith((".", "!", "?")):
        sentences = sentences[:-1]
    return sentences


def news_sentence(sentence: str) -> str | None:
    """`sentence` as a statement of the news: "The article says that X" becomes "X"; None for a
    sentence that only describes the article ("The article discusses the talks...")."""
    match = _ABOUT_THE_ARTICLE.match(sentence)
    if match is None:
        return sentence
    rest = sentence[match.end() :]
    if not match.group("that") or len(rest.split()) < 4:
        return None
    return rest[0].upper() + rest[1:]


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

    def __init__(self, whole_article: bool = False) -> None:
        self.prompt = load_prompt(self.prompt_name)
        self.prompt_version = self.prompt.version
        self.stats = GenerationStats()
        self.whole_article = whole_article  # the old prompt (the article up to 1,500 words)

    def article_text(self, title: str, text: str) -> str:
        """The article as the model reads it (see `article_extract`)."""
        return clip_article(text) if self.whole_article else article_extract(title, text)

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
                "content": self.prompt.section(
                    "user", title=title, text=self.article_text(title, text)
                ),
            },
        ]

    def draft(self, title: str, text: str) -> Iterator[str]:
        """The model's first attempt, as it is written, stopped once it is long enough."""
        return until_long_enough(self.chat(self.summary_messages(title, text), MAX_NEW_TOKENS))

    def retry(self, title: str, text: str, written: str, sentence: str, problem: str) -> str | None:
        """One new attempt at a sentence the guard rejected, stated as news (None where the model
        cannot, or where it only describes the article)."""
        request = self.prompt.section("retry", sentence=sentence, problem=problem)
        again = self.ask_again(title, text, written, request)
        return news_sentence(again) if again else None

    def restate(self, title: str, text: str, written: str, sentence: str) -> str | None:
        """One new attempt at a sentence that describes the article: the same news stated directly
        (the guard's "not supported" request makes the model repeat it as it was)."""
        request = self.prompt.section("restate", sentence=sentence)
        return self.ask_again(title, text, written, request)

    def ask_again(self, title: str, text: str, written: str, request: str) -> str | None:
        """The first sentence of the model's answer to `request` about its draft `written`."""
        if not self.can_chat:
            return None
        messages = [
            *self.summary_messages(title, text),
            {"role": "assistant", "content": written},
            {"role": "user", "content": request},
        ]
        sentences = clean_draft("".join(self.chat(messages, 80)))
        return sentences[0] if sentences else None

    def cache_key(self, title: str, text: str) -> str:
        reads = "whole" if self.whole_article else f"extract-{PROMPT_WORDS}"
        return cache.summary_key(
            self.engine,
            self.identity,
            self.prompt_version,
            reads,
            FINISH_VERSION,
            GUARD_VERSION,
            title,
            text,
        )

    def state_the_news(
        self, title: str, text: str, written: str, sentences: list[str], fallbacks: list[str]
    ) -> tuple[list[str], list[Replacement]]:
        """The sentences with any about the article ("The article discusses...") rewritten as
        news: "The article says that X" loses its preface; the others are restated once, and if
        the second attempt is no better, the one of `fallbacks` (the article's candidate
        sentences) closest in meaning stands in, as in the guard, so the news it pointed at (a
        date, a place) is not lost."""
        kept, replaced = [], []
        for sentence in sentences:
            news = news_sentence(sentence)
            if news is None:
                again = self.restate(title, text, written, sentence)
                news = news_sentence(again) if again else None
                outcome = "regenerated"
                if not news:
                    news = closest_unused(sentence, fallbacks, kept)
                    outcome = "replaced" if news else "dropped"
                replaced.append(
                    Replacement(sentence, news or "", f"{outcome}: {ABOUT_THE_ARTICLE}")
                )
            if news:
                kept.append(news)
        return kept, replaced

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
        fallbacks = candidate_sentences(title, text)
        cleaned, about = self.state_the_news(title, text, written, clean_draft(written), fallbacks)
        drafted = fit_length([s for s in cleaned if len(s.split()) <= MAX_WORDS])
        overlong = [
            *about,
            *(
                Replacement(s, "", f"dropped: longer than {MAX_WORDS} words")
                for s in cleaned
                if len(s.split()) > MAX_WORDS
            ),
        ]
        if drafted:
            sentences, replaced = guard_sentences(
                drafted,
                SourceIndex(text),
                fallbacks,
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
