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

import re
from collections.abc import Iterator
from functools import cache

from summarize.repair.edits import EditLedger
from summarize.repair.leftovers import known_names
from summarize.repair.lexicon import demonyms, place_names, table, zipf
from summarize.sentences import sentence_spans

_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|n[’']t|\d+|[^\w\s]")
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ship", "age")
Finding = tuple[int, int, str, str, str | None]  # start, end, rule, reason, suggestion


@cache
def _english() -> dict:
    return table("english")


@cache
def _place_pattern() -> re.Pattern:
    names = sorted(known_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, names)) + r")(?![\w])")


def _words(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def pronoun_for_country(text: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """`Russia annexed Crimea. She is also ...`: "she" for a country, from a gendered language."""
    female = set(_english()["female_markers"])
    for (p_start, p_end), (start, end) in zip(spans, spans[1:], strict=False):
        first = re.match(r"(She|Her)\b", text[start:end])
        if first is None:
            continue
        previous = text[p_start:p_end]
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


def dislocated_subject(text: str) -> Iterator[Finding]:
    """`Meetings with NATO and the OSCE They should`: a subject repeated as a pronoun."""
    pronouns = "|".join(_english()["subject_pronouns"])
    pattern = re.compile(rf"(?<![\w’'])([\w’'-]+)[ ]+({pronouns})[ ]+([a-z][\w’'-]*)")
    for match in pattern.finditer(text):
        yield (
            match.start(),
            match.end(),
            "grammar.dislocated_subject",
            f"'{match.group(2)}' mid-sentence repeats the subject before it: a dislocated subject "
            "from the source language, or two sentences run together",
            f"{match.group(1)} {match.group(3)}",
        )


def double_negation(text: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """`Nothing about our allies will not be negotiated`: negative concord, read as a positive."""
    english = _english()
    quantifiers = set(english["negative_quantifiers"]) - {"no"}
    negators = set(english["clause_negators"])
    breaks = set(english["clause_breaks"]) | {p.lower() for p in english["subject_pronouns"]}
    breaks |= {"i", "you", ",", ";", ":", "(", ")", "—", "–"}
    for start, end in spans:
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
    pattern = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+) ([A-Z][a-z]+)\b")
    names = known_names()
    for match in pattern.finditer(text):
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
            match.start(),
            match.end(),
            "grammar.word_order",
            f"'{noun} {nationality}': a common noun capitalised and followed by a nationality, "
            "in the source language's noun-adjective order",
            f"{adjective} {noun.lower()}",
        )


def postposed_adjectives(text: str) -> Iterator[Finding]:
    """`measures last week military and technical`: adjectives left after a time expression."""
    english = _english()
    times = "|".join(map(re.escape, sorted(english["time_expressions"], key=len, reverse=True)))
    suffixes = tuple(english["adjective_suffixes"])
    pattern = re.compile(
        rf"([\w’'-]+)[ ]+((?i:{times}))[ ]+([a-z]+)(?:,?[ ]+(?:and|or)[ ]+|,[ ]+)([a-z]+)(?=[ ]+([a-z]+)|\s*[.,;:!?]|\s*$)"
    )
    stop = set(english["clause_breaks"]) | {"to", "in", "on", "at", "for", "with", "by", "of"}
    for match in pattern.finditer(text):
        first, second, after = match.group(3), match.group(4), match.group(5)
        if not all(w.endswith(suffixes) and zipf(w) >= 3.0 for w in (first, second)):
            continue
        if after is not None and after not in stop:
            continue  # the adjectives lead on to a noun of their own
        yield (
            match.start(),
            match.end(),
            "grammar.postposed_adjectives",
            f"'{first}' and '{second}' follow the time expression '{match.group(2)}', away from "
            f"their noun '{match.group(1)}': the source language's word order",
            f"{first} and {second} {match.group(1)} {match.group(2)}",
        )


def fragments(text: str, spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """`just one day.`, `borders. Russian.`: a verbless scrap of one to three words."""
    english = _english()
    verbs = set(english["verbs"]) | {p.lower() for p in english["subject_pronouns"]}
    verbs |= {"i", "you"}
    interjections = set(english["interjections"])
    if len(spans) < 3:
        return  # a text of one or two sentences is a caption or a quote: nothing dangles
    for start, end in spans:
        sentence = text[start:end]
        if not sentence.endswith("."):
            continue
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
    nouns = "|".join(_english()["membership_nouns"])
    places = "|".join(map(re.escape, sorted(place_names(), key=len, reverse=True)))
    pattern = re.compile(
        rf"\b(?:which|who|that)\s+(?:is|are|was|were)\s+(?:also\s+)?(?:an?\s+)?(?:{nouns})\s+of\s+"
        rf"((?:the\s+)?(?:{places}))(?=\s*[,.;:)]|\s*$|\s+(?:and|or|as|since|for|in|on|at)\b)"
    )
    for match in pattern.finditer(text):
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
    spans = sentence_spans(text)
    findings = [
        *pronoun_for_country(text, spans),
        *dislocated_subject(text),
        *double_negation(text, spans),
        *noun_adjective_order(text),
        *postposed_adjectives(text),
        *fragments(text, spans),
        *member_of_country(text),
    ]
    for start, end, rule, reason, suggestion in findings:
        ledger.flag(start, end, rule, reason, suggestion)
