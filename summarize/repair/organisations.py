"""Literal translations of names: `France Media Agency` is Agence France-Presse.

The table (data/organisations.json) maps news agencies, newspapers, international organisations,
institutions, parties, events, clubs and places to the literal renderings machine translation makes
of their names from other languages, plus a few calques and metonyms of the same kind (`the
tenant of Bercy`, `relay star`). An entry may ask for context: it applies only in an article that
also names one of its context words (in a list with the literal, for a place whose literal is an
English word: `Lazio and Campaign`), or only before one of its `followed_by` words (`the yellow and red
team`). A club is written as the article itself spells it. Rule ids start with `names` so the brief
counts the literal rendering as a variant of the name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import is_ordinary, phrase_pattern, table

RULE = "names.organisation"
TITLE_RULE = "names.title"
INSTITUTION_RULE = "names.institution"
ARTICLE_RULE = "names.article"
CALQUE_RULE = "calque"  # not `names`: an office or a phrase is no variant of a name
_NOT_NAMES = frozenset({"metonym", "calque"})
_THE_BEFORE = re.compile(r"(?<![\w-])the\s+$", re.IGNORECASE)
_NEAR = 40  # characters around a place literal searched for the list it stands in
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*\n\s*)$")
# Literal place names are English words (Campaign): matched as written, never at a sentence start
_CASE_SENSITIVE_KINDS = frozenset({"place"})


def _reason(entry: dict, written: str) -> str:
    kind = entry.get("kind")
    if kind == "metonym":
        return (
            f"'{written}' names an office by its seat, as the source language's press does: "
            f"English says the {entry['name']}"
        )
    if kind == "calque":
        return f"'{written}' is translated word for word: English says '{entry['name']}'"
    if kind == "club":
        return (
            f"'{written}' names {entry['name']} by its colours or nickname, as the source "
            "language's press does"
        )
    return f"literal translation of the name of {entry['name']} ({entry['short']})"


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, dict[str, list[dict]]]:
    """A regex over the literals matched in any case, one over those matched as written, and
    literal (lowercased) -> its entries (a literal may belong to several: context decides)."""
    by_literal: dict[str, list[dict]] = {}
    any_case, as_written = [], []
    for entry in table("organisations")["organisations"]:
        for literal in entry["literal"]:
            by_literal.setdefault(literal.lower(), []).append(entry)
            if literal.isupper() or entry.get("kind") in _CASE_SENSITIVE_KINDS:
                as_written.append(literal)
            else:
                any_case.append(literal.lower())
    # names in any case run on the lowercased text (same length), much faster than re.IGNORECASE
    return (
        re.compile(r"(?<![\w-])" + phrase_pattern(any_case) + r"(?![\w-])"),
        re.compile(r"(?<![\w-])" + phrase_pattern(as_written) + r"(?![\w-])"),
        by_literal,
    )


@lru_cache(maxsize=256)
def _count_word(text: str, word: str) -> int:
    """How often `word` stands on its own in `text` (`Ahli` in `Al-Ahli` does not count); counted
    once per article, not once per mention of the club (a long article has thousands)."""
    return len(re.findall(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text))


def _applies(entry: dict, text: str, start: int, end: int) -> str | None:
    """The name to write for `entry` at text[start:end], or None where its context is missing."""
    context = entry.get("context")
    name = entry["name"]
    if context:
        if entry.get("near"):  # in a list with one of them: "Lazio and Campaign"
            before, after = text[max(0, start - _NEAR) : start], text[end : end + _NEAR]
            found = [
                word
                for word in context
                if re.search(rf"\b{re.escape(word)}(?:,\s*|\s+(?:and|or)\s+)$", before)
                or re.match(rf"(?:,\s*|\s+(?:and|or)\s+){re.escape(word)}\b", after)
            ]
        else:
            found = [word for word in context if _written(text, word) and word != text[start:end]]
        if not found:
            return None
        if entry.get("kind") == "club":  # the spelling this article uses (Al-Ahli, not Al-Ahly)
            name = max(found, key=lambda word: (_count_word(text, word), len(word)))
    followed_by = entry.get("followed_by")
    if followed_by:
        after = re.match(r"\s+([\w’'-]+)", text[end : end + 30])
        if after is None or after.group(1).lower() not in followed_by:
            return None
    if entry.get("kind") in _CASE_SENSITIVE_KINDS and _opens_sentence(text, start):
        return None
    return name


@lru_cache(maxsize=4096)
def _written(text: str, word: str) -> bool:
    """Whether `text` holds `word`: asked once per article and context word, not once per
    mention (a long article names its clubs thousands of times)."""
    return word in text


def _opens_sentence(text: str, start: int) -> bool:
    """Whether text[start:] opens the text, a sentence or a paragraph. Only what follows the
    last non-space before `start` can match, so only that is searched, not the text from 0."""
    space = start
    while space > 0 and text[space - 1].isspace():
        space -= 1
    return _SENTENCE_START.search(text, max(0, space - 1), start) is not None


@cache
def _calque_patterns() -> list[tuple[re.Pattern, dict]]:
    return [(re.compile(entry["pattern"]), entry) for entry in table("organisations")["patterns"]]


def _pattern_changes(text: str) -> list[Change]:
    """Calques that follow a pattern: an election headline (`Legislative 2022:`), a byline."""
    changes = []
    for pattern, entry in _calque_patterns():
        if not any(word in text for word in entry.get("needs", [""])):
            continue
        for match in pattern.finditer(text, 0, entry.get("within", len(text))):
            after = match.expand(entry["replacement"])
            changes.append(
                Change(match.start(), match.end(), after, CALQUE_RULE, entry["reason"], 0.8)
            )
    return changes


@cache
def _name_patterns() -> tuple[re.Pattern, re.Pattern]:
    data = table("organisations")

    def words(key: str) -> str:
        return "|".join(sorted(data[key], key=len, reverse=True))

    title = re.compile(
        rf"\b(?:{words('work_nouns')})\s+[“\"]([A-Z][\w’'-]*(?:\s+[\w’'-]+){{0,5}})[”\"]"
    )
    institution = re.compile(
        rf"(?<![.!?]\s)(?<=\s)the\s+([A-Z][a-z]+\s+(?:{words('institution_qualifiers')})\s+"
        rf"(?:{words('institution_heads')}))\b"
    )
    return title, institution


def flag_translated_names(ledger: EditLedger) -> None:
    """Names that read as translated word by word, with no table or article to say the real one:
    a work's title of plain English words (`the movie “Hawk Lake”`, French `Falcon Lake`), an
    institution's name in lowercase (`the Western scientific center`). Flagged, never fixed."""
    title, institution = _name_patterns()
    text = ledger.current
    for match in title.finditer(text):
        words = match.group(1).split()
        if any(not is_ordinary(word.lower().strip("’'")) for word in words):
            continue  # a title in the source language or a name: kept as the original
        ledger.flag(
            match.start(1),
            match.end(1),
            TITLE_RULE,
            f"the title '{match.group(1)}' in plain English words: on a translated page, likely "
            "the original title translated word for word; check the work's real title",
        )
    for match in institution.finditer(text):
        name = match.group(1)
        ledger.flag(
            match.start(1),
            match.end(1),
            INSTITUTION_RULE,
            f"'{name}': an institution's name with its words in lowercase, as a translation "
            "renders a name it does not know; check its real name",
            " ".join(word[:1].upper() + word[1:] for word in name.split()),
        )


def restore_organisation_names(ledger: EditLedger) -> None:
    any_case, as_written, by_literal = _patterns()
    text = ledger.current
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (İ) lowercase to two: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    changes = []
    spans = [m.span() for m in any_case.finditer(lowered)] + [
        m.span() for m in as_written.finditer(text)
    ]
    taken = 0
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < taken:
            continue  # inside a longer name already matched
        written = text[start:end]
        entries = by_literal[" ".join(written.split()).lower()]
        found = next(
            ((entry, name) for entry in entries if (name := _applies(entry, text, start, end))),
            None,
        )
        if found is None:
            continue
        taken = end
        entry, name = found
        if written == name:
            continue
        the = _THE_BEFORE.search(text, max(0, start - 8), start)
        if the and entry.get("article", True) is False:
            # its own edit, so the name's edit stays a clean variant -> canonical pair
            changes.append(
                Change(
                    the.start(),
                    start,
                    "",
                    ARTICLE_RULE,
                    f"{name} is a name that takes no 'the'",
                    0.8,
                )
            )
        rule = CALQUE_RULE if entry.get("kind") in _NOT_NAMES else RULE
        changes.append(Change(start, end, name, rule, _reason(entry, written), 0.9))
    ledger.apply(changes)
    ledger.apply(_pattern_changes(ledger.current))
    flag_translated_names(ledger)
