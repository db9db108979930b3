"""Literal translations of organisation names: `France Media Agency` is Agence France-Presse.

The table (data/organisations.json) maps each well-known organisation to the literal renderings
machine translation makes of its name from other languages. Rule ids start with `names` so the
brief counts the literal rendering as a variant of the organisation's name.
"""

from __future__ import annotations

import re
from functools import cache

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import table

RULE = "names.organisation"


@cache
def _patterns() -> tuple[re.Pattern, dict[str, dict]]:
    """One regex over every literal rendering (acronyms case-sensitive), and literal -> entry."""
    by_literal: dict[str, dict] = {}
    for entry in table("organisations")["organisations"]:
        for literal in entry["literal"]:
            by_literal[literal.lower()] = entry
    alternatives = []
    for literal in sorted(by_literal, key=len, reverse=True):
        original = next(x for x in by_literal[literal]["literal"] if x.lower() == literal)
        escaped = r"\s+".join(map(re.escape, original.split()))
        alternatives.append(escaped if original.isupper() else f"(?i:{escaped})")
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
    return pattern, by_literal


def restore_organisation_names(ledger: EditLedger) -> None:
    pattern, by_literal = _patterns()
    changes = []
    for match in pattern.finditer(ledger.current):
        entry = by_literal[" ".join(match.group().split()).lower()]
        if match.group() == entry["name"]:
            continue
        changes.append(
            Change(
                match.start(),
                match.end(),
                entry["name"],
                RULE,
                f"literal translation of the name of {entry['name']} ({entry['short']})",
                0.9,
            )
        )
    ledger.apply(changes)
