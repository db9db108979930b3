"""Key dates: the days the articles mention, each with a short description of what happens then.

Each mention is described by the clause around it ("A meeting between Russia and NATO could then
take place on January 12"), grown by its neighbouring clause while too short to say anything. Of
the descriptions sources give for one day, the one sharing most words with the others wins: the
account the sources agree on.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from summarize.brief.structure import TimelineEntry
from summarize.dates import (
    DateMention,
    chronology,
    find_dates,
    iso,
    label,
    metadata_spans,
    relative_dates,
)
from summarize.sentences import sentence_spans
from summarize.textrank import content_words

MAX_ENTRIES = 12
MIN_EVENT_WORDS = 4  # content words a description needs to say what happens
MAX_EVENT_WORDS = 30
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[–—-]\s)\s*")
# ", which was recorded yesterday,", ", according to the ministry": asides a description can drop
_ASIDE = re.compile(
    r",\s+(?:which|who|whose|where|according to|including|as well as|while)\b[^,]*(?:,|$)",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:and|but|then|finally|followed|according to [^,]+)\b\s*", re.IGNORECASE)


@dataclass(frozen=True)
class DatedClause:
    source: int
    month: int
    day: int
    year: int | None
    text: str
    other_dates: int  # other dates in the description: it is about them too


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of `sentence`, split at commas, semicolons, colons and dashes
    outside parentheses."""
    spans, start, depth = [], 0, 0
    for match in re.finditer(r"[()]|" + _CLAUSE_BREAK.pattern, sentence):
        token = match.group().strip()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if e > s]


def _without_asides(sentence: str, mention_start: int) -> str:
    """The sentence without the asides set off by commas (", which ...,", ", according to ...")
    that do not hold the date: what is left still says what happened."""
    kept, position = [], 0
    for match in _ASIDE.finditer(sentence):
        if not match.start() <= mention_start < match.end():
            kept.append(sentence[position : match.start()])
            position = match.end() - (1 if match.group().endswith(",") else 0)
    kept.append(sentence[position:])
    return re.sub(r"\s+,", ",", re.sub(r",\s*,", ",", "".join(kept)))


def _describe(sentence: str, mention_start: int, mention_end: int) -> str:
    """A one-line description of what happens on the day mentioned: the sentence when short, else
    the sentence without its asides, else the clauses around the mention."""
    sentence = " ".join(sentence.split()).rstrip(" .")
    if len(sentence.split()) > MAX_EVENT_WORDS:
        shorter = _without_asides(sentence, mention_start)
        if len(shorter.split()) <= MAX_EVENT_WORDS:
            return shorter[:1].upper() + shorter[1:]
    else:
        return sentence[:1].upper() + sentence[1:]
    clauses = _clauses(sentence)
    inside = next(
        (i for i, (s, e) in enumerate(clauses) if s <= mention_start < e),
        None,
    )
    if inside is None:
        return sentence
    first = last = inside
    while len(content_words(sentence[clauses[first][0] : clauses[last][1]])) < MIN_EVENT_WORDS + 2:
        if last + 1 < len(clauses):
            last += 1
        elif first > 0:
            first -= 1
        else:
            break
    text = sentence[clauses[first][0] : clauses[last][1]].strip(" ,;:.")
    text = _LEADING.sub("", text).strip(" ,;:")
    return text[:1].upper() + text[1:]


def dated_mentions(
    text: str, reference: date | None = None, page: Sequence[tuple[int, int]] | None = None
) -> list[DateMention]:
    """The days `text` mentions, in order: dates as written, and with the article's publication
    day `reference`, the days it names relative to it ("on Monday"). The page's own date lines
    (`page`: its `metadata_spans`, found if not given) are not among them."""
    mentions = [mention for mention in find_dates(text) if mention.precise]
    if reference is not None:
        # the dates found are disjoint and in order: a day named is free of them when the last
        # one starting before its end ends before its start
        taken = sorted((m.start, m.end) for m in mentions)
        mentions += [
            m
            for m in relative_dates(text, reference)
            if (before := bisect.bisect_left(taken, (m.end,))) == 0
            or taken[before - 1][1] <= m.start
        ]
    page = metadata_spans(text) if page is None else page
    page_starts = [start for start, _ in page]  # lines, in order

    def on_page(position: int) -> bool:
        line = bisect.bisect_right(page_starts, position) - 1
        return line >= 0 and position < page[line][1]

    return sorted((m for m in mentions if not on_page(m.start)), key=lambda m: m.start)


def dated_clauses(text: str, source: int, reference: date | None = None) -> list[DatedClause]:
    """Every day `text` mentions, with the clause that describes it."""
    page = metadata_spans(text)
    mentions = dated_mentions(text, reference, page)
    if not mentions:
        return []
    # the page's own date lines are no part of an event's description
    pieces, cursor = [], 0
    for start, end in page:
        pieces += [text[cursor:start], " " * (end - start)]
        cursor = end
    text = "".join([*pieces, text[cursor:]])
    spans = sentence_spans(text)
    # found by bisection, not by scanning: linear in a long article's dates and sentences
    span_starts = [start for start, _ in spans]
    mention_starts = [mention.start for mention in mentions]
    clauses = []
    for mention in mentions:
        index = bisect.bisect_right(span_starts, mention.start) - 1
        start, end = (
            spans[index]
            if index >= 0 and mention.start < spans[index][1]
            else (mention.start, mention.end)
        )
        sentence = text[start:end]
        lead = len(sentence) - len(sentence.lstrip())
        description = _describe(
            sentence.lstrip(), mention.start - start - lead, mention.end - start - lead
        )
        in_sentence = mentions[
            bisect.bisect_left(mention_starts, start) : bisect.bisect_left(mention_starts, end)
        ]
        others = sum(
            1 for other in in_sentence if other.key != mention.key and other.text in description
        )
        clauses.append(
            DatedClause(source, mention.month, mention.day, mention.year, description, others)
        )
    return clauses


def best_description(clauses: Sequence[DatedClause]) -> DatedClause:
    """The description of one day that other sources' descriptions agree with most (shares most
    words with them, counted once per source), that says enough without running on, and that is
    not about other days too. Linear in the number of descriptions."""
    words = [frozenset(content_words(clause.text)) for clause in clauses]
    pairs = {(clause.source, w) for clause, ws in zip(clauses, words, strict=True) for w in ws}
    sources_with = Counter(word for _, word in pairs)
    others = max(1, len({clause.source for clause in clauses}) - 1)

    def score(index: int) -> float:
        clause, word_set = clauses[index], words[index]
        agreement = sum(sources_with[w] - 1 for w in word_set) / (others * (len(word_set) or 1))
        fits = len(word_set) >= MIN_EVENT_WORDS and len(clause.text.split()) <= MAX_EVENT_WORDS
        return agreement + (1.0 if fits else 0.0) - 0.5 * clause.other_dates

    return clauses[max(range(len(clauses)), key=score)]


def build_timeline(
    articles: Sequence[tuple[int, str, date | None]], published: date | None = None
) -> tuple[TimelineEntry, ...]:
    """The dated events of `articles` ((source number, repaired text, publication day) triples)
    in date order; the days most sources mention are kept when there are more than
    `MAX_ENTRIES`. An article's weekdays ("on Monday") are read against its publication day,
    or, when it has none, against the latest of the others'."""
    by_day: dict[tuple[int, int], list[DatedClause]] = {}
    years: dict[tuple[int, int], set[int]] = {}
    latest = max((day for _, _, day in articles if day), default=None)
    for source, text, day in articles:
        for clause in dated_clauses(text, source, day or latest):
            by_day.setdefault((clause.month, clause.day), []).append(clause)
            if clause.year is not None:
                years.setdefault((clause.month, clause.day), set()).add(clause.year)
    if not by_day:
        return ()
    kept = sorted(by_day, key=lambda day: -len({c.source for c in by_day[day]}))[:MAX_ENTRIES]
    # stated years anchor the yearless days; without any, days are only ordered, never dated
    anchor = published or (
        min(date(min(stated), month, day) for (month, day), stated in years.items())
        if years
        else None
    )
    guessed = chronology([day for day in kept if day not in years], anchor)
    entries = []
    for month, day in kept:
        clauses = by_day[(month, day)]
        best = best_description(clauses)
        stated = years.get((month, day))
        year = min(stated) if stated else None
        if year is None and published is not None:
            year = guessed[(month, day)]
        order = (min(stated) if stated else guessed[(month, day)], month, day)
        entries.append(
            (
                order,
                TimelineEntry(
                    date=label(year, month, day),
                    event=best.text,
                    sources=tuple(sorted({clause.source for clause in clauses})),
                    iso=iso(year, month, day),
                ),
            )
        )
    entries.sort(key=lambda pair: pair[0])
    return tuple(entry for _, entry in entries)
