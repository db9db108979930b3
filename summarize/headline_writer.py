"""Headlines a model writes: for an article whose page has none, and for a story of several.

`headlines.find_headline` takes a page's own headline, or else a lead clause, which is a start of a
sentence, not a headline. With a model engine, an article titled by its lead gets a headline
written from its guarded summary, and a story of several articles one written from their
headlines (prompts/headline.txt). A written headline is kept only if the faithfulness guard accepts
it against the article texts (no invented name, number or date, no loaded word, close in meaning);
otherwise the title stays as it was. Kept ones are marked `written` (`Article.title_origin`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from summarize import cache
from summarize.engines.base import Summarizer
from summarize.engines.generative import GenerativeSummarizer
from summarize.errors import OnSkip, ResourceError, within_limits_or
from summarize.guard import GUARD_VERSION, SourceIndex
from summarize.headlines import LEAD, WORD, WRITTEN
from summarize.prompts import load_prompt
from summarize.repair import Repaired
from summarize.repair.lexicon import is_ordinary
from summarize.summary import Summary

MIN_WORDS, MAX_WORDS = 3, 16
MAX_TOKENS = 40
WRITING = "writing a headline"
_EDGE = ",.:;!?\"'“”‘’()"
_LABEL = re.compile(r"^\s*(?:\*\*)?(?:headline|title)\s*:\s*(?:\*\*)?\s*", re.IGNORECASE)


def can_write(summarizer: Summarizer | None) -> bool:
    return isinstance(summarizer, GenerativeSummarizer) and summarizer.can_chat


def clean_headline_reply(reply: str) -> str | None:
    """The headline in a model's reply: its first line without a label, quotes or a full stop;
    None when that is no headline (too short or too long)."""
    lines = [line for line in reply.strip().splitlines() if line.strip()]
    if not lines:
        return None
    text = _LABEL.sub("", lines[0]).strip().strip("*#").strip()
    text = text.strip('"“”‘’').strip()
    text = text.removesuffix(".").strip()
    return text if MIN_WORDS <= len(text.split()) <= MAX_WORDS else None


def sentence_case(headline: str, source: str) -> str:
    """A Title Case headline in sentence case: a capitalised word after the first that the source
    writes in lower case more often than capitalised, or never writes but is an ordinary English
    word, is lowered ("Argentina Wins World Cup" -> "Argentina wins World Cup"), so that the
    guard does not read it as an invented name."""
    words = headline.split(" ")
    counts = Counter(WORD.findall(source))
    for index, word in enumerate(words[1:], start=1):
        core = word.strip(_EDGE)
        lower = core.lower()
        unattested = counts[core] == 0 and is_ordinary(lower)
        if (
            core[:1].isupper()
            and not core.isupper()
            and (counts[lower] > counts[core] or unattested)
        ):
            words[index] = word.replace(core, lower, 1)
    return " ".join(words)


def _write(
    summarizer: GenerativeSummarizer, section: str, source: str, **values: str
) -> str | None:
    """A headline written from `values` (prompt section `section`), checked against `source`."""
    prompt = load_prompt("headline")
    key = cache.summary_key(
        "headline",
        summarizer.engine,
        summarizer.identity,
        prompt.version,
        GUARD_VERSION,
        section,
        *values.values(),
        source,
    )
    cached = cache.load_json(key)
    if isinstance(cached, dict):
        return cached.get("headline")
    messages = [
        {"role": "system", "content": prompt.section("system")},
        {"role": "user", "content": prompt.section(section, **values)},
    ]
    headline = clean_headline_reply("".join(summarizer.chat(messages, MAX_TOKENS)))
    if headline is not None:
        headline = sentence_case(headline, source)
    if headline is not None and not SourceIndex(source).check([headline])[0].ok:
        headline = None
    cache.store_json(key, {"headline": headline})
    return headline


def _no_headline(error: ResourceError) -> None:
    return None


def write_article_headlines(
    repaired: Sequence[Repaired],
    summaries: Sequence[Summary],
    summarizer: Summarizer | None,
    on_skip: OnSkip | None = None,
) -> list[Repaired]:
    """The articles, those titled by a lead clause retitled with a written headline where the
    guard accepts one; without a model engine, unchanged. With `on_skip`, one whose headline
    exhausts a resource is reported to it and keeps its title."""
    if not can_write(summarizer):
        return list(repaired)
    titled = []
    for item, summary in zip(repaired, summaries, strict=True):
        headline = None
        if item.article.title_origin == LEAD and summary.text:
            headline = within_limits_or(
                partial(_write, summarizer, "article", item.text, summary=summary.text),
                _no_headline,
                item.article.source,
                WRITING,
                on_skip,
            )
        if headline:
            article = replace(item.article, title=headline, title_origin=WRITTEN)
            item = replace(item, article=article)
        titled.append(item)
    return titled


def write_story_title(
    items: Sequence[Repaired],
    summarizer: Summarizer | None,
    on_skip: OnSkip | None = None,
    name: str = "the story",
) -> str | None:
    """A headline for a story of several articles, written from theirs; None for a story of one,
    without a model engine, when the guard refuses what the model wrote, or (reported to
    `on_skip` as `name`) when writing it exhausts a resource."""
    if len(items) < 2 or not can_write(summarizer):
        return None
    headlines = "\n".join(f"- {item.title}" for item in items)
    source = "\n".join(i.text for i in items)
    return within_limits_or(
        partial(_write, summarizer, "story", source, headlines=headlines),
        _no_headline,
        name,
        WRITING,
        on_skip,
    )
