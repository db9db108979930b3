"""Sentence splitting with nltk's Punkt model, bundled so it works offline.

Paragraphs (lines) are split first: headlines and captions have no final full stop, and Punkt
would glue them to the next sentence.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

NLTK_DATA = Path(__file__).parent / "data" / "nltk"
_PARAGRAPH = re.compile(r"[^\n]+")
MAX_SENTENCE_CHARS = 2000  # MT news sentences stay well under; longer is a run-on without stops


@cache
def _punkt():
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    if str(NLTK_DATA) not in nltk.data.path:
        nltk.data.path.insert(0, str(NLTK_DATA))
    return PunktTokenizer("english")


@cache
def stopwords() -> frozenset[str]:
    """nltk's English stopword list."""
    path = NLTK_DATA / "corpora" / "stopwords" / "english"
    return frozenset(path.read_text(encoding="utf-8").split())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, leading and trailing spaces excluded."""
    return list(_spans(text))


@lru_cache(maxsize=16)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    # the summary, the brief's facts and its timeline all split the same repaired text: Punkt
    # is the costliest linear step for a long article, so it runs once per text
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        base = paragraph.start()
        spans += [(base + start, base + end) for start, end in _paragraph_spans(paragraph.group())]
    return tuple(spans)


@lru_cache(maxsize=65_536)
def _paragraph_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    # each paragraph is split on its own, so a text that differs from one split before in a few
    # paragraphs (the timeline blanks the page's date lines) or shares paragraphs with it (wire
    # copy, a site's furniture) has the rest split already
    tokenizer = _punkt()
    spans: list[tuple[int, int]] = []
    for start, end in tokenizer.span_tokenize(paragraph):
        chunk = paragraph[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            spans += _bounded(paragraph, start + lead, end - trail)
    return tuple(spans)


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at spaces into pieces of at most `MAX_SENTENCE_CHARS`: text with no sentence
    end in sight (a page flattened without punctuation) must not become one sentence that every
    later stage handles whole, once per date or name in it."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order."""
    return [text[start:end] for start, end in sentence_spans(text)]
