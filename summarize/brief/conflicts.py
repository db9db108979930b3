"""Conflicts: where sentences that state the same thing disagree on a number, a date or a name.

Like is compared with like. A number is compared only with numbers of the same unit (troops with
soldiers, never "two treaties" with "January 10"); a date only with dates of a matching event
description; a name only with names in the same role ("President X"). Values are gathered per
group and per unit, role or event, so the cost stays linear in the group's size.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from summarize.brief.facts import Fact
from summarize.brief.lexicon import lexicon, unit_of
from summarize.brief.structure import Conflict, ConflictVersion
from summarize.brief.timeline import dated_clauses
from summarize.dates import MONTHS, find_dates, label
from summarize.sentences import stopwords
from summarize.textrank import content_words

_NUMBER = re.compile(
    r"(?P<currency>[$€£])?\s?(?P<value>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|k)\b)?\s?(?P<percent>%)?"
)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "billion": 1e9}
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
APPROXIMATE_TOLERANCE = 0.15  # "about 100,000" agrees with "95,000"


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    approximate: bool
    text: str


@cache
def _number_words() -> re.Pattern:
    words = "|".join(lexicon()["number_words"])
    return re.compile(
        rf"\b(?P<word>{words})\b(?:\s+(?P<scale>thousand|million|billion)\b)?", re.IGNORECASE
    )


@cache
def _approximator() -> re.Pattern:
    words = "|".join(map(re.escape, sorted(lexicon()["approximators"], key=len, reverse=True)))
    return re.compile(rf"\b(?:{words})\s*$", re.IGNORECASE)


def _unit_after(text: str) -> str | None:
    """The unit a number counts: the first known unit word among the next three words, else the
    next word if it is not a function word ("two treaties" -> treaties, "in 2014" -> None)."""
    units = unit_of()
    words = [w.lower() for w in _WORD.findall(text[:40])][:3]
    for count in (2, 1):
        for start in range(len(words) - count + 1):
            phrase = " ".join(words[start : start + count])
            if phrase in units:
                return units[phrase]
    if words and words[0] not in stopwords() and len(words[0]) > 2:
        return words[0].rstrip("s") if len(words[0]) > 3 else words[0]
    return None


def quantities(sentence: str) -> list[Quantity]:
    """The counted amounts of `sentence` (dates and years excluded), with their units."""
    dates = [(mention.start, mention.end) for mention in find_dates(sentence)]
    found = []
    matches = [(m, "digits") for m in _NUMBER.finditer(sentence)]
    matches += [(m, "words") for m in _number_words().finditer(sentence)]
    for match, form in matches:
        if any(start < match.end() and match.start() < end for start, end in dates):
            continue
        if form == "digits":
            digits = re.sub(r"[,\u202f\u00a0 ]", "", match["value"])
            value = float(digits)
            if match["currency"]:
                unit = unit_of().get(match["currency"])
            elif match["percent"]:
                unit = "percent"
            else:
                unit = _unit_after(sentence[match.end() :])
        else:
            value = float(lexicon()["number_words"][match["word"].lower()])
            unit = _unit_after(sentence[match.end() :])
        value *= _SCALE.get((match["scale"] or "").lower(), 1)
        if unit is None or unit in ("years", "days") and value > 1000:
            continue
        approximate = bool(_approximator().search(sentence[: match.start()]))
        found.append(Quantity(value, unit, approximate, match.group().strip()))
    return found


def _agree(first: Quantity, second: Quantity) -> bool:
    if first.value == second.value:
        return True
    if first.approximate or second.approximate:
        return abs(first.value - second.value) <= APPROXIMATE_TOLERANCE * max(
            first.value, second.value
        )
    return False


def _versions(values: dict[str, tuple[str, set[int]]]) -> tuple[ConflictVersion, ...]:
    return tuple(
        ConflictVersion(value=value, text=text, sources=tuple(sorted(sources)))
        for value, (text, sources) in sorted(values.items(), key=lambda kv: min(kv[1][1]))
    )


def _disagree(values: dict[str, tuple[str, set[int]]]) -> bool:
    """At least two versions, and no single source behind all of them."""
    sources = [s for _, s in values.values()]
    return len(values) > 1 and not set.intersection(*sources)


def number_conflicts(fact: Fact) -> list[Conflict]:
    by_unit: dict[str, list[tuple[Quantity, int, str]]] = defaultdict(list)
    for member in fact.members:
        for quantity in quantities(member.text):
            by_unit[quantity.unit].append((quantity, member.source, member.text))
    conflicts = []
    for unit, stated in by_unit.items():
        versions: list[Quantity] = []
        values: dict[str, tuple[str, set[int]]] = {}
        for quantity, source, text in stated:
            # an approximate figure close to a stated one is the same version
            version = next((v for v in versions if _agree(v, quantity)), None)
            if version is None:
                versions.append(quantity)
                version = quantity
            values.setdefault(version.text, (text, set()))[1].add(source)
        if _disagree(values):
            conflicts.append(Conflict("number", f"number of {unit}", _versions(values)))
    return conflicts


def date_conflicts(fact: Fact) -> list[Conflict]:
    """Sources giving different days for an event they describe alike: one conflict per event,
    with every day given for it."""
    words: dict[tuple[int, int], set[str]] = defaultdict(set)
    sources: dict[tuple[int, int], set[int]] = defaultdict(set)
    texts: dict[tuple[int, int], str] = {}
    events: dict[tuple[int, int], str] = {}
    for member in fact.members:
        for clause in dated_clauses(member.text, member.source):
            day = (clause.month, clause.day)
            words[day] |= set(content_words(clause.text)) - _DATE_WORDS
            sources[day].add(member.source)
            texts.setdefault(day, member.text)
            events.setdefault(day, clause.text)
    days = sorted(words)
    event = {day: day for day in days}  # union-find over days that describe one event

    def root(day: tuple[int, int]) -> tuple[int, int]:
        while event[day] != day:
            day = event[day]
        return day

    for i, first in enumerate(days):
        for second in days[i + 1 :]:
            shared = words[first] & words[second]
            alike = len(shared) >= 0.5 * min(len(words[first]), len(words[second]))
            # a source that gives both days is telling two events apart
            if alike and not sources[first] & sources[second]:
                event[root(second)] = root(first)
    conflicts = []
    for head in sorted({root(day) for day in days}):
        members = [day for day in days if root(day) == head]
        if len(members) < 2:
            continue
        values = {label(None, *day): (texts[day], sources[day]) for day in members}
        # the event as the best-supported version describes it
        topic = events[max(members, key=lambda day: len(sources[day]))]
        conflicts.append(Conflict("date", _shorten(topic), _versions(values)))
    return conflicts


def _shorten(text: str, words: int = 12) -> str:
    kept = text.split()
    return " ".join(kept[:words]) + ("…" if len(kept) > words else "")


_DATE_WORDS = frozenset(month.lower() for month in MONTHS)


@cache
def _role_pattern() -> re.Pattern:
    titles = "|".join(
        re.escape(t) for t in sorted(lexicon()["titles"], key=len, reverse=True) if t[0].isupper()
    )
    return re.compile(
        rf"\b(?P<role>(?:(?:{titles})\s+)+)(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}})"
    )


def _same_person(first: str, second: str, variants: dict[str, str]) -> bool:
    first, second = variants.get(first, first), variants.get(second, second)
    a, b = first.split(), second.split()
    return a[-1] == b[-1] or set(a) <= set(b) or set(b) <= set(a) or fuzz.ratio(first, second) >= 85


def name_conflicts(fact: Fact, variants: dict[str, str]) -> list[Conflict]:
    """Sources naming different people in the same role."""
    by_role: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for member in fact.members:
        for match in _role_pattern().finditer(member.text):
            name = re.sub(r"[’']s$", "", match["name"])
            by_role[" ".join(match["role"].split())].append((name, member.source, member.text))
    conflicts = []
    for role, named in by_role.items():
        values: dict[str, tuple[str, set[int]]] = {}
        for name, source, text in named:
            key = next((k for k in values if _same_person(k, name, variants)), name)
            values.setdefault(key, (text, set()))[1].add(source)
        if _disagree(values):
            conflicts.append(Conflict("name", role, _versions(values)))
    return conflicts


def find_conflicts(facts: Sequence[Fact], variants: dict[str, str]) -> tuple[Conflict, ...]:
    """Every disagreement inside the facts that more than one source states."""
    conflicts = []
    for fact in facts:
        if len(fact.sources) > 1:
            conflicts += (
                number_conflicts(fact) + date_conflicts(fact) + name_conflicts(fact, variants)
            )
    return tuple(conflicts)
