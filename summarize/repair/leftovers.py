"""Source-language words left untranslated: `U.S Y Russia` (Spanish y = and).

Only function words from the table in data/leftovers.json are replaced, and only between two
capitalised names of which at least one is a known place or organisation, where the English
reading of the word makes no sense.
"""

from __future__ import annotations

import re
from functools import cache

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import known_names, table

RULE = "leftover.conjunction"


@cache
def _pattern() -> re.Pattern:
    words = "|".join(
        sorted(map(re.escape, table("leftovers")["conjunctions"]), key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w.])([A-Z][\w.’'-]*)[ ]+((?i:{words}))[ ]+(?=([A-Z][\w’'-]*))")


def replace_leftovers(ledger: EditLedger) -> None:
    text = ledger.current
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
    ledger.apply(changes)
