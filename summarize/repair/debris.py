"""Page debris: navigation, share lines, related-link bullets, captions, credits, image names.

Debris is found line by line and removed whole, with the blank lines that follow it, so the
paragraph structure of what remains is untouched.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from summarize.repair.edits import Change, EditLedger

RULE = "debris"
_DATA = Path(__file__).parent / "data" / "debris.json"
_WORD = re.compile(r"[\w’'-]+")
_PUNCTUATION_ONLY = re.compile(r"[\W_]+")


@cache
def _table() -> dict:
    table = json.loads(_DATA.read_text(encoding="utf-8"))
    table["whole_lines"] = frozenset(table["whole_lines"])
    for key in ("line_prefixes", "credit_prefixes", "image_extensions"):
        table[key] = tuple(table[key])  # str.startswith/endswith take a tuple: one call per line
    table["bullet_chars"] = "".join(table["bullets"])
    return table


def _bare(line: str) -> str:
    """The line without bullets and edge spaces, lowercased."""
    return line.strip().lstrip(_table()["bullet_chars"]).strip().lower()


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def classify_line(line: str, lines: list[str], index: int) -> str | None:
    """Why `lines[index]` is debris, or None when it is article text."""
    table = _table()
    bare = _bare(line)
    if not bare:
        return None
    if bare.rstrip(":") in table["whole_lines"] or bare in table["whole_lines"]:
        return "navigation or share line"
    if _PUNCTUATION_ONLY.fullmatch(bare):
        return "stray punctuation line"
    if bare.startswith(table["line_prefixes"]):
        return "link to another article"
    if bare.startswith(table["credit_prefixes"]) and len(_words(bare)) <= 12:
        return "photo credit"
    if bare.endswith(table["image_extensions"]) and len(_words(bare)) <= 8:
        return "image file name"
    if _is_bulleted_headline(line):
        return "related-article link"
    if _is_breadcrumb_headline(line, lines, index):
        return "breadcrumb before a repeated headline"
    return None


def _is_bulleted_headline(line: str) -> bool:
    """A bullet item that reads as a headline (no closing full stop): a related-article link."""
    stripped = line.strip()
    if not stripped or stripped[0] not in "•▪►▶·":
        return False
    return not stripped.endswith((".", "!", "?", "…")) and len(_words(stripped)) <= 20


def _is_breadcrumb_headline(line: str, lines: list[str], index: int) -> bool:
    """`Home LATEST NEWS <headline>` where the headline itself follows within a few lines."""
    stripped = line.strip()
    breadcrumbs = _table()["breadcrumb_words"]
    first = _WORD.match(stripped)
    if first is None or first.group().lower() not in breadcrumbs:
        return False  # a breadcrumb trail starts with one of its words
    for other in lines[index + 1 : index + 6]:
        headline = other.strip()
        if len(headline) < 12 or headline == stripped or not stripped.endswith(headline):
            continue
        prefix = stripped[: -len(headline)].strip().lower()
        words = _words(prefix)
        if words and all(word in breadcrumbs for word in words):
            return True
    return False


def _caption_lines(lines: list[str], credit_index: int) -> list[int]:
    """The caption above a photo credit: the line right above, and a short alt-text line above it."""
    found: list[int] = []
    index = credit_index - 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    if index < 0:
        return found
    found.append(index)
    above = index - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and len(_words(lines[above])) <= 5 and lines[above].strip().endswith("."):
        found.append(above)
    return found


def find_debris(text: str) -> dict[int, str]:
    """Line index -> reason, for every debris line of `text` (split on newlines)."""
    lines = text.split("\n")
    found: dict[int, str] = {}
    for index, line in enumerate(lines):
        reason = classify_line(line, lines, index)
        if reason is None:
            continue
        found[index] = reason
        if reason == "photo credit":
            for caption in _caption_lines(lines, index):
                found.setdefault(caption, "photo caption")
    return found


def remove_debris(ledger: EditLedger) -> None:
    """Delete debris lines, each with its line break and the blank lines after it."""
    text = ledger.current
    found = find_debris(text)
    if not found:
        return
    lines = text.split("\n")
    starts = []
    position = 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    content = [i for i, line in enumerate(lines) if line.strip() and i not in found]
    if not content:
        return  # a text that is all debris is more likely one we misread: leave it whole
    last_content = content[-1] if content else None
    trailing = [i for i in found if last_content is not None and i > last_content]
    removals = []
    for index in sorted(found):
        start = starts[index]
        following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        end = starts[following] if following is not None else len(text)
        if trailing and index == min(trailing):
            # the first trailing debris line also takes the line breaks before it
            start = starts[last_content] + len(lines[last_content])
        removals.append((start, end, found[index]))
    ledger.apply(
        Change(start, end, "", RULE, f"page debris: {reason}", confidence=0.9)
        for start, end, reason in removals
    )
