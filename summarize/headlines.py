"""Headlines: the page's own, cleaned of site names, section labels and date lines, or a lead clause.

A page's headline is its first line that reads as one: not debris, not a date line, not a label
in the source language, a few words to about thirty, not a paragraph of several sentences. It is
cleaned by general rules: a metadata date glued on (" date 2022-01-12"), trailing site and section
segments after a pipe (" | News from Germany about Europe | Dw"), a last segment after a dash
that the article never uses (" – Ultima Ora", a site or a columnist), and a label in front of a
headline the page repeats on the next line ("News World Greek Court: ..." before "Greek Court:
..."). A page without one gets the main clause of its lead sentence, cut by its dependency
parse (spaCy): dateline, fronted adjuncts, asides and time phrases dropped, then phrases from its
end until it is short; `origin` says which, so a model can write a headline in its place.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from summarize.dates import is_date_line, is_time_phrase
from summarize.nlp import TAGS_AND_DEPENDENCIES, parse
from summarize.repair.debris import find_debris
from summarize.repair.lexicon import is_ordinary
from summarize.sentences import split_sentences

PAGE, LEAD, WRITTEN = "page", "lead", "written"  # where a title came from
MAX_WORDS = 30
LEAD_WORDS = 12  # a headline states the news in at most about this many words
MIN_LEAD_WORDS = 6
TOP_LINES = 40
_DATA = Path(__file__).parent / "data" / "headlines.json"
WORD = re.compile(r"[^\W\d_][\w’'-]*")  # a word of a headline, with its apostrophes and hyphens
_PIPE = re.compile(r"\s+\|\s+")
_DASH_TAIL = re.compile(r"\s+[-—–]\s+(?P<tail>[^-—–]+)$")
_METADATA_DATE = re.compile(
    r"^\s*(?:date|published|updated)?\s*\d{4}-\d\d-\d\d(?:[T ][\d:.+Z-]+)?\s+"
)
# "DOHA.", "MOSCOW, APRIL 21 -", "MARRAKESH, Morocco (AP) —", "Buenos Aires, Argentina.-", "Naples -"
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z’'. -]+[A-Z](?:,[\w ]{2,30}?)?(?:\s*\([A-Z]{2,6}\))?\s*(?:\.-|[-—–]|[.,])"
    r"|[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*,(?: [A-Z][\w’'-]*)+(?:\s*\([A-Z]{2,6}\))?\s*(?:\.-|[—–]| -)"
    # a city alone before a dash, when a sentence follows ("Naples - Tight", not "Zelensky – 73%")
    r"|[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* [-—–](?=\s+[A-Z“\"‘]))\s+"
)
_RELATIVE_STAMP = re.compile(
    r"^\s*\d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b\s*", re.IGNORECASE
)

# the dependency labels (spaCy's English scheme) a lead clause is cut by
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_ADJUNCTS = frozenset({"prep", "advcl", "advmod", "npadvmod", "tmod"})
_ASIDES = frozenset({"relcl", "acl"})  # with a comma before: a non-restrictive aside
_VERBS = frozenset({"VERB", "AUX"})
# what a headline may drop from its end when it is too long: a verb's adjuncts and second
# clauses, a noun's asides and phrases; not a noun's "of" complement ("the heart of the city"),
# an adverb ("eating away at") nor one item of a list
_VERB_ADJUNCTS = frozenset({"prep", "advcl", "npadvmod", "agent", "parataxis"})
_NOUN_ASIDES = frozenset({"acl", "relcl", "appos"})
_LIST_ITEM_WORDS = 4  # an item of a list ("Sarah Monpetite", "basic food assistance") is short
_OBJECTS = frozenset({"dobj", "attr", "acomp", "oprd", "ccomp", "xcomp", "dative"})
_BREAKS = frozenset({",", ";", ":"})


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
        title = next((s for s in segments if len(WORD.findall(s)) >= 3), segments[0])
    if is_date_line(title):
        return ""
    return title.strip(" -—–|·:").strip()


def _decoration(char: str) -> bool:
    """Emoji and other symbols, with their variation selectors and joiners."""
    return unicodedata.category(char) == "So" or "\ufe00" <= char <= "\ufe0f" or char == "\u200d"


def _is_foreign_label(line: str, body: str) -> bool:
    """A short line of words neither English nor used in the article: a section label left in
    the source language ("Alba Dorata Mondo")."""
    words = WORD.findall(line)
    if not words or len(words) > 4:
        return False
    uses = _word_counts(body)
    foreign = [w for w in words if not is_ordinary(w.lower()) and uses[w.lower()] <= 1]
    return len(foreign) * 2 >= len(words)


@lru_cache(maxsize=8)
def _word_counts(body: str) -> Counter[str]:
    """How often the article uses each word (lower case), counted once per article, not once per
    line asked about: a long article has thousands of short lines."""
    return Counter(WORD.findall(body.lower()))


def _repeated_tail(line: str, following: list[str]) -> str | None:
    """The headline `line` ends with when one of the next lines repeats it alone: what stands
    before it is a label ("News World")."""
    folded = _fold(line)
    for other in following:
        tail = _fold(other)
        if len(tail) >= 12 and folded != tail and folded.endswith(" " + tail):
            return other.strip()
    return None


def _without_site_tail(line: str, text: str) -> str:
    """`line` without a last segment after a dash that is a label in the source language or a
    name the article never uses: the site or the columnist ("... Romagna, – Ultima Ora")."""
    tail = _DASH_TAIL.search(line)
    if tail is None or not _is_foreign_label(tail["tail"], text):
        return line
    return line[: tail.start()].rstrip(" ,;:").strip()


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
        line = _without_site_tail(clean_headline(raw.strip().lstrip("#").strip()), text)
        if WORD.search(line):
            found.append((index, line))
    return found


def _is_paragraph(line: str) -> bool:
    """Too long for a headline, or a full sentence or two: a headline rarely ends in a full stop."""
    words = len(WORD.findall(line))
    ends = line.rstrip("”\"’')").endswith(".")
    return words > MAX_WORDS or (ends and (words >= 15 or len(split_sentences(line)) > 1))


def page_headline(text: str) -> str | None:
    """The page's own headline, cleaned, or None when its first text line is already the lead."""
    lines = text.split("\n")
    for index, line in _text_lines(text):
        if _is_paragraph(line):
            return None  # the text starts with a paragraph: the page has no headline
        if len(WORD.findall(line)) < 3:
            continue
        following = [other for other in lines[index + 1 : index + 4] if other.strip()]
        return _repeated_tail(line, following) or line
    return None


def drop_dateline(sentence: str) -> str:
    """`sentence` without the dateline an agency story opens with ("MARRAKESH, Morocco (AP) —")."""
    return _DATELINE.sub("", sentence, count=1)


def lead_headline(text: str) -> str:
    """The main clause of the lead sentence, as a headline states the news: its dateline, a
    fronted adjunct ("On Monday,", "According to the results,"), asides set off by commas and
    phrases that only say when left out, then the phrases at its end dropped, last first, until
    it is at most `LEAD_WORDS` words; never ending on a function word."""
    first = next((line for _, line in _text_lines(text) if _is_paragraph(line)), text)
    sentences = split_sentences(drop_dateline(first)) or [first]
    words = _main_clause(sentences[0]).split()
    if len(words) > 2 * LEAD_WORDS:  # a parse with no phrase to drop: cut where a phrase starts
        phrase_starts, _ = _words()
        words = words[: 2 * LEAD_WORDS]
        cut = max(
            (i for i in range(MIN_LEAD_WORDS, len(words)) if words[i].lower() in phrase_starts),
            default=len(words),
        )
        words = words[:cut]
    _, dangling = _words()
    while len(words) > MIN_LEAD_WORDS and words[-1].lower().strip(",;:") in dangling:
        words.pop()
    headline = " ".join(words).strip(" ,;:-—–")
    return headline[:1].upper() + headline[1:]


def _main_clause(sentence: str) -> str:
    """`sentence` cut to its main clause by its dependency parse (see `lead_headline`)."""
    doc = parse(sentence.rstrip(" ."), TAGS_AND_DEPENDENCIES)
    root = next(iter(doc.sents)).root
    kept = {token.i for token in root.subtree}

    def drop(token, commas: bool = False) -> None:
        kept.difference_update(t.i for t in token.subtree)
        if commas:  # the commas that set it off
            for edge in (token.left_edge.i - 1, token.right_edge.i + 1):
                if 0 <= edge < len(doc) and doc[edge].text == ",":
                    kept.discard(edge)

    subject = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    clause_start = subject.left_edge.i if subject is not None else root.i
    verbal = root.pos_ in _VERBS
    for token in list(doc):
        if token.i not in kept or token.i == root.i:
            continue
        set_off = token.right_edge.i + 1 < len(doc) and doc[token.right_edge.i + 1].text == ","
        if (
            token.head.i == root.i
            and token.i < clause_start
            and token.dep_ in _ADJUNCTS
            and set_off
        ):
            drop(token, commas=True)  # "On October 13, ...", "Filmed in Quebec, ..."
        elif _comma_before(token) and (token.dep_ == "appos" or verbal and token.dep_ in _ASIDES):
            drop(token, commas=True)  # "Lei Zhenglong, director of ..., said"
        elif token.dep_ in _ADJUNCTS and is_time_phrase(_text(doc, _indices(token))):
            drop(token)  # "on Saturday", "Thursday evening"
    while _count(doc, kept) > LEAD_WORDS:
        end = max(i for i in kept if not doc[i].is_punct)
        droppable = [
            token
            for token in doc
            if token.i in kept
            and _trailing(token)
            and token.left_edge.i > root.i
            and token.right_edge.i >= end  # a phrase at the end
            and _count(doc, kept - {t.i for t in token.subtree}) >= MIN_LEAD_WORDS
        ]
        if not droppable:
            break
        last = max(droppable, key=lambda token: (token.left_edge.i, len(list(token.subtree))))
        drop(last)
        before = last.left_edge.i - 1
        while last.dep_ == "conj" and before >= 0 and doc[before].dep_ in ("cc", "punct"):
            kept.discard(before)  # the "and" or comma before a second clause or item goes too
            before -= 1
    return _text(doc, [i for i in sorted(kept) if not _stray_punctuation(doc, kept, i)])


def _trailing(token) -> bool:
    """Whether a too long lead clause may drop `token`'s phrase from its end."""
    if token.tag_.startswith("W"):  # "when", "which": their clause stays whole
        return False
    if token.dep_ == "conj":  # a second clause, or a long second item that says more
        return token.pos_ in _VERBS or len(list(token.subtree)) > _LIST_ITEM_WORDS
    if _comma_before(token):  # an aside: "..., its fourth rise this year"
        return True
    if token.dep_ == "prep" and token.head.pos_ not in _VERBS:
        return token.lower_ != "of"
    if token.dep_ == "prep" and not any(c.dep_ in _OBJECTS for c in token.head.children):
        # a verb without an object keeps its first phrase: "searches for survivors"
        return any(c.dep_ == "prep" and token.head.i < c.i < token.i for c in token.head.children)
    if token.dep_ in _VERB_ADJUNCTS:
        return token.head.pos_ in _VERBS
    return token.dep_ in _NOUN_ASIDES


def _comma_before(token) -> bool:
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text == ","


def _stray_punctuation(doc, kept: set[int], index: int) -> bool:
    """A comma, colon or semicolon left at an edge, or next to another, once phrases are dropped."""
    if doc[index].text not in _BREAKS:
        return False
    before = [i for i in kept if i < index]
    after = [i for i in kept if i > index]
    return not before or not after or doc[max(before)].text in _BREAKS or doc[min(after)].is_punct


def _text(doc, indices: list[int]) -> str:
    """The tokens at `indices` as written, a space where a dropped token stood between two."""
    parts = []
    for position, index in enumerate(indices):
        previous = indices[position - 1] if position else None
        if previous is not None and index > previous + 1 and not doc[previous].whitespace_:
            parts.append(" ")
        parts.append(doc[index].text_with_ws)
    return "".join(parts).strip()


def _indices(token) -> list[int]:
    return [t.i for t in token.subtree]


def _count(doc, kept: set[int]) -> int:
    """Words of the kept tokens as written ("Al-Ahli" is one)."""
    return len(_text(doc, sorted(kept)).split())


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
