"""Headlines: the page's own, cleaned of site names, section labels and date lines, or a lead clause.

A page's headline is its first line that reads as one: not debris, not a date line, not a label
in the source language, a few words to about thirty, not a paragraph of several sentences. It is
cleaned by general rules: a metadata date glued on (" date 2022-01-12"), trailing site and section
segments after a pipe (" | News from Germany about Europe | Dw"), and a label in front of a
headline the page repeats on the next line ("News World Greek Court: ..." before "Greek Court:
..."). A page without one gets the start of its lead sentence, its dateline dropped, cut at a
clause break; `origin` says which, so a model can write a headline in its place (pipeline).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from summarize.dates import is_date_line
from summarize.repair.debris import find_debris
from summarize.repair.lexicon import zipf
from summarize.sentences import split_sentences

PAGE, LEAD, WRITTEN = "page", "lead", "written"  # where a title came from
MAX_WORDS = 30
LEAD_WORDS = 14  # a lead clause is cut near this many words
MIN_LEAD_WORDS = 6
TOP_LINES = 40
_DATA = Path(__file__).parent / "data" / "headlines.json"
_ENGLISH = 3.0  # Zipf at or above which a word is ordinary English
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_PIPE = re.compile(r"\s+\|\s+")
_METADATA_DATE = re.compile(
    r"^\s*(?:date|published|updated)?\s*\d{4}-\d\d-\d\d(?:[T ][\d:.+Z-]+)?\s+"
)
# "DOHA.", "MOSCOW, APRIL 21 -", "MARRAKESH, Morocco (AP) —", "Buenos Aires, Argentina.-"
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z’'. -]+[A-Z](?:,[\w ]{2,30}?)?(?:\s*\([A-Z]{2,6}\))?\s*(?:\.-|[-—–]|[.,])"
    r"|[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*,(?: [A-Z][\w’'-]*)+(?:\s*\([A-Z]{2,6}\))?\s*(?:\.-|[—–]| -))\s+"
)
_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[–—-]\s|\.-\s")
_ATTRIBUTION = re.compile(r"^(?:according to|as reported by|in a statement)\b", re.IGNORECASE)
_RELATIVE_STAMP = re.compile(
    r"^\s*\d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b\s*", re.IGNORECASE
)


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """Words a long lead clause is cut before, and words a headline never ends with."""
    table = json.loads(_DATA.read_text(encoding="utf-8"))
    phrase_starts = frozenset(table["phrase_starts"])
    return phrase_starts, phrase_starts | frozenset(table["dangling"])


@dataclass(frozen=True)
class Headline:
    text: str
    origin: str  # PAGE or LEAD


def _fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: for comparing two copies of one headline."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text).strip()


def clean_headline(title: str) -> str:
    """A title without a glued metadata date, trailing site or section segments after a pipe, and
    the edge punctuation those leave."""
    title = _RELATIVE_STAMP.sub("", _METADATA_DATE.sub("", " " + title))
    # emoji and other symbols are page decoration, not words of the headline
    title = " ".join("".join(ch for ch in title if not _decoration(ch)).split())
    segments = [segment for segment in _PIPE.split(title) if segment.strip()]
    if len(segments) > 1:
        # the headline is the first segment that says something; the rest name the site
        title = next((s for s in segments if len(_WORD.findall(s)) >= 3), segments[0])
    if is_date_line(title):
        return ""
    return title.strip(" -—–|·:").strip()


def _decoration(char: str) -> bool:
    """Emoji and other symbols, with their variation selectors and joiners."""
    return unicodedata.category(char) == "So" or "\ufe00" <= char <= "\ufe0f" or char == "\u200d"


def _is_foreign_label(line: str, body: str) -> bool:
    """A short line of words neither English nor used in the article: a section label left in
    the source language ("Alba Dorata Mondo")."""
    words = _WORD.findall(line)
    if not words or len(words) > 4:
        return False
    uses = _word_counts(body)
    foreign = [w for w in words if zipf(w.lower()) < _ENGLISH and uses[w.lower()] <= 1]
    return len(foreign) * 2 >= len(words)


@lru_cache(maxsize=8)
def _word_counts(body: str) -> Counter[str]:
    """How often the article uses each word (lower case), counted once per article, not once per
    line asked about: a long article has thousands of short lines."""
    return Counter(_WORD.findall(body.lower()))


def _repeated_tail(line: str, following: list[str]) -> str | None:
    """The headline `line` ends with when one of the next lines repeats it alone: what stands
    before it is a label ("News World")."""
    folded = _fold(line)
    for other in following:
        tail = _fold(other)
        if len(tail) >= 12 and folded != tail and folded.endswith(" " + tail):
            return other.strip()
    return None


def is_page_label(line: str, text: str) -> bool:
    """Whether `line` of `text` is the page's, not the article's: a date line or a banner that
    starts with one, or a short label in the source language."""
    return is_date_line(_PIPE.split(line)[0]) or _is_foreign_label(clean_headline(line), text)


def _text_lines(text: str) -> list[tuple[int, str]]:
    """(index, cleaned line) of the top lines that are neither debris, date lines nor labels in
    the source language."""
    lines = text.split("\n")[:TOP_LINES]
    debris = find_debris("\n".join(lines))
    found = []
    for index, raw in enumerate(lines):
        if index in debris or is_page_label(raw, text):
            continue
        line = clean_headline(raw.strip().lstrip("#").strip())
        if _WORD.search(line):
            found.append((index, line))
    return found


def _is_paragraph(line: str) -> bool:
    """Too long for a headline, or a full sentence or two: a headline rarely ends in a full stop."""
    words = len(_WORD.findall(line))
    ends = line.rstrip("”\"’')").endswith(".")
    return words > MAX_WORDS or (ends and (words >= 15 or len(split_sentences(line)) > 1))


def page_headline(text: str) -> str | None:
    """The page's own headline, cleaned, or None when its first text line is already the lead."""
    lines = text.split("\n")
    for index, line in _text_lines(text):
        if _is_paragraph(line):
            return None  # the text starts with a paragraph: the page has no headline
        if len(_WORD.findall(line)) < 3:
            continue
        following = [other for other in lines[index + 1 : index + 4] if other.strip()]
        return _repeated_tail(line, following) or line
    return None


def drop_dateline(sentence: str) -> str:
    """`sentence` without the dateline an agency story opens with ("MARRAKESH, Morocco (AP) —")."""
    return _DATELINE.sub("", sentence, count=1)


def lead_headline(text: str) -> str:
    """The start of the lead sentence: its dateline dropped, cut at a clause break near
    `LEAD_WORDS` words, never after a function word."""
    first = next((line for _, line in _text_lines(text) if _is_paragraph(line)), text)
    sentences = split_sentences(drop_dateline(first)) or [first]
    sentence = sentences[0].rstrip(" .")
    clauses = [c.strip() for c in _CLAUSE_BREAK.split(sentence) if c.strip()]
    while len(clauses) > 1 and (
        _ATTRIBUTION.match(clauses[0]) or len(clauses[0].split()) < MIN_LEAD_WORDS
    ):
        clauses = clauses[1:]  # "According to the final results, ...": the news follows
    phrase_starts, dangling = _words()
    words = (clauses[0] if clauses else sentence).split()
    if len(words) > LEAD_WORDS + 4:
        words = words[: LEAD_WORDS + 4]
        # the longest clause that fits: cut where the last phrase that fits starts
        cut = max(
            (i for i in range(MIN_LEAD_WORDS, len(words)) if words[i].lower() in phrase_starts),
            default=len(words),
        )
        words = words[:cut]
    while len(words) > MIN_LEAD_WORDS and words[-1].lower().strip(",;:") in dangling:
        words.pop()
    headline = " ".join(words).strip(" ,;:-—–")
    return headline[:1].upper() + headline[1:]


def find_headline(text: str, given: str | None = None) -> Headline:
    """The article's headline: `given` (metadata, HTML title) cleaned, else the page's own, else
    a lead clause."""
    cleaned = clean_headline(given or "")
    if cleaned:
        return Headline(cleaned, PAGE)
    own = page_headline(text)
    if own:
        return Headline(own, PAGE)
    return Headline(lead_headline(text), LEAD)
