"""The one interface every summary engine implements, and the summary it produces."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Replacement:
    """A generated sentence the faithfulness guard replaced, and why."""

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

    def edited(self, text: str) -> Summary:
        """The summary as a reader rewrote it."""
        return replace(self, text=text, human_edited=True)


class Summarizer(ABC):
    """Turns one repaired article into a short summary, streaming it as it is written."""

    engine: str = ""
    model: str = ""
    prompt_version: str = ""

    @abstractmethod
    def stream(self, title: str, text: str) -> Iterator[str]:
        """Yield the summary of `text` piece by piece, as it is written."""

    def summarize(self, title: str, text: str) -> Summary:
        """The whole summary at once."""
        written = "".join(self.stream(title, text)).strip()
        return Summary(
            text=written, engine=self.engine, model=self.model, prompt_version=self.prompt_version
        )

    @property
    def label(self) -> str:
        """How the export names this engine: `engine` or `engine (model)`."""
        return f"{self.engine} ({self.model})" if self.model else self.engine
