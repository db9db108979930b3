"""Literal translations of organisation names: `France Media Agency` is Agence France-Presse.

The table (data/organisations.json) maps each well-known organisation to the literal renderings
machine translation makes of its name from other languages. Rule ids start with `names` so the
brief counts the literal rendering as a variant of the organisation's name.
"""

from __future__ import annotations

import re
from functools import cache

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import phrase_pattern, table

RULE = "names.organisation"
ARTICLE_RULE = "names.article"
_THE_BEFORE = re.compile(r"(?<![\w-])the\s+$", re.IGNORECASE)


@cache
def _patterns() -> tuple[list[re.Pattern], dict[str, dict]]:
    """Regexes over every literal rendering (acronyms case-sensitive), and literal -> entry."""
    by_literal: dict[str, dict] = {}
    for entry in table("organisations")["organisations"]:
        for literal in entry["literal"]:
            by_literal[literal.lower()] = entry
    words, acronyms = [], []
    for entry in table("organisations")["organisations"]:
        for literal in entry["literal"]:
            (acronyms if literal.isupper() else words).append(literal)
    patterns = []
    # names match in any case: the word pattern runs on the lowercased text (same length), which
    # is much faster than a case-insensitive regex
    for literals in ([x.lower() for x in words], acronyms):
        patterns.append(re.compile(r"(?<![\w-])" + phrase_pattern(literals) + r"(?![\w-])"))
    return patterns, by_literal


def restore_organisation_names(ledger: EditLedger) -> None:
    (words, acronyms), by_literal = _patterns()
    text = ledger.current
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (İ) lowercase to two: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    changes = []
    spans = [m.span() for m in words.finditer(lowered)] + [
        m.span() for m in acronyms.finditer(text)
    ]
    taken = 0
    for start, end in sorted(spans):
        if start < taken:
            continue  # inside a longer name already matched
        taken = end
        written = text[start:end]
        entry = by_literal[" ".join(written.split()).lower()]
        if written == entry["name"]:
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
                    f"{entry['name']} is a name that takes no 'the'",
                    0.8,
                )
            )
        changes.append(
            Change(
                start,
                end,
                entry["name"],
                RULE,
                f"literal translation of the name of {entry['name']} ({entry['short']})",
                0.9,
            )
        )
    ledger.apply(changes)
