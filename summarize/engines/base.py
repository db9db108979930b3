"""The one interface every summary engine implements; its `Summary` is in `summarize.summary`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence

from summarize.summary import Summary


class Summarizer(ABC):
    """Turns one repaired article into a short summary, streaming it as it is written."""

    engine: str = ""
    model: str = ""
    prompt_version: str = ""
    # whether `load` runs in native code that releases the GIL, so that it can go on beside the
    # repair at no cost to it (`pipeline.loading_beside`)
    loads_beside: bool = False

    def load(self) -> None:
        """Load the model now; an engine loads it on first use otherwise (one with none: no-op)."""
        return None

    @abstractmethod
    def stream(self, title: str, text: str) -> Iterator[str]:
        """Yield the summary of `text` piece by piece, as it is written."""

    def finish(self, title: str, text: str, written: str) -> Summary:
        """The summary from what `stream` wrote (model engines check it against the article here)."""
        return Summary(
            text=written.strip(),
            engine=self.engine,
            model=self.model,
            prompt_version=self.prompt_version,
        )

    def unwritten(self, problem: str = "") -> Summary:
        """An empty summary from this engine: none was written (`problem` says why, if known)."""
        return Summary(
            text="",
            engine=self.engine,
            model=self.model,
            prompt_version=self.prompt_version,
            problem=problem,
        )

    def summarize(self, title: str, text: str) -> Summary:
        """The whole summary at once."""
        return self.finish(title, text, "".join(self.stream(title, text)))

    def summarize_many(
        self, articles: Sequence[tuple[str, str]], done: Callable[[int], None] | None = None
    ) -> list[Summary]:
        """Summaries of (title, text) pairs in order; `done(n)` after each. Engines may batch."""
        summaries = []
        for title, text in articles:
            summaries.append(self.summarize(title, text))
            if done:
                done(len(summaries))
        return summaries

    @property
    def label(self) -> str:
        """How the export names this engine: `engine` or `engine (model)`."""
        return f"{self.engine} ({self.model})" if self.model else self.engine
