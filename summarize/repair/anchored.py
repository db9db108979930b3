"""Patterns that open with a zero-width test (`\\b`, a lookbehind, a line start), scanned fast.

Python's `re` skips ahead to a pattern's first literal (or small set of first characters) only
when the pattern opens with it; a pattern that opens with `\\b` or a lookbehind is tried at every
position of the text instead, 10-30 times slower on a long article. An `AnchoredPattern` keeps the
test apart from the rest (`body`): the body, which opens with its literal, finds the candidates,
and the whole pattern is matched at each of them. The matches are exactly the whole pattern's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class AnchoredPattern:
    """`re.compile(anchor + body, flags)`, searched through its `body`. The anchor must be
    zero-width and hold no group (group numbers stay the body's), and the body must never match
    the empty string. Worth it only for a body that opens with a literal or a few: a body that
    opens with a character class (`[A-Z]`) finds too many candidates to gain."""

    def __init__(self, anchor: str, body: str, flags: int = 0) -> None:
        if re.compile(anchor).groups:
            raise ValueError(f"anchor {anchor!r} holds a group")
        self.whole = re.compile(anchor + body, flags)
        self._body = re.compile(body, flags)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """The whole pattern's matches in `text[pos:endpos]`, as `re.Pattern.finditer` gives."""
        end = len(text) if endpos is None else endpos
        while (candidate := self._body.search(text, pos, end)) is not None:
            # the whole pattern matches here only if the body does: `match` checks the anchor
            # with the text before `pos` in view, as a search from the start would
            match = self.whole.match(text, candidate.start(), end)
            if match is None:
                pos = candidate.start() + 1
                continue
            yield match
            pos = match.end()
