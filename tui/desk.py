"""The review desk's state: each article's repair, summary and review cursor, with no widgets.

The desk turns the reader's actions into library calls (`ReviewStore.decide`, `Summary.edited`) and
knows which summaries are out of date; the screen renders it and runs the workers it asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarize.articles import Article
from summarize.engines.base import Summarizer
from summarize.repair import Repaired
from summarize.repair.edits import Edit, Flag
from summarize.review import ReviewStore
from summarize.summary import Summary
from tui.highlight import review_items


@dataclass
class ArticleState:
    article: Article
    repaired: Repaired | None = None
    summary: Summary | None = None  # the engine's summary of `summary_source`
    summary_source: str | None = None
    draft: str = ""  # the summary as streamed so far
    writing: bool = False
    edited: str | None = None  # the reader's summary, which wins over the engine's
    cursor: int = -1  # index into `items`; -1 before the first

    @property
    def items(self) -> list[Edit | Flag]:
        return review_items(self.repaired) if self.repaired else []

    @property
    def current_item(self) -> Edit | Flag | None:
        items = self.items
        return items[self.cursor] if 0 <= self.cursor < len(items) else None

    @property
    def summary_current(self) -> bool:
        """The engine's summary was written from the repaired text as it now stands."""
        return self.repaired is not None and self.summary_source == self.repaired.text

    @property
    def summary_text(self) -> str:
        if self.edited is not None:
            return self.edited
        if self.summary_current and self.summary is not None:
            return self.summary.text
        return self.draft

    @property
    def summary_state(self) -> str:
        if self.edited is not None:
            return "edited"
        if self.writing:
            return "writing"
        if self.summary_current:
            return "ready"
        return "waiting"


class Desk:
    """Every article's state, in input order until the articles are split into stories, then
    story by story (the largest first), and the store that keeps the reader's decisions."""

    def __init__(self, articles: list[Article], store: ReviewStore) -> None:
        self.store = store
        self.states = [ArticleState(article) for article in articles]
        self.by_id = {state.article.id: state for state in self.states}
        for state in self.states:
            state.edited = store.decisions(state.article.id).summary
        self.version = 0  # bumped whenever what the brief is built from changes
        self.stories: list[tuple[str, list[str]]] = []  # (title, article ids), the largest first

    def set_stories(self, stories: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Group the articles by story: (title, article ids) each, every article in one."""
        order = [self.by_id[article_id] for _, ids in stories for article_id in ids]
        if sorted(id(state) for state in order) == sorted(id(state) for state in self.states):
            self.stories = [(title, list(ids)) for title, ids in stories]
            self.states = order

    def story_of(self, article_id: str) -> int:
        """The number (from 1) of the story `article_id` is in; 1 before the split."""
        for number, (_, ids) in enumerate(self.stories, start=1):
            if article_id in ids:
                return number
        return 1

    def set_repaired(self, repaired: list[Repaired]) -> None:
        for item in repaired:
            self.by_id[item.article.id].repaired = item
        self.version += 1

    @property
    def repaired_ready(self) -> bool:
        return all(state.repaired is not None for state in self.states)

    def decide(self, article_id: str, keys: set[str], *, accept: bool) -> None:
        state = self.by_id[article_id]
        assert state.repaired is not None
        state.repaired = self.store.decide(state.repaired, keys, accept=accept)
        self.version += 1

    def decide_rule(self, rule: str, *, accept: bool) -> tuple[int, int]:
        """Accept or reject every edit made by `rule`, in every article: (edits, articles)."""
        edits = articles = 0
        for state in self.states:
            if state.repaired is None:
                continue
            keys = {edit.key for edit in state.repaired.edits if edit.rule == rule}
            if keys:
                self.decide(state.article.id, keys, accept=accept)
                edits += len(keys)
                articles += 1
        return edits, articles

    def edit_summary(self, article_id: str, text: str | None) -> None:
        """The reader's summary (None discards it and the engine's summary stands again)."""
        state = self.by_id[article_id]
        if state.edited != text:
            state.edited = text
            self.store.edit_summary(article_id, text)
            self.version += 1

    def summary_jobs(self, first: str | None = None) -> list[tuple[str, str, str]]:
        """(article id, title, repaired text) of each summary to write, `first` first."""
        jobs = [
            (state.article.id, state.repaired.title, state.repaired.text)
            for state in self.states
            if state.repaired is not None and not state.summary_current and state.edited is None
        ]
        return sorted(jobs, key=lambda job: job[0] != first)

    def summaries_done(self) -> int:
        return sum(1 for state in self.states if state.summary_state in ("ready", "edited"))

    def final_summaries(self, summarizer: Summarizer) -> list[Summary] | None:
        """The summaries an export uses (the reader's where edited), or None while some are due."""
        summaries = []
        for state in self.states:
            if state.edited is not None:
                base = state.summary or summarizer.unwritten()
                summaries.append(base.edited(state.edited))
            elif state.summary_current and state.summary is not None:
                summaries.append(state.summary)
            else:
                return None
        return summaries

    def repaired(self) -> list[Repaired]:
        return [state.repaired for state in self.states if state.repaired is not None]
