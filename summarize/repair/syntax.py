"""Grammar of the source language carried into the English, read from spaCy parses and patterns.

Each detector finds a kind of error, not a phrase: a cheap pattern picks the few sentences worth
parsing, and spaCy's tags and dependencies (`summarize.nlp`; the sentences every detector asks for
are parsed first, in one batch, and cached) decide. All findings are flags with a suggestion where
one follows from the grammar:
- a verb that needs an object left without one (`investigated and arrested.`);
- a reflexive of the other gender than its subject (`she had the chance to explain himself`);
- "He"/"She" for an institution, the grammatical gender of the source (`The ministry ... She`);
- a sentence with no subject (`Then damaged another car`: a pro-drop language);
- a reporting verb before its subject (`, recalls the Journal du Net.`);
- a word or noun repeated (`visit visit`, `the responsibility and responsibility`);
- a modal with "to" (`it will to bring`), a noun in apposition (`the small town Spenge`,
  `reached village Muller`), a passive with its subject after it (`, were found 27 bullets`),
  "my country" in the narration (Chinese `我国`), a conditional with no main clause;
- calques of idiom from the data (`several ten thousand`, `used the phrases`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from functools import cache

from summarize.errors import ModelError
from summarize.nlp import (
    ENTITIES,
    TAGS_AND_DEPENDENCIES,
    ParseCache,
    with_coarse_pos,
    with_tags,
)
from summarize.repair.anchored import AnchoredPattern
from summarize.repair.lexicon import is_ordinary, place_names, stopwords, table, zipf
from summarize.sentences import sentence_spans

Finding = tuple[int, int, str, str, str | None]  # start, end, rule, reason, suggestion
_QUOTES = re.compile(r"[“\"«][^“”\"«»]*[”\"»]")


@cache
def _data() -> dict:
    return table("grammar")


def _words(name: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_data()[name], key=len, reverse=True))


class _Sentences:
    """Sentence spans, split with nltk only in the paragraphs a detector asks about."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, list[tuple[int, int]]] = {}

    def around(self, position: int) -> tuple[int, int, list[tuple[int, int]], int]:
        """(paragraph start, end, its sentence spans, index of the one holding `position`)."""
        start = self.text.rfind("\n", 0, position) + 1
        end = self.text.find("\n", position)
        end = len(self.text) if end < 0 else end
        if start not in self._cache:
            self._cache[start] = [
                (start + a, start + b) for a, b in sentence_spans(self.text[start:end])
            ]
        spans = self._cache[start]
        index = next((i for i, (a, b) in enumerate(spans) if a <= position < b), -1)
        return start, end, spans, index

    def containing(self, position: int) -> tuple[int, int] | None:
        _, _, spans, index = self.around(position)
        return spans[index] if index >= 0 else None


def _quoted(text: str, position: int) -> bool:
    """Whether `position` is inside a quotation on its line (speech keeps its own grammar)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : len(text) if end < 0 else end]
    return any(m.start() < position - start < m.end() for m in _QUOTES.finditer(line))


# zero-width tests that open several triggers (an `AnchoredPattern`'s anchor, or a plain pattern's)
_SENTENCE_START = r"(?:(?<=^)|(?<=\n)|(?<=[.!?] ))"
_LINE_START = r"(?:(?<=^)|(?<=\n))"


@cache
def _triggers() -> dict[str, re.Pattern | AnchoredPattern]:
    return {
        "object": re.compile(rf"\b({_words('object_verbs')})(?=\s*(?:[.!?;]|by\b|and\b))"),
        "reflexive": AnchoredPattern(r"\b", r"(himself|herself)\b"),
        "pronoun": AnchoredPattern(_SENTENCE_START, r"(She|He) (?=[a-z])"),
        "subjectless": AnchoredPattern(
            r"(?:(?<=[.!?] )|(?<=[.!?]” )|(?<=– )|(?<=[“\"])|(?<=^)|(?<=\n))",
            rf"(?:{_words('sequence_adverbs')}),? ([a-z]+ed) (?=\w)",
        ),
        "inverted": re.compile(
            rf"(?:[,–—]|[”\"»])\s*(?:thus\s+|then\s+|also\s+)?({_words('inverted_reporting_verbs')})"
            r"\s+((?:the\s+)?(?:[A-Z][\w’'-]*|[a-z]+)"
            r"(?:\s+(?:of\s+(?:the\s+)?|and\s+|(?:du|de|la|le|des|del|der|di)\s+)?[A-Z][\w’'-]*)*)"
            r"(?=\s*[.;]|\s*$)"
        ),
        "repeated": re.compile(r"\b([A-Za-z]{3,})\s+\1\b", re.IGNORECASE),
        "coordinated": AnchoredPattern(
            r"\b", r"(?:the|a|an|its|their|his|her|our)\s+([a-z]{4,})\s+and\s+\1\b"
        ),
        "modal_to": AnchoredPattern(
            r"\b",
            r"(?:it|he|she|they|we|you|I|which|who|that)\s+"
            r"(will|would|can|could|should|must|may|might)\s+to\s+([a-z]+)\b",
        ),
        "apposition": re.compile(
            rf"\b(?:(the)\s+(?:small\s+|little\s+|nearby\s+|neighbouring\s+|neighboring\s+)?"
            rf"|(?<=reached )|(?<=visited )|(?<=in )|(?<=at )|(?<=to )|(?<=near ))"
            rf"({_words('apposition_nouns')})\s+([A-Z][a-zà-ÿ]+)\b(?![\w’'-])"
        ),
        "inverted_passive": re.compile(
            r",\s+(?:was|were|has been|have been)\s+(found|seized|arrested|reported|recorded|"
            r"discovered|registered|detected|killed|injured|confiscated|identified)\s+"
            r"(\d+|several|many|some|two|three|four|five|six|seven|eight|nine|ten)\s+[a-z]+"
        ),
        "my_country": re.compile(r"\b(?:[Mm]y|[Oo]ur) country\b"),
        "conditional": re.compile(
            r"(?:(?<=^)|(?<=\n)|(?<=[.!?] )|(?<=[“\"] ))[“\"]?If [^,.;:!?\n“”\"]{3,60}\.(?=\s|$)"
        ),
        "and_opening": AnchoredPattern(_LINE_START, r"And (?:the |[A-Z])"),
        "postnominal": re.compile(
            rf"\b[A-Za-z]{{3,}}\s+([a-z]{{3,}}(?:{_words('relational_suffixes')}))"
            r"(?=\s*[,.;:)]|\s+(?:of|in|for|and|who|which|that|to|at|on|with|from)\b)"
        ),
        "complement_first": AnchoredPattern(
            r"\b",
            rf"(?:{_words('naming_verbs')})\s+[“\"][^”\"\n]{{2,60}}[”\"]\s+"
            rf"(?!(?:{_words('after_quote_words')})\b)([A-Za-z][\w-]*)",
        ),
        "title_chain": AnchoredPattern(
            r"\b",
            rf"the\s+(?:[a-z]+\s+)?(?:{_words('person_nouns')})"
            r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+|and\s+)?(?:the\s+)?[A-Z][\w-]*)*)+"
            r"\s+([A-Z][a-z]+\s+[A-Z][a-z]+)\b",
        ),
        "declared_not_to": re.compile(rf"\b(?:{_words('declarative_verbs')})\s+not\s+to\s+[a-z]+"),
        "fronted_object": re.compile(
            _SENTENCE_START + r"[A-Z][a-z]+[^,.;:!?\n“”\"]{5,100}, "
            rf"(?:the |their |its |some |many )?([a-z]+) ([a-z]+ed|{_words('irregular_past')})\b"
        ),
        "participle_opening": re.compile(_SENTENCE_START + r"([A-Z][a-z]+ed) by\b"),
        "verbless_that": AnchoredPattern(r"\b", r"(?:that|why)\s+(?=[^,.;:!?\n]{8,120}[,.;:!?])"),
    }


@cache
def _docs(entities: bool) -> ParseCache:
    if entities:
        return ParseCache(ENTITIES, lambda doc: doc)
    return ParseCache(TAGS_AND_DEPENDENCIES, with_tags)


def _parsed(sentence: str, entities: bool = False):
    """The spaCy doc of one sentence (tags and dependencies, and named entities if asked; coarse
    POS only once `with_coarse_pos` adds them), or None without the model (the detector then
    stays quiet). `parsed_findings` has parsed them all already, in one batch."""
    try:
        return _docs(entities)[sentence]
    except ModelError:
        return None


Candidate = tuple[re.Match, tuple[int, int]]  # a trigger's match, the sentence span to parse
PronounCandidate = tuple[re.Match, tuple[int, int], int]  # and the end of the match's sentence


def _in_sentence(
    trigger: str, text: str, sentences: _Sentences, group: int = 0
) -> Iterator[Candidate]:
    """Each match of `trigger` with the sentence holding the start of its `group`."""
    for match in _triggers()[trigger].finditer(text):
        span = sentences.containing(match.start(group))
        if span is not None:
            yield match, span


def _object_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    return _in_sentence("object", text, sentences)


def missing_object(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`investigated the situation and arrested.`: a verb that needs an object, with none."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        offset = match.start() - span[0]
        token = next((t for t in with_coarse_pos(doc) if t.idx == offset), None)
        if token is None or token.pos_ != "VERB":
            continue
        # a clause before the verb is not its object (`X has closed …, Y have surprised by`)
        deps = {c.dep_ for c in token.children if c.i > token.i or c.dep_ not in ("ccomp", "xcomp")}
        if deps & {"dobj", "obj", "ccomp", "xcomp", "attr", "dative", "auxpass", "nsubjpass"}:
            continue
        if any(
            c.lower_ in ("been", "be", "being", "is", "are", "was", "were", "get", "got")
            for c in token.children
            if c.dep_ in ("aux", "auxpass")
        ):
            continue  # passive: "he was arrested."
        if (
            token.tag_ == "VBN"
            and not any(c.dep_ == "aux" for c in token.children)
            and not (token.dep_ == "conj" and token.head.tag_ == "VBD")
        ):
            continue  # a participle: "those arrested."; not "investigated and arrested."
        yield (
            match.start(),
            match.end(),
            "grammar.missing_object",
            f"'{match.group()}' needs an object in English and has none here: the source "
            "language leaves out what English must say (a pronoun, 'him', 'them')",
            None,
        )


_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}


def _reflexive_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    return _in_sentence("reflexive", text, sentences)


def reflexive_gender(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`she had the opportunity to explain himself`: a reflexive of the other gender."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        token = next((t for t in doc if t.idx == match.start() - span[0]), None)
        if token is None:
            continue
        subject = None
        for head in [token.head, *token.head.ancestors]:
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                subject = subjects[0]
                break
        if subject is None or subject.lower_ not in _GENDER:
            continue
        if _GENDER[subject.lower_] != _GENDER[token.lower_]:
            right = "herself" if token.lower_ == "himself" else "himself"
            yield (
                match.start(),
                match.end(),
                "grammar.pronoun_gender",
                f"'{token.text}' refers back to '{subject.text}': the gender of the source "
                "language's pronoun, lost or mistaken in translation",
                right,
            )


@cache
def _institution_words() -> tuple[re.Pattern, re.Pattern]:
    """Anywhere in a sentence, the words `_institution` accepts: a one-token place name as
    written, and an institution noun in any case."""
    places = sorted((name for name in place_names() if " " not in name), key=len, reverse=True)
    nouns = sorted(_data()["institution_nouns"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, places))), re.compile("|".join(map(re.escape, nouns)))


def _pronoun_candidates(text: str, sentences: _Sentences) -> Iterator[PronounCandidate]:
    """A sentence opened by the pronoun: the sentence before it (which is parsed), and its end.
    The sentence before must hold a word of an institution, or no subject of it can be one."""
    places, nouns = _institution_words()
    for match in _triggers()["pronoun"].finditer(text):
        _, _, spans, index = sentences.around(match.start())
        if index < 1 or spans[index][0] != match.start():
            continue
        before = text[spans[index - 1][0] : spans[index - 1][1]]
        if places.search(before) or nouns.search(before.lower()):
            yield match, spans[index - 1], spans[index][1]


def pronoun_for_institution(text: str, candidates: Iterable[PronounCandidate]) -> Iterator[Finding]:
    """`The ministry said ... She pointed out`: "she" or "he" for an institution."""
    institutions = set(_data()["institution_nouns"])
    people = set(_data()["person_nouns"])
    for match, before_span, end in candidates:
        before = text[before_span[0] : before_span[1]]
        doc = _parsed(before, entities=True)
        if doc is None:
            return
        subjects = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass")]
        if any(t.ent_type_ == "PERSON" or t.lower_ in people for t in subjects):
            continue  # a person it may well refer to
        roots = [t for t in doc if t.dep_ == "ROOT"]
        main = [c for root in roots for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        subject = next((t for t in main if _institution(t, institutions)), None)
        if subject is None:
            continue
        yield (
            match.start(),
            end,
            "grammar.pronoun_gender",
            f"'{match.group(1)}' refers to '{subject.text}', an institution: the grammatical "
            "gender of the source language; English uses 'it' or the name",
            "It",
        )


def _institution(token, institutions: set[str]) -> bool:
    """A common noun of an institution (`the ministry`), a country, or an organisation's name
    that says it is one (`the Ministry of Health`), never a bare name the model may misread."""
    if token.ent_type_ == "GPE":
        return token.text in place_names()
    if token.ent_type_ == "ORG":
        entity = next(e for e in token.doc.ents if e.start <= token.i < e.end)
        return any(word.lower() in institutions for word in entity.text.split())
    return token.lower_ in institutions and any(c.lower_ == "the" for c in token.children)


def _subjectless_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    return _in_sentence("subjectless", text, sentences)


def subjectless(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`Then damaged another car`: a finite verb with no subject (a pro-drop source)."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        token = next((t for t in doc if t.idx == match.start(1) - span[0]), None)
        if token is None or token.tag_ not in ("VBD", "VBN") or token.dep_ not in ("ROOT", "ccomp"):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children):
            continue
        yield (
            match.start(),
            match.end(1),
            "grammar.missing_subject",
            f"'{token.text}' has no subject: the source language drops the pronoun English "
            "needs ('he', 'she', 'they')",
            None,
        )


def inverted_reporting(text: str) -> Iterator[Finding]:
    """`…, recalls the Journal du Net.`: the verb of speech before its subject, French style."""
    for match in _triggers()["inverted"].finditer(text):
        verb, subject = match.groups()
        if subject.split()[0].lower() in ("it", "he", "she", "they", "we", "i", "you", "that"):
            continue
        yield (
            match.start(1),
            match.end(2),
            "grammar.word_order",
            f"'{verb}' comes before its subject '{subject}', the source language's order after "
            "a quotation; English puts the subject first",
            f"{subject[0].upper()}{subject[1:]} {verb}"
            if subject[0].islower()
            else f"{subject} {verb}",
        )


def repeated_words(text: str) -> Iterator[Finding]:
    """`visit visit`, `the responsibility and responsibility of`: a word said twice."""
    repeatable = set(_data()["repeatable_words"]) | set(_data()["reduplications"])
    for match in _triggers()["repeated"].finditer(text):
        word = match.group(1)
        if not word.islower() or word in repeatable or len(set(match.group().split())) > 1:
            continue  # "Yang Yang" is a name
        yield (
            match.start(),
            match.end(),
            "grammar.repeated_word",
            f"'{word}' twice in a row: a word the translation doubled",
            word,
        )
    for match in _triggers()["coordinated"].finditer(text):
        word = match.group(1)
        if word in repeatable or word.endswith("er") or not is_ordinary(word):
            continue
        yield (
            match.start(1),
            match.end(),
            "grammar.repeated_word",
            f"'{word} and {word}': two source words that translate the same, joined as one pair",
            word,
        )


def modal_to(text: str) -> Iterator[Finding]:
    """`it will to bring these facts`: a modal verb with 'to' before the infinitive."""
    for match in _triggers()["modal_to"].finditer(text):
        modal, verb = match.groups()
        if not is_ordinary(verb):
            continue
        yield (
            match.start(1),
            match.end(),
            "grammar.modal_to",
            f"'{modal} to {verb}': an English modal takes the bare infinitive",
            f"{modal} {verb}",
        )


def apposition(text: str) -> Iterator[Finding]:
    """`In the small town Spenge`, `reached village Muller`: the source's apposition order."""
    for match in _triggers()["apposition"].finditer(text):
        the, noun, name = match.groups()
        if zipf(name.lower()) >= 4.5 or name in place_names() and noun in ("city", "state"):
            continue  # "the city Council", "the state Department"
        after = text[match.end() : match.end() + 2]
        if after[:1] == "-" or re.match(r" [A-Z]", after):
            continue  # "the city Hall Street": more name follows
        if the is None and not re.match(r"\w", text[match.start() - 1 : match.start()] or " "):
            pass
        suggestion = f"the {noun} of {name}" if the else f"{name} {noun}"
        yield (
            match.start(),
            match.end(),
            "grammar.apposition",
            f"'{match.group()}': a name set after its noun, the source language's order; "
            f"English says '{suggestion}'",
            suggestion,
        )


def inverted_passive(text: str) -> Iterator[Finding]:
    """`in a building, were found 27 bullets`: a passive with its subject after the verb."""
    for match in _triggers()["inverted_passive"].finditer(text):
        yield (
            match.start() + 1,
            match.end(),
            "grammar.word_order",
            "a passive verb before its subject, the source language's order; English puts the "
            "subject first ('27 bullets were found')",
            None,
        )


def my_country(text: str) -> Iterator[Finding]:
    """`my country has continued to face`: the Chinese press's 我国 in the narration."""
    countries = [m for m in re.finditer(r"\b(?:China|Chinese)\b", text)]
    for match in _triggers()["my_country"].finditer(text):
        if _quoted(text, match.start()):
            continue  # in a quotation the speaker's own country
        suggestion = "China" if countries else None
        yield (
            match.start(),
            match.end(),
            "grammar.my_country",
            "'my country' in the narration, not in a quotation: the source press's word for "
            "its own country (Chinese 我国); English names the country",
            suggestion,
        )


def conditional_fragment(text: str) -> Iterator[Finding]:
    """`"If there is clean water assistance.`: a condition with no main clause."""
    for match in _triggers()["conditional"].finditer(text):
        if len(match.group().split()) < 4:
            continue  # "If so.", "If not."
        yield (
            match.start(),
            match.end(),
            "grammar.fragment",
            "an 'if' clause with no main clause: the source language's wish or condition "
            "('We hope there will be ...') cut loose",
            None,
        )


def and_opening(text: str) -> Iterator[Finding]:
    """`And the Ministry of Health stated`: a paragraph opened with "And" (Arabic wa-)."""
    for match in _triggers()["and_opening"].finditer(text):
        yield (
            match.start(),
            match.start() + 3,
            "grammar.conjunction",
            "a paragraph opened with 'And': the source language's connective (Arabic 'wa-'), "
            "which English leaves out",
            "",
        )


def _calque_pattern(pattern: str) -> re.Pattern | AnchoredPattern:
    """A calque's pattern; one that opens with `\\b` and a word is searched from the word."""
    if pattern.startswith(r"\b") and pattern[2:3].isalpha():
        return AnchoredPattern(r"\b", pattern[2:])
    return re.compile(pattern)


@cache
def _calques() -> list[tuple[re.Pattern | AnchoredPattern, dict]]:
    return [(_calque_pattern(entry["pattern"]), entry) for entry in _data()["calques"]]


def calques(text: str) -> Iterator[Finding]:
    """Calques of idiom from the data: `several ten thousand`, `used the phrases`."""
    for pattern, entry in _calques():
        context, needs = entry.get("context"), entry.get("needs")
        if (context and not any(w in text for w in context)) or (
            needs and not any(w in text for w in needs)
        ):
            continue
        for match in pattern.finditer(text):
            yield (
                match.start(),
                match.end(),
                "grammar.calque",
                entry["reason"],
                entry["suggestion"],
            )


def _token_at(doc, offset: int):
    """The token that starts at character `offset` of `doc`, or None (found by spaCy, not by
    walking the tokens in Python)."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) and span[0].idx == offset else None


def _postnominal_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    fixed = set(_data()["postposed_ok"])
    stop = stopwords()
    for match, span in _in_sentence("postnominal", text, sentences, group=1):
        noun = text[match.start() : match.start(1)].strip().lower()
        if match.group(1) in fixed or noun in stop or _quoted(text, match.start(1)):
            continue  # after a function word the adjective is no noun's: `is central, and`
        yield match, span


def postnominal_adjective(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`risk hydrogeological of`, `protection civilian, who`: a relational adjective after its
    noun, the order of the Romance languages; English puts it before (`hydrogeological risk`)."""
    fixed = set(_data()["postposed_ok"])
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        token = _token_at(doc, match.start(1) - span[0])
        if token is None or token.i == 0 or token.tag_ != "JJ" or token.dep_ != "amod":
            continue
        noun = with_coarse_pos(doc)[token.i - 1]
        if token.head.i != noun.i or noun.pos_ != "NOUN" or noun.lower_ in fixed:
            continue
        if any(t.pos_ in ("NOUN", "PROPN") for t in doc[token.i + 1 : token.i + 2]):
            continue  # the adjective leads on to a noun of its own
        start = span[0] + noun.idx
        yield (
            start,
            match.end(1),
            "grammar.word_order",
            f"'{noun.text} {token.text}': an adjective after its noun, the source language's "
            "order; English puts it first",
            f"{token.text} {noun.text}",
        )


def complement_first(text: str) -> Iterator[Finding]:
    """`Peskov called "low-quality stuffing" American publications`: the quoted name before
    what it names, as the source language may order them; English says `called X "…"`."""
    for match in _triggers()["complement_first"].finditer(text):
        word = match.group(1)
        if zipf(word.lower()) >= 6.0 and word.lower() not in ("the", "a", "an"):
            continue  # a function word: the sentence goes on past the quotation
        yield (
            match.start(),
            match.end(),
            "grammar.word_order",
            "a quoted label before the noun it describes: the source language's word order; "
            "English puts the object first (`called X “…”`)",
            None,
        )


def _title_chain_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    """Matches of the title-chain trigger with two genitives or more (`the president of Mexico
    Andrés …` is one genitive, common enough)."""
    for match, span in _in_sentence("title_chain", text, sentences, group=1):
        if match.group().count(" of ") >= 2:
            yield match, span


def title_chain(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`the press secretary of the President of the Russian Federation Dmitry Peskov`: a title
    in a chain of genitives run straight into a name (Russian word order, no comma)."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]], entities=True)
        if doc is None:
            return
        start, end = match.start(1) - span[0], match.end(1) - span[0]
        if not any(
            e.label_ == "PERSON" and e.start_char < end and start < e.end_char for e in doc.ents
        ):
            continue
        yield (
            match.start(),
            match.end(),
            "grammar.word_order",
            f"a title in a chain of genitives run into the name '{match.group(1)}': the source "
            "language's order; English puts the title before the name, or a comma between",
            None,
        )


def declared_not_to(text: str) -> Iterator[Finding]:
    """`reiterated not to monitor any cases`: a verb of saying with a negated infinitive, where
    the source language reports a finding (`confirmed that no cases were detected`)."""
    for match in _triggers()["declared_not_to"].finditer(text):
        yield (
            match.start(),
            match.end(),
            "grammar.calque",
            "a verb of saying with 'not to': the source language's construction; English "
            "reports what was said (`said that no … had been …`)",
            None,
        )


# a form of "be", "have" or "do" or a modal that is never a noun: a clause that holds one before
# its next punctuation has its verb, and its parse could only say so (most "that"s open such a
# clause, so this spares most of the parses)
_AUXILIARY = re.compile(
    r"[^,.;:!?\n]*?\b(?:is|are|am|was|were|be|been|being|has|have|had|does|did|would|could|"
    r"should)(?:n[’']t)?\b",
    re.IGNORECASE,
)


def _verbless_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    for match in _triggers()["verbless_that"].finditer(text):
        if _AUXILIARY.match(text, match.end()) or _quoted(text, match.start()):
            continue
        span = sentences.containing(match.start())
        if span is not None:
            yield match, span


def verbless_clause(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`realized that in front of them the remains of a theropod.`: a clause opened by 'that'
    with no verb in it, where the source language leaves out 'to be'."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        mark = _token_at(doc, match.start() - span[0])
        if mark is None or mark.dep_ != "mark":
            continue
        head = with_coarse_pos(doc)[mark.head.i]
        if head.pos_ not in ("NOUN", "PROPN") or head.dep_ not in ("ccomp", "advcl"):
            continue
        clause = list(head.subtree)
        if any(t.pos_ in ("VERB", "AUX") for t in clause) or len(clause) < 4:
            continue
        yield (
            span[0] + mark.idx,
            span[0] + clause[-1].idx + len(clause[-1]),
            "grammar.missing_verb",
            "a clause with no verb: the source language leaves out 'to be', English needs it",
            None,
        )


def _fronted_object_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    for match, span in _in_sentence("fronted_object", text, sentences, group=2):
        if span[0] == match.start() and not _quoted(text, match.start()):
            yield match, span


def fronted_object(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`Fossilized specimens of a new species, experts found in …`: the object first and the
    subject after a comma, the free word order of Slavic languages; English says `Experts found
    fossilized specimens …`."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        verb = _token_at(doc, match.start(2) - span[0])
        if verb is None or verb.dep_ != "ROOT" or verb.tag_ not in ("VBD", "VBN"):
            continue
        children = list(verb.children)
        subject = next((c for c in children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is None or subject.idx != match.start(1) - span[0]:
            continue
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in children):
            continue  # the verb has its object after it: the opening is an adverbial
        fronted = next(
            (c for c in children if c.dep_ in ("dep", "dobj") and c.i < subject.i),
            None,
        )
        if fronted is None or with_coarse_pos(doc)[fronted.i].pos_ != "NOUN":
            continue
        yield (
            match.start(),
            match.end(),
            "grammar.word_order",
            f"the object before its subject '{subject.text}' and verb '{verb.text}': the source "
            "language's word order; English puts the subject and verb first",
            None,
        )


def _participle_opening_candidates(text: str, sentences: _Sentences) -> Iterator[Candidate]:
    for match, span in _in_sentence("participle_opening", text, sentences):
        if span[0] == match.start():
            yield match, span


def participle_opening(text: str, candidates: Iterable[Candidate]) -> Iterator[Finding]:
    """`Arrested by unemployed Haruo-cho, Edogawa Ward, Susumu Utsugi (87).`: a sentence of a
    passive participle and its agent with no finite verb, the source's headline-like syntax."""
    for match, span in candidates:
        doc = _parsed(text[span[0] : span[1]])
        if doc is None:
            return
        if len(doc) < 6 or any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc):
            continue
        yield (
            span[0],
            span[1],
            "grammar.fragment",
            f"'{match.group(1)} by …' with no finite verb: a sentence cut to the source "
            "language's participle; English says who did what ('X was arrested')",
            None,
        )


# the parsed detectors, each with its candidates and whether it reads entities
_PARSED: tuple[tuple[Callable, Callable, bool], ...] = (
    (missing_object, _object_candidates, False),
    (reflexive_gender, _reflexive_candidates, False),
    (pronoun_for_institution, _pronoun_candidates, True),
    (subjectless, _subjectless_candidates, False),
    (postnominal_adjective, _postnominal_candidates, False),
    (title_chain, _title_chain_candidates, True),
    (verbless_clause, _verbless_candidates, False),
    (fronted_object, _fronted_object_candidates, False),
    (participle_opening, _participle_opening_candidates, False),
)
# candidates parsed ahead in one go: well under the parse caches' size, so none is dropped
# before its detector reads it, and a long article's docs are never all held at once
_WINDOW = 2048


def _start(candidate: tuple) -> int:
    return candidate[0].start()


def _between(found: list, low: int, high: int) -> list:
    """The candidates (in the order of the text) whose match starts in [low, high)."""
    return found[
        bisect.bisect_left(found, low, key=_start) : bisect.bisect_left(found, high, key=_start)
    ]


def _parsed_detections(text: str) -> dict[Callable, list[Finding]]:
    """The findings of each parsed detector. The candidates are taken in windows of
    `_WINDOW` by position in the text; each window's sentences are parsed in one batch, then
    every detector reads its candidates of that window."""
    sentences = _Sentences(text)
    candidates = [list(find(text, sentences)) for _, find, _ in _PARSED]
    positions = sorted(c[0].start() for found in candidates for c in found)
    bounds = [*positions[::_WINDOW], len(text) + 1]
    findings: dict[Callable, list[Finding]] = {detector: [] for detector, _, _ in _PARSED}
    for low, high in itertools.pairwise(bounds):
        window = [_between(found, low, high) for found in candidates]
        with suppress(ModelError):  # without the model each detector that needs a parse is quiet
            for entities in (False, True):
                _docs(entities).fill(
                    text[c[1][0] : c[1][1]]
                    for (_, _, needs), found in zip(_PARSED, window, strict=True)
                    if needs is entities
                    for c in found
                )
        for (detector, _, _), found in zip(_PARSED, window, strict=True):
            findings[detector] += detector(text, found)
    return findings


def parsed_findings(text: str) -> list[Finding]:
    """Every finding of every detector in this module on `text`."""
    parsed = _parsed_detections(text)
    return [
        *parsed[missing_object],
        *parsed[reflexive_gender],
        *parsed[pronoun_for_institution],
        *parsed[subjectless],
        *inverted_reporting(text),
        *repeated_words(text),
        *modal_to(text),
        *apposition(text),
        *inverted_passive(text),
        *my_country(text),
        *conditional_fragment(text),
        *and_opening(text),
        *calques(text),
        *parsed[postnominal_adjective],
        *complement_first(text),
        *parsed[title_chain],
        *declared_not_to(text),
        *parsed[verbless_clause],
        *parsed[fronted_object],
        *parsed[participle_opening],
    ]
