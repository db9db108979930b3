"""Brief fusion: every point of a brief written by the model, each checked against its sources.

A point that a guarded sentence of a cited article's summary already states (MiniLM cosine at
least `REUSE_SIMILARITY`) takes that sentence, which the model wrote and the guard accepted, and
needs no model call. The other points go to the model in one call: it gets them numbered
(prompts/brief.txt) and answers one numbered sentence per point. The citations are not the model's
to write, as it could only copy them: a rewrite keeps its point's sources, and is kept only if it
passes the faithfulness guard against their texts; otherwise the extracted point stays.
A rewrite, or a reused summary sentence, must also keep to its point, as the prompt asks, and to
what its writer read (the model sees the point's text; a summary came from its source's article,
so that source's statement of the point counts too): no number or date it does not hold, none of
the point's figures, names or weekdays dropped (who said it, when), at most `MAX_ADDED_WORDS`
content words it does not use (a verb in place of a calque, not the score of another point), and
most of the point's own words kept.
Conflicts, timeline and entities are left as built. Without a model that takes instructions, the
brief is returned as is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace

from summarize import cache
from summarize.brief import Brief, BriefPoint
from summarize.engines.base import Summarizer
from summarize.engines.generative import GenerativeSummarizer
from summarize.guard import GUARD_VERSION, SourceIndex, sentence_facts
from summarize.prompts import load_prompt
from summarize.repair import Repaired
from summarize.repair.lexicon import demonyms
from summarize.sentences import split_sentences, stopwords
from summarize.summary import Summary

REUSE_SIMILARITY = 0.8  # a summary sentence this close to a point states it
FUSION_GUARD = "on-point-4"  # in the cache key: the rewrites kept depend on `off_point`
MAX_ADDED_WORDS = 2  # content words a sentence may use that what its writer read does not
KEPT_SHARE = 0.5  # of the point's content words, what a rewrite keeps: it says the same, shorter
STEM = 5  # letters two words share to count as one (won/win do not, defeated/defeating do)
_LETTERS = re.compile(r"[^\W\d_]+")
_CITATION = re.compile(r"\s*\[(\d+)\]")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.+?)\s*$", re.MULTILINE)


def without_citations(text: str) -> str:
    """The sentence without any [n] markers (a model may add them unasked)."""
    return re.sub(r"\s+([.,;:])", r"\1", _CITATION.sub("", text).strip())


def point_lines(points: Sequence[BriefPoint]) -> str:
    """The points as the prompt lists them: `1. text`."""
    return "\n".join(f"{index}. {point.text}" for index, point in enumerate(points, start=1))


def parse_rewrites(reply: str, count: int) -> dict[int, str]:
    """The model's numbered lines, by point number (1-based); lines out of range are ignored."""
    rewrites: dict[int, str] = {}
    for match in _NUMBERED.finditer(reply):
        number = int(match.group(1))
        if 1 <= number <= count and number not in rewrites:
            rewrites[number] = match.group(2)
    return rewrites


def fuse_brief(
    brief: Brief,
    repaired: Sequence[Repaired],
    summarizer: Summarizer,
    summaries: Sequence[Summary] = (),
) -> Brief:
    """The brief with its points written as fluent prose where the guard accepts them: from the
    article `summaries` (one per article of `repaired`) where one already states a point, else by
    the model."""
    if (
        not isinstance(summarizer, GenerativeSummarizer)
        or not summarizer.can_chat
        or not brief.points
    ):
        return brief
    texts = {number: item.text for number, item in enumerate(repaired, start=1)}
    reused = reuse_summary_sentences(brief.points, summaries)
    pending = [point for point, sentence in zip(brief.points, reused, strict=True) if not sentence]
    rewritten = iter(_rewrite_points(pending, texts, summarizer) if pending else ())
    points = [
        replace(point, text=sentence) if sentence else next(rewritten)
        for point, sentence in zip(brief.points, reused, strict=True)
    ]
    return replace(brief, points=tuple(points))


def model_sentences(summary: Summary) -> list[str]:
    """The sentences of a summary that the model wrote and the guard accepted: not a reviewer's
    text, not an article sentence the guard put in place of one."""
    if summary.human_edited:
        return []
    stand_ins = {r.replacement for r in summary.replaced if r.reason.startswith("replaced")}
    return [s for s in split_sentences(summary.text) if s not in stand_ins]


def reuse_summary_sentences(
    points: Sequence[BriefPoint], summaries: Sequence[Summary]
) -> list[str | None]:
    """For each point, the closest model-written summary sentence of one of its sources when it
    states the point (cosine >= REUSE_SIMILARITY) and keeps to it (`off_point`), else None. A
    sentence serves one point."""
    candidates = [
        (number, sentence)
        for number, summary in enumerate(summaries, start=1)
        for sentence in model_sentences(summary)
    ]
    if not candidates or not points:
        return [None] * len(points)
    from summarize.embeddings import embed

    similarity = embed([p.text for p in points]) @ embed([s for _, s in candidates]).T
    used: set[int] = set()
    chosen: list[str | None] = []
    for row, point in zip(similarity, points, strict=True):
        allowed = [
            index
            for index, (number, _) in enumerate(candidates)
            if number in point.sources
            and index not in used
            and not off_point(point, candidates[index][1], _statement_of(point, number))
        ]
        best = max(allowed, key=lambda index: row[index], default=None)
        if best is None or row[best] < REUSE_SIMILARITY:
            chosen.append(None)
            continue
        used.add(best)
        chosen.append(candidates[best][1])
    return chosen


def _statement_of(point: BriefPoint, source: int) -> str:
    """What source `source` says of the point: what its summary was written from."""
    return " ".join(statement.text for statement in point.statements if statement.source == source)


def _rewrite_points(
    points: Sequence[BriefPoint], texts: dict[int, str], summarizer: GenerativeSummarizer
) -> list[BriefPoint]:
    """The points rewritten by the model in one call (cached), each kept as it was where the
    guard refuses the rewrite."""
    prompt = load_prompt("brief")
    messages = [
        {"role": "system", "content": prompt.section("system")},
        {
            "role": "user",
            "content": prompt.section("user", points=point_lines(points), count=len(points)),
        },
    ]
    key = cache.summary_key(
        "fusion",
        summarizer.engine,
        summarizer.identity,
        prompt.version,
        GUARD_VERSION,
        FUSION_GUARD,
        json.dumps([[p.text, p.sources] for p in points]),
        *texts.values(),
    )
    cached = cache.load_json(key)
    if isinstance(cached, list) and len(cached) == len(points):
        return [
            replace(point, text=text, sources=tuple(sources))
            for point, (text, sources) in zip(points, cached, strict=True)
        ]
    reply = "".join(summarizer.chat(messages, max_tokens=60 * len(points) + 40))
    rewrites = parse_rewrites(reply, len(points))
    fused = [
        _checked_rewrite(point, rewrites.get(number), texts)
        for number, point in enumerate(points, start=1)
    ]
    cache.store_json(key, [[point.text, list(point.sources)] for point in fused])
    return fused


def _stems(text: str, *, names: bool = True) -> set[str]:
    """The content words of `text`, cut to `STEM` letters; its capitalised words too if `names`."""
    return {
        word.lower()[:STEM]
        for word in _LETTERS.findall(text)
        if word.lower() not in stopwords() and (names or not word[0].isupper())
    }


def off_point(point: BriefPoint, sentence: str, read: str = "") -> str | None:
    """How a sentence written for a point strays from what its writer read (the point's text,
    plus `read`), or None: more than one sentence, a number or date not in it, a figure, name or
    weekday of the point dropped, more than `MAX_ADDED_WORDS` content words (lower case) not in
    it, or less than `KEPT_SHARE` of the point's own content words kept."""
    if len(split_sentences(sentence)) > 1:
        return "not one sentence"  # "... with a landslide. The commission announced on Monday."
    basis = f"{point.text} {read}"
    numbers, dates, _ = sentence_facts(sentence)
    held_numbers, held_dates, _ = sentence_facts(basis)
    point_numbers, point_dates, point_names = sentence_facts(point.text)
    if not numbers <= held_numbers or not dates <= held_dates:
        return "a number or date its point does not hold"
    if not point_numbers <= numbers or not point_dates <= dates:
        return "drops a number or date of its point"
    # who and when: a rewrite that loses the ministry a toll is credited to, or the day
    # (a nationality is a description: `the French` may go)
    written = SourceIndex(sentence)
    dropped = sorted(
        name
        for name in point_names - demonyms()
        if name.lower() not in stopwords() and not written.known_name(name)
    )
    if dropped:
        return f"drops {', '.join(dropped)} of its point"
    # names are the guard's to judge against the sources (`United States` for `US`)
    added = _stems(sentence, names=False) - _stems(basis)
    if len(added) > MAX_ADDED_WORDS:
        return f"{len(added)} content words its point does not use"
    told = _stems(point.text)
    if len(told & _stems(sentence)) < KEPT_SHARE * len(told):
        return "leaves out most of its point"
    return None


def _checked_rewrite(point: BriefPoint, rewrite: str | None, texts: dict[int, str]) -> BriefPoint:
    sentence = without_citations(rewrite or "")
    if not sentence or off_point(point, sentence):
        return point
    source = SourceIndex("\n".join(texts[number] for number in point.sources))
    if not source.check([sentence])[0].ok:
        return point
    return replace(point, text=sentence)
