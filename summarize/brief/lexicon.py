"""The brief's word lists, loaded once from summarize/data/brief.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "brief.json"


@cache
def lexicon() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def unit_of() -> dict[str, str]:
    """Each unit word (lowercase) mapped to its canonical unit."""
    return {word: unit for unit, words in lexicon()["units"].items() for word in words}
