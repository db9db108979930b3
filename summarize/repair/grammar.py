"""Source-language grammar carried into the English: findings the reader must judge (flags).

Each detector is a pattern of English that the source language's grammar produces and English
grammar does not, not a list of phrases:
- a pronoun "She"/"Her" whose antecedent is a country (grammatical gender of French, Spanish, ...);
- a subject pronoun mid-sentence right after a noun phrase: a dislocated subject (`Europe They`);
- a negative quantifier and "not" in one clause: negative concord (`Nothing ... will not`);
- a capitalised common noun followed by a nationality word: noun-adjective order;
- coordinated adjectives after a time expression, away from their noun (`measures last week
  military and technical`);
- a one-to-three-word sentence with no verb: a dangling fragment (`just one day.`);
- "a member of <country>": membership inverted (a state has no members).
None is fixed automatically: the right English depends on meaning.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

from summarize.repair.edits import EditLedger
from summarize.repair.lexicon import (
    abbreviations,
    demonyms,
    is_ordinary,
    known_names,
    phrase_pattern,
    place_names,
    table,
    zipf,
)
from summarize.repair.syntax import parsed_findings
from summarize.sentences import sentence_spans

_PARAGRAPH = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|n[’']t|\d+|[^\w\s]")
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ship", "age")
Finding = tuple[int, int, str, str, str | None]  # start, end, rule, reason, suggestion


class Sentences:
    """Sentence spans of a text, split with nltk only in the paragraphs a detector asks about:
    most paragraphs hold nothing any detector looks at, and sentence splitting is the slow part."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._paragraphs = [m.span() for m in _PARAGRAPH.finditer(text)]
        self._starts = [start for start, _ in self._paragraphs]
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def _in_paragraph(self, index: int) -> list[tuple[int, int]]:
        if index not in self._spans:
            start, end = self._paragraphs[index]
            self._spans[index] = [
                (start + a, start + b) for a, b in sentence_spans(self.text[start:end])
            ]
        return self._spans[index]

    def _locate(self, position: int) -> tuple[int, int] | None:
        """(paragraph index, sentence index) of the sentence holding `position`."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0 or position >= self._paragraphs[index][1]:
            return None
        spans = self._in_paragraph(index)
        for number, (start, end) in enumerate(spans):
            if start <= position < end:
                return index, number
        return None

    def containing(self, position: int) -> tuple[int, int] | None:
        found = self._locate(position)
        return None if found is None else self._spans[found[0]][found[1]]

    def before(self, position: int) -> tuple[int, int] | None:
        """The sentence before the one holding `position`, in this paragraph or the last one."""
        found = self._locate(position)
        if found is None:
            return None
        index, number = found
        if number > 0:
            return self._spans[index][number - 1]
        previous = self._in_paragraph(index - 1) if index > 0 else []
        return previous[-1] if previous else None


@cache
def _english() -> dict:
    return table("english")


@cache
def _place_pattern() -> re.Pattern:
    names = sorted(known_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, names)) + r")(?![\w])")


def _words(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def pronoun_for_country(text: str, sentences: Sentences) -> Iterator[Finding]:
    """`Russia annexed Crimea. She is also ...`: "she" for a country, from a gendered language."""
    female = set(_english()["female_markers"])
    for first in _SHE.finditer(text):
        sentence = sentences.containing(first.start())
        if sentence is None or sentence[0] != first.start():
            continue  # only a sentence's subject
        start, end = sentence
        before = sentences.before(first.start())
        if before is None:
            continue
        previous = text[before[0] : before[1]]
        places = [m.group() for m in _place_pattern().finditer(previous)]
        if not places or any(w.group().lower() in female for w in _words(previous)):
            continue
        yield (
            start,
            end,
            "grammar.pronoun_gender",
            f"'{first.group(1)}' refers to a country ({', '.join(dict.fromkeys(places))}): the "
            "grammatical gender of the source language; English uses 'it' or the name",
            "It" if first.group(1) == "She" else "Its",
        )


@cache
def _patterns() -> dict[str, re.Pattern]:
    english = _english()
    pronouns = "|".join(english["subject_pronouns"])
    times = phrase_pattern(english["time_expressions"], separator=" ")
    negatives = sorted(set(english["negative_quantifiers"]) - {"no"})
    quantifiers = "|".join(re.escape(w) for n in negatives for w in (n, n.capitalize()))
    nouns = "|".join(english["membership_nouns"])
    places = "|".join(map(re.escape, sorted(place_names(), key=len, reverse=True)))
    return {
        "pronoun": re.compile(rf"({pronouns})[ ]+([a-z][\w’'-]*)"),
        # mid-sentence, so lowercase but for day names (the data has "on Monday")
        "time": re.compile(
            rf"({times})[ ]+([a-z]+)(?:,?[ ]+(?:and|or)[ ]+|,[ ]+)([a-z]+)"
            r"(?=[ ]+([a-z]+)|\s*[.,;:!?]|\s*$)"
        ),
        "negative": re.compile(rf"(?:{quantifiers})\b"),
        "member": re.compile(
            rf"(?:which|who|that)\s+(?:is|are|was|were)\s+(?:also\s+)?(?:an?\s+)?(?:{nouns})\s+"
            rf"of\s+((?:the\s+)?(?:{places}))"
            r"(?=\s*[,.;:)]|\s*$|\s+(?:and|or|as|since|for|in|on|at)\b)"
        ),
    }


_WORD_BEFORE = re.compile(r"[\w’'-]+$")
_SHE = re.compile(r"(She|Her)\b")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s|$)")
# a sentence stop or line start, then at most 40 characters to a full stop ending a sentence
_SHORT_SENTENCE = re.compile(r"(?:[.!?](?=\s)|\n)(?=([^.!?\n]{1,40}?)\.(?:\s|$))")
_NOUN_NATIONALITY = re.compile(r"[a-z,] ([A-Z][a-z]+) ([A-Z][a-z]+)\b")


def dislocated_subject(text: str) -> Iterator[Finding]:
    """`Meetings with NATO and the OSCE They should`: a subject repeated as a pronoun."""
    for match in _patterns()["pronoun"].finditer(text):
        if match.start() < 2 or text[match.start() - 1] != " ":
            continue
        before = _WORD_BEFORE.search(text, max(0, match.start() - 60), match.start() - 1)
        if before is None or not any(ch.isalpha() for ch in before.group()):
            continue  # after a dash or a number the pronoun opens a new clause
        yield (
            before.start(),
            match.end(),
            "grammar.dislocated_subject",
            f"'{match.group(1)}' mid-sentence repeats the subject before it: a dislocated subject "
            "from the source language, or two sentences run together",
            f"{before.group()} {match.group(2)}",
        )


def double_negation(text: str, sentences: Sentences) -> Iterator[Finding]:
    """`Nothing about our allies will not be negotiated`: negative concord, read as a positive."""
    english = _english()
    quantifiers = set(english["negative_quantifiers"]) - {"no"}  # "no reason not to" is fine
    negators = set(english["clause_negators"])
    breaks = set(english["clause_breaks"]) | {p.lower() for p in english["subject_pronouns"]}
    breaks |= {"i", "you", ",", ";", ":", "(", ")", "—", "–"}
    seen: set[tuple[int, int]] = set()
    for hit in _patterns()["negative"].finditer(text):
        if hit.start() > 0 and text[hit.start() - 1].isalnum():
            continue
        sentence = sentences.containing(hit.start())
        if sentence is None or sentence in seen:
            continue
        seen.add(sentence)
        start, end = sentence
        tokens = _words(text[start:end])
        lowered = [t.group().lower().replace("’", "'") for t in tokens]
        for i, word in enumerate(lowered):
            two = f"{word} {lowered[i + 1]}" if i + 1 < len(lowered) else ""
            if word not in quantifiers and two != "no one":
                continue
            for j in range(i + 1, len(lowered)):
                if lowered[j] in breaks:
                    break
                if lowered[j] in negators and lowered[j] != word:
                    stop = tokens[min(j + 1, len(tokens) - 1)].end()
                    yield (
                        start + tokens[i].start(),
                        start + stop,
                        "grammar.double_negation",
                        f"'{tokens[i].group()}' and '{tokens[j].group()}' in one clause: negative "
                        "concord of the source language; in English the two cancel out",
                        f"drop '{tokens[j].group()}'",
                    )
                    break


def noun_adjective_order(text: str) -> Iterator[Finding]:
    """`the target of Provocation Westerners`: noun then nationality, the source's word order."""
    names = known_names()
    for match in _NOUN_NATIONALITY.finditer(text):
        noun, nationality = match.groups()
        if (
            nationality not in demonyms()
            or noun in names
            or noun in demonyms()
            or not noun.lower().endswith(_NOUN_SUFFIXES)
            or zipf(noun.lower()) < 2.5
        ):
            continue
        adjective = nationality.removesuffix("s").removesuffix("er")
        yield (
            match.start(1),
            match.end(),
            "grammar.word_order",
            f"'{noun} {nationality}': a common noun capitalised and followed by a nationality, "
            "in the source language's noun-adjective order",
            f"{adjective} {noun.lower()}",
        )


def postposed_adjectives(text: str) -> Iterator[Finding]:
    """`measures last week military and technical`: adjectives left after a time expression."""
    english = _english()
    suffixes = tuple(english["adjective_suffixes"])
    stop = set(english["clause_breaks"]) | {"to", "in", "on", "at", "for", "with", "by", "of"}
    for match in _patterns()["time"].finditer(text):
        if (
            match.start() < 2
            or text[match.start() - 1] != " "
            or not _WORD_BEFORE.search(text, max(0, match.start() - 61), match.start() - 1)
        ):
            continue  # a time expression that opens the sentence has no noun before it
        first, second, after = match.group(2), match.group(3), match.group(4)
        if not all(w.endswith(suffixes) and is_ordinary(w) for w in (first, second)):
            continue
        if after is not None and after not in stop:
            continue  # the adjectives lead on to a noun of their own
        noun = _WORD_BEFORE.search(text, max(0, match.start() - 61), match.start() - 1)
        yield (
            noun.start(),
            match.end(),
            "grammar.postposed_adjectives",
            f"'{first}' and '{second}' follow the time expression '{match.group(1)}', away from "
            f"their noun '{noun.group()}': the source language's word order",
            f"{first} and {second} {noun.group()} {match.group(1)}",
        )


def fragments(text: str) -> Iterator[Finding]:
    """`just one day.`, `borders. Russian.`: a verbless scrap of one to three words.

    Sentence bounds come from the stops themselves (a line start, or a stop followed by a space
    that ends no abbreviation), which for scraps this short is what Punkt would decide. A text's
    first sentence is its headline or lead, never a fragment."""
    english = _english()
    verbs = set(english["verbs"]) | {p.lower() for p in english["subject_pronouns"]}
    verbs |= {"i", "you"}
    interjections = set(english["interjections"])
    enough_sentences: bool | None = None
    for candidate in _SHORT_SENTENCE.finditer(text):
        boundary, stop = candidate.start(), candidate.end(1)
        if len(text[boundary + 1 : stop].split()) > 3:
            continue
        if text[boundary] != "\n":
            before = _WORD_BEFORE.search(text, max(0, boundary - 30), boundary)
            if (
                before is None
                or len(before.group()) == 1
                or (before.group().lower() in abbreviations())
            ):
                continue  # "Mr. Riabkov.": the earlier stop is an abbreviation's
        last = _WORD_BEFORE.search(text, max(0, stop - 30), stop)
        if last is None or len(last.group()) == 1 or last.group().lower() in abbreviations():
            continue  # "Marx K.": an initial's or an abbreviation's stop, not a sentence end
        if enough_sentences is None:
            enough_sentences = len(_SENTENCE_STOP.findall(text)) >= 3
        if not enough_sentences:
            return  # a text of one or two sentences is a caption or a quote: nothing dangles
        start = boundary + 1
        while text[start].isspace():
            start += 1
        end = stop + 1
        sentence = text[start:end]
        words = [w.group() for w in _words(sentence) if w.group()[0].isalpha()]
        if not 1 <= len(words) <= 3 or (len(words) == 1 and len(words[0]) <= 3):
            continue  # one short word is an abbreviation or a list label
        lowered = [w.lower() for w in words]
        if " ".join(lowered) in interjections or any(
            w in verbs or w.endswith("ed") for w in lowered
        ):
            continue
        if re.fullmatch(r"(?:[A-Za-z]\.)+", sentence) or sentence[:-1].lower() in interjections:
            continue
        yield (
            start,
            end,
            "grammar.fragment",
            "a sentence of a few words with no verb: a fragment cut loose from the sentence it "
            "belongs to",
            None,
        )


def member_of_country(text: str) -> Iterator[Finding]:
    """`the OSCE, which is also a member of the United States`: membership inverted."""
    for match in _patterns()["member"].finditer(text):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        yield (
            match.start(),
            match.end(),
            "grammar.inverted_membership",
            f"'{match.group(1)}' is a country and has no members: the translation likely "
            "inverted who is a member of what",
            f"of which {match.group(1)} is also a member",
        )


def flag_grammar(ledger: EditLedger) -> None:
    """Flag every finding of every detector on the text as repaired so far."""
    text = ledger.current
    sentences = Sentences(text)
    findings = [
        *pronoun_for_country(text, sentences),
        *dislocated_subject(text),
        *double_negation(text, sentences),
        *noun_adjective_order(text),
        *postposed_adjectives(text),
        *fragments(text),
        *member_of_country(text),
        *parsed_findings(text),
    ]
    seen: set[tuple[int, int, str]] = set()
    for start, end, rule, reason, suggestion in findings:
        if (start, end, rule) not in seen:  # two detectors may find one error: flag it once
            seen.add((start, end, rule))
            ledger.flag(start, end, rule, reason, suggestion)
