"""A summary of one article and what the faithfulness guard replaced in it.

These types sit below the engines, the guard, the cache and the exports, which all read them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Replacement:
    """A generated sentence the faithfulness guard replaced, and why.

    `reason` starts with `regenerated:` (the model's second attempt passed), `replaced:` (an
    article sentence stands in) or `dropped:` (nothing fit); `replacement` is "" when dropped.
    """

    original: str
    replacement: str
    reason: str


@dataclass(frozen=True)
class Summary:
    """The summary of one article, with where it came from."""

    text: str
    engine: str
    model: str = ""
    prompt_version: str = ""
    replaced: tuple[Replacement, ...] = ()
    human_edited: bool = False
    loaded: tuple[str, ...] = ()  # loaded words the summary keeps because the article uses them
    problem: str = ""  # why there is no summary (a resource limit), shown where it would be

    def edited(self, text: str) -> Summary:
        """The summary as a reader rewrote it."""
        return replace(self, text=text, human_edited=True, problem="")
