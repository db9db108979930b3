"""Source-language words left untranslated, decided in context.

- Function words between two names (`U.S Y Russia`: Spanish y = and), from data/leftovers.json,
  only between two capitalised names of which one is a known place or organisation.
- Whole sentences MT left in the source language (a German paragraph in an English page): a
  sentence most of whose words wordfreq finds far more often in one source language than in
  English. It is removed, and the edit keeps it for the reader.
- Runs of two or more such words inside English (`Ultima Ora`) are flagged; as a trailing section
  name after a headline (`…, – Ultima Ora`) they go.
- Month names of the source language next to a day or a year (`20 Dic.`, `31 Mei`), honorifics
  before a name (`Shri`, `Herr`), Italian ages (`17enne`).
- A lowercase word that no English word list has and a source language does, or none does
  (`macronie`, `chaupal`), is flagged: a word left untranslated, or a misspelling.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import is_ordinary, known_names, phrase_pattern, table, zipf, zipf_in

RULE = "leftover.conjunction"
_TOKEN = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?]+[\"”’)]?(?=\s+[\"“(]?[A-ZÀ-Þ0-9])|$)", re.M)
_LOWER_WORD = re.compile(r"(?<![\w’'@/.-])[a-zß-ÿ]{4,}(?![\w’'@/-])")
_SOURCE_VOTE = 1.5  # a word votes for a language this many Zipf points above its English frequency


@cache
def _pattern() -> re.Pattern:
    words = "|".join(
        sorted(map(re.escape, table("leftovers")["conjunctions"]), key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w.])([A-Z][\w.’'-]*)[ ]+((?i:{words}))[ ]+(?=([A-Z][\w’'-]*))")


def conjunctions(text: str) -> list[Change]:
    entries = table("leftovers")["conjunctions"]
    changes = []
    for match in _pattern().finditer(text):
        left, word, right = match.group(1), match.group(2), match.group(3)
        if left.rstrip(".") not in known_names() and right not in known_names():
            continue
        entry = entries[word.lower()]
        languages = " or ".join(entry["languages"])
        changes.append(
            Change(
                match.start(2),
                match.end(2),
                entry["english"],
                RULE,
                f"'{word}' is {languages} for '{entry['english']}', left untranslated",
                0.85,
            )
        )
    return changes


@lru_cache(maxsize=200_000)
def source_languages(
    word: str, floor: float = 3.0, margin: float = _SOURCE_VOTE
) -> tuple[str, ...]:
    """The source languages in which `word` is far more frequent than in English, most frequent
    first: at least `floor` on the Zipf scale there, and `margin` above its English frequency."""
    lower = word.lower()
    english = zipf(lower)
    found = []
    for code in table("leftovers")["source_languages"]:
        frequency = zipf_in(lower, code)
        if frequency >= floor and frequency >= english + margin:
            found.append((frequency, code))
    return tuple(code for _, code in sorted(found, reverse=True))


def _known(word: str) -> bool:
    """Whether some word list has `word` at all: names no list has vote for no one."""
    return zipf(word.lower()) > 0 or bool(source_languages(word, 1.5))


def _may_be_foreign(words: list[str]) -> bool:
    """The cheap test first: an English sentence has few rare words."""
    return len(words) >= 4 and sum(not is_ordinary(word.lower()) for word in words) >= 0.3 * len(
        words
    )


def _language_of(words: list[str]) -> str | None:
    """The source language of a sentence, when most of its known words are that language's."""
    if not _may_be_foreign(words):
        return None
    votes: dict[str, int] = {}
    lowercase_votes: dict[str, int] = {}  # names vote too, but a sentence is more than names
    known = english = 0
    for word in words:
        known += _known(word)
        english += word.islower() and is_ordinary(word) and not source_languages(word, 1.5, 0.0)
        # a word English does not have at all needs less to vote (`Gemeinschaftswährung`)
        for code in source_languages(word, 1.5 if zipf(word.lower()) == 0 else 3.0):
            votes[code] = votes.get(code, 0) + 1
            if word.islower():
                lowercase_votes[code] = lowercase_votes.get(code, 0) + 1
    if not votes:
        return None
    code = max(votes, key=votes.__getitem__)
    enough = votes[code] >= 3 and lowercase_votes.get(code, 0) >= 1 and english == 0
    return code if enough and votes[code] >= 0.5 * known else None


def _language_name(code: str) -> str:
    return table("leftovers")["source_languages"][code]


@cache
def _names() -> re.Pattern:
    return re.compile(r"(?<![\w-])" + phrase_pattern(sorted(known_names())) + r"(?![\w-])")


def sentences(text: str) -> list[Change]:
    """Untranslated sentences to remove; a line they fill goes whole."""
    changes: list[Change] = []
    for line in re.finditer(r"[^\n]+", text):
        found = []
        for sentence in _SENTENCE.finditer(text, line.start(), line.end()):
            words = _TOKEN.findall(sentence.group())
            if _may_be_foreign(words):
                # the tables' names are English pages' names (`Agence France-Presse`): no votes
                words = _TOKEN.findall(_names().sub(" ", sentence.group()))
            code = _language_of(words)
            if code is not None:
                found.append((sentence, code))
        if not found:
            continue
        whole = " ".join(s.group() for s, _ in found).split() == line.group().split()
        if whole:  # the line goes with its line break, as debris does
            end = line.end()
            while end < len(text) and text[end] == "\n":
                end += 1
            start = line.start()
            if end == len(text):  # the last line takes the line breaks before it instead
                start = max(len(text[:start].rstrip("\n")), changes[-1].end if changes else 0)
            changes.append(_sentence_change(start, end, found[0][1]))
            continue
        for sentence, code in found:
            end = sentence.end()
            while end < line.end() and text[end] in " \t":
                end += 1
            start = sentence.start() + len(sentence.group()) - len(sentence.group().lstrip())
            if end == line.end():  # the last sentence takes the space before it
                while start > line.start() and text[start - 1] in " \t":
                    start -= 1
            changes.append(_sentence_change(start, end, code))
    return changes


def _sentence_change(start: int, end: int, code: str) -> Change:
    language = _language_name(code)
    return Change(
        start,
        end,
        "",
        "leftover.sentence",
        f"a sentence left in {language}, untranslated (removed; the edit keeps it)",
        0.7,
    )


_TRAILING_RUN = re.compile(r"[ \t]*,?[ \t]*[–—|-][ \t]*$")


@lru_cache(maxsize=200_000)
def _rare_codes(word: str) -> frozenset[str]:
    """The source languages of a word rare in English (empty for a common English word)."""
    return frozenset(source_languages(word)) if zipf(word.lower()) < 3.5 else frozenset()


def word_runs(text: str) -> tuple[list[Change], list[tuple[int, int, str]]]:
    """Runs of two or more source-language words inside English text."""
    changes: list[Change] = []
    flags: list[tuple[int, int, str]] = []
    run: list[re.Match] = []
    run_codes: frozenset[str] = frozenset()

    def close() -> None:
        # a name of the tables (`Agence France-Presse`, which the organisations pass writes) is
        # the English page's name for it, not a source-language leftover
        if len(run) >= 2 and text[run[0].start() : run[-1].end()] not in known_names():
            start, end = run[0].start(), run[-1].end()
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
            lead = _TRAILING_RUN.search(text, text.rfind("\n", 0, start) + 1, start)
            language = " or ".join(sorted(map(_language_name, run_codes)))
            if lead and not text[end:line_end].strip():
                changes.append(
                    Change(
                        lead.start(),
                        line_end,
                        "",
                        "leftover.title_suffix",
                        f"a site or section name in {language} after the headline",
                        0.8,
                    )
                )
            elif len(run) >= 3 and any(word.group().islower() for word in run):
                # two words are as often a quoted phrase (`toute connaissance`); capitals, names
                flags.append((start, end, f"words left in {language}, untranslated"))

    previous_end = -1
    for match in _TOKEN.finditer(text):
        codes = _rare_codes(match.group())
        if not codes and not run:
            continue  # the common case: an English word, no run open
        adjacent = not text[previous_end : match.start()].strip()
        shared = codes & run_codes if run and adjacent else frozenset()
        if shared:
            run.append(match)
            run_codes = shared
        else:
            close()
            run, run_codes = ([match], codes) if codes else ([], frozenset())
        previous_end = match.end()
    close()
    return changes, flags


# A word after a day number (`20 Dic.`) or before a day or a year (`Mei 31`): the regex starts
# at a digit or a word's edge, so the month table is a dictionary lookup, not an alternation.
_AFTER_DAY = re.compile(r"(?<![\w.])\d{1,2}\.?[ \t]([^\W\d_]{3,10}\.?)(?![\w])")
_BEFORE_NUMBER = re.compile(r"[ \t](?=\d{1,2}\b|(?:19|20)\d\d\b)")
_WORD_BEFORE = re.compile(r"(?<![\w.])([^\W\d_]{3,10}\.?)$")


def months(text: str) -> list[Change]:
    months_ = table("calendar")["source_months"]
    changes = []
    found = {m.start(1): m for m in _AFTER_DAY.finditer(text)}
    for space in _BEFORE_NUMBER.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, space.start() - 12), space.start())
        if word:
            found[word.start(1)] = word
    for _, match in sorted(found.items()):
        group = 1
        word = match.group(group)
        key = word.lower() if word.lower() in months_ else word.lower().rstrip(".")
        english = months_.get(key)
        if english is None or zipf(word.lower().rstrip(".")) >= 4.0:
            continue  # `mars`, `mart`: English words too
        if word.endswith(".") and not english.endswith("."):
            english += "."  # the full stop ends an abbreviation or the sentence: keep it
        changes.append(
            Change(
                match.start(group),
                match.end(group),
                english,
                "leftover.month",
                f"'{word}' is a month name of the source language",
                0.9,
            )
        )
    return changes


@cache
def _title_pattern() -> re.Pattern:
    titles = "|".join(sorted(map(re.escape, table("leftovers")["titles"]), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({titles})[ \t]+(?=[A-Z][a-z])")


def titles(text: str) -> list[Change]:
    entries = table("leftovers")["titles"]
    changes = []
    for match in _title_pattern().finditer(text):
        entry = entries[match.group(1)]
        before = text[max(0, match.start() - 40) : match.start()].rstrip()
        after_office = before[-1:].isalpha() and re.search(r"[A-Z]\w*$", before) is not None
        if not after_office and not entry["english"]:
            continue  # `Shri` on its own is South Asian English too
        english = "" if after_office else entry["english"] + " "
        languages = " or ".join(entry["languages"])
        changes.append(
            Change(
                match.start(),
                match.end(),
                english,
                "leftover.title",
                f"'{match.group(1)}' is a {languages} honorific, left untranslated",
                0.85,
            )
        )
    return changes


@cache
def _age_pattern() -> re.Pattern:
    suffixes = "|".join(map(re.escape, table("leftovers")["age_suffixes"]))
    return re.compile(rf"\b(\d{{1,3}})({suffixes})\b")


def ages(text: str) -> list[Change]:
    entries = table("leftovers")["age_suffixes"]
    changes = []
    for match in _age_pattern().finditer(text):
        entry = entries[match.group(2)]
        changes.append(
            Change(
                match.start(),
                match.end(),
                match.group(1) + entry["english"],
                "leftover.age",
                f"'{match.group()}' is {entry['languages'][0]} for a {match.group(1)}-year-old",
                0.9,
            )
        )
    return changes


_NAME = re.compile(r"(?<![\w’'-])[A-ZÀ-Þ][a-zß-ÿ]{3,}(?![\w’'-])")
_ABBREVIATION = re.compile(r"(?<![\w.-])[A-Z]{3,6}(?![\w-])")


def page_languages(text: str) -> set[str]:
    """Source languages the page's own names point to: three or more distinct capitalised words
    far more frequent in that language than in English (`Griesenbruchstrasse`, `Matignon`)."""
    names: dict[str, set[str]] = {}
    for match in _NAME.finditer(text):
        for code in source_languages(match.group()):
            names.setdefault(code, set()).add(match.group())
    return {code for code, found in names.items() if len(found) >= 3}


def unknown_words(text: str) -> tuple[list[Change], list[tuple[int, int, str]]]:
    """Words English does not have: a source-language ending left on an English plural
    (`attendantsi`, an Italian plural) goes; a word of the page's source language (`macronie` on a
    page whose names are French) and an unexplained source-language abbreviation (`DPRD`) are
    flagged. A foreign word alone is no evidence: English quotes them too."""
    changes, flags = [], []
    languages: set[str] | None = None
    for match in _LOWER_WORD.finditer(text):
        word = match.group()
        if match.end() == len(text) or zipf(word) >= 1.5:
            continue
        stem = word[:-1]
        plural = stem.endswith("s") and word[-1] in "io"  # English plural, source ending
        if zipf(word) == 0 and plural and len(stem) >= 5 and is_ordinary(stem):
            changes.append(
                Change(
                    match.end() - 1,
                    match.end(),
                    "",
                    "leftover.ending",
                    f"'{word}': the English word '{stem}' with a source-language ending",
                    0.8,
                )
            )
            continue
        languages = page_languages(text) if languages is None else languages
        codes = [code for code in source_languages(word, 2.0, 1.0) if code in languages]
        if codes:
            language = _language_name(codes[0])
            flags.append(
                (match.start(), match.end(), f"'{word}' is a {language} word, untranslated")
            )
    for match in _ABBREVIATION.finditer(text):
        if zipf(match.group().lower()) >= 2.0:
            continue  # `QUE`, `VAR`: words of a language too, or English abbreviations
        codes = source_languages(match.group(), 4.0, 2.5)
        if codes:
            language = _language_name(codes[0])
            reason = f"'{match.group()}' is a {language} abbreviation: say what it stands for"
            flags.append((match.start(), match.end(), reason))
    return changes, flags


def replace_leftovers(ledger: EditLedger) -> None:
    """Replace and remove what the rules fix; flags are placed first, in the text as it is when
    they are found (a flag keeps raw offsets, so later edits leave it where it belongs)."""
    ledger.apply(conjunctions(ledger.current))
    ledger.apply(sentences(ledger.current))
    suffixes, runs = word_runs(ledger.current)
    for start, end, reason in runs:
        ledger.flag(start, end, "leftover.words", reason)
    ledger.apply(suffixes)
    text = ledger.current
    endings, unknown = unknown_words(text)
    for start, end, reason in unknown:
        ledger.flag(start, end, "leftover.words", reason)
    ledger.apply(months(text) + titles(text) + ages(text) + endings)
