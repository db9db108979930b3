"""Names across the article set: one person, place or organisation, several spellings.

`name_key` folds a name to a transliteration-aware key (accents, the Arabic article, Mac/Mc and
the usual romanisation pairs: Riabkov, Rybkov and Ryabkov share one), and `group_names` groups
spellings by it (and by the East Asian surname table: Heo, Huh). Both are public: the brief reuses
them for its entities.

The pass then decides, per group, over every loaded article:
- fix (`names.variant`) when one spelling is supported: it carries the accents the others lost
  (Ávila, Avila), it is in a table (places, organisations), or it is written more often in these
  articles and is better attested in English (wordfreq: Putin over Poutin);
- flag (`names.inconsistent`) otherwise, when the spellings are all names (spaCy's NER, on the
  first sentences that write them only): no source or table says which is right.
`names.place` fixes damaged place names against the tables and the articles: a lost capital
(`new Mexico`), a lost syllable (`Friuli Venezia ulia`), an initial (`E Romagna` where the article
writes Emilia-Romagna), a romanised suffix (`Edogawa-ku` where the articles write Edogawa Ward), a
Chinese surname in lowercase (`liu Jifeng`). Rule ids start with `names`: `before` is the variant as
written, `after` the canonical form, and the brief lists variants from these edits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from summarize.errors import ModelError
from summarize.nlp import NER_ALONE, ParseCache
from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import (
    demonyms,
    gazetteer,
    is_ordinary,
    known_names,
    may_reach,
    phrase_pattern,
    table,
    zipf,
    zipf_in,
)
from summarize.sentences import split_sentences

RULE = "names.variant"
FLAG_RULE = "names.inconsistent"
PLACE_RULE = "names.place"
LOST_LETTER_RULE = "names.lost_letter"
ADJECTIVE_RULE = "names.adjective"
NUMERAL_RULE = "names.numeral"
CITY_RULE = "names.city"
# a capitalised word of four letters or more; "Poutin’s" holds the name "Poutin"
NAME = re.compile(r"[A-ZÀ-Þ](?<![\w’'-][A-ZÀ-Þ])[a-zß-ÿ]{3,}(?![\w-])")
# a name token for grouping: MacDonald, al-Zamalik, Gonthier-Hyndman
TOKEN = re.compile(
    r"(?<![\w’'-])(?:(?:al|el|Al|El)-)?[A-ZÀ-Þ][a-zß-ÿ]+(?:[A-Z][a-zß-ÿ]+)?"
    r"(?:-[A-ZÀ-Þ][a-zß-ÿ]+)*(?![\w-])"
)
_SIMILAR_KEY = 70  # rapidfuzz ratio between two spellings of one key, accents and article gone
_COMMON = 4.0  # Zipf from which a capitalised word is an English word (Company, Fire), not a name
_RARE = 1.0  # Zipf below which a word is unknown to wordfreq (a misspelling or a rare name)
_SIMILAR = 80  # rapidfuzz ratio between variant and canonical form
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT"})
_ENGLISH_SUFFIXES = ("s", "es", "n", "an", "ns", "ans")  # Obama/Obamas, Russia/Russian


@cache
def _data() -> dict:
    return table("names")


@cache
def _folds() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern), replacement) for pattern, replacement in _data()["folds"]]


@cache
def _article_prefix() -> re.Pattern:
    return re.compile(r"^(?:" + "|".join(_data()["articles"]) + r")[-\s]+(?=\w{3})")


def strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _light(name: str) -> str:
    """The name as written, less case and the Arabic article: al-Zamalik, Zamalik -> zamalik."""
    return _article_prefix().sub("", name.casefold())


def _strict_key(name: str) -> str:
    """The name with accents, case and article gone and romanisation pairs folded."""
    key = strip_accents(_light(name))
    for pattern, replacement in _folds():
        key = pattern.sub(replacement, key)
    return key


def name_key(name: str) -> str:
    """A transliteration-aware key for a name: spellings of one name share it.

    Accents, case and an Arabic article go (`al-Zamalik`, `Zamalik`); Mac becomes Mc; the pairs
    romanisations confuse are folded (kh/h, ph/f, w/v, y/i, z/s, ou/u, doubled letters) and every
    run of vowels becomes one `a`, so `Riabkov`, `Rybkov` and `Ryabkov` all give `rabkav`, and
    `Zamalek`, `Zamalik` give `samalak`. The folds are data (data/names.json). A shared key is
    necessary, not sufficient: `group_names` also asks for similar spellings."""
    return _VOWELS.sub("a", _strict_key(name))


_VOWELS = re.compile(r"[aeiou]+")


def _same_name(one: str, other: str) -> bool:
    """Whether two spellings with one `name_key` are one name, not two names alike.

    They must begin alike and stay close letter for letter; two spellings English knows well
    (Carolina, Caroline) must also agree on their vowels (MacDonald, McDonald do)."""
    a, b = strip_accents(_light(one)), strip_accents(_light(other))
    if a[:1] != b[:1] or fuzz.ratio(a, b) < _SIMILAR_KEY:
        return False
    if is_ordinary(one.lower()) and is_ordinary(other.lower()):
        return _strict_key(one) == _strict_key(other)
    return True


@cache
def _surname_groups() -> dict[str, int]:
    """Romanisation of an East Asian surname -> its group number."""
    return {
        spelling: number for number, group in enumerate(_data()["surnames"]) for spelling in group
    }


@dataclass(frozen=True)
class NameGroup:
    """Spellings of one name across the articles, most written first."""

    spellings: tuple[tuple[str, int], ...]  # (spelling, times written)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(spelling for spelling, _ in self.spellings)


def group_names(counts: Mapping[str, int]) -> list[NameGroup]:
    """Group spellings (name -> times written) that are one name written several ways.

    Spellings group when they share a `name_key` and differ in more than case or the Arabic
    article, or when they are romanisations of one East Asian surname (data/names.json). Only
    groups of two or more spellings are returned, each with its spellings most written first."""
    by_key: dict[str | int, list[str]] = defaultdict(list)
    surnames = _surname_groups()
    nationalities = demonyms()
    for name in counts:
        if name in surnames:
            by_key[surnames[name]].append(name)
        elif len(_light(name)) >= 4 and zipf(name.lower()) < _COMMON and name not in nationalities:
            by_key[name_key(name)].append(name)
    groups = []
    for key, names in by_key.items():
        ordered = sorted(names, key=lambda name: (-counts[name], name))
        if not isinstance(key, int):  # a shared key, then close spelling to the most written
            ordered = [ordered[0]] + [n for n in ordered[1:] if _same_name(n, ordered[0])]
        if len({_light(name) for name in ordered}) < 2:
            continue
        groups.append(NameGroup(tuple((name, counts[name]) for name in ordered)))
    return groups


def _inflects(one: str, other: str) -> bool:
    """Whether one word is the other plus an English suffix: a different word, not a variant."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and long[len(short) :] in _ENGLISH_SUFFIXES


@dataclass(frozen=True)
class Canonical:
    name: str
    variant_count: int
    canonical_count: int
    why: str = "is written so more often in these articles and is the established spelling"


@dataclass(frozen=True)
class NameFindings:
    """What the set says about its names: spellings to fix, and spellings no source decides."""

    variants: dict[str, Canonical] = field(default_factory=dict)
    unresolved: dict[str, NameGroup] = field(default_factory=dict)  # spelling -> its group
    counts: Mapping[str, int] = field(default_factory=dict)


def _better_attested(name: str, candidate: str, counts: Mapping[str, int]) -> bool:
    """The old rule: `name` is unknown to wordfreq, `candidate` is more written and better known."""
    return (
        zipf(name.lower()) < _RARE
        and counts[candidate] > counts[name]
        and zipf(candidate.lower()) > zipf(name.lower())
        and not _inflects(candidate, name)
    )


def _accented(name: str, candidate: str) -> bool:
    """`candidate` is `name` with the accents it lost (Ávila for Avila)."""
    return candidate != name and strip_accents(_light(candidate)) == _light(name)


def _close_variants(counts: Mapping[str, int]) -> dict[str, Canonical]:
    """Rare capitalised words one letter (two for long names) from a better attested spelling."""
    variants: dict[str, Canonical] = {}
    plain = [name for name in counts if NAME.fullmatch(name)]
    for name in plain:
        if zipf(name.lower()) >= _RARE:
            continue
        candidates = process.extract(
            name, plain, scorer=fuzz.ratio, score_cutoff=_SIMILAR, limit=None
        )
        best = None
        for candidate, _, _ in candidates:
            if (
                candidate[0] != name[0]
                or Levenshtein.distance(candidate, name) > (1 if len(name) < 10 else 2)
                or not _better_attested(name, candidate, counts)
            ):
                continue
            rank = (counts[candidate], zipf(candidate.lower()))
            if best is None or rank > best[0]:
                best = (rank, candidate)
        if best is not None:
            variants[name] = Canonical(best[1], counts[name], counts[best[1]])
    return variants


def _decide(group: NameGroup, counts: Mapping[str, int]) -> dict[str, Canonical] | None:
    """Spelling -> canonical for a group some source supports; None where nothing decides."""
    names = group.names
    tabled = [name for name in names if name in known_names() or name in _regions()]
    fixes: dict[str, Canonical] = {}
    for name in names:
        others = [c for c in names if _light(c) != _light(name)]
        accented = [c for c in others if _accented(name, c)]
        if accented:
            fixes[name] = Canonical(
                accented[0], counts[name], counts[accented[0]], "keeps the accents this one lost"
            )
        elif tabled and name not in tabled and _light(tabled[0]) != _light(name):
            fixes[name] = Canonical(
                tabled[0], counts[name], counts[tabled[0]], "is the spelling of the place tables"
            )
        else:
            for candidate in others:
                if _better_attested(name, candidate, counts):
                    fixes[name] = Canonical(candidate, counts[name], counts[candidate])
                    break
    decided = {name for name in names if name in fixes} | {c.name for c in fixes.values()}
    undecided = [name for name in names if name not in fixes]
    if len({_light(name) for name in undecided}) > 1:
        return None
    return fixes if decided else None


def _count_names(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(TOKEN.findall(text))
    return counts


def find_names(texts: Iterable[str]) -> NameFindings:
    """Spellings to fix and spellings to flag, over `texts` (all the articles)."""
    texts = list(texts)
    counts = _count_names(texts)
    variants = _close_variants(counts)
    unresolved: dict[str, NameGroup] = {}
    for group in group_names(counts):
        fixes = _decide(group, counts)
        if fixes is not None:
            for name, canonical in fixes.items():
                variants.setdefault(name, canonical)
        elif not any(name in variants for name in group.names):
            for name in group.names:
                unresolved[name] = group
    if unresolved:
        confirmed = _entity_names(texts, frozenset(unresolved))
        pattern = _spelling_pattern(frozenset(unresolved))
        written = [frozenset(pattern.findall(text)) for text in texts]  # one scan per article
        unresolved = {
            name: group
            for name, group in unresolved.items()
            if all(other in confirmed for other in group.names) and _in_one_article(group, written)
        }
    return NameFindings(variants, unresolved, counts)


def _in_one_article(group: NameGroup, written: list[frozenset[str]]) -> bool:
    """Whether one article writes the name two ways: an inconsistency within one source
    (two articles may name two different people alike: Paolo Moretti, Paulo Sousa). `written`:
    the spellings each article writes."""
    return any(
        len({_light(name) for name in group.names if name in spellings}) > 1
        for spellings in written
    )


def find_variants(texts: Iterable[str]) -> dict[str, Canonical]:
    """Variant -> canonical spelling, for the names in `texts` (all the articles)."""
    return find_names(texts).variants


def _entity_words(doc) -> frozenset[tuple[str, str]]:
    """(word, label) for the words inside the named entities spaCy finds in one paragraph."""
    return frozenset(
        (word, entity.label_)
        for entity in doc.ents
        if entity.label_ in _ENTITY_LABELS
        for word in TOKEN.findall(entity.text)
    )


@cache
def _sentence_entities() -> ParseCache[frozenset[tuple[str, str]]]:
    return ParseCache(NER_ALONE, _entity_words, size=4096)


# a person's name beside a title or a verb of speech, which the small NER model can miss
_PERSON_CUE = re.compile(
    r"(?:\b(?:CEO|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|President|[Cc]hairman|[Dd]irector|[Mm]inister|"
    r"[Ss]pokesman|[Ss]pokeswoman)\s+(?P<before>[A-Z]\w+))|(?P<after>[A-Z]\w+)\s+"
    r"(?:said|says|told|added|stated|noted)\b"
)
# the sentences of one spelling that are parsed, at most: a word the NER model calls a name in
# none of its first few sentences is not one, and a long report writes a name hundreds of times
MAX_ASKED = 4
_FILL = 1024  # sentences parsed per batch: well under the parse cache's size, so none is dropped


def _entity_names(texts: list[str], names: frozenset[str]) -> set[str]:
    """Which of `names` are names of people, places or organisations where they are written:
    inside a named entity of spaCy's NER (a person's, for an East Asian surname, which is often
    also an English word: Huh), or beside a title or a verb of speech. Only sentences that
    hold one of `names` are read, and of each spelling at most its first `MAX_ASKED`; they are
    parsed with the recognizer alone, which within one sentence finds what the whole pipeline
    finds, and parsing is the slow part."""
    surnames = _surname_groups()
    pattern = _spelling_pattern(names)
    asked: Counter[str] = Counter()
    wanted: list[tuple[str, frozenset[str]]] = []  # a sentence, the spellings it is asked about
    for text in texts:
        for paragraph in text.split("\n"):
            if not pattern.search(paragraph):
                continue
            for sentence in split_sentences(paragraph):
                present = frozenset(
                    name for name in pattern.findall(sentence) if asked[name] < MAX_ASKED
                )
                if present:
                    asked.update(present)
                    wanted.append((sentence, present))
    found: set[str] = set()
    for sentence, _ in wanted:
        for cue in _PERSON_CUE.finditer(sentence):
            found.add(cue.group("before") or cue.group("after"))
    # a spelling a cue confirms needs no parse; the rest are parsed in batches of `_FILL`
    wanted = [(sentence, present - found) for sentence, present in wanted if present - found]
    entities = _sentence_entities()
    with suppress(ModelError):  # without the model only the cues confirm a name
        for start in range(0, len(wanted), _FILL):
            batch = wanted[start : start + _FILL]
            entities.fill(sentence for sentence, _ in batch)
            for sentence, present in batch:
                found |= {
                    word
                    for word, label in entities[sentence]
                    if word in present and (label == "PERSON" or word not in surnames)
                }
    return found & names


@lru_cache(maxsize=8)
def _spelling_pattern(names: frozenset[str]) -> re.Pattern:
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, sorted(names))) + r")(?![\w-])")


def canonicalise_names(ledger: EditLedger, findings: NameFindings | dict[str, Canonical]) -> None:
    """Fix the variants, flag the first mention of each unresolved spelling, fix place names."""
    if isinstance(findings, dict):
        findings = NameFindings(findings)
    changes = []
    if findings.variants:
        for match in _spelling_pattern(frozenset(findings.variants)).finditer(ledger.current):
            canonical = findings.variants[match.group()]
            changes.append(
                Change(
                    match.start(),
                    match.end(),
                    canonical.name,
                    RULE,
                    f"name variant: '{canonical.name}' {canonical.why} "
                    f"({canonical.canonical_count} times in these articles; "
                    f"'{match.group()}' {canonical.variant_count})",
                    0.8,
                )
            )
    taken = [(c.start, c.end) for c in changes]
    changes += [
        c for c in _place_changes(ledger.current, findings.counts) if not _overlaps(c, taken)
    ]
    ledger.apply(changes)
    _flag_numerals(ledger)
    _flag_unknown_cities(ledger)
    if findings.unresolved:
        seen: set[str] = set()
        for match in _spelling_pattern(frozenset(findings.unresolved)).finditer(ledger.current):
            name = match.group()
            if name in seen:
                continue
            seen.add(name)
            group = findings.unresolved[name]
            others = [spelling for spelling in group.names if spelling != name]
            written = ", ".join(f"{spelling} ({count})" for spelling, count in group.spellings)
            ledger.flag(
                match.start(),
                match.end(),
                FLAG_RULE,
                f"one name spelt several ways in these articles: {written}; no source or table "
                "says which is right",
                others[0],
            )


def _overlaps(change: Change, spans: list[tuple[int, int]]) -> bool:
    return any(change.start < end and start < change.end for start, end in spans)


@cache
def _regions() -> frozenset[str]:
    return frozenset(table("places")["regions"])


@cache
def _multiword_places() -> dict[str, str]:
    """Lowercased multiword place or organisation name -> as written (New Mexico, El Mundo)."""
    names = set(_regions()) | set(table("places")["countries"])
    for entry in table("organisations")["organisations"]:
        if entry.get("kind") not in ("metonym", "calque"):
            names.add(entry["name"])
    return {name.lower(): name for name in names if " " in name and name[0].isupper()}


@cache
def _place_patterns() -> tuple[re.Pattern, re.Pattern, dict[str, dict[str, str]]]:
    """The whole names in any case; all but the last word as written, then any word (the last
    may be damaged); and all-but-last -> {last word: name}."""
    names = sorted(_multiword_places().values(), key=len, reverse=True)
    by_head: dict[str, dict[str, str]] = defaultdict(dict)
    for name in names:
        head, last = name.rsplit(" ", 1)
        by_head[head][last] = name
    heads = sorted(by_head, key=len, reverse=True)
    # factored word by word (phrase_pattern): a plain alternation of 400 names is slow; the
    # whole names run on the lowercased text
    whole = re.compile(
        r"(?<![\w-])" + phrase_pattern([n.lower() for n in names], separator=" ") + r"(?![\w-])"
    )
    damaged = re.compile(
        r"(?<![\w-])(" + phrase_pattern(heads, separator=" ") + r") ([A-Za-zÀ-ÿ]{2,})(?![\w-])"
    )
    return whole, damaged, dict(by_head)


_DETERMINER = re.compile(r"(?:\b(?:a|an|the|its|his|her|their|our|this|that|every)\s+)$", re.I)


def _place_changes(text: str, counts: Mapping[str, int]) -> list[Change]:
    changes: list[Change] = []
    whole, damaged, by_head = _place_patterns()
    places = _multiword_places()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (İ) lowercase to two: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for match in whole.finditer(lowered):
        written = text[match.start() : match.end()]
        name = places[written.lower()]
        first, rest = written.split(" ", 1)
        if (
            written == name
            or written.isupper()
            or rest != name.split(" ", 1)[1]
            or _DETERMINER.search(text, max(0, match.start() - 8), match.start())
        ):
            continue  # a headline in capitals, or "a new Mexico policy"
        changes.append(
            Change(match.start(), match.end(), name, PLACE_RULE, f"the name {name}, miscased", 0.8)
        )
    for match in damaged.finditer(text):
        head, last = match.groups()
        endings = by_head[head]
        if last in endings or is_ordinary(last.lower()):
            continue  # the name as it should be, or an English word after it ("New rules")
        if any(last.startswith(ending) for ending in endings):
            continue  # the whole name glued to what follows (`StatesU.S`): no damage to mend
        best = process.extractOne(last, list(endings), scorer=fuzz.ratio, score_cutoff=70)
        if best is None:
            continue
        name = endings[best[0]]
        changes.append(
            Change(
                match.start(),
                match.end(),
                name,
                PLACE_RULE,
                f"'{last}' is the damaged last word of the place name {name}",
                0.8,
            )
        )
    changes += _initials(text)
    changes += _suffixes(text, counts)
    changes += _lowercase_surnames(text)
    changes += _lost_letters(text)
    changes += _relative_adjectives(text)
    changes.sort(key=lambda c: (c.start, c.end))
    kept: list[Change] = []
    for change in changes:
        if not kept or change.start >= kept[-1].end:
            kept.append(change)
    return kept


_INITIAL = re.compile(r"(?<![\w.-])([A-Z]) ([A-Z][a-zà-ÿ]{3,})(?![\w-])")


# a two-word name (at every start, overlapping ones too): what `E Romagna` may have been cut from
_FULL = re.compile(r"(?<![\w-])(?=(([A-Z])[a-zà-ÿ]+[- ]([A-Z][a-zà-ÿ]{3,}))(?![\w-]))")


def _initials(text: str) -> list[Change]:
    """`E Romagna` where the article writes Emilia-Romagna: a name cut to its initial."""
    changes = []
    cut = list(_INITIAL.finditer(text))
    written: dict[tuple[str, str], str] = {}  # (initial, second word) -> the first full name
    if cut:
        for full in _FULL.finditer(text):
            written.setdefault((full.group(2), full.group(3)), full.group(1))
    for match in cut:
        full = written.get(match.groups())
        if full is None:
            continue
        changes.append(
            Change(
                match.start(),
                match.end(),
                full,
                PLACE_RULE,
                f"'{match.group()}' is {full}, as the article writes it elsewhere",
                0.8,
            )
        )
    return changes


@cache
def _suffix_pattern() -> re.Pattern:
    suffixes = "|".join(re.escape(s) for s in sorted(_data()["suffixes"], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])([A-Z][a-z]+)({suffixes})(?![\w-])")


def _suffixes(text: str, counts: Mapping[str, int]) -> list[Change]:
    """`Edogawa-ku` where the articles also write Edogawa Ward: one English form of the name."""
    changes = []
    for match in _suffix_pattern().finditer(text):
        stem, suffix = match.groups()
        english = stem + _data()["suffixes"][suffix]
        if english not in text and not counts.get(english):
            continue
        changes.append(
            Change(
                match.start(),
                match.end(),
                english,
                PLACE_RULE,
                f"'{match.group()}' is the romanised form of {english}, as the articles write it",
                0.8,
            )
        )
    return changes


@cache
def _surname_pattern() -> re.Pattern:
    # a surname that is also a common English word (he, sun, long) is left alone
    surnames = [s.lower() for s in _data()["chinese_surnames"] if zipf(s.lower()) < 4.0]
    return re.compile(r"(?<![\w’'-])(" + "|".join(surnames) + r") ([A-Z][a-z]+)(?![\w-])")


def _lowercase_surnames(text: str) -> list[Change]:
    """`liu Jifeng`: a Chinese surname that lost its capital before the given name."""
    changes = []
    for match in _surname_pattern().finditer(text):
        surname, given = match.groups()
        if is_ordinary(given.lower()):
            continue  # "lin Street": not a given name
        changes.append(
            Change(
                match.start(1),
                match.end(1),
                surname.capitalize(),
                PLACE_RULE,
                f"the surname {surname.capitalize()} lost its capital",
                0.8,
            )
        )
    return changes


# a capitalised word whose first two letters are consonants no word starts with (`Rdio`): a letter
# between them was lost, most often an accented one the page's encoding dropped (Rádio)
_NO_ONSET = re.compile(r"(?<![\w’'-])[A-Z][b-df-hj-np-tv-z][a-z]{1,10}(?![\w’'-])")
_IN_NAME = re.compile(r" [A-Z][a-z]")
_IN_NAME_BEFORE = re.compile(r"[^.!?\s] [A-Z][a-z]+ $")
_LOST_VOWELS = "áéíóúâêôãõàèìòç"


def _lost_letters(text: str) -> list[Change]:
    """`Rdio Tupi`: a word of a name that lost its accented letter. Fixed when putting one back gives the
    one word of a source language's lexicon (wordfreq) that fits: common there (Portuguese
    `Rádio`), while the word as written is rare in English and in that language."""
    changes = []
    languages = tuple(table("leftovers")["source_languages"])
    for match in _NO_ONSET.finditer(text):
        word = match.group()
        if word[:2].lower() in _data()["onsets"] or zipf(word.lower()) >= 2.5:
            continue
        if not _IN_NAME.match(text, match.end()) and not _IN_NAME_BEFORE.search(
            text, max(0, match.start() - 30), match.start()
        ):
            continue  # a word of a name of several (Rdio Tupi), not a brand alone (the Rdio app)
        found = {
            candidate
            for position in range(1, len(word) + 1)
            for letter in _LOST_VOWELS
            for candidate in [word[:position] + letter + word[position:]]
            if may_reach(candidate.lower(), languages, 4.0)
            for code in languages
            if zipf_in(candidate.lower(), code) >= 4.0
            and zipf_in(candidate.lower(), code) >= zipf_in(word.lower(), code) + 2.0
        }
        if len(found) != 1:
            continue
        restored = found.pop()
        changes.append(
            Change(
                match.start(),
                match.end(),
                restored,
                LOST_LETTER_RULE,
                f"'{word}' lost a letter: '{restored}' is the word it was (the source language's "
                "lexicon has it)",
                0.8,
            )
        )
    return changes


# an Arabic relative adjective of a club or place, romanised: Zamalkawi, Ahlawi (of Zamalek, Ahly)
_RELATIVE = re.compile(r"(?<![\w’'-])([A-Z][a-z]{2,})(?:awi|awy|aoui)(?![\w’'-])")
_CONSONANTS = re.compile(r"[^aeiouyw]")


def _skeleton(word: str) -> str:
    return "".join(_CONSONANTS.findall(strip_accents(_light(word))))


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def _relative_adjectives(text: str) -> list[Change]:
    """`a Zelkawi header` where the article names Zamalek: the Arabic adjective `Zamalkawi` (of
    Zamalek), romanised and often mangled. It becomes the name, written as the article writes it
    at least twice, when its stem's consonants are the name's, in order, less one at most."""
    changes = []
    counts: Counter[str] | None = None
    for match in _RELATIVE.finditer(text):
        word, stem = match.group(), match.group(1)
        stem_skeleton = _skeleton(stem)
        if zipf(word.lower()) >= 1.0 or len(stem_skeleton) < 3:
            continue  # Malawi, and stems too short to tell one name from another
        if counts is None:
            counts = _count_names([text])
            # the names written twice or more, with their consonants: found once per article
            written = [
                (name, _skeleton(name))
                for name, count in counts.items()
                if count >= 2 and not _RELATIVE.fullmatch(name)
            ]
        names = [
            name
            for name, skeleton in written
            if skeleton[:1] == stem_skeleton[:1]
            and 0 <= len(skeleton) - len(stem_skeleton) <= 1
            and _is_subsequence(stem_skeleton, skeleton)
        ]
        if len({_light(name) for name in names}) != 1:
            continue
        name = max(names, key=lambda name: counts[name])
        changes.append(
            Change(
                match.start(),
                match.end(),
                name,
                ADJECTIVE_RULE,
                f"'{word}' is the Arabic adjective of {name} (as in Zamalkawi, of Zamalek), "
                f"romanised: the article names {name} {counts[name]} times",
                0.8,
            )
        )
    return changes


_ROMAN = {"II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}
_ROMAN_NAME = re.compile(r"(?<![\w’'-])((?:[A-Z][\w’'-]+ ){1,3})(II|III|IV|V|VI)(?![\w’'-])")


def _flag_numerals(ledger: EditLedger) -> None:
    """`Jade Rabbit II` where the article also writes `Jade Rabbit 2`: one name numbered two ways
    (MT renders the source's numeral either way). Flagged, since the article does not say which
    is the name's own; the digit is suggested."""
    text = ledger.current
    numbered: dict[tuple[str, str], str] | None = None
    for match in _ROMAN_NAME.finditer(text):
        words, digit = match.group(1).split(), _ROMAN[match.group(2)]
        if numbered is None:
            numbered = _numbered_in_digits(text)
        for first in range(len(words)):  # the longest name the article also numbers in digits
            name = " ".join(words[first:])
            other = numbered.get((name, digit))
            if other is not None:
                break
        else:
            continue
        ledger.flag(
            match.end() - len(name) - len(match.group(2)) - 1,
            match.end(),
            NUMERAL_RULE,
            f"one name numbered two ways in this article: '{name} {match.group(2)}' and "
            f"'{other}'; check which is the name's own",
            other,
        )


_NUMBER_AFTER = re.compile(r"[ -][2-6](?![\w-])")  # what `Jade Rabbit 2` numbers the name with
_NAME_CHAR = re.compile(r"[\w’'-]")


def _numbered_in_digits(text: str) -> dict[tuple[str, str], str]:
    """(name, digit) -> the first `name 2` (or `name-2`) of `text`, for the names of one to three
    words (single spaces between them) before each digit from 2 to 6: one scan of the text, where
    searching the text for each name a Roman numeral follows is one scan per name."""
    found: dict[tuple[str, str], str] = {}
    for number in _NUMBER_AFTER.finditer(text):
        end = start = number.start()
        for _ in range(3):
            begin = start
            while begin > 0 and _NAME_CHAR.match(text, begin - 1):
                begin -= 1
            if begin == start:
                break
            found.setdefault((text[begin:end], number.group()[1]), text[begin : number.end()])
            if begin < 2 or text[begin - 1] != " ":
                break
            start = begin - 1
    return found


_CITY_POPULATION = 100_000  # the gazetteer's cities from which a mangled city name is suggested
_CITY_SIMILAR = 60  # rapidfuzz ratio between the name as written and the city suggested
# a city named by its country: "Ukraine’s Leviu", "Leviu, Ukraine"
_CITY_OF_COUNTRY = re.compile(
    r"(?<![\w’'-])(?:(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)[’']s (?P<owned>[A-Z][a-z]{2,})"
    r"|(?P<city>[A-Z][a-z]{2,}), (?P<country>[A-Z][a-z]+(?: [A-Z][a-z]+)?))(?![\w’'-])"
)


@cache
def _cities_by_country() -> dict[str, tuple[frozenset[str], dict[str, str]]]:
    """Country name -> (every name its cities go by, {folded name of a large city: the city})."""
    codes = {code: country["name"] for code, country in gazetteer().get_countries().items()}
    names: dict[str, set[str]] = defaultdict(set)
    large: dict[str, dict[str, str]] = defaultdict(dict)
    for city in gazetteer().get_cities().values():
        country = codes.get(city["countrycode"])
        if country is None:
            continue
        names[country].update((city["name"], *city.get("alternatenames", ())))
        if city["population"] >= _CITY_POPULATION:
            large[country][strip_accents(city["name"]).lower()] = city["name"]
    return {country: (frozenset(names[country]), large[country]) for country in names}


def _flag_unknown_cities(ledger: EditLedger) -> None:
    """`Ukraine’s Leviu`: a city named by its country that no gazetteer (GeoNames) knows there
    and no word list has, close to one large city of that country (Lviv, romanised back from
    Korean). Flagged with that city as the suggestion: closeness alone is no source."""
    text = ledger.current
    if "’s " not in text and "'s " not in text and ", " not in text:
        return
    for match in _CITY_OF_COUNTRY.finditer(text):
        country = match.group("owner") or match.group("country")
        word = match.group("owned") or match.group("city")
        if country not in _cities_by_country():  # "And Ukraine’s": the country is one word
            country = country.split()[-1] if match.group("owner") else country.split()[0]
        cities = _cities_by_country().get(country)
        if cities is None or word in cities[0] or zipf(word.lower()) > 0:
            continue
        best = process.extract(
            strip_accents(word).lower(), list(cities[1]), scorer=fuzz.ratio, limit=2
        )
        if (
            not best
            or best[0][1] < _CITY_SIMILAR
            or (len(best) > 1 and best[1][1] > best[0][1] - 10)
        ):
            continue
        city = cities[1][best[0][0]]
        start = match.start("owned") if match.group("owned") else match.start("city")
        ledger.flag(
            start,
            start + len(word),
            CITY_RULE,
            f"'{word}' is no city of {country} that the gazetteer knows; close to {city}, "
            "a large one: check the name",
            city,
        )
