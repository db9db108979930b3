"""Brief fusion: a model rewrites the brief's extractive points into fluent, neutral sentences.

The model gets the numbered points with their citations (prompts/brief.txt) and answers one
numbered sentence per point, citing [n]. A rewritten sentence is kept only if its citations are
sources of the brief and it passes the faithfulness guard against the union of the texts it cites
(the point's own sources included); otherwise the original point stays. Conflicts, timeline and
entities are left as built. Without a model that takes instructions, the brief is returned as is.
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
from summarize.guard import GUARD_VERSION, SourceIndex
from summarize.prompts import load_prompt
from summarize.repair import Repaired

MAX_POINTS = 6  # the leading points a model rewrites (~15 s on 2 cores); the rest stay as built
_CITATION = re.compile(r"\s*\[(\d+)\]")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.+?)\s*$", re.MULTILINE)


def _citations(text: str) -> tuple[str, set[int]]:
    """The sentence without its [n] markers, and the source numbers it cites."""
    numbers = {int(match.group(1)) for match in _CITATION.finditer(text)}
    plain = _CITATION.sub("", text).strip()
    return re.sub(r"\s+([.,;:])", r"\1", plain), numbers


def point_lines(points: Sequence[BriefPoint]) -> str:
    """The points as the prompt lists them: `1. text [1][2]`."""
    return "\n".join(
        f"{index}. {point.text} " + "".join(f"[{n}]" for n in point.sources)
        for index, point in enumerate(points, start=1)
    )


def parse_rewrites(reply: str, count: int) -> dict[int, str]:
    """The model's numbered lines, by point number (1-based); lines out of range are ignored."""
    rewrites: dict[int, str] = {}
    for match in _NUMBERED.finditer(reply):
        number = int(match.group(1))
        if 1 <= number <= count and number not in rewrites:
            rewrites[number] = match.group(2)
    return rewrites


def fuse_brief(brief: Brief, repaired: Sequence[Repaired], summarizer: Summarizer) -> Brief:
    """The brief with its points rewritten as fluent prose where the guard accepts them."""
    if (
        not isinstance(summarizer, GenerativeSummarizer)
        or not summarizer.can_chat
        or not brief.points
    ):
        return brief
    prompt = load_prompt("brief")
    points = brief.points[:MAX_POINTS]
    messages = [
        {"role": "system", "content": prompt.section("system")},
        {
            "role": "user",
            "content": prompt.section("user", points=point_lines(points), count=len(points)),
        },
    ]
    texts = {number: item.text for number, item in enumerate(repaired, start=1)}
    key = cache.summary_key(
        "fusion",
        summarizer.engine,
        summarizer.identity,
        prompt.version,
        GUARD_VERSION,
        json.dumps([[p.text, p.sources] for p in points]),
        *texts.values(),
    )
    cached = cache.load_json(key)
    if isinstance(cached, list) and len(cached) == len(points):
        fused = [
            replace(point, text=text, sources=tuple(sources))
            for point, (text, sources) in zip(points, cached, strict=True)
        ]
    else:
        reply = "".join(summarizer.chat(messages, max_tokens=60 * len(points) + 40))
        rewrites = parse_rewrites(reply, len(points))
        fused = [
            _checked_rewrite(point, rewrites.get(number), texts)
            for number, point in enumerate(points, start=1)
        ]
        cache.store_json(key, [[point.text, list(point.sources)] for point in fused])
    return replace(brief, points=(*fused, *brief.points[MAX_POINTS:]))


def _checked_rewrite(point: BriefPoint, rewrite: str | None, texts: dict[int, str]) -> BriefPoint:
    if not rewrite:
        return point
    sentence, cited = _citations(rewrite)
    if not sentence or not cited or not cited <= texts.keys():
        return point
    sources = tuple(sorted(cited | set(point.sources)))
    source = SourceIndex("\n".join(texts[number] for number in sources))
    if not source.check([sentence])[0].ok:
        return point
    return replace(point, text=sentence, sources=sources)
