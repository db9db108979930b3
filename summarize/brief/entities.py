"""People and organisations: canonical names with the variants the sources use.

Variants come from the repair engine's name pass (edits whose rule starts with `names`: `before`
is the variant as written, `after` the canonical form). Names come from that pass and from the
repaired texts: capitalised phrases ("North Atlantic Treaty Organization"), acronyms with their
expansion ("... (OSCE)"), and people named after a title ("President Biden", "Mr. Riabkov").
A phrase counts as a name when two sources use it, when it ends like an organisation, when a title
precedes it, or when it is an acronym; a capitalised oddity from one translation does not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from summarize.brief.lexicon import lexicon
from summarize.brief.structure import Entity
from summarize.dates import MONTHS
from summarize.repair import Repaired

NAME_RULE_PREFIX = "names"
SAME_SPELLING = 80  # rapidfuzz ratio above which two spellings of one word are one name
MAX_ENTITIES = 20
_TOKEN = r"(?:(?:Mr|Mrs|Ms|Dr)\.|[A-Z][\w’'-]*\w|[A-Z]\.(?:[A-Z]\.)*|[A-Z])"
_CONNECTOR = r"(?:of|for|and|in|the|de|du|des|la|le|von|van|der|al)"
# a name may start right after a lowercase letter: repairs can leave "theFrance" glued
_PHRASE = re.compile(rf"(?:(?<![\w’'-])|(?<=[a-z])){_TOKEN}(?:\s+(?:{_CONNECTOR}\s+)*{_TOKEN})*")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_EXPANSION = re.compile(r"\s*\(([A-Z]{2,6})\)")
_POSSESSIVE = re.compile(r"[’']s?$")
_TRAILING = frozenset(
    {"of", "for", "and", "in", "on", "the", "They", "He", "She", "It", "We", "I", "You", "This"}
)
_WEEKDAYS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    words = lexicon()
    return (
        frozenset(words["titles"]),
        frozenset(words["demonyms_before_titles"]),
        frozenset(words["organisation_words"]),
        frozenset(words["not_entities"]),
    )


@dataclass
class _Candidate:
    name: str
    mentions: Counter[int] = field(default_factory=Counter)  # source number -> mentions
    titled: bool = False  # a title preceded it: a person
    variants: set[str] = field(default_factory=set)


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


def _split_and(phrase: str) -> list[str]:
    """ "Joe Biden and Vladimir Putin" is two names; "Organization for Security and Cooperation in
    Europe" is one: an "and" joins two names unless an "of"/"for" before it makes it part of one."""
    parts = [[]]
    for token in phrase.split():
        if token == "and" and not {"of", "for"} & set(parts[-1]):
            parts.append([])
        else:
            parts[-1].append(token)
    return [" ".join(part) for part in parts if part]


def _clean(phrase: str) -> tuple[str, bool]:
    """The name without leading titles, demonyms, articles and a possessive; whether a title
    preceded it."""
    titles, demonyms, _, _ = _words()
    tokens = phrase.split()
    titled = False
    while tokens and (
        tokens[0] in titles
        or tokens[0] in ("The", "the")
        or (tokens[0] in demonyms and len(tokens) > 1 and tokens[1] in titles)
    ):
        titled |= tokens[0] in titles and tokens[0] not in ("General",)
        tokens = tokens[1:]
    # "... in Europe They should": a sentence glued on by a lost full stop
    while tokens and tokens[-1] in _TRAILING:
        tokens = tokens[:-1]
    if tokens:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
    return " ".join(tokens), titled


def _plural_title(phrase: str) -> bool:
    titles = _words()[0]
    first = phrase.split()[0]
    return first.endswith("s") and first[:-1] in titles


def _initials(name: str) -> str:
    """ "North Atlantic Treaty Organization" -> "NATO", "Agence France-Presse" -> "AFP"."""
    return "".join(token[0] for token in re.split(r"[\s-]+", name) if token[:1].isupper())


def _fold_acronyms(names: dict[str, _Candidate]) -> None:
    """An acronym no text spelt out ("AFP") joins the one longer name with its initials."""
    by_initials: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if len(re.split(r"[\s-]+", name)) > 1:
            by_initials[_initials(name)].append(name)
    for name in [n for n in names if _ACRONYM.match(n)]:
        owners = by_initials.get(name, [])
        if len(owners) == 1:
            names[owners[0]].variants |= {name} | names.pop(name).variants


def _candidates(texts: Sequence[tuple[int, str]]) -> dict[str, _Candidate]:
    _, _, _, not_entities = _words()
    found: dict[str, _Candidate] = {}
    for source, text in texts:
        for match in _PHRASE.finditer(text):
            parts = _split_and(match.group())
            # "Presidents Joe Biden and Vladimir Putin": a plural title covers every name
            shared_title = _plural_title(parts[0])
            for phrase in parts:
                name, titled = _clean(phrase)
                titled |= shared_title
                if not name or name in not_entities or name in _WEEKDAYS or name in MONTHS:
                    continue
                candidate = found.setdefault(name, _Candidate(name))
                candidate.mentions[source] += 1
                candidate.titled |= titled
            expansion = _EXPANSION.match(text, match.end())  # not a slice: linear in the text
            if expansion:
                name, _ = _clean(_split_and(match.group())[-1])
                acronym = expansion.group(1)
                if name and _initials(name) == acronym:
                    found.setdefault(name, _Candidate(name)).variants.add(acronym)
    return found


def _is_name(candidate: _Candidate) -> bool:
    _, _, organisation_words, _ = _words()
    tokens = candidate.name.split()
    if len(tokens) == 1:
        return candidate.titled or bool(_ACRONYM.match(candidate.name) and len(candidate.name) > 2)
    return (
        len(candidate.mentions) > 1
        or candidate.titled
        or bool(candidate.variants)
        or any(token in organisation_words for token in tokens)
    )


def _person_like(name: str) -> bool:
    _, _, organisation_words, _ = _words()
    tokens = name.split()
    return (
        2 <= len(tokens) <= 3
        and not any(t in organisation_words for t in tokens)
        and not any(_ACRONYM.match(t) for t in tokens)
    )


def _fold_spellings(names: dict[str, _Candidate]) -> None:
    """Fold a person's name spelt differently in one word ("Vladimir Poutin") into the most cited
    spelling ("Vladimir Putin"), as a variant: a safety net behind the repair engine's name pass.
    Names are compared only with names that share every other word."""
    people = sorted(
        (n for n in names if _person_like(n)), key=lambda n: (-len(names[n].mentions), n)
    )
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for name in people:
        tokens = name.split()
        for position in range(len(tokens)):
            blocks[(position, *tokens[:position], "*", *tokens[position + 1 :])].append(name)
    for block in blocks.values():
        for index, name in enumerate(block):
            for other in block[index + 1 :]:
                if name in names and other in names and _one_word_respelt(name, other):
                    names[name].variants |= {other} | names.pop(other).variants


def _one_word_respelt(first: str, second: str) -> bool:
    a, b = first.split(), second.split()
    if len(a) != len(b):
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differing) == 1 and all(
        x[0] == y[0] and fuzz.ratio(x, y) >= SAME_SPELLING for x, y in differing
    )


def _fold_short_forms(names: dict[str, _Candidate]) -> None:
    """ "Biden" into "Joe Biden", "National Security Council" into "United States National Security
    Council": a name that ends exactly one longer name is a short form of it."""
    longer: dict[str, list[str]] = defaultdict(list)
    for name in names:
        tokens = name.split()
        for start in range(1, len(tokens)):
            if start == len(tokens) - 1 and not _person_like(name):
                continue  # a lone last word shortens a person's name, not an organisation's
            longer[" ".join(tokens[start:])].append(name)
    for name in sorted(names, key=lambda n: -len(n.split())):
        owners = [owner for owner in longer.get(name, ()) if owner in names]
        if len(owners) == 1 and not _ACRONYM.match(name):
            names[owners[0]].variants |= {name} | names.pop(name).variants


def build_entities(repaired: Sequence[Repaired]) -> tuple[Entity, ...]:
    """The people and organisations of the articles, most widely cited first."""
    texts = [(number, item.text) for number, item in enumerate(repaired, start=1)]
    candidates = _candidates(texts)
    for canonical, variants in name_variants(repaired).items():
        candidates.setdefault(canonical, _Candidate(canonical, titled=True)).variants |= variants
    names = {name: c for name, c in candidates.items() if _is_name(c)}
    # fold acronyms and short forms into the full name they stand for
    for candidate in list(names.values()):
        for variant in candidate.variants:
            names.pop(variant, None)
    _fold_acronyms(names)
    _fold_short_forms(names)
    _fold_spellings(names)
    entities = []
    for name, candidate in names.items():
        mentions = sum(
            (
                candidates[form].mentions
                for form in (name, *candidate.variants)
                if form in candidates
            ),
            Counter(),
        )
        if mentions:
            entities.append(
                (
                    (-len(mentions), -mentions.total(), name),
                    Entity(name, tuple(sorted(candidate.variants)), tuple(sorted(mentions))),
                )
            )
    entities.sort(key=lambda pair: pair[0])
    return tuple(entity for _, entity in entities[:MAX_ENTITIES])
